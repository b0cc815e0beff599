// Tests for JsonPath: unit cases from AWS-recorded behaviour plus the data-driven RFC 9535
// compliance subset (tests/data/jsonpath/cases.jsonl) and the JSONPath/ResultPath examples of
// tests/data/intrinsics/examples.json.

#include "asl/paths/jsonpath.h"

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

std::string ReadFile(const std::string& rel) {
  std::ifstream in(std::string(SFN_SOURCE_DIR) + "/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

JsonPath P(std::string_view text) {
  auto p = JsonPath::Compile(text);
  EXPECT_TRUE(p.ok()) << text << ": " << p.status().ToString();
  return p.ok() ? std::move(p).value() : JsonPath();
}

std::optional<json::Value> Eval(std::string_view path, const json::Value& input) {
  PathScope scope{&input, nullptr, nullptr};
  return P(path).Evaluate(scope);
}

void ExpectEval(std::string_view path, std::string_view input, std::string_view expected) {
  json::Value in = J(input);
  auto got = Eval(path, in);
  ASSERT_TRUE(got.has_value()) << path;
  EXPECT_EQ(json::Serialize(*got), json::Serialize(J(expected))) << path;
}

std::string NotFound(std::string_view path, std::string_view input) {
  json::Value in = J(input);
  PathScope scope{&in, nullptr, nullptr};
  JsonPath p = P(path);
  EXPECT_FALSE(p.Evaluate(scope).has_value()) << path;
  return p.NotFoundMessage(scope);
}

TEST(JsonPathTest, BasicSteps) {
  ExpectEval("$", R"({"a":1})", R"({"a":1})");
  ExpectEval("$.a.b", R"({"a":{"b":[1,2]}})", "[1,2]");
  ExpectEval("$['a'][\"b\"][1]", R"({"a":{"b":[1,2]}})", "2");
  ExpectEval("$.a[-1]", R"({"a":[1,2,3]})", "3");
  ExpectEval("$.delivery-partner", R"({"delivery-partner":"x"})", R"("x")");
  ExpectEval("$.foo\\@bar", R"({"foo@bar":1})", "1");
  ExpectEval("$[0]", R"([7,8])", "7");
}

TEST(JsonPathTest, IndefinitePaths) {
  const char* doc =
      R"({"foo":123,"bar":["a","b","c"],"jar":[{"a":1},{"a":5},{"a":2},{"a":7}],
          "users":[{"year":1997,"status":0},{"year":1998,"status":1}]})";
  ExpectEval("$.jar[?(@.a >= 5)]", doc, R"([{"a":5},{"a":7}])");
  ExpectEval("$.users[?(@.status == 0)]", doc, R"([{"year":1997,"status":0}])");
  ExpectEval("$.bar[1:]", doc, R"(["b","c"])");
  ExpectEval("$.bar[::2]", doc, R"(["a","c"])");
  ExpectEval("$.bar[::-1]", doc, R"(["c","b","a"])");
  ExpectEval("$.jar[*].a", doc, "[1,5,2,7]");
  ExpectEval("$..a", doc, "[1,5,2,7]");
  ExpectEval("$.jar[0,3].a", doc, "[1,7]");
  ExpectEval("$[*][*]", R"([["a","b"],["c","d"]])", R"(["a","b","c","d"])");
  // AWS: an indefinite path over missing data yields [] (recorded in base test_json_path_*).
  ExpectEval("$.items[1:]", "{}", "[]");
  ExpectEval("$.items[1:].itemValue", "{}", "[]");
  ExpectEval("$.item.items[*]", "{}", "[]");
  ExpectEval("$.item.items[:1]", "{}", "[]");
}

TEST(JsonPathTest, Filters) {
  const char* doc =
      R"({"b":[{"p":8.95,"c":"ref","t":"S"},{"p":12.99,"c":"fic","t":"Sword"},
               {"p":22,"c":"fic","isbn":"1"}],"max":10})";
  ExpectEval("$.b[?(@.p < 10)].t", doc, R"(["S"])");
  ExpectEval("$.b[?(@.p > $.max)].p", doc, "[12.99,22]");
  ExpectEval("$.b[?(@.isbn)].p", doc, "[22]");
  ExpectEval("$.b[?(!@.isbn)].p", doc, "[8.95,12.99]");
  ExpectEval("$.b[?(@.c == 'fic' && @.p < 20)].t", doc, R"(["Sword"])");
  ExpectEval("$.b[?(@.c == 'ref' || @.p == 22)].c", doc, R"(["ref","fic"])");
  ExpectEval("$.b[?(@.t =~ /s.*/i)].t", doc, R"(["S","Sword"])");
  ExpectEval("$.b[?(@.c in ['ref','x'])].p", doc, "[8.95]");
  ExpectEval("$.b[?(@.c nin ['ref'])].p", doc, "[12.99,22]");
  ExpectEval("$.b[?(@.t size 5)].p", doc, "[12.99]");
  ExpectEval("$.b[?(@.p != 22)].p", doc, "[8.95,12.99]");
  ExpectEval("$.b[?((@.p == 22))].p", doc, "[22]");
  // Strings compare like Java's String.compareTo (UTF-16 units): U+FF5E sorts after U+1F600.
  ExpectEval("$.v[?(@.s > '\xef\xbd\x9e')].s", R"({"v":[{"s":"\ud83d\ude00"},{"s":"a"}]})", "[]");
  ExpectEval("$.v[?(@.s < 'b')].s", R"({"v":[{"s":"\ud83d\ude00"},{"s":"a"}]})", R"(["a"])");
  // AWS docs: "@ ... does not match scalar values. It only matches objects."
  ExpectEval("$.v[?(@ == 'a')]", R"({"v":["a","b",{"x":1}]})", "[]");
  ExpectEval("$.v[?(@.x)]", R"({"v":["a",[1],{"x":1}]})", R"([{"x":1}])");
  // Jayway applies a filter on an object to the object itself.
  ExpectEval("$.o[?(@.a == 1)]", R"({"o":{"a":1}})", R"([{"a":1}])");
}

TEST(JsonPathTest, MultiPropertyLeafBuildsObject) {
  ExpectEval("$['a', 'b']", R"({"a":{"v":1},"b":{"v":2},"c":3})", R"({"a":{"v":1},"b":{"v":2}})");
  EXPECT_EQ(NotFound("$['a', 'b'].v", R"({"a":{"v":1},"b":{"v":2}})"),
            "Multi properties can only be used as path leafs: $['a', 'b']");
}

TEST(JsonPathTest, NotFoundMessages) {
  // Recorded: "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']".
  EXPECT_EQ(NotFound("$.NoSuchInputPath", "{}"), "No results for path: $['NoSuchInputPath']");
  EXPECT_EQ(NotFound("$.no.x", "{}"), "Missing property in path $['no']");
  EXPECT_EQ(NotFound("$.a[5]", R"({"a":[1]})"), "No results for path: $['a'][5]");
  EXPECT_EQ(NotFound("$.a[0]", R"({"a":null})"), "The path $['a'] is null");
  EXPECT_EQ(NotFound("$.a[0]", R"({"a":{"b":1}})"),
            "Filter: [0] can only be applied to arrays. Current context is: {b=1}");
  EXPECT_NE(NotFound("$.a.b", R"({"a":"s"})")
                .find("Expected to find an object with property "
                      "['b'] in path $['a'] but found "
                      "'java.lang.String'"),
            std::string::npos);
}

class FakeVars : public VariableResolver {
 public:
  json::Value vars = J(R"({"x":{"f":[1,2]},"n":5})");
  const json::Value* Find(std::string_view name) const override {
    return vars.get_object().if_contains(name);
  }
};

TEST(JsonPathTest, ContextAndVariables) {
  json::Value input = J("{}");
  json::Value ctx = J(R"({"Execution":{"Id":"arn:x","Input":{"k":1}}})");
  FakeVars vars;
  PathScope scope{&input, &ctx, &vars};
  JsonPath c = P("$$.Execution.Id");
  EXPECT_EQ(c.root(), PathRoot::kContext);
  EXPECT_EQ(json::Serialize(*c.Evaluate(scope)), R"("arn:x")");
  EXPECT_EQ(json::Serialize(*P("$$").Evaluate(scope)), json::Serialize(ctx));
  JsonPath v = P("$x.f[1]");
  EXPECT_EQ(v.root(), PathRoot::kVariable);
  EXPECT_EQ(v.variable_name(), "x");
  EXPECT_EQ(json::Serialize(*v.Evaluate(scope)), "2");
  EXPECT_EQ(json::Serialize(*P("$n").Evaluate(scope)), "5");
  EXPECT_FALSE(P("$nope").Evaluate(scope).has_value());
  EXPECT_NE(c.Find(scope), nullptr);
  EXPECT_EQ(c.RootRelativeText(), "$.Execution.Id");
  EXPECT_EQ(v.RootRelativeText(), "$.f[1]");
  EXPECT_EQ(P("$n").RootRelativeText(), "$");
  EXPECT_EQ(P("$.a").RootRelativeText(), "$.a");
  EXPECT_EQ(P("$$.Execution.Input.no").NotFoundMessage(scope),
            "No results for path: $['Execution']['Input']['no']");
}

TEST(JsonPathTest, DefiniteAndReference) {
  EXPECT_TRUE(P("$.a[0]['b']").IsDefinite());
  EXPECT_FALSE(P("$.a[*]").IsDefinite());
  EXPECT_FALSE(P("$..a").IsDefinite());
  EXPECT_FALSE(P("$.a[0,1]").IsDefinite());
  EXPECT_FALSE(P("$.a[?(@.x)]").IsDefinite());
  EXPECT_TRUE(JsonPath::CompileReference("$.ledgers[0][22][315].foo").ok());
  EXPECT_FALSE(JsonPath::CompileReference("$.a[*]").ok());
  EXPECT_FALSE(JsonPath::CompileReference("$.a[1:2]").ok());
  EXPECT_FALSE(JsonPath::CompileReference("$..a").ok());
  for (const char* bad :
       {"", "a", "$.", "$[", "$['a'", "$.a[?(@.b ==)]", "$..", "$.a b", "$[1:2:0]"}) {
    EXPECT_FALSE(JsonPath::Compile(bad).ok()) << bad;
  }
}

TEST(JsonPathTest, ApplyResultPath) {
  auto apply = [](const char* path, const char* input, const char* result) {
    std::optional<JsonPath> p;
    if (path != nullptr) p = P(path);
    return ApplyResultPath(p ? &*p : nullptr, J(input), J(result));
  };
  EXPECT_EQ(json::Serialize(apply(nullptr, R"({"a":1})", "2").value()), R"({"a":1})");
  EXPECT_EQ(json::Serialize(apply("$", R"({"a":1})", "2").value()), "2");
  EXPECT_EQ(json::Serialize(apply("$.a", R"({"a":1,"b":2})", "3").value()), R"({"a":3,"b":2})");
  EXPECT_EQ(json::Serialize(apply("$.x.y", R"({"a":1})", "3").value()), R"({"a":1,"x":{"y":3}})");
  EXPECT_EQ(json::Serialize(apply("$.a[1]", R"({"a":[1,2]})", "3").value()), R"({"a":[1,3]})");
  auto bad = apply("$.partitioned", R"("str")", "1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.failure().error, "States.ResultPathMatchFailure");
  EXPECT_EQ(bad.failure().cause, R"(Unable to apply ReferencePath $.partitioned to input "str")");
  EXPECT_FALSE(apply("$.a.b", R"({"a":"s"})", "1").ok());
  EXPECT_FALSE(apply("$.a[3]", R"({"a":[1]})", "1").ok());
  EXPECT_FALSE(apply("$.n[0]", R"({})", "1").ok());
}

// RFC 9535 compliance subset: every case marked asl_applicable must pass.
TEST(JsonPathTest, ComplianceSuite) {
  std::istringstream lines(ReadFile("tests/data/jsonpath/cases.jsonl"));
  std::string line;
  int total = 0, passed = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    json::Value c = J(line);
    const json::Object& o = c.get_object();
    if (!o.at("asl_applicable").as_bool()) continue;
    ++total;
    std::string id(o.at("id").as_string());
    std::string sel(o.at("selector").as_string());
    bool reference = o.at("asl_class").as_string() == "reference_path";
    auto path = reference ? JsonPath::CompileReference(sel) : JsonPath::Compile(sel);
    if (!path.ok()) {
      ADD_FAILURE() << id << " " << sel << ": " << path.status().ToString();
      continue;
    }
    const json::Value& doc = o.at("document");
    auto got = path->Evaluate(PathScope{&doc, nullptr, nullptr});
    bool ok = false;
    if (o.contains("expected_not_found")) {
      ok = !got.has_value();
    } else if (got.has_value()) {
      ok = json::Equal(*got, o.at("expected"));
      if (const json::Value* alts = o.if_contains("alternatives")) {
        for (const json::Value& alt : alts->as_array()) ok = ok || json::Equal(*got, alt);
      }
    }
    if (ok) {
      ++passed;
    } else {
      ADD_FAILURE() << id << " " << sel << " got "
                    << (got ? json::Serialize(*got) : std::string("<not found>"));
    }
  }
  std::cout << "[jsonpath compliance] " << passed << "/" << total << " applicable cases pass\n";
  EXPECT_EQ(total, 105);
}

// JSONPath and ResultPath examples from the AWS docs (examples.json kinds "jsonpath" and
// "resultpath").
TEST(JsonPathTest, DocExamples) {
  json::Value all = J(ReadFile("tests/data/intrinsics/examples.json"));
  int total = 0, passed = 0;
  for (const json::Value& ex : all.as_array()) {
    const json::Object& o = ex.as_object();
    std::string kind(o.at("kind").as_string());
    if (kind != "jsonpath" && kind != "resultpath") continue;
    ++total;
    const json::Value& input = o.at("input");
    std::optional<json::Value> got;
    if (kind == "jsonpath") {
      got = P(o.at("call").as_string()).Evaluate(PathScope{&input, nullptr, nullptr});
    } else {
      std::optional<JsonPath> rp;
      if (!o.at("call").is_null()) rp = P(o.at("call").as_string());
      auto out = ApplyResultPath(rp ? &*rp : nullptr, input, o.at("task_result"));
      if (out.ok()) got = std::move(out).value();
    }
    if (got && json::Equal(*got, o.at("expected"))) {
      ++passed;
    } else {
      ADD_FAILURE() << o.at("id").as_string() << " got "
                    << (got ? json::Serialize(*got) : std::string("<none>"));
    }
  }
  std::cout << "[jsonpath doc examples] " << passed << "/" << total << " pass\n";
  EXPECT_EQ(total, 11);
}

}  // namespace
}  // namespace sfn::asl
