// Per-attempt resolution of a Distributed Map's ItemReader, ItemBatcher and ResultWriter
// configuration (JSONPath Parameters / *Path fields, or JSONata Arguments), with AWS's failure
// causes. Templates are compiled once per Map state (CompiledMapConfig) and evaluated per attempt.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "asl/model/state_machine.h"
#include "asl/model/value_expr.h"
#include "distributed/readers/item_source.h"
#include "engine/state_run.h"

namespace sfn::distributed {

// Compiled forms of the raw ItemReader / ItemBatcher / ResultWriter JSON of one Map state.
struct CompiledMapConfig {
  // JSONPath mode.
  std::optional<asl::PayloadTemplate> reader_parameters, batch_input, writer_parameters;
  std::optional<asl::JsonPath> max_items_path, max_items_per_batch_path, max_bytes_per_batch_path;
  // JSONata mode: whole objects whose nested "{% %}" strings are expressions.
  std::unique_ptr<asl::ValueExpr> reader_arguments, reader_config, batcher, writer_arguments,
      writer_config;
};

// Compiles the state's distributed-map configuration. kInvalidArgument on malformed templates.
Result<std::unique_ptr<CompiledMapConfig>> CompileMapConfig(const asl::State& state);

// What to read, resolved for one attempt.
struct ReaderPlan {
  enum class Kind { kGetObject, kListObjects };
  Kind kind = Kind::kGetObject;
  std::string bucket, key, prefix;
  ReaderOptions options;
  bool manifest = false;          // InputType MANIFEST / ManifestType S3_INVENTORY
  bool athena = false;            // ManifestType ATHENA_DATA
  bool load_and_flatten = false;  // listObjectsV2 Transformation LOAD_AND_FLATTEN
  long long max_items = 0;        // 0 = no limit
  // A failure to report inside the Map Run (after MapRunStarted) as States.ItemReaderFailed.
  std::optional<std::string> deferred_error;
  std::string source;  // $$.Map.Item.Source
};

// Evaluates ItemReader for this attempt. Failures here are reported before MapRunStarted.
asl::Outcome<ReaderPlan> ResolveReader(engine::StateRun& run, const CompiledMapConfig& cfg,
                                       const json::Value& effective);
// Opens the item stream described by `plan` (errors carry the reader's cause).
Result<std::unique_ptr<ItemSource>> OpenReader(s3::ObjectStore& store, const ReaderPlan& plan);

struct BatchPlan {
  bool enabled = false;
  long long max_items = 0;  // 0 = unlimited
  long long max_bytes = 0;  // 0 = unlimited (256 KiB is applied when batching without a limit)
  std::optional<json::Value> batch_input;
};
asl::Outcome<BatchPlan> ResolveBatcher(engine::StateRun& run, const CompiledMapConfig& cfg,
                                       const json::Value& effective);

enum class WriterTransformation { kNone, kCompact, kFlatten };
struct WriterPlan {
  bool export_to_s3 = false;
  std::string bucket, prefix;
  bool jsonl = false;
  WriterTransformation transformation = WriterTransformation::kCompact;
};
asl::Outcome<WriterPlan> ResolveWriter(engine::StateRun& run, const CompiledMapConfig& cfg,
                                       const json::Value& effective);

// Integer value of a *Path field: numbers and numeric strings; else AWS's States.Runtime
// "The <field> field refers to value "<v>" which is not a valid integer: <path>".
asl::Outcome<long long> IntegerFromPath(engine::StateRun& run, const asl::JsonPath& path,
                                        const json::Value& effective, const char* field);

}  // namespace sfn::distributed
