// Tests for PayloadTemplate and DynamicValue, including 100 AWS-recorded single-Pass-state
// executions (tests/data/jsonpath/aws_pass_cases.json) run through a minimal JSONPath Pass
// pipeline: InputPath -> Parameters/Result -> ResultPath -> OutputPath.

#include "asl/paths/payload_template.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace sfn::asl {
namespace {

json::Value J(std::string_view text) {
  auto v = json::Parse(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? std::move(v).value() : json::Value();
}

PayloadTemplate T(std::string_view tmpl) {
  auto t = PayloadTemplate::Compile(J(tmpl), "Parameters");
  EXPECT_TRUE(t.ok()) << tmpl << ": " << t.status().ToString();
  return t.ok() ? std::move(t).value() : PayloadTemplate();
}

Outcome<json::Value> Eval(std::string_view tmpl, std::string_view input) {
  json::Value in = J(input);
  json::Value ctx =
      J(R"({"Execution":{"Id":"arn:e","Input":{"k":"v"}},"Map":{"Item":{"Index":2}}})");
  return T(tmpl).Evaluate(PathScope{&in, &ctx, nullptr});
}

std::string Ok(std::string_view tmpl, std::string_view input) {
  auto r = Eval(tmpl, input);
  return r.ok() ? json::Serialize(r.value()) : "FAILED: " + r.failure().cause;
}

TEST(PayloadTemplateTest, Builds) {
  // Static fields keep template order; ".$" fields follow in java.util.HashMap order.
  EXPECT_EQ(Ok(R"({"a":1,"b.$":"$.x","c":{"d.$":"$$.Execution.Id","e":[{"f.$":"$.y[0]"},2]}})",
               R"({"x":"X","y":[true]})"),
            R"({"a":1,"c":{"e":[{"f":true},2],"d":"arn:e"},"b":"X"})");
  EXPECT_EQ(Ok(R"j({"n.$":"States.MathAdd($.v, 1)","i.$":"$$.Map.Item.Index","s":"$.lit"})j",
               R"({"v":1})"),
            R"({"s":"$.lit","i":2,"n":2})");
  EXPECT_EQ(Ok(R"({"all.$":"$","many.$":"$.a[*].b"})", R"({"a":[{"b":1},{"b":2}]})"),
            R"({"all":{"a":[{"b":1},{"b":2}]},"many":[1,2]})");
  EXPECT_TRUE(T(R"({"a":{"b":[1,"$.x"]}})").IsStatic());
  EXPECT_FALSE(T(R"({"a":{"b.$":"$"}})").IsStatic());
  EXPECT_EQ(Ok(R"("plain")", "{}"), R"("plain")");
}

// Key orders recorded on AWS (base test_query_context_object_values, scenarios
// test_map_state_item_selector).
TEST(PayloadTemplateTest, AwsKeyOrder) {
  EXPECT_EQ(Ok(R"({"context_object.$":"$","execution.$":"$","execution_id.$":"$",
                   "execution_input.$":"$","execution_name.$":"$","execution_rolearn.$":"$",
                   "execution_starttime.$":"$","state.$":"$","state_enteredtime.$":"$",
                   "state_name.$":"$","statemachine.$":"$","statemachine_id.$":"$",
                   "statemachine_name.$":"$"})",
               "0"),
            R"({"execution":0,"execution_rolearn":0,"execution_name":0,"statemachine_id":0,)"
            R"("execution_id":0,"execution_input":0,"execution_starttime":0,"state_name":0,)"
            R"("state_enteredtime":0,"statemachine":0,"state":0,"context_object":0,)"
            R"("statemachine_name":0})");
  EXPECT_EQ(Ok(R"({"original_input.$":"$","iteration_input_value.$":"$","iteration_index.$":"$",
                   "from_input_constant.$":"$","constant_value":"HelloWorld"})",
               "1"),
            R"({"constant_value":"HelloWorld","iteration_input_value":1,"from_input_constant":1,)"
            R"("iteration_index":1,"original_input":1})");
  EXPECT_EQ(Ok(R"({"Iterations":3,"Values.$":"$"})", "1"), R"({"Iterations":3,"Values":1})");
  EXPECT_EQ(Ok(R"({"Iterations.$":"$","Values.$":"$"})", "1"), R"({"Values":1,"Iterations":1})");
}

class MapVars : public VariableResolver {
 public:
  json::Value vars;
  const json::Value* Find(std::string_view name) const override {
    return vars.as_object().if_contains(name);
  }
};

// Recorded on AWS: assign test_reference_assign BASE_REFERENCE_IN_INTRINSIC_FUNCTION (variables
// as intrinsic arguments; nested objects keep their place, ".$" fields in HashMap order).
TEST(PayloadTemplateTest, AwsVariablesInIntrinsics) {
  MapVars v;
  v.vars = J(R"({"rawString":"Hello World","encodedString":"SGVsbG8gV29ybGQ=",
      "inputString":"Hash this string","json1":{"a":1,"b":2},"json2":{"c":3,"d":4},
      "jsonString":"{\"key\":\"value\"}","jsonObject":{"test":"object"},"value1":5,
      "value2":3,"csvString":"a,b,c,d,e","name":"John","place":"LocalStack"})");
  auto t = PayloadTemplate::Compile(J(R"j({
      "encodingOps":{"encoded.$":"States.Base64Encode($rawString)",
                     "decoded.$":"States.Base64Decode($encodedString)"},
      "hashOps":{"hashValue.$":"States.Hash($inputString, 'SHA-256')"},
      "jsonOps":{"mergedJson.$":"States.JsonMerge($json1, $json2, false)",
                 "parsedJson.$":"States.StringToJson($jsonString)",
                 "stringifiedJson.$":"States.JsonToString($jsonObject)"},
      "mathOps":{"sum.$":"States.MathAdd($value1, $value2)"},
      "stringOps":{"splitString.$":"States.StringSplit($csvString, ',')",
                   "formattedString.$":"States.Format('Hello {}, welcome to {}!', $name, $place)"}
      })j"),
                                    "Parameters");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  json::Value in = json::Object();
  auto r = t->Evaluate(PathScope{&in, nullptr, &v});
  ASSERT_TRUE(r.ok()) << r.failure().cause;
  EXPECT_EQ(
      json::Serialize(r.value()),
      R"({"encodingOps":{"decoded":"Hello World","encoded":"SGVsbG8gV29ybGQ="},)"
      R"("hashOps":{"hashValue":"1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e"},)"
      R"("jsonOps":{"parsedJson":{"key":"value"},"mergedJson":{"a":1,"b":2,"c":3,"d":4},)"
      R"("stringifiedJson":"{\"test\":\"object\"}"},"mathOps":{"sum":8},)"
      R"("stringOps":{"formattedString":"Hello John, welcome to LocalStack!",)"
      R"("splitString":["a","b","c","d","e"]}})");
}

TEST(PayloadTemplateTest, Failures) {
  auto r = Eval(R"({"value.$":"$.no_such_jsonpath"})", R"({"a":1})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().error, "States.Runtime");
  EXPECT_EQ(r.failure().cause,
            "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be "
            "found in the input '{\"a\":1}'");
  auto i = Eval(R"j({"x":{"y.$":"States.ArrayGetItem($.a, 5)"}})j", R"({"a":[]})");
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.failure().error, "States.IntrinsicFailure");
}

TEST(PayloadTemplateTest, CompileErrors) {
  auto bad = PayloadTemplate::Compile(
      J(R"j({"parsed.$":"States.Format('He said, \\\"Hello, {}!\\\"', 'Test')"})j"), "Parameters");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic "
            "function call at /Parameters");
  for (const char* t : {R"({"a.$":1})", R"({"a.$":"nope"})", R"({"a.$":"$.["})",
                        R"j({"x":{"a.$":"States.Nope()"}})j", R"({"a":1,"a.$":"$"})"}) {
    EXPECT_FALSE(PayloadTemplate::Compile(J(t), "Parameters").ok()) << t;
  }
  auto nested = PayloadTemplate::Compile(J(R"({"x":[{"a.$":"bad"}]})"), "ItemSelector");
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.status().message().find("at /ItemSelector/x/0"), std::string::npos);
}

TEST(DynamicValueTest, PathsAndIntrinsics) {
  json::Value in = J(R"({"Error":"E1","c":{"d":"C"}})");
  PathScope scope{&in, nullptr, nullptr};
  auto e = DynamicValue::Compile("$.Error");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(json::Serialize(e->Evaluate(scope, "ErrorPath").value()), R"("E1")");
  auto f = DynamicValue::Compile("States.Format('cause: {}', $.c.d)");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(json::Serialize(f->Evaluate(scope, "CausePath").value()), R"("cause: C")");
  auto missing = DynamicValue::Compile("$.ErrorX");
  ASSERT_TRUE(missing.ok());
  auto r = missing->Evaluate(scope, "ErrorPath");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().cause,
            "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in "
            "the input '{\"Error\":\"E1\",\"c\":{\"d\":\"C\"}}'");
  EXPECT_FALSE(DynamicValue::Compile("$.a[*]").ok());
  EXPECT_FALSE(DynamicValue::Compile("oops").ok());
}

// Minimal JSONPath Pass state: enough to replay the recorded single-state executions.
Outcome<json::Value> RunPass(const json::Object& st, const json::Value& input) {
  json::Value ctx = json::Object{{"Execution", json::Object{{"Input", input}}}};
  auto select = [&](const char* field, const json::Value& doc) -> Outcome<json::Value> {
    const json::Value* f = st.if_contains(field);
    if (f == nullptr) return doc;
    if (f->is_null()) return json::Value(json::Object());
    auto p = JsonPath::Compile(f->as_string());
    if (!p.ok()) return Failure{"Compile", p.status().message()};
    PathScope scope{&doc, &ctx, nullptr};
    auto v = p->Evaluate(scope);
    if (!v) {
      return Failure{errors::kRuntime,
                     "Invalid path '" + p->text() + "' : " + p->NotFoundMessage(scope)};
    }
    return std::move(*v);
  };
  auto effective = select("InputPath", input);
  if (!effective.ok()) return effective;
  json::Value result = effective.value();
  if (const json::Value* params = st.if_contains("Parameters")) {
    auto t = PayloadTemplate::Compile(*params, "Parameters");
    if (!t.ok()) return Failure{"Compile", t.status().message()};
    auto r = t->Evaluate(PathScope{&effective.value(), &ctx, nullptr});
    if (!r.ok()) return r;
    result = std::move(r).value();
  }
  if (const json::Value* fixed = st.if_contains("Result")) result = *fixed;
  std::optional<JsonPath> rp = JsonPath::CompileReference("$").value();
  if (const json::Value* f = st.if_contains("ResultPath")) {
    rp.reset();
    if (!f->is_null()) rp = JsonPath::CompileReference(f->as_string()).value();
  }
  auto out = ApplyResultPath(rp ? &*rp : nullptr, input, std::move(result));
  if (!out.ok()) return out;
  return select("OutputPath", out.value());
}

TEST(PayloadTemplateTest, AwsRecordedPassStates) {
  std::ifstream f(std::string(SFN_SOURCE_DIR) + "/tests/data/jsonpath/aws_pass_cases.json");
  std::stringstream ss;
  ss << f.rdbuf();
  json::Value all = J(ss.str());
  int total = 0, passed = 0;
  for (const json::Value& v : all.as_array()) {
    const json::Object& c = v.as_object();
    ++total;
    const json::Object& exp = c.at("expected").as_object();
    auto got = RunPass(c.at("state").as_object(), c.at("input"));
    bool ok = false;
    std::string detail;
    if (exp.at("status").as_string() == "SUCCEEDED") {
      ok = got.ok() && json::Serialize(got.value()) == json::Serialize(exp.at("output"));
      detail = got.ok() ? json::Serialize(got.value()) : got.failure().cause;
    } else if (!got.ok()) {
      // AWS prefixes the cause with the state; the recording normalised the input JSON.
      std::string want(exp.at("cause").as_string());
      std::string prefix = "An error occurred while executing the state '" +
                           std::string(c.at("state_name").as_string()) +
                           "' (entered at the event id #2). ";
      std::string placeholder = "<json-input:1>";
      if (size_t at = want.find(placeholder); at != std::string::npos) {
        want.replace(at, placeholder.size(), json::Serialize(c.at("input")));
      }
      ok = got.failure().error == exp.at("error").as_string() &&
           prefix + got.failure().cause == want;
      detail = got.failure().cause;
    }
    if (ok) {
      ++passed;
    } else {
      ADD_FAILURE() << c.at("id").as_string() << " got " << detail;
    }
  }
  std::cout << "[aws recorded pass states] " << passed << "/" << total << " pass\n";
  EXPECT_EQ(total, 100);
}

}  // namespace
}  // namespace sfn::asl
