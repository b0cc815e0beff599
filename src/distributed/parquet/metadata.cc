// Thrift compact decoding of the Parquet metadata structs (parquet.thrift field ids).
#include "distributed/parquet/metadata.h"

#include <functional>

#include "distributed/parquet/thrift.h"

namespace sfn::parquet {

namespace {

using FieldFn = std::function<Status(std::int16_t id, ThriftType type, bool& handled)>;

// Reads one struct, calling `fn` for each field; unhandled fields are skipped.
Status ReadStruct(ThriftReader& r, const FieldFn& fn) {
  SFN_TRY(r.BeginStruct());
  while (true) {
    std::int16_t id;
    ThriftType type;
    SFN_TRY(r.ReadFieldHeader(id, type));
    if (type == ThriftType::kStop) break;
    bool handled = false;
    SFN_TRY(fn(id, type, handled));
    if (!handled) SFN_TRY(r.Skip(type));
  }
  r.EndStruct();
  return Status::Ok();
}

// Typed field readers: check the wire type, else skip the field (tolerates future changes).
Status I32(ThriftReader& r, ThriftType t, std::int32_t& out, bool& handled) {
  if (t != ThriftType::kI32 && t != ThriftType::kI16 && t != ThriftType::kByte) return Status::Ok();
  handled = true;
  if (t == ThriftType::kByte) return r.Skip(t);  // not used by Parquet for i32 fields
  return r.ReadI32(out);
}
Status I64(ThriftReader& r, ThriftType t, std::int64_t& out, bool& handled) {
  if (t != ThriftType::kI64 && t != ThriftType::kI32) return Status::Ok();
  handled = true;
  return r.ReadI64(out);
}
Status Str(ThriftReader& r, ThriftType t, std::string& out, bool& handled) {
  if (t != ThriftType::kBinary) return Status::Ok();
  handled = true;
  return r.ReadBinary(out);
}
Status Bool(ThriftReader& r, ThriftType t, bool& out, bool& handled) {
  if (t != ThriftType::kTrue && t != ThriftType::kFalse) return Status::Ok();
  handled = true;
  return r.ReadBool(t, out);
}

// Reads a list<struct>, calling `elem` for each element.
Status StructList(ThriftReader& r, ThriftType t, bool& handled,
                  const std::function<Status()>& elem) {
  if (t != ThriftType::kList) return Status::Ok();
  handled = true;
  ThriftType et;
  std::uint32_t n;
  SFN_TRY(r.ReadListHeader(et, n));
  for (std::uint32_t i = 0; i < n; ++i) {
    if (et == ThriftType::kStruct) {
      SFN_TRY(elem());
    } else {
      SFN_TRY(r.Skip(et));
    }
  }
  return Status::Ok();
}

Status ReadTimeUnit(ThriftReader& r, TimeUnit& unit) {
  return ReadStruct(r, [&](std::int16_t id, ThriftType, bool&) {
    if (id == 1) unit = TimeUnit::kMillis;
    if (id == 2) unit = TimeUnit::kMicros;
    if (id == 3) unit = TimeUnit::kNanos;
    return Status::Ok();  // the member itself (an empty struct) is skipped
  });
}

Status ReadLogicalType(ThriftReader& r, LogicalType& lt) {
  return ReadStruct(r, [&](std::int16_t id, ThriftType t, bool& handled) -> Status {
    if (t != ThriftType::kStruct) return Status::Ok();
    switch (id) {
      case 1:
      case 2:
      case 3:
      case 4:
      case 6:
      case 11:
      case 12:
      case 13:
      case 14:
      case 15:
        lt.kind = static_cast<LogicalType::Kind>(id);
        return Status::Ok();
      case 5:
        lt.kind = LogicalType::kDecimal;
        handled = true;
        return ReadStruct(r, [&](std::int16_t fid, ThriftType ft, bool& h) -> Status {
          if (fid == 1) return I32(r, ft, lt.scale, h);
          if (fid == 2) return I32(r, ft, lt.precision, h);
          return Status::Ok();
        });
      case 7:
      case 8:
        lt.kind = id == 7 ? LogicalType::kTime : LogicalType::kTimestamp;
        handled = true;
        return ReadStruct(r, [&](std::int16_t fid, ThriftType ft, bool& h) -> Status {
          if (fid == 1) return Bool(r, ft, lt.adjusted_to_utc, h);
          if (fid == 2 && ft == ThriftType::kStruct) {
            h = true;
            return ReadTimeUnit(r, lt.unit);
          }
          return Status::Ok();
        });
      case 10:
        lt.kind = LogicalType::kInteger;
        handled = true;
        return ReadStruct(r, [&](std::int16_t fid, ThriftType ft, bool& h) -> Status {
          if (fid == 1 && ft == ThriftType::kByte) {  // i8: one raw byte
            h = true;
            std::int8_t v = 0;
            SFN_TRY(r.ReadI8(v));
            lt.bit_width = v;
            return Status::Ok();
          }
          if (fid == 1) return I32(r, ft, lt.bit_width, h);
          if (fid == 2) return Bool(r, ft, lt.is_signed, h);
          return Status::Ok();
        });
      default:
        lt.kind = LogicalType::kOther;
        return Status::Ok();
    }
  });
}

Status ReadSchemaElement(ThriftReader& r, SchemaElement& e) {
  return ReadStruct(r, [&](std::int16_t id, ThriftType t, bool& h) -> Status {
    std::int32_t v = 0;
    switch (id) {
      case 1:
        SFN_TRY(I32(r, t, v, h));
        if (h) e.type = static_cast<PhysicalType>(v);
        return Status::Ok();
      case 2:
        return I32(r, t, e.type_length, h);
      case 3:
        SFN_TRY(I32(r, t, v, h));
        if (h) e.repetition = static_cast<Repetition>(v);
        return Status::Ok();
      case 4:
        return Str(r, t, e.name, h);
      case 5:
        return I32(r, t, e.num_children, h);
      case 6:
        SFN_TRY(I32(r, t, v, h));
        if (h) e.converted_type = v;
        return Status::Ok();
      case 7:
        return I32(r, t, e.scale, h);
      case 8:
        return I32(r, t, e.precision, h);
      case 10:
        if (t != ThriftType::kStruct) return Status::Ok();
        h = true;
        return ReadLogicalType(r, e.logical);
      default:
        return Status::Ok();
    }
  });
}

Status ReadColumnMetaData(ThriftReader& r, ColumnMetaData& m) {
  return ReadStruct(r, [&](std::int16_t id, ThriftType t, bool& h) -> Status {
    std::int32_t v = 0;
    std::int64_t v64 = 0;
    switch (id) {
      case 1:
        SFN_TRY(I32(r, t, v, h));
        if (h) m.type = static_cast<PhysicalType>(v);
        return Status::Ok();
      case 3: {
        if (t != ThriftType::kList) return Status::Ok();
        h = true;
        ThriftType et;
        std::uint32_t n;
        SFN_TRY(r.ReadListHeader(et, n));
        for (std::uint32_t i = 0; i < n; ++i) {
          if (et != ThriftType::kBinary) {
            SFN_TRY(r.Skip(et));
            continue;
          }
          SFN_TRY(r.ReadBinary(m.path_in_schema.emplace_back()));
        }
        return Status::Ok();
      }
      case 4:
        SFN_TRY(I32(r, t, v, h));
        if (h) m.codec = static_cast<Codec>(v);
        return Status::Ok();
      case 5:
        return I64(r, t, m.num_values, h);
      case 6:
        return I64(r, t, m.total_uncompressed_size, h);
      case 7:
        return I64(r, t, m.total_compressed_size, h);
      case 9:
        return I64(r, t, m.data_page_offset, h);
      case 11:
        SFN_TRY(I64(r, t, v64, h));
        if (h) m.dictionary_page_offset = v64;
        return Status::Ok();
      default:
        return Status::Ok();
    }
  });
}

Status ReadColumnChunk(ThriftReader& r, ColumnChunk& c) {
  return ReadStruct(r, [&](std::int16_t id, ThriftType t, bool& h) -> Status {
    if (id == 1) return Str(r, t, c.file_path, h);
    if (id == 3 && t == ThriftType::kStruct) {
      h = true;
      c.has_meta_data = true;
      return ReadColumnMetaData(r, c.meta_data);
    }
    return Status::Ok();
  });
}

Status ReadRowGroup(ThriftReader& r, RowGroup& g) {
  return ReadStruct(r, [&](std::int16_t id, ThriftType t, bool& h) -> Status {
    if (id == 1) {
      return StructList(r, t, h, [&] { return ReadColumnChunk(r, g.columns.emplace_back()); });
    }
    if (id == 2) return I64(r, t, g.total_byte_size, h);
    if (id == 3) return I64(r, t, g.num_rows, h);
    return Status::Ok();
  });
}

}  // namespace

Result<FileMetaData> ParseFileMetaData(std::string_view footer, const std::string& what) {
  ThriftReader r(footer, "the footer of " + what);
  FileMetaData md;
  Status st = ReadStruct(r, [&](std::int16_t id, ThriftType t, bool& h) -> Status {
    switch (id) {
      case 1:
        return I32(r, t, md.version, h);
      case 2:
        return StructList(r, t, h, [&] { return ReadSchemaElement(r, md.schema.emplace_back()); });
      case 3:
        return I64(r, t, md.num_rows, h);
      case 4:
        return StructList(r, t, h, [&] { return ReadRowGroup(r, md.row_groups.emplace_back()); });
      case 6:
        return Str(r, t, md.created_by, h);
      default:
        return Status::Ok();
    }
  });
  if (!st.ok()) return st;
  return md;
}

Result<PageHeader> ParsePageHeader(std::string_view data, const std::string& what,
                                   std::size_t& header_size) {
  ThriftReader r(data, "a page header of " + what);
  PageHeader ph;
  bool has_type = false, has_sizes[2] = {false, false}, has_sub[3] = {false, false, false};
  auto enc = [&](ThriftType t, Encoding& out, bool& h) -> Status {
    std::int32_t v = 0;
    SFN_TRY(I32(r, t, v, h));
    if (h) out = static_cast<Encoding>(v);
    return Status::Ok();
  };
  Status st = ReadStruct(r, [&](std::int16_t id, ThriftType t, bool& h) -> Status {
    std::int32_t v = 0;
    switch (id) {
      case 1:
        SFN_TRY(I32(r, t, v, h));
        if (h) ph.type = static_cast<PageType>(v);
        has_type = h;
        return Status::Ok();
      case 2:
        SFN_TRY(I32(r, t, ph.uncompressed_page_size, h));
        has_sizes[0] = h;
        return Status::Ok();
      case 3:
        SFN_TRY(I32(r, t, ph.compressed_page_size, h));
        has_sizes[1] = h;
        return Status::Ok();
      case 5:  // DataPageHeader
        if (t != ThriftType::kStruct) return Status::Ok();
        h = true;
        has_sub[0] = true;
        return ReadStruct(r, [&](std::int16_t fid, ThriftType ft, bool& fh) -> Status {
          if (fid == 1) return I32(r, ft, ph.num_values, fh);
          if (fid == 2) return enc(ft, ph.encoding, fh);
          if (fid == 3) return enc(ft, ph.definition_level_encoding, fh);
          if (fid == 4) return enc(ft, ph.repetition_level_encoding, fh);
          return Status::Ok();
        });
      case 7:  // DictionaryPageHeader
        if (t != ThriftType::kStruct) return Status::Ok();
        h = true;
        has_sub[1] = true;
        return ReadStruct(r, [&](std::int16_t fid, ThriftType ft, bool& fh) -> Status {
          if (fid == 1) return I32(r, ft, ph.num_values, fh);
          if (fid == 2) return enc(ft, ph.encoding, fh);
          return Status::Ok();
        });
      case 8:  // DataPageHeaderV2
        if (t != ThriftType::kStruct) return Status::Ok();
        h = true;
        has_sub[2] = true;
        return ReadStruct(r, [&](std::int16_t fid, ThriftType ft, bool& fh) -> Status {
          switch (fid) {
            case 1:
              return I32(r, ft, ph.num_values, fh);
            case 2:
              return I32(r, ft, ph.num_nulls, fh);
            case 3:
              return I32(r, ft, ph.num_rows, fh);
            case 4:
              return enc(ft, ph.encoding, fh);
            case 5:
              return I32(r, ft, ph.definition_levels_byte_length, fh);
            case 6:
              return I32(r, ft, ph.repetition_levels_byte_length, fh);
            case 7:
              return Bool(r, ft, ph.is_compressed, fh);
            default:
              return Status::Ok();
          }
        });
      default:
        return Status::Ok();
    }
  });
  if (!st.ok()) return st;
  if (!has_type || !has_sizes[0] || !has_sizes[1] ||
      (ph.type == PageType::kDataPage && !has_sub[0]) ||
      (ph.type == PageType::kDictionaryPage && !has_sub[1]) ||
      (ph.type == PageType::kDataPageV2 && !has_sub[2])) {
    return Status::Corruption("Parquet page header of " + what +
                              " is missing required fields (page type, sizes or the typed "
                              "page header)");
  }
  header_size = r.position();
  return ph;
}

const char* CodecName(Codec c) {
  switch (c) {
    case Codec::kUncompressed:
      return "UNCOMPRESSED";
    case Codec::kSnappy:
      return "SNAPPY";
    case Codec::kGzip:
      return "GZIP";
    case Codec::kLzo:
      return "LZO";
    case Codec::kBrotli:
      return "BROTLI";
    case Codec::kLz4:
      return "LZ4";
    case Codec::kZstd:
      return "ZSTD";
    case Codec::kLz4Raw:
      return "LZ4_RAW";
  }
  return "UNKNOWN_CODEC";
}

const char* EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kPlain:
      return "PLAIN";
    case Encoding::kPlainDictionary:
      return "PLAIN_DICTIONARY";
    case Encoding::kRle:
      return "RLE";
    case Encoding::kBitPacked:
      return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked:
      return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray:
      return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray:
      return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary:
      return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit:
      return "BYTE_STREAM_SPLIT";
  }
  return "UNKNOWN_ENCODING";
}

const char* PhysicalTypeName(PhysicalType t) {
  switch (t) {
    case PhysicalType::kBoolean:
      return "BOOLEAN";
    case PhysicalType::kInt32:
      return "INT32";
    case PhysicalType::kInt64:
      return "INT64";
    case PhysicalType::kInt96:
      return "INT96";
    case PhysicalType::kFloat:
      return "FLOAT";
    case PhysicalType::kDouble:
      return "DOUBLE";
    case PhysicalType::kByteArray:
      return "BYTE_ARRAY";
    case PhysicalType::kFixedLenByteArray:
      return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN_TYPE";
}

}  // namespace sfn::parquet
