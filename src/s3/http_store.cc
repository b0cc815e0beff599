// S3 over HTTP: libcurl easy handles from a pool, SigV4 signing, XML via pugixml.

#include "s3/http_store.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <future>
#include <map>
#include <mutex>
#include <pugixml.hpp>
#include <random>
#include <thread>
#include <vector>

namespace sfn::s3 {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

std::string Where(const std::string& bucket, const std::string& key) {
  return key.empty() ? "bucket '" + bucket + "'" : "s3://" + bucket + "/" + key;
}

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  // Bodies larger than this abort the transfer (a server ignoring Range must not make a ranged
  // read buffer a whole object). Error bodies are small, so this only guards data.
  std::size_t max_body = static_cast<std::size_t>(-1);
  bool body_overflow = false;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct S3Error {
  std::string code, message;
};

S3Error ParseError(const HttpResponse& r) {
  S3Error e;
  pugi::xml_document doc;
  if (!r.body.empty() && doc.load_buffer(r.body.data(), r.body.size())) {
    pugi::xml_node err = doc.child("Error");
    e.code = err.child_value("Code");
    e.message = err.child_value("Message");
  }
  if (e.code.empty()) {
    switch (r.status) {
      case 404:
        e.code = "NotFound";
        break;
      case 403:
        e.code = "AccessDenied";
        break;
      case 416:
        e.code = "InvalidRange";
        break;
      default:
        e.code = "HTTP" + std::to_string(r.status);
    }
  }
  return e;
}

bool Retryable(const HttpResponse& r) {
  if (r.status == 429 || r.status >= 500) return true;
  if (r.status == 400 || r.status == 403) {
    // Transient codes S3 may send with 4xx statuses.
    S3Error e = ParseError(r);
    return e.code == "SlowDown" || e.code == "RequestTimeout" || e.code == "RequestTimeTooSkewed";
  }
  return false;
}

// Turns a non-2xx response into a Status naming the bucket/key and what to do.
Status ToStatus(const HttpResponse& r, const std::string& op, const std::string& bucket,
                const std::string& key) {
  S3Error e = ParseError(r);
  std::string what = op + " " + Where(bucket, key) + " failed: " + e.code +
                     (e.message.empty() ? "" : " (" + e.message + ")") + ", HTTP " +
                     std::to_string(r.status);
  if (e.code == "NoSuchKey" || (r.status == 404 && e.code == "NotFound" && !key.empty())) {
    return Status::NotFound("object " + Where(bucket, key) +
                            " does not exist (NoSuchKey); check the bucket and key");
  }
  if (e.code == "NoSuchBucket") {
    return Status::NotFound("bucket '" + bucket +
                            "' does not exist (NoSuchBucket); create it "
                            "or fix the bucket name");
  }
  if (r.status == 404) return Status::NotFound(what);
  if (r.status == 403 || e.code == "AccessDenied" || e.code == "InvalidAccessKeyId" ||
      e.code == "SignatureDoesNotMatch") {
    return Status::InvalidArgument(what +
                                   "; check the AWS credentials, region and the bucket "
                                   "policy");
  }
  if (r.status == 429 || r.status >= 500) return Status::Unavailable(what + "; retries exhausted");
  return Status::InvalidArgument(what);
}

std::size_t WriteBody(char* p, std::size_t size, std::size_t n, void* ud) {
  auto* resp = static_cast<HttpResponse*>(ud);
  if (resp->body.size() + size * n > resp->max_body) {
    resp->body_overflow = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  resp->body.append(p, size * n);
  return size * n;
}

std::size_t WriteHeader(char* p, std::size_t size, std::size_t n, void* ud) {
  std::string_view line(p, size * n);
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view v = line.substr(colon + 1);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) {
      v.remove_suffix(1);
    }
    (*static_cast<std::map<std::string, std::string>*>(ud))[name] = std::string(v);
  }
  return size * n;
}

std::string EscapeXml(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// Decodes %XX escapes and '+' (space), as S3 encodes keys for encoding-type=url.
std::string UrlDecode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool DnsCompatible(const std::string& bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (char c : bucket) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

class HttpStore;

// Reads an object in ranged chunks of read_chunk_bytes; one chunk in memory at a time.
class RangedReader final : public ObjectReader {
 public:
  RangedReader(HttpStore& store, std::string bucket, std::string key,
               std::optional<std::string> version)
      : store_(store),
        bucket_(std::move(bucket)),
        key_(std::move(key)),
        version_(std::move(version)) {}
  Result<std::size_t> Read(char* buf, std::size_t n) override;

 private:
  HttpStore& store_;
  std::string bucket_, key_;
  std::optional<std::string> version_;
  std::string chunk_;
  std::size_t chunk_pos_ = 0;
  std::uint64_t offset_ = 0;  // object offset of the next chunk
  std::optional<std::uint64_t> total_;
  std::string etag_;
  // The next chunk, fetched in the background while the current one is consumed. Declared last
  // so that it is destroyed (waiting for the transfer) before the members it uses.
  std::future<Result<HttpResponse>> next_;
  std::uint64_t next_offset_ = 0;
};

class MultipartWriter;

class HttpStore final : public ObjectStore {
 public:
  explicit HttpStore(HttpStoreConfig c) : c_(std::move(c)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    while (!c_.endpoint.empty() && c_.endpoint.back() == '/') c_.endpoint.pop_back();
    if (c_.endpoint.empty()) {
      c_.endpoint = "https://s3." + c_.region + ".amazonaws.com";
      aws_default_ = true;
    }
    if (c_.multipart_part_bytes < (5u << 20)) c_.multipart_part_bytes = 5u << 20;
    if (c_.read_chunk_bytes < (64u << 10)) c_.read_chunk_bytes = 64u << 10;
    if (c_.max_attempts < 1) c_.max_attempts = 1;
  }
  ~HttpStore() override {
    for (CURL* h : pool_) curl_easy_cleanup(h);
  }

  const HttpStoreConfig& config() const { return c_; }

  Result<std::unique_ptr<ObjectReader>> Open(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id) override {
    auto r = std::make_unique<RangedReader>(*this, bucket, key, version_id);
    // Fetch the first chunk now so a missing object fails at Open.
    SFN_ASSIGN_OR_RETURN(std::size_t n, r->Read(nullptr, 0));
    (void)n;
    return std::unique_ptr<ObjectReader>(std::move(r));
  }

  Result<std::string> ReadRange(const std::string& bucket, const std::string& key,
                                std::uint64_t offset, std::uint64_t length) override {
    if (length == 0) return std::string();
    SFN_ASSIGN_OR_RETURN(HttpResponse r, GetRange(bucket, key, {}, offset, length));
    if (r.status == 416) return std::string();
    return std::move(r.body);
  }

  // GET with Range; returns 200/206/416 responses, errors otherwise.
  Result<HttpResponse> GetRange(const std::string& bucket, const std::string& key,
                                const std::optional<std::string>& version, std::uint64_t offset,
                                std::uint64_t length) {
    Query q;
    if (version) q.emplace_back("versionId", *version);
    std::string range =
        "Range: bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1);
    SFN_ASSIGN_OR_RETURN(HttpResponse r,
                         Request("GET", bucket, key, q, {}, {range}, length + (64u << 10)));
    if (r.status == 200 || r.status == 206 || r.status == 416) return r;
    return ToStatus(r, "GetObject", bucket, key);
  }

  Result<ObjectInfo> Head(const std::string& bucket, const std::string& key) override {
    SFN_ASSIGN_OR_RETURN(HttpResponse r, Request("HEAD", bucket, key, {}, {}, {}));
    if (r.status != 200) return ToStatus(r, "HeadObject", bucket, key);
    ObjectInfo info;
    info.key = key;
    info.etag = r.Header("etag");
    info.size = std::strtoull(r.Header("content-length").c_str(), nullptr, 10);
    std::string sc = r.Header("x-amz-storage-class");
    info.storage_class = sc.empty() ? "STANDARD" : sc;
    std::string lm = r.Header("last-modified");
    if (!lm.empty()) {
      std::tm tm{};
      if (strptime(lm.c_str(), "%a, %d %b %Y %H:%M:%S", &tm)) {
        info.last_modified_epoch_seconds = timegm(&tm);
      }
    }
    return info;
  }

  Result<ListPage> List(const std::string& bucket, const std::string& prefix,
                        const std::optional<std::string>& continuation_token,
                        int max_keys) override {
    // encoding-type=url keeps keys with characters XML 1.0 cannot carry intact.
    Query q{{"list-type", "2"}, {"encoding-type", "url"}};
    if (!prefix.empty()) q.emplace_back("prefix", prefix);
    if (continuation_token) q.emplace_back("continuation-token", *continuation_token);
    if (max_keys > 0) q.emplace_back("max-keys", std::to_string(max_keys));
    SFN_ASSIGN_OR_RETURN(HttpResponse r, Request("GET", bucket, "", q, {}, {}));
    if (r.status != 200) return ToStatus(r, "ListObjectsV2", bucket, "");
    pugi::xml_document doc;
    if (!doc.load_buffer(r.body.data(), r.body.size())) {
      return Status::Corruption("ListObjectsV2 on bucket '" + bucket +
                                "' returned a body that is not XML; check the S3 endpoint URL");
    }
    pugi::xml_node root = doc.child("ListBucketResult");
    bool url_encoded = std::string_view(root.child_value("EncodingType")) == "url";
    ListPage page;
    for (pugi::xml_node c = root.child("Contents"); c; c = c.next_sibling("Contents")) {
      ObjectInfo o;
      o.key = url_encoded ? UrlDecode(c.child_value("Key")) : c.child_value("Key");
      o.etag = c.child_value("ETag");
      o.size = std::strtoull(c.child_value("Size"), nullptr, 10);
      std::string sc = c.child_value("StorageClass");
      o.storage_class = sc.empty() ? "STANDARD" : sc;
      auto lm = ParseIso8601(c.child_value("LastModified"));
      if (lm.ok()) o.last_modified_epoch_seconds = *lm;
      page.objects.push_back(std::move(o));
    }
    std::string truncated = root.child_value("IsTruncated");
    std::string next = root.child_value("NextContinuationToken");
    if (truncated == "true" && !next.empty()) page.next_token = next;
    return page;
  }

  Result<std::unique_ptr<ObjectWriter>> Create(const std::string& bucket,
                                               const std::string& key) override;

  Status Put(const std::string& bucket, const std::string& key, std::string_view data) override {
    SFN_ASSIGN_OR_RETURN(HttpResponse r, Request("PUT", bucket, key, {}, data, {}));
    if (r.status != 200) return ToStatus(r, "PutObject", bucket, key);
    return Status::Ok();
  }

  // Sends one signed request with retries on connection errors, 5xx, 429 and SlowDown.
  Result<HttpResponse> Request(const std::string& method, const std::string& bucket,
                               const std::string& key, const Query& query, std::string_view body,
                               const std::vector<std::string>& extra_headers,
                               std::size_t max_body = static_cast<std::size_t>(-1)) {
    std::string host = c_.endpoint.substr(c_.endpoint.find("://") + 3);
    std::string scheme = c_.endpoint.substr(0, c_.endpoint.find("://") + 3);
    std::string base_path;
    std::size_t slash = host.find('/');
    if (slash != std::string::npos) {
      base_path = host.substr(slash);
      host.resize(slash);
    }
    std::string path = base_path;
    if (!c_.path_style && aws_default_ && DnsCompatible(bucket)) {
      host = bucket + "." + host;
      path += "/" + key;
    } else {
      path += "/" + bucket;
      if (!key.empty()) path += "/" + key;
    }
    std::string url = scheme + host + UriEncode(path, true);
    std::string qs = CanonicalQuery(query);
    if (!qs.empty()) url += "?" + qs;
    std::string payload_sha = Sha256Hex(body);

    Status last;
    for (int attempt = 0; attempt < c_.max_attempts; ++attempt) {
      if (attempt > 0) Backoff(attempt);
      std::vector<std::string> headers = extra_headers;
      if (!c_.credentials.access_key_id.empty()) {
        SignedHeaders sh = SignV4({method, host, path, query, payload_sha}, c_.credentials,
                                  c_.region, "s3", std::time(nullptr));
        headers.push_back("Authorization: " + sh.authorization);
        headers.push_back("x-amz-date: " + sh.amz_date);
        if (!sh.security_token.empty()) {
          headers.push_back("x-amz-security-token: " + sh.security_token);
        }
      }
      headers.push_back("x-amz-content-sha256: " + payload_sha);
      HttpResponse resp;
      resp.max_body = max_body;
      CURLcode rc = Perform(method, url, body, headers, resp);
      if (resp.body_overflow) {
        return Status::InvalidArgument(
            method + " " + url + " returned more data than the " + std::to_string(max_body) +
            "-byte range requested; the S3 endpoint must support Range requests");
      }
      if (rc != CURLE_OK) {
        last = Status::Unavailable(method + " " + url + " failed: " + curl_easy_strerror(rc) +
                                   "; check that the S3 endpoint is reachable");
        continue;
      }
      if (Retryable(resp) && attempt + 1 < c_.max_attempts) continue;
      return resp;
    }
    return Status::Unavailable(last.message() + " (after " + std::to_string(c_.max_attempts) +
                               " attempts)");
  }

 private:
  void Backoff(int attempt) {
    thread_local std::mt19937 rng(std::random_device{}());
    long long cap = std::min<long long>(5000, c_.base_backoff.count() << std::min(attempt, 10));
    std::uniform_int_distribution<long long> d(cap / 2, cap);
    std::this_thread::sleep_for(std::chrono::milliseconds(d(rng)));
  }

  CURL* Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!pool_.empty()) {
        CURL* h = pool_.back();
        pool_.pop_back();
        return h;
      }
    }
    return curl_easy_init();
  }
  void Release(CURL* h) {
    std::lock_guard<std::mutex> lock(mu_);
    if (pool_.size() < 16) {
      pool_.push_back(h);
    } else {
      curl_easy_cleanup(h);
    }
  }

  CURLcode Perform(const std::string& method, const std::string& url, std::string_view body,
                   const std::vector<std::string>& headers, HttpResponse& resp) {
    CURL* h = Acquire();
    curl_easy_reset(h);
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c_.connect_timeout_seconds);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, c_.stall_timeout_seconds);
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &WriteBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &WriteHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &resp.headers);
    curl_slist* list = nullptr;
    for (const std::string& hd : headers) list = curl_slist_append(list, hd.c_str());
    list = curl_slist_append(list, "Expect:");
    if (method == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
      if (method == "PUT" || method == "POST") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        list = curl_slist_append(list, "Content-Type: application/octet-stream");
      }
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
    CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp.status);
    curl_slist_free_all(list);
    if (rc == CURLE_OK) {
      Release(h);
    } else {
      curl_easy_cleanup(h);  // drop a possibly broken connection
    }
    return rc;
  }

  HttpStoreConfig c_;
  bool aws_default_ = false;
  std::mutex mu_;
  std::vector<CURL*> pool_;
};

Result<std::size_t> RangedReader::Read(char* buf, std::size_t n) {
  if (chunk_pos_ == chunk_.size()) {
    if (total_ && offset_ >= *total_) return std::size_t{0};
    std::size_t want = store_.config().read_chunk_bytes;
    Result<HttpResponse> fetched = Status::Internal("unset");
    if (next_.valid() && next_offset_ == offset_) {
      fetched = next_.get();
    } else {
      fetched = store_.GetRange(bucket_, key_, version_, offset_, want);
    }
    SFN_ASSIGN_OR_RETURN(HttpResponse r, std::move(fetched));
    chunk_pos_ = 0;
    if (r.status == 416) {  // empty object, or offset at the end
      chunk_.clear();
      total_ = offset_;
      return std::size_t{0};
    }
    std::string etag = r.Header("etag");
    if (!etag_.empty() && !etag.empty() && etag != etag_) {
      return Status::Conflict("object s3://" + bucket_ + "/" + key_ +
                              " changed while it was being read (ETag " + etag_ + " -> " + etag +
                              "); retry the read");
    }
    etag_ = etag;
    if (r.status == 200) {
      total_ = offset_ + r.body.size();  // server ignored the range: whole object
    } else {
      std::string cr = r.Header("content-range");  // bytes a-b/total
      std::size_t slash = cr.rfind('/');
      if (slash != std::string::npos && cr.substr(slash + 1) != "*") {
        total_ = std::strtoull(cr.c_str() + slash + 1, nullptr, 10);
      }
    }
    chunk_ = std::move(r.body);
    offset_ += chunk_.size();
    if (chunk_.empty()) total_ = offset_;
    if (store_.config().prefetch && total_ && offset_ < *total_) {
      next_offset_ = offset_;
      next_ = std::async(std::launch::async, [this, off = offset_, want] {
        return store_.GetRange(bucket_, key_, version_, off, want);
      });
    }
  }
  std::size_t k = std::min(n, chunk_.size() - chunk_pos_);
  if (k > 0) std::memcpy(buf, chunk_.data() + chunk_pos_, k);
  chunk_pos_ += k;
  return k;
}

// Buffers up to one part; small objects become one PutObject, large ones a multipart upload.
class MultipartWriter final : public ObjectWriter {
 public:
  MultipartWriter(HttpStore& store, std::string bucket, std::string key)
      : store_(store), bucket_(std::move(bucket)), key_(std::move(key)) {}
  ~MultipartWriter() override {
    if (!upload_id_.empty() && !finished_) {
      (void)store_.Request("DELETE", bucket_, key_, {{"uploadId", upload_id_}}, {}, {});
    }
  }

  Status Append(std::string_view data) override {
    if (finished_) return Status::Internal("Append after Finish on s3://" + bucket_ + "/" + key_);
    std::size_t part = store_.config().multipart_part_bytes;
    while (!data.empty()) {
      std::size_t take = std::min(data.size(), part - buf_.size());
      buf_.append(data.substr(0, take));
      data.remove_prefix(take);
      size_ += take;
      if (buf_.size() == part) SFN_TRY(UploadPart());
    }
    return Status::Ok();
  }

  Result<std::uint64_t> Finish() override {
    if (finished_) return Status::Internal("Finish called twice on s3://" + bucket_ + "/" + key_);
    if (upload_id_.empty()) {
      SFN_TRY(store_.Put(bucket_, key_, buf_));
      finished_ = true;
      return size_;
    }
    if (!buf_.empty()) SFN_TRY(UploadPart());
    std::string xml = "<CompleteMultipartUpload>";
    for (std::size_t i = 0; i < etags_.size(); ++i) {
      xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" +
             EscapeXml(etags_[i]) + "</ETag></Part>";
    }
    xml += "</CompleteMultipartUpload>";
    SFN_ASSIGN_OR_RETURN(
        HttpResponse r, store_.Request("POST", bucket_, key_, {{"uploadId", upload_id_}}, xml, {}));
    // S3 may report an error inside a 200 response to CompleteMultipartUpload.
    if (r.status != 200 || r.body.find("<Error>") != std::string::npos) {
      if (r.status == 200) r.status = 500;
      return ToStatus(r, "CompleteMultipartUpload", bucket_, key_);
    }
    finished_ = true;
    return size_;
  }

 private:
  Status UploadPart() {
    if (upload_id_.empty()) {
      SFN_ASSIGN_OR_RETURN(HttpResponse r,
                           store_.Request("POST", bucket_, key_, {{"uploads", ""}}, {}, {}));
      if (r.status != 200) return ToStatus(r, "CreateMultipartUpload", bucket_, key_);
      pugi::xml_document doc;
      doc.load_buffer(r.body.data(), r.body.size());
      upload_id_ = doc.child("InitiateMultipartUploadResult").child_value("UploadId");
      if (upload_id_.empty()) {
        return Status::Corruption("CreateMultipartUpload for s3://" + bucket_ + "/" + key_ +
                                  " returned no UploadId");
      }
    }
    Query q{{"partNumber", std::to_string(etags_.size() + 1)}, {"uploadId", upload_id_}};
    SFN_ASSIGN_OR_RETURN(HttpResponse r, store_.Request("PUT", bucket_, key_, q, buf_, {}));
    if (r.status != 200) return ToStatus(r, "UploadPart", bucket_, key_);
    etags_.push_back(r.Header("etag"));
    buf_.clear();
    return Status::Ok();
  }

  HttpStore& store_;
  std::string bucket_, key_;
  std::string buf_;
  std::string upload_id_;
  std::vector<std::string> etags_;
  std::uint64_t size_ = 0;
  bool finished_ = false;
};

Result<std::unique_ptr<ObjectWriter>> HttpStore::Create(const std::string& bucket,
                                                        const std::string& key) {
  return std::unique_ptr<ObjectWriter>(new MultipartWriter(*this, bucket, key));
}

}  // namespace

Result<std::int64_t> ParseIso8601(std::string_view text) {
  std::tm tm{};
  std::string s(text);
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) {
    return Status::InvalidArgument("'" + s + "' is not an ISO-8601 timestamp");
  }
  return static_cast<std::int64_t>(timegm(&tm));
}

Result<std::unique_ptr<ObjectStore>> MakeHttpStore(HttpStoreConfig config) {
  if (!config.endpoint.empty() && config.endpoint.find("://") == std::string::npos) {
    return Status::InvalidArgument("S3 endpoint '" + config.endpoint +
                                   "' must start with http:// or https://");
  }
  return std::unique_ptr<ObjectStore>(new HttpStore(std::move(config)));
}

}  // namespace sfn::s3
