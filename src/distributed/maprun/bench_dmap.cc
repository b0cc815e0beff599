// Distributed Map throughput benchmark: a local-folder store, EXPRESS children with one Pass
// state, MaxConcurrency 10,000 and the ResultWriter on. Scenarios: CSV, JSONL, CSV with
// ItemBatcher 1,000. Prints items/s, wall time and peak RSS.
// Usage: bench_dmap [rows=1000000] [scenario=all|csv|jsonl|batch]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "asl/model/definition.h"
#include "distributed/maprun/distributed_map.h"
#include "engine/engine.h"
#include "engine/event_loop.h"
#include "s3/object_store.h"

namespace {

using namespace sfn;

double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

long PeakRssMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;
}

std::string Definition(const std::string& reader, const std::string& extra) {
  return R"({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":10000,"ItemReader":)" +
         reader + "," + extra +
         R"("ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"bench"}},
  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}})";
}

bool RunOne(const char* label, s3::ObjectStore& store, const std::string& def, long rows) {
  distributed::MapRunRegistry registry;
  auto runner = distributed::MakeDistributedMapRunner(&store, &registry);
  engine::EventLoop loop(RealClock(), engine::TimeMode::kVirtual);
  engine::EngineOptions eo;
  eo.map_runner = runner.get();
  engine::Engine eng(loop, eo);
  auto loaded = asl::LoadDefinition(def, asl::StateMachineType::kStandard);
  if (!loaded.machine) {
    std::fprintf(stderr, "definition rejected: %s\n", loaded.error_message.c_str());
    return false;
  }
  engine::StartRequest req;
  req.machine = loaded.machine;
  req.state_machine_name = "Bench";
  auto t0 = std::chrono::steady_clock::now();
  double cpu0 = CpuSeconds();
  auto ex = eng.Start(std::move(req));
  if (!ex.ok()) return false;
  auto e = ex.value();
  loop.RunUntilOrDeadline([&] { return e->done; }, RealClock().Now() + std::chrono::hours(1));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = CpuSeconds() - cpu0;
  std::printf(
      "%-14s rows=%ld status=%s wall=%.3fs cpu=%.3fs (%.2f us/item) items/s=%.0f "
      "peak_rss=%ldMB\n",
      label, rows, engine::ExecutionStatusName(e->status), secs, cpu,
      cpu * 1e6 / static_cast<double>(rows), static_cast<double>(rows) / secs, PeakRssMb());
  if (!e->error.empty()) std::printf("  error %s: %s\n", e->error.c_str(), e->cause.c_str());
  return e->status == engine::ExecutionStatus::kSucceeded;
}

}  // namespace

int main(int argc, char** argv) {
  long rows = argc > 1 ? std::atol(argv[1]) : 1000000;
  std::string which = argc > 2 ? argv[2] : "all";
  auto root = std::filesystem::temp_directory_path() / ("bench_dmap_" + std::to_string(getpid()));
  std::filesystem::create_directories(root / "in");
  std::filesystem::create_directories(root / "out");
  auto store = s3::MakeLocalStore(root);
  std::string csv = "id,name,value\n", jsonl;
  csv.reserve(static_cast<std::size_t>(rows) * 24);
  for (long i = 0; i < rows; ++i) {
    std::string n = std::to_string(i);
    csv += n + ",name" + n + "," + std::to_string(i * 3) + "\n";
    if (which == "all" || which == "jsonl")
      jsonl += R"({"id":)" + n + R"(,"name":"name)" + n + R"(","value":)" + std::to_string(i * 3) +
               "}\n";
  }
  (void)store->Put("in", "rows.csv", csv);
  (void)store->Put("in", "rows.jsonl", jsonl);
  csv.clear();
  csv.shrink_to_fit();
  jsonl.clear();
  jsonl.shrink_to_fit();
  const std::string csv_reader =
      R"({"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},"Parameters":{"Bucket":"in","Key":"rows.csv"}})";
  const std::string jsonl_reader =
      R"({"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL"},"Parameters":{"Bucket":"in","Key":"rows.jsonl"}})";
  bool ok = true;
  if (which == "all" || which == "csv")
    ok &= RunOne("csv", *store, Definition(csv_reader, ""), rows);
  if (which == "all" || which == "jsonl")
    ok &= RunOne("jsonl", *store, Definition(jsonl_reader, ""), rows);
  if (which == "all" || which == "batch")
    ok &= RunOne("csv+batch1000", *store,
                 Definition(csv_reader, R"("ItemBatcher":{"MaxItemsPerBatch":1000},)"), rows);
  std::filesystem::remove_all(root);
  return ok ? 0 : 1;
}
