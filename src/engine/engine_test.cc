// Engine behaviour the recorded AWS corpus does not cover without external services: Task states
// with Retry/Catch/timeouts (scripted invoker), cancellation, execution timeouts, history shape.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <deque>

#include "asl/model/definition.h"
#include "engine/event_loop.h"

namespace sfn::engine {
namespace {

// Answers Task invocations from a script: each entry is a result, a failure, or "hang".
class ScriptedInvoker final : public integrations::TaskInvoker {
 public:
  struct Step {
    std::optional<json::Value> result;
    std::optional<asl::Failure> failure;
  };
  std::deque<Step> script;
  std::vector<integrations::TaskRequest> requests;

  void Invoke(integrations::TaskRequest request, integrations::TaskDone done) override {
    requests.push_back(request);
    if (script.empty()) return;  // hang: never completes
    Step s = script.front();
    script.pop_front();
    if (s.failure) {
      done(*s.failure);
    } else if (s.result) {
      done(*s.result);
    }  // neither: hang
  }
  bool CanServe(std::string_view, std::string_view, std::string_view) const override {
    return true;
  }
};

struct Run {
  std::shared_ptr<Execution> ex;
  std::vector<std::string> types;
};

Run Execute(const std::string& definition, const std::string& input, ScriptedInvoker* invoker,
            ExecutionType type = ExecutionType::kStandard) {
  auto loaded = asl::LoadDefinition(definition, asl::StateMachineType::kStandard);
  EXPECT_TRUE(loaded.machine) << loaded.error_message;
  EventLoop loop(RealClock(), TimeMode::kVirtual);
  EngineOptions o;
  o.invoker = invoker;
  Engine engine(loop, o);
  StartRequest req;
  req.machine = loaded.machine;
  req.input_text = input;
  req.type = type;
  auto ex = engine.Start(req);
  EXPECT_TRUE(ex.ok());
  EXPECT_TRUE(loop.RunUntil([&] { return (*ex)->done; }));
  Run r;
  r.ex = *ex;
  for (const auto& e : r.ex->history.events()) r.types.push_back(e.type);
  return r;
}

asl::Failure Fail(std::string e, std::string c = "") {
  return asl::Failure{std::move(e), std::move(c)};
}

TEST(Engine, TaskRetriesWithBackoffThenSucceeds) {
  ScriptedInvoker inv;
  inv.script = {{std::nullopt, Fail("Boom")}, {std::nullopt, Fail("Boom")}, {json::Value(7), {}}};
  auto r = Execute(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},
      "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":5}],
      "End":true}}})",
                   "{}", &inv);
  EXPECT_EQ(r.ex->status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(r.ex->output_text, "7");
  std::vector<std::string> want = {
      "ExecutionStarted", "TaskStateEntered", "TaskScheduled",     "TaskStarted",   "TaskFailed",
      "TaskScheduled",    "TaskStarted",      "TaskFailed",        "TaskScheduled", "TaskStarted",
      "TaskSucceeded",    "TaskStateExited",  "ExecutionSucceeded"};
  EXPECT_EQ(r.types, want);
  // Delays 2 s then 6 s (IntervalSeconds * BackoffRate^n) on the virtual clock.
  const auto& ev = r.ex->history.events();
  auto secs = [&](int a, int b) {
    return std::chrono::duration<double>(ev[b].timestamp - ev[a].timestamp).count();
  };
  EXPECT_NEAR(secs(4, 5), 2.0, 0.01);
  EXPECT_NEAR(secs(7, 8), 6.0, 0.01);
  ASSERT_EQ(inv.requests.size(), 3u);
  EXPECT_EQ(inv.requests[2].invocation_index, 2);
}

TEST(Engine, MaxDelaySecondsCapsBackoff) {
  ScriptedInvoker inv;
  inv.script = {{std::nullopt, Fail("E")}, {std::nullopt, Fail("E")}, {json::Value(1), {}}};
  auto r = Execute(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
      "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":10,"BackoffRate":10,"MaxDelaySeconds":15}],
      "End":true}}})",
      "{}", &inv);
  const auto& ev = r.ex->history.events();
  EXPECT_NEAR(std::chrono::duration<double>(ev[8].timestamp - ev[7].timestamp).count(), 15.0, 0.01);
}

TEST(Engine, CatchAppliesResultPathAndFollowsNext) {
  ScriptedInvoker inv;
  inv.script = {{std::nullopt, Fail("Custom.Error", "bad thing")}};
  auto r = Execute(R"({"StartAt":"T","States":{
      "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
           "Catch":[{"ErrorEquals":["Other"],"Next":"X"},{"ErrorEquals":["States.ALL"],"ResultPath":"$.err","Next":"H"}],
           "End":true},
      "X":{"Type":"Fail"},
      "H":{"Type":"Pass","End":true}}})",
                   R"({"a":1})", &inv);
  EXPECT_EQ(r.ex->status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(r.ex->output_text, R"({"a":1,"err":{"Error":"Custom.Error","Cause":"bad thing"}})");
}

TEST(Engine, RuntimeErrorsAreNeitherRetriedNorCaught) {
  ScriptedInvoker inv;
  inv.script = {{json::Value("not an object"), {}}};
  auto r = Execute(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
      "OutputPath":"$.missing",
      "Retry":[{"ErrorEquals":["States.ALL"]}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],
      "End":true},"H":{"Type":"Succeed"}}})",
      "{}", &inv);
  EXPECT_EQ(r.ex->status, ExecutionStatus::kFailed);
  EXPECT_EQ(r.ex->error, "States.Runtime");
  EXPECT_NE(r.ex->cause.find(
                "An error occurred while executing the state 'T' (entered at the event id #2)."),
            std::string::npos)
      << r.ex->cause;
}

TEST(Engine, TaskTimeoutRaisesStatesTimeout) {
  ScriptedInvoker inv;  // empty script: the task never answers
  auto r = Execute(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
      "TimeoutSeconds":1,"End":true}}})",
      "{}", &inv);
  EXPECT_EQ(r.ex->status, ExecutionStatus::kFailed);
  EXPECT_EQ(r.ex->error, "States.Timeout");
  EXPECT_EQ(r.types[r.types.size() - 2], "TaskTimedOut");
}

TEST(Engine, ParallelFailureStopsSiblingsAndPropagatesBranchError) {
  ScriptedInvoker inv;
  auto r = Execute(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
      {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}},
      {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"BranchBoom","Cause":"c"}}}]}}})",
                   "{}", &inv);
  EXPECT_EQ(r.ex->status, ExecutionStatus::kFailed);
  EXPECT_EQ(r.ex->error, "BranchBoom");
  EXPECT_EQ(r.types.back(), "ExecutionFailed");
  EXPECT_NE(std::find(r.types.begin(), r.types.end(), "ParallelStateFailed"), r.types.end());
  // The hour-long wait did not delay the failure.
  auto d = r.ex->stop_time - r.ex->start_time;
  EXPECT_LT(std::chrono::duration<double>(d).count(), 60);
}

TEST(Engine, ExecutionTimeoutTimesOut) {
  ScriptedInvoker inv;
  auto r = Execute(
      R"({"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}})",
      "{}", &inv);
  EXPECT_EQ(r.ex->status, ExecutionStatus::kTimedOut);
  EXPECT_EQ(r.types.back(), "ExecutionTimedOut");
}

TEST(Engine, InlineMapKeepsOrderAndHonoursMaxConcurrencyOne) {
  ScriptedInvoker inv;
  auto r = Execute(R"({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,
      "ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index"},
      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.v","End":true}}},
      "End":true}}})",
                   "[3,1,2]", &inv);
  EXPECT_EQ(r.ex->output_text, R"([{"v":3,"i":0},{"v":1,"i":1},{"v":2,"i":2}])");
  // Sequential: total virtual time is the sum of the waits.
  EXPECT_NEAR(std::chrono::duration<double>(r.ex->stop_time - r.ex->start_time).count(), 6.0, 0.05);
}

TEST(Engine, ExpressKeepsNoHistory) {
  ScriptedInvoker inv;
  auto r = Execute(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})", R"({"x":1})",
                   &inv, ExecutionType::kExpress);
  EXPECT_EQ(r.ex->status, ExecutionStatus::kSucceeded);
  EXPECT_TRUE(r.ex->history.events().empty());
  EXPECT_NE(r.ex->arn.find(":express:"), std::string::npos);
}

TEST(Engine, AssignedVariablesAreVisibleFromTheNextState) {
  ScriptedInvoker inv;
  auto r = Execute(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Assign":{"x":1,"y.$":"$.v"},"Next":"B"},
      "B":{"Type":"Pass","Parameters":{"x.$":"$x","y.$":"$y"},"End":true}}})",
                   R"({"v":"hi"})", &inv);
  EXPECT_EQ(r.ex->output_text, R"({"x":1,"y":"hi"})");
}

}  // namespace
}  // namespace sfn::engine
