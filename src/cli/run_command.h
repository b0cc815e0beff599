// `sfn run` and `sfn validate`: run a definition locally and print its result, or lint it.
#pragma once

#include <string>
#include <vector>

namespace sfn::cli {

struct RunOptions {
  std::string definition_path;
  std::string input = "{}";  // JSON text, or @FILE
  std::string type = "STANDARD";
  std::string name;
  std::string state_machine_name = "StateMachine";
  bool history = false;
  bool json = false;
  std::string mock_config;
  std::string test_case;
  std::vector<std::string> functions;  // NAME=COMMAND
  std::string functions_file;
  std::string s3_root;
  bool no_limits = false;
  double wait_time_scale = -1;  // <0: from WAIT_TIME_SCALE env, default 1
  bool virtual_time = false;
  double time_budget = 0;  // seconds; 0 = unlimited
  std::string region = "us-east-1";
  std::string account = "123456789012";
  bool quiet = false;
};

// Returns the process exit code: 0 succeeded, 1 failed/timed out/aborted, 2 rejected or usage.
int RunCommand(const RunOptions& options);

struct ValidateCliOptions {
  std::string definition_path;
  std::string type = "STANDARD";
  bool json = false;
};
int ValidateCommand(const ValidateCliOptions& options);

// `sfn jsonata EXPR`: prints the value, or the States.QueryEvaluationError cause (exit 1).
int JsonataCommand(const std::string& expression, const std::string& input);

}  // namespace sfn::cli
