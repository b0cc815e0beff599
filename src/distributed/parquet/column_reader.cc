// Page-at-a-time column chunk decoding: headers, decompression, levels and values.
#include "distributed/parquet/column_reader.h"

#include <cstring>

#include "distributed/parquet/codecs.h"

namespace sfn::parquet {

namespace {

// Pages larger than this (uncompressed) are rejected: they cannot belong to a row group within
// the 256 MB limit anyway, and it bounds memory on malformed headers.
constexpr std::int64_t kMaxPageBytes = 512LL << 20;
// Level/value entries per page; bounds the decoded level vectors (RLE runs let a tiny page
// claim billions of entries). Writers use far fewer (typically <= 20,000 rows per page).
constexpr std::int32_t kMaxPageValues = 16 << 20;

int BitWidth(int max_level) {
  int w = 0;
  while (max_level > 0) {
    ++w;
    max_level >>= 1;
  }
  return w;
}

}  // namespace

ColumnReader::ColumnReader(std::shared_ptr<const std::string> buffer, std::string_view chunk,
                           const ColumnMetaData& md, const LeafInfo& leaf, std::string where)
    : buffer_(std::move(buffer)), chunk_(chunk), md_(md), leaf_(&leaf), where_(std::move(where)) {}

Result<bool> ColumnReader::HasNext() {
  while (idx_ >= count_) {
    if (pos_ >= chunk_.size() || values_seen_ >= md_.num_values) return false;
    SFN_TRY(LoadPage());
  }
  return true;
}

json::Value ColumnReader::Value() const {
  if (def() < leaf_->max_def) return nullptr;
  if (dict_page_values_) return dict_[indices_[vidx_]];
  return ConvertValue(*leaf_, vals_, vidx_);
}

void ColumnReader::Advance() {
  if (def() == leaf_->max_def) ++vidx_;
  ++idx_;
}

Status ColumnReader::CheckWidths(const Values& v) const {
  if (leaf_->type != PhysicalType::kFixedLenByteArray && leaf_->type != PhysicalType::kInt96) {
    return Status::Ok();
  }
  std::size_t w =
      leaf_->type == PhysicalType::kInt96 ? 12 : static_cast<std::size_t>(leaf_->type_length);
  for (const std::string& b : v.bytes) {
    if (b.size() != w) {
      return Status::Corruption("corrupt Parquet data in " + where_ + ": a value has " +
                                std::to_string(b.size()) + " bytes, the column's fixed length is " +
                                std::to_string(w));
    }
  }
  return Status::Ok();
}

Status ColumnReader::DecodeDictionary(const PageHeader& ph, std::string_view data) {
  const std::string where = where_ + ", dictionary page";
  if (ph.encoding != Encoding::kPlain && ph.encoding != Encoding::kPlainDictionary) {
    return Status::InvalidArgument(std::string("unsupported dictionary page encoding ") +
                                   EncodingName(ph.encoding) + " in " + where);
  }
  if (ph.num_values < 0 || ph.num_values > kMaxPageValues) {
    return Status::Corruption("invalid dictionary size " + std::to_string(ph.num_values) + " in " +
                              where);
  }
  Values v;
  SFN_TRY(DecodePlain(leaf_->type, leaf_->type_length, data,
                      static_cast<std::size_t>(ph.num_values), v, where));
  SFN_TRY(CheckWidths(v));
  dict_.clear();
  dict_.reserve(static_cast<std::size_t>(ph.num_values));
  for (std::size_t i = 0; i < static_cast<std::size_t>(ph.num_values); ++i) {
    dict_.push_back(ConvertValue(*leaf_, v, i));
  }
  has_dict_ = true;
  return Status::Ok();
}

Status ColumnReader::DecodeDataValues(Encoding enc, std::string_view data, std::size_t n) {
  const std::string where = where_ + ", page " + std::to_string(page_index_);
  vals_.clear();
  indices_.clear();
  dict_page_values_ = false;
  if (enc == Encoding::kPlainDictionary || enc == Encoding::kRleDictionary) {
    if (!has_dict_) {
      return Status::Corruption("corrupt Parquet data in " + where +
                                ": dictionary-encoded page without a dictionary page");
    }
    dict_page_values_ = true;
    if (n == 0) return Status::Ok();
    if (data.empty())
      return Status::Corruption("corrupt Parquet data in " + where +
                                ": missing dictionary index bit width");
    int bw = static_cast<std::uint8_t>(data[0]);
    SFN_TRY(DecodeRleHybrid(data.substr(1), bw, n, indices_, where));
    for (std::uint32_t ix : indices_) {
      if (ix >= dict_.size()) {
        return Status::Corruption("corrupt Parquet data in " + where + ": dictionary index " +
                                  std::to_string(ix) + " out of range (dictionary has " +
                                  std::to_string(dict_.size()) + " values)");
      }
    }
    return Status::Ok();
  }
  SFN_TRY(DecodeValues(enc, leaf_->type, leaf_->type_length, data, n, vals_, where));
  return CheckWidths(vals_);
}

Status ColumnReader::LoadPage() {
  const std::string where = where_ + ", page " + std::to_string(page_index_);
  std::size_t hsize = 0;
  SFN_ASSIGN_OR_RETURN(PageHeader ph, ParsePageHeader(chunk_.substr(pos_), where, hsize));
  if (ph.compressed_page_size < 0 ||
      static_cast<std::size_t>(ph.compressed_page_size) > chunk_.size() - pos_ - hsize) {
    return Status::Corruption("corrupt Parquet data in " + where + ": page size " +
                              std::to_string(ph.compressed_page_size) +
                              " runs past the end of the column chunk");
  }
  if (ph.uncompressed_page_size < 0 || ph.uncompressed_page_size > kMaxPageBytes) {
    return Status::Corruption("corrupt Parquet data in " + where + ": uncompressed page size " +
                              std::to_string(ph.uncompressed_page_size) + " is invalid");
  }
  std::string_view body =
      chunk_.substr(pos_ + hsize, static_cast<std::size_t>(ph.compressed_page_size));
  pos_ += hsize + static_cast<std::size_t>(ph.compressed_page_size);
  ++page_index_;
  const auto usize = static_cast<std::size_t>(ph.uncompressed_page_size);

  if (ph.type == PageType::kDictionaryPage) {
    SFN_TRY(Decompress(md_.codec, body, usize, buf_, where));
    return DecodeDictionary(ph, buf_);
  }
  if (ph.type != PageType::kDataPage && ph.type != PageType::kDataPageV2) {
    return Status::Ok();  // index pages and unknown page types are skipped
  }
  if (ph.num_values < 0 || ph.num_values > kMaxPageValues) {
    return Status::Corruption("corrupt Parquet data in " + where + ": value count " +
                              std::to_string(ph.num_values) + " is invalid (limit " +
                              std::to_string(kMaxPageValues) + " per page)");
  }
  const auto n = static_cast<std::size_t>(ph.num_values);
  const int max_def = leaf_->max_def, max_rep = leaf_->max_rep;
  defs_.clear();
  reps_.clear();
  std::string_view values;

  if (ph.type == PageType::kDataPage) {
    SFN_TRY(Decompress(md_.codec, body, usize, buf_, where));
    std::string_view p = buf_;
    auto levels = [&](int max, Encoding enc, std::vector<std::uint32_t>& out) -> Status {
      if (max == 0) return Status::Ok();
      if (enc == Encoding::kBitPacked) {  // deprecated: MSB-first, no length prefix
        const int bw = BitWidth(max);
        const std::size_t bytes = (n * static_cast<std::size_t>(bw) + 7) / 8;
        if (bytes > p.size()) {
          return Status::Corruption("corrupt Parquet data in " + where +
                                    ": BIT_PACKED levels run past the page");
        }
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
          std::uint32_t v = 0;
          for (int b = 0; b < bw; ++b) {
            const std::size_t bit = i * static_cast<std::size_t>(bw) + static_cast<std::size_t>(b);
            v = (v << 1) | ((static_cast<std::uint8_t>(p[bit / 8]) >> (7 - bit % 8)) & 1u);
          }
          out.push_back(v);
        }
        p = p.substr(bytes);
        return Status::Ok();
      }
      if (enc != Encoding::kRle) {
        return Status::InvalidArgument(std::string("unsupported level encoding ") +
                                       EncodingName(enc) + " in " + where);
      }
      if (p.size() < 4)
        return Status::Corruption("corrupt Parquet data in " + where + ": truncated level length");
      std::uint32_t len;
      std::memcpy(&len, p.data(), 4);
      if (len > p.size() - 4)
        return Status::Corruption("corrupt Parquet data in " + where +
                                  ": level data runs past the page");
      SFN_TRY(DecodeRleHybrid(p.substr(4, len), BitWidth(max), n, out, where));
      p = p.substr(4 + len);
      return Status::Ok();
    };
    SFN_TRY(levels(max_rep, ph.repetition_level_encoding, reps_));
    SFN_TRY(levels(max_def, ph.definition_level_encoding, defs_));
    values = p;
  } else {
    if (ph.repetition_levels_byte_length < 0 || ph.definition_levels_byte_length < 0 ||
        static_cast<std::size_t>(ph.repetition_levels_byte_length) +
                static_cast<std::size_t>(ph.definition_levels_byte_length) >
            body.size() ||
        ph.repetition_levels_byte_length + ph.definition_levels_byte_length >
            ph.uncompressed_page_size) {
      return Status::Corruption("corrupt Parquet data in " + where +
                                ": level lengths exceed the page");
    }
    const auto rl = static_cast<std::size_t>(ph.repetition_levels_byte_length);
    const auto dl = static_cast<std::size_t>(ph.definition_levels_byte_length);
    if (max_rep > 0)
      SFN_TRY(DecodeRleHybrid(body.substr(0, rl), BitWidth(max_rep), n, reps_, where));
    if (max_def > 0) {
      SFN_TRY(DecodeRleHybrid(body.substr(rl, dl), BitWidth(max_def), n, defs_, where));
    }
    std::string_view rest = body.substr(rl + dl);
    if (ph.is_compressed && md_.codec != Codec::kUncompressed) {
      SFN_TRY(Decompress(md_.codec, rest, usize - rl - dl, buf_, where));
      values = buf_;
    } else {
      values = rest;
    }
  }
  std::size_t non_null = n;
  if (max_def > 0) {
    non_null = 0;
    for (std::uint32_t d : defs_) {
      if (static_cast<int>(d) > max_def) {
        return Status::Corruption("corrupt Parquet data in " + where + ": definition level " +
                                  std::to_string(d) + " exceeds the maximum " +
                                  std::to_string(max_def));
      }
      if (static_cast<int>(d) == max_def) ++non_null;
    }
  }
  for (std::uint32_t r : reps_) {
    if (static_cast<int>(r) > max_rep) {
      return Status::Corruption("corrupt Parquet data in " + where + ": repetition level " +
                                std::to_string(r) + " exceeds the maximum " +
                                std::to_string(max_rep));
    }
  }
  SFN_TRY(DecodeDataValues(ph.encoding, values, non_null));
  count_ = n;
  idx_ = 0;
  vidx_ = 0;
  values_seen_ += ph.num_values;
  return Status::Ok();
}

}  // namespace sfn::parquet
