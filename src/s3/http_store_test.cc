// HTTP store against a real moto S3 server on loopback (started and stopped by this test;
// skipped with a message when python3 or moto is missing).
#include "s3/http_store.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

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

// A scripted HTTP server: answers each connection with the next canned response.
class FakeS3 {
 public:
  explicit FakeS3(std::vector<std::string> responses) : responses_(std::move(responses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] {
      for (const std::string& resp : responses_) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::string req;
        char buf[4096];
        while (req.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = ::recv(c, buf, sizeof buf, 0);
          if (n <= 0) break;
          req.append(buf, static_cast<std::size_t>(n));
        }
        requests_.push_back(req);
        std::size_t off = 0;
        while (off < resp.size()) {
          ssize_t n = ::send(c, resp.data() + off, resp.size() - off, MSG_NOSIGNAL);
          if (n <= 0) break;
          off += static_cast<std::size_t>(n);
        }
        ::close(c);
      }
    });
  }
  ~FakeS3() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests_;

 private:
  std::vector<std::string> responses_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

std::string Response(int status, const std::string& body, const std::string& extra = "") {
  return "HTTP/1.1 " + std::to_string(status) +
         " X\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra + "\r\n" + body;
}

TEST(HttpStoreTest, RetriesSlowDownAnd5xxThenSucceeds) {
  std::string slow =
      "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
  FakeS3 fake({Response(503, slow), Response(500, ""),
               Response(206, "ok", "Content-Range: bytes 0-1/2\r\nETag: \"e\"\r\n")});
  HttpStoreConfig c;
  c.endpoint = fake.endpoint();
  c.credentials = {"AKID", "secret", ""};
  c.base_backoff = std::chrono::milliseconds(1);
  auto s = MakeHttpStore(c);
  ASSERT_TRUE(s.ok());
  auto r = (*s)->ReadRange("bkt", "a b.csv", 0, 10);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, "ok");
  ASSERT_EQ(fake.requests_.size(), 3u);
  EXPECT_NE(fake.requests_[2].find("GET /bkt/a%20b.csv HTTP/1.1"), std::string::npos);
  EXPECT_NE(fake.requests_[2].find("Range: bytes=0-9"), std::string::npos);
  EXPECT_NE(fake.requests_[2].find("Authorization: AWS4-HMAC-SHA256 Credential=AKID/"),
            std::string::npos);
}

TEST(HttpStoreTest, ServerIgnoringRangeDoesNotBufferWholeObject) {
  FakeS3 fake({Response(200, std::string(200000, 'x'))});
  HttpStoreConfig c;
  c.endpoint = fake.endpoint();
  auto s = MakeHttpStore(c);
  ASSERT_TRUE(s.ok());
  auto r = (*s)->ReadRange("bkt", "big", 0, 10);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Range"), std::string::npos) << r.status().ToString();
}

TEST(HttpStoreTest, ErrorXmlBecomesClearStatus) {
  FakeS3 fake({Response(403,
                        "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature "
                        "we calculated does not match</Message></Error>"),
               Response(404, "<Error><Code>NoSuchKey</Code></Error>"),
               Response(503, "<Error><Code>SlowDown</Code></Error>"),
               Response(503, "<Error><Code>SlowDown</Code></Error>")});
  HttpStoreConfig c;
  c.endpoint = fake.endpoint();
  c.max_attempts = 2;
  c.base_backoff = std::chrono::milliseconds(1);
  auto s = MakeHttpStore(c);
  ASSERT_TRUE(s.ok());
  Status denied = (*s)->Put("bkt", "k", "x");
  EXPECT_EQ(denied.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(denied.message().find("SignatureDoesNotMatch"), std::string::npos);
  EXPECT_NE(denied.message().find("s3://bkt/k"), std::string::npos);
  EXPECT_NE(denied.message().find("credentials"), std::string::npos);
  auto missing = (*s)->Head("bkt", "gone.json");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("s3://bkt/gone.json"), std::string::npos);
  auto slow = (*s)->List("bkt", "", std::nullopt, 10);
  EXPECT_EQ(slow.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(slow.status().message().find("SlowDown"), std::string::npos)
      << slow.status().ToString();
}

TEST(HttpStoreTest, ParseIso8601) {
  EXPECT_EQ(ParseIso8601("2026-01-02T03:04:05.000Z").value(), 1767323045);
  EXPECT_FALSE(ParseIso8601("yesterday").ok());
}

}  // namespace
}  // namespace sfn::s3
