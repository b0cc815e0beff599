// Item readers over the HTTP store against a real moto S3 server (started and stopped here;
// skipped with a message when python3 or moto is missing).
#include <gtest/gtest.h>
#include <zlib.h>

#include "distributed/readers/item_source.h"
#include "s3/http_store.h"
#include "s3/moto_server.h"  // tests/s3/moto_server.h

namespace sfn::distributed {
namespace {

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

class ReadersOverMotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing_moto::MotoServer;
    skip_reason_ = server_->Start();
    if (skip_reason_.empty()) server_->CreateBucket("data");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    s3::HttpStoreConfig c;
    c.endpoint = server_->endpoint();
    c.credentials = {"testing", "testing", ""};
    c.read_chunk_bytes = 64 << 10;  // many ranged GETs per object
    store_ = s3::MakeHttpStore(c).value();
  }

  static Result<std::size_t> Count(ItemSource& src, json::Value* last = nullptr) {
    std::size_t n = 0;
    json::Value v;
    while (true) {
      SFN_ASSIGN_OR_RETURN(bool more, src.Next(v));
      if (!more) return n;
      ++n;
      if (last) *last = v;
    }
  }

  static inline testing_moto::MotoServer* server_ = nullptr;
  static inline std::string skip_reason_;
  std::unique_ptr<s3::ObjectStore> store_;
};

TEST_F(ReadersOverMotoTest, CsvGzJsonJsonlAndListing) {
  std::string csv = "id,text\n";
  std::string jsonl, json = "[";
  for (int i = 0; i < 20000; ++i) {
    csv += std::to_string(i) + ",\"row, " + std::to_string(i) + "\"\n";
    jsonl += "{\"i\":" + std::to_string(i) + "}\n";
    json += (i ? ",{\"i\":" : "{\"i\":") + std::to_string(i) + "}";
  }
  json += "]";
  ASSERT_TRUE(store_->Put("data", "in/rows.csv.gz", Gzip(csv)).ok());
  ASSERT_TRUE(store_->Put("data", "in/rows.jsonl", jsonl).ok());
  ASSERT_TRUE(store_->Put("data", "in/rows.json", json).ok());

  ReaderOptions o;
  o.input_type = InputType::kCsv;
  auto c = MakeObjectItemSource(*store_, "data", "in/rows.csv.gz", o);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  json::Value last;
  EXPECT_EQ(Count(**c, &last).value(), 20000u);
  EXPECT_EQ(json::Serialize(last), R"({"id":"19999","text":"row, 19999"})");

  o.input_type = InputType::kJsonl;
  auto l = MakeObjectItemSource(*store_, "data", "in/rows.jsonl", o);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(Count(**l).value(), 20000u);

  o.input_type = InputType::kJson;
  auto j = MakeObjectItemSource(*store_, "data", "in/rows.json", o);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(Count(**j).value(), 20000u);

  auto list = MakeListObjectsItemSource(*store_, "data", "in/");
  EXPECT_EQ(Count(*list, &last).value(), 3u);
  EXPECT_EQ(last.at("Key").as_string(), "in/rows.jsonl");
  EXPECT_EQ(last.at("Size").to_number<std::uint64_t>(), jsonl.size());
  EXPECT_EQ(last.at("Etag").as_string().front(), '"');

  ASSERT_TRUE(store_->Put("data", "flat/a.jsonl", "1\n2\n").ok());
  ASSERT_TRUE(store_->Put("data", "flat/b.jsonl", "3\n").ok());
  o.input_type = InputType::kJsonl;
  auto flat = MakeLoadAndFlattenItemSource(*store_, "data", "flat/", o);
  EXPECT_EQ(Count(*flat, &last).value(), 3u);
  EXPECT_EQ(json::Serialize(last), "3");
}

TEST_F(ReadersOverMotoTest, MissingObjectIsNamed) {
  auto r = MakeObjectItemSource(*store_, "data", "nope.csv", ReaderOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("s3://data/nope.csv"), std::string::npos);
}

}  // namespace
}  // namespace sfn::distributed
