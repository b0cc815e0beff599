// Thrift compact-protocol decoder.
#include "distributed/parquet/thrift.h"

namespace sfn::parquet {

namespace {
constexpr int kMaxDepth = 64;
std::int64_t ZigZag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}
}  // namespace

Status ThriftReader::Error(const std::string& msg) const {
  return Status::Corruption("Parquet metadata of " + what_ + " is malformed: " + msg + " at byte " +
                            std::to_string(pos_));
}

Status ThriftReader::ReadByte(std::uint8_t& out) {
  if (pos_ >= data_.size()) return Error("unexpected end of Thrift data");
  out = static_cast<std::uint8_t>(data_[pos_++]);
  return Status::Ok();
}

Status ThriftReader::ReadVarint(std::uint64_t& out) {
  out = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    std::uint8_t b;
    SFN_TRY(ReadByte(b));
    out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return Status::Ok();
  }
  return Error("varint longer than 10 bytes");
}

Status ThriftReader::BeginStruct() {
  if (depth_ >= kMaxDepth) return Error("structs nested too deeply");
  stack_[depth_++] = last_field_;
  last_field_ = 0;
  return Status::Ok();
}

void ThriftReader::EndStruct() {
  if (depth_ > 0) last_field_ = stack_[--depth_];
}

Status ThriftReader::ReadFieldHeader(std::int16_t& id, ThriftType& type) {
  std::uint8_t b;
  SFN_TRY(ReadByte(b));
  std::uint8_t t = b & 0x0f;
  if (t == 0) {
    type = ThriftType::kStop;
    id = 0;
    return Status::Ok();
  }
  if (t > 12) return Error("unknown field type " + std::to_string(t));
  type = static_cast<ThriftType>(t);
  std::uint8_t delta = b >> 4;
  if (delta != 0) {
    id = static_cast<std::int16_t>(last_field_ + delta);
  } else {
    std::uint64_t v;
    SFN_TRY(ReadVarint(v));
    id = static_cast<std::int16_t>(ZigZag(v));
  }
  last_field_ = id;
  return Status::Ok();
}

Status ThriftReader::ReadBool(ThriftType field_type, bool& out) {
  if (field_type == ThriftType::kTrue || field_type == ThriftType::kFalse) {
    out = field_type == ThriftType::kTrue;
    return Status::Ok();
  }
  if (field_type == ThriftType::kByte) {  // element of a bool list
    std::uint8_t b;
    SFN_TRY(ReadByte(b));
    out = b == 1;
    return Status::Ok();
  }
  return Error("expected a bool field");
}

Status ThriftReader::ReadI8(std::int8_t& out) {
  std::uint8_t b;
  SFN_TRY(ReadByte(b));
  out = static_cast<std::int8_t>(b);
  return Status::Ok();
}

Status ThriftReader::ReadI32(std::int32_t& out) {
  std::uint64_t v;
  SFN_TRY(ReadVarint(v));
  std::int64_t s = ZigZag(v);
  if (s < INT32_MIN || s > INT32_MAX) return Error("i32 out of range");
  out = static_cast<std::int32_t>(s);
  return Status::Ok();
}

Status ThriftReader::ReadI64(std::int64_t& out) {
  std::uint64_t v;
  SFN_TRY(ReadVarint(v));
  out = ZigZag(v);
  return Status::Ok();
}

Status ThriftReader::ReadDouble(double& out) {
  if (data_.size() - pos_ < 8) return Error("truncated double");
  std::uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) {
    bits |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(data_[pos_ + i])) << (8 * i);
  }
  pos_ += 8;
  static_assert(sizeof(double) == 8);
  __builtin_memcpy(&out, &bits, 8);
  return Status::Ok();
}

Status ThriftReader::ReadBinary(std::string& out) {
  std::uint64_t len;
  SFN_TRY(ReadVarint(len));
  if (len > data_.size() - pos_)
    return Error("binary length " + std::to_string(len) + " exceeds the remaining bytes");
  out.assign(data_.substr(pos_, len));
  pos_ += len;
  return Status::Ok();
}

Status ThriftReader::ReadListHeader(ThriftType& elem_type, std::uint32_t& size) {
  std::uint8_t b;
  SFN_TRY(ReadByte(b));
  std::uint64_t n = b >> 4;
  if (n == 15) SFN_TRY(ReadVarint(n));
  std::uint8_t t = b & 0x0f;
  if (t == 0 || t > 12) return Error("unknown list element type " + std::to_string(t));
  elem_type = static_cast<ThriftType>(t);
  // Every element takes at least one byte (except bools in some writers; still >= 1 here).
  if (n > data_.size() - pos_) return Error("list size " + std::to_string(n) + " is too large");
  size = static_cast<std::uint32_t>(n);
  return Status::Ok();
}

Status ThriftReader::Skip(ThriftType type) { return SkipDepth(type, 0); }

Status ThriftReader::SkipDepth(ThriftType type, int depth) {
  if (depth > kMaxDepth) return Error("values nested too deeply");
  std::uint64_t v;
  std::uint8_t b;
  switch (type) {
    case ThriftType::kTrue:
    case ThriftType::kFalse:
      return Status::Ok();
    case ThriftType::kByte:
      return ReadByte(b);
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64:
      return ReadVarint(v);
    case ThriftType::kDouble:
      if (data_.size() - pos_ < 8) return Error("truncated double");
      pos_ += 8;
      return Status::Ok();
    case ThriftType::kBinary:
      SFN_TRY(ReadVarint(v));
      if (v > data_.size() - pos_) return Error("truncated binary");
      pos_ += v;
      return Status::Ok();
    case ThriftType::kList:
    case ThriftType::kSet: {
      ThriftType et;
      std::uint32_t n;
      SFN_TRY(ReadListHeader(et, n));
      for (std::uint32_t i = 0; i < n; ++i) {
        if (et == ThriftType::kTrue || et == ThriftType::kFalse) {
          SFN_TRY(ReadByte(b));
        } else {
          SFN_TRY(SkipDepth(et, depth + 1));
        }
      }
      return Status::Ok();
    }
    case ThriftType::kMap: {
      SFN_TRY(ReadVarint(v));
      if (v == 0) return Status::Ok();
      if (v > data_.size() - pos_) return Error("map size too large");
      SFN_TRY(ReadByte(b));
      auto kt = static_cast<ThriftType>(b >> 4);
      auto vt = static_cast<ThriftType>(b & 0x0f);
      if ((b >> 4) > 12 || (b & 0x0f) > 12) return Error("bad map types");
      for (std::uint64_t i = 0; i < v; ++i) {
        SFN_TRY(SkipDepth(kt, depth + 1));
        SFN_TRY(SkipDepth(vt, depth + 1));
      }
      return Status::Ok();
    }
    case ThriftType::kStruct: {
      SFN_TRY(BeginStruct());
      while (true) {
        std::int16_t id;
        ThriftType ft;
        SFN_TRY(ReadFieldHeader(id, ft));
        if (ft == ThriftType::kStop) break;
        SFN_TRY(SkipDepth(ft, depth + 1));
      }
      EndStruct();
      return Status::Ok();
    }
    case ThriftType::kStop:
      break;
  }
  return Error("cannot skip a value of type " + std::to_string(static_cast<int>(type)));
}

}  // namespace sfn::parquet
