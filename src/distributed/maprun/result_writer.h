// ResultWriter export: streams child results of one Map Run into S3 objects
// <Prefix>/<mapRunId>/{SUCCEEDED,FAILED,PENDING}_<n>.json (a new file past the size limit) and
// writes manifest.json at the end. Full 1 MiB buffers are appended on a helper thread so file
// I/O overlaps dispatch. Records use the DescribeExecution-like NONE shape (or the
// child output for COMPACT/FLATTEN); memory stays bounded by the write buffers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "distributed/maprun/map_config.h"
#include "json/json.h"
#include "s3/object_store.h"

namespace sfn::distributed {

// What a result record says about one child execution.
struct ChildResult {
  std::string_view execution_arn, name, state_machine_arn, status;  // status: SUCCEEDED, ...
  std::string_view input_text, output_text, error, cause;
  SystemTime start, stop;
};

// Appends the NONE-form record of `r` (JSON object text) to `out`.
void AppendNoneRecord(const ChildResult& r, std::string& out);
// Appends `s` as a JSON string literal (quotes and escapes) to `out`.
void AppendJsonString(std::string_view s, std::string& out);

// One Map Run's result export. Loop thread only.
class ResultExporter {
 public:
  // Files over `max_file_bytes` are split (AWS: 5 GB).
  ResultExporter(s3::ObjectStore* store, WriterPlan plan, std::string map_run_arn,
                 std::uint64_t max_file_bytes = 5ULL << 30);
  ~ResultExporter();

  // A finished child. Succeeded children are written per the plan's transformation, others
  // (FAILED, TIMED_OUT, ABORTED) in NONE form to FAILED_n.json.
  Status Add(const ChildResult& r);
  // An item never started (the Map Run failed or was aborted): {"Input": ..., "Status":"PENDING"}.
  Status AddPending(const json::Value& input);
  // Finishes all files and writes manifest.json. Returns the Map result
  // {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}.
  Result<json::Value> Finish();

  const std::string& manifest_key() const { return manifest_key_; }

 private:
  struct FileSet;
  class BackgroundIo;
  Status Write(FileSet& fs, std::string_view record);
  Status Close(FileSet& fs);

  s3::ObjectStore* store_;
  WriterPlan plan_;
  std::string map_run_arn_, base_, manifest_key_;
  std::uint64_t max_file_bytes_;
  std::unique_ptr<FileSet> succeeded_, failed_, pending_;
  std::unique_ptr<BackgroundIo> io_;  // appends full buffers on a helper thread
  std::string scratch_;
};

}  // namespace sfn::distributed
