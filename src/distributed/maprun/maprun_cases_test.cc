// Every recorded AWS execution case with a Distributed Map (tests/data/maprun/cases, from
// LocalStack's AWS-validated snapshots, Apache-2.0) must reproduce AWS's result.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "distributed/maprun/maprun_test_util.h"
#include "tests/conformance/case_compare.h"

namespace sfn::distributed {
namespace {

const json::Value* Get(const json::Value& v, const char* k) {
  return v.is_object() ? v.as_object().if_contains(k) : nullptr;
}

std::string Str(const json::Value* v, std::string dflt = "") {
  return v && v->is_string() ? std::string(v->get_string()) : dflt;
}

// Runs one case; returns an empty string on a match, else why not.
std::string RunCase(const json::Value& c) {
  testing::Harness h("111111111111");
  for (const auto& s : Get(c, "setup")->as_array()) {
    const json::Value& kw = *Get(s, "kwargs");
    std::string name = Str(Get(s, "name"));
    if (name == "create_bucket") {
      h.CreateBucket(Str(Get(kw, "Bucket")));
    } else if (name == "s3.put_object") {
      Status st = h.store().Put(Str(Get(kw, "Bucket")), Str(Get(kw, "Key")), Str(Get(kw, "Body")));
      if (!st.ok()) return "setup: " + st.message();
    } else {
      return "unsupported setup " + name;
    }
  }
  const json::Value* names = Get(c, "names");
  std::string error;
  std::string input = Get(c, "input") ? json::Serialize(*Get(c, "input")) : "{}";
  auto ex = h.Start(json::Serialize(*Get(c, "definition")), input, &error,
                    Str(names ? Get(*names, "state_machine") : nullptr, "StateMachine"),
                    Str(names ? Get(*names, "execution") : nullptr, ""));
  if (!ex) return error;
  if (!h.Wait(ex, 30)) return "did not finish";
  const json::Value& expected = *Get(c, "expected");
  conformance::CaseMatcher m(Get(c, "normalise") ? *Get(c, "normalise") : json::Value());
  std::string status = engine::ExecutionStatusName(ex->status);
  if (status != Str(Get(expected, "status")))
    return "status " + status + " (" + ex->error + ": " + ex->cause + ")";
  if (status == "SUCCEEDED") {
    if (const auto* out = Get(expected, "output")) {
      auto got = json::Parse(ex->output_text);
      if (!got.ok()) return "output not JSON";
      if (auto d = m.Match(*out, got.value())) return "output: " + *d + " got " + ex->output_text;
    }
    return "";
  }
  if (Str(Get(expected, "error")) != ex->error) return "error " + ex->error + ": " + ex->cause;
  if (const auto* cause = Get(expected, "cause"); cause && !m.CauseMatches(*cause, ex->cause))
    return "cause " + ex->cause;
  return "";
}

TEST(MapRunRecordedCases, AllPass) {
  std::filesystem::path dir = std::filesystem::path(SFN_SOURCE_DIR) / "tests/data/maprun/cases";
  int total = 0, passed = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto c = json::Parse(ss.str());
    ASSERT_TRUE(c.ok()) << e.path();
    ++total;
    std::string why = RunCase(c.value());
    EXPECT_EQ(why, "") << e.path().filename();
    if (why.empty()) ++passed;
  }
  std::printf("recorded Distributed Map cases: %d/%d passed\n", passed, total);
  EXPECT_GT(total, 0);
}

}  // namespace
}  // namespace sfn::distributed
