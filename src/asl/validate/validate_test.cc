// Tests for the definition validator: AWS-recorded cases, every definition AWS accepted, and
// hand-written rule cases from tests/data/validate.
#include "asl/validate/validate.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#ifdef SFN_VALIDATE_HAVE_DEFAULT_HOOKS
#include "asl/validate/default_hooks.h"
#endif

namespace sfn::asl {
namespace {

namespace fs = std::filesystem;

fs::path DataDir() { return fs::path(SFN_SOURCE_DIR) / "tests" / "data" / "validate"; }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json::Value ParseOrDie(std::string_view text) {
  auto r = json::Parse(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : json::Value();
}

// Python's json.dumps() text (", " and ": " separators, ASCII-only), which is how the recorded
// tests sent their definitions to AWS.
void PyDumps(const json::Value& v, std::string& out) {
  switch (v.kind()) {
    case json::Kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ", ";
        first = false;
        PyDumps(json::Value(kv.key()), out);
        out += ": ";
        PyDumps(kv.value(), out);
      }
      out += '}';
      break;
    }
    case json::Kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ", ";
        first = false;
        PyDumps(e, out);
      }
      out += ']';
      break;
    }
    case json::Kind::string: {
      out += '"';
      std::string_view s = v.get_string();
      for (size_t i = 0; i < s.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(s[i]);
        char buf[16];
        if (ch == '"' || ch == '\\') {
          out += '\\';
          out += static_cast<char>(ch);
        } else if (ch == '\n') {
          out += "\\n";
        } else if (ch == '\r') {
          out += "\\r";
        } else if (ch == '\t') {
          out += "\\t";
        } else if (ch == '\b') {
          out += "\\b";
        } else if (ch == '\f') {
          out += "\\f";
        } else if (ch < 0x20 || ch == 0x7F) {
          std::snprintf(buf, sizeof(buf), "\\u%04x", ch);
          out += buf;
        } else if (ch < 0x80) {
          out += static_cast<char>(ch);
        } else {
          uint32_t cp = 0;
          int extra = ch >= 0xF0 ? 3 : ch >= 0xE0 ? 2 : 1;
          cp = ch & (0x3F >> extra);
          for (int k = 0; k < extra && i + 1 < s.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F);
          }
          if (cp >= 0x10000) {
            cp -= 0x10000;
            std::snprintf(buf, sizeof(buf), "\\u%04x\\u%04x", 0xD800 + (cp >> 10),
                          0xDC00 + (cp & 0x3FF));
          } else {
            std::snprintf(buf, sizeof(buf), "\\u%04x", cp);
          }
          out += buf;
        }
      }
      out += '"';
      break;
    }
    case json::Kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case json::Kind::null:
      out += "null";
      break;
    default:
      out += json::Serialize(v);
      break;
  }
}

std::string DefinitionText(const json::Object& c) {
  if (auto it = c.find("definition_raw"); it != c.end()) {
    return std::string(it->value().get_string());
  }
  std::string out;
  PyDumps(c.at("definition"), out);
  return out;
}

// Hooks used by the data-driven tests: built-in checks, or the real parsers when linked.
SyntaxHooks g_hooks;

ValidateOptions OptionsFor(std::string_view type) {
  ValidateOptions o;
  o.hooks = g_hooks;
  o.type = type == "EXPRESS" ? StateMachineType::kExpress : StateMachineType::kStandard;
  return o;
}

std::string Describe(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) {
    out += "  [" + std::string(d.severity == Severity::kError ? "E" : "W") + "] " + d.code + ": " +
           d.message + " @ " + d.location + "\n";
  }
  return out;
}

void RunAwsRecordedCases() {
  int total = 0, passed = 0;
  for (const auto& entry : fs::directory_iterator(DataDir() / "aws")) {
    if (entry.path().extension() != ".json") continue;
    json::Value cv = ParseOrDie(ReadFile(entry.path()));
    const json::Object& c = cv.get_object();
    std::string kind(c.at("kind").get_string());
    std::string text = DefinitionText(c);
    std::string type = "STANDARD";
    if (auto* req = c.at("request").if_object(); req && req->contains("type")) {
      type = std::string(req->at("type").get_string());
    }
    auto diags = ValidateDefinition(text, OptionsFor(type));
    const json::Object& expected = c.at("expected").get_object();
    ++total;
    bool ok = false;
    std::string got;
    if (kind == "validate") {
      json::Value resp = ValidationResponse(diags);
      json::Object want;
      for (const char* k : {"result", "diagnostics", "truncated"}) want[k] = expected.at(k);
      ok = json::Equal(resp, want);
      got = json::Serialize(resp) + "\n want " + json::Serialize(want);
    } else {
      got = FormatInvalidDefinition(diags, text);
      ok = HasErrors(diags) && got == expected.at("cause").get_string();
      got += "\n want " + std::string(expected.at("cause").get_string());
    }
    if (ok) {
      ++passed;
    } else {
      ADD_FAILURE() << c.at("id").get_string() << "\n got  " << got;
    }
  }
  std::printf("AWS recorded validate/definition_invalid cases: %d/%d passed\n", passed, total);
  EXPECT_EQ(total, 61);
}

void RunAcceptedDefinitions() {
  std::ifstream in(DataDir() / "valid.jsonl");
  std::string line;
  int total = 0, passed = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json::Value cv = ParseOrDie(line);
    const json::Object& c = cv.get_object();
    auto diags =
        ValidateDefinition(c.at("definition").get_string(), OptionsFor(c.at("type").get_string()));
    ++total;
    if (!HasErrors(diags)) {
      ++passed;
    } else {
      ADD_FAILURE() << c.at("id").get_string() << "\n" << Describe(diags);
    }
  }
  std::printf("AWS-accepted definitions without errors: %d/%d\n", passed, total);
  EXPECT_GT(total, 600);
}

// tests/data/validate/rules/*.json: arrays of {"name", "type"?, "definition" (value or text),
// "expect": [{"code", "location", "message"?, "severity"?}]} — the exact diagnostics list.
void RunHandWrittenCases() {
  int total = 0, passed = 0;
  for (const auto& entry : fs::directory_iterator(DataDir() / "rules")) {
    if (entry.path().extension() != ".json") continue;
    json::Value file = ParseOrDie(ReadFile(entry.path()));
    for (const auto& cv : file.get_array()) {
      const json::Object& c = cv.get_object();
      const json::Value& d = c.at("definition");
      std::string text = d.is_string() ? std::string(d.get_string()) : json::Serialize(d);
      std::string type = c.contains("type") ? std::string(c.at("type").get_string()) : "STANDARD";
      auto diags = ValidateDefinition(text, OptionsFor(type));
      const json::Array& want = c.at("expect").get_array();
      bool ok = diags.size() == want.size();
      for (size_t i = 0; ok && i < want.size(); ++i) {
        const json::Object& w = want[i].get_object();
        ok = diags[i].code == w.at("code").get_string() &&
             diags[i].location == w.at("location").get_string() &&
             (!w.contains("message") || diags[i].message == w.at("message").get_string()) &&
             (diags[i].severity == Severity::kWarning) ==
                 (w.contains("severity") && w.at("severity").get_string() == "WARNING");
      }
      ++total;
      if (ok) {
        ++passed;
      } else {
        ADD_FAILURE() << entry.path().filename().string() << ": " << c.at("name").get_string()
                      << "\n got:\n"
                      << Describe(diags) << " want: " << json::Serialize(c.at("expect"));
      }
    }
  }
  std::printf("Hand-written rule cases: %d/%d passed\n", passed, total);
  EXPECT_GT(total, 0);
}

TEST(ValidateAwsRecorded, AllCasesMatch) { RunAwsRecordedCases(); }
TEST(ValidateAwsRecorded, AcceptedDefinitionsHaveNoErrors) { RunAcceptedDefinitions(); }
TEST(ValidateRules, HandWrittenCases) { RunHandWrittenCases(); }

#ifdef SFN_VALIDATE_HAVE_DEFAULT_HOOKS
// The same data with the JSONPath/intrinsic/JSONata libraries doing the syntax checks.
class WithParserHooks : public ::testing::Test {
 protected:
  void SetUp() override { g_hooks = DefaultSyntaxHooks(); }
  void TearDown() override { g_hooks = SyntaxHooks{}; }
};
TEST_F(WithParserHooks, AwsRecordedCases) { RunAwsRecordedCases(); }
TEST_F(WithParserHooks, AcceptedDefinitions) { RunAcceptedDefinitions(); }
TEST_F(WithParserHooks, HandWrittenCases) { RunHandWrittenCases(); }

// INVALID_JSONATA_EXPRESSION messages as measured on AWS (validate-state-machine-definition,
// quoted in floci's integration tests).
TEST(ParserHooks, JsonataMessagesMatchAws) {
  const std::pair<const char*, const char*> kCases[] = {
      {"a[1,2)", "Expected \"]\", got \",\""},
      {"\"unterminated", "String literal must be terminated by a matching quote"},
      {"1 +", "Unexpected end of expression"},
      {"{\"a\":}", "The symbol \"}\" cannot be used as a unary operator"},
      {"$x :=", "Unexpected end of expression"},
      {"$match(\"a\", /abc", "No terminating / in regular expression"},
      {"phone %.other", "The symbol \".\" cannot be used as a unary operator"},
      {"", "Unexpected end of expression"}};
  for (const auto& [expr, want] : kCases) {
    json::Object def = {
        {"QueryLanguage", "JSONata"},
        {"StartAt", "Main"},
        {"States",
         {{"Main",
           {{"Type", "Pass"}, {"Output", "{% " + std::string(expr) + " %}"}, {"End", true}}}}}};
    auto diags = ValidateDefinition(json::Serialize(def), DefaultValidateOptions());
    ASSERT_EQ(diags.size(), 1u) << expr << "\n" << Describe(diags);
    EXPECT_EQ(diags[0].code, "INVALID_JSONATA_EXPRESSION");
    EXPECT_EQ(diags[0].message, want) << expr;
    EXPECT_EQ(diags[0].location, "/States/Main/Output");
  }
}

TEST(ParserHooks, JsonataSyntaxErrorWithoutCodePrefix) {
  ValidateOptions o = DefaultValidateOptions();
  auto diags = ValidateDefinition(
      R"({"QueryLanguage":"JSONata","StartAt":"Main","States":{"Main":{"Type":"Pass",)"
      R"("Output":"{% a[1,2) %}","End":true}}})",
      o);
  ASSERT_EQ(diags.size(), 1u) << Describe(diags);
  EXPECT_EQ(diags[0].code, "INVALID_JSONATA_EXPRESSION");
  EXPECT_EQ(diags[0].location, "/States/Main/Output");
  EXPECT_FALSE(diags[0].message.starts_with("S0")) << diags[0].message;
  EXPECT_EQ(diags[0].message.find("(position"), std::string::npos) << diags[0].message;
}
#endif

// Replaces every node of `root` in turn with values of each JSON type and validates the result:
// the validator must never crash or hang on malformed definitions.
void MutateEach(json::Value& root, json::Value& node, const ValidateOptions& o, int& runs) {
  static const json::Value kReplacements[] = {
      nullptr, 7, -1, 1.5, "x", "$.a", "{% 1 %}", json::Array{}, json::Object{}, true};
  for (const auto& r : kReplacements) {
    json::Value saved = node;
    node = r;
    (void)ValidateDefinition(json::Serialize(root), o);
    ++runs;
    node = std::move(saved);
  }
  if (node.is_object()) {
    for (auto& kv : node.get_object()) MutateEach(root, kv.value(), o, runs);
  } else if (node.is_array()) {
    for (auto& e : node.get_array()) MutateEach(root, e, o, runs);
  }
}

TEST(ValidateRobustness, TypeMutationsOfAcceptedDefinitions) {
  std::ifstream in(DataDir() / "valid.jsonl");
  std::string line;
  int defs = 0, runs = 0;
  while (std::getline(in, line)) {
    if (line.empty() || (++defs % 3) != 0) continue;  // every third definition
    json::Value cv = ParseOrDie(line);
    json::Value def = ParseOrDie(cv.at("definition").get_string());
    MutateEach(def, def, OptionsFor(cv.at("type").get_string()), runs);
  }
  EXPECT_GT(runs, 100);
}

TEST(ValidateApi, FormatsSeveralErrorsJoinedWithComma) {
  std::vector<Diagnostic> d = {
      {Severity::kError, "MISSING_TRANSITION_TARGET", "Missing 'Next' target: X", "/States/A/Next"},
      {Severity::kWarning, "NO_DOLLAR", "w", "/States/A"},
      {Severity::kError, "MISSING_END_STATE", "Workflow has no terminal state", ""}};
  EXPECT_EQ(FormatInvalidDefinition(d),
            "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: "
            "X at /States/A/Next, MISSING_END_STATE: Workflow has no terminal state at null'");
}

// AWS's answer quoted in localstack/localstack#11978 (CreateStateMachine on real AWS).
TEST(ValidateApi, CreateStateMachineMessageForTwoGraphErrors) {
  auto diags =
      ValidateDefinition(R"({"StartAt":"pass1","States":{"pass1":{"Type":"Pass","Next":"pass3"},)"
                         R"("pass2":{"Type":"Pass","End":true}}})",
                         ValidateOptions{});
  EXPECT_EQ(FormatInvalidDefinition(diags),
            "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: "
            "pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not "
            "reachable. at /States/pass2'");
}

TEST(ValidateApi, ResponseFiltersAndTruncates) {
  std::vector<Diagnostic> d = {{Severity::kWarning, "NO_DOLLAR", "w", "/States/A"},
                               {Severity::kError, "E1", "m1", "/States/A"},
                               {Severity::kError, "E2", "m2", ""}};
  json::Value errors_only = ValidationResponse(d);
  EXPECT_EQ(json::Serialize(errors_only),
            R"({"result":"FAIL","diagnostics":[{"severity":"ERROR","code":"E1","message":"m1",)"
            R"("location":"/States/A"},{"severity":"ERROR","code":"E2","message":"m2"}],)"
            R"("truncated":false})");
  json::Value one = ValidationResponse(d, 1, Severity::kWarning);
  EXPECT_EQ(one.at("diagnostics").get_array().size(), 1u);
  EXPECT_EQ(one.at("diagnostics").get_array()[0].at("code").get_string(), "NO_DOLLAR");
  EXPECT_TRUE(one.at("truncated").get_bool());
  std::vector<Diagnostic> warn = {d[0]};
  EXPECT_EQ(ValidationResponse(warn).at("result").get_string(), "OK");
}

TEST(ValidateApi, HooksReplaceBuiltinSyntaxChecks) {
  ValidateOptions o;
  o.hooks.jsonata = [](std::string_view body) -> std::optional<std::string> {
    if (body.find("bad") != std::string_view::npos) return "Unexpected token";
    return std::nullopt;
  };
  auto diags =
      ValidateDefinition(R"({"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass",)"
                         R"("Output":{"a":"{% bad %}"},"End":true}}})",
                         o);
  ASSERT_EQ(diags.size(), 1u) << Describe(diags);
  EXPECT_EQ(diags[0].code, "INVALID_JSONATA_EXPRESSION");
  EXPECT_EQ(diags[0].message, "Unexpected token");
  EXPECT_EQ(diags[0].location, "/States/P/Output/a");
}

}  // namespace
}  // namespace sfn::asl
