// Streams the (definition level, repetition level, value) triples of one column chunk,
// decoding one page at a time from the chunk bytes held in memory.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "distributed/parquet/encodings.h"
#include "distributed/parquet/metadata.h"
#include "distributed/parquet/schema.h"
#include "json/json.h"

namespace sfn::parquet {

class ColumnReader {
 public:
  // `chunk` views the column chunk's bytes (dictionary page first, if any) inside `buffer`,
  // which the reader keeps alive (several readers may share one row-group buffer). `leaf` must
  // outlive the reader. `where` names the file, row group and column for error messages.
  ColumnReader(std::shared_ptr<const std::string> buffer, std::string_view chunk,
               const ColumnMetaData& md, const LeafInfo& leaf, std::string where);

  // Makes the next triple current; false at the end of the chunk.
  Result<bool> HasNext();
  int def() const { return static_cast<int>(defs_.empty() ? leaf_->max_def : defs_[idx_]); }
  int rep() const { return static_cast<int>(reps_.empty() ? 0 : reps_[idx_]); }
  // The current value as JSON (def() == max_def), or null.
  json::Value Value() const;
  // Moves past the current triple.
  void Advance();

 private:
  Status LoadPage();
  Status DecodeDictionary(const PageHeader& ph, std::string_view data);
  Status DecodeDataValues(Encoding enc, std::string_view data, std::size_t n);
  Status CheckWidths(const Values& v) const;

  std::shared_ptr<const std::string> buffer_;
  std::string_view chunk_;
  ColumnMetaData md_;
  const LeafInfo* leaf_;
  std::string where_;
  std::size_t pos_ = 0;           // offset of the next page header in chunk_
  std::int64_t values_seen_ = 0;  // level entries in pages loaded so far
  int page_index_ = 0;

  bool has_dict_ = false;
  std::vector<json::Value> dict_;  // dictionary values, converted once

  // Current page.
  std::vector<std::uint32_t> defs_, reps_;
  std::size_t count_ = 0;  // entries in the page
  std::size_t idx_ = 0;    // current entry
  std::size_t vidx_ = 0;   // index of the current non-null value
  bool dict_page_values_ = false;
  std::vector<std::uint32_t> indices_;
  Values vals_;
  std::string buf_;  // decompression buffer
};

}  // namespace sfn::parquet
