// S3 object-store abstraction: one interface with a local-folder backend (tests, self-hosted
// datasets) and an S3-compatible HTTP backend (libcurl + our own SigV4 signer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sfn::s3 {

// Metadata of one object, as ListObjectsV2 / HeadObject report it.
struct ObjectInfo {
  std::string key;
  std::string etag;  // with its double quotes, as S3 prints it: "\"d41d8cd9...\""
  std::uint64_t size = 0;
  std::int64_t last_modified_epoch_seconds = 0;
  std::string storage_class = "STANDARD";
};

// One ListObjectsV2 page; `next_token` is set when more keys follow.
struct ListPage {
  std::vector<ObjectInfo> objects;
  std::optional<std::string> next_token;
};

// Sequential reader over one object's bytes. Not thread-safe.
class ObjectReader {
 public:
  virtual ~ObjectReader() = default;
  // Reads up to `n` bytes into `buf`; returns the count, 0 at the end of the object.
  virtual Result<std::size_t> Read(char* buf, std::size_t n) = 0;
};

// Buffered writer of a new object. Nothing is visible until Finish() succeeds; destroying an
// unfinished writer discards the data. Not thread-safe.
class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;
  // Appends bytes to the object being written.
  virtual Status Append(std::string_view data) = 0;
  // Publishes the object atomically; returns its size. Call at most once.
  virtual Result<std::uint64_t> Finish() = 0;
};

// An S3-like object store. All methods are thread-safe. Errors name the bucket and key; a
// missing object or bucket is kNotFound.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  // Opens an object for streaming reads (memory bounded, whatever the object size).
  virtual Result<std::unique_ptr<ObjectReader>> Open(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id = {}) = 0;
  // Reads bytes [offset, offset+length) (fewer at the end of the object).
  virtual Result<std::string> ReadRange(const std::string& bucket, const std::string& key,
                                        std::uint64_t offset, std::uint64_t length) = 0;
  // Returns an object's metadata.
  virtual Result<ObjectInfo> Head(const std::string& bucket, const std::string& key) = 0;
  // Lists keys starting with `prefix` in UTF-8 byte order, at most `max_keys` per page,
  // continuing after `continuation_token` (the previous page's next_token).
  virtual Result<ListPage> List(const std::string& bucket, const std::string& prefix,
                                const std::optional<std::string>& continuation_token,
                                int max_keys = 1000) = 0;
  // Starts writing a new object (replacing any existing one when finished).
  virtual Result<std::unique_ptr<ObjectWriter>> Create(const std::string& bucket,
                                                       const std::string& key) = 0;
  // Writes a whole object at once.
  virtual Status Put(const std::string& bucket, const std::string& key, std::string_view data) = 0;
};

// Local folder as object store: bucket = sub-folder of `root`, key = relative path below it.
// Keys must be relative paths without "." / ".." segments, empty segments, NUL or a trailing
// '/'; spaces, '%', '+' and UTF-8 work. List is recursive, in key byte order, without directory
// markers; the continuation token is the last key returned. ETag: quoted MD5 of the content for
// objects up to 64 MiB (cached by path, size and mtime); larger files get a stable multipart-style
// surrogate "<md5 of path, size, mtime>-1" (S3 itself gives large uploads non-MD5 ETags), so
// listing a big dataset never reads it. Writes go to `root`/.sfn-tmp and are renamed into place.
// VersionId is not supported (only "null", S3's id for unversioned objects, is accepted).
std::unique_ptr<ObjectStore> MakeLocalStore(std::filesystem::path root);

// S3-compatible HTTP endpoint configured the AWS way (see http_store.h for the details).
Result<std::unique_ptr<ObjectStore>> MakeHttpStoreFromEnvironment();

}  // namespace sfn::s3
