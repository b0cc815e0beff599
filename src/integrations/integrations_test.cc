// Tests for task resources: MockConfigFile mocks, the chain, Lambda helpers and local functions
// served by real Python workers (tools/sfn_function.py).
#include "integrations/integrations.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>

namespace sfn::integrations {
namespace {

const std::string kSrc = SFN_SOURCE_DIR;

json::Value J(std::string_view text) {
  auto v = json::Parse(text);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? *v : json::Value();
}

// Invokes and waits for the outcome.
asl::Outcome<json::Value> Call(TaskInvoker& inv, TaskRequest req) {
  std::promise<asl::Outcome<json::Value>> p;
  auto f = p.get_future();
  inv.Invoke(std::move(req), [&p](asl::Outcome<json::Value> o) { p.set_value(std::move(o)); });
  EXPECT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  return f.get();
}

TaskRequest MockReq(std::string state, int index, std::string sm = "LambdaSQSIntegration") {
  TaskRequest r;
  r.resource = "arn:aws:states:::lambda:invoke";
  r.state_machine_name = std::move(sm);
  r.state_name = std::move(state);
  r.invocation_index = index;
  return r;
}

std::string MockPath() { return kSrc + "/tests/data/integrations/MockConfigFile.json"; }

// ------------------------------------------------------------------------------------ mocks --

TEST(Mock, HappyPathReturnsRawResponses) {
  auto inv = LoadMockInvoker(MockPath(), "HappyPath");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  auto out = Call(**inv, MockReq("LambdaState", 0));
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(json::Equal(
      out.value(),
      J(R"({"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}})")));
  auto sqs = Call(**inv, MockReq("SQSState", 0));
  ASSERT_TRUE(sqs.ok());
  EXPECT_EQ(sqs.value().at("MessageId"), "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51");
}

TEST(Mock, RetryPathRangesAndThrow) {
  auto inv = LoadMockInvoker(MockPath(), "RetryPath");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  auto r0 = Call(**inv, MockReq("LambdaState", 0));
  ASSERT_FALSE(r0.ok());
  EXPECT_EQ(r0.failure().error, "Lambda.ResourceNotReadyException");
  EXPECT_EQ(r0.failure().cause, "Lambda resource is not ready.");
  for (int i : {1, 2}) {
    auto r = Call(**inv, MockReq("LambdaState", i));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.failure().error, "Lambda.TimeoutException");
  }
  auto r3 = Call(**inv, MockReq("LambdaState", 3));
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3.value().at("StatusCode"), 200);
  auto r4 = Call(**inv, MockReq("LambdaState", 4));
  ASSERT_FALSE(r4.ok());
  EXPECT_EQ(r4.failure().error, "States.Runtime");
  EXPECT_NE(r4.failure().cause.find("no entry for invocation 4"), std::string::npos)
      << r4.failure().cause;
}

TEST(Mock, CanServeOnlyMockedStatesOfTheTestCase) {
  auto inv = LoadMockInvoker(MockPath(), "HybridPath");
  ASSERT_TRUE(inv.ok());
  EXPECT_TRUE(
      (*inv)->CanServe("arn:aws:states:::lambda:invoke", "LambdaSQSIntegration", "LambdaState"));
  EXPECT_FALSE(
      (*inv)->CanServe("arn:aws:states:::sqs:sendMessage", "LambdaSQSIntegration", "SQSState"));
  EXPECT_FALSE((*inv)->CanServe("arn:aws:states:::lambda:invoke", "Other", "LambdaState"));
  EXPECT_TRUE((*inv)->ResultCompletesCallback("arn:aws:states:::lambda:invoke.waitForTaskToken",
                                              "LambdaSQSIntegration", "LambdaState"));
}

TEST(Mock, ConfigErrorsAtLoad) {
  EXPECT_FALSE(LoadMockInvoker(MockPath(), "NoSuchCase").ok());
  EXPECT_FALSE(LoadMockInvoker(MockPath(), "").ok());
  EXPECT_EQ(LoadMockInvoker("/nonexistent/mock.json", "X").status().code(), StatusCode::kNotFound);
  auto missing = MakeMockInvoker(
      J(R"({"StateMachines":{"M":{"TestCases":{"T":{"S":"Nope"}}}},"MockedResponses":{}})"), "T");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'Nope'"), std::string::npos);
  auto bad_key = MakeMockInvoker(J(R"({"StateMachines":{"M":{"TestCases":{"T":{"S":"R"}}}},
            "MockedResponses":{"R":{"x":{"Return":1}}}})"),
                                 "T");
  ASSERT_FALSE(bad_key.ok());
  EXPECT_NE(bad_key.status().message().find("'x'"), std::string::npos);
  EXPECT_FALSE(MakeMockInvoker(J(R"({"StateMachines":{"M":{"TestCases":{"T":{"S":"R"}}}},
                         "MockedResponses":{"R":{"3-1":{"Return":1}}}})"),
                               "T")
                   .ok());
  EXPECT_FALSE(MakeMockInvoker(J("[]"), "T").ok());
}

TEST(Mock, RuntimeErrorsForMalformedEntries) {
  auto inv = MakeMockInvoker(
      J(R"({"StateMachines":{"M":{"TestCases":{"T":{"Both":"B","NoError":"N","Empty":"E"}}}},
            "MockedResponses":{"B":{"0":{"Return":1,"Throw":{"Error":"X"}}},
                               "N":{"0":{"Throw":{"Cause":"c"}}},
                               "E":{}}})"),
      "T");
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  for (const char* state : {"Both", "NoError", "Empty"}) {
    auto r = Call(**inv, MockReq(state, 0, "M"));
    ASSERT_FALSE(r.ok()) << state;
    EXPECT_EQ(r.failure().error, "States.Runtime") << state;
  }
}

TEST(Mock, CheckTestCase) {
  json::Value cfg = J(R"({"StateMachines":{"M":{"TestCases":{"A":{},"B":{}}}}})");
  EXPECT_TRUE(CheckMockTestCase(cfg, "M", "A").ok());
  Status s = CheckMockTestCase(cfg, "M", "C");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("'A', 'B'"), std::string::npos) << s.message();
  EXPECT_FALSE(CheckMockTestCase(cfg, "Other", "A").ok());
}

// ------------------------------------------------------------------------ lambda helpers --

TEST(Lambda, ParseFunctionRefs) {
  auto a = ParseLambdaFunctionRef("Foo");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->name, "Foo");
  auto b = ParseLambdaFunctionRef("Foo:prod");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->qualifier, "prod");
  auto c = ParseLambdaFunctionRef("111122223333:function:Foo");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->account, "111122223333");
  EXPECT_EQ(c->name, "Foo");
  auto d = ParseLambdaFunctionRef("arn:aws:lambda:eu-west-1:111122223333:function:Foo:7");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->region, "eu-west-1");
  EXPECT_EQ(d->name, "Foo");
  EXPECT_EQ(d->qualifier, "7");
  EXPECT_FALSE(ParseLambdaFunctionRef("").ok());
  EXPECT_FALSE(ParseLambdaFunctionRef("arn:aws:s3:::bucket").ok());
  EXPECT_FALSE(ParseLambdaFunctionRef("a b").ok());
  EXPECT_TRUE(IsLambdaInvokeResource("arn:aws:states:::lambda:invoke"));
  EXPECT_TRUE(IsLambdaInvokeResource("arn:aws:states:::lambda:invoke.waitForTaskToken"));
  EXPECT_FALSE(IsLambdaInvokeResource("arn:aws:states:::lambda:invoke.sync"));
  EXPECT_TRUE(IsLambdaFunctionArn("arn:aws:lambda:us-east-1:123456789012:function:Foo"));
  EXPECT_FALSE(IsLambdaFunctionArn("arn:aws:states:::lambda:invoke"));
}

TEST(Lambda, RequestIdIsUuidV4) {
  std::string id = NewRequestId();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[8], '-');
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(id, NewRequestId());
}

TEST(Lambda, InvokeResultShape) {
  json::Value r = MakeLambdaInvokeResult(J("{}"), 2, "req-1");
  std::string keys;
  for (const auto& [k, v] : r.as_object()) keys += std::string(k) + ",";
  EXPECT_EQ(keys, "ExecutedVersion,Payload,SdkHttpMetadata,SdkResponseMetadata,StatusCode,");
  const auto& http = r.at("SdkHttpMetadata");
  std::string all;
  for (const auto& [k, v] : http.at("AllHttpHeaders").as_object()) all += std::string(k) + ",";
  EXPECT_EQ(all,
            "X-Amz-Executed-Version,x-amzn-Remapped-Content-Length,Connection,x-amzn-RequestId,"
            "Content-Length,Date,X-Amzn-Trace-Id,Content-Type,");
  std::string hdr;
  for (const auto& [k, v] : http.at("HttpHeaders").as_object()) hdr += std::string(k) + ",";
  EXPECT_EQ(hdr,
            "Connection,Content-Length,Content-Type,Date,X-Amz-Executed-Version,"
            "x-amzn-Remapped-Content-Length,x-amzn-RequestId,X-Amzn-Trace-Id,");
  EXPECT_EQ(http.at("HttpHeaders").at("Content-Length"), "2");
  EXPECT_EQ(http.at("AllHttpHeaders").at("x-amzn-RequestId").at(0), "req-1");
  EXPECT_EQ(http.at("HttpStatusCode"), 200);
  EXPECT_EQ(r.at("SdkResponseMetadata").at("RequestId"), "req-1");
  EXPECT_EQ(r.at("ExecutedVersion"), "$LATEST");
}

TEST(Functions, ParseFlag) {
  auto a = ParseFunctionFlag("Foo=python3 x.py mod:handler");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->name, "Foo");
  EXPECT_EQ(a->command, "python3 x.py mod:handler");
  EXPECT_EQ(a->max_workers, 4);
  auto b = ParseFunctionFlag("Foo@8=cmd a=b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->max_workers, 8);
  EXPECT_EQ(b->command, "cmd a=b");
  EXPECT_FALSE(ParseFunctionFlag("Foo").ok());
  EXPECT_FALSE(ParseFunctionFlag("=cmd").ok());
  EXPECT_FALSE(ParseFunctionFlag("Foo=").ok());
  EXPECT_FALSE(ParseFunctionFlag("Foo@0=cmd").ok());
}

TEST(Functions, LoadFile) {
  auto specs = LoadFunctionsFile(kSrc + "/tests/data/integrations/functions.json");
  ASSERT_TRUE(specs.ok()) << specs.status().ToString();
  ASSERT_EQ(specs->size(), 2u);
  EXPECT_EQ((*specs)[0].name, "Echo");
  EXPECT_EQ((*specs)[0].max_workers, 4);
  EXPECT_EQ((*specs)[1].max_workers, 2);
  EXPECT_FALSE(LoadFunctionsFile("/nonexistent.json").ok());
}

// ----------------------------------------------------------------------- local functions --

std::string Py(std::string_view handler) {
  return "python3 " + kSrc + "/tools/sfn_function.py " + kSrc +
         "/tests/data/integrations/handlers.py:" + std::string(handler);
}

std::unique_ptr<LocalFunctionInvoker> MakeLocal(std::vector<FunctionSpec> specs) {
  auto inv = LocalFunctionInvoker::Create(std::move(specs));
  EXPECT_TRUE(inv.ok()) << inv.status().ToString();
  return inv.ok() ? std::move(inv).value() : nullptr;
}

TaskRequest InvokeReq(std::string_view function, std::string_view payload) {
  TaskRequest r;
  r.resource = "arn:aws:states:::lambda:invoke";
  r.state_name = "Task";
  json::Object params;
  params["FunctionName"] = function;
  params["Payload"] = J(payload);
  r.parameters = std::move(params);
  return r;
}

TEST(LocalFunctions, LambdaInvokeRoundTrip) {
  auto inv = MakeLocal({{"Transform", Py("transform"), 2}});
  ASSERT_TRUE(inv);
  auto out = Call(*inv, InvokeReq("Transform", R"({"n":21})"));
  ASSERT_TRUE(out.ok()) << out.failure().error << ": " << out.failure().cause;
  const json::Value& r = out.value();
  EXPECT_TRUE(json::Equal(r.at("Payload"), J(R"({"doubled":42,"function":"Transform"})")));
  EXPECT_EQ(r.at("StatusCode"), 200);
  // Content-Length is the runtime's raw response: Python's json.dumps text.
  EXPECT_EQ(r.at("SdkHttpMetadata").at("HttpHeaders").at("Content-Length").as_string(),
            std::to_string(std::string(R"({"doubled": 42, "function": "Transform"})").size()));
  EXPECT_EQ(r.at("SdkResponseMetadata").at("RequestId"),
            r.at("SdkHttpMetadata").at("HttpHeaders").at("x-amzn-RequestId"));
}

TEST(LocalFunctions, FunctionNameForms) {
  auto inv = MakeLocal({{"arn:aws:lambda:us-east-1:123456789012:function:Echo", Py("echo"), 1}});
  ASSERT_TRUE(inv);
  for (const char* name : {"Echo", "Echo:live", "123456789012:function:Echo",
                           "arn:aws:lambda:us-east-1:123456789012:function:Echo",
                           "arn:aws:lambda:us-east-1:123456789012:function:Echo:3"}) {
    auto out = Call(*inv, InvokeReq(name, R"({"x":[1,2.5,"s"]})"));
    ASSERT_TRUE(out.ok()) << name;
    EXPECT_TRUE(json::Equal(out.value().at("Payload"), J(R"({"x":[1,2.5,"s"]})"))) << name;
  }
  auto v3 = Call(*inv, InvokeReq("Echo:3", "{}"));
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3.value().at("ExecutedVersion"), "3");
  EXPECT_EQ(inv->stats().workers_spawned, 1u);
}

TEST(LocalFunctions, UnicodeAndLargePayloadsRoundTrip) {
  auto inv = MakeLocal({{"Echo", Py("echo"), 1}});
  auto uni = Call(*inv, InvokeReq("Echo", R"({"s":"h\u00e9llo \u2603 \ud83d\ude00 \n\t\"q\""})"));
  ASSERT_TRUE(uni.ok());
  EXPECT_EQ(uni.value().at("Payload").at("s").as_string(),
            "h\xc3\xa9llo \xe2\x98\x83 \xf0\x9f\x98\x80 \n\t\"q\"");
  std::string big(300000, 'x');
  TaskRequest r = InvokeReq("Echo", "{}");
  r.parameters.as_object()["Payload"].as_object()["big"] = big;
  auto out = Call(*inv, std::move(r));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.value().at("Payload").at("big").as_string().size(), big.size());
}

TEST(LocalFunctions, PayloadDefaultsToEmptyObject) {
  auto inv = MakeLocal({{"Echo", Py("echo"), 1}});
  TaskRequest r = InvokeReq("Echo", "{}");
  r.parameters.as_object().erase("Payload");
  auto out = Call(*inv, std::move(r));
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(json::Equal(out.value().at("Payload"), J("{}")));
}

TEST(LocalFunctions, BareArnReturnsResultDirectly) {
  auto inv = MakeLocal({{"Transform", Py("transform"), 1}});
  EXPECT_TRUE(inv->CanServe("arn:aws:lambda:us-east-1:123456789012:function:Transform", "", ""));
  EXPECT_FALSE(inv->CanServe("arn:aws:lambda:us-east-1:123456789012:function:Nope", "", ""));
  EXPECT_TRUE(inv->CanServe("arn:aws:states:::lambda:invoke", "", ""));
  EXPECT_FALSE(inv->CanServe("arn:aws:states:::sqs:sendMessage", "", ""));
  TaskRequest r;
  r.resource = "arn:aws:lambda:us-east-1:123456789012:function:Transform";
  r.parameters = J(R"({"n":5})");
  auto out = Call(*inv, std::move(r));
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(json::Equal(out.value(), J(R"({"doubled":10,"function":"Transform"})")));
}

TEST(LocalFunctions, FunctionErrorMapping) {
  auto inv = MakeLocal({{"Fail", Py("fail"), 1}});
  auto out = Call(*inv, InvokeReq("Fail", R"({"n":7})"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.failure().error, "ValueError");
  auto cause = J(out.failure().cause);
  std::string keys;
  for (const auto& [k, v] : cause.as_object()) keys += std::string(k) + ",";
  EXPECT_EQ(keys, "errorMessage,errorType,requestId,stackTrace,");
  EXPECT_EQ(cause.at("errorMessage"), "bad input: 7");
  EXPECT_EQ(cause.at("requestId").as_string().size(), 36u);
  EXPECT_NE(json::Serialize(cause.at("stackTrace")).find("in fail"), std::string::npos);
  EXPECT_TRUE(out.failure().cause.starts_with(
      R"({"errorMessage":"bad input: 7","errorType":"ValueError","requestId":")"))
      << "lambda:invoke causes are compact: " << out.failure().cause;

  TaskRequest bare;
  bare.resource = "arn:aws:lambda:us-east-1:123456789012:function:Fail";
  bare.parameters = J(R"({"n":8})");
  auto b = Call(*inv, std::move(bare));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.failure().error, "ValueError");
  EXPECT_TRUE(b.failure().cause.starts_with(R"({"errorMessage": "bad input: 8", "errorType": )"))
      << b.failure().cause;
}

TEST(LocalFunctions, UnknownFunction) {
  auto inv = MakeLocal({{"Echo", Py("echo"), 1}});
  TaskRequest r = InvokeReq("Missing", "{}");
  r.region = "eu-west-1";
  r.account = "111122223333";
  auto out = Call(*inv, std::move(r));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.failure().error, "Lambda.ResourceNotFoundException");
  const std::string prefix =
      "Function not found: arn:aws:lambda:eu-west-1:111122223333:function:Missing (Service: "
      "AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ";
  EXPECT_TRUE(out.failure().cause.starts_with(prefix)) << out.failure().cause;
  EXPECT_TRUE(out.failure().cause.ends_with("; Proxy: null)"));
  EXPECT_EQ(inv->stats().workers_spawned, 0u);
}

TEST(LocalFunctions, CrashFailsInvocationAndWorkerIsReplaced) {
  auto inv = MakeLocal({{"Crashy", Py("crash_on_demand"), 1}});
  auto first = Call(*inv, InvokeReq("Crashy", R"({"i":1})"));
  ASSERT_TRUE(first.ok());
  auto crash = Call(*inv, InvokeReq("Crashy", R"({"crash":true})"));
  ASSERT_FALSE(crash.ok());
  EXPECT_EQ(crash.failure().error, "Lambda.Unknown");
  EXPECT_NE(crash.failure().cause.find("Runtime exited with error: exit status 3"),
            std::string::npos)
      << crash.failure().cause;
  auto after = Call(*inv, InvokeReq("Crashy", R"({"i":2})"));
  ASSERT_TRUE(after.ok());
  EXPECT_NE(after.value().at("Payload").at("pid"), first.value().at("Payload").at("pid"));
  EXPECT_EQ(inv->stats().workers_spawned, 2u);
  EXPECT_EQ(inv->stats().workers_crashed, 1u);
}

TEST(LocalFunctions, EventsPipelinedBehindACrashAreRequeued) {
  auto inv = MakeLocal({{"Crashy", Py("crash_on_demand"), 1, 8}});
  std::mutex mu;
  std::condition_variable cv;
  int remaining = 10;
  std::vector<std::string> errors(10);
  for (int i = 0; i < 10; ++i) {
    TaskRequest r = InvokeReq("Crashy", i == 3 ? R"({"crash":true})" : "{}");
    r.parameters.as_object()["Payload"].as_object()["i"] = i;
    inv->Invoke(std::move(r), [&, i](asl::Outcome<json::Value> o) {
      std::lock_guard<std::mutex> lock(mu);
      if (!o.ok()) {
        errors[i] = o.failure().error;
      } else if (o.value().at("Payload").at("i") != i) {
        errors[i] = "wrong";
      }
      if (--remaining == 0) cv.notify_one();
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return remaining == 0; });
  for (int i = 0; i < 10; ++i) EXPECT_EQ(errors[i], i == 3 ? "Lambda.Unknown" : "") << i;
  EXPECT_EQ(inv->stats().workers_spawned, 2u);
}

TEST(LocalFunctions, NonJsonOutputIsAProtocolError) {
  auto inv =
      MakeLocal({{"Bad", "while read line; do echo not-json; done", 1}, {"Dies", "exit 1", 1}});
  auto out = Call(*inv, InvokeReq("Bad", "{}"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.failure().error, "Lambda.Unknown");
  auto dies = Call(*inv, InvokeReq("Dies", "{}"));
  ASSERT_FALSE(dies.ok());
  EXPECT_EQ(dies.failure().error, "Lambda.Unknown");
  EXPECT_NE(dies.failure().cause.find("exit status 1"), std::string::npos);
}

TEST(LocalFunctions, BrokenCommandFailsBatchesNotOneSpawnPerEvent) {
  auto inv = MakeLocal({{"Dies", "exit 1", 1, 8}});
  std::mutex mu;
  std::condition_variable cv;
  int remaining = 200, unknown = 0;
  for (int i = 0; i < 200; ++i) {
    inv->Invoke(InvokeReq("Dies", "{}"), [&](asl::Outcome<json::Value> o) {
      std::lock_guard<std::mutex> lock(mu);
      if (!o.ok() && o.failure().error == "Lambda.Unknown") ++unknown;
      if (--remaining == 0) cv.notify_one();
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return remaining == 0; });
  EXPECT_EQ(unknown, 200);
  EXPECT_LE(inv->stats().workers_spawned, 100u);
}

TEST(LocalFunctions, PythonInitErrors) {
  auto inv = MakeLocal({{"NoModule", "python3 " + kSrc + "/tools/sfn_function.py nosuchmod:h", 1},
                        {"NoHandler", Py("nohandler"), 1}});
  auto a = Call(*inv, InvokeReq("NoModule", "{}"));
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.failure().error, "Runtime.ImportModuleError");
  EXPECT_NE(a.failure().cause.find("Unable to import module 'nosuchmod'"), std::string::npos);
  auto b = Call(*inv, InvokeReq("NoHandler", "{}"));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.failure().error, "Runtime.HandlerNotFound");
  EXPECT_NE(b.failure().cause.find("Handler 'nohandler' missing on module 'handlers'"),
            std::string::npos);
}

TEST(LocalFunctions, MarshalErrorFromPythonRuntime) {
  auto inv = MakeLocal({{"U", Py("unserialisable"), 1}});
  auto out = Call(*inv, InvokeReq("U", "{}"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.failure().error, "Runtime.MarshalError");
}

// Fires `n` invocations at once and waits for all; returns elapsed seconds.
double Burst(TaskInvoker& inv, const std::string& fn, int n, std::atomic<int>& wrong) {
  std::mutex mu;
  std::condition_variable cv;
  int remaining = n;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    TaskRequest r = InvokeReq(fn, "{}");
    r.parameters.as_object()["Payload"] = json::Object{{"i", i}};
    inv.Invoke(std::move(r), [&, i](asl::Outcome<json::Value> o) {
      if (!o.ok() || o.value().at("Payload").at("i") != i) wrong.fetch_add(1);
      std::lock_guard<std::mutex> lock(mu);
      if (--remaining == 0) cv.notify_one();
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return remaining == 0; });
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(LocalFunctions, TenThousandConcurrentThroughFourWorkers) {
  auto inv = MakeLocal({{"Echo", Py("echo"), 4}});
  std::atomic<int> wrong{0};
  double cold = Burst(*inv, "Echo", 10000, wrong);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(inv->stats().workers_spawned, 4u);
  EXPECT_EQ(inv->stats().invocations_done, 10000u);
  std::printf("[ perf ] 10000 invocations through 4 python workers, cold start: %.3f s\n", cold);
  double secs = Burst(*inv, "Echo", 10000, wrong);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(inv->stats().workers_spawned, 4u);
  EXPECT_EQ(inv->stats().invocations_done, 20000u);
  std::printf("[ perf ] 10000 invocations through 4 warm python workers: %.3f s (%.0f/s)\n", secs,
              10000 / secs);
}

TEST(LocalFunctions, ThroughputOneWorker) {
  auto inv = MakeLocal({{"Echo", Py("echo"), 1}});
  std::atomic<int> wrong{0};
  Burst(*inv, "Echo", 100, wrong);  // warm up (worker start)
  double secs = Burst(*inv, "Echo", 10000, wrong);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(inv->stats().workers_spawned, 1u);
  std::printf("[ perf ] 10000 invocations through 1 python worker: %.3f s (%.0f/s)\n", secs,
              10000 / secs);
}

TEST(LocalFunctions, SequentialCallsReuseOneWorker) {
  auto inv = MakeLocal({{"Crashy", Py("crash_on_demand"), 4}});
  json::Value pid;
  for (int i = 0; i < 50; ++i) {
    auto out = Call(*inv, InvokeReq("Crashy", R"({"i":1})"));
    ASSERT_TRUE(out.ok());
    if (i == 0) pid = out.value().at("Payload").at("pid");
    EXPECT_EQ(out.value().at("Payload").at("pid"), pid);
  }
  EXPECT_EQ(inv->stats().workers_spawned, 1u);
}

TEST(LocalFunctions, ShutdownFailsPendingInvocations) {
  auto inv = MakeLocal({{"Slow", "sleep 5", 1}});
  std::promise<asl::Outcome<json::Value>> p;
  inv->Invoke(InvokeReq("Slow", "{}"),
              [&p](asl::Outcome<json::Value> o) { p.set_value(std::move(o)); });
  auto start = std::chrono::steady_clock::now();
  inv->Shutdown();
  auto out = p.get_future().get();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.failure().error, "Lambda.ServiceException");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  auto late = Call(*inv, InvokeReq("Slow", "{}"));
  EXPECT_FALSE(late.ok());
}

TEST(LocalFunctions, CreateRejectsBadSpecs) {
  EXPECT_FALSE(LocalFunctionInvoker::Create({{"", "cmd", 1}}).ok());
  EXPECT_FALSE(LocalFunctionInvoker::Create({{"A", "", 1}}).ok());
  EXPECT_FALSE(LocalFunctionInvoker::Create({{"A", "cmd", 0}}).ok());
  EXPECT_FALSE(LocalFunctionInvoker::Create({{"A", "cmd", 1}, {"A", "cmd2", 1}}).ok());
}

// ------------------------------------------------------------------------------- chain --

TEST(Chain, MockFirstThenLocalThenNothing) {
  auto mock = LoadMockInvoker(MockPath(), "HybridPath");
  ASSERT_TRUE(mock.ok());
  auto local = MakeLocalFunctionInvoker({{"Echo", Py("echo"), 1}});
  ASSERT_TRUE(local.ok());
  std::vector<std::unique_ptr<TaskInvoker>> v;
  v.push_back(std::move(mock).value());
  v.push_back(std::move(local).value());
  auto chain = MakeChain(std::move(v));
  auto mocked = Call(*chain, MockReq("LambdaState", 0));
  ASSERT_TRUE(mocked.ok());
  EXPECT_EQ(mocked.value().at("Payload").at("body"), "Hello from Lambda!");
  TaskRequest real = InvokeReq("Echo", R"({"k":1})");
  real.state_machine_name = "LambdaSQSIntegration";
  real.state_name = "OtherLambda";
  auto local_out = Call(*chain, std::move(real));
  ASSERT_TRUE(local_out.ok());
  EXPECT_EQ(local_out.value().at("Payload").at("k"), 1);
  EXPECT_FALSE(
      chain->CanServe("arn:aws:states:::sqs:sendMessage", "LambdaSQSIntegration", "SQSState"));
  TaskRequest sqs = MockReq("SQSState", 0);
  sqs.resource = "arn:aws:states:::sqs:sendMessage";
  auto none = Call(*chain, std::move(sqs));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.failure().error, "States.Runtime");
  EXPECT_TRUE(chain->ResultCompletesCallback("arn:aws:states:::lambda:invoke.waitForTaskToken",
                                             "LambdaSQSIntegration", "LambdaState"));
  EXPECT_FALSE(chain->ResultCompletesCallback("arn:aws:states:::lambda:invoke.waitForTaskToken",
                                              "LambdaSQSIntegration", "OtherLambda"));
  chain->Shutdown();
}

}  // namespace
}  // namespace sfn::integrations
