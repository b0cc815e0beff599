#include "json/json.h"

#include <gtest/gtest.h>

namespace sfn::json {
namespace {

std::string RoundTrip(std::string_view text) {
  auto v = Parse(text);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? Serialize(*v) : "";
}

TEST(Json, KeepsKeyOrderAndIntegers) {
  EXPECT_EQ(RoundTrip(R"({"b":1,"a":[true,null,"x"],"c":{"z":-5}})"),
            R"({"b":1,"a":[true,null,"x"],"c":{"z":-5}})");
  EXPECT_EQ(RoundTrip("18446744073709551615"), "18446744073709551615");
}

TEST(Json, PrintsDoublesLikeJava) {
  EXPECT_EQ(RoundTrip("1.0"), "1.0");
  EXPECT_EQ(RoundTrip("39.48"), "39.48");
  EXPECT_EQ(RoundTrip("0.1"), "0.1");
  EXPECT_EQ(RoundTrip("1e21"), "1.0E21");
  EXPECT_EQ(RoundTrip("1.5e-7"), "1.5E-7");
  EXPECT_EQ(RoundTrip("1234567.5"), "1234567.5");
  EXPECT_EQ(RoundTrip("12345678.5"), "1.23456785E7");
  EXPECT_EQ(RoundTrip("0.001"), "0.001");
  EXPECT_EQ(RoundTrip("-2.5"), "-2.5");
  EXPECT_EQ(RoundTrip("100.0"), "100.0");
}

TEST(Json, ParsesDoublesExactly) {
  auto v = Parse("0.30000000000000004");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->get_double(), 0.30000000000000004);
  auto w = Parse("2.2250738585072014e-308");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->get_double(), 2.2250738585072014e-308);
}

TEST(Json, EscapesControlCharacters) {
  EXPECT_EQ(RoundTrip(R"("a\"b\\c\n\u0001é")"), "\"a\\\"b\\\\c\\n\\u0001é\"");
}

TEST(Json, AcceptsDeepNesting) {
  std::string deep(200, '[');
  deep += std::string(200, ']');
  EXPECT_TRUE(Parse(deep).ok());
}

TEST(Json, RejectsInvalid) {
  EXPECT_FALSE(Parse("{").ok());
  EXPECT_FALSE(Parse("{} x").ok());
  EXPECT_FALSE(Parse("").ok());
}

TEST(Json, EqualComparesNumbersByValue) {
  EXPECT_TRUE(Equal(*Parse(R"({"a":1,"b":[2.0]})"), *Parse(R"({"b":[2],"a":1.0})")));
  EXPECT_FALSE(Equal(*Parse("[1,2]"), *Parse("[2,1]")));
}

}  // namespace
}  // namespace sfn::json
