#include "distributed/maprun/map_config.h"

#include <cmath>
#include <cstdlib>

#include "asl/model/jsonata_bridge.h"
#ifdef SFN_MAPRUN_PARQUET
#include "distributed/readers/parquet_source.h"
#endif

namespace sfn::distributed {
namespace {

using asl::Failure;
using asl::Outcome;

const json::Value* Get(const json::Value& v, std::string_view k) {
  return v.is_object() ? v.as_object().if_contains(k) : nullptr;
}

std::string Str(const json::Value* v) {
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string Shown(const json::Value& v) {
  return v.is_string() ? std::string(v.get_string()) : json::Serialize(v);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Integer from a number or numeric string; nullopt when it is neither.
std::optional<long long> AsInteger(const json::Value& v) {
  if (json::IsNumber(v)) {
    if (!json::IsIntegral(v)) return std::nullopt;
    return static_cast<long long>(json::AsDouble(v));
  }
  if (v.is_string()) {
    std::string s(v.get_string());
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (s.empty() || !end || *end != '\0' || std::floor(d) != d) return std::nullopt;
    return static_cast<long long>(d);
  }
  return std::nullopt;
}

Result<std::unique_ptr<asl::ValueExpr>> CompileJsonata(const json::Value* v, const char* field) {
  if (!v) return std::unique_ptr<asl::ValueExpr>();
  return asl::CompileJsonataValue(*v, field);
}

Result<std::optional<asl::PayloadTemplate>> CompileTemplate(const json::Value* v,
                                                            std::string_view field) {
  if (!v) return std::optional<asl::PayloadTemplate>();
  auto t = asl::PayloadTemplate::Compile(*v, field);
  if (!t.ok()) return t.status();
  return std::optional<asl::PayloadTemplate>(std::move(t).value());
}

Result<std::optional<asl::JsonPath>> CompilePath(const json::Value* v) {
  if (!v || !v->is_string()) return std::optional<asl::JsonPath>();
  auto p = asl::JsonPath::Compile(v->get_string());
  if (!p.ok()) return p.status();
  return std::optional<asl::JsonPath>(std::move(p).value());
}

// Evaluates a JSONata-mode object (or returns the JSONPath-mode literal).
Outcome<json::Value> EvalObject(engine::StateRun& run, const asl::ValueExpr* expr,
                                const json::Value* literal, const json::Value& effective) {
  if (expr) {
    auto v = expr->Evaluate(run.Env(&effective));
    if (!v.ok()) return run.Prefixed(std::move(v).failure());
    return std::move(v).value();
  }
  return literal ? *literal : json::Value();
}

// Evaluates a JSONPath payload template against the effective input.
Outcome<json::Value> EvalTemplate(engine::StateRun& run,
                                  const std::optional<asl::PayloadTemplate>& t,
                                  const json::Value& effective) {
  if (!t) return json::Value(json::Object());
  auto r = t->Evaluate(run.Scope(&effective));
  if (!r.ok()) return run.Prefixed(std::move(r).failure());
  return std::move(r).value();
}

}  // namespace

Result<std::unique_ptr<CompiledMapConfig>> CompileMapConfig(const asl::State& state) {
  const asl::MapSpec& m = *state.map;
  auto cfg = std::make_unique<CompiledMapConfig>();
  const bool jsonata = state.query_language == asl::QueryLanguage::kJsonata;
  if (m.has_item_reader) {
    const json::Value& r = m.item_reader;
    if (jsonata) {
      SFN_ASSIGN_OR_RETURN(cfg->reader_arguments, CompileJsonata(Get(r, "Arguments"), "Arguments"));
      SFN_ASSIGN_OR_RETURN(cfg->reader_config,
                           CompileJsonata(Get(r, "ReaderConfig"), "ReaderConfig"));
    } else {
      SFN_ASSIGN_OR_RETURN(cfg->reader_parameters,
                           CompileTemplate(Get(r, "Parameters"), "Parameters"));
      if (const auto* rc = Get(r, "ReaderConfig")) {
        SFN_ASSIGN_OR_RETURN(cfg->max_items_path, CompilePath(Get(*rc, "MaxItemsPath")));
      }
    }
  }
  if (m.has_item_batcher) {
    const json::Value& b = m.item_batcher;
    if (jsonata) {
      SFN_ASSIGN_OR_RETURN(cfg->batcher, CompileJsonata(&b, "ItemBatcher"));
    } else {
      SFN_ASSIGN_OR_RETURN(cfg->batch_input, CompileTemplate(Get(b, "BatchInput"), "BatchInput"));
      SFN_ASSIGN_OR_RETURN(cfg->max_items_per_batch_path,
                           CompilePath(Get(b, "MaxItemsPerBatchPath")));
      SFN_ASSIGN_OR_RETURN(cfg->max_bytes_per_batch_path,
                           CompilePath(Get(b, "MaxInputBytesPerBatchPath")));
    }
  }
  if (m.has_result_writer) {
    const json::Value& w = m.result_writer;
    if (jsonata) {
      SFN_ASSIGN_OR_RETURN(cfg->writer_arguments, CompileJsonata(Get(w, "Arguments"), "Arguments"));
      SFN_ASSIGN_OR_RETURN(cfg->writer_config,
                           CompileJsonata(Get(w, "WriterConfig"), "WriterConfig"));
    } else {
      SFN_ASSIGN_OR_RETURN(cfg->writer_parameters,
                           CompileTemplate(Get(w, "Parameters"), "Parameters"));
    }
  }
  return cfg;
}

Outcome<long long> IntegerFromPath(engine::StateRun& run, const asl::JsonPath& path,
                                   const json::Value& effective, const char* field) {
  auto v = path.Evaluate(run.Scope(&effective));
  auto bad = [&](const std::string& shown) {
    return run.Runtime(std::string("The ") + field + " field refers to value \"" + shown +
                       "\" which is not a valid integer: " + path.text());
  };
  if (!v) return bad("null");
  auto n = AsInteger(*v);
  if (!n) return bad(Shown(*v));
  return *n;
}

Outcome<ReaderPlan> ResolveReader(engine::StateRun& run, const CompiledMapConfig& cfg,
                                  const json::Value& effective) {
  const asl::MapSpec& m = *run.state().map;
  const json::Value& raw = m.item_reader;
  ReaderPlan plan;
  std::string resource = Str(Get(raw, "Resource"));
  if (EndsWith(resource, ":s3:listObjectsV2")) {
    plan.kind = ReaderPlan::Kind::kListObjects;
  } else if (!EndsWith(resource, ":s3:getObject")) {
    return run.Runtime("Unsupported ItemReader resource: " + resource);
  }
  // Parameters / Arguments.
  json::Value params;
  if (cfg.reader_arguments) {
    auto v = EvalObject(run, cfg.reader_arguments.get(), nullptr, effective);
    if (!v.ok()) return std::move(v).failure();
    params = std::move(v).value();
  } else {
    auto v = EvalTemplate(run, cfg.reader_parameters, effective);
    if (!v.ok()) return std::move(v).failure();
    params = std::move(v).value();
  }
  plan.bucket = Str(Get(params, "Bucket"));
  plan.key = Str(Get(params, "Key"));
  plan.prefix = Str(Get(params, "Prefix"));
  if (const auto* vid = Get(params, "VersionId"); vid && vid->is_string())
    plan.options.version_id = std::string(vid->get_string());
  // ReaderConfig.
  json::Value rc;
  {
    auto v = EvalObject(run, cfg.reader_config.get(), Get(raw, "ReaderConfig"), effective);
    if (!v.ok()) return std::move(v).failure();
    rc = std::move(v).value();
  }
  std::string input_type = Str(Get(rc, "InputType"));
  std::string manifest_type = Str(Get(rc, "ManifestType"));
  std::string transformation = Str(Get(rc, "Transformation"));
  if (plan.kind == ReaderPlan::Kind::kListObjects) {
    plan.load_and_flatten = transformation == "LOAD_AND_FLATTEN";
  }
  if (input_type == "MANIFEST" || manifest_type == "S3_INVENTORY") {
    plan.manifest = manifest_type != "ATHENA_DATA";
  }
  plan.athena = manifest_type == "ATHENA_DATA";
  if (!input_type.empty() && input_type != "MANIFEST") {
    auto t = ParseInputType(input_type);
    if (!t.ok()) return run.Runtime(t.status().message());
    plan.options.input_type = t.value();
  } else if (plan.manifest) {
    plan.options.input_type = InputType::kCsv;
  }
  if (const auto* loc = Get(rc, "CSVHeaderLocation"); loc && loc->is_string()) {
    auto l = ParseCsvHeaderLocation(loc->get_string());
    if (!l.ok()) return run.Runtime(l.status().message());
    plan.options.csv_header_location = l.value();
  }
  if (const auto* hs = Get(rc, "CSVHeaders"); hs && hs->is_array()) {
    for (const auto& h : hs->get_array()) plan.options.csv_headers.push_back(Shown(h));
  }
  if (const auto* d = Get(rc, "CSVDelimiter"); d && d->is_string()) {
    auto c = ParseCsvDelimiter(d->get_string());
    if (!c.ok()) return run.Runtime(c.status().message());
    plan.options.csv_delimiter = c.value();
  }
  if (const auto* p = Get(rc, "ItemsPointer"); p && p->is_string())
    plan.options.items_pointer = std::string(p->get_string());
  // MaxItems / MaxItemsPath: a non-integer fails now (States.Runtime); a negative value fails
  // inside the Map Run (States.ItemReaderFailed).
  std::optional<long long> max_items;
  if (cfg.max_items_path) {
    auto n = IntegerFromPath(run, *cfg.max_items_path, effective, "MaxItemsPath");
    if (!n.ok()) return std::move(n).failure();
    max_items = n.value();
  } else if (const auto* mi = Get(rc, "MaxItems")) {
    auto n = AsInteger(*mi);
    if (!n) {
      return run.Runtime("The MaxItems field refers to value \"" + Shown(*mi) +
                         "\" which is not a valid integer");
    }
    max_items = *n;
  }
  if (max_items) {
    if (*max_items < 0)
      plan.deferred_error = "field MaxItems must be positive";
    else
      plan.max_items = *max_items;
  }
  // $$.Map.Item.Source.
  if (plan.kind == ReaderPlan::Kind::kListObjects && !plan.load_and_flatten)
    plan.source = "S3://" + plan.bucket;
  else
    plan.source = "S3://" + plan.bucket + "/" + plan.key;
  return plan;
}

Result<std::unique_ptr<ItemSource>> OpenReader(s3::ObjectStore& store, const ReaderPlan& plan_in) {
  const ReaderPlan* p = &plan_in;
#ifdef SFN_MAPRUN_PARQUET
  ReaderPlan with_parquet;
  if (plan_in.options.input_type == InputType::kParquet && !plan_in.options.parquet) {
    with_parquet = plan_in;
    with_parquet.options.parquet = ParquetItemSourceFactory();
    p = &with_parquet;
  }
#endif
  const ReaderPlan& plan = *p;
  if (plan.kind == ReaderPlan::Kind::kListObjects) {
    if (plan.load_and_flatten)
      return MakeLoadAndFlattenItemSource(store, plan.bucket, plan.prefix, plan.options);
    return MakeListObjectsItemSource(store, plan.bucket, plan.prefix);
  }
  if (plan.athena) return MakeAthenaItemSource(store, plan.bucket, plan.key, plan.options);
  if (plan.manifest) return MakeS3InventoryItemSource(store, plan.bucket, plan.key, plan.options);
  return MakeObjectItemSource(store, plan.bucket, plan.key, plan.options);
}

Outcome<BatchPlan> ResolveBatcher(engine::StateRun& run, const CompiledMapConfig& cfg,
                                  const json::Value& effective) {
  const asl::MapSpec& m = *run.state().map;
  BatchPlan plan;
  if (!m.has_item_batcher) return plan;
  plan.enabled = true;
  json::Value b;
  {
    auto v = EvalObject(run, cfg.batcher.get(), &m.item_batcher, effective);
    if (!v.ok()) return std::move(v).failure();
    b = std::move(v).value();
  }
  auto field = [&](const char* name, const std::optional<asl::JsonPath>& path,
                   const char* path_name) -> Outcome<long long> {
    if (path) return IntegerFromPath(run, *path, effective, path_name);
    const json::Value* v = Get(b, name);
    if (!v) return 0LL;
    auto n = AsInteger(*v);
    if (!n) {
      return run.Runtime(std::string("The ") + name + " field refers to value \"" + Shown(*v) +
                         "\" which is not a valid integer");
    }
    return *n;
  };
  auto items = field("MaxItemsPerBatch", cfg.max_items_per_batch_path, "MaxItemsPerBatchPath");
  if (!items.ok()) return std::move(items).failure();
  auto bytes =
      field("MaxInputBytesPerBatch", cfg.max_bytes_per_batch_path, "MaxInputBytesPerBatchPath");
  if (!bytes.ok()) return std::move(bytes).failure();
  plan.max_items = std::max(0LL, items.value());
  plan.max_bytes = std::max(0LL, bytes.value());
  if (cfg.batch_input) {
    auto v = EvalTemplate(run, cfg.batch_input, effective);
    if (!v.ok()) return std::move(v).failure();
    plan.batch_input = std::move(v).value();
  } else if (cfg.batcher) {
    if (const auto* bi = Get(b, "BatchInput")) plan.batch_input = *bi;
  } else if (const auto* bi = Get(b, "BatchInput")) {
    plan.batch_input = *bi;
  }
  return plan;
}

Outcome<WriterPlan> ResolveWriter(engine::StateRun& run, const CompiledMapConfig& cfg,
                                  const json::Value& effective) {
  const asl::MapSpec& m = *run.state().map;
  WriterPlan plan;
  if (!m.has_result_writer) return plan;
  const json::Value& raw = m.result_writer;
  json::Value params;
  bool has_params = Get(raw, "Parameters") || Get(raw, "Arguments");
  if (cfg.writer_arguments) {
    auto v = EvalObject(run, cfg.writer_arguments.get(), nullptr, effective);
    if (!v.ok()) return std::move(v).failure();
    params = std::move(v).value();
  } else if (cfg.writer_parameters) {
    auto v = EvalTemplate(run, cfg.writer_parameters, effective);
    if (!v.ok()) return std::move(v).failure();
    params = std::move(v).value();
  }
  json::Value wc;
  {
    auto v = EvalObject(run, cfg.writer_config.get(), Get(raw, "WriterConfig"), effective);
    if (!v.ok()) return std::move(v).failure();
    wc = std::move(v).value();
  }
  plan.export_to_s3 = has_params && Get(raw, "Resource");
  plan.bucket = Str(Get(params, "Bucket"));
  plan.prefix = Str(Get(params, "Prefix"));
  plan.jsonl = Str(Get(wc, "OutputType")) == "JSONL";
  std::string t = Str(Get(wc, "Transformation"));
  if (t == "NONE" || (t.empty() && plan.export_to_s3))
    plan.transformation = WriterTransformation::kNone;
  else if (t == "FLATTEN")
    plan.transformation = WriterTransformation::kFlatten;
  else
    plan.transformation = WriterTransformation::kCompact;
  return plan;
}

}  // namespace sfn::distributed
