// RandomAccessSource implementations: local file and in-memory buffer.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "distributed/parquet/parquet_reader.h"

namespace sfn::parquet {

namespace {

class LocalFileSource : public RandomAccessSource {
 public:
  explicit LocalFileSource(std::string path) : path_(std::move(path)) {}
  ~LocalFileSource() override {
    if (f_ != nullptr) std::fclose(f_);
  }

  Result<std::uint64_t> Size() override {
    SFN_TRY(EnsureOpen());
    if (std::fseek(f_, 0, SEEK_END) != 0) return Err("seek");
    long end = std::ftell(f_);
    if (end < 0) return Err("ftell");
    return static_cast<std::uint64_t>(end);
  }

  Result<std::string> Read(std::uint64_t offset, std::uint64_t length) override {
    SFN_TRY(EnsureOpen());
    if (offset > static_cast<std::uint64_t>(INT64_MAX)) return Err("seek");
    if (fseeko(f_, static_cast<off_t>(offset), SEEK_SET) != 0) return Err("seek");
    std::string out(length, '\0');
    std::size_t got = std::fread(out.data(), 1, length, f_);
    if (got != length) {
      return Status::IoError("short read of " + path_ + ": wanted " + std::to_string(length) +
                             " bytes at offset " + std::to_string(offset) + ", got " +
                             std::to_string(got));
    }
    return out;
  }

 private:
  Status EnsureOpen() {
    if (f_ != nullptr) return Status::Ok();
    f_ = std::fopen(path_.c_str(), "rb");
    if (f_ == nullptr) {
      if (errno == ENOENT) return Status::NotFound("no such file: " + path_);
      return Status::IoError("cannot open " + path_ + ": " + std::strerror(errno));
    }
    return Status::Ok();
  }
  Status Err(const char* op) {
    return Status::IoError(std::string(op) + " failed on " + path_ + ": " + std::strerror(errno));
  }

  std::string path_;
  std::FILE* f_ = nullptr;
};

class BufferSource : public RandomAccessSource {
 public:
  explicit BufferSource(std::string data) : data_(std::move(data)) {}
  Result<std::uint64_t> Size() override { return static_cast<std::uint64_t>(data_.size()); }
  Result<std::string> Read(std::uint64_t offset, std::uint64_t length) override {
    if (offset > data_.size() || length > data_.size() - offset) {
      return Status::IoError("read of " + std::to_string(length) + " bytes at offset " +
                             std::to_string(offset) + " is past the end of a " +
                             std::to_string(data_.size()) + "-byte buffer");
    }
    return data_.substr(offset, length);
  }

 private:
  std::string data_;
};

}  // namespace

std::unique_ptr<RandomAccessSource> OpenLocalFile(const std::string& path) {
  return std::make_unique<LocalFileSource>(path);
}

std::unique_ptr<RandomAccessSource> OpenBuffer(std::string data) {
  return std::make_unique<BufferSource>(std::move(data));
}

}  // namespace sfn::parquet
