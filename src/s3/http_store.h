// S3-compatible HTTP ObjectStore over libcurl with our own SigV4 signer: ranged streaming GETs,
// ListObjectsV2, PutObject, multipart uploads for large Create() writes, retries with backoff.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "common/status.h"
#include "s3/object_store.h"
#include "s3/sigv4.h"

namespace sfn::s3 {

struct HttpStoreConfig {
  // Base URL, e.g. "http://127.0.0.1:9000". Empty = AWS: https://s3.<region>.amazonaws.com.
  std::string endpoint;
  std::string region = "us-east-1";
  // Empty access key id = unsigned requests (e.g. moto without auth).
  Credentials credentials;
  // Path-style (endpoint/bucket/key) vs virtual-hosted (bucket.host/key). Custom endpoints use
  // path-style; AWS uses virtual-hosted for DNS-compatible bucket names.
  bool path_style = true;
  int max_attempts = 5;  // per request, counting the first
  std::chrono::milliseconds base_backoff{100};
  std::size_t read_chunk_bytes = 8u << 20;  // ranged GET size used by Open()
  bool prefetch = true;  // Open() fetches the next chunk in the background (2 chunks in memory)
  std::size_t multipart_part_bytes = 8u << 20;  // >= 5 MiB; Create() switches to multipart
  long connect_timeout_seconds = 10;
  long stall_timeout_seconds = 60;  // abort a transfer that moves no data for this long
};

// Reads configuration the AWS way: endpoint from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL; region
// from AWS_REGION, AWS_DEFAULT_REGION or the profile's `region` in ~/.aws/config (default
// us-east-1); credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN or
// the profile (AWS_PROFILE, else "default") in ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE,
// AWS_CONFIG_FILE override the paths). No credentials found = unsigned requests.
Result<HttpStoreConfig> HttpStoreConfigFromEnvironment();

// Creates an HTTP store. Thread-safe; keeps a small pool of keep-alive connections.
Result<std::unique_ptr<ObjectStore>> MakeHttpStore(HttpStoreConfig config);

// Parses an ISO-8601 UTC timestamp ("2026-01-02T03:04:05.000Z") into epoch seconds.
Result<std::int64_t> ParseIso8601(std::string_view text);

}  // namespace sfn::s3
