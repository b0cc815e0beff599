// CSV item source: a streaming state machine over 1 MiB buffers implementing the Step Functions
// CSV rules (docs "How Step Functions parses input CSV files" + recorded AWS behaviour):
// - every value is a string; whitespace and single quotes are kept verbatim;
// - records end at \n, \r\n or \r outside quotes; a final line break yields no empty record, an
//   empty line elsewhere is a record with all values "";
// - a '"' at field start opens a quoted field, where delimiters and line breaks are data (a
//   line break inside quotes is stored as \n); "" inside a field is one '"'; a lone '"' in the
//   middle of a field toggles quoting and is kept unless a delimiter or line break follows it
//   (opencsv-style: `a,bc"d"ef,g` gives `bc"d"ef`);
// - a backslash inside quotes or after a field has started escapes a backslash, a '"' or the
//   delimiter; anywhere else, or before any other character, it is dropped (so `\"` at field
//   start only works paired, and `C:\\dir` keeps one backslash);
// - short rows are padded with "", long rows cut to the header count;
// - headers: FIRST_ROW (<= 10 KiB) or GIVEN; duplicates fail with AWS's cause.

#include <array>
#include <unordered_set>

#include "distributed/readers/buffered_input.h"
#include "distributed/readers/item_source.h"

namespace sfn::distributed {
namespace {

using internal::BufferedInput;

constexpr std::size_t kMaxHeaderBytes = 10 * 1024;
constexpr std::size_t kMaxRecordBytes = 256u << 20;

class CsvSource final : public ItemSource {
 public:
  CsvSource(std::unique_ptr<s3::ObjectReader> reader, std::string where, char delim)
      : in_(std::move(reader)), where_(std::move(where)), delim_(delim) {
    special_.fill(false);
    for (unsigned char c : {'\n', '\r', '"', '\\'}) special_[c] = true;
    special_[static_cast<unsigned char>(delim_)] = true;
  }

  Status Init(const ReaderOptions& options) {
    SFN_ASSIGN_OR_RETURN(std::size_t n, in_.Fill());
    if (n >= 3 && std::string_view(in_.data(), 3) == "\xEF\xBB\xBF") in_.pos = 3;  // UTF-8 BOM
    if (options.csv_header_location == CsvHeaderLocation::kGiven) {
      if (options.csv_headers.empty()) {
        return Status::InvalidArgument(
            "CSVHeaderLocation GIVEN needs a non-empty CSVHeaders list (reading " + where_ + ")");
      }
      headers_ = options.csv_headers;
    } else {
      SFN_ASSIGN_OR_RETURN(bool got, ReadRecord());
      if (got) {
        std::size_t bytes = 0;
        for (std::size_t i = 0; i < nfields_; ++i) bytes += fields_[i].size() + 1;
        if (bytes > kMaxHeaderBytes) {
          return Status::InvalidArgument("The CSV header row of " + where_ + " is " +
                                         std::to_string(bytes - 1) +
                                         " bytes long; Step Functions allows at most 10 KiB. "
                                         "Shorten the header or use CSVHeaderLocation GIVEN.");
        }
        headers_.assign(fields_.begin(), fields_.begin() + static_cast<long>(nfields_));
      } else {
        done_ = true;  // empty object: no header, no items
      }
    }
    std::unordered_set<std::string_view> seen;
    for (const std::string& h : headers_) {
      if (!seen.insert(h).second)
        return Status::InvalidArgument("CSV headers cannot contain duplicates.");
    }
    keys_.reserve(headers_.size());
    for (const std::string& h : headers_) keys_.emplace_back(h);
    return Status::Ok();
  }

  Result<bool> Next(json::Value& out) override {
    if (done_) return false;
    SFN_ASSIGN_OR_RETURN(bool got, ReadRecord());
    if (!got) {
      done_ = true;
      return false;
    }
    json::Object& obj = out.emplace_object();
    obj.reserve(keys_.size());
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (i < nfields_) {
        obj.emplace(keys_[i], std::string_view(fields_[i]));
      } else {
        obj.emplace(keys_[i], json::String());
      }
    }
    return true;
  }

 private:
  enum State { kFieldStart, kUnquoted, kUnquotedQuote, kQuoted, kQuotedQuote, kEscape };

  std::string& Field() {
    if (fields_.size() <= nfields_) fields_.resize(nfields_ + 1);
    return fields_[nfields_];
  }
  void EndField() { ++nfields_; }

  // Parses one record into fields_[0, nfields_). Returns false at the end of the input.
  Result<bool> ReadRecord() {
    nfields_ = 0;
    if (fields_.empty()) fields_.resize(1);
    fields_[0].clear();
    State st = kFieldStart;
    State after_escape = kUnquoted;
    bool escape_active = false;
    std::uint64_t start_line = line_;
    const char* p = in_.data() + in_.pos;
    const char* e = in_.data() + in_.end;
    bool any = false;  // consumed at least one byte of this record
    while (true) {
      if (p == e) {
        in_.pos = in_.end;
        SFN_TRY(CheckRecordSize(start_line));
        SFN_ASSIGN_OR_RETURN(std::size_t n, in_.Fill());
        p = in_.data() + in_.pos;
        e = in_.data() + in_.end;
        if (n == 0) break;  // end of input
      }
      char c = *p;
      if (skip_lf_) {
        skip_lf_ = false;
        if (c == '\n') {
          ++p;
          continue;
        }
      }
      any = true;
      switch (st) {
        case kFieldStart:
          Field().clear();
          if (c == '"') {
            st = kQuoted;
            ++p;
            continue;
          }
          st = kUnquoted;
          [[fallthrough]];
        case kUnquoted: {
          const char* q = p;
          while (q < e && !special_[static_cast<unsigned char>(*q)]) ++q;
          if (q > p) Field().append(p, static_cast<std::size_t>(q - p));
          p = q;
          if (p == e) continue;
          c = *p++;
          if (c == delim_) {
            EndField();
            st = kFieldStart;
          } else if (c == '\n' || c == '\r') {
            EndField();
            skip_lf_ = c == '\r';
            ++line_;
            in_.pos = static_cast<std::size_t>(p - in_.data());
            return true;
          } else if (c == '"') {
            st = kUnquotedQuote;  // decided by the next byte
          } else {                // backslash
            after_escape = kUnquoted;
            escape_active = !Field().empty();
            st = kEscape;
          }
          continue;
        }
        case kQuoted: {
          const char* q = p;
          while (q < e && *q != '"' && *q != '\\' && *q != '\n' && *q != '\r') ++q;
          if (q > p) Field().append(p, static_cast<std::size_t>(q - p));
          p = q;
          if (p == e) continue;
          c = *p++;
          if (c == '"') {
            st = kQuotedQuote;
          } else if (c == '\\') {
            after_escape = kQuoted;
            escape_active = true;
            st = kEscape;
          } else {
            Field().push_back('\n');
            skip_lf_ = c == '\r';
            ++line_;
          }
          continue;
        }
        case kUnquotedQuote:
          // "" in the middle of a field is one quote. A lone quote opens quotes and is kept
          // unless a delimiter or line break follows it.
          if (c == '"') {
            Field().push_back('"');
            ++p;
            st = kUnquoted;
          } else {
            if (c != delim_ && c != '\n' && c != '\r') Field().push_back('"');
            st = kQuoted;
          }
          continue;
        case kQuotedQuote:
          if (c == '"') {  // "" inside quotes
            Field().push_back('"');
            ++p;
            st = kQuoted;
          } else {
            // Closing quote; the rest of the field is unquoted. A closing quote directly followed
            // by more field text (`"ab"cd`) is kept, as in `a,bc"d"ef,g`.
            if (c != delim_ && c != '\n' && c != '\r') Field().push_back('"');
            st = kUnquoted;
          }
          continue;
        case kEscape:
          // Escapes work inside quotes or after the field has started; otherwise (and before
          // other characters) the backslash is dropped.
          if (escape_active && (c == '\\' || c == delim_ || c == '"')) {
            Field().push_back(c);
            ++p;
            st = after_escape;
          } else {
            st = after_escape;  // backslash dropped; reprocess c normally
            if (st == kUnquoted && Field().empty()) st = kFieldStart;
          }
          continue;
      }
    }
    // End of input.
    in_.pos = in_.end;
    if (!any && st == kFieldStart && nfields_ == 0) return false;
    if (st == kQuoted || st == kUnquotedQuote) {
      return Status::InvalidArgument("Unterminated quoted field at end of CSV file " + where_ +
                                     " (record starting on line " + std::to_string(start_line + 1) +
                                     "); close the double quote or escape it as \"\"");
    }
    if (st == kFieldStart) Field().clear();
    EndField();
    return true;
  }

  // Bounds memory when a stray double quote swallows the rest of the file into one record.
  Status CheckRecordSize(std::uint64_t start_line) const {
    std::size_t bytes = 0;
    for (std::size_t i = 0; i <= nfields_ && i < fields_.size(); ++i) bytes += fields_[i].size();
    if (bytes <= kMaxRecordBytes) return Status::Ok();
    return Status::InvalidArgument("The CSV record starting on line " +
                                   std::to_string(start_line + 1) + " of " + where_ +
                                   " is larger than 256 MiB; check for an unbalanced double "
                                   "quote (write a literal quote as \"\")");
  }

  BufferedInput in_;
  std::string where_;
  char delim_;
  std::array<bool, 256> special_{};
  std::vector<std::string> headers_;
  std::vector<json::String> keys_;
  std::vector<std::string> fields_;
  std::size_t nfields_ = 0;
  std::uint64_t line_ = 0;
  bool skip_lf_ = false;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<ItemSource>> MakeCsvItemSourceFromReader(
    std::unique_ptr<s3::ObjectReader> reader, std::string where, const ReaderOptions& options) {
  auto src =
      std::make_unique<CsvSource>(std::move(reader), std::move(where), options.csv_delimiter);
  SFN_TRY(src->Init(options));
  return std::unique_ptr<ItemSource>(std::move(src));
}

Result<std::unique_ptr<ItemSource>> MakeCsvItemSource(s3::ObjectStore& store,
                                                      const std::string& bucket,
                                                      const std::string& key,
                                                      const ReaderOptions& options) {
  SFN_ASSIGN_OR_RETURN(auto reader, OpenDecoded(store, bucket, key, options.version_id));
  return MakeCsvItemSourceFromReader(std::move(reader), internal::S3Uri(bucket, key), options);
}

}  // namespace sfn::distributed
