// Runs every recorded AWS case under tests/conformance/aws-recorded/cases in-process.
// Cases listed in known_failures.txt (with the reason) are expected to fail and are reported; a
// listed case that starts passing fails the test so the list stays honest.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "case_runner.h"

namespace sfn::conformance {
namespace {

std::string SourceDir() {
  const char* env = std::getenv("SFN_SOURCE_DIR");
  return env ? env : SFN_SOURCE_DIR;
}

std::vector<std::string> CaseFiles() {
  std::vector<std::string> out;
  std::filesystem::path dir = SourceDir() + "/tests/conformance/aws-recorded/cases";
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::set<std::string> KnownFailures() {
  std::set<std::string> out;
  std::ifstream in(SourceDir() + "/tests/conformance/known_failures.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    out.insert(line.substr(0, line.find(' ')));
  }
  return out;
}

TEST(Conformance, AwsRecordedCases) {
  auto known = KnownFailures();
  std::map<std::string, int> pass, fail, skip;
  std::ostringstream failures;
  int unexpected = 0, fixed = 0;
  for (const auto& file : CaseFiles()) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto c = json::Parse(ss.str());
    ASSERT_TRUE(c.ok()) << file;
    std::string id(c->as_object().at("id").as_string());
    std::string category(c->as_object().at("category").as_string());
    Verdict v = RunCase(*c);
    bool is_known = known.count(id) > 0;
    switch (v.kind) {
      case Verdict::Kind::kPass:
        ++pass[category];
        if (is_known) {
          ++fixed;
          failures << "NOW PASSES (remove from known_failures.txt): " << id << "\n";
        }
        break;
      case Verdict::Kind::kSkip:
        ++skip[category];
        break;
      case Verdict::Kind::kFail:
        ++fail[category];
        if (!is_known) {
          ++unexpected;
          failures << "FAIL " << id << "\n    " << v.detail << "\n";
        }
        break;
    }
  }
  int p = 0, f = 0, s = 0;
  for (auto& [k, n] : pass) p += n;
  for (auto& [k, n] : fail) f += n;
  for (auto& [k, n] : skip) s += n;
  std::printf("aws-recorded conformance: %d passed, %d failed (%zu known), %d skipped\n", p, f,
              known.size(), s);
  for (auto& [k, n] : fail) std::printf("  failures in %s: %d\n", k.c_str(), n);
  EXPECT_EQ(unexpected, 0) << failures.str();
  EXPECT_EQ(fixed, 0) << failures.str();
}

}  // namespace
}  // namespace sfn::conformance
