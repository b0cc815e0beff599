#include "distributed/readers/parquet_source.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "distributed/readers/test_util.h"

namespace sfn::distributed {
namespace {

using testing_util::ReaderTest;

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string DataDir() { return std::string(SFN_SOURCE_DIR) + "/tests/data/parquet/"; }

TEST_F(ReaderTest, ParquetRowsMatchJsonl) {
  Put("p/basic.parquet", ReadFile(DataDir() + "basic_uncompressed.parquet"));
  Put("want.jsonl", ReadFile(DataDir() + "basic_uncompressed.jsonl"));
  ReaderOptions o;
  o.input_type = InputType::kParquet;
  o.parquet = ParquetItemSourceFactory();
  auto rows = ReadAll("p/basic.parquet", o);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ReaderOptions jl;
  jl.input_type = InputType::kJsonl;
  auto want = ReadAll("want.jsonl", jl);
  ASSERT_TRUE(want.ok());
  ASSERT_EQ(rows->size(), want->size());
  ASSERT_GT(rows->size(), 0u);
  for (std::size_t i = 0; i < rows->size(); i += 97) {
    EXPECT_TRUE(json::Equal((*rows)[i], (*want)[i])) << i;
  }
}

TEST_F(ReaderTest, ParquetLoadAndFlattenAndErrors) {
  Put("p/a.parquet", ReadFile(DataDir() + "basic_zstd.parquet"));
  Put("p/b.parquet", ReadFile(DataDir() + "empty.parquet"));
  ReaderOptions o;
  o.input_type = InputType::kParquet;
  o.parquet = ParquetItemSourceFactory();
  auto flat = MakeLoadAndFlattenItemSource(*store_, "bucket", "p/", o);
  auto items = Drain(*flat);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  EXPECT_GT(items->size(), 0u);

  Put("bad.parquet", "not a parquet file at all");
  auto bad = ReadAll("bad.parquet", o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("s3://bucket/bad.parquet"), std::string::npos)
      << bad.status().ToString();
  auto missing = ReadAll("missing.parquet", o);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sfn::distributed
