// Step Functions additions: $partition, $range, $hash, $random(seed), $uuid, $parse.
#include <openssl/evp.h>

#include <cmath>
#include <cstdio>

#include "asl/jsonata/functions.h"

namespace sfn::jsonata::internal {

namespace {

[[noreturn]] void Fail(const std::string& code, const std::string& message) {
  JError e;
  e.code = code;
  e.message = message;
  e.custom = true;
  throw e;
}

Value FnPartition(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  double size = a[1].number();
  if (size < 1 || size != std::floor(size)) {
    Fail("D3137", "The size argument of $partition must be a positive integer");
  }
  const auto& items = a[0].arr().items;
  std::vector<Value> out;
  size_t n = static_cast<size_t>(size);
  for (size_t i = 0; i < items.size(); i += n) {
    out.push_back(NewArray(
        std::vector<Value>(items.begin() + static_cast<long>(i),
                           items.begin() + static_cast<long>(std::min(items.size(), i + n)))));
  }
  return NewArray(std::move(out));
}

Value FnRange(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined() || a[1].undefined()) return Value();
  double start = a[0].number(), end = a[1].number();
  double step = Arg(a, 2).is_number() ? a[2].number() : 1;
  if (step == 0) Fail("D3137", "The step argument of $range must not be zero");
  std::vector<Value> out;
  if (std::fabs((end - start) / step) > 1e7) Throw("D2014", Value::Number((end - start) / step));
  for (double x = start; step > 0 ? x <= end : x >= end; x += step) {
    out.push_back(Value::Number(x));
  }
  return NewArray(std::move(out));
}

Value FnHash(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  std::string alg = Arg(a, 1).is_string() ? a[1].str() : "SHA-256";
  const EVP_MD* md = alg == "MD5"       ? EVP_md5()
                     : alg == "SHA-1"   ? EVP_sha1()
                     : alg == "SHA-256" ? EVP_sha256()
                     : alg == "SHA-384" ? EVP_sha384()
                     : alg == "SHA-512" ? EVP_sha512()
                                        : nullptr;
  if (!md) {
    Fail("D3137",
         "The algorithm argument of $hash must be one of MD5, SHA-1, SHA-256, SHA-384, "
         "SHA-512");
  }
  const std::string& s = a[0].str();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), digest, &len, md, nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof(buf), "%02x", digest[i]);
    hex += buf;
  }
  return Value::String(hex);
}

Value FnRandomSeed(Evaluator& ev, std::vector<Value>& a, const Value&) {
  if (Arg(a, 0).is_number()) {
    std::mt19937_64 rng(static_cast<uint64_t>(static_cast<int64_t>(a[0].number())));
    return Value::Number(std::uniform_real_distribution<double>(0, 1)(rng));
  }
  return Value::Number(std::uniform_real_distribution<double>(0, 1)(ev.rng()));
}

Value FnUuid(Evaluator& ev, std::vector<Value>&, const Value&) {
  uint64_t hi = ev.rng()(), lo = ev.rng()();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return Value::String(buf);
}

Value FnParse(Evaluator&, std::vector<Value>& a, const Value&) {
  if (a[0].undefined()) return a[0];
  auto parsed = json::Parse(a[0].str());
  if (!parsed.ok()) Fail("D3137", "The argument of $parse is not valid JSON: " + a[0].str());
  return FromJson(*parsed);
}

const Builtin kSfnBuiltins[] = {
    {"partition", "<an:a>", FnPartition, 2},
    {"range", "<nnn?:a<n>>", FnRange, 3},
    {"hash", "<s-s?:s>", FnHash, 2},
    {"random", "<n?:n>", FnRandomSeed, 1},
    {"uuid", "<:s>", FnUuid, 0},
    {"parse", "<s-:j>", FnParse, 1},
};

}  // namespace

BuiltinTable SfnBuiltins() {
  return {kSfnBuiltins, sizeof(kSfnBuiltins) / sizeof(kSfnBuiltins[0])};
}

}  // namespace sfn::jsonata::internal
