#include "cli/run_command.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "asl/model/definition.h"
#include "asl/model/jsonata_bridge.h"
#include "cli/progress.h"
#include "distributed/maprun/distributed_map.h"
#include "engine/engine.h"
#include "engine/event_loop.h"
#include "integrations/integrations.h"
#include "s3/object_store.h"

namespace sfn::cli {
namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read '" + path + "': no such file or not readable");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void PrintJson(const json::Value& v) {
  std::string s = json::Serialize(v);
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fputc('\n', stdout);
}

asl::StateMachineType SmType(const std::string& t) {
  return t == "EXPRESS" ? asl::StateMachineType::kExpress : asl::StateMachineType::kStandard;
}

// Builds the Task invoker chain: mocks first, then local functions.
Result<std::unique_ptr<integrations::TaskInvoker>> MakeInvoker(const RunOptions& o) {
  std::vector<std::unique_ptr<integrations::TaskInvoker>> chain;
  if (!o.mock_config.empty()) {
    if (o.test_case.empty())
      return Status::InvalidArgument(
          "--mock-config needs --test-case NAME (the TestCases entry to use)");
    SFN_ASSIGN_OR_RETURN(auto mock, integrations::LoadMockInvoker(o.mock_config, o.test_case));
    chain.push_back(std::move(mock));
  }
  std::vector<integrations::FunctionSpec> specs;
  if (!o.functions_file.empty()) {
    SFN_ASSIGN_OR_RETURN(specs, integrations::LoadFunctionsFile(o.functions_file));
  }
  for (const auto& f : o.functions) {
    SFN_ASSIGN_OR_RETURN(auto spec, integrations::ParseFunctionFlag(f));
    specs.push_back(std::move(spec));
  }
  if (!specs.empty()) {
    SFN_ASSIGN_OR_RETURN(auto local, integrations::MakeLocalFunctionInvoker(std::move(specs)));
    chain.push_back(std::move(local));
  }
  return integrations::MakeChain(std::move(chain));
}

int Rejected(const RunOptions& o, const std::string& error, const std::string& message) {
  if (o.json) {
    json::Object r;
    r["status"] = "REJECTED";
    r["error"] = error;
    r["cause"] = message;
    PrintJson(json::Value(std::move(r)));
  } else {
    std::fprintf(stderr, "%s: %s\n", error.c_str(), message.c_str());
  }
  return 2;
}

// The object store Distributed Map ItemReader/ResultWriter use: --s3-root DIR (a local folder,
// bucket = sub-folder), else an S3-compatible endpoint from AWS_ENDPOINT_URL_S3 /
// AWS_ENDPOINT_URL, else the local folder ./s3.
Result<std::unique_ptr<s3::ObjectStore>> MakeStore(const RunOptions& o) {
  if (!o.s3_root.empty()) return s3::MakeLocalStore(o.s3_root);
  if (std::getenv("AWS_ENDPOINT_URL_S3") || std::getenv("AWS_ENDPOINT_URL"))
    return s3::MakeHttpStoreFromEnvironment();
  return s3::MakeLocalStore("s3");
}

}  // namespace

int RunCommand(const RunOptions& o) {
  auto def_text = ReadFile(o.definition_path);
  if (!def_text.ok()) {
    std::fprintf(stderr, "sfn run: %s\n", def_text.status().message().c_str());
    return 2;
  }
  std::string input = o.input;
  if (!input.empty() && input[0] == '@') {
    auto in = ReadFile(input.substr(1));
    if (!in.ok()) {
      std::fprintf(stderr, "sfn run: --input: %s\n", in.status().message().c_str());
      return 2;
    }
    input = std::move(in).value();
  }
  asl::LoadedDefinition loaded = asl::LoadDefinition(*def_text, SmType(o.type));
  if (!loaded.machine) return Rejected(o, "InvalidDefinition", loaded.error_message);

  auto invoker = MakeInvoker(o);
  if (!invoker.ok()) {
    std::fprintf(stderr, "sfn run: %s\n", invoker.status().message().c_str());
    return 2;
  }
  double scale = o.wait_time_scale;
  if (scale < 0) {
    const char* env = std::getenv("WAIT_TIME_SCALE");
    scale = env ? std::atof(env) : 1.0;
  }
  auto store = MakeStore(o);
  if (!store.ok()) {
    std::fprintf(stderr, "sfn run: S3: %s\n", store.status().message().c_str());
    return 2;
  }
  distributed::MapRunRegistry map_runs;
  auto map_runner = distributed::MakeDistributedMapRunner(store->get(), &map_runs);
  engine::EventLoop loop(RealClock(),
                         o.virtual_time ? engine::TimeMode::kVirtual : engine::TimeMode::kReal);
  engine::EngineOptions eo;
  eo.region = o.region;
  eo.account = o.account;
  eo.wait_time_scale = scale;
  eo.enforce_limits = !o.no_limits;
  eo.express_history = o.history;
  eo.invoker = invoker->get();
  eo.map_runner = map_runner.get();
  engine::Engine eng(loop, eo);

  engine::StartRequest req;
  req.machine = loaded.machine;
  req.state_machine_name = o.state_machine_name;
  req.name = o.name;
  req.input_text = input;
  req.type =
      o.type == "EXPRESS" ? engine::ExecutionType::kExpress : engine::ExecutionType::kStandard;
  auto started = eng.Start(std::move(req));
  if (!started.ok()) {
    const std::string& m = started.status().message();
    std::string code = m.rfind("Invalid Name", 0) == 0 ? "InvalidName" : "InvalidExecutionInput";
    return Rejected(o, code, m);
  }
  std::shared_ptr<engine::Execution> ex = std::move(started).value();
  MapRunProgress progress(loop, map_runs, ex->arn);
  if (!o.quiet && !o.json) progress.Start();
  bool finished;
  if (o.time_budget > 0) {
    auto deadline =
        RealClock().Now() + std::chrono::microseconds(static_cast<long long>(o.time_budget * 1e6));
    finished = loop.RunUntilOrDeadline([&] { return ex->done; }, deadline);
  } else {
    finished = loop.RunUntil([&] { return ex->done; });
  }
  if (!finished) {
    eng.Stop(*ex, "States.Runtime",
             o.time_budget > 0 ? "Stopped: time budget exhausted"
                               : "Stopped: no more work can progress");
    loop.RunUntilOrDeadline([] { return false; }, RealClock().Now());
  }
  progress.Stop();
  (*invoker)->Shutdown();

  if (o.json) {
    json::Object r;
    r["executionArn"] = ex->arn;
    r["status"] = engine::ExecutionStatusName(ex->status);
    if (ex->status == engine::ExecutionStatus::kSucceeded) {
      r["output"] = ex->output_text;
    } else {  // like DescribeExecution: absent, not empty, when the failure named none
      if (!ex->error.empty()) r["error"] = ex->error;
      if (!ex->cause.empty()) r["cause"] = ex->cause;
    }
    r["startDate"] = ToEpochSeconds(ex->start_time);
    r["stopDate"] = ToEpochSeconds(ex->stop_time);
    if (o.history) r["history"] = ex->history.Render();
    PrintJson(json::Value(std::move(r)));
  } else {
    if (o.history) {
      for (const auto& e : ex->history.Render()) PrintJson(e);
    }
    if (ex->status == engine::ExecutionStatus::kSucceeded) {
      std::fwrite(ex->output_text.data(), 1, ex->output_text.size(), stdout);
      std::fputc('\n', stdout);
    } else {
      std::fprintf(stderr, "%s\nerror: %s\ncause: %s\n", engine::ExecutionStatusName(ex->status),
                   ex->error.c_str(), ex->cause.c_str());
    }
  }
  return ex->status == engine::ExecutionStatus::kSucceeded ? 0 : 1;
}

int ValidateCommand(const ValidateCliOptions& o) {
  auto text = ReadFile(o.definition_path);
  if (!text.ok()) {
    std::fprintf(stderr, "sfn validate: %s\n", text.status().message().c_str());
    return 2;
  }
  auto diags = asl::ValidateDefinition(*text, asl::MakeValidateOptions(SmType(o.type)));
  json::Value resp = asl::ValidationResponse(diags);
  if (o.json) {
    PrintJson(resp);
  } else {
    for (const auto& d : diags) {
      std::fprintf(stderr, "%s: %s %s: %s\n", o.definition_path.c_str(),
                   d.severity == asl::Severity::kError ? "ERROR" : "WARNING", d.code.c_str(),
                   (d.message + (d.location.empty() ? "" : " at " + d.location)).c_str());
    }
    if (diags.empty()) std::printf("%s: OK\n", o.definition_path.c_str());
  }
  return asl::HasErrors(diags) ? 1 : 0;
}

int JsonataCommand(const std::string& expression, const std::string& input_arg) {
  std::string input_text = input_arg;
  if (!input_text.empty() && input_text[0] == '@') {
    auto in = ReadFile(input_text.substr(1));
    if (!in.ok()) {
      std::fprintf(stderr, "sfn jsonata: --input: %s\n", in.status().message().c_str());
      return 2;
    }
    input_text = std::move(in).value();
  }
  auto input = json::Parse(input_text);
  if (!input.ok()) {
    std::fprintf(stderr, "sfn jsonata: --input is not JSON: %s\n",
                 input.status().message().c_str());
    return 2;
  }
  std::string text = expression;
  if (!(text.size() >= 4 && text.rfind("{%", 0) == 0 && text.substr(text.size() - 2) == "%}"))
    text = "{% " + text + " %}";
  auto expr = asl::CompileJsonataValue(json::Value(text), "Output");
  if (!expr.ok()) {
    std::fprintf(stderr, "sfn jsonata: %s\n", expr.status().message().c_str());
    return 2;
  }
  asl::EvalEnv env;
  env.scope.input = &*input;
  auto v = (*expr)->Evaluate(env);
  if (!v.ok()) {
    std::fprintf(stderr, "%s: %s\n", v.failure().error.c_str(), v.failure().cause.c_str());
    return 1;
  }
  PrintJson(v.value());
  return 0;
}

}  // namespace sfn::cli
