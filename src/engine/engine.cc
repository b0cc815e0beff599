#include "engine/engine.h"

#include <cctype>
#include <cstdio>
#include <unordered_set>

#include "engine/awaitables.h"
#include "engine/interpreter.h"

namespace sfn::engine {
namespace {

// Execution names (API reference, StartExecution "name"): 1-80 chars, no whitespace, brackets,
// wildcards, punctuation from the forbidden list, or control characters.
bool ValidName(const std::string& n) {
  if (n.empty() || n.size() > 80) return false;
  static const std::string kBad = " <>{}[]?*\"#%\\^|~`$&,;:/";
  for (unsigned char c : n) {
    if (c < 0x20 || c == 0x7f || kBad.find(static_cast<char>(c)) != std::string::npos) return false;
  }
  return true;
}

// StartExecution's InvalidExecutionInput detail, worded like the Jackson parser AWS uses for the
// common cases (a bare word, empty input); otherwise our parser's message.
std::string InputParseMessage(std::string_view text, const std::string& fallback) {
  std::size_t i = text.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos) return "No content to map due to end-of-input";
  if (std::isalpha(static_cast<unsigned char>(text[i]))) {
    std::size_t j = i;
    while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_'))
      ++j;
    std::string token(text.substr(i, j - i));
    if (token != "true" && token != "false" && token != "null") {
      return "Unrecognized token '" + token +
             "': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
             "'false')";
    }
  }
  return fallback;
}

}  // namespace

const char* ExecutionStatusName(ExecutionStatus s) {
  switch (s) {
    case ExecutionStatus::kRunning:
      return "RUNNING";
    case ExecutionStatus::kSucceeded:
      return "SUCCEEDED";
    case ExecutionStatus::kFailed:
      return "FAILED";
    case ExecutionStatus::kTimedOut:
      return "TIMED_OUT";
    case ExecutionStatus::kAborted:
      return "ABORTED";
  }
  return "UNKNOWN";
}

const char* TypeName(ExecutionType t) {
  return t == ExecutionType::kExpress ? "EXPRESS" : "STANDARD";
}

const json::Value* VariableScope::Find(std::string_view name) const {
  auto it = vars_.find(std::string(name));
  if (it != vars_.end()) return &it->second;
  return parent_ ? parent_->Find(name) : nullptr;
}

// Drives one execution: runs the top-level program and records the terminal event.
class ExecutionRunner {
 public:
  static Task<void> Run(std::shared_ptr<Execution> ex) {
    Execution& e = *ex;
    Frame frame{&e, &e.root_tracker, &e.variables, &e.cancel};
    ProgramResult r = co_await RunProgram(e.machine->program, e.input, frame);
    Engine& engine = *e.engine;
    if (e.done) co_return;  // stopped or timed out meanwhile
    if (r.ok) {
      engine.Finish(e, ExecutionStatus::kSucceeded, json::Serialize(r.output), "", "");
    } else if (r.cancelled) {
      engine.Finish(e, ExecutionStatus::kAborted, "", "", "");
    } else {
      engine.Finish(e, ExecutionStatus::kFailed, "", r.failure.error, r.failure.cause);
    }
  }
};

Engine::Engine(EventLoop& loop, EngineOptions options)
    : loop_(loop), options_(std::move(options)), rng_(std::random_device{}()) {
  if (options_.role_arn.empty())
    options_.role_arn =
        "arn:" + options_.partition + ":iam::" + options_.account + ":role/OpenSfnRole";
}

Engine::~Engine() {
  loop_.RunReady();  // resumes cancelled coroutines of executions that already finished
  while (!running_.empty()) {
    auto ex = *running_.begin();
    Stop(*ex, "States.Runtime", "The engine shut down.");
    loop_.RunReady();
  }
  loop_.RunReady();
}

std::string Engine::StateMachineArn(const std::string& name) const {
  return "arn:" + options_.partition + ":states:" + options_.region + ":" + options_.account +
         ":stateMachine:" + name;
}

std::string Engine::ExecutionArn(const std::string& sm_name, const std::string& exec_name,
                                 ExecutionType type) {
  std::string prefix =
      "arn:" + options_.partition + ":states:" + options_.region + ":" + options_.account;
  if (type == ExecutionType::kExpress)
    return prefix + ":express:" + sm_name + ":" + exec_name + ":" + NewUuid();
  return prefix + ":execution:" + sm_name + ":" + exec_name;
}

std::string Engine::NewUuid() {
  std::uint64_t a = rng_(), b = rng_();
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

double Engine::Random01() { return static_cast<double>(rng_() >> 11) * (1.0 / 9007199254740992.0); }

Result<std::shared_ptr<Execution>> Engine::Start(StartRequest req) {
  if (!req.machine) return Status::InvalidArgument("no state machine given");
  json::Value input_value;
  if (req.input) {
    input_value = std::move(*req.input);
  } else {
    auto input = json::Parse(req.input_text);
    if (!input.ok()) {
      return Status::InvalidArgument("Invalid State Machine Execution Input: '" +
                                     InputParseMessage(req.input_text, input.status().message()) +
                                     "'");
    }
    input_value = std::move(input).value();
  }
  if (req.name.empty()) req.name = NewUuid();
  if (!ValidName(req.name)) return Status::InvalidArgument("Invalid Name: '" + req.name + "'");
  auto ex = std::make_shared<Execution>();
  ex->engine = this;
  ex->machine = req.machine;
  ex->type = req.type;
  ex->sync = req.sync;
  ex->name = req.name;
  ex->state_machine_name = req.state_machine_name;
  ex->state_machine_arn = req.state_machine_arn.empty() ? StateMachineArn(req.state_machine_name)
                                                        : req.state_machine_arn;
  ex->arn = ExecutionArn(req.state_machine_name, req.name, req.type);
  ex->role_arn = options_.role_arn;
  ex->input = std::move(input_value);
  ex->history = History(req.type == ExecutionType::kStandard || options_.express_history);
  if (req.input && !ex->history.enabled())
    ex->input_text.clear();  // produced on demand by InputText()
  else
    ex->input_text = req.input ? json::Serialize(ex->input) : std::move(req.input_text);
  ex->start_time = loop_.Now();
  ex->map_run_arn = std::move(req.map_run_arn);
  ex->label = std::move(req.label);
  if (ex->history.enabled()) {
    json::Object d;
    d["input"] = ex->input_text;
    d["inputDetails"] = json::Object{{"truncated", false}};
    d["roleArn"] = ex->role_arn;
    Tracker start;  // ExecutionStarted does not move the top-level thread: first state has prev 0
    ex->history.Append(start, ex->start_time, "ExecutionStarted", "executionStartedEventDetails",
                       std::move(d));
  } else {
    Tracker start;
    ex->history.Append(start, ex->start_time, "ExecutionStarted", "", {});
  }
  on_done_[ex.get()] = std::move(req.on_done);
  if (ex->machine->timeout_seconds && *ex->machine->timeout_seconds > 0) {
    double scaled = static_cast<double>(*ex->machine->timeout_seconds);
    std::weak_ptr<Execution> weak = ex;
    ex->timeout_timer = loop_.AddTimer(
        ex->start_time + std::chrono::microseconds(static_cast<long long>(scaled * 1e6)),
        [this, weak] {
          auto e = weak.lock();
          if (!e || e->done) return;
          // DescribeExecution of a timed-out execution carries no error or cause.
          Finish(*e, ExecutionStatus::kTimedOut, "", "", "");
          e->cancel.Cancel();
        });
  }
  running_.insert(ex);
  Spawn(ExecutionRunner::Run(ex));
  return ex;
}

void Engine::Stop(Execution& ex, std::string error, std::string cause) {
  if (ex.done) return;
  Finish(ex, ExecutionStatus::kAborted, "", std::move(error), std::move(cause));
  ex.cancel.Cancel();
}

void Engine::Finish(Execution& ex, ExecutionStatus status, std::string output, std::string error,
                    std::string cause) {
  if (ex.done) return;
  ex.done = true;
  ex.status = status;
  ex.stop_time = loop_.Now();
  if (ex.timeout_timer) loop_.CancelTimer(ex.timeout_timer);
  json::Object d;
  const bool h = ex.history.enabled();
  switch (status) {
    case ExecutionStatus::kSucceeded:
      if (h) {
        d["output"] = output;
        d["outputDetails"] = json::Object{{"truncated", false}};
      }
      ex.history.Append(ex.root_tracker, ex.stop_time, "ExecutionSucceeded",
                        "executionSucceededEventDetails", std::move(d));
      break;
    case ExecutionStatus::kFailed:
      if (h) {
        d["error"] = error;
        d["cause"] = cause;
      }
      ex.history.Append(ex.root_tracker, ex.stop_time, "ExecutionFailed",
                        "executionFailedEventDetails", std::move(d));
      break;
    case ExecutionStatus::kTimedOut:
      if (h) {
        d["error"] = error.empty() ? std::string(asl::errors::kTimeout) : error;
        if (!cause.empty()) d["cause"] = cause;
      }
      ex.history.Append(ex.root_tracker, ex.stop_time, "ExecutionTimedOut",
                        "executionTimedOutEventDetails", std::move(d));
      break;
    case ExecutionStatus::kAborted:
      if (h) {
        if (!error.empty()) d["error"] = error;
        if (!cause.empty()) d["cause"] = cause;
      }
      ex.history.Append(ex.root_tracker, ex.stop_time, "ExecutionAborted",
                        "executionAbortedEventDetails", std::move(d));
      break;
    case ExecutionStatus::kRunning:
      break;
  }
  ex.output_text = std::move(output);
  ex.error = std::move(error);
  ex.cause = std::move(cause);
  auto it = on_done_.find(&ex);
  std::function<void(Execution&)> cb;
  if (it != on_done_.end()) {
    cb = std::move(it->second);
    on_done_.erase(it);
  }
  // Keep the execution alive until its coroutine has unwound; release on the next loop turn.
  for (auto rit = running_.begin(); rit != running_.end(); ++rit) {
    if (rit->get() == &ex) {
      auto keep = *rit;
      running_.erase(rit);
      loop_.Post([keep] {});
      break;
    }
  }
  if (cb) cb(ex);
}

}  // namespace sfn::engine
