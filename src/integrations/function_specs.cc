// Local function specifications: the --function NAME=COMMAND flag and the functions file.
#include <fstream>
#include <sstream>

#include "integrations/integrations.h"

namespace sfn::integrations {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parses a positive worker count from `s`; 0 on error.
int ParseWorkers(std::string_view s) {
  if (s.empty() || s.size() > 5) return 0;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

Result<FunctionSpec> ParseFunctionFlag(std::string_view flag) {
  size_t eq = flag.find('=');
  auto usage = [&](const std::string& what) {
    return Status::InvalidArgument("--function '" + std::string(flag) + "': " + what +
                                   "; expected NAME=COMMAND or NAME@WORKERS=COMMAND, e.g. "
                                   "--function 'Resize=python3 tools/sfn_function.py "
                                   "resize:handler'");
  };
  if (eq == std::string_view::npos) return usage("missing '='");
  std::string_view name = Trim(flag.substr(0, eq));
  std::string_view command = Trim(flag.substr(eq + 1));
  FunctionSpec spec;
  size_t at = name.rfind('@');
  if (at != std::string_view::npos) {
    spec.max_workers = ParseWorkers(name.substr(at + 1));
    if (spec.max_workers < 1) return usage("WORKERS after '@' must be a positive integer");
    name = name.substr(0, at);
  }
  if (name.empty()) return usage("empty function name");
  if (command.empty()) return usage("empty command");
  spec.name = std::string(name);
  spec.command = std::string(command);
  return spec;
}

Result<std::vector<FunctionSpec>> LoadFunctionsFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("cannot open functions file '" + path + "'; check the path");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = json::Parse(ss.str());
  auto bad = [&](const std::string& what) {
    return Status::InvalidArgument(
        "functions file '" + path + "': " + what +
        "; expected {\"Name\": \"command\"} or {\"Name\": {\"command\": \"...\", "
        "\"workers\": N}}");
  };
  if (!parsed.ok()) return bad("not valid JSON (" + parsed.status().message() + ")");
  if (!parsed->is_object()) return bad("the top level must be an object");
  std::vector<FunctionSpec> specs;
  for (const auto& [name, value] : parsed->get_object()) {
    FunctionSpec spec;
    spec.name = std::string(name);
    if (value.is_string()) {
      spec.command = std::string(value.get_string());
    } else if (value.is_object()) {
      const json::Value* cmd = value.get_object().if_contains("command");
      if (cmd == nullptr || !cmd->is_string()) {
        return bad("function '" + spec.name + "' needs a string \"command\"");
      }
      spec.command = std::string(cmd->get_string());
      if (const json::Value* w = value.get_object().if_contains("workers")) {
        if (!w->is_int64() || w->get_int64() < 1 || w->get_int64() > 100000) {
          return bad("function '" + spec.name + "': \"workers\" must be a positive integer");
        }
        spec.max_workers = static_cast<int>(w->get_int64());
      }
    } else {
      return bad("function '" + spec.name + "' must be a command string or an object");
    }
    if (spec.command.empty()) return bad("function '" + spec.name + "' has an empty command");
    specs.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace sfn::integrations
