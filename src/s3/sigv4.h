// AWS Signature Version 4 for S3 (own implementation over OpenSSL; curl's CURLOPT_AWS_SIGV4 is
// unsafe in curl 7.88 because it does not sort the query). Exposed for golden tests against
// botocore (tests/s3/botocore_sigv4.py).
#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sfn::s3 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty when not using temporary credentials
};

// One request to sign. Path and query are raw (not yet percent-encoded).
struct SigningRequest {
  std::string method;  // "GET", "PUT", ...
  std::string host;    // Host header value, with ":port" when not the scheme default
  std::string path;    // e.g. "/bucket/a b+c=1.json"
  std::vector<std::pair<std::string, std::string>> query;  // raw name/value pairs
  std::string payload_sha256;  // hex SHA-256 of the body (or "UNSIGNED-PAYLOAD")
};

// Headers to add to the request.
struct SignedHeaders {
  std::string authorization;
  std::string amz_date;        // X-Amz-Date, e.g. 20260102T030405Z
  std::string content_sha256;  // X-Amz-Content-SHA256
  std::string security_token;  // X-Amz-Security-Token (empty when none)
};

// RFC 3986 percent-encoding as SigV4 wants it: unreserved A-Z a-z 0-9 - _ . ~ kept, everything
// else %XX (upper-case hex); '/' kept when `keep_slash`.
std::string UriEncode(std::string_view s, bool keep_slash);

// Builds the encoded query string "a=1&b=2" (sorted, as signed) from raw pairs.
std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query);

// Hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Signs `req` for `service` in `region` at time `now` (UTC seconds since the epoch). Signs the
// headers host, x-amz-content-sha256, x-amz-date and (with a session token)
// x-amz-security-token.
SignedHeaders SignV4(const SigningRequest& req, const Credentials& creds, const std::string& region,
                     const std::string& service, std::time_t now);

}  // namespace sfn::s3
