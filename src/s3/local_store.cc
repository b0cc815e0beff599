// Local-folder ObjectStore: bucket = sub-folder of the root, key = relative path.

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <random>
#include <unordered_map>

#include "s3/object_store.h"

namespace sfn::s3 {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMaxContentEtagBytes = 64ull << 20;
constexpr const char* kTmpDir = ".sfn-tmp";

std::string Where(const std::string& bucket, const std::string& key) {
  return "s3://" + bucket + "/" + key;
}

std::string ErrnoText(int err) { return std::strerror(err); }

Status ValidateBucket(const std::string& bucket) {
  if (bucket.empty() || bucket == "." || bucket == ".." || bucket.front() == '.' ||
      bucket.find('/') != std::string::npos || bucket.find('\0') != std::string::npos) {
    return Status::InvalidArgument("invalid bucket name '" + bucket +
                                   "': use a plain folder name under the local store root");
  }
  return Status::Ok();
}

// Rejects keys that would escape the bucket folder or cannot be stored as a file path.
Status ValidateKey(const std::string& bucket, const std::string& key) {
  SFN_TRY(ValidateBucket(bucket));
  auto bad = [&](const char* why) {
    return Status::InvalidArgument("invalid object key '" + key + "' in bucket '" + bucket +
                                   "' for the local store: " + why);
  };
  if (key.empty()) return bad("the key is empty");
  if (key.find('\0') != std::string::npos) return bad("the key contains a NUL byte");
  if (key.front() == '/') return bad("absolute keys are not allowed");
  if (key.back() == '/') return bad("keys ending in '/' (folder markers) cannot be files");
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find('/', start);
    if (end == std::string::npos) end = key.size();
    std::string_view seg(key.data() + start, end - start);
    if (seg.empty()) return bad("empty path segment ('//')");
    if (seg == "." || seg == "..") return bad("'.' and '..' segments are not allowed");
    start = end + 1;
  }
  return Status::Ok();
}

std::string HexDigest(const unsigned char* md, unsigned len) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

class FileReader final : public ObjectReader {
 public:
  FileReader(int fd, std::string where) : fd_(fd), where_(std::move(where)) {}
  ~FileReader() override { ::close(fd_); }
  Result<std::size_t> Read(char* buf, std::size_t n) override {
    while (true) {
      ssize_t r = ::read(fd_, buf, n);
      if (r >= 0) return static_cast<std::size_t>(r);
      if (errno == EINTR) continue;
      return Status::IoError("reading " + where_ + " failed: " + ErrnoText(errno));
    }
  }

 private:
  int fd_;
  std::string where_;
};

class FileWriter final : public ObjectWriter {
 public:
  FileWriter(int fd, fs::path tmp, fs::path dest, std::string where)
      : fd_(fd), tmp_(std::move(tmp)), dest_(std::move(dest)), where_(std::move(where)) {
    buf_.reserve(kBuf);
  }
  ~FileWriter() override {
    if (fd_ >= 0) ::close(fd_);
    if (!finished_) {
      std::error_code ec;
      fs::remove(tmp_, ec);
    }
  }
  Status Append(std::string_view data) override {
    if (finished_) return Status::Internal("Append after Finish on " + where_);
    size_ += data.size();
    if (buf_.size() + data.size() < kBuf) {
      buf_.append(data);
      return Status::Ok();
    }
    SFN_TRY(Flush());
    if (data.size() >= kBuf) return WriteAll(data);
    buf_.append(data);
    return Status::Ok();
  }
  Result<std::uint64_t> Finish() override {
    if (finished_) return Status::Internal("Finish called twice on " + where_);
    SFN_TRY(Flush());
    if (::close(fd_) != 0) {
      fd_ = -1;
      return Status::IoError("closing " + where_ + " failed: " + ErrnoText(errno));
    }
    fd_ = -1;
    std::error_code ec;
    fs::create_directories(dest_.parent_path(), ec);
    if (ec) {
      return Status::IoError("cannot create folder " + dest_.parent_path().string() + " for " +
                             where_ + ": " + ec.message());
    }
    fs::rename(tmp_, dest_, ec);
    if (ec) return Status::IoError("publishing " + where_ + " failed: " + ec.message());
    finished_ = true;
    return size_;
  }

 private:
  static constexpr std::size_t kBuf = 1 << 20;
  Status Flush() {
    Status s = WriteAll(buf_);
    buf_.clear();
    return s;
  }
  Status WriteAll(std::string_view data) {
    while (!data.empty()) {
      ssize_t w = ::write(fd_, data.data(), data.size());
      if (w < 0) {
        if (errno == EINTR) continue;
        return Status::IoError("writing " + where_ + " failed: " + ErrnoText(errno) +
                               " (check free disk space)");
      }
      data.remove_prefix(static_cast<std::size_t>(w));
    }
    return Status::Ok();
  }

  int fd_;
  fs::path tmp_, dest_;
  std::string where_;
  std::string buf_;
  std::uint64_t size_ = 0;
  bool finished_ = false;
};

class LocalStore final : public ObjectStore {
 public:
  explicit LocalStore(fs::path root) : root_(std::move(root)) {}

  Result<std::unique_ptr<ObjectReader>> Open(
      const std::string& bucket, const std::string& key,
      const std::optional<std::string>& version_id) override {
    SFN_TRY(ValidateKey(bucket, key));
    if (version_id && *version_id != "null") {
      return Status::InvalidArgument("VersionId '" + *version_id + "' requested for " +
                                     Where(bucket, key) +
                                     ": the local object store keeps no versions; remove "
                                     "VersionId or use an S3 endpoint");
    }
    SFN_ASSIGN_OR_RETURN(int fd, OpenFile(bucket, key));
    return std::unique_ptr<ObjectReader>(new FileReader(fd, Where(bucket, key)));
  }

  Result<std::string> ReadRange(const std::string& bucket, const std::string& key,
                                std::uint64_t offset, std::uint64_t length) override {
    SFN_TRY(ValidateKey(bucket, key));
    SFN_ASSIGN_OR_RETURN(int fd, OpenFile(bucket, key));
    struct stat st {};
    ::fstat(fd, &st);
    std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
    std::string out;
    if (offset < size) out.resize(std::min<std::uint64_t>(length, size - offset));
    std::size_t done = 0;
    while (done < out.size()) {
      ssize_t r =
          ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        int err = errno;
        ::close(fd);
        return Status::IoError("reading range of " + Where(bucket, key) + " failed: " +
                               (r == 0 ? std::string("file shrank") : ErrnoText(err)));
      }
      done += static_cast<std::size_t>(r);
    }
    ::close(fd);
    return out;
  }

  Result<ObjectInfo> Head(const std::string& bucket, const std::string& key) override {
    SFN_TRY(ValidateKey(bucket, key));
    SFN_TRY(CheckBucket(bucket));
    fs::path p = root_ / bucket / key;
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return Status::NotFound("object " + Where(bucket, key) +
                              " does not exist (NoSuchKey); check the bucket and key");
    }
    return MakeInfo(key, p, st);
  }

  Result<ListPage> List(const std::string& bucket, const std::string& prefix,
                        const std::optional<std::string>& continuation_token,
                        int max_keys) override {
    SFN_TRY(ValidateBucket(bucket));
    SFN_TRY(CheckBucket(bucket));
    if (max_keys <= 0) max_keys = 1000;
    ListState ls{
        prefix, continuation_token.value_or(""), static_cast<std::size_t>(max_keys) + 1, {}};
    SFN_TRY(Walk(root_ / bucket, "", ls));
    ListPage page;
    bool more = ls.found.size() > static_cast<std::size_t>(max_keys);
    if (more) ls.found.pop_back();
    for (auto& [key, path] : ls.found) {
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0) continue;  // removed meanwhile
      SFN_ASSIGN_OR_RETURN(ObjectInfo info, MakeInfo(key, path, st));
      page.objects.push_back(std::move(info));
    }
    if (more && !page.objects.empty()) page.next_token = page.objects.back().key;
    return page;
  }

  Result<std::unique_ptr<ObjectWriter>> Create(const std::string& bucket,
                                               const std::string& key) override {
    SFN_TRY(ValidateKey(bucket, key));
    SFN_TRY(CheckBucket(bucket));
    std::error_code ec;
    fs::path tmp_dir = root_ / kTmpDir;
    fs::create_directories(tmp_dir, ec);
    if (ec) {
      return Status::IoError("cannot create temp folder " + tmp_dir.string() + ": " + ec.message());
    }
    static std::atomic<std::uint64_t> counter{0};
    static const std::uint64_t seed = std::random_device{}();
    fs::path tmp = tmp_dir / ("w-" + std::to_string(::getpid()) + "-" + std::to_string(seed) + "-" +
                              std::to_string(counter.fetch_add(1)));
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      return Status::IoError("cannot create temp file for " + Where(bucket, key) + ": " +
                             ErrnoText(errno));
    }
    return std::unique_ptr<ObjectWriter>(
        new FileWriter(fd, tmp, root_ / bucket / key, Where(bucket, key)));
  }

  Status Put(const std::string& bucket, const std::string& key, std::string_view data) override {
    SFN_ASSIGN_OR_RETURN(auto w, Create(bucket, key));
    SFN_TRY(w->Append(data));
    return w->Finish().status();
  }

 private:
  struct ListState {
    std::string prefix;
    std::string start_after;
    std::size_t limit;
    std::vector<std::pair<std::string, fs::path>> found;
  };

  Status CheckBucket(const std::string& bucket) {
    std::error_code ec;
    if (!fs::is_directory(root_ / bucket, ec)) {
      return Status::NotFound("bucket '" + bucket +
                              "' does not exist (NoSuchBucket): create "
                              "folder " +
                              (root_ / bucket).string());
    }
    return Status::Ok();
  }

  Result<int> OpenFile(const std::string& bucket, const std::string& key) {
    fs::path p = root_ / bucket / key;
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      int err = errno;
      if (err == ENOENT || err == ENOTDIR || err == EISDIR) {
        SFN_TRY(CheckBucket(bucket));
        return Status::NotFound("object " + Where(bucket, key) +
                                " does not exist (NoSuchKey); check the bucket and key");
      }
      return Status::IoError("cannot open " + Where(bucket, key) + ": " + ErrnoText(err));
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
      ::close(fd);
      return Status::NotFound("object " + Where(bucket, key) +
                              " does not exist (NoSuchKey): it is a folder in the local store");
    }
    return fd;
  }

  struct Entry {
    std::string sort_key;  // name, plus '/' for folders
    bool is_dir;
  };
  using Entries = std::vector<Entry>;

  // The sorted entries of `dir`, cached by the folder's mtime so that paging through a large
  // folder reads and sorts it once, not once per page.
  Result<std::shared_ptr<const Entries>> SortedEntries(const fs::path& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      return Status::IoError("cannot list folder " + dir.string() + ": " + ErrnoText(errno));
    }
    std::int64_t mtime_ns = st.st_mtim.tv_sec * 1000000000ll + st.st_mtim.tv_nsec;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = dirs_.find(dir.string());
      if (it != dirs_.end() && it->second.first == mtime_ns) return it->second.second;
    }
    auto entries = std::make_shared<Entries>();
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::string name = it->path().filename().string();
      std::error_code tec;
      bool is_dir = it->is_directory(tec);
      if (!is_dir && !it->is_regular_file(tec)) continue;
      if (is_dir) name.push_back('/');
      entries->push_back({std::move(name), is_dir});
    }
    if (ec) return Status::IoError("listing folder " + dir.string() + " failed: " + ec.message());
    std::sort(entries->begin(), entries->end(),
              [](const Entry& a, const Entry& b) { return a.sort_key < b.sort_key; });
    std::lock_guard<std::mutex> lock(mu_);
    if (dirs_.size() >= 256) dirs_.clear();
    dirs_[dir.string()] = {mtime_ns, entries};
    return std::shared_ptr<const Entries>(entries);
  }

  // Index of the first entry whose keys can be >= `bound` (a key remainder below this folder):
  // lower_bound, stepping back onto a folder that is a prefix of `bound`.
  static std::size_t FirstCandidate(const Entries& entries, std::string_view bound) {
    auto it = std::lower_bound(entries.begin(), entries.end(), bound,
                               [](const Entry& e, std::string_view b) { return e.sort_key < b; });
    if (it != entries.begin()) {
      const Entry& prev = *(it - 1);
      if (prev.is_dir && bound.starts_with(prev.sort_key)) --it;
    }
    return static_cast<std::size_t>(it - entries.begin());
  }

  // Visits `dir` (whose keys start with `key_prefix`) in key byte order. A folder "d" sorts as
  // "d/" so that nested keys interleave with siblings exactly as S3 orders full keys.
  Status Walk(const fs::path& dir, const std::string& key_prefix, ListState& ls) {
    SFN_ASSIGN_OR_RETURN(std::shared_ptr<const Entries> entries, SortedEntries(dir));
    std::size_t i = 0;
    if (ls.start_after.starts_with(key_prefix)) {
      i = FirstCandidate(*entries, std::string_view(ls.start_after).substr(key_prefix.size()));
    }
    if (ls.prefix.size() > key_prefix.size() && ls.prefix.starts_with(key_prefix)) {
      i = std::max(i,
                   FirstCandidate(*entries, std::string_view(ls.prefix).substr(key_prefix.size())));
    }
    for (; i < entries->size(); ++i) {
      const Entry& e = (*entries)[i];
      if (ls.found.size() >= ls.limit) return Status::Ok();
      std::string key = key_prefix + e.sort_key;
      bool prefix_ok = key.starts_with(ls.prefix) || (e.is_dir && ls.prefix.starts_with(key));
      if (!prefix_ok) {
        if (key > ls.prefix) return Status::Ok();  // sorted: nothing later matches
        continue;
      }
      if (e.is_dir) {
        // Folder keys all start with `key`: skip when none can follow start_after.
        bool after_ok = !(ls.start_after >= key && !ls.start_after.starts_with(key));
        if (after_ok) {
          std::string name = e.sort_key.substr(0, e.sort_key.size() - 1);
          SFN_TRY(Walk(dir / name, key, ls));
        }
        continue;
      }
      if (key <= ls.start_after) continue;
      ls.found.emplace_back(key, dir / e.sort_key);
    }
    return Status::Ok();
  }

  Result<ObjectInfo> MakeInfo(const std::string& key, const fs::path& p, const struct stat& st) {
    ObjectInfo info;
    info.key = key;
    info.size = static_cast<std::uint64_t>(st.st_size);
    info.last_modified_epoch_seconds = st.st_mtim.tv_sec;
    std::int64_t mtime_ns = st.st_mtim.tv_sec * 1000000000ll + st.st_mtim.tv_nsec;
    std::string cache_key = p.string();
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = etags_.find(cache_key);
      if (it != etags_.end() && it->second.size == info.size && it->second.mtime_ns == mtime_ns) {
        info.etag = it->second.etag;
        return info;
      }
    }
    SFN_ASSIGN_OR_RETURN(info.etag, ComputeEtag(p, info.size, mtime_ns));
    std::lock_guard<std::mutex> lock(mu_);
    if (etags_.size() > 100000) etags_.clear();
    etags_[cache_key] = {info.size, mtime_ns, info.etag};
    return info;
  }

  Result<std::string> ComputeEtag(const fs::path& p, std::uint64_t size, std::int64_t mtime_ns) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned md_len = 0;
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr);
    if (size > kMaxContentEtagBytes) {
      std::string id = p.string() + "|" + std::to_string(size) + "|" + std::to_string(mtime_ns);
      EVP_DigestUpdate(ctx.get(), id.data(), id.size());
      EVP_DigestFinal_ex(ctx.get(), md, &md_len);
      return "\"" + HexDigest(md, md_len) + "-1\"";
    }
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::IoError("cannot open " + p.string() + ": " + ErrnoText(errno));
    std::vector<char> buf(1 << 20);
    while (true) {
      ssize_t r = ::read(fd, buf.data(), buf.size());
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        int err = errno;
        ::close(fd);
        return Status::IoError("reading " + p.string() + " failed: " + ErrnoText(err));
      }
      if (r == 0) break;
      EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(r));
    }
    ::close(fd);
    EVP_DigestFinal_ex(ctx.get(), md, &md_len);
    return "\"" + HexDigest(md, md_len) + "\"";
  }

  struct CachedEtag {
    std::uint64_t size;
    std::int64_t mtime_ns;
    std::string etag;
  };

  fs::path root_;
  std::mutex mu_;
  std::unordered_map<std::string, CachedEtag> etags_;
  std::unordered_map<std::string, std::pair<std::int64_t, std::shared_ptr<const Entries>>> dirs_;
};

}  // namespace

std::unique_ptr<ObjectStore> MakeLocalStore(std::filesystem::path root) {
  return std::make_unique<LocalStore>(std::move(root));
}

}  // namespace sfn::s3
