// Local functions: Lambda function names served by long-lived worker processes speaking JSON
// Lines over pipes. One poll() reactor thread per invoker owns every worker and pipe.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "integrations/integrations.h"
#include "integrations/lambda_internal.h"

extern char** environ;

namespace sfn::integrations {
namespace {

constexpr size_t kReadChunk = 64 * 1024;

// One pending invocation.
struct Call {
  json::Value event;
  TaskDone done;
  std::string request_id;
  bool api_result = true;  // lambda:invoke (API result) vs bare ARN (function result)
  std::string executed_version = "$LATEST";
};

struct Function;

struct Worker {
  Function* fn = nullptr;
  pid_t pid = -1;
  int in_fd = -1;   // our write end of the worker's stdin
  int out_fd = -1;  // our read end of the worker's stdout
  int err_fd = -1;  // our read end of the worker's stderr
  std::string out_buf;
  std::string err_buf;
  std::string write_buf;
  size_t write_off = 0;
  std::deque<Call> inflight;  // written to the worker, not yet answered (in order)
  bool dead = false;
  uint64_t answered = 0;  // events this worker answered
};

struct Function {
  FunctionSpec spec;
  std::vector<std::string> env;  // environ + SFN_FUNCTION_NAME
  std::deque<Call> queue;
  std::vector<std::unique_ptr<Worker>> workers;
};

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

void WriteStderr(std::string_view s) {
  while (!s.empty()) {
    ssize_t n = write(2, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    s.remove_prefix(static_cast<size_t>(n));
  }
}

// Consumes a SIGPIPE left pending by a write to a dead worker (SIGPIPE is blocked in the reactor).
void DrainSigpipe() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  timespec zero{0, 0};
  while (sigtimedwait(&set, nullptr, &zero) == SIGPIPE) {
  }
}

std::string ExitText(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    if (sig == SIGKILL) return "signal: killed";
    const char* name = strsignal(sig);
    return std::string("signal: ") + (name ? name : std::to_string(sig).c_str());
  }
  return "status " + std::to_string(status);
}

}  // namespace

class LocalFunctionInvoker::Impl {
 public:
  explicit Impl(std::vector<FunctionSpec> specs) {
    for (auto& spec : specs) {
      auto fn = std::make_unique<Function>();
      for (char** e = environ; e && *e; ++e) {
        if (std::strncmp(*e, "SFN_FUNCTION_NAME=", 18) != 0 &&
            std::strncmp(*e, "AWS_LAMBDA_FUNCTION_NAME=", 25) != 0) {
          fn->env.emplace_back(*e);
        }
      }
      fn->env.push_back("SFN_FUNCTION_NAME=" + spec.name);
      fn->env.push_back("AWS_LAMBDA_FUNCTION_NAME=" + spec.name);
      fn->spec = std::move(spec);
      functions_[fn->spec.name] = std::move(fn);
    }
  }

  Status Start() {
    wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) {
      return Status::IoError(std::string("local functions: eventfd failed: ") +
                             std::strerror(errno));
    }
    reactor_ = std::thread([this] { Run(); });
    return Status::Ok();
  }

  ~Impl() {
    Shutdown();
    CloseFd(wake_fd_);
  }

  void Invoke(TaskRequest req, TaskDone done) {
    Call call;
    Function* fn = nullptr;
    if (auto f = Resolve(req, call, fn); !f.error.empty()) {
      stats_done_.fetch_add(1, std::memory_order_relaxed);
      done(std::move(f));
      return;
    }
    call.done = std::move(done);
    bool was_empty = false;
    bool stopped = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped = stopping_;
      if (!stopped) {
        was_empty = incoming_.empty();
        incoming_.emplace_back(fn, std::move(call));
      }
    }
    if (stopped) {
      stats_done_.fetch_add(1, std::memory_order_relaxed);
      call.done(ShutdownFailure(fn->spec.name));
      return;
    }
    if (was_empty) Wake();
  }

  bool CanServe(std::string_view resource) const {
    if (IsLambdaInvokeResource(resource)) return true;
    if (!IsLambdaFunctionArn(resource)) return false;
    auto ref = ParseLambdaFunctionRef(resource);
    return ref.ok() && functions_.count(ref->name) > 0;
  }

  void Shutdown() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    Wake();
    std::lock_guard<std::mutex> join_lock(join_mu_);
    if (!reactor_.joinable()) return;
    // From a `done` callback the reactor stops after the callback returns; it cannot join itself.
    if (reactor_.get_id() != std::this_thread::get_id()) reactor_.join();
  }

  LocalFunctionStats stats() const {
    LocalFunctionStats s;
    s.workers_spawned = stats_spawned_.load();
    s.workers_crashed = stats_crashed_.load();
    s.invocations_done = stats_done_.load();
    return s;
  }

 private:
  static asl::Failure ShutdownFailure(const std::string& name) {
    return {"Lambda.ServiceException",
            "OpenSFN is shutting down; the invocation of local function '" + name +
                "' was abandoned. Retry the execution after restarting."};
  }

  // Finds the function and builds the event. Returns a Failure with a non-empty error on error.
  asl::Failure Resolve(const TaskRequest& req, Call& call, Function*& fn) const {
    LambdaFunctionRef ref;
    if (IsLambdaInvokeResource(req.resource)) {
      const json::Value* name = req.parameters.is_object()
                                    ? req.parameters.get_object().if_contains("FunctionName")
                                    : nullptr;
      if (name == nullptr || !name->is_string()) {
        return {asl::errors::kRuntime, "State '" + req.state_name +
                                           "': lambda:invoke needs a string Parameters."
                                           "FunctionName (a function name or ARN)"};
      }
      auto parsed = ParseLambdaFunctionRef(name->get_string());
      if (!parsed.ok()) {
        return {"Lambda.InvalidParameterValueException",
                "State '" + req.state_name + "': " + parsed.status().message()};
      }
      ref = std::move(parsed).value();
      const json::Object& params = req.parameters.get_object();
      if (const json::Value* q = params.if_contains("Qualifier"); q && q->is_string()) {
        ref.qualifier = std::string(q->get_string());
      }
      const json::Value* payload = params.if_contains("Payload");
      call.event = payload ? *payload : json::Value(json::Object());
      call.api_result = true;
    } else if (IsLambdaFunctionArn(req.resource)) {
      auto parsed = ParseLambdaFunctionRef(req.resource);
      if (!parsed.ok()) return {asl::errors::kRuntime, parsed.status().message()};
      ref = std::move(parsed).value();
      call.event = req.parameters;
      call.api_result = false;
    } else {
      return {asl::errors::kRuntime, "State '" + req.state_name + "': resource '" + req.resource +
                                         "' is not a Lambda resource served by local functions"};
    }
    auto it = functions_.find(ref.name);
    if (it == functions_.end()) return FunctionNotFound(FunctionArn(ref, req.region, req.account));
    fn = it->second.get();
    call.request_id = NewRequestId();
    bool numeric = !ref.qualifier.empty() &&
                   ref.qualifier.find_first_not_of("0123456789") == std::string::npos;
    if (numeric) call.executed_version = ref.qualifier;
    return {};
  }

  void Wake() {
    uint64_t one = 1;
    ssize_t n = write(wake_fd_, &one, sizeof one);
    (void)n;  // EAGAIN means the counter is already non-zero: the reactor will wake.
  }

  void Run() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::vector<pollfd> fds;
    std::vector<std::pair<Worker*, int>> owners;  // per pollfd: worker and which fd (0/1/2)
    while (true) {
      bool stopping;
      {
        std::lock_guard<std::mutex> lock(mu_);
        for (auto& [fn, call] : incoming_) fn->queue.push_back(std::move(call));
        incoming_.clear();
        stopping = stopping_;
      }
      if (stopping) break;
      // A worker can die while being handed work (EPIPE); replace it before sleeping in poll().
      do {
        Reap();
        Dispatch();
      } while (AnyDead());
      fds.clear();
      owners.clear();
      fds.push_back({wake_fd_, POLLIN, 0});
      owners.emplace_back(nullptr, -1);
      for (auto& [name, fn] : functions_) {
        for (auto& w : fn->workers) {
          fds.push_back({w->out_fd, POLLIN, 0});
          owners.emplace_back(w.get(), 1);
          if (w->err_fd >= 0) {
            fds.push_back({w->err_fd, POLLIN, 0});
            owners.emplace_back(w.get(), 2);
          }
          if (w->write_off < w->write_buf.size()) {
            fds.push_back({w->in_fd, POLLOUT, 0});
            owners.emplace_back(w.get(), 0);
          }
        }
      }
      int n = poll(fds.data(), fds.size(), -1);
      if (n < 0) {
        if (errno == EINTR) continue;
        WriteStderr(std::string("opensfn: local functions: poll failed: ") + std::strerror(errno) +
                    "\n");
        break;
      }
      for (size_t i = 0; i < fds.size(); ++i) {
        if (fds[i].revents == 0) continue;
        auto [w, which] = owners[i];
        if (w == nullptr) {
          uint64_t v;
          while (read(wake_fd_, &v, sizeof v) > 0) {
          }
          continue;
        }
        if (w->dead) continue;
        if (which == 0) {
          FlushWrite(*w);
        } else if (which == 1) {
          ReadStdout(*w);
        } else {
          ReadStderr(*w);
        }
      }
      Reap();
    }
    StopAll();
  }

  // Hands queued calls to idle workers first, then to new workers (up to max_workers), then
  // pipelines them onto busy workers (up to pipeline_depth each).
  void Dispatch() {
    for (auto& [name, fn] : functions_) {
      if (fn->queue.empty()) continue;
      for (auto& w : fn->workers) {
        if (fn->queue.empty()) break;
        if (Accepting(*w) && w->inflight.empty()) Assign(*w, *fn);
      }
      while (!fn->queue.empty() && fn->workers.size() < static_cast<size_t>(fn->spec.max_workers)) {
        Worker* w = Spawn(*fn);
        if (w == nullptr) break;
        Assign(*w, *fn);
      }
      for (size_t depth = 2; depth <= static_cast<size_t>(fn->spec.pipeline_depth); ++depth) {
        for (auto& w : fn->workers) {
          if (fn->queue.empty()) break;
          if (Accepting(*w) && w->inflight.size() < depth) Assign(*w, *fn);
        }
      }
      for (auto& w : fn->workers) {
        if (Accepting(*w)) FlushWrite(*w);
      }
    }
  }

  static bool Accepting(const Worker& w) { return !w.dead && w.in_fd >= 0; }

  // Queues the next call of `fn` on `w`; the caller flushes.
  void Assign(Worker& w, Function& fn) {
    w.inflight.push_back(std::move(fn.queue.front()));
    fn.queue.pop_front();
    if (w.write_off == w.write_buf.size()) {
      w.write_buf.clear();
      w.write_off = 0;
    }
    json::SerializeTo(w.inflight.back().event, w.write_buf);
    w.write_buf.push_back('\n');
  }

  Worker* Spawn(Function& fn) {
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0) return SpawnFailed(fn, errno);
    if (pipe2(out, O_CLOEXEC) != 0) {
      int e = errno;
      close(in[0]), close(in[1]);
      return SpawnFailed(fn, e);
    }
    if (pipe2(err, O_CLOEXEC) != 0) {
      int e = errno;
      close(in[0]), close(in[1]), close(out[0]), close(out[1]);
      return SpawnFailed(fn, e);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
    std::vector<char*> envp;
    for (auto& e : fn.env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string sh = "/bin/sh", dash_c = "-c";
    char* argv[] = {sh.data(), dash_c.data(), fn.spec.command.data(), nullptr};
    pid_t pid = -1;
    int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    close(in[0]), close(out[1]), close(err[1]);
    if (rc != 0) {
      close(in[1]), close(out[0]), close(err[0]);
      return SpawnFailed(fn, rc);
    }
    auto w = std::make_unique<Worker>();
    w->fn = &fn;
    w->pid = pid;
    w->in_fd = in[1];
    w->out_fd = out[0];
    w->err_fd = err[0];
    SetNonBlocking(w->in_fd);
    SetNonBlocking(w->out_fd);
    SetNonBlocking(w->err_fd);
    stats_spawned_.fetch_add(1, std::memory_order_relaxed);
    fn.workers.push_back(std::move(w));
    return fn.workers.back().get();
  }

  // With no worker left to serve them, fails the queued calls of `fn` (nothing would wake them).
  Worker* SpawnFailed(Function& fn, int err) {
    std::string msg = "could not start worker '/bin/sh -c " + fn.spec.command +
                      "' for local function '" + fn.spec.name + "': " + std::strerror(err);
    WriteStderr("opensfn: " + msg + "\n");
    if (fn.workers.empty()) {
      while (!fn.queue.empty()) {
        Call call = std::move(fn.queue.front());
        fn.queue.pop_front();
        Complete(std::move(call), UnhandledFailure(msg));
      }
    }
    return nullptr;
  }

  void FlushWrite(Worker& w) {
    while (w.write_off < w.write_buf.size()) {
      ssize_t n =
          write(w.in_fd, w.write_buf.data() + w.write_off, w.write_buf.size() - w.write_off);
      if (n > 0) {
        w.write_off += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n < 0 && errno == EPIPE) DrainSigpipe();
      // The worker stopped reading (usually: it died). Answers to earlier events may still be
      // unread in its stdout, so the worker is ended only at stdout EOF (ReadStdout -> Kill).
      CloseFd(w.in_fd);
      w.write_buf.clear();
      w.write_off = 0;
      return;
    }
  }

  void ReadStdout(Worker& w) {
    char buf[kReadChunk];
    while (true) {
      ssize_t n = read(w.out_fd, buf, sizeof buf);
      if (n > 0) {
        w.out_buf.append(buf, static_cast<size_t>(n));
        size_t start = 0;
        while (!w.dead) {
          size_t nl = w.out_buf.find('\n', start);
          if (nl == std::string::npos) break;
          std::string_view line(w.out_buf.data() + start, nl - start);
          if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
          start = nl + 1;
          OnLine(w, line);
        }
        if (w.dead) return;
        w.out_buf.erase(0, start);
        if (static_cast<size_t>(n) < sizeof buf) return;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      Kill(w, "it closed its stdout");
      return;
    }
  }

  void OnLine(Worker& w, std::string_view line) {
    if (w.inflight.empty()) {
      if (line.empty()) return;
      WriteStderr("[" + w.fn->spec.name + "] (unexpected stdout line ignored; log to stderr) " +
                  std::string(line.substr(0, 200)) + "\n");
      return;
    }
    auto parsed = json::Parse(line);
    if (!parsed.ok()) {
      Kill(w, "it wrote a line that is not JSON (" + std::string(line.substr(0, 120)) +
                  "); workers must write exactly one JSON line per event and log to stderr");
      return;
    }
    Call call = std::move(w.inflight.front());
    w.inflight.pop_front();
    ++w.answered;
    json::Value& v = *parsed;
    if (v.is_object() && v.get_object().contains("errorType") &&
        v.get_object().contains("errorMessage")) {
      asl::Failure failure =
          FunctionErrorFailure(v.get_object(), call.request_id,
                               call.api_result ? CauseStyle::kCompact : CauseStyle::kPython);
      Complete(std::move(call), std::move(failure));
    } else if (call.api_result) {
      json::Value result =
          MakeLambdaInvokeResult(std::move(v), line.size(), call.request_id, call.executed_version);
      Complete(std::move(call), std::move(result));
    } else {
      Complete(std::move(call), std::move(v));
    }
    Function& fn = *w.fn;
    if (!fn.queue.empty() && Accepting(w)) {
      while (!fn.queue.empty() && w.inflight.size() < static_cast<size_t>(fn.spec.pipeline_depth)) {
        Assign(w, fn);
      }
      FlushWrite(w);
    }
  }

  void ReadStderr(Worker& w) {
    char buf[kReadChunk];
    while (true) {
      ssize_t n = read(w.err_fd, buf, sizeof buf);
      if (n > 0) {
        w.err_buf.append(buf, static_cast<size_t>(n));
        ForwardStderr(w, false);
        if (static_cast<size_t>(n) < sizeof buf) return;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      ForwardStderr(w, true);
      CloseFd(w.err_fd);
      return;
    }
  }

  void ForwardStderr(Worker& w, bool all) {
    std::string out;
    size_t start = 0;
    while (true) {
      size_t nl = w.err_buf.find('\n', start);
      if (nl == std::string::npos) break;
      out += "[" + w.fn->spec.name + "] ";
      out.append(w.err_buf, start, nl + 1 - start);
      start = nl + 1;
    }
    w.err_buf.erase(0, start);
    if (all && !w.err_buf.empty()) {
      out += "[" + w.fn->spec.name + "] " + w.err_buf + "\n";
      w.err_buf.clear();
    }
    if (!out.empty()) WriteStderr(out);
  }

  // Ends a broken worker: kills its process group, reaps it, fails its in-flight call.
  void Kill(Worker& w, const std::string& why) {
    if (w.dead) return;
    w.dead = true;
    stats_crashed_.fetch_add(1, std::memory_order_relaxed);
    int status = 0;
    pid_t r = waitpid(w.pid, &status, WNOHANG);
    if (r == 0) {
      // Still running (e.g. a protocol violation): give it a moment to exit on its own.
      for (int i = 0; i < 20 && r == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        r = waitpid(w.pid, &status, WNOHANG);
      }
    }
    if (r == 0) {
      kill(-w.pid, SIGKILL);
      r = waitpid(w.pid, &status, 0);
    } else {
      kill(-w.pid, SIGKILL);  // stray children of /bin/sh
    }
    std::string exit_text = r == w.pid ? ExitText(status) : "unknown status";
    if (w.err_fd >= 0) ReadStderr(w);
    ForwardStderr(w, true);
    CloseFd(w.in_fd);
    CloseFd(w.out_fd);
    CloseFd(w.err_fd);
    std::string who = "worker pid " + std::to_string(w.pid);
    if (!w.inflight.empty()) {
      WriteStderr("[" + w.fn->spec.name + "] " + who + " failed request " +
                  w.inflight.front().request_id + " (" + why + "; " + exit_text +
                  "); it will be replaced\n");
      // The first unanswered event is the one the worker was running; later ones never started
      // (workers handle events in order), so they go back to the front of the queue. A worker
      // that never answered anything is broken at start-up: its whole batch fails, so a bad
      // command cannot cost one process start per queued event.
      size_t fail = w.answered == 0 ? w.inflight.size() : 1;
      std::vector<Call> failed;
      for (size_t i = 0; i < fail; ++i) {
        failed.push_back(std::move(w.inflight.front()));
        w.inflight.pop_front();
      }
      while (!w.inflight.empty()) {
        w.fn->queue.push_front(std::move(w.inflight.back()));
        w.inflight.pop_back();
      }
      for (Call& call : failed) {
        asl::Failure failure = UnhandledFailure("RequestId: " + call.request_id +
                                                " Error: Runtime exited with error: " + exit_text);
        Complete(std::move(call), std::move(failure));
      }
    } else {
      WriteStderr("[" + w.fn->spec.name + "] idle " + who + " ended (" + why + "; " + exit_text +
                  ")\n");
    }
  }

  bool AnyDead() const {
    for (const auto& [name, fn] : functions_) {
      for (const auto& w : fn->workers) {
        if (w->dead) return true;
      }
    }
    return false;
  }

  void Reap() {
    for (auto& [name, fn] : functions_) {
      std::erase_if(fn->workers, [](const std::unique_ptr<Worker>& w) { return w->dead; });
    }
  }

  void Complete(Call call, asl::Outcome<json::Value> outcome) {
    stats_done_.fetch_add(1, std::memory_order_relaxed);
    call.done(std::move(outcome));
  }

  void StopAll() {
    std::deque<std::pair<Function*, Call>> late;
    {
      std::lock_guard<std::mutex> lock(mu_);
      late.swap(incoming_);
    }
    for (auto& [fn, call] : late) fn->queue.push_back(std::move(call));
    for (auto& [name, fn] : functions_) {
      for (auto& w : fn->workers) {
        CloseFd(w->in_fd);  // asks the worker to exit
      }
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (auto& [name, fn] : functions_) {
      for (auto& w : fn->workers) {
        int status;
        while (waitpid(w->pid, &status, WNOHANG) == 0) {
          if (std::chrono::steady_clock::now() > deadline) {
            kill(-w->pid, SIGKILL);
            waitpid(w->pid, &status, 0);
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        kill(-w->pid, SIGKILL);
        if (w->err_fd >= 0) ReadStderr(*w);
        CloseFd(w->out_fd);
        CloseFd(w->err_fd);
        for (Call& call : w->inflight) Complete(std::move(call), ShutdownFailure(name));
        w->inflight.clear();
      }
      fn->workers.clear();
      while (!fn->queue.empty()) {
        Call call = std::move(fn->queue.front());
        fn->queue.pop_front();
        Complete(std::move(call), ShutdownFailure(name));
      }
    }
  }

  std::map<std::string, std::unique_ptr<Function>, std::less<>> functions_;
  int wake_fd_ = -1;
  std::thread reactor_;
  std::mutex join_mu_;  // serialises joining reactor_
  std::mutex mu_;
  bool stopping_ = false;                            // guarded by mu_
  std::deque<std::pair<Function*, Call>> incoming_;  // guarded by mu_
  std::atomic<uint64_t> stats_spawned_{0};
  std::atomic<uint64_t> stats_crashed_{0};
  std::atomic<uint64_t> stats_done_{0};
};

Result<std::unique_ptr<LocalFunctionInvoker>> LocalFunctionInvoker::Create(
    std::vector<FunctionSpec> specs) {
  std::map<std::string, bool> seen;
  for (auto& spec : specs) {
    auto ref = ParseLambdaFunctionRef(spec.name);
    if (!ref.ok()) {
      return Status::InvalidArgument("local function '" + spec.name +
                                     "': " + ref.status().message());
    }
    spec.name = ref->name;
    if (spec.command.empty()) {
      return Status::InvalidArgument("local function '" + spec.name + "' has an empty command");
    }
    if (spec.pipeline_depth < 1) spec.pipeline_depth = 1;
    if (spec.max_workers < 1) {
      return Status::InvalidArgument("local function '" + spec.name +
                                     "': max_workers must be at least 1");
    }
    if (seen[spec.name]) {
      return Status::InvalidArgument("local function '" + spec.name +
                                     "' is defined twice; give each function one command");
    }
    seen[spec.name] = true;
  }
  auto impl = std::make_unique<Impl>(std::move(specs));
  SFN_TRY(impl->Start());
  return std::unique_ptr<LocalFunctionInvoker>(new LocalFunctionInvoker(std::move(impl)));
}

LocalFunctionInvoker::LocalFunctionInvoker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LocalFunctionInvoker::~LocalFunctionInvoker() = default;

void LocalFunctionInvoker::Invoke(TaskRequest request, TaskDone done) {
  impl_->Invoke(std::move(request), std::move(done));
}

bool LocalFunctionInvoker::CanServe(std::string_view resource, std::string_view,
                                    std::string_view) const {
  return impl_->CanServe(resource);
}

void LocalFunctionInvoker::Shutdown() { impl_->Shutdown(); }

LocalFunctionStats LocalFunctionInvoker::stats() const { return impl_->stats(); }

Result<std::unique_ptr<TaskInvoker>> MakeLocalFunctionInvoker(std::vector<FunctionSpec> specs) {
  SFN_ASSIGN_OR_RETURN(auto inv, LocalFunctionInvoker::Create(std::move(specs)));
  return std::unique_ptr<TaskInvoker>(std::move(inv));
}

}  // namespace sfn::integrations
