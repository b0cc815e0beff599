// Parquet value/level decoders (see encodings.h). Written from the Parquet format spec.
#include "distributed/parquet/encodings.h"

#include <cstring>

namespace sfn::parquet {

namespace {

Status Bad(const std::string& where, const std::string& what) {
  return Status::Corruption("corrupt Parquet data in " + where + ": " + what);
}

std::uint32_t LoadLe32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
std::uint64_t LoadLe64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

bool ReadUleb(std::string_view d, std::size_t& pos, std::uint64_t& out) {
  out = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= d.size()) return false;
    auto b = static_cast<std::uint8_t>(d[pos++]);
    out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

bool ReadZigZag(std::string_view d, std::size_t& pos, std::int64_t& out) {
  std::uint64_t v;
  if (!ReadUleb(d, pos, v)) return false;
  out = static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
  return true;
}

// Unpacks `count` little-endian bit-packed values of `w` bits (0..64) starting at byte `p`.
// The caller guarantees count * w bits are available.
template <typename T, typename Sink>
void Unpack(const char* p, int w, std::size_t count, Sink&& sink) {
  if (w == 0) {
    for (std::size_t i = 0; i < count; ++i) sink(T{0});
    return;
  }
  if (w <= 56) {
    std::uint64_t buf = 0;
    int bits = 0;
    const std::uint64_t mask = (std::uint64_t{1} << w) - 1;
    for (std::size_t i = 0; i < count; ++i) {
      while (bits < w) {
        buf |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(*p++)) << bits;
        bits += 8;
      }
      sink(static_cast<T>(buf & mask));
      buf >>= w;
      bits -= w;
    }
    return;
  }
  std::size_t bitpos = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t v = 0;
    for (int got = 0; got < w;) {
      auto byte = static_cast<std::uint8_t>(p[bitpos >> 3]);
      int off = static_cast<int>(bitpos & 7);
      int take = std::min(8 - off, w - got);
      v |= static_cast<std::uint64_t>((byte >> off) & ((1u << take) - 1)) << got;
      got += take;
      bitpos += static_cast<std::size_t>(take);
    }
    sink(static_cast<T>(v));
  }
}

}  // namespace

Status DecodeRleHybrid(std::string_view data, int bit_width, std::size_t n,
                       std::vector<std::uint32_t>& out, const std::string& where) {
  if (bit_width < 0 || bit_width > 32) {
    return Bad(where, "RLE bit width " + std::to_string(bit_width) + " is out of range");
  }
  const std::size_t target = out.size() + n;
  if (bit_width == 0) {
    out.resize(target, 0);
    return Status::Ok();
  }
  out.reserve(target);
  const std::size_t value_bytes = (static_cast<std::size_t>(bit_width) + 7) / 8;
  std::size_t pos = 0;
  while (out.size() < target) {
    std::uint64_t header;
    if (!ReadUleb(data, pos, header)) return Bad(where, "truncated RLE run header");
    const std::size_t need = target - out.size();
    if (header & 1) {
      std::uint64_t groups = header >> 1;
      if (groups == 0 || groups > data.size()) return Bad(where, "bad bit-packed run length");
      std::size_t count = groups * 8;
      std::size_t bytes = groups * static_cast<std::size_t>(bit_width);
      std::size_t avail = data.size() - pos;
      if (bytes > avail) {
        // Tolerate a truncated final run as long as it holds the values we still need.
        bytes = avail;
        count = avail * 8 / static_cast<std::size_t>(bit_width);
        if (count < need) return Bad(where, "truncated bit-packed run");
      }
      std::size_t take = std::min(count, need);
      Unpack<std::uint32_t>(data.data() + pos, bit_width, take,
                            [&](std::uint32_t v) { out.push_back(v); });
      pos += bytes;
    } else {
      std::uint64_t count = header >> 1;
      if (count == 0) return Bad(where, "empty RLE run");
      if (value_bytes > data.size() - pos) return Bad(where, "truncated RLE run value");
      std::uint32_t v = 0;
      for (std::size_t i = 0; i < value_bytes; ++i) {
        v |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(data[pos + i])) << (8 * i);
      }
      pos += value_bytes;
      if (bit_width < 32 && (v >> bit_width) != 0) return Bad(where, "RLE value exceeds bit width");
      out.insert(out.end(), std::min<std::uint64_t>(count, need), v);
    }
  }
  return Status::Ok();
}

Status DecodePlain(PhysicalType type, int type_length, std::string_view data, std::size_t n,
                   Values& out, const std::string& where) {
  auto need = [&](std::size_t width) -> Status {
    if (n > data.size() / width) {
      return Bad(where, "PLAIN page holds " + std::to_string(data.size()) + " bytes, too few for " +
                            std::to_string(n) + " values of " + std::to_string(width) + " bytes");
    }
    return Status::Ok();
  };
  const char* p = data.data();
  switch (type) {
    case PhysicalType::kBoolean:
      if ((n + 7) / 8 > data.size()) return Bad(where, "PLAIN booleans truncated");
      for (std::size_t i = 0; i < n; ++i) {
        out.ints.push_back((static_cast<std::uint8_t>(p[i / 8]) >> (i % 8)) & 1);
      }
      return Status::Ok();
    case PhysicalType::kInt32:
      SFN_TRY(need(4));
      for (std::size_t i = 0; i < n; ++i) {
        out.ints.push_back(static_cast<std::int32_t>(LoadLe32(p + 4 * i)));
      }
      return Status::Ok();
    case PhysicalType::kInt64:
      SFN_TRY(need(8));
      for (std::size_t i = 0; i < n; ++i) {
        out.ints.push_back(static_cast<std::int64_t>(LoadLe64(p + 8 * i)));
      }
      return Status::Ok();
    case PhysicalType::kFloat:
      SFN_TRY(need(4));
      for (std::size_t i = 0; i < n; ++i) {
        float f;
        std::memcpy(&f, p + 4 * i, 4);
        out.reals.push_back(f);
      }
      return Status::Ok();
    case PhysicalType::kDouble:
      SFN_TRY(need(8));
      for (std::size_t i = 0; i < n; ++i) {
        double d;
        std::memcpy(&d, p + 8 * i, 8);
        out.reals.push_back(d);
      }
      return Status::Ok();
    case PhysicalType::kInt96:
    case PhysicalType::kFixedLenByteArray: {
      std::size_t w = type == PhysicalType::kInt96 ? 12 : static_cast<std::size_t>(type_length);
      if (w == 0 || type_length < 0) return Bad(where, "FIXED_LEN_BYTE_ARRAY without a length");
      SFN_TRY(need(w));
      for (std::size_t i = 0; i < n; ++i) out.bytes.emplace_back(p + w * i, w);
      return Status::Ok();
    }
    case PhysicalType::kByteArray: {
      std::size_t pos = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (data.size() - pos < 4) return Bad(where, "PLAIN byte array length truncated");
        std::uint32_t len = LoadLe32(p + pos);
        pos += 4;
        if (len > data.size() - pos) return Bad(where, "PLAIN byte array value truncated");
        out.bytes.emplace_back(p + pos, len);
        pos += len;
      }
      return Status::Ok();
    }
  }
  return Bad(where, "unknown physical type " + std::to_string(static_cast<int>(type)));
}

Status DecodeDeltaBinaryPacked(std::string_view data, std::size_t n, std::vector<std::int64_t>& out,
                               std::size_t& consumed, const std::string& where) {
  std::size_t pos = 0;
  std::uint64_t block_size, miniblocks, total;
  std::int64_t first;
  if (!ReadUleb(data, pos, block_size) || !ReadUleb(data, pos, miniblocks) ||
      !ReadUleb(data, pos, total) || !ReadZigZag(data, pos, first)) {
    return Bad(where, "truncated DELTA_BINARY_PACKED header");
  }
  if (block_size == 0 || block_size % 128 != 0 || miniblocks == 0 || miniblocks > block_size ||
      block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0) {
    return Bad(where, "invalid DELTA_BINARY_PACKED block layout (" + std::to_string(block_size) +
                          "/" + std::to_string(miniblocks) + ")");
  }
  if (total != n) {
    return Bad(where, "DELTA_BINARY_PACKED holds " + std::to_string(total) + " values, expected " +
                          std::to_string(n));
  }
  const std::size_t per_mini = block_size / miniblocks;
  out.reserve(out.size() + n);
  std::uint64_t last = static_cast<std::uint64_t>(first);
  std::size_t read = 0;
  if (total > 0) {
    out.push_back(first);
    read = 1;
  }
  while (read < total) {
    std::int64_t min_delta;
    if (!ReadZigZag(data, pos, min_delta)) return Bad(where, "truncated DELTA block header");
    if (miniblocks > data.size() - pos) return Bad(where, "truncated DELTA bit widths");
    const std::size_t widths = pos;
    pos += miniblocks;
    for (std::size_t m = 0; m < miniblocks && read < total; ++m) {
      int w = static_cast<std::uint8_t>(data[widths + m]);
      if (w > 64) return Bad(where, "DELTA miniblock bit width " + std::to_string(w) + " > 64");
      std::size_t bytes = per_mini * static_cast<std::size_t>(w) / 8;
      if (bytes > data.size() - pos) return Bad(where, "truncated DELTA miniblock");
      std::size_t take = std::min<std::size_t>(per_mini, total - read);
      Unpack<std::uint64_t>(data.data() + pos, w, take, [&](std::uint64_t v) {
        last += static_cast<std::uint64_t>(min_delta) + v;  // wrapping arithmetic
        out.push_back(static_cast<std::int64_t>(last));
      });
      read += take;
      pos += bytes;
    }
  }
  consumed = pos;
  return Status::Ok();
}

Status DecodeDeltaLengthByteArray(std::string_view data, std::size_t n, Values& out,
                                  const std::string& where) {
  std::vector<std::int64_t> lens;
  std::size_t pos = 0;
  SFN_TRY(DecodeDeltaBinaryPacked(data, n, lens, pos, where));
  out.bytes.reserve(out.bytes.size() + n);
  for (std::int64_t len : lens) {
    if (len < 0 || static_cast<std::uint64_t>(len) > data.size() - pos) {
      return Bad(where, "DELTA_LENGTH_BYTE_ARRAY value length " + std::to_string(len) +
                            " exceeds the page");
    }
    out.bytes.emplace_back(data.data() + pos, static_cast<std::size_t>(len));
    pos += static_cast<std::size_t>(len);
  }
  return Status::Ok();
}

Status DecodeDeltaByteArray(std::string_view data, std::size_t n, Values& out,
                            const std::string& where) {
  std::vector<std::int64_t> prefixes;
  std::size_t pos = 0;
  SFN_TRY(DecodeDeltaBinaryPacked(data, n, prefixes, pos, where));
  Values suffixes;
  SFN_TRY(DecodeDeltaLengthByteArray(data.substr(pos), n, suffixes, where));
  std::string prev;
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t pre = prefixes[i];
    if (pre < 0 || static_cast<std::uint64_t>(pre) > prev.size()) {
      return Bad(where, "DELTA_BYTE_ARRAY prefix length " + std::to_string(pre) +
                            " exceeds the previous value");
    }
    prev.resize(static_cast<std::size_t>(pre));
    prev += suffixes.bytes[i];
    out.bytes.push_back(prev);
  }
  return Status::Ok();
}

Status DecodeByteStreamSplit(PhysicalType type, int type_length, std::string_view data,
                             std::size_t n, Values& out, const std::string& where) {
  std::size_t w;
  switch (type) {
    case PhysicalType::kFloat:
    case PhysicalType::kInt32:
      w = 4;
      break;
    case PhysicalType::kDouble:
    case PhysicalType::kInt64:
      w = 8;
      break;
    case PhysicalType::kFixedLenByteArray:
      if (type_length <= 0) return Bad(where, "FIXED_LEN_BYTE_ARRAY without a length");
      w = static_cast<std::size_t>(type_length);
      break;
    default:
      return Bad(where,
                 std::string("BYTE_STREAM_SPLIT is not defined for ") + PhysicalTypeName(type));
  }
  if (n > data.size() / w) return Bad(where, "BYTE_STREAM_SPLIT data truncated");
  std::string plain(n * w, '\0');
  for (std::size_t k = 0; k < w; ++k) {
    const char* stream = data.data() + k * n;
    for (std::size_t i = 0; i < n; ++i) plain[i * w + k] = stream[i];
  }
  return DecodePlain(type, type_length, plain, n, out, where);
}

Status DecodeValues(Encoding encoding, PhysicalType type, int type_length, std::string_view data,
                    std::size_t n, Values& out, const std::string& where) {
  switch (encoding) {
    case Encoding::kPlain:
      return DecodePlain(type, type_length, data, n, out, where);
    case Encoding::kRle: {
      if (type != PhysicalType::kBoolean) break;
      if (data.size() < 4) return Bad(where, "RLE boolean length prefix truncated");
      std::uint32_t len = LoadLe32(data.data());
      if (len > data.size() - 4) return Bad(where, "RLE boolean data truncated");
      std::vector<std::uint32_t> bits;
      SFN_TRY(DecodeRleHybrid(data.substr(4, len), 1, n, bits, where));
      out.ints.insert(out.ints.end(), bits.begin(), bits.end());
      return Status::Ok();
    }
    case Encoding::kDeltaBinaryPacked: {
      if (type != PhysicalType::kInt32 && type != PhysicalType::kInt64) break;
      std::size_t consumed = 0;
      std::size_t start = out.ints.size();
      SFN_TRY(DecodeDeltaBinaryPacked(data, n, out.ints, consumed, where));
      if (type == PhysicalType::kInt32) {
        for (std::size_t i = start; i < out.ints.size(); ++i) {
          out.ints[i] = static_cast<std::int32_t>(static_cast<std::uint32_t>(out.ints[i]));
        }
      }
      return Status::Ok();
    }
    case Encoding::kDeltaLengthByteArray:
      if (type != PhysicalType::kByteArray) break;
      return DecodeDeltaLengthByteArray(data, n, out, where);
    case Encoding::kDeltaByteArray:
      if (type != PhysicalType::kByteArray && type != PhysicalType::kFixedLenByteArray) break;
      return DecodeDeltaByteArray(data, n, out, where);
    case Encoding::kByteStreamSplit:
      return DecodeByteStreamSplit(type, type_length, data, n, out, where);
    default:
      break;
  }
  return Status::InvalidArgument(std::string("unsupported Parquet encoding ") +
                                 EncodingName(encoding) + " for " + PhysicalTypeName(type) +
                                 " in " + where);
}

}  // namespace sfn::parquet
