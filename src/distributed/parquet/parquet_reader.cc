// RowReader: footer validation, row-group loading and row iteration.
#include "distributed/parquet/parquet_reader.h"

#include <algorithm>
#include <cstring>

#include "distributed/parquet/column_reader.h"
#include "distributed/parquet/metadata.h"
#include "distributed/parquet/row_assembler.h"
#include "distributed/parquet/schema.h"

namespace sfn::parquet {

namespace {

constexpr std::uint64_t kSpeculativeTailBytes = 64 * 1024;

std::string JoinPath(const std::vector<std::string>& p) {
  std::string out;
  for (const auto& s : p) {
    if (!out.empty()) out += '.';
    out += s;
  }
  return out;
}

// Byte range of a column chunk (dictionary page first when present).
void ChunkRange(const ColumnMetaData& m, std::int64_t& start, std::int64_t& length) {
  start = m.data_page_offset;
  if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 &&
      *m.dictionary_page_offset < start) {
    start = *m.dictionary_page_offset;
  }
  length = m.total_compressed_size;
}

}  // namespace

RowReader::~RowReader() = default;

Result<std::unique_ptr<RowReader>> RowReader::Open(std::unique_ptr<RandomAccessSource> src,
                                                   std::string description, ReaderOptions options) {
  std::unique_ptr<RowReader> r(new RowReader());
  r->src_ = std::move(src);
  r->desc_ = std::move(description);
  const std::string& d = r->desc_;
  SFN_ASSIGN_OR_RETURN(r->file_size_, r->src_->Size());
  const std::uint64_t size = r->file_size_;
  if (size < 12) {
    return Status::InvalidArgument(d + " is not a Parquet file: only " + std::to_string(size) +
                                   " bytes");
  }
  SFN_ASSIGN_OR_RETURN(std::string head, r->src_->Read(0, 4));
  // Read the tail speculatively (one request usually covers the footer too).
  const std::uint64_t tail_len = std::min<std::uint64_t>(size - 4, kSpeculativeTailBytes);
  SFN_ASSIGN_OR_RETURN(std::string tail_block, r->src_->Read(size - tail_len, tail_len));
  if (tail_block.size() != tail_len || head.size() != 4) {
    return Status::IoError("short read of " + d);
  }
  const std::string tail = tail_block.substr(tail_len - 8);
  if (tail.substr(4) == "PARE" || head == "PARE") {
    return Status::InvalidArgument(d + " is an encrypted Parquet file, which is not supported");
  }
  if (head != "PAR1" || tail.substr(4) != "PAR1") {
    return Status::InvalidArgument(d + " is not a Parquet file (missing PAR1 magic bytes)");
  }
  std::uint32_t footer_len;
  std::memcpy(&footer_len, tail.data(), 4);
  if (footer_len > kMaxFooterBytes) {
    return Status::InvalidArgument("the Parquet footer of " + d + " is " +
                                   std::to_string(footer_len) +
                                   " bytes, above the 5 MB limit for ItemReader");
  }
  if (footer_len > size - 12) {
    return Status::Corruption("the Parquet footer length of " + d + " (" +
                              std::to_string(footer_len) + ") exceeds the file size");
  }
  std::string footer;
  if (footer_len + 8 <= tail_len) {
    footer = tail_block.substr(tail_len - 8 - footer_len, footer_len);
  } else {
    SFN_ASSIGN_OR_RETURN(footer, r->src_->Read(size - 8 - footer_len, footer_len));
    if (footer.size() != footer_len) return Status::IoError("short read of " + d);
  }
  SFN_ASSIGN_OR_RETURN(FileMetaData md, ParseFileMetaData(footer, d));
  r->md_ = std::make_unique<FileMetaData>(std::move(md));
  SFN_ASSIGN_OR_RETURN(Schema schema, BuildSchema(*r->md_, d));
  r->schema_ = std::make_unique<Schema>(std::move(schema));
  for (LeafInfo& leaf : r->schema_->leaves) leaf.epoch_millis = options.timestamps_as_epoch_millis;

  // Validate every row group up front so limits fail before any item is produced.
  const auto& leaves = r->schema_->leaves;
  for (std::size_t g = 0; g < r->md_->row_groups.size(); ++g) {
    const RowGroup& rg = r->md_->row_groups[g];
    const std::string gw = d + ", row group " + std::to_string(g);
    if (rg.columns.size() != leaves.size()) {
      return Status::Corruption(gw + " has " + std::to_string(rg.columns.size()) +
                                " column chunks but the schema has " +
                                std::to_string(leaves.size()) + " columns");
    }
    if (rg.num_rows < 0) return Status::Corruption(gw + " has a negative row count");
    std::uint64_t total = 0;
    for (std::size_t c = 0; c < rg.columns.size(); ++c) {
      const ColumnChunk& cc = rg.columns[c];
      const std::string cw = gw + ", column '" + leaves[c].dotted_path + "'";
      if (!cc.file_path.empty()) {
        return Status::InvalidArgument(cw + " is stored in another file (" + cc.file_path +
                                       "), which is not supported");
      }
      if (!cc.has_meta_data) return Status::Corruption(cw + " has no column metadata");
      const ColumnMetaData& m = cc.meta_data;
      if (m.type != leaves[c].type) {
        return Status::Corruption(cw + " has physical type " + PhysicalTypeName(m.type) +
                                  " but the schema says " + PhysicalTypeName(leaves[c].type));
      }
      if (!m.path_in_schema.empty() && JoinPath(m.path_in_schema) != leaves[c].dotted_path) {
        return Status::Corruption(cw + " has path '" + JoinPath(m.path_in_schema) +
                                  "' in its metadata");
      }
      std::int64_t start, length;
      ChunkRange(m, start, length);
      if (start < 4 || length < 0 || static_cast<std::uint64_t>(start) > size ||
          static_cast<std::uint64_t>(length) > size - static_cast<std::uint64_t>(start)) {
        return Status::Corruption(cw + " has a byte range (offset " + std::to_string(start) +
                                  ", length " + std::to_string(length) + ") outside the file");
      }
      total += static_cast<std::uint64_t>(length);
    }
    if (total > kMaxRowGroupBytes) {
      return Status::InvalidArgument(gw + " is " + std::to_string(total) +
                                     " bytes, above the 256 MB limit for ItemReader");
    }
  }
  r->assembler_ = std::make_unique<RowAssembler>(*r->schema_, d);
  return r;
}

std::uint64_t RowReader::num_rows() const {
  return md_->num_rows < 0 ? 0 : static_cast<std::uint64_t>(md_->num_rows);
}

std::size_t RowReader::num_row_groups() const { return md_->row_groups.size(); }

std::vector<std::string> RowReader::column_names() const {
  std::vector<std::string> out;
  for (int c : schema_->nodes[0].children) {
    out.push_back(schema_->nodes[static_cast<std::size_t>(c)].elem->name);
  }
  return out;
}

Status RowReader::StartRowGroup(std::size_t g) {
  columns_.clear();
  const RowGroup& rg = md_->row_groups[g];
  const std::string gw = desc_ + ", row group " + std::to_string(g);
  // One read covering all chunks when they are (nearly) contiguous, else one per chunk.
  std::int64_t lo = INT64_MAX, hi = 0, sum = 0;
  for (const ColumnChunk& cc : rg.columns) {
    std::int64_t s, l;
    ChunkRange(cc.meta_data, s, l);
    lo = std::min(lo, s);
    hi = std::max(hi, s + l);
    sum += l;
  }
  std::shared_ptr<const std::string> all;
  const bool single = !rg.columns.empty() && hi - lo <= sum + (1 << 20);
  if (single) {
    SFN_ASSIGN_OR_RETURN(std::string bytes, src_->Read(static_cast<std::uint64_t>(lo),
                                                       static_cast<std::uint64_t>(hi - lo)));
    if (bytes.size() != static_cast<std::size_t>(hi - lo)) {
      return Status::IoError("short read of " + gw);
    }
    all = std::make_shared<const std::string>(std::move(bytes));
  }
  for (std::size_t c = 0; c < rg.columns.size(); ++c) {
    const ColumnMetaData& m = rg.columns[c].meta_data;
    std::int64_t s, l;
    ChunkRange(m, s, l);
    std::shared_ptr<const std::string> buffer = all;
    std::string_view chunk;
    if (single) {
      chunk = std::string_view(*all).substr(static_cast<std::size_t>(s - lo),
                                            static_cast<std::size_t>(l));
    } else {
      SFN_ASSIGN_OR_RETURN(std::string bytes, src_->Read(static_cast<std::uint64_t>(s),
                                                         static_cast<std::uint64_t>(l)));
      buffer = std::make_shared<const std::string>(std::move(bytes));
      chunk = *buffer;
    }
    columns_.push_back(
        std::make_unique<ColumnReader>(std::move(buffer), chunk, m, schema_->leaves[c],
                                       gw + ", column '" + schema_->leaves[c].dotted_path + "'"));
  }
  group_rows_left_ = rg.num_rows;
  return Status::Ok();
}

Result<bool> RowReader::Next(json::Value& row) {
  while (true) {
    if (!in_group_) {
      if (next_group_ >= md_->row_groups.size()) return false;
      SFN_TRY(StartRowGroup(next_group_));
      ++next_group_;
      in_group_ = true;
    }
    if (group_rows_left_ > 0) {
      SFN_ASSIGN_OR_RETURN(bool ok, assembler_->Next(columns_, row));
      if (!ok) {
        return Status::Corruption(desc_ + ", row group " + std::to_string(next_group_ - 1) +
                                  " ended " + std::to_string(group_rows_left_) +
                                  " rows before the row count in its metadata");
      }
      --group_rows_left_;
      return true;
    }
    // Every column must end with the row group; leftovers mean inconsistent metadata.
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      SFN_ASSIGN_OR_RETURN(bool extra, columns_[c]->HasNext());
      if (extra) {
        return Status::Corruption(desc_ + ", row group " + std::to_string(next_group_ - 1) +
                                  ", column '" + schema_->leaves[c].dotted_path +
                                  "' has more rows than the row group's row count");
      }
    }
    columns_.clear();
    in_group_ = false;
  }
}

}  // namespace sfn::parquet
