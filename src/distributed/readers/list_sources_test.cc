#include <gtest/gtest.h>
#include <zlib.h>

#include "distributed/readers/item_source.h"
#include "distributed/readers/test_util.h"

namespace sfn::distributed {
namespace {

using testing_util::ReaderTest;

TEST_F(ReaderTest, ListObjectsNoneAllPages) {
  for (int i = 0; i < 2503; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "data/f%05d.txt", i);
    Put(key, "x");
  }
  Put("other/skip.txt", "y");
  auto src = MakeListObjectsItemSource(*store_, "bucket", "data/");
  auto items = Drain(*src);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 2503u);
  const json::Object& first = (*items)[0].as_object();
  EXPECT_EQ(first.at("Key").as_string(), "data/f00000.txt");
  EXPECT_EQ(first.at("Etag").as_string(), "\"9dd4e461268c8034f5c8564e155c67a6\"");  // md5("x")
  EXPECT_EQ(first.at("Size").to_number<std::int64_t>(), 1);
  EXPECT_TRUE(first.at("LastModified").is_int64());
  EXPECT_EQ(first.at("StorageClass").as_string(), "STANDARD");
  EXPECT_EQ(first.size(), 5u);
  EXPECT_EQ((*items)[2502].at("Key").as_string(), "data/f02502.txt");
}

TEST_F(ReaderTest, LoadAndFlatten) {
  Put("in/a.jsonl", "1\n2\n");
  Put("in/b.jsonl.gz", std::string());  // empty gzip object: no items
  Put("in/c.jsonl", "3\n");
  Put("in/empty.jsonl", "");
  Put("zz.jsonl", "99\n");
  ReaderOptions o;
  o.input_type = InputType::kJsonl;
  auto src = MakeLoadAndFlattenItemSource(*store_, "bucket", "in/", o);
  auto items = Drain(*src);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  EXPECT_EQ(json::Serialize(json::Array(items->begin(), items->end())), "[1,2,3]");

  Put("csv/1.csv", "a,b\n1,2\n");
  Put("csv/2.csv", "a,b\n3,4\n");
  o.input_type = InputType::kCsv;
  auto csv = MakeLoadAndFlattenItemSource(*store_, "bucket", "csv/", o);
  auto rows = Drain(*csv);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(json::Serialize(json::Array(rows->begin(), rows->end())),
            R"([{"a":"1","b":"2"},{"a":"3","b":"4"}])");

  Put("bad/x.json", "[1,");
  o.input_type = InputType::kJson;
  auto bad = MakeLoadAndFlattenItemSource(*store_, "bucket", "bad/", o);
  auto r = Drain(*bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("s3://bucket/bad/x.json"), std::string::npos);
}

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

TEST_F(ReaderTest, S3InventoryManifest) {
  ASSERT_TRUE(std::filesystem::create_directories(root_ / "inv-dest"));
  ASSERT_TRUE(store_
                  ->Put("inv-dest", "src/inv/data/1.csv.gz",
                        Gzip("\"src\",\"csvDataset/titles.csv\",\"3399671\","
                             "\"2022-11-16T00:29:32.000Z\"\n"))
                  .ok());
  ASSERT_TRUE(
      store_->Put("inv-dest", "src/inv/data/2.csv", "\"src\",\"a,b.csv\",\"1\",\"x\"\n").ok());
  Put("manifest.json", R"({
    "sourceBucket": "src", "destinationBucket": "arn:aws:s3:::inv-dest", "version": "2016-11-30",
    "creationTimestamp": "1668560400000", "fileFormat": "CSV",
    "fileSchema": "Bucket, Key, Size, LastModifiedDate",
    "files": [{"key": "src/inv/data/1.csv.gz", "size": 10, "MD5checksum": "x"},
              {"key": "src/inv/data/2.csv", "size": 10, "MD5checksum": "y"}]})");
  auto src = MakeS3InventoryItemSource(*store_, "bucket", "manifest.json", ReaderOptions{});
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  auto items = Drain(**src);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  auto want = json::Parse(
      R"([{"Bucket":"src","Key":"csvDataset/titles.csv","Size":"3399671","LastModifiedDate":"2022-11-16T00:29:32.000Z"},)"
      R"({"Bucket":"src","Key":"a,b.csv","Size":"1","LastModifiedDate":"x"}])");
  EXPECT_TRUE(json::Equal(json::Array(items->begin(), items->end()), *want));

  Put("orc.json", R"({"fileFormat":"ORC","fileSchema":"x","files":[]})");
  auto orc = MakeS3InventoryItemSource(*store_, "bucket", "orc.json", ReaderOptions{});
  ASSERT_FALSE(orc.ok());
  EXPECT_NE(orc.status().message().find("ORC"), std::string::npos);
}

TEST_F(ReaderTest, AthenaManifest) {
  Put("unload/q-1.csv", "1,a\n2,b\n");
  Put("unload/q-2.csv.gz", Gzip("3,c\n"));
  Put("unload/q-manifest.csv", "s3://bucket/unload/q-1.csv\r\ns3://bucket/unload/q-2.csv.gz\n");
  ReaderOptions o;
  o.input_type = InputType::kCsv;
  o.csv_header_location = CsvHeaderLocation::kGiven;
  o.csv_headers = {"id", "name"};
  auto src = MakeAthenaItemSource(*store_, "bucket", "unload/q-manifest.csv", o);
  ASSERT_TRUE(src.ok()) << src.status().ToString();
  auto items = Drain(**src);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  EXPECT_EQ(json::Serialize(json::Array(items->begin(), items->end())),
            R"([{"id":"1","name":"a"},{"id":"2","name":"b"},{"id":"3","name":"c"}])");
  Put("bad-manifest.csv", "s3://bucket/x\nhttp://nope\n");
  auto bad = MakeAthenaItemSource(*store_, "bucket", "bad-manifest.csv", o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
}

}  // namespace
}  // namespace sfn::distributed
