// Throughput of the CSV, JSONL and JSON item sources over ~100 MB generated files on the local
// store. Usage: item_readers_bench [megabytes] [tmp-dir] [CSV|JSONL|JSON]. Prints MB/s and
// items/s per format. With an explicit tmp-dir the files are kept and reused (for profiling).

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "distributed/readers/item_source.h"

namespace {

using sfn::distributed::InputType;
using sfn::distributed::ReaderOptions;

std::string MakeCsv(std::size_t bytes) {
  std::string s = "id,name,amount,flag,comment\n";
  s.reserve(bytes + 256);
  for (std::size_t i = 0; s.size() < bytes; ++i) {
    s += std::to_string(i);
    s += ",name";
    s += std::to_string(i % 9973);
    s += ",";
    s += std::to_string(i * 37 % 100000);
    s += ".25,";
    s += (i % 2) ? "true" : "false";
    if (i % 10 == 0) {
      s += ",\"quoted, with \"\"escapes\"\" and\nnewline\"\n";
    } else {
      s += ",plain comment text for row\n";
    }
  }
  return s;
}

std::string MakeJsonl(std::size_t bytes) {
  std::string s;
  s.reserve(bytes + 256);
  for (std::size_t i = 0; s.size() < bytes; ++i) {
    s += "{\"id\":" + std::to_string(i) + ",\"name\":\"name" + std::to_string(i % 9973) +
         "\",\"amount\":" + std::to_string(i * 37 % 100000) +
         ".25,\"flag\":" + ((i % 2) ? "true" : "false") + ",\"tags\":[\"a\",\"b\"]}\n";
  }
  return s;
}

void Run(sfn::s3::ObjectStore& store, const char* name, const std::string& key,
         const ReaderOptions& o, std::size_t bytes) {
  auto t0 = std::chrono::steady_clock::now();
  auto src = sfn::distributed::MakeObjectItemSource(store, "bench", key, o);
  if (!src.ok()) {
    std::fprintf(stderr, "%s: %s\n", name, src.status().ToString().c_str());
    std::exit(1);
  }
  sfn::json::Value v;
  std::size_t items = 0;
  while (true) {
    auto more = (*src)->Next(v);
    if (!more.ok()) {
      std::fprintf(stderr, "%s: %s\n", name, more.status().ToString().c_str());
      std::exit(1);
    }
    if (!*more) break;
    ++items;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%-6s %8.1f MB  %10zu items  %6.3f s  %8.1f MB/s  %12.0f items/s\n", name,
              bytes / 1e6, items, secs, bytes / 1e6 / secs, items / secs);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t mb = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100;
  bool keep = argc > 2;
  std::filesystem::path root = keep ? std::filesystem::path(argv[2])
                                    : std::filesystem::temp_directory_path() / "sfn-readers-bench";
  std::string only = argc > 3 ? argv[3] : "";
  std::filesystem::create_directories(root / "bench");
  auto store = sfn::s3::MakeLocalStore(root);
  std::size_t bytes = mb << 20;
  bool generated = false;
  auto ensure = [&](const char* key, auto make) -> std::size_t {
    auto info = store->Head("bench", key);
    if (keep && info.ok() && info->size >= bytes) return info->size;
    generated = true;
    std::string data = make();
    if (!store->Put("bench", key, data).ok()) {
      std::fprintf(stderr, "cannot write the benchmark files under %s\n", root.c_str());
      std::exit(1);
    }
    return data.size();
  };
  std::size_t csv = ensure("data.csv", [&] { return MakeCsv(bytes); });
  std::size_t jsonl = ensure("data.jsonl", [&] { return MakeJsonl(bytes); });
  std::size_t json = ensure("data.json", [&] {
    std::string j = "[" + MakeJsonl(bytes) + "]";
    for (char& c : j) {
      if (c == '\n') c = ',';
    }
    j[j.size() - 2] = ' ';
    return j;
  });
  ReaderOptions o;
  o.input_type = InputType::kCsv;
  if (only.empty() || only == "CSV") Run(*store, "CSV", "data.csv", o, csv);
  o.input_type = InputType::kJsonl;
  if (only.empty() || only == "JSONL") Run(*store, "JSONL", "data.jsonl", o, jsonl);
  o.input_type = InputType::kJson;
  if (only.empty() || only == "JSON") Run(*store, "JSON", "data.json", o, json);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS %.1f MB%s\n", ru.ru_maxrss / 1024.0,
              generated ? " (includes generating the files in memory)" : "");
  if (!keep) std::filesystem::remove_all(root);
  return 0;
}
