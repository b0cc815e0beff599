// MockConfigFile invoker (AWS Step Functions Local format) and the invoker chain.
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "integrations/integrations.h"

namespace sfn::integrations {
namespace {

// One "<n>" or "<n>-<m>" key of a mocked response.
struct Range {
  int64_t lo = 0;
  int64_t hi = 0;
  const json::Value* response = nullptr;  // {"Return": ...} or {"Throw": {...}}
};

bool ParseIndex(std::string_view s, int64_t& out) {
  if (s.empty() || s.size() > 9) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

bool ParseRange(std::string_view key, Range& r) {
  size_t dash = key.find('-');
  if (dash == std::string_view::npos) {
    if (!ParseIndex(key, r.lo)) return false;
    r.hi = r.lo;
    return true;
  }
  return ParseIndex(key.substr(0, dash), r.lo) && ParseIndex(key.substr(dash + 1), r.hi) &&
         r.lo <= r.hi;
}

Status ConfigError(std::string what) {
  return Status::InvalidArgument("mock config: " + std::move(what) +
                                 " (see the Step Functions Local MockConfigFile format: "
                                 "{\"StateMachines\":{...},\"MockedResponses\":{...}})");
}

std::string KnownKeys(const json::Object& o) {
  std::string out;
  for (const auto& [k, v] : o) {
    if (!out.empty()) out += ", ";
    out += "'" + std::string(k) + "'";
  }
  return out.empty() ? "none" : out;
}

class MockInvoker final : public TaskInvoker {
 public:
  MockInvoker(json::Value config, std::string test_case)
      : config_(std::move(config)), test_case_(std::move(test_case)) {}

  // Resolves the selected test case of every state machine and validates the entries it uses.
  Status Init() {
    if (!config_.is_object()) return ConfigError("the top level must be a JSON object");
    const json::Object& top = config_.get_object();
    const json::Value* machines = top.if_contains("StateMachines");
    const json::Value* responses = top.if_contains("MockedResponses");
    if (machines == nullptr || !machines->is_object()) {
      return ConfigError("\"StateMachines\" must be an object keyed by state machine name");
    }
    if (responses != nullptr && !responses->is_object()) {
      return ConfigError("\"MockedResponses\" must be an object keyed by response name");
    }
    static const json::Object kEmpty;
    const json::Object& resp = responses ? responses->get_object() : kEmpty;
    bool found = false;
    for (const auto& [sm_name, sm] : machines->get_object()) {
      const json::Value* cases =
          sm.is_object() ? sm.get_object().if_contains("TestCases") : nullptr;
      if (cases == nullptr || !cases->is_object()) {
        return ConfigError("state machine '" + std::string(sm_name) +
                           "' must be an object with a \"TestCases\" object");
      }
      const json::Value* tc = cases->get_object().if_contains(test_case_);
      if (tc == nullptr) continue;
      found = true;
      if (!tc->is_object()) {
        return ConfigError("test case '" + test_case_ + "' of state machine '" +
                           std::string(sm_name) +
                           "' must map Task state names to mocked response names");
      }
      auto& states = machines_[std::string(sm_name)];
      for (const auto& [state, response_name] : tc->get_object()) {
        if (!response_name.is_string()) {
          return ConfigError("state '" + std::string(state) + "' in test case '" + test_case_ +
                             "' must name a mocked response (a string)");
        }
        std::string rname(response_name.get_string());
        SFN_TRY(LoadResponse(resp, rname, sm_name, state));
        states[std::string(state)] = rname;
      }
    }
    if (!found) {
      std::string known;
      for (const auto& [sm_name, sm] : machines->get_object()) {
        const json::Value* cases = sm.get_object().if_contains("TestCases");
        known += " " + std::string(sm_name) + ": " + KnownKeys(cases->get_object()) + ";";
      }
      return Status::InvalidArgument("mock config: no state machine defines test case '" +
                                     test_case_ + "'; defined test cases:" + known);
    }
    return Status::Ok();
  }

  void Invoke(TaskRequest request, TaskDone done) override { done(Respond(request)); }

  bool CanServe(std::string_view /*resource*/, std::string_view state_machine_name,
                std::string_view state_name) const override {
    return Lookup(state_machine_name, state_name) != nullptr;
  }

  bool ResultCompletesCallback(std::string_view, std::string_view,
                               std::string_view) const override {
    return true;
  }

 private:
  Status LoadResponse(const json::Object& resp, const std::string& rname, std::string_view sm_name,
                      std::string_view state) {
    if (ranges_.count(rname)) return Status::Ok();
    const json::Value* entry = resp.if_contains(rname);
    if (entry == nullptr) {
      return ConfigError("test case '" + test_case_ + "' of state machine '" +
                         std::string(sm_name) + "' maps state '" + std::string(state) + "' to '" +
                         rname + "', which is not in \"MockedResponses\"");
    }
    if (!entry->is_object()) {
      return ConfigError("mocked response '" + rname +
                         "' must be an object keyed by invocation index (\"0\", \"1-2\")");
    }
    std::vector<Range> ranges;
    for (const auto& [key, value] : entry->get_object()) {
      Range r;
      if (!ParseRange(key, r)) {
        return ConfigError("mocked response '" + rname + "' has key '" + std::string(key) +
                           "'; keys must be a zero-based invocation index \"<n>\" or an "
                           "inclusive range \"<n>-<m>\" with n <= m");
      }
      r.response = &value;
      ranges.push_back(r);
    }
    ranges_[rname] = std::move(ranges);
    return Status::Ok();
  }

  const std::string* Lookup(std::string_view sm, std::string_view state) const {
    auto m = machines_.find(sm);
    if (m == machines_.end()) return nullptr;
    auto s = m->second.find(state);
    return s == m->second.end() ? nullptr : &s->second;
  }

  asl::Outcome<json::Value> Respond(const TaskRequest& req) const {
    auto runtime = [&](std::string cause) {
      return asl::Failure{asl::errors::kRuntime, std::move(cause)};
    };
    const std::string* rname = Lookup(req.state_machine_name, req.state_name);
    if (rname == nullptr) {
      return runtime("State '" + req.state_name + "' of state machine '" + req.state_machine_name +
                     "' is not mocked in test case '" + test_case_ +
                     "'. Add it to the test case or serve its resource another way.");
    }
    if (req.resource.find(":activity:") != std::string::npos) {
      return runtime("State '" + req.state_name +
                     "': activities cannot be mocked. Remove the activity mock from test case '" +
                     test_case_ + "'.");
    }
    const Range* hit = nullptr;
    for (const Range& r : ranges_.at(*rname)) {
      if (req.invocation_index >= r.lo && req.invocation_index <= r.hi) {
        hit = &r;
        break;
      }
    }
    std::string where = "mocked response '" + *rname + "' (state '" + req.state_name +
                        "', test case '" + test_case_ + "')";
    if (hit == nullptr) {
      return runtime(where + " has no entry for invocation " +
                     std::to_string(req.invocation_index) +
                     " (zero-based, retries included). Add a key \"" +
                     std::to_string(req.invocation_index) + "\" or a range covering it.");
    }
    if (!hit->response->is_object()) {
      return runtime(where + ": each entry must be an object with \"Return\" or \"Throw\"");
    }
    const json::Object& entry = hit->response->get_object();
    const json::Value* ret = entry.if_contains("Return");
    const json::Value* thr = entry.if_contains("Throw");
    if ((ret != nullptr) == (thr != nullptr)) {
      return runtime(where + ": entry for invocation " + std::to_string(req.invocation_index) +
                     " must have exactly one of \"Return\" and \"Throw\"");
    }
    if (ret != nullptr) return *ret;
    const json::Value* error = thr->is_object() ? thr->get_object().if_contains("Error") : nullptr;
    if (error == nullptr || !error->is_string()) {
      return runtime(where + ": \"Throw\" must be an object with a string \"Error\"");
    }
    const json::Value* cause = thr->get_object().if_contains("Cause");
    std::string cause_text;
    if (cause != nullptr) {
      cause_text = cause->is_string() ? std::string(cause->get_string()) : json::Serialize(*cause);
    }
    return asl::Failure{std::string(error->get_string()), std::move(cause_text)};
  }

  json::Value config_;
  std::string test_case_;
  // state machine name -> state name -> mocked response name.
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> machines_;
  // mocked response name -> its index ranges (pointing into config_).
  std::map<std::string, std::vector<Range>, std::less<>> ranges_;
};

class ChainInvoker final : public TaskInvoker {
 public:
  explicit ChainInvoker(std::vector<std::unique_ptr<TaskInvoker>> invokers)
      : invokers_(std::move(invokers)) {}

  void Invoke(TaskRequest request, TaskDone done) override {
    for (auto& inv : invokers_) {
      if (inv->CanServe(request.resource, request.state_machine_name, request.state_name)) {
        inv->Invoke(std::move(request), std::move(done));
        return;
      }
    }
    done(asl::Failure{asl::errors::kRuntime,
                      "No task handler serves resource '" + request.resource + "' of state '" +
                          request.state_name +
                          "'. Mock the state in a MockConfigFile test case or register a local "
                          "function with --function NAME=COMMAND."});
  }

  bool CanServe(std::string_view resource, std::string_view sm,
                std::string_view state) const override {
    for (const auto& inv : invokers_) {
      if (inv->CanServe(resource, sm, state)) return true;
    }
    return false;
  }

  void Shutdown() override {
    for (auto& inv : invokers_) inv->Shutdown();
  }

  bool ResultCompletesCallback(std::string_view resource, std::string_view sm,
                               std::string_view state) const override {
    for (const auto& inv : invokers_) {
      if (inv->CanServe(resource, sm, state)) {
        return inv->ResultCompletesCallback(resource, sm, state);
      }
    }
    return false;
  }

 private:
  std::vector<std::unique_ptr<TaskInvoker>> invokers_;
};

}  // namespace

std::unique_ptr<TaskInvoker> MakeChain(std::vector<std::unique_ptr<TaskInvoker>> invokers) {
  return std::make_unique<ChainInvoker>(std::move(invokers));
}

Result<std::unique_ptr<TaskInvoker>> MakeMockInvoker(const json::Value& mock_config,
                                                     std::string test_case) {
  if (test_case.empty()) {
    return Status::InvalidArgument(
        "mock config: no test case selected; pass the test case name (e.g. "
        "StartExecution with stateMachineArn '<arn>#<TestCase>')");
  }
  auto inv = std::make_unique<MockInvoker>(mock_config, std::move(test_case));
  SFN_TRY(inv->Init());
  return std::unique_ptr<TaskInvoker>(std::move(inv));
}

Result<std::unique_ptr<TaskInvoker>> LoadMockInvoker(const std::string& path,
                                                     std::string test_case) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("cannot open mock config file '" + path +
                            "'; check the path (SFN_MOCK_CONFIG / --mock-config)");
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = json::Parse(ss.str());
  if (!parsed.ok()) {
    return Status::InvalidArgument("mock config file '" + path +
                                   "' is not valid JSON: " + parsed.status().message());
  }
  auto inv = MakeMockInvoker(*parsed, std::move(test_case));
  if (!inv.ok()) {
    return Status(inv.status().code(), "'" + path + "': " + inv.status().message());
  }
  return inv;
}

Status CheckMockTestCase(const json::Value& mock_config, std::string_view state_machine_name,
                         std::string_view test_case) {
  const json::Value* machines =
      mock_config.is_object() ? mock_config.get_object().if_contains("StateMachines") : nullptr;
  const json::Value* sm = machines && machines->is_object()
                              ? machines->get_object().if_contains(state_machine_name)
                              : nullptr;
  const json::Value* cases =
      sm && sm->is_object() ? sm->get_object().if_contains("TestCases") : nullptr;
  if (cases == nullptr || !cases->is_object()) {
    return Status::NotFound("mock config has no test cases for state machine '" +
                            std::string(state_machine_name) + "'");
  }
  if (!cases->get_object().contains(test_case)) {
    return Status::NotFound("mock config: state machine '" + std::string(state_machine_name) +
                            "' has no test case '" + std::string(test_case) +
                            "'; defined: " + KnownKeys(cases->get_object()));
  }
  return Status::Ok();
}

}  // namespace sfn::integrations
