// RowReader tests: every fixture in tests/data/parquet is compared with its hyparquet oracle
// (tests/tools/parquet/generate.mjs); malformed input must yield errors, never crashes.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "distributed/parquet/parquet_reader.h"

namespace sfn::parquet {
namespace {

std::string DataDir() {
  const char* env = std::getenv("SFN_SOURCE_DIR");
  return std::string(env ? env : SFN_SOURCE_DIR) + "/tests/data/parquet/";
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<json::Value> LoadOracle(const std::string& path) {
  std::vector<json::Value> rows;
  std::istringstream in(Slurp(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto v = json::Parse(line);
    EXPECT_TRUE(v.ok()) << path << ": " << v.status().ToString();
    if (v.ok()) rows.push_back(std::move(v).value());
  }
  return rows;
}

Result<std::vector<json::Value>> ReadAll(std::unique_ptr<RandomAccessSource> src,
                                         const std::string& desc) {
  SFN_ASSIGN_OR_RETURN(auto reader, RowReader::Open(std::move(src), desc));
  std::vector<json::Value> rows;
  json::Value row;
  while (true) {
    SFN_ASSIGN_OR_RETURN(bool more, reader->Next(row));
    if (!more) break;
    rows.push_back(std::move(row));
  }
  return rows;
}

// Deep comparison: numbers by value (relative 1e-6 when either is a double, since the oracle
// widens FLOAT and computes DECIMAL in binary), object keys in the same order.
bool Same(const json::Value& a, const json::Value& b, std::string& why, const std::string& at) {
  if (json::IsNumber(a) && json::IsNumber(b)) {
    if (a.is_double() || b.is_double()) {
      double x = json::AsDouble(a), y = json::AsDouble(b);
      if (std::fabs(x - y) <= 1e-6 * std::max(1.0, std::max(std::fabs(x), std::fabs(y)))) {
        return true;
      }
    } else if (json::Equal(a, b)) {
      return true;
    }
    why = at + ": " + json::Serialize(a) + " != " + json::Serialize(b);
    return false;
  }
  if (a.kind() != b.kind()) {
    why = at + ": " + json::Serialize(a) + " != " + json::Serialize(b);
    return false;
  }
  if (a.is_object()) {
    const auto& oa = a.get_object();
    const auto& ob = b.get_object();
    if (oa.size() != ob.size()) {
      why = at + ": " + json::Serialize(a) + " != " + json::Serialize(b);
      return false;
    }
    auto ia = oa.begin();
    auto ib = ob.begin();
    for (; ia != oa.end(); ++ia, ++ib) {
      if (ia->key() != ib->key()) {
        why = at + ": key order " + std::string(ia->key()) + " vs " + std::string(ib->key());
        return false;
      }
      if (!Same(ia->value(), ib->value(), why, at + "." + std::string(ia->key()))) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const auto& xa = a.get_array();
    const auto& xb = b.get_array();
    if (xa.size() != xb.size()) {
      why = at + ": " + json::Serialize(a) + " != " + json::Serialize(b);
      return false;
    }
    for (std::size_t i = 0; i < xa.size(); ++i) {
      if (!Same(xa[i], xb[i], why, at + "[" + std::to_string(i) + "]")) return false;
    }
    return true;
  }
  if (a != b) {
    why = at + ": " + json::Serialize(a) + " != " + json::Serialize(b);
    return false;
  }
  return true;
}

struct Fixture {
  const char* file;
  const char* oracle;
  std::size_t row_groups;
};

const Fixture kFixtures[] = {
    {"basic_uncompressed", "basic_uncompressed", 2},
    {"basic_snappy", "basic_uncompressed", 2},
    {"basic_gzip", "basic_uncompressed", 2},
    {"basic_zstd", "basic_uncompressed", 2},
    {"basic_lz4_raw", "basic_uncompressed", 2},
    {"basic_brotli", "basic_uncompressed", 2},
    {"types_v1", "types_v1", 1},
    {"types_v2", "types_v1", 1},
    {"nested_v1", "nested_v1", 1},
    {"nested_v2", "nested_v1", 1},
    {"v2_encodings_uncompressed", "v2_encodings_uncompressed", 3},
    {"v2_encodings_snappy", "v2_encodings_uncompressed", 3},
    {"v2_encodings_gzip", "v2_encodings_uncompressed", 3},
    {"v2_encodings_brotli", "v2_encodings_uncompressed", 3},
    {"nested_pagev2", "nested_pagev2", 3},
    {"legacy_types", "legacy_types", 1},
    {"bitpacked_levels", "bitpacked_levels", 1},
};

class FixtureTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, MatchesOracle) {
  const Fixture& f = GetParam();
  const std::string path = DataDir() + f.file + ".parquet";
  auto expected = LoadOracle(DataDir() + f.oracle + ".jsonl");
  ASSERT_FALSE(expected.empty());
  auto reader = RowReader::Open(OpenLocalFile(path), path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->num_rows(), expected.size());
  EXPECT_EQ((*reader)->num_row_groups(), f.row_groups);
  json::Value row;
  std::size_t i = 0;
  std::size_t mismatches = 0;
  while (true) {
    auto more = (*reader)->Next(row);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    ASSERT_LT(i, expected.size());
    std::string why;
    if (!Same(row, expected[i], why, "row " + std::to_string(i)) && ++mismatches <= 5) {
      ADD_FAILURE() << f.file << ": " << why << "\n  got:      " << json::Serialize(row)
                    << "\n  expected: " << json::Serialize(expected[i]);
    }
    ++i;
  }
  EXPECT_EQ(i, expected.size());
  EXPECT_EQ(mismatches, 0u);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(kFixtures),
                         [](const auto& param_info) { return std::string(param_info.param.file); });

TEST(ParquetReader, ColumnNamesInSchemaOrder) {
  auto reader = RowReader::Open(OpenLocalFile(DataDir() + "basic_snappy.parquet"), "basic");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->column_names(),
            (std::vector<std::string>{"id", "name", "amount", "flag", "maybe", "arr", "obj"}));
}

TEST(ParquetReader, FirstRowShape) {
  auto rows = ReadAll(OpenLocalFile(DataDir() + "basic_zstd.parquet"), "basic");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(json::Serialize((*rows)[1]),
            R"({"id":1,"name":"name1","amount":1.25,"flag":false,"maybe":7,"arr":[1,2],)"
            R"("obj":{"a":1,"b":"b"}})");
}

TEST(ParquetReader, TimestampsAsEpochMillisOption) {
  ReaderOptions opts;
  opts.timestamps_as_epoch_millis = true;
  auto reader = RowReader::Open(OpenLocalFile(DataDir() + "types_v1.parquet"), "types", opts);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  json::Value row;
  ASSERT_TRUE((*reader)->Next(row).ok());
  ASSERT_TRUE((*reader)->Next(row).ok());
  // Row 1: ts_us 1970-01-01T00:02:03.001001, ts_tz 2024-01-02T03:04:06.124456Z.
  EXPECT_EQ(row.at("ts_us"), json::Value(123001));
  EXPECT_EQ(row.at("ts_tz"), json::Value(1704164646124));
  EXPECT_EQ(row.at("ts_ns"), json::Value(1704164645123));
  EXPECT_EQ(row.at("d"), json::Value("1970-01-11"));  // dates unaffected
}

TEST(ParquetReader, EmptyFileYieldsNoRows) {
  auto reader = RowReader::Open(OpenLocalFile(DataDir() + "empty.parquet"), "empty");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->num_rows(), 0u);
  EXPECT_EQ((*reader)->column_names(), (std::vector<std::string>{"id", "s"}));
  json::Value row;
  auto more = (*reader)->Next(row);
  ASSERT_TRUE(more.ok()) << more.status().ToString();
  EXPECT_FALSE(*more);
}

// Counts Read() calls: what the S3 layer pays in ranged GETs.
class CountingSource : public RandomAccessSource {
 public:
  explicit CountingSource(std::unique_ptr<RandomAccessSource> inner, int* reads)
      : inner_(std::move(inner)), reads_(reads) {}
  Result<std::uint64_t> Size() override { return inner_->Size(); }
  Result<std::string> Read(std::uint64_t offset, std::uint64_t length) override {
    ++*reads_;
    return inner_->Read(offset, length);
  }

 private:
  std::unique_ptr<RandomAccessSource> inner_;
  int* reads_;
};

TEST(ParquetReader, FewRangeReads) {
  int reads = 0;
  auto rows = ReadAll(
      std::make_unique<CountingSource>(OpenLocalFile(DataDir() + "basic_snappy.parquet"), &reads),
      "basic");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->size(), 2200u);
  EXPECT_EQ(reads, 2 + 2);  // head magic + tail with footer, then one read per row group
}

TEST(ParquetReader, MissingFileIsNotFound) {
  auto r = RowReader::Open(OpenLocalFile("/nonexistent/x.parquet"), "s3://b/x.parquet");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(ParquetReader, RejectsNonParquet) {
  auto r = RowReader::Open(OpenBuffer("id,name\n1,a\n2,b\n"), "s3://b/k.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("s3://b/k.csv"), std::string::npos);
  EXPECT_FALSE(RowReader::Open(OpenBuffer(""), "empty").ok());
  EXPECT_FALSE(RowReader::Open(OpenBuffer("PAR1PAR1"), "tiny").ok());
}

TEST(ParquetReader, FooterLimit) {
  std::string data = "PAR1" + std::string(64, '\0');
  std::uint32_t len = 6u << 20;  // 6 MB > 5 MB
  data.append(reinterpret_cast<const char*>(&len), 4);
  data += "PAR1";
  auto r = RowReader::Open(OpenBuffer(data), "s3://b/big-footer.parquet");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("5 MB"), std::string::npos) << r.status().message();
}

TEST(ParquetReader, FooterLengthPastFileStart) {
  std::string data = "PAR1" + std::string(8, '\0');
  std::uint32_t len = 1000;
  data.append(reinterpret_cast<const char*>(&len), 4);
  data += "PAR1";
  auto r = RowReader::Open(OpenBuffer(data), "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
}

// A minimal Thrift compact encoder for synthetic footers.
struct Tw {
  std::string out;
  void Byte(int b) { out += static_cast<char>(b); }
  void Varint(std::uint64_t v) {
    while (v >= 0x80) {
      Byte(static_cast<int>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    Byte(static_cast<int>(v));
  }
  void Zz(std::int64_t v) {
    Varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void Field(int delta, int type) { Byte((delta << 4) | type); }
  void Str(const std::string& s) {
    Varint(s.size());
    out += s;
  }
};

// Footer of a file with one required INT32 column "a" whose only column chunk (at offset 4)
// claims `chunk_bytes` bytes.
std::string SyntheticFooter(std::int64_t chunk_bytes) {
  Tw w;
  w.Field(1, 5), w.Zz(1);                   // 1: version
  w.Field(1, 9), w.Byte(0x2c);              // 2: schema, 2 structs
  w.Field(4, 8), w.Str("schema");           //   root name
  w.Field(1, 5), w.Zz(1), w.Byte(0);        //   num_children 1
  w.Field(1, 5), w.Zz(1);                   //   type INT32
  w.Field(2, 5), w.Zz(0);                   //   repetition REQUIRED
  w.Field(1, 8), w.Str("a"), w.Byte(0);     //   name
  w.Field(1, 6), w.Zz(10);                  // 3: num_rows
  w.Field(1, 9), w.Byte(0x1c);              // 4: row_groups, 1 struct
  w.Field(1, 9), w.Byte(0x1c);              //   columns, 1 struct
  w.Field(2, 6), w.Zz(4);                   //     file_offset
  w.Field(1, 12);                           //     meta_data
  w.Field(1, 5), w.Zz(1);                   //       type
  w.Field(2, 9), w.Byte(0x18), w.Str("a");  //       path_in_schema
  w.Field(1, 5), w.Zz(0);                   //       codec
  w.Field(1, 6), w.Zz(10);                  //       num_values
  w.Field(1, 6), w.Zz(chunk_bytes);         //       total_uncompressed_size
  w.Field(1, 6), w.Zz(chunk_bytes);         //       total_compressed_size
  w.Field(2, 6), w.Zz(4), w.Byte(0);        //       data_page_offset
  w.Byte(0);                                //     end ColumnChunk
  w.Field(1, 6), w.Zz(chunk_bytes);         //   total_byte_size
  w.Field(1, 6), w.Zz(10), w.Byte(0);       //   num_rows
  w.Byte(0);                                // end FileMetaData
  return w.out;
}

// A sparse "file": magic, `gap` zero bytes, then footer, length and magic.
class SparseSource : public RandomAccessSource {
 public:
  SparseSource(std::uint64_t gap, std::string footer) : gap_(gap), footer_(std::move(footer)) {
    auto len = static_cast<std::uint32_t>(footer_.size());
    tail_ = footer_ + std::string(reinterpret_cast<const char*>(&len), 4) + "PAR1";
  }
  Result<std::uint64_t> Size() override { return 4 + gap_ + tail_.size(); }
  Result<std::string> Read(std::uint64_t offset, std::uint64_t length) override {
    std::string out;
    for (std::uint64_t i = offset; i < offset + length; ++i) {
      if (i < 4) {
        out += "PAR1"[i];
      } else if (i < 4 + gap_) {
        out += '\0';
      } else {
        out += tail_[i - 4 - gap_];
      }
    }
    return out;
  }

 private:
  std::uint64_t gap_;
  std::string footer_, tail_;
};

TEST(ParquetReader, RowGroupLimit) {
  const std::int64_t big = 300LL << 20;
  auto r = RowReader::Open(std::make_unique<SparseSource>(big, SyntheticFooter(big)),
                           "s3://b/huge.parquet");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("256 MB"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("row group 0"), std::string::npos);
}

TEST(ParquetReader, SyntheticFooterParsesAndPageErrorsNameTheColumn) {
  auto r = RowReader::Open(std::make_unique<SparseSource>(64, SyntheticFooter(64)),
                           "s3://b/zeros.parquet");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->num_rows(), 10u);
  json::Value row;
  auto next = (*r)->Next(row);  // the "pages" are zero bytes
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.status().message().find("s3://b/zeros.parquet, row group 0, column 'a'"),
            std::string::npos)
      << next.status().message();
}

// Truncations and random byte flips of every fixture must produce rows or an error, never a
// crash, hang or sanitizer report.
TEST(ParquetReader, MalformedInputNeverCrashes) {
  // SFN_PARQUET_FUZZ_TRIALS raises the trials per fixture for longer (sanitizer) runs.
  const char* env_trials = std::getenv("SFN_PARQUET_FUZZ_TRIALS");
  const int trials = env_trials ? std::atoi(env_trials) : 40;
  std::mt19937 rng(env_trials ? static_cast<unsigned>(trials) : 12345u);
  int errors = 0, runs = 0;
  for (const Fixture& f : kFixtures) {
    const std::string original = Slurp(DataDir() + f.file + ".parquet");
    ASSERT_GT(original.size(), 100u);
    for (int trial = 0; trial < trials; ++trial) {
      std::string data = original;
      if (trial < 5) {
        data.resize(std::uniform_int_distribution<std::size_t>(0, data.size() - 1)(rng));
      } else {
        int flips = 1 + trial % 8;
        for (int k = 0; k < flips; ++k) {
          // Bias toward the footer, where one flipped byte changes the structure most.
          std::size_t pos =
              (k % 2 == 0) ? std::uniform_int_distribution<std::size_t>(0, data.size() - 1)(rng)
                           : data.size() - 1 -
                                 std::uniform_int_distribution<std::size_t>(
                                     0, std::min<std::size_t>(data.size() - 1, 4000))(rng);
          data[pos] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
        }
      }
      auto rows = ReadAll(OpenBuffer(std::move(data)), f.file);
      ++runs;
      if (!rows.ok()) {
        ++errors;
        EXPECT_FALSE(rows.status().message().empty());
      }
    }
  }
  EXPECT_GT(errors, runs / 4);
}

// Throughput on a large generated file (not committed): set SFN_PARQUET_BENCH_FILE, e.g. to
// /tmp/pq_big.parquet from `node generate.mjs --big /tmp/pq_big.parquet`.
TEST(ParquetReader, Throughput) {
  const char* path = std::getenv("SFN_PARQUET_BENCH_FILE");
  if (path == nullptr) GTEST_SKIP() << "SFN_PARQUET_BENCH_FILE not set";
  auto reader = RowReader::Open(OpenLocalFile(path), path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto start = std::chrono::steady_clock::now();
  json::Value row;
  std::uint64_t n = 0;
  while (true) {
    auto more = (*reader)->Next(row);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    ++n;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(n, (*reader)->num_rows());
  std::printf("parquet throughput: %llu rows in %.3f s = %.0f rows/s\n",
              static_cast<unsigned long long>(n), secs, static_cast<double>(n) / secs);
}

}  // namespace
}  // namespace sfn::parquet
