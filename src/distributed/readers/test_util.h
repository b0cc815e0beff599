// Test fixture for the item readers: a local object store in a temp folder with bucket "bucket".
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "distributed/readers/item_source.h"

namespace sfn::distributed::testing_util {

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("sfn-readers-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(root_ / "bucket");
    store_ = s3::MakeLocalStore(root_);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void Put(const std::string& key, const std::string& body) {
    ASSERT_TRUE(store_->Put("bucket", key, body).ok());
  }

  static Result<std::vector<json::Value>> Drain(ItemSource& src) {
    std::vector<json::Value> items;
    json::Value v;
    while (true) {
      SFN_ASSIGN_OR_RETURN(bool more, src.Next(v));
      if (!more) return items;
      items.push_back(std::move(v));
    }
  }

  Result<std::vector<json::Value>> ReadAll(const std::string& key, const ReaderOptions& o) {
    SFN_ASSIGN_OR_RETURN(auto src, MakeObjectItemSource(*store_, "bucket", key, o));
    return Drain(*src);
  }

  void ExpectItems(const std::string& key, const ReaderOptions& o, const std::string& want) {
    auto items = ReadAll(key, o);
    ASSERT_TRUE(items.ok()) << key << ": " << items.status().ToString();
    json::Array got(items->begin(), items->end());
    auto w = json::Parse(want);
    ASSERT_TRUE(w.ok()) << want;
    EXPECT_TRUE(json::Equal(got, *w))
        << key << "\n got " << json::Serialize(got) << "\nwant " << want;
  }

  std::filesystem::path root_;
  std::unique_ptr<s3::ObjectStore> store_;
};

}  // namespace sfn::distributed::testing_util
