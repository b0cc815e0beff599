// Test harness: an in-process engine (virtual time) with a temp-dir local store and the
// Distributed Map runner.
#pragma once

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "asl/model/definition.h"
#include "distributed/maprun/distributed_map.h"
#include "engine/engine.h"
#include "engine/event_loop.h"
#include "s3/object_store.h"

namespace sfn::distributed::testing {

class Harness {
 public:
  explicit Harness(std::string account = "111111111111", DistributedMapOptions opts = {}) {
    static std::atomic<int> seq{0};
    root_ = std::filesystem::temp_directory_path() /
            ("maprun_test_" + std::to_string(::getpid()) + "_" + std::to_string(seq++));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    store_ = s3::MakeLocalStore(root_);
    runner_ = MakeDistributedMapRunner(store_.get(), &registry_, opts);
    engine::EngineOptions eo;
    eo.account = account;
    eo.map_runner = runner_.get();
    engine_ = std::make_unique<engine::Engine>(loop_, eo);
  }
  ~Harness() {
    engine_.reset();
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }

  void CreateBucket(const std::string& b) { std::filesystem::create_directories(root_ / b); }
  s3::ObjectStore& store() { return *store_; }
  MapRunRegistry& registry() { return registry_; }
  engine::Engine& engine() { return *engine_; }
  engine::EventLoop& loop() { return loop_; }
  const std::filesystem::path& root() const { return root_; }

  // Starts `definition` (JSON text) with `input`; returns the execution or null (with `error`).
  std::shared_ptr<engine::Execution> Start(const std::string& definition, const std::string& input,
                                           std::string* error, std::string sm = "StateMachine",
                                           std::string name = "") {
    auto loaded = asl::LoadDefinition(definition, asl::StateMachineType::kStandard);
    if (!loaded.machine) {
      *error = "definition rejected: " + loaded.error_message;
      return nullptr;
    }
    engine::StartRequest req;
    req.machine = loaded.machine;
    req.state_machine_name = std::move(sm);
    req.name = std::move(name);
    req.input_text = input;
    auto ex = engine_->Start(std::move(req));
    if (!ex.ok()) {
      *error = ex.status().message();
      return nullptr;
    }
    return std::move(ex).value();
  }
  // Runs the loop until `ex` finishes (wall-clock bound).
  bool Wait(const std::shared_ptr<engine::Execution>& ex, int seconds = 60) {
    return loop_.RunUntilOrDeadline([&] { return ex->done; },
                                    RealClock().Now() + std::chrono::seconds(seconds));
  }
  // Start + Wait; null on failure to start or finish.
  std::shared_ptr<engine::Execution> Run(const std::string& definition, const std::string& input,
                                         std::string* error) {
    auto ex = Start(definition, input, error);
    if (ex && !Wait(ex)) {
      *error = "did not finish";
      return nullptr;
    }
    return ex;
  }

 private:
  std::filesystem::path root_;
  std::unique_ptr<s3::ObjectStore> store_;
  MapRunRegistry registry_;
  std::unique_ptr<engine::MapRunner> runner_;
  engine::EventLoop loop_{RealClock(), engine::TimeMode::kVirtual};
  std::unique_ptr<engine::Engine> engine_;
};

}  // namespace sfn::distributed::testing
