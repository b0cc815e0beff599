#include "s3/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace sfn::s3 {
namespace {

std::string Hex(const unsigned char* d, std::size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[d[i] >> 4];
    out[2 * i + 1] = kHex[d[i] & 15];
  }
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return std::string(reinterpret_cast<char*>(md), len);
}

}  // namespace

std::string UriEncode(std::string_view s, bool keep_slash) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3 / 2);
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> enc;
  enc.reserve(query.size());
  for (const auto& [k, v] : query) enc.emplace_back(UriEncode(k, false), UriEncode(v, false));
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (const auto& [k, v] : enc) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    out += v;
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  return Hex(md, len);
}

SignedHeaders SignV4(const SigningRequest& req, const Credentials& creds, const std::string& region,
                     const std::string& service, std::time_t now) {
  std::tm tm{};
  gmtime_r(&now, &tm);
  char amz_date[32];
  std::strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
  std::string date(amz_date, 8);

  SignedHeaders out;
  out.amz_date = amz_date;
  out.content_sha256 = req.payload_sha256;
  out.security_token = creds.session_token;

  std::string signed_headers = "host;x-amz-content-sha256;x-amz-date";
  std::string canonical_headers = "host:" + req.host +
                                  "\nx-amz-content-sha256:" + req.payload_sha256 +
                                  "\nx-amz-date:" + out.amz_date + "\n";
  if (!creds.session_token.empty()) {
    signed_headers += ";x-amz-security-token";
    canonical_headers += "x-amz-security-token:" + creds.session_token + "\n";
  }
  std::string path = req.path.empty() ? "/" : UriEncode(req.path, true);
  std::string canonical_request = req.method + "\n" + path + "\n" + CanonicalQuery(req.query) +
                                  "\n" + canonical_headers + "\n" + signed_headers + "\n" +
                                  req.payload_sha256;
  std::string scope = date + "/" + region + "/" + service + "/aws4_request";
  std::string string_to_sign =
      "AWS4-HMAC-SHA256\n" + out.amz_date + "\n" + scope + "\n" + Sha256Hex(canonical_request);
  std::string k = Hmac("AWS4" + creds.secret_access_key, date);
  k = Hmac(k, region);
  k = Hmac(k, service);
  k = Hmac(k, "aws4_request");
  std::string sig = Hmac(k, string_to_sign);
  out.authorization = "AWS4-HMAC-SHA256 Credential=" + creds.access_key_id + "/" + scope +
                      ", SignedHeaders=" + signed_headers + ", Signature=" +
                      Hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
  return out;
}

}  // namespace sfn::s3
