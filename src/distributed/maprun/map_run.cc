#include "distributed/maprun/map_run.h"

#include <algorithm>

namespace sfn::distributed {

using asl::Failure;
using asl::Outcome;
using engine::Execution;
using engine::ExecutionStatus;

namespace {
constexpr long long kDefaultConcurrency = 10000;
constexpr std::size_t kDefaultBatchBytes = 256 * 1024;

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A version-4 UUID string from two random words, formatted without printf.
std::string UuidText(std::uint64_t a, std::uint64_t b) {
  static const char kHex[] = "0123456789abcdef";
  a = (a & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  b = (b & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  std::string out(36, '-');
  int pos = 0;
  auto put = [&](std::uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[static_cast<std::size_t>(pos++)] = kHex[(v >> (i * 4)) & 15];
    }
  };
  put(a, 16);
  put(b, 16);
  return out;
}

}  // namespace

struct MapRun::WakeAwaiter {
  MapRun* m;
  bool await_ready() {
    if (!m->wake_.pending) return false;
    m->wake_.pending = false;
    return true;
  }
  void await_suspend(std::coroutine_handle<> h) { m->wake_.waiter = h; }
  void await_resume() { m->wake_.pending = false; }
};

struct MapRun::YieldAwaiter {
  engine::EventLoop& loop;
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> h) {
    loop.Post([h] { h.resume(); });
  }
  void await_resume() {}
};

MapRun::MapRun(engine::StateRun& run, const json::Value& effective, MapRunParams params,
               std::unique_ptr<ItemSource> source, std::shared_ptr<MapRunRecord> record,
               std::unique_ptr<ResultExporter> exporter)
    : run_(run),
      effective_(effective),
      engine_(*run.ex().engine),
      p_(std::move(params)),
      source_(std::move(source)),
      record_(std::move(record)),
      exporter_(std::move(exporter)),
      alive_(std::make_shared<bool>(true)) {
  const asl::MapSpec& m = *run_.state().map;
  if (m.item_selector || m.item_selector_expr) {
    context_ = *run_.Context();
    context_.as_object()["Map"] = json::Object{{"Item", json::Object()}};
  }
  name_seed_ = std::hash<std::string>()(engine_.NewUuid());
  total_items_ = p_.total_items;
  if (total_items_) record_->SetItemTotal(*total_items_);
  std::weak_ptr<bool> weak = alive_;
  engine::EventLoop* loop = &engine_.loop();
  record_->SetUpdateHook([weak, loop, this] {
    loop->Post([weak, this] {
      if (!weak.lock()) return;
      update_pending_ = true;
      Notify();
    });
  });
}

MapRun::~MapRun() { record_->SetUpdateHook(nullptr); }

long long MapRun::Limit() const {
  return p_.max_concurrency > 0 ? p_.max_concurrency : kDefaultConcurrency;
}

void MapRun::Notify() {
  if (wake_.waiter) {
    auto w = std::exchange(wake_.waiter, {});
    engine_.loop().Post([w] { w.resume(); });
  } else {
    wake_.pending = true;
  }
}

void MapRun::Fail(Failure f) {
  if (!failure_) failure_ = std::move(f);
  stop_ = true;
  Notify();
}

void MapRun::ApplyUpdates() {
  update_pending_ = false;
  MapRunUpdate s = record_->Settings();
  if (s.max_concurrency) p_.max_concurrency = *s.max_concurrency;
  if (s.tolerated_failure_percentage &&
      *s.tolerated_failure_percentage != p_.tolerated_percentage) {
    p_.tolerated_percentage = *s.tolerated_failure_percentage;
    p_.percentage_set = true;
  }
  if (s.tolerated_failure_count && *s.tolerated_failure_count != p_.tolerated_count) {
    p_.tolerated_count = *s.tolerated_failure_count;
    p_.count_set = true;
  }
  if (!stop_ && failed_items_ > 0 && ThresholdExceeded()) {
    Fail(Failure{asl::errors::kExceedToleratedFailureThreshold,
                 "The specified tolerated failure threshold was exceeded"});
  }
}

std::uint64_t MapRun::TotalItems() {
  if (!total_items_) {
    total_items_ = p_.count_items ? p_.count_items() : items_read_;
    record_->SetItemTotal(*total_items_);
  }
  return *total_items_;
}

bool MapRun::ThresholdExceeded() {
  if (!p_.count_set && !p_.percentage_set) return failed_items_ > 0;
  if (p_.count_set && failed_items_ > static_cast<std::uint64_t>(p_.tolerated_count)) return true;
  if (p_.percentage_set && p_.tolerated_percentage < 100) {
    std::uint64_t total = std::max<std::uint64_t>(TotalItems(), 1);
    return static_cast<double>(failed_items_) * 100.0 / static_cast<double>(total) >
           p_.tolerated_percentage;
  }
  return false;
}

Outcome<json::Value> MapRun::Select(json::Value item, std::optional<std::string_view> key) {
  const asl::MapSpec& m = *run_.state().map;
  std::uint64_t index = items_read_ - 1;
  if (!m.item_selector && !m.item_selector_expr) return item;
  json::Object& it = context_.as_object()["Map"].as_object()["Item"].as_object();
  it.clear();
  if (key) it["Key"] = json::String(key->data(), key->size());
  it["Index"] = static_cast<std::int64_t>(index);
  if (!p_.source.empty()) it["Source"] = p_.source;
  if (key && item.is_object()) {
    if (auto* v = item.as_object().if_contains("Value")) it["Value"] = std::move(*v);
  } else {
    it["Value"] = std::move(item);
  }
  asl::PathScope scope;
  scope.input = &effective_;
  scope.context = &context_;
  scope.variables = run_.frame().vars;
  if (m.item_selector) {
    auto r = m.item_selector->Evaluate(scope);
    if (!r.ok()) return run_.Prefixed(std::move(r).failure());
    return std::move(r).value();
  }
  asl::EvalEnv env;
  env.scope = scope;
  auto r = m.item_selector_expr->Evaluate(env);
  if (!r.ok()) return run_.Prefixed(std::move(r).failure());
  return std::move(r).value();
}

Outcome<bool> MapRun::PullSelected(json::Value& out) {
  if (p_.max_items > 0 && items_read_ >= static_cast<std::uint64_t>(p_.max_items)) return false;
  json::Value item;
  auto r = source_->Next(item);
  if (!r.ok()) return Failure{asl::errors::kItemReaderFailed, r.status().message()};
  if (!r.value()) return false;
  ++items_read_;
  auto sel = Select(std::move(item), source_->ItemKey());
  if (!sel.ok()) return std::move(sel).failure();
  out = std::move(sel).value();
  return true;
}

Outcome<bool> MapRun::NextChildInput(json::Value& input, std::uint32_t& items) {
  if (!p_.batch.enabled) {
    items = 1;
    return PullSelected(input);
  }
  const std::size_t max_bytes =
      p_.batch.max_bytes > 0 ? static_cast<std::size_t>(p_.batch.max_bytes) : kDefaultBatchBytes;
  const std::size_t max_items = static_cast<std::size_t>(p_.batch.max_items);
  json::Array batch;
  std::size_t bytes = 12;  // {"Items":[]}
  while (max_items == 0 || batch.size() < max_items) {
    json::Value item;
    std::size_t size = 0;
    if (carry_) {
      item = std::move(*carry_);
      carry_.reset();
      size = carry_bytes_;
    } else {
      auto r = PullSelected(item);
      if (!r.ok()) return std::move(r).failure();
      if (!r.value()) break;
      scratch_.clear();
      json::SerializeTo(item, scratch_);
      size = scratch_.size();
    }
    if (!batch.empty() && bytes + size + 1 > max_bytes) {
      carry_ = std::move(item);
      carry_bytes_ = size;
      break;
    }
    batch.push_back(std::move(item));
    bytes += size + 1;
  }
  if (batch.empty()) return false;
  items = static_cast<std::uint32_t>(batch.size());
  json::Object o;
  if (p_.batch.batch_input) o["BatchInput"] = *p_.batch.batch_input;
  o["Items"] = std::move(batch);
  input = std::move(o);
  return true;
}

Outcome<bool> MapRun::StartChild(json::Value input, std::uint32_t items) {
  std::uint32_t s;
  if (free_slots_.empty()) {
    s = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    s = free_slots_.back();
    free_slots_.pop_back();
  }
  const std::uint64_t index = child_count_++;
  slots_[s].active = true;
  slots_[s].items = items;
  slots_[s].child_index = index;
  if (!exporter_) results_.emplace_back();
  record_->OnStarted(items, /*discovered=*/true);
  ++running_;
  engine::StartRequest req;
  req.machine = p_.child_machine;
  req.name = UuidText(SplitMix64(name_seed_ + 2 * index), SplitMix64(name_seed_ + 2 * index + 1));
  req.state_machine_name = p_.child_sm_name;
  req.state_machine_arn = p_.child_sm_arn;
  req.input = std::move(input);
  req.type = p_.type;
  req.map_run_arn = p_.map_run_arn;
  req.label = p_.label;
  req.on_done = [this, s](Execution& ex) { OnChildDone(s, ex); };
  auto r = engine_.Start(std::move(req));
  if (!r.ok()) {
    --running_;
    slots_[s].active = false;
    free_slots_.push_back(s);
    record_->OnFinished(items, "FAILED");
    return run_.Runtime(r.status().message());
  }
  if (slots_[s].active && slots_[s].child_index == index) slots_[s].ex = std::move(r).value();
  return true;
}

void MapRun::OnChildDone(std::uint32_t s, Execution& ex) {
  Slot& slot = slots_[s];
  const std::uint32_t items = slot.items;
  const std::uint64_t index = slot.child_index;
  slot.active = false;
  slot.ex.reset();
  free_slots_.push_back(s);
  --running_;
  const char* status = engine::ExecutionStatusName(ex.status);
  const bool ok = ex.status == ExecutionStatus::kSucceeded;
  const bool aborted = ex.status == ExecutionStatus::kAborted;
  if (!ok && !aborted) failed_items_ += items;
  const bool need_record =
      exporter_ || !ok || p_.writer.transformation == WriterTransformation::kNone;
  std::string input_text = need_record ? ex.InputText() : std::string();
  ChildResult cr{ex.arn,   ex.name,  ex.state_machine_arn, status,      input_text, ex.output_text,
                 ex.error, ex.cause, ex.start_time,        ex.stop_time};
  if (exporter_) {
    Status w = exporter_->Add(cr);
    if (!w.ok()) Fail(Failure{asl::errors::kResultWriterFailed, w.message()});
  } else if (ok && p_.writer.transformation != WriterTransformation::kNone) {
    auto v = json::Parse(ex.output_text);
    if (v.ok()) results_[index] = std::move(v).value();
  } else {
    scratch_.clear();
    AppendNoneRecord(cr, scratch_);
    auto v = json::Parse(scratch_);
    if (v.ok()) results_[index] = std::move(v).value();
  }
  record_->OnFinished(items, status, /*result_written=*/true);
  if (!ok && !aborted && !stop_ && ThresholdExceeded()) {
    Fail(Failure{asl::errors::kExceedToleratedFailureThreshold,
                 "The specified tolerated failure threshold was exceeded"});
  }
  Notify();
}

void MapRun::AbortRunning() {
  std::vector<std::shared_ptr<Execution>> running;
  for (const Slot& s : slots_)
    if (s.active && s.ex) running.push_back(s.ex);
  for (auto& ex : running) engine_.Stop(*ex, "", "");
}

void MapRun::WritePending() {
  if (!exporter_) return;
  auto add = [&](const json::Value& v) {
    record_->AddDiscovered(1);
    if (!exporter_->AddPending(v).ok()) return false;
    return true;
  };
  if (carry_) {
    if (!add(*carry_)) return;
    carry_.reset();
  }
  while (true) {
    json::Value v;
    auto r = PullSelected(v);
    if (!r.ok() || !r.value()) return;
    if (!add(v)) return;
  }
}

engine::Task<MapRunEnd> MapRun::Execute() {
  engine::CancelScope* parent = run_.frame().cancel;
  if (parent->cancelled()) {
    cancelled_ = true;
  } else {
    cancel_id_ = parent->OnCancel([this] {
      cancelled_ = true;
      stop_ = true;
      Notify();
    });
  }
  std::size_t since_yield = 0;
  while (true) {
    if (update_pending_) ApplyUpdates();
    while (!stop_ && !cancelled_ && !source_done_ && running_ < Limit()) {
      json::Value input;
      std::uint32_t items = 0;
      auto got = NextChildInput(input, items);
      if (!got.ok()) {
        Fail(std::move(got).failure());
        break;
      }
      if (!got.value()) {
        source_done_ = true;
        break;
      }
      auto started = StartChild(std::move(input), items);
      if (!started.ok()) {
        Fail(std::move(started).failure());
        break;
      }
      if (++since_yield >= p_.yield_every) {
        since_yield = 0;
        co_await YieldAwaiter{engine_.loop()};
        if (update_pending_) ApplyUpdates();
      }
    }
    if (stop_ || cancelled_) AbortRunning();
    if (running_ == 0 && (source_done_ || stop_ || cancelled_)) break;
    since_yield = 0;
    co_await WakeAwaiter{this};
  }
  if (!parent->cancelled()) parent->Remove(cancel_id_);
  MapRunEnd end;
  if (cancelled_) {
    end.kind = MapRunEnd::Kind::kAborted;
    co_return end;
  }
  if (failure_) {
    WritePending();
    if (exporter_) (void)exporter_->Finish();
    end.kind = MapRunEnd::Kind::kFailed;
    end.failure = std::move(*failure_);
    co_return end;
  }
  if (!total_items_) record_->SetItemTotal(items_read_);
  if (exporter_) {
    auto r = exporter_->Finish();
    if (!r.ok()) {
      end.kind = MapRunEnd::Kind::kFailed;
      end.failure = Failure{asl::errors::kResultWriterFailed, r.status().message()};
      co_return end;
    }
    end.result = std::move(r).value();
    co_return end;
  }
  json::Array out;
  out.reserve(results_.size());
  for (auto& v : results_) {
    if (p_.writer.transformation == WriterTransformation::kFlatten && v.is_array()) {
      for (auto& e : v.as_array()) out.push_back(std::move(e));
    } else {
      out.push_back(std::move(v));
    }
  }
  end.result = json::Value(std::move(out));
  co_return end;
}

}  // namespace sfn::distributed
