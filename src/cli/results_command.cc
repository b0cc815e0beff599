#include "cli/results_command.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "json/json.h"
#include "s3/object_store.h"

namespace sfn::cli {
namespace {

// Reads a whole object: from the store for s3:// URIs, else from the local file system.
class Source {
 public:
  static Result<Source> Make(const ResultsOptions& o) {
    Source s;
    if (o.manifest.rfind("s3://", 0) == 0) {
      if (!o.s3_root.empty()) {
        s.store_ = s3::MakeLocalStore(o.s3_root);
      } else if (std::getenv("AWS_ENDPOINT_URL_S3") || std::getenv("AWS_ENDPOINT_URL")) {
        SFN_ASSIGN_OR_RETURN(s.store_, s3::MakeHttpStoreFromEnvironment());
      } else {
        s.store_ = s3::MakeLocalStore("s3");
      }
    }
    return s;
  }
  Result<std::string> ReadObject(const std::string& bucket, const std::string& key) {
    SFN_ASSIGN_OR_RETURN(auto reader, store_->Open(bucket, key));
    std::string out;
    char buf[1 << 16];
    while (true) {
      SFN_ASSIGN_OR_RETURN(std::size_t n, reader->Read(buf, sizeof buf));
      if (n == 0) break;
      out.append(buf, n);
    }
    return out;
  }
  bool remote() const { return store_ != nullptr; }

 private:
  std::unique_ptr<s3::ObjectStore> store_;
};

Result<std::string> ReadLocal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void PrintLine(const json::Value& v) {
  std::string s = json::Serialize(v);
  s.push_back('\n');
  std::fwrite(s.data(), 1, s.size(), stdout);
}

// Prints the records of one result file: a JSON array (OutputType JSON) or JSON lines (JSONL).
Status PrintRecords(const std::string& text, const std::string& where, bool output_only) {
  auto emit = [&](const json::Value& rec) {
    if (output_only && rec.is_object()) {
      if (const auto* out = rec.as_object().if_contains("Output"); out && out->is_string()) {
        auto parsed = json::Parse(std::string(out->get_string()));
        PrintLine(parsed.ok() ? *parsed : *out);
        return;
      }
    }
    PrintLine(rec);
  };
  auto whole = json::Parse(text);
  if (whole.ok() && whole->is_array()) {
    for (const auto& rec : whole->get_array()) emit(rec);
    return Status::Ok();
  }
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto rec = json::Parse(line);
    if (!rec.ok())
      return Status::Corruption(where + " line " + std::to_string(n) + ": " +
                                rec.status().message());
    emit(*rec);
  }
  return Status::Ok();
}

}  // namespace

int ResultsCommand(const ResultsOptions& o) {
  auto fail = [](const std::string& m) {
    std::fprintf(stderr, "sfn results: %s\n", m.c_str());
    return 2;
  };
  auto src = Source::Make(o);
  if (!src.ok()) return fail(src.status().message());
  std::string manifest_text, bucket;
  std::filesystem::path local_dir;
  if (src->remote()) {
    std::string rest = o.manifest.substr(5);
    auto slash = rest.find('/');
    if (slash == std::string::npos)
      return fail("expected s3://BUCKET/KEY, got '" + o.manifest + "'");
    bucket = rest.substr(0, slash);
    auto m = src->ReadObject(bucket, rest.substr(slash + 1));
    if (!m.ok()) return fail(m.status().message());
    manifest_text = std::move(m).value();
  } else {
    auto m = ReadLocal(o.manifest);
    if (!m.ok()) return fail(m.status().message());
    manifest_text = std::move(m).value();
    local_dir = std::filesystem::path(o.manifest).parent_path();
  }
  auto manifest = json::Parse(manifest_text);
  const json::Value* files = nullptr;
  if (manifest.ok() && manifest->is_object())
    files = manifest->as_object().if_contains("ResultFiles");
  if (!files || !files->is_object())
    return fail("'" + o.manifest + "' is not a ResultWriter manifest (no ResultFiles object)");
  for (const char* status : {"SUCCEEDED", "FAILED", "PENDING"}) {
    if (!o.status.empty() && o.status != status) continue;
    const json::Value* list = files->as_object().if_contains(status);
    if (!list || !list->is_array()) continue;
    for (const auto& f : list->get_array()) {
      const json::Value* key = f.is_object() ? f.as_object().if_contains("Key") : nullptr;
      if (!key || !key->is_string()) continue;
      std::string k(key->get_string());
      Result<std::string> text =
          src->remote() ? src->ReadObject(bucket, k)
                        : ReadLocal((local_dir / std::filesystem::path(k).filename()).string());
      if (!text.ok()) return fail(text.status().message());
      Status s = PrintRecords(*text, k, o.output_only);
      if (!s.ok()) return fail(s.message());
    }
  }
  return 0;
}

}  // namespace sfn::cli
