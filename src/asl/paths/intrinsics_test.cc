// Tests for intrinsic functions: the JSONPath examples of tests/data/intrinsics/examples.json
// (AWS docs and AWS-recorded runs), plus parser, escape and failure cases.
//
// Deliberate skips: none of the JSONPath intrinsic examples; the JSONata ones (kind "jsonata")
// belong to the JSONata evaluator.

#include "asl/paths/intrinsics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

namespace sfn::asl {
namespace {

json::Value J(std::string_view text) {
  auto v = json::Parse(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? std::move(v).value() : json::Value();
}

IntrinsicCall C(std::string_view text) {
  auto c = IntrinsicCall::Compile(text);
  EXPECT_TRUE(c.ok()) << text << ": " << c.status().ToString();
  return c.ok() ? std::move(c).value() : IntrinsicCall();
}

Outcome<json::Value> RunCall(std::string_view call, std::string_view input = "{}") {
  json::Value in = J(input);
  return C(call).Evaluate(PathScope{&in, nullptr, nullptr}, "f.$");
}

std::string Ok(std::string_view call, std::string_view input = "{}") {
  auto r = RunCall(call, input);
  if (!r.ok()) return "FAILED: " + r.failure().cause;
  return json::Serialize(r.value());
}

Failure Bad(std::string_view call, std::string_view input = "{}") {
  auto r = RunCall(call, input);
  EXPECT_FALSE(r.ok()) << call;
  return r.ok() ? Failure{} : r.failure();
}

bool CheckConstraint(const json::Object& ex, const json::Value& got) {
  std::string fn(ex.at("function").as_string());
  if (fn == "States.UUID") {
    static const std::regex kUuid(
        "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    return got.is_string() && std::regex_match(std::string(got.get_string()), kUuid);
  }
  if (fn == "States.MathRandom") {
    const json::Object& input = ex.at("input").as_object();
    const json::Value* fi = input.if_contains("FunctionInput");
    const json::Object& in = fi != nullptr && fi->is_object() ? fi->as_object() : input;
    double lo = json::AsDouble(in.contains("fst") ? in.at("fst") : in.at("start"));
    double hi = json::AsDouble(in.contains("snd") ? in.at("snd") : in.at("end"));
    return got.is_int64() && got.get_int64() >= std::floor(lo) && got.get_int64() <= std::ceil(hi);
  }
  return false;
}

TEST(IntrinsicsTest, ExamplesFile) {
  std::ifstream f(std::string(SFN_SOURCE_DIR) + "/tests/data/intrinsics/examples.json");
  std::stringstream ss;
  ss << f.rdbuf();
  json::Value all = J(ss.str());
  int total = 0, passed = 0;
  for (const json::Value& v : all.as_array()) {
    const json::Object& ex = v.as_object();
    if (ex.at("query_language").as_string() != "JSONPath" ||
        ex.at("kind").as_string() != "intrinsic") {
      continue;
    }
    ++total;
    std::string id(ex.at("id").as_string());
    auto call = IntrinsicCall::Compile(ex.at("call").as_string());
    if (!call.ok()) {
      ADD_FAILURE() << id << ": " << call.status().ToString();
      continue;
    }
    const json::Value* ctx = ex.if_contains("context");
    PathScope scope{&ex.at("input"), ctx, nullptr};
    auto got = call->Evaluate(scope, "FunctionResult.$");
    if (!got.ok()) {
      ADD_FAILURE() << id << " failed: " << got.failure().cause;
      continue;
    }
    bool ok = false;
    if (ex.contains("expected_constraint")) {
      ok = CheckConstraint(ex, got.value());
    } else {
      // Numbers keep their kind and keys their order: compare the serialised forms.
      ok = json::Serialize(got.value()) == json::Serialize(ex.at("expected"));
    }
    if (ok) {
      ++passed;
    } else {
      ADD_FAILURE() << id << " " << ex.at("call").as_string() << " got "
                    << json::Serialize(got.value()) << " want "
                    << json::Serialize(ex.at("expected"));
    }
  }
  std::cout << "[intrinsics examples] " << passed << "/" << total << " JSONPath cases pass\n";
  EXPECT_EQ(total, 154);
}

TEST(IntrinsicsTest, Syntax) {
  EXPECT_EQ(Ok("States.Array()"), "[]");
  EXPECT_EQ(Ok("States.Array( 1 , -2.5, true, false, null, 'x' )"),
            R"([1,-2.5,true,false,null,"x"])");
  EXPECT_EQ(Ok("States.Format('a\\'b\\{\\}c\\\\{}', 1)"), R"("a'b{}c\\1")");
  EXPECT_EQ(Ok("States.Format('{} and {}', 'x,y', 'a)b')"), R"("x,y and a)b")");
  EXPECT_EQ(Ok("States.ArrayGetItem(States.StringSplit($.s, '-'), 0)", R"({"s":"ab-cd"})"),
            R"("ab")");
  EXPECT_EQ(Ok("States.ArrayLength($.a[?(@.x > 1)])", R"({"a":[{"x":1},{"x":2},{"x":3}]})"), "2");
  EXPECT_EQ(Ok("States.Array($['a,b'])", R"({"a,b":1})"), "[1]");
  EXPECT_EQ(Ok("States.StringSplit('Hello\nWorld', '\n')"), R"(["Hello","World"])");
  for (const char* bad :
       {"States.Nope(1)", "States.Format()", "States.UUID(1)", "States.Array(", "States.Array('x)",
        "States.Format('He said, \\\"Hello\\\"')", "States.Array(1) x", "States.Array(abc)",
        "States.ArrayLength($.a, 1)", "States.Array($.)"}) {
    EXPECT_FALSE(IntrinsicCall::Compile(bad).ok()) << bad;
  }
  // Nine nested intrinsic functions in one field (shape of the AWS docs example).
  EXPECT_EQ(Ok("States.Format('{}.{}', States.ArrayGetItem(States.StringSplit("
               "States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), "
               "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit("
               "$.ImageRecipe.Arn, '/'), 2), '.'), 1))",
               R"({"ImageRecipe":{"Arn":"arn:aws:imagebuilder:r:1:image-recipe/x/1.2.3"}})"),
            R"("1.2")");
  std::string deep = "1";
  for (int i = 0; i < 10; ++i) deep = "States.Array(" + deep + ")";
  EXPECT_TRUE(IntrinsicCall::Compile(deep).ok());
  EXPECT_FALSE(IntrinsicCall::Compile("States.Array(" + deep + ")").ok());
  EXPECT_TRUE(IntrinsicCall::LooksLikeCall("States.UUID()"));
  EXPECT_FALSE(IntrinsicCall::LooksLikeCall("$.a"));
}

TEST(IntrinsicsTest, Functions) {
  EXPECT_EQ(Ok("States.Format('{} {} {} {}', $.o, $.a, 1.0E21, $.d)",
               R"({"o":{"Id":"x","N":{"k":[1,"s"]}},"a":[1,2.5],"d":0.1})"),
            R"("{Id=x, N={k=[1, s]}} [1, 2.5] 1.0E21 0.1")");
  EXPECT_EQ(Ok("States.ArrayRange(0, 3, 1)"), "[0,1,2,3]");
  EXPECT_EQ(Ok("States.ArrayRange(5, 1, -2)"), "[5,3,1]");
  EXPECT_EQ(Ok("States.ArrayRange(5, 1, 2)"), "[]");
  EXPECT_EQ(Ok("States.ArrayUnique($.a)", R"({"a":[1,1.0,{"a":1,"b":2},{"b":2,"a":1},"x","x"]})"),
            R"([1,1.0,{"a":1,"b":2},"x"])");
  EXPECT_EQ(Ok("States.ArrayContains($.a, 1)", R"({"a":[1.0]})"), "false");
  EXPECT_EQ(Ok("States.JsonMerge($.a, $.b, false)", R"({"a":{"x":1,"y":2},"b":{"x":3,"z":4}})"),
            R"({"x":3,"y":2,"z":4})");
  // Key order of java.util.HashMap (checked with a JVM: new HashMap<>(m1).putAll(m2)).
  EXPECT_EQ(Ok("States.JsonMerge($.a, $.b, false)",
               R"({"a":{"zeta":1,"alpha":1,"Name":1,"id":1,"key10":1,"b":1},
                   "b":{"omega":2,"alpha":2,"x1":2,"x2":2,"x3":2,"x4":2,"x5":2,"x6":2,
                        "x7":2,"x8":2,"\u00e9":2,"\ud83d\ude00":2}})"),
            "{\"zeta\":1,\"x8\":2,\"b\":1,\"\xc3\xa9\":2,\"key10\":1,\"omega\":2,\"Name\":1,"
            "\"alpha\":2,\"\xf0\x9f\x98\x80\":2,\"x1\":2,\"x2\":2,\"id\":1,\"x3\":2,\"x4\":2,"
            "\"x5\":2,\"x6\":2,\"x7\":2}");
  EXPECT_EQ(Ok("States.MathAdd($.v, -1)", R"({"v":111})"), "110");
  EXPECT_EQ(Ok("States.StringSplit('a1b22c', '12')"), R"(["a","b","c"])");
  EXPECT_EQ(Ok("States.StringSplit('x\xe2\x98\xbay', '\xe2\x98\xba')"), R"(["x","y"])");
  EXPECT_EQ(Ok("States.Base64Decode(States.Base64Encode('h\xc3\xa9llo'))"), "\"h\xc3\xa9llo\"");
  EXPECT_EQ(Ok("States.Base64Encode('ab')"), R"("YWI=")");
  EXPECT_EQ(Ok("States.Base64Decode('YWI=')"), R"("ab")");
  EXPECT_EQ(Ok("States.Hash($.x, 'SHA-256')", R"({"x":"input data"})"),
            R"("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3")");
  EXPECT_EQ(Ok("States.StringToJson('{\"a\":[1,2.5]}')"), R"({"a":[1,2.5]})");
  EXPECT_EQ(Ok("States.JsonToString($)", R"({"a":1.0,"b":"x"})"), R"("{\"a\":1.0,\"b\":\"x\"}")");
}

TEST(IntrinsicsTest, SeededRandomMatchesJava) {
  // Values from java.util.Random: new Random(3).nextInt(1000) == 734,
  // new Random(-7).nextInt(90001) == 38241.
  EXPECT_EQ(Ok("States.MathRandom(0, 999, 3)"), "734");
  EXPECT_EQ(Ok("States.MathRandom(-99999, -9999, -7)"), std::to_string(-99999 + 38241));
  EXPECT_EQ(Ok("States.MathRandom(5, 5)"), "5");
  for (int i = 0; i < 50; ++i) {
    auto r = RunCall("States.MathRandom(1, 3)");
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r.value().as_int64(), 1);
    EXPECT_LE(r.value().as_int64(), 3);
  }
  EXPECT_NE(Ok("States.UUID()"), Ok("States.UUID()"));
}

TEST(IntrinsicsTest, Failures) {
  const char* kIF = "States.IntrinsicFailure";
  EXPECT_EQ(Bad("States.Format('{} {}', 1)").error, kIF);
  EXPECT_EQ(Bad("States.Format('{}', 1, 2)").error, kIF);
  EXPECT_EQ(Bad("States.Format(1)").error, kIF);
  EXPECT_EQ(Bad("States.StringToJson('{')").error, kIF);
  EXPECT_EQ(Bad("States.ArrayPartition($.a, 0)", R"({"a":[1]})").error, kIF);
  EXPECT_EQ(Bad("States.ArrayPartition($.a, 1.5)", R"({"a":[1]})").error, kIF);
  EXPECT_EQ(Bad("States.ArrayRange(0, 1000, 1)").error, kIF);
  EXPECT_EQ(Ok("States.ArrayLength(States.ArrayRange(1, 1000, 1))"), "1000");
  EXPECT_EQ(Bad("States.ArrayRange(0, 10, 0)").error, kIF);
  EXPECT_EQ(Bad("States.ArrayGetItem($.a, 1)", R"({"a":[1]})").error, kIF);
  EXPECT_EQ(Bad("States.ArrayLength('x')").error, kIF);
  EXPECT_EQ(Bad("States.Hash('x', 'SHA-2')").error, kIF);
  EXPECT_EQ(Bad("States.JsonMerge($.a, $.a, true)", R"({"a":{}})").error, kIF);
  EXPECT_EQ(Bad("States.Base64Decode('***')").error, kIF);
  EXPECT_EQ(Bad("States.Base64Encode($.s)", R"({"s":")" + std::string(10001, 'a') + "\"}").error,
            kIF);
  EXPECT_EQ(Bad("States.MathAdd('a', 1)").error, kIF);
  EXPECT_EQ(Bad("States.MathAdd(9223372036854775807, 1)").error, kIF);
  EXPECT_EQ(Bad("States.ArrayRange(-9223372036854775807, 9223372036854775807, 1)").error, kIF);
  EXPECT_EQ(Bad("States.MathRandom(-9223372036854775807, 9223372036854775807)").error, kIF);
  Failure f = Bad("States.Array($.missing)", R"({"a":1})");
  EXPECT_EQ(f.error, "States.Runtime");
  EXPECT_EQ(f.cause,
            "The JSONPath '$.missing' specified for the field 'f.$' could not be found in the "
            "input '{\"a\":1}'");
}

}  // namespace
}  // namespace sfn::asl
