// The MapRunner implementation: per-attempt validation and events around a MapRun.
#include "distributed/maprun/distributed_map.h"

#include <mutex>
#include <unordered_map>

#include "distributed/maprun/map_run.h"
#include "engine/map_common.h"

namespace sfn::distributed {
namespace {

using asl::Failure;
using engine::StateOutcome;
using engine::StateRun;
using engine::Task;

// The state input's items (array elements, or {"Key","Value"} pairs of an object).
class StateItemSource final : public ItemSource {
 public:
  explicit StateItemSource(engine::MapItems items) : items_(std::move(items)) {}
  Result<bool> Next(json::Value& out) override {
    if (next_ >= items_.values.size()) return false;
    std::size_t i = next_++;
    if (items_.from_object) {
      json::Object kv;
      kv["Key"] = items_.keys[i];
      kv["Value"] = std::move(items_.values[i]);
      out = std::move(kv);
    } else {
      out = std::move(items_.values[i]);
    }
    return true;
  }
  std::optional<std::string_view> ItemKey() const override {
    if (!items_.from_object || next_ == 0) return std::nullopt;
    return items_.keys[next_ - 1];
  }

 private:
  engine::MapItems items_;
  std::size_t next_ = 0;
};

class DistributedMapRunner final : public engine::MapRunner {
 public:
  DistributedMapRunner(s3::ObjectStore* store, MapRunRegistry* registry,
                       DistributedMapOptions options)
      : store_(store), registry_(registry), options_(options) {}

  Task<StateOutcome> Run(StateRun& run, const json::Value& effective) override;

 private:
  Result<const CompiledMapConfig*> Config(const asl::State& state) {
    std::lock_guard lock(mu_);
    auto it = configs_.find(&state);
    if (it != configs_.end()) return it->second.get();
    auto c = CompileMapConfig(state);
    if (!c.ok()) return c.status();
    const CompiledMapConfig* p = c.value().get();
    configs_.emplace(&state, std::move(c).value());
    return p;
  }

  s3::ObjectStore* store_;
  MapRunRegistry* registry_;
  MapRunRegistry own_registry_;
  DistributedMapOptions options_;
  std::mutex mu_;
  std::unordered_map<const asl::State*, std::unique_ptr<CompiledMapConfig>> configs_;
};

Task<StateOutcome> DistributedMapRunner::Run(StateRun& run, const json::Value& effective) {
  const asl::State& state = run.state();
  const asl::MapSpec& m = *state.map;
  engine::Engine& eng = *run.ex().engine;
  auto cfg_r = Config(state);
  if (!cfg_r.ok()) co_return StateOutcome::Fail(run.Runtime(cfg_r.status().message()));
  const CompiledMapConfig& cfg = *cfg_r.value();

  // Items from the state input are resolved before MapStateStarted (its length).
  std::optional<engine::MapItems> state_items;
  if (!m.has_item_reader) {
    auto items = engine::ResolveMapItems(run, effective);
    if (!items.ok()) co_return StateOutcome::Fail(std::move(items).failure());
    state_items = std::move(items).value();
  }
  json::Object started;
  started["length"] =
      static_cast<std::int64_t>(state_items ? state_items->values.size() : std::size_t{0});
  run.Emit("MapStateStarted", "mapStateStartedEventDetails", std::move(started));

  // Validation failures after MapStateStarted, before the Map Run exists.
  MapRunParams p;
  auto conc = engine::MapMaxConcurrency(run, effective);
  if (!conc.ok()) co_return StateOutcome::Fail(std::move(conc).failure());
  auto pct = engine::MapToleratedPercentage(run, effective);
  if (!pct.ok()) co_return StateOutcome::Fail(std::move(pct).failure());
  auto count = engine::MapToleratedCount(run, effective);
  if (!count.ok()) co_return StateOutcome::Fail(std::move(count).failure());
  p.max_concurrency = conc.value();
  p.tolerated_percentage = pct.value();
  p.tolerated_count = count.value();
  p.percentage_set = m.tolerated_failure_percentage.present();
  p.count_set = m.tolerated_failure_count.present();
  std::optional<ReaderPlan> reader;
  if (m.has_item_reader) {
    auto r = ResolveReader(run, cfg, effective);
    if (!r.ok()) co_return StateOutcome::Fail(std::move(r).failure());
    reader = std::move(r).value();
  }
  auto batch = ResolveBatcher(run, cfg, effective);
  if (!batch.ok()) co_return StateOutcome::Fail(std::move(batch).failure());
  auto writer = ResolveWriter(run, cfg, effective);
  if (!writer.ok()) co_return StateOutcome::Fail(std::move(writer).failure());
  p.batch = std::move(batch).value();
  p.writer = std::move(writer).value();

  // The Map Run.
  const auto& opt = eng.options();
  p.label = m.label ? *m.label : eng.NewUuid();
  p.child_sm_name = run.ex().state_machine_name + "/" + p.label;
  p.child_sm_arn = eng.StateMachineArn(p.child_sm_name);
  p.map_run_arn = "arn:" + opt.partition + ":states:" + opt.region + ":" + opt.account +
                  ":mapRun:" + p.child_sm_name + ":" + eng.NewUuid();
  p.child_machine =
      std::shared_ptr<const asl::StateMachine>(run.ex().machine, m.child_machine.get());
  p.type = m.execution_type == "EXPRESS" ? engine::ExecutionType::kExpress
                                         : engine::ExecutionType::kStandard;
  p.yield_every = options_.yield_every;
  MapRunRegistry* registry = registry_ ? registry_ : &own_registry_;
  auto record = registry->Add(
      std::make_shared<MapRunRecord>(p.map_run_arn, run.ex().arn, p.child_sm_arn, eng.loop().Now(),
                                     p.max_concurrency, p.tolerated_percentage, p.tolerated_count));
  json::Object run_started;
  run_started["mapRunArn"] = p.map_run_arn;
  run.Emit("MapRunStarted", "mapRunStartedEventDetails", std::move(run_started));

  auto fail_run = [&](Failure f) {
    json::Object d;
    d["cause"] = f.cause;
    d["error"] = f.error;
    run.Emit("MapRunFailed", "mapRunFailedEventDetails", std::move(d));
    record->Finish(MapRunStatus::kFailed, eng.loop().Now());
    return StateOutcome::Fail(std::move(f));
  };

  std::unique_ptr<ItemSource> source;
  if (reader) {
    if (reader->deferred_error)
      co_return fail_run(Failure{asl::errors::kItemReaderFailed, *reader->deferred_error});
    auto s = OpenReader(*store_, *reader);
    if (!s.ok()) co_return fail_run(Failure{asl::errors::kItemReaderFailed, s.status().message()});
    source = std::move(s).value();
    p.source = reader->source;
    p.max_items = reader->max_items;
    s3::ObjectStore* store = store_;
    ReaderPlan plan = *reader;
    p.count_items = [store, plan]() -> std::uint64_t {
      auto src = OpenReader(*store, plan);
      if (!src.ok()) return 0;
      std::uint64_t n = 0;
      json::Value v;
      while (plan.max_items == 0 || n < static_cast<std::uint64_t>(plan.max_items)) {
        auto r = src.value()->Next(v);
        if (!r.ok() || !r.value()) break;
        ++n;
      }
      return n;
    };
  } else {
    p.total_items = state_items->values.size();
    p.source = "STATE_DATA";
    source = std::make_unique<StateItemSource>(std::move(*state_items));
  }
  std::unique_ptr<ResultExporter> exporter;
  if (p.writer.export_to_s3) {
    auto probe = store_->List(p.writer.bucket, "", std::nullopt, 1);
    if (!probe.ok())
      co_return fail_run(Failure{asl::errors::kResultWriterFailed, probe.status().message()});
    exporter = std::make_unique<ResultExporter>(store_, p.writer, p.map_run_arn,
                                                options_.max_result_file_bytes);
  }

  MapRun map_run(run, effective, std::move(p), std::move(source), record, std::move(exporter));
  MapRunEnd end = co_await map_run.Execute();
  switch (end.kind) {
    case MapRunEnd::Kind::kAborted:
      run.Emit("MapRunAborted", "", {});
      record->Finish(MapRunStatus::kAborted, eng.loop().Now());
      co_return StateOutcome::Cancelled();
    case MapRunEnd::Kind::kFailed:
      co_return fail_run(std::move(end.failure));
    case MapRunEnd::Kind::kSucceeded:
      break;
  }
  run.Emit("MapRunSucceeded", "", {});
  record->Finish(MapRunStatus::kSucceeded, eng.loop().Now());
  StateOutcome o;
  o.kind = StateOutcome::Kind::kEnd;
  o.output = std::move(end.result);
  co_return o;
}

}  // namespace

std::unique_ptr<engine::MapRunner> MakeDistributedMapRunner(s3::ObjectStore* store,
                                                            MapRunRegistry* registry,
                                                            DistributedMapOptions options) {
  return std::make_unique<DistributedMapRunner>(store, registry, options);
}

}  // namespace sfn::distributed
