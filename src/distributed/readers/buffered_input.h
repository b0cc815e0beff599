// Internal helpers shared by the item readers: a 1 MiB buffered byte stream and "s3://b/k" names.
#pragma once

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "s3/object_store.h"

namespace sfn::distributed::internal {

inline std::string S3Uri(const std::string& bucket, const std::string& key) {
  return "s3://" + bucket + "/" + key;
}

// Buffered reads of >= 1 MiB from an ObjectReader. Data lives in [data()+pos, data()+end).
class BufferedInput {
 public:
  static constexpr std::size_t kChunk = 1 << 20;
  explicit BufferedInput(std::unique_ptr<s3::ObjectReader> reader)
      : reader_(std::move(reader)), buf_(kChunk) {}

  // Drops consumed bytes and reads more, growing the buffer only if it is full of unconsumed
  // data. Returns the number of new bytes; 0 at end of input.
  Result<std::size_t> Fill() {
    if (eof_) return std::size_t{0};
    if (pos > 0) {
      std::memmove(buf_.data(), buf_.data() + pos, end - pos);
      end -= pos;
      pos = 0;
    }
    if (buf_.size() - end < kChunk / 2) buf_.resize(buf_.size() + kChunk);
    std::size_t total = 0;
    // Keep reading until a sizeable piece arrived (network readers may return small pieces).
    while (end < buf_.size() && total < kChunk / 2) {
      SFN_ASSIGN_OR_RETURN(std::size_t n, reader_->Read(buf_.data() + end, buf_.size() - end));
      if (n == 0) {
        eof_ = true;
        break;
      }
      end += n;
      total += n;
    }
    return total;
  }
  char* data() { return buf_.data(); }
  bool eof() const { return eof_; }

  std::size_t pos = 0;
  std::size_t end = 0;

 private:
  std::unique_ptr<s3::ObjectReader> reader_;
  std::vector<char> buf_;
  bool eof_ = false;
};

}  // namespace sfn::distributed::internal
