#include "distributed/readers/parquet_source.h"

#include "distributed/parquet/parquet_reader.h"
#include "distributed/readers/buffered_input.h"

namespace sfn::distributed {
namespace {

// parquet::RandomAccessSource over one object of an ObjectStore.
class ObjectRangeSource final : public parquet::RandomAccessSource {
 public:
  ObjectRangeSource(s3::ObjectStore& store, std::string bucket, std::string key)
      : store_(store), bucket_(std::move(bucket)), key_(std::move(key)) {}

  Result<std::uint64_t> Size() override {
    if (!size_) {
      SFN_ASSIGN_OR_RETURN(s3::ObjectInfo info, store_.Head(bucket_, key_));
      size_ = info.size;
    }
    return *size_;
  }

  Result<std::string> Read(std::uint64_t offset, std::uint64_t length) override {
    SFN_ASSIGN_OR_RETURN(std::string data, store_.ReadRange(bucket_, key_, offset, length));
    if (data.size() != length) {
      return Status::Corruption("short read of " + internal::S3Uri(bucket_, key_) + ": wanted " +
                                std::to_string(length) + " bytes at offset " +
                                std::to_string(offset) + ", got " + std::to_string(data.size()) +
                                " (was the object replaced while it was read?)");
    }
    return data;
  }

 private:
  s3::ObjectStore& store_;
  std::string bucket_, key_;
  std::optional<std::uint64_t> size_;
};

class ParquetSource final : public ItemSource {
 public:
  explicit ParquetSource(std::unique_ptr<parquet::RowReader> reader) : reader_(std::move(reader)) {}
  Result<bool> Next(json::Value& out) override { return reader_->Next(out); }

 private:
  std::unique_ptr<parquet::RowReader> reader_;
};

}  // namespace

Result<std::unique_ptr<ItemSource>> MakeParquetItemSource(s3::ObjectStore& store,
                                                          const std::string& bucket,
                                                          const std::string& key) {
  SFN_ASSIGN_OR_RETURN(
      std::unique_ptr<parquet::RowReader> reader,
      parquet::RowReader::Open(std::make_unique<ObjectRangeSource>(store, bucket, key),
                               internal::S3Uri(bucket, key)));
  return std::unique_ptr<ItemSource>(new ParquetSource(std::move(reader)));
}

ParquetFactory ParquetItemSourceFactory() {
  return [](s3::ObjectStore& store, const std::string& bucket, const std::string& key) {
    return MakeParquetItemSource(store, bucket, key);
  };
}

}  // namespace sfn::distributed
