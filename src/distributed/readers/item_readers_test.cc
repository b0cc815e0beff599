#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "distributed/readers/item_source.h"
#include "distributed/readers/test_util.h"

namespace sfn::distributed {
namespace {

namespace fs = std::filesystem;
using testing_util::ReaderTest;

// ---- Recorded AWS cases (tests/data/readers/aws_item_reader_cases.json) ----

Result<ReaderOptions> OptionsFromConfig(const json::Object& rc) {
  ReaderOptions o;
  if (auto* v = rc.if_contains("InputType")) {
    SFN_ASSIGN_OR_RETURN(o.input_type, ParseInputType(std::string(v->as_string())));
  }
  if (auto* v = rc.if_contains("CSVHeaderLocation")) {
    SFN_ASSIGN_OR_RETURN(o.csv_header_location,
                         ParseCsvHeaderLocation(std::string(v->as_string())));
  }
  if (auto* v = rc.if_contains("CSVHeaders")) {
    for (auto& h : v->as_array()) o.csv_headers.emplace_back(h.as_string());
  }
  if (auto* v = rc.if_contains("CSVDelimiter")) {
    SFN_ASSIGN_OR_RETURN(o.csv_delimiter, ParseCsvDelimiter(std::string(v->as_string())));
  }
  return o;
}

TEST_F(ReaderTest, RecordedAwsCases) {
  std::ifstream f(std::string(SFN_SOURCE_DIR) + "/tests/data/readers/aws_item_reader_cases.json");
  std::stringstream ss;
  ss << f.rdbuf();
  auto doc = json::Parse(ss.str());
  ASSERT_TRUE(doc.ok());
  int checked = 0;
  for (auto& cv : doc->at("cases").as_array()) {
    const json::Object& c = cv.as_object();
    std::string id(c.at("id").as_string());
    const json::Value& mi = c.at("max_items");
    std::int64_t max_items = mi.is_int64() ? mi.get_int64() : (mi.is_string() ? 2 : 0);
    if (max_items < 0) continue;  // "field MaxItems must be positive" is the caller's check
    std::string key(c.at("key").as_string());
    Put(key, std::string(c.at("body").as_string()));
    auto opts = OptionsFromConfig(c.at("reader_config").as_object());
    ASSERT_TRUE(opts.ok());
    auto items = ReadAll(key, *opts);
    if (c.at("status").as_string() == "SUCCEEDED") {
      ASSERT_TRUE(items.ok()) << id << ": " << items.status().ToString();
      json::Array got;
      for (auto& v : *items) {
        if (max_items > 0 && static_cast<std::int64_t>(got.size()) >= max_items) break;
        got.push_back(v);
      }
      EXPECT_TRUE(json::Equal(got, c.at("items")))
          << id << "\n got " << json::Serialize(got) << "\nwant " << json::Serialize(c.at("items"));
    } else {
      ASSERT_FALSE(items.ok()) << id;
      EXPECT_EQ(items.status().message(), std::string(c.at("cause").as_string())) << id;
    }
    ++checked;
  }
  EXPECT_GE(checked, 9);
}

// ---- CSV ----

TEST_F(ReaderTest, CsvDocumentedRules) {
  ReaderOptions o;
  o.input_type = InputType::kCsv;
  o.csv_header_location = CsvHeaderLocation::kGiven;
  o.csv_headers = {"MyLetters", "MyNumbers", "MyString", "MyObject", "MyArray"};
  Put("doc.csv",
      "abc,123,\"This string contains commas, a double quotation marks (\"\"), and a newline (\n"
      ")\",{\"\"MyKey\"\":\"\"MyValue\"\"},\"[1,2,3]\"\n");
  ExpectItems(
      "doc.csv", o,
      R"js([{"MyLetters":"abc","MyNumbers":"123","MyString":"This string contains commas, a double quotation marks (\"), and a newline (\n)","MyObject":"{\"MyKey\":\"MyValue\"}","MyArray":"[1,2,3]"}])js");
}

TEST_F(ReaderTest, CsvBackslashes) {
  ReaderOptions o;
  o.input_type = InputType::kCsv;
  Put("bs.csv",
      "path,size\nC:\\\\Program Files\\\\MyApp.exe,6534512\na\\,b,\\x\\y\n\"q\\\"uote\",z\n");
  ExpectItems("bs.csv", o,
              R"([{"path":"C:\\Program Files\\MyApp.exe","size":"6534512"},)"
              R"({"path":"a,b","size":"xy"},{"path":"q\"uote","size":"z"}])");
}

TEST_F(ReaderTest, CsvQuotesInsideFields) {
  ReaderOptions o;
  o.input_type = InputType::kCsv;
  o.csv_header_location = CsvHeaderLocation::kGiven;
  o.csv_headers = {"h1", "h2", "h3"};
  Put("q.csv",
      "a,bc\"d\"ef,g\n"
      "\"abc\"def,x,y\n"
      "ab\",c\",z\n"
      "\\,x\n"
      "\"\",\"\"\"\",\"a\"\"b\"\n");
  ExpectItems("q.csv", o,
              R"js([{"h1":"a","h2":"bc\"d\"ef","h3":"g"},)js"
              R"js({"h1":"abc\"def","h2":"x","h3":"y"},)js"
              R"js({"h1":"ab,c","h2":"z","h3":""},)js"
              R"js({"h1":"","h2":"x","h3":""},)js"
              R"js({"h1":"","h2":"\"","h3":"a\"b"}])js");
}

TEST_F(ReaderTest, CsvDelimitersCrlfAndBlankLines) {
  ReaderOptions o;
  o.input_type = InputType::kCsv;
  o.csv_delimiter = '|';
  Put("p.csv", "a|b\r\n1|\"x|y\"\r\n\r\n2|3|4\r\n");
  ExpectItems("p.csv", o, R"([{"a":"1","b":"x|y"},{"a":"","b":""},{"a":"2","b":"3"}])");
  o.csv_delimiter = '\t';
  Put("t.csv", "a\tb\n1 2\t3,4");  // no final newline
  ExpectItems("t.csv", o, R"([{"a":"1 2","b":"3,4"}])");
  o.csv_delimiter = ' ';
  Put("s.csv", "a b\n1 2\n");
  ExpectItems("s.csv", o, R"([{"a":"1","b":"2"}])");
  o.csv_delimiter = ';';
  Put("sc.csv",
      "\xEF\xBB\xBF"
      "a;b\n1;2\n");
  ExpectItems("sc.csv", o, R"([{"a":"1","b":"2"}])");
}

TEST_F(ReaderTest, CsvHeaderRules) {
  ReaderOptions o;
  o.input_type = InputType::kCsv;
  Put("dup.csv", "a,b,a\n1,2,3\n");
  auto r = ReadAll("dup.csv", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "CSV headers cannot contain duplicates.");
  Put("big.csv", std::string(11 * 1024, 'h') + "\n1\n");
  r = ReadAll("big.csv", o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("10 KiB"), std::string::npos);
  EXPECT_NE(r.status().message().find("s3://bucket/big.csv"), std::string::npos);
  Put("empty.csv", "");
  ExpectItems("empty.csv", o, "[]");
  Put("onlyheader.csv", "a,b\n");
  ExpectItems("onlyheader.csv", o, "[]");
  Put("unterminated.csv", "a\n\"abc\n");
  r = ReadAll("unterminated.csv", o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos) << r.status().message();
}

TEST_F(ReaderTest, CsvRecordsSpanBufferBoundaries) {
  ReaderOptions o;
  o.input_type = InputType::kCsv;
  std::string body = "id,text\n";
  std::string expected = "[";
  for (int i = 0; i < 40000; ++i) {
    std::string text = "line " + std::to_string(i) + " with \"\"quotes\"\", commas\nand newline";
    body += std::to_string(i) + ",\"" + text + "\"\n";
    if (i) expected += ",";
    std::string unq = "line " + std::to_string(i) + " with \\\"quotes\\\", commas\\nand newline";
    expected += "{\"id\":\"" + std::to_string(i) + "\",\"text\":\"" + unq + "\"}";
  }
  expected += "]";
  Put("span.csv", body);
  ExpectItems("span.csv", o, expected);
}

// Every parser state must survive a buffer refill: place tricky records across the 1 MiB
// boundary at each offset and compare with parsing them alone.
TEST_F(ReaderTest, CsvStatesAcrossRefillBoundary) {
  ReaderOptions o;
  o.input_type = InputType::kCsv;
  const std::string tricky =
      "\"q,\"\"x\"\"\r\ny\",b\\\\c\r\na,bc\"d\"ef\n\"\"\"\",x\\\"z\r\n\r\nlast,\"\"\n";
  Put("alone.csv", "h1,h2\n" + tricky);
  auto alone = ReadAll("alone.csv", o);
  ASSERT_TRUE(alone.ok()) << alone.status().ToString();
  ASSERT_GE(alone->size(), 4u);
  const std::size_t kChunk = 1 << 20;
  for (std::size_t back = 1; back <= tricky.size(); ++back) {
    std::string body = "h1,h2\n";
    std::size_t filler = kChunk - back - body.size() - 1;  // filler row + '\n' ends at kChunk-back
    body += std::string(filler, 'f') + "\n" + tricky;
    Put("shift.csv", body);
    auto items = ReadAll("shift.csv", o);
    ASSERT_TRUE(items.ok()) << back << ": " << items.status().ToString();
    ASSERT_EQ(items->size(), alone->size() + 1) << back;
    for (std::size_t i = 0; i < alone->size(); ++i) {
      EXPECT_TRUE(json::Equal((*items)[i + 1], (*alone)[i]))
          << "offset " << back << " item " << i << ": " << json::Serialize((*items)[i + 1])
          << " vs " << json::Serialize((*alone)[i]);
    }
  }
}

// ---- JSON ----

TEST_F(ReaderTest, JsonArrayAndObject) {
  ReaderOptions o;
  Put("a.json", R"( [1, "two", {"x": [1.5, 1e400, 0.1]}, null, [] ] )");
  ExpectItems("a.json", o, R"([1,"two",{"x":[1.5,1e400,0.1]},null,[]])");
  Put("o.json", R"({"k1": {"a": 1}, "k2": "v"})");
  auto src = MakeJsonItemSource(*store_, "bucket", "o.json", o);
  ASSERT_TRUE(src.ok());
  json::Value v;
  ASSERT_TRUE((*src)->Next(v).value());
  EXPECT_EQ(json::Serialize(v), R"({"Key":"k1","Value":{"a":1}})");
  EXPECT_EQ((*src)->ItemKey().value(), "k1");
  ASSERT_TRUE((*src)->Next(v).value());
  EXPECT_EQ(json::Serialize(v), R"({"Key":"k2","Value":"v"})");
  EXPECT_EQ((*src)->ItemKey().value(), "k2");
  EXPECT_FALSE((*src)->Next(v).value());
}

TEST_F(ReaderTest, ByteOrderMarkSkipped) {
  Put("bom.json", "\xEF\xBB\xBF[1,2]");
  ExpectItems("bom.json", ReaderOptions{}, "[1,2]");
  ReaderOptions o;
  o.input_type = InputType::kJsonl;
  Put("bom.jsonl", "\xEF\xBB\xBF{\"a\":1}\n2\n");
  ExpectItems("bom.jsonl", o, R"([{"a":1},2])");
}

TEST_F(ReaderTest, JsonScalarAndErrors) {
  ReaderOptions o;
  Put("s.json", "42");
  auto r = ReadAll("s.json", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Attempting to map over non-iterable node.");
  Put("bad.json", "[1,\n2,\n x]");
  r = ReadAll("bad.json", o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 3"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("s3://bucket/bad.json"), std::string::npos);
  for (std::string body : {"[1] x", "[1][2]", "{} 3"}) {
    Put("extra.json", body);
    r = ReadAll("extra.json", o);
    EXPECT_FALSE(r.ok()) << body;
  }
  Put("ws.json", "\n [1] \n\t");
  ExpectItems("ws.json", o, "[1]");
  Put("trunc.json", "[1,2");
  EXPECT_FALSE(ReadAll("trunc.json", o).ok());
  Put("empty.json", "");
  EXPECT_FALSE(ReadAll("empty.json", o).ok());
}

TEST_F(ReaderTest, JsonItemsPointer) {
  ReaderOptions o;
  Put("p.json",
      R"({"skip": [1, {"items": [9]}], "data": {"a/b": [0, {"items": [{"id": 1}, {"id": 2}]}]},)"
      R"( "after": [3]})");
  o.items_pointer = "/data/a~1b/1/items";
  ExpectItems("p.json", o, R"([{"id":1},{"id":2}])");
  o.items_pointer = "/data/a~1b/1";
  ExpectItems("p.json", o, R"([{"Key":"items","Value":[{"id":1},{"id":2}]}])");
  o.items_pointer = "/data/a~1b/0";
  auto r = ReadAll("p.json", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Attempting to map over non-iterable node.");
  o.items_pointer = "/nope";
  r = ReadAll("p.json", o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nope"), std::string::npos);
  o.items_pointer = "bad";
  EXPECT_FALSE(ReadAll("p.json", o).ok());
}

TEST_F(ReaderTest, JsonLargeStreamsAcrossSlices) {
  std::string body = "[";
  for (int i = 0; i < 50000; ++i) {
    if (i) body += ",";
    body += "{\"i\":" + std::to_string(i) + ",\"s\":\"" + std::string(i % 50, 'x') +
            "\",\"d\":" + std::to_string(i) + ".25}";
  }
  body += "]";
  Put("big.json", body);
  auto items = ReadAll("big.json", ReaderOptions{});
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 50000u);
  for (int i = 0; i < 50000; i += 997) {
    EXPECT_EQ((*items)[i].at("i").as_int64(), i);
    EXPECT_EQ((*items)[i].at("s").as_string().size(), static_cast<std::size_t>(i % 50));
    EXPECT_EQ((*items)[i].at("d").as_double(), i + 0.25);
  }
  // A long string item split across slices.
  std::string long_str(200000, 'y');
  Put("longstr.json", "[\"" + long_str + "\", 1]");
  auto r = ReadAll("longstr.json", ReaderOptions{});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].as_string().size(), long_str.size());
}

// ---- JSONL ----

TEST_F(ReaderTest, Jsonl) {
  ReaderOptions o;
  o.input_type = InputType::kJsonl;
  Put("a.jsonl", "{\"a\":1}\n\n   \n[2]\r\n\"s\"\n3.5");
  ExpectItems("a.jsonl", o, R"([{"a":1},[2],"s",3.5])");
  std::string exact =
      "[0.1,1.7976931348623157e308,18446744073709551615,-9223372036854775808,5e-324,"
      "2.2250738585072011e-308,123456789012345678901234567890]";
  Put("exact.jsonl", exact + "\n" + exact + "\n");
  auto ex = ReadAll("exact.jsonl", o);
  ASSERT_TRUE(ex.ok());
  ASSERT_EQ(ex->size(), 2u);
  EXPECT_EQ(json::Serialize((*ex)[1]), json::Serialize(json::Parse(exact).value()));
  Put("bad.jsonl", "{\"a\":1}\n\n{oops}\n");
  auto r = ReadAll("bad.jsonl", o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 3 of s3://bucket/bad.jsonl"), std::string::npos)
      << r.status().message();
}

// ---- Compression ----

std::string Gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3));
  return out;
}

TEST_F(ReaderTest, CompressedObjects) {
  std::string csv = "a,b\n";
  for (int i = 0; i < 100000; ++i) csv += std::to_string(i) + ",x\n";
  for (std::string key : {"d.csv.gz", "d.csv.gzip", "d.csv.zst", "d.csv.zstd"}) {
    bool gz = key.find(".gz") != std::string::npos;
    Put(key, gz ? Gzip(csv) : Zstd(csv));
    ReaderOptions o;
    o.input_type = InputType::kCsv;
    auto items = ReadAll(key, o);
    ASSERT_TRUE(items.ok()) << key << ": " << items.status().ToString();
    ASSERT_EQ(items->size(), 100000u) << key;
    EXPECT_EQ(json::Serialize(items->back()), R"({"a":"99999","b":"x"})");
  }
  // Concatenated gzip members form one stream.
  Put("two.jsonl.gz", Gzip("1\n2\n") + Gzip("3\n"));
  ReaderOptions o;
  o.input_type = InputType::kJsonl;
  ExpectItems("two.jsonl.gz", o, "[1,2,3]");
  Put("corrupt.json.gz", "not gzip at all");
  auto r = ReadAll("corrupt.json.gz", ReaderOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("gzip"), std::string::npos);
  std::string z = Zstd("[1,2,3]");
  Put("trunc.json.zst", z.substr(0, z.size() - 3));
  EXPECT_FALSE(ReadAll("trunc.json.zst", ReaderOptions{}).ok());
}

TEST_F(ReaderTest, MissingObjectNamesIt) {
  auto r = ReadAll("nope.csv", ReaderOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("s3://bucket/nope.csv"), std::string::npos);
}

}  // namespace
}  // namespace sfn::distributed
