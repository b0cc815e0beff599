// Transparent streaming decompression by key suffix, and ReaderConfig name parsing.

#include <zlib.h>
#include <zstd.h>

#include <vector>

#include "distributed/readers/buffered_input.h"
#include "distributed/readers/item_source.h"

namespace sfn::distributed {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

constexpr std::size_t kInBuf = 1 << 20;

class GzipReader final : public s3::ObjectReader {
 public:
  GzipReader(std::unique_ptr<s3::ObjectReader> raw, std::string where)
      : raw_(std::move(raw)), where_(std::move(where)), in_(kInBuf) {
    inflateInit2(&z_, 16 + MAX_WBITS);
  }
  ~GzipReader() override { inflateEnd(&z_); }

  Result<std::size_t> Read(char* buf, std::size_t n) override {
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<std::size_t>(n, 1u << 30));
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0) {
        if (raw_eof_) break;
        SFN_ASSIGN_OR_RETURN(std::size_t got, raw_->Read(in_.data(), in_.size()));
        if (got == 0) {
          raw_eof_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(got);
        started_ = true;
      }
      if (member_done_) {
        // Another gzip member follows (concatenated .gz files are valid gzip).
        inflateReset(&z_);
        member_done_ = false;
      }
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_done_ = true;
        continue;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Status::Corruption("cannot decompress " + where_ +
                                  " as gzip: " + (z_.msg ? z_.msg : "invalid data") +
                                  "; check that the object is gzip-compressed or rename it "
                                  "without the .gz suffix");
      }
    }
    std::size_t produced = static_cast<std::size_t>(reinterpret_cast<char*>(z_.next_out) - buf);
    if (produced == 0 && raw_eof_ && !member_done_ && started_) {
      return Status::Corruption("gzip object " + where_ +
                                " is truncated (unexpected end of compressed data)");
    }
    return produced;
  }

 private:
  std::unique_ptr<s3::ObjectReader> raw_;
  std::string where_;
  std::vector<char> in_;
  z_stream z_{};
  bool raw_eof_ = false;
  bool member_done_ = false;
  bool started_ = false;
};

class ZstdReader final : public s3::ObjectReader {
 public:
  ZstdReader(std::unique_ptr<s3::ObjectReader> raw, std::string where)
      : raw_(std::move(raw)), where_(std::move(where)), in_(kInBuf), ds_(ZSTD_createDStream()) {
    ZSTD_initDStream(ds_);
  }
  ~ZstdReader() override { ZSTD_freeDStream(ds_); }

  Result<std::size_t> Read(char* buf, std::size_t n) override {
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos < out.size) {
      if (in_pos_ == in_end_) {
        if (raw_eof_) break;
        SFN_ASSIGN_OR_RETURN(std::size_t got, raw_->Read(in_.data(), in_.size()));
        if (got == 0) {
          raw_eof_ = true;
          break;
        }
        in_pos_ = 0;
        in_end_ = got;
      }
      ZSTD_inBuffer in{in_.data(), in_end_, in_pos_};
      std::size_t rc = ZSTD_decompressStream(ds_, &out, &in);
      in_pos_ = in.pos;
      if (ZSTD_isError(rc)) {
        return Status::Corruption("cannot decompress " + where_ +
                                  " as zstd: " + ZSTD_getErrorName(rc) +
                                  "; check that the object is zstd-compressed or rename it "
                                  "without the .zst suffix");
      }
      frame_open_ = rc != 0;
    }
    if (out.pos == 0 && raw_eof_ && frame_open_) {
      return Status::Corruption("zstd object " + where_ +
                                " is truncated (unexpected end of compressed data)");
    }
    return out.pos;
  }

 private:
  std::unique_ptr<s3::ObjectReader> raw_;
  std::string where_;
  std::vector<char> in_;
  std::size_t in_pos_ = 0, in_end_ = 0;
  ZSTD_DStream* ds_;
  bool raw_eof_ = false;
  bool frame_open_ = false;
};

}  // namespace

Result<std::unique_ptr<s3::ObjectReader>> OpenDecoded(
    s3::ObjectStore& store, const std::string& bucket, const std::string& key,
    const std::optional<std::string>& version_id) {
  SFN_ASSIGN_OR_RETURN(auto raw, store.Open(bucket, key, version_id));
  std::string where = internal::S3Uri(bucket, key);
  if (EndsWith(key, ".gz") || EndsWith(key, ".gzip")) {
    return std::unique_ptr<s3::ObjectReader>(new GzipReader(std::move(raw), std::move(where)));
  }
  if (EndsWith(key, ".zst") || EndsWith(key, ".zstd")) {
    return std::unique_ptr<s3::ObjectReader>(new ZstdReader(std::move(raw), std::move(where)));
  }
  return raw;
}

Result<InputType> ParseInputType(std::string_view name) {
  if (name == "CSV") return InputType::kCsv;
  if (name == "JSON") return InputType::kJson;
  if (name == "JSONL") return InputType::kJsonl;
  if (name == "PARQUET") return InputType::kParquet;
  return Status::InvalidArgument("unknown ReaderConfig.InputType '" + std::string(name) +
                                 "': use CSV, JSON, JSONL or PARQUET");
}

Result<char> ParseCsvDelimiter(std::string_view name) {
  if (name == "COMMA") return ',';
  if (name == "PIPE") return '|';
  if (name == "SEMICOLON") return ';';
  if (name == "SPACE") return ' ';
  if (name == "TAB") return '\t';
  return Status::InvalidArgument("unknown ReaderConfig.CSVDelimiter '" + std::string(name) +
                                 "': use COMMA, PIPE, SEMICOLON, SPACE or TAB");
}

Result<CsvHeaderLocation> ParseCsvHeaderLocation(std::string_view name) {
  if (name == "FIRST_ROW") return CsvHeaderLocation::kFirstRow;
  if (name == "GIVEN") return CsvHeaderLocation::kGiven;
  return Status::InvalidArgument("unknown ReaderConfig.CSVHeaderLocation '" + std::string(name) +
                                 "': use FIRST_ROW or GIVEN");
}

}  // namespace sfn::distributed
