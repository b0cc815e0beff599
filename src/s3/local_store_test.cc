#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>

#include "s3/object_store.h"

namespace sfn::s3 {
namespace {

namespace fs = std::filesystem;

class LocalStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("sfn-s3-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(root_ / "b");
    store_ = MakeLocalStore(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string ReadAll(const std::string& key) {
    auto r = store_->Open("b", key);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    std::string out;
    char buf[7];
    while (true) {
      auto n = (*r)->Read(buf, sizeof buf);
      EXPECT_TRUE(n.ok());
      if (!n.ok() || *n == 0) break;
      out.append(buf, *n);
    }
    return out;
  }

  fs::path root_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_F(LocalStoreTest, PutOpenHeadRange) {
  ASSERT_TRUE(store_->Put("b", "dir/a b+c=1.json", "hello world").ok());
  EXPECT_EQ(ReadAll("dir/a b+c=1.json"), "hello world");
  auto info = store_->Head("b", "dir/a b+c=1.json");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size, 11u);
  EXPECT_EQ(info->etag, "\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");  // md5("hello world")
  EXPECT_EQ(info->storage_class, "STANDARD");
  EXPECT_GT(info->last_modified_epoch_seconds, 1600000000);
  auto range = store_->ReadRange("b", "dir/a b+c=1.json", 6, 100);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(*range, "world");
}

TEST_F(LocalStoreTest, UnicodeAndPercentKeys) {
  ASSERT_TRUE(store_->Put("b", "ünï/%41 x.csv", "1").ok());
  EXPECT_EQ(ReadAll("ünï/%41 x.csv"), "1");
}

TEST_F(LocalStoreTest, RejectsEscapingKeys) {
  for (std::string key : {"../x", "a/../../x", "/etc/passwd", "a//b", "./a", "a/", ""}) {
    auto s = store_->Put("b", key, "x");
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << key;
  }
  EXPECT_EQ(store_->Put("b", std::string("a\0b", 3), "x").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->Put("..", "x", "x").code(), StatusCode::kInvalidArgument);
}

TEST_F(LocalStoreTest, NotFound) {
  auto r = store_->Open("b", "missing.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("s3://b/missing.json"), std::string::npos);
  auto nb = store_->Open("nobucket", "x");
  EXPECT_EQ(nb.status().code(), StatusCode::kNotFound);
  EXPECT_NE(nb.status().message().find("nobucket"), std::string::npos);
  EXPECT_EQ(store_->Head("b", "missing").status().code(), StatusCode::kNotFound);
}

TEST_F(LocalStoreTest, ListOrderAndPaging) {
  // Byte order: "a-c" < "a/b" < "a0" because '-' < '/' < '0'.
  std::vector<std::string> keys = {"a/b", "a-c", "a0", "a/c/d", "b", "ä", "a/b0"};
  for (const auto& k : keys) ASSERT_TRUE(store_->Put("b", k, k).ok());
  std::vector<std::string> want = keys;
  std::sort(want.begin(), want.end());
  for (int page_size : {1, 2, 3, 1000}) {
    std::vector<std::string> got;
    std::optional<std::string> token;
    int pages = 0;
    do {
      auto page = store_->List("b", "", token, page_size);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      for (auto& o : page->objects) got.push_back(o.key);
      token = page->next_token;
      ++pages;
    } while (token);
    EXPECT_EQ(got, want) << page_size;
    EXPECT_EQ(pages, (static_cast<int>(want.size()) + page_size - 1) / page_size);
  }
  auto page = store_->List("b", "a/", std::nullopt, 1000);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->objects.size(), 3u);
  EXPECT_EQ(page->objects[0].key, "a/b");
  EXPECT_EQ(page->objects[2].key, "a/c/d");
  EXPECT_FALSE(page->next_token);
  auto p2 = store_->List("b", "a/b", std::nullopt, 1000);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(p2->objects.size(), 2u);
}

TEST_F(LocalStoreTest, ListLargeFolderWithPrefixPaging) {
  for (int i = 0; i < 1200; ++i) {
    ASSERT_TRUE(store_->Put("b", "flat/f" + std::to_string(i), "").ok());
  }
  ASSERT_TRUE(store_->Put("b", "flat/f1a/nested", "").ok());
  std::vector<std::string> got;
  std::optional<std::string> token;
  do {
    auto page = store_->List("b", "flat/f1", token, 100);
    ASSERT_TRUE(page.ok());
    for (auto& o : page->objects) got.push_back(o.key);
    token = page->next_token;
  } while (token);
  // f1, f10-f19, f100-f199, f1000-f1199, plus flat/f1a/nested.
  EXPECT_EQ(got.size(), 1u + 10u + 100u + 200u + 1u);
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
  EXPECT_EQ(got.front(), "flat/f1");
  EXPECT_EQ(got.back(), "flat/f1a/nested");
}

TEST_F(LocalStoreTest, CreateIsAtomic) {
  auto w = store_->Create("b", "out/result.json");
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append("[1,").ok());
  EXPECT_EQ(store_->Head("b", "out/result.json").status().code(), StatusCode::kNotFound);
  std::string big(3 << 20, 'x');
  ASSERT_TRUE((*w)->Append(big).ok());
  ASSERT_TRUE((*w)->Append("2]").ok());
  auto size = (*w)->Finish();
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, big.size() + 5);
  EXPECT_EQ(store_->Head("b", "out/result.json")->size, big.size() + 5);
  {
    auto w2 = store_->Create("b", "out/abandoned.json");
    ASSERT_TRUE(w2.ok());
    ASSERT_TRUE((*w2)->Append("x").ok());
  }
  EXPECT_EQ(store_->Head("b", "out/abandoned.json").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(fs::is_empty(root_ / ".sfn-tmp"));
}

TEST_F(LocalStoreTest, VersionIdRejected) {
  ASSERT_TRUE(store_->Put("b", "k", "x").ok());
  EXPECT_TRUE(store_->Open("b", "k", std::string("null")).ok());
  EXPECT_EQ(store_->Open("b", "k", std::string("v1")).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sfn::s3
