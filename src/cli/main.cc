// sfn: the OpenSFN command line. Subcommands: run, validate.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "asl/model/jsonata_bridge.h"
#include "cli/results_command.h"
#include "cli/run_command.h"

int main(int argc, char** argv) {
  CLI::App app{"OpenSFN: run AWS Step Functions state machines locally"};
  app.require_subcommand(1);

  sfn::cli::RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Run a state machine definition and print its output");
  run_cmd->add_option("definition", run.definition_path, "Definition file (ASL JSON)")->required();
  run_cmd->add_option("--input", run.input, "Execution input: JSON text or @FILE (default {})");
  run_cmd->add_option("--type", run.type, "STANDARD or EXPRESS")
      ->check(CLI::IsMember({"STANDARD", "EXPRESS"}));
  run_cmd->add_option("--name", run.name, "Execution name (default: a UUID)");
  run_cmd->add_option("--state-machine-name", run.state_machine_name,
                      "State machine name used in ARNs");
  run_cmd->add_flag("--history", run.history, "Print the execution history");
  run_cmd->add_flag("--json", run.json, "Print one DescribeExecution-like JSON object");
  run_cmd->add_option("--mock-config", run.mock_config, "Step Functions Local MockConfigFile");
  run_cmd->add_option("--test-case", run.test_case, "Test case of the mock config");
  run_cmd->add_option("--function", run.functions,
                      "Local function NAME=COMMAND (JSON Lines worker; repeatable)");
  run_cmd->add_option("--functions-file", run.functions_file,
                      "JSON file mapping names to commands");
  run_cmd->add_option("--s3-root", run.s3_root, "Local folder used as S3 (bucket = sub-folder)");
  run_cmd->add_flag("--no-limits", run.no_limits,
                    "Lift AWS quotas (256 KiB payloads, 25,000 history events)");
  run_cmd->add_option("--wait-time-scale", run.wait_time_scale,
                      "Multiply Wait/Retry delays (WAIT_TIME_SCALE; 0 = instant)");
  run_cmd->add_flag("--virtual-time", run.virtual_time,
                    "Jump the clock to the next timer when idle (instant waits, same ordering)");
  run_cmd->add_option("--time-budget", run.time_budget,
                      "Stop after this many seconds (wall clock)");
  run_cmd->add_option("--region", run.region, "Region used in ARNs");
  run_cmd->add_option("--account", run.account, "Account id used in ARNs");
  run_cmd->add_flag("--quiet", run.quiet, "No progress output");

  sfn::cli::ValidateCliOptions val;
  auto* val_cmd =
      app.add_subcommand("validate", "Validate a definition like ValidateStateMachineDefinition");
  val_cmd->add_option("definition", val.definition_path, "Definition file (ASL JSON)")->required();
  val_cmd->add_option("--type", val.type, "STANDARD or EXPRESS")
      ->check(CLI::IsMember({"STANDARD", "EXPRESS"}));
  val_cmd->add_flag("--json", val.json, "Print {\"result\", \"diagnostics\"} as JSON");

  sfn::cli::ResultsOptions res;
  auto* res_cmd = app.add_subcommand(
      "results", "Print a Distributed Map ResultWriter export as JSON lines (one record a line)");
  res_cmd->add_option("manifest", res.manifest, "s3://BUCKET/KEY or a local path of manifest.json")
      ->required();
  res_cmd->add_option("--s3-root", res.s3_root, "Local folder used as S3 for s3:// URIs");
  res_cmd->add_option("--status", res.status, "Only SUCCEEDED, FAILED or PENDING records")
      ->check(CLI::IsMember({"SUCCEEDED", "FAILED", "PENDING"}));
  res_cmd->add_flag("--output-only", res.output_only, "Print each record's parsed Output");

  std::string jsonata_expr, jsonata_input = "{}";
  auto* jsonata_cmd = app.add_subcommand(
      "jsonata", "Evaluate a JSONata expression the way a state would ($states.input = --input)");
  jsonata_cmd->add_option("expression", jsonata_expr, "Expression, with or without {% %}")
      ->required();
  jsonata_cmd->add_option("--input", jsonata_input, "State input: JSON text or @FILE");

  CLI11_PARSE(app, argc, argv);
  try {
    if (*run_cmd) return sfn::cli::RunCommand(run);
    if (*val_cmd) return sfn::cli::ValidateCommand(val);
    if (*res_cmd) return sfn::cli::ResultsCommand(res);
    if (*jsonata_cmd) return sfn::cli::JsonataCommand(jsonata_expr, jsonata_input);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sfn: internal error: %s\n", e.what());
    return 70;
  }
  return 2;
}
