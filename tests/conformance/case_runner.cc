#include "case_runner.h"

#include <filesystem>
#include <fstream>

#include "asl/model/definition.h"
#include "case_compare.h"
#include "distributed/maprun/distributed_map.h"
#include "engine/engine.h"
#include "engine/event_loop.h"
#include "s3/object_store.h"

namespace sfn::conformance {
namespace {

const json::Value* Get(const json::Value& v, const char* k) {
  return v.is_object() ? v.as_object().if_contains(k) : nullptr;
}

std::string Str(const json::Value* v, std::string dflt = "") {
  return v && v->is_string() ? std::string(v->get_string()) : dflt;
}

Verdict Fail(std::string why) { return Verdict{Verdict::Kind::kFail, std::move(why)}; }
Verdict Pass() { return Verdict{Verdict::Kind::kPass, ""}; }

std::string DefinitionText(const json::Value& c) {
  if (const auto* raw = Get(c, "definition_raw"); raw && raw->is_string()) return Str(raw);
  return json::Serialize(*Get(c, "definition"));
}

Verdict RunValidate(const json::Value& c, const CaseMatcher& m) {
  std::string type = Str(Get(c, "state_machine_type"), "STANDARD");
  auto diags = asl::ValidateDefinition(
      DefinitionText(c),
      asl::MakeValidateOptions(type == "EXPRESS" ? asl::StateMachineType::kExpress
                                                 : asl::StateMachineType::kStandard));
  json::Value got = asl::ValidationResponse(diags);
  if (auto d = m.Match(*Get(c, "expected"), got)) return Fail(*d);
  return Pass();
}

}  // namespace

Verdict RunCase(const json::Value& c) {
  std::string kind = Str(Get(c, "kind"));
  CaseMatcher m(Get(c, "normalise") ? *Get(c, "normalise") : json::Value());
  if (kind == "validate") return RunValidate(c, m);
  const json::Value& expected = *Get(c, "expected");
  std::string type = Str(Get(c, "state_machine_type"), "STANDARD");
  // S3 objects the case uploaded become files of a local-folder store (bucket = sub-folder).
  std::filesystem::path s3_root =
      std::filesystem::temp_directory_path() /
      ("sfn-conf-" + std::to_string(::getpid()) + "-" + Str(Get(c, "id")).substr(0, 60));
  std::filesystem::remove_all(s3_root);
  std::filesystem::create_directories(s3_root);
  for (const auto& s : Get(c, "setup") ? Get(c, "setup")->as_array() : json::Array()) {
    const json::Value* kw = Get(s, "kwargs");
    if (!kw) continue;
    std::string name = Str(Get(s, "name"));
    if (name.find("create_bucket") != std::string::npos) {
      std::filesystem::create_directories(s3_root / Str(Get(*kw, "Bucket")));
    } else if (name.find("put_object") != std::string::npos) {
      auto path = s3_root / Str(Get(*kw, "Bucket")) / Str(Get(*kw, "Key"));
      std::filesystem::create_directories(path.parent_path());
      const json::Value* body = Get(*kw, "Body");
      std::ofstream(path, std::ios::binary)
          << (body && body->is_string() ? Str(body) : (body ? json::Serialize(*body) : ""));
    }
  }
  struct Cleanup {
    std::filesystem::path p;
    ~Cleanup() { std::filesystem::remove_all(p); }
  } cleanup{s3_root};
  auto store = s3::MakeLocalStore(s3_root);
  auto runner = distributed::MakeDistributedMapRunner(store.get(), nullptr);
  asl::LoadedDefinition loaded =
      asl::LoadDefinition(DefinitionText(c), type == "EXPRESS" ? asl::StateMachineType::kExpress
                                                               : asl::StateMachineType::kStandard);
  std::string exp_status = Str(Get(expected, "status"));
  if (kind == "definition_invalid") {
    if (loaded.machine)
      return Fail("definition accepted; AWS rejected it: " + Str(Get(expected, "cause")));
    if (Str(Get(expected, "error")) != "InvalidDefinition")
      return Fail("unexpected expected error");
    if (!m.CauseMatches(*Get(expected, "cause"), loaded.error_message))
      return Fail("message differs: expected " + json::Serialize(*Get(expected, "cause")) +
                  ", got " + json::Serialize(json::Value(loaded.error_message)));
    return Pass();
  }
  if (!loaded.machine) return Fail("definition rejected: " + loaded.error_message);

  // INCOMPLETE: AWS still showed the execution running when the snapshot was taken (e.g. a wait
  // of years). Run on the real clock briefly and expect it to still be running.
  const bool incomplete = exp_status == "INCOMPLETE";
  engine::EventLoop loop(RealClock(),
                         incomplete ? engine::TimeMode::kReal : engine::TimeMode::kVirtual);
  engine::EngineOptions eo;
  eo.account = "111111111111";
  eo.wait_time_scale = 1.0;
  eo.map_runner = runner.get();
  engine::Engine eng(loop, eo);
  engine::StartRequest req;
  req.machine = loaded.machine;
  const json::Value* names = Get(c, "names");
  req.state_machine_name = Str(names ? Get(*names, "state_machine") : nullptr, "StateMachine");
  req.name = Str(names ? Get(*names, "execution") : nullptr, "");
  if (const auto* raw = Get(c, "input_raw"); raw && raw->is_string())
    req.input_text = Str(raw);
  else
    req.input_text = Get(c, "input") ? json::Serialize(*Get(c, "input")) : "{}";
  req.sync = Str(Get(c, "start_op")) == "start_sync_execution";
  req.type = type == "EXPRESS" ? engine::ExecutionType::kExpress : engine::ExecutionType::kStandard;
  auto started = eng.Start(std::move(req));
  if (!started.ok()) {
    if (kind == "input_invalid") return Pass();
    return Fail("start rejected: " + started.status().message());
  }
  if (kind == "input_invalid") return Fail("input accepted; AWS rejected it");
  auto ex = std::move(started).value();
  auto deadline = RealClock().Now() + std::chrono::seconds(incomplete ? 1 : 20);
  bool finished = loop.RunUntilOrDeadline([&] { return ex->done; }, deadline);
  if (incomplete) {
    if (finished)
      return Fail("finished with " + std::string(engine::ExecutionStatusName(ex->status)) + " (" +
                  ex->error + ": " + ex->cause + "); AWS kept it running");
    eng.Stop(*ex, "", "");
    return Pass();
  }
  if (!finished) return Fail("did not finish (status RUNNING)");
  std::string status = engine::ExecutionStatusName(ex->status);
  if (status != exp_status) {
    return Fail("status " + status + " (error " + ex->error + ": " + ex->cause + "), expected " +
                exp_status + " " + Str(Get(expected, "error")) + ": " +
                (Get(expected, "cause") ? json::Serialize(*Get(expected, "cause")) : ""));
  }
  if (status == "SUCCEEDED") {
    if (const auto* out = Get(expected, "output")) {
      auto got = json::Parse(ex->output_text);
      if (!got.ok()) return Fail("output is not JSON: " + ex->output_text);
      if (auto d = m.Match(*out, *got)) return Fail("output: " + *d);
    }
  } else {
    if (Str(Get(expected, "error")) != ex->error)
      return Fail("error " + ex->error + ", expected " + Str(Get(expected, "error")));
    if (const auto* cause = Get(expected, "cause"); cause && !m.CauseMatches(*cause, ex->cause))
      return Fail("cause differs: expected " + json::Serialize(*cause) + ", got " +
                  json::Serialize(json::Value(ex->cause)));
  }
  return Pass();
}

}  // namespace sfn::conformance
