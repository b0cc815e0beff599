// HTTP store against a real moto S3 server on loopback (started and stopped by this test;
// skipped with a message when python3 or moto is missing).
#include "s3/http_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "s3/moto_server.h"  // tests/s3/moto_server.h

namespace sfn::s3 {
namespace {

using testing_moto::FreePort;
using testing_moto::RawRequest;

class MotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing_moto::MotoServer;
    skip_reason_ = server_->Start();
    if (!skip_reason_.empty()) return;
    endpoint_ = server_->endpoint();
    server_->CreateBucket("bkt");
  }

  static void TearDownTestSuite() {
    delete server_;  // stops moto
    server_ = nullptr;
  }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    HttpStoreConfig c;
    c.endpoint = endpoint_;
    c.credentials = {"testing", "testing", ""};  // moto treats unsigned requests as anonymous
    c.read_chunk_bytes = 64 << 10;
    c.multipart_part_bytes = 5 << 20;
    auto s = MakeHttpStore(c);
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
  }

  std::string ReadAll(const std::string& key) {
    auto r = store_->Open("bkt", key);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    std::string out;
    std::vector<char> buf(100000);
    while (true) {
      auto n = (*r)->Read(buf.data(), buf.size());
      EXPECT_TRUE(n.ok()) << n.status().ToString();
      if (!n.ok() || *n == 0) break;
      out.append(buf.data(), *n);
    }
    return out;
  }

  static inline testing_moto::MotoServer* server_ = nullptr;
  static inline std::string skip_reason_;
  static inline std::string endpoint_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(MotoTest, PutHeadOpenRangeWithHardKeys) {
  for (std::string key : {"dir/a b+c=1.json",
                          "donn\xC3\xA9"
                          "es/\xD1\x8E.csv",
                          "100%/x%2F.json", "q?x=1&y#z"}) {
    ASSERT_TRUE(store_->Put("bkt", key, "hello " + key).ok()) << key;
    EXPECT_EQ(ReadAll(key), "hello " + key);
    auto h = store_->Head("bkt", key);
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    EXPECT_EQ(h->size, 6 + key.size());
    EXPECT_EQ(h->etag.front(), '"');
    EXPECT_GT(h->last_modified_epoch_seconds, 1600000000);
    auto range = store_->ReadRange("bkt", key, 1, 4);
    ASSERT_TRUE(range.ok());
    EXPECT_EQ(*range, "ello");
  }
}

TEST_F(MotoTest, StreamedReadInChunks) {
  std::string big;
  for (int i = 0; i < 100000; ++i) big += std::to_string(i) + "\n";
  ASSERT_TRUE(store_->Put("bkt", "big.txt", big).ok());
  EXPECT_EQ(ReadAll("big.txt"), big);
  ASSERT_TRUE(store_->Put("bkt", "empty.txt", "").ok());
  EXPECT_EQ(ReadAll("empty.txt"), "");
  {
    // Dropping a reader while its next chunk is being prefetched.
    auto r = store_->Open("bkt", "big.txt");
    ASSERT_TRUE(r.ok());
    char buf[10];
    ASSERT_EQ((*r)->Read(buf, sizeof buf).value(), sizeof buf);
  }
  // An object replaced while it is read is reported, not silently mixed.
  auto r = store_->Open("bkt", "big.txt");
  ASSERT_TRUE(r.ok());
  std::vector<char> buf(64 << 10);
  ASSERT_TRUE((*r)->Read(buf.data(), buf.size()).ok());
  std::string changed = big;
  changed[0] = 'X';
  ASSERT_TRUE(store_->Put("bkt", "big.txt", changed).ok());
  Status st;
  while (true) {
    auto n = (*r)->Read(buf.data(), buf.size());
    if (!n.ok()) {
      st = n.status();
      break;
    }
    if (*n == 0) break;
  }
  EXPECT_EQ(st.code(), StatusCode::kConflict) << st.ToString();
  EXPECT_NE(st.message().find("s3://bkt/big.txt"), std::string::npos);
}

TEST_F(MotoTest, ListPagesWithContinuationTokens) {
  ASSERT_EQ(RawRequest("PUT", endpoint_ + "/lst"), 200);
  std::vector<std::string> keys = {"p/a", "p/b c", "p/c+d", "p/\xC3\xA9", "p/z/1%20", "q"};
  for (const auto& k : keys) ASSERT_TRUE(store_->Put("lst", k, "x").ok());
  std::vector<std::string> got;
  std::optional<std::string> token;
  int pages = 0;
  do {
    auto page = store_->List("lst", "p/", token, 2);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (auto& o : page->objects) {
      got.push_back(o.key);
      EXPECT_EQ(o.etag, "\"9dd4e461268c8034f5c8564e155c67a6\"");
      EXPECT_EQ(o.size, 1u);
      EXPECT_EQ(o.storage_class, "STANDARD");
      EXPECT_GT(o.last_modified_epoch_seconds, 1600000000);
    }
    token = page->next_token;
    ++pages;
  } while (token);
  std::vector<std::string> want(keys.begin(), keys.end() - 1);
  std::sort(want.begin(), want.end());  // UTF-8 byte order: "p/z/1" < "p/\xC3\xA9"
  EXPECT_EQ(got, want);
  EXPECT_EQ(pages, 3);
}

TEST_F(MotoTest, MultipartCreate) {
  auto w = store_->Create("bkt", "out/multi.bin");
  ASSERT_TRUE(w.ok());
  std::string piece(1 << 20, 'a');
  for (int i = 0; i < 12; ++i) {
    piece[0] = static_cast<char>('a' + i);
    ASSERT_TRUE((*w)->Append(piece).ok());
  }
  auto size = (*w)->Finish();
  ASSERT_TRUE(size.ok()) << size.status().ToString();
  EXPECT_EQ(*size, 12u << 20);
  auto h = store_->Head("bkt", "out/multi.bin");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size, 12u << 20);
  EXPECT_NE(h->etag.find("-3"), std::string::npos) << h->etag;  // 5+5+2 MiB parts
  auto tail = store_->ReadRange("bkt", "out/multi.bin", (11u << 20), 2);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(*tail, "la");
  // Small Create() is one PutObject.
  auto small = store_->Create("bkt", "out/small.json");
  ASSERT_TRUE(small.ok());
  ASSERT_TRUE((*small)->Append("[1]").ok());
  ASSERT_TRUE((*small)->Finish().ok());
  EXPECT_EQ(ReadAll("out/small.json"), "[1]");
}

TEST_F(MotoTest, ErrorsNameBucketAndKey) {
  auto r = store_->Open("bkt", "missing/key.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("s3://bkt/missing/key.csv"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("NoSuchKey"), std::string::npos);
  auto h = store_->Head("bkt", "missing");
  EXPECT_EQ(h.status().code(), StatusCode::kNotFound);
  auto l = store_->List("no-such-bucket-xyz", "", std::nullopt, 1000);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().code(), StatusCode::kNotFound);
  EXPECT_NE(l.status().message().find("no-such-bucket-xyz"), std::string::npos);
}

TEST_F(MotoTest, FromEnvironmentSignsRequests) {
  ::setenv("AWS_ENDPOINT_URL_S3", (endpoint_ + "/").c_str(), 1);
  ::setenv("AWS_REGION", "eu-west-1", 1);
  ::setenv("AWS_ACCESS_KEY_ID", "AKIDTEST", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "secret", 1);
  ::setenv("AWS_SESSION_TOKEN", "token", 1);
  auto cfg = HttpStoreConfigFromEnvironment();
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->endpoint, endpoint_);
  EXPECT_EQ(cfg->region, "eu-west-1");
  EXPECT_TRUE(cfg->path_style);
  EXPECT_EQ(cfg->credentials.session_token, "token");
  auto s = MakeHttpStoreFromEnvironment();
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->Put("bkt", "env/a b.txt", "signed").ok());
  auto got = (*s)->ReadRange("bkt", "env/a b.txt", 0, 100);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, "signed");
  for (const char* v : {"AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_ACCESS_KEY_ID",
                        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
    ::unsetenv(v);
  }
}

TEST(HttpStoreTest, ConnectionErrorsRetryThenFail) {
  HttpStoreConfig c;
  c.endpoint = "http://127.0.0.1:" + std::to_string(FreePort());
  c.max_attempts = 3;
  c.base_backoff = std::chrono::milliseconds(1);
  auto s = MakeHttpStore(c);
  ASSERT_TRUE(s.ok());
  auto r = (*s)->Head("b", "k");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("3 attempts"), std::string::npos) << r.status().message();
}

TEST(HttpStoreTest, ParseIso8601) {
  EXPECT_EQ(ParseIso8601("2026-01-02T03:04:05.000Z").value(), 1767323045);
  EXPECT_FALSE(ParseIso8601("yesterday").ok());
}

}  // namespace
}  // namespace sfn::s3
