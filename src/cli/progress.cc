#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace sfn::cli {
namespace {

std::string Label(const std::string& map_run_arn) {
  // arn:...:mapRun:<sm>/<label>:<id> -> <label>
  auto colon = map_run_arn.rfind(':');
  auto slash = map_run_arn.rfind('/', colon);
  if (colon == std::string::npos || slash == std::string::npos) return map_run_arn;
  return map_run_arn.substr(slash + 1, colon - slash - 1);
}

}  // namespace

MapRunProgress::MapRunProgress(engine::EventLoop& loop, const distributed::MapRunRegistry& registry,
                               std::string execution_arn)
    : loop_(loop), registry_(registry), execution_arn_(std::move(execution_arn)) {}

void MapRunProgress::Start() {
  if (loop_.mode() != engine::TimeMode::kReal || !isatty(STDERR_FILENO)) return;
  active_ = true;
  timer_ = loop_.AddTimer(loop_.Now() + std::chrono::milliseconds(500), [this] { Tick(); });
}

void MapRunProgress::Stop() {
  if (!active_) return;
  active_ = false;
  loop_.CancelTimer(timer_);
  if (printed_) {
    Tick();  // final figures
    std::fputc('\n', stderr);
  }
}

void MapRunProgress::Tick() {
  json::Object list = registry_.List(execution_arn_);
  std::string line;
  SystemTime now = loop_.Now();
  if (const auto* runs = list.if_contains("mapRuns"); runs && runs->is_array()) {
    for (const auto& r : runs->as_array()) {
      std::string arn(r.as_object().at("mapRunArn").as_string());
      auto rec = registry_.Find(arn);
      if (!rec) continue;
      auto c = rec->item_counts();
      std::uint64_t done = c.succeeded + c.failed + c.timed_out + c.aborted;
      Sample& s = last_[arn];
      double dt = std::chrono::duration<double>(now - s.at).count();
      if (s.at.time_since_epoch().count() != 0 && dt > 0)
        s.rate = 0.7 * s.rate + 0.3 * (static_cast<double>(done - s.done) / dt);
      s.at = now;
      s.done = done;
      char buf[256];
      std::string eta = "--";
      if (s.rate > 0 && c.total > done) {
        long long left = static_cast<long long>(static_cast<double>(c.total - done) / s.rate);
        char e[32];
        std::snprintf(e, sizeof e, "%lld:%02lld", left / 60, left % 60);
        eta = e;
      }
      std::snprintf(buf, sizeof buf, "%s %s: %llu/%llu done, %llu failed, %.0f items/s, ETA %s",
                    line.empty() ? "" : " |", Label(arn).c_str(),
                    static_cast<unsigned long long>(done), static_cast<unsigned long long>(c.total),
                    static_cast<unsigned long long>(c.failed + c.timed_out), s.rate, eta.c_str());
      line += buf;
    }
  }
  if (!line.empty()) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
    printed_ = true;
  }
  if (active_)
    timer_ = loop_.AddTimer(loop_.Now() + std::chrono::milliseconds(500), [this] { Tick(); });
}

}  // namespace sfn::cli
