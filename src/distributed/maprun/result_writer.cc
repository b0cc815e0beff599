#include "distributed/maprun/result_writer.h"

#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace sfn::distributed {

namespace {

constexpr std::size_t kBufferBytes = 1 << 20;

// 1 for bytes that need escaping inside a JSON string.
constexpr std::array<bool, 256> MakeEscapeTable() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}
constexpr std::array<bool, 256> kNeedsEscape = MakeEscapeTable();

// ISO-8601 date with milliseconds; caches the last second's text (records of one Map Run share
// it) so most calls only patch the millisecond digits.
void AppendIsoDate(SystemTime t, std::string& out) {
  thread_local std::int64_t cached_second = -1;
  thread_local std::string cached;  // "YYYY-MM-DDTHH:MM:SS.mmmZ"
  const std::int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::int64_t second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  if (second != cached_second || cached.size() != 24) {
    cached = FormatIso8601(t);
    cached_second = second;
  } else {
    int m = static_cast<int>(ms - second * 1000);
    cached[20] = static_cast<char>('0' + m / 100);
    cached[21] = static_cast<char>('0' + (m / 10) % 10);
    cached[22] = static_cast<char>('0' + m % 10);
  }
  out.append(cached);
}

// ARNs, execution names and statuses, appended without scanning: their characters never need
// escaping (execution names, state machine names and labels are validated to exclude quotes,
// backslashes and control characters).
void AppendPlain(std::string_view s, std::string& out) {
  out.push_back('"');
  out.append(s);
  out.push_back('"');
}

}  // namespace

void AppendJsonString(std::string_view s, std::string& out) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!kNeedsEscape[c]) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void AppendNoneRecord(const ChildResult& r, std::string& out) {
  const bool ok = r.status == "SUCCEEDED";
  out.push_back('{');
  if (!ok) {
    out.append("\"Cause\":");
    AppendJsonString(r.cause, out);
    out.append(",\"Error\":");
    AppendJsonString(r.error, out);
    out.push_back(',');
  }
  out.append("\"ExecutionArn\":");
  AppendPlain(r.execution_arn, out);
  out.append(",\"Input\":");
  AppendJsonString(r.input_text, out);
  out.append(",\"InputDetails\":{\"Included\":true},\"Name\":");
  AppendPlain(r.name, out);
  if (ok) {
    out.append(",\"Output\":");
    AppendJsonString(r.output_text, out);
    out.append(",\"OutputDetails\":{\"Included\":true}");
  }
  out.append(",\"RedriveCount\":0,\"RedriveStatus\":");
  if (ok) {
    out.append(
        "\"NOT_REDRIVABLE\",\"RedriveStatusReason\":\"Execution is SUCCEEDED and cannot be "
        "redriven\"");
  } else {
    out.append(
        "\"REDRIVABLE_BY_MAP_RUN\",\"RedriveStatusReason\":\"Execution can be redriven by "
        "its Map Run\"");
  }
  out.append(",\"StartDate\":\"");
  AppendIsoDate(r.start, out);
  out.append("\",\"StateMachineArn\":");
  AppendPlain(r.state_machine_arn, out);
  out.append(",\"Status\":");
  AppendPlain(r.status, out);
  out.append(",\"StopDate\":\"");
  AppendIsoDate(r.stop, out);
  out.append("\"}");
}

// One helper thread running queued appends in order; at most kMaxQueued buffers wait (back-
// pressure on the dispatcher). The first failure is sticky and reported by Submit/Drain.
class ResultExporter::BackgroundIo {
 public:
  BackgroundIo() : thread_([this] { Loop(); }) {}
  ~BackgroundIo() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Status Submit(std::function<Status()> task) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
    if (!error_.ok()) return error_;
    queue_.push_back(std::move(task));
    cv_.notify_all();
    return Status::Ok();
  }
  // Waits until every submitted task has run; returns the first failure.
  Status Drain() {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return queue_.empty() && !busy_; });
    return error_;
  }

 private:
  static constexpr std::size_t kMaxQueued = 8;
  void Loop() {
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;
      auto task = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
      lock.unlock();
      Status st = task();
      lock.lock();
      busy_ = false;
      if (!st.ok() && error_.ok()) error_ = st;
      space_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_, space_;
  std::deque<std::function<Status()>> queue_;
  Status error_;
  bool busy_ = false, stop_ = false;
  std::thread thread_;
};

struct ResultExporter::FileSet {
  const char* status;
  std::unique_ptr<s3::ObjectWriter> writer;
  std::string buffer;
  std::uint64_t file_bytes = 0;  // bytes of the current file so far
  int index = 0;
  bool open = false;
  json::Array done;  // [{Key, Size}]
};

ResultExporter::ResultExporter(s3::ObjectStore* store, WriterPlan plan, std::string map_run_arn,
                               std::uint64_t max_file_bytes)
    : store_(store),
      plan_(std::move(plan)),
      map_run_arn_(std::move(map_run_arn)),
      max_file_bytes_(max_file_bytes) {
  std::string id = map_run_arn_.substr(map_run_arn_.rfind(':') + 1);
  base_ = plan_.prefix.empty() ? id + "/" : plan_.prefix + "/" + id + "/";
  manifest_key_ = base_ + "manifest.json";
  succeeded_ = std::make_unique<FileSet>();
  succeeded_->status = "SUCCEEDED";
  failed_ = std::make_unique<FileSet>();
  failed_->status = "FAILED";
  pending_ = std::make_unique<FileSet>();
  pending_->status = "PENDING";
  io_ = std::make_unique<BackgroundIo>();
}

ResultExporter::~ResultExporter() {
  io_.reset();  // joins the helper before the writers it appends to are destroyed
}

Status ResultExporter::Write(FileSet& fs, std::string_view record) {
  // Separator + closing bracket overhead: 2 bytes.
  if (fs.open && fs.file_bytes + record.size() + 2 > max_file_bytes_) SFN_TRY(Close(fs));
  if (!fs.open) {
    std::string key = base_ + fs.status + "_" + std::to_string(fs.index) + ".json";
    auto w = store_->Create(plan_.bucket, key);
    if (!w.ok()) return w.status();
    fs.writer = std::move(w).value();
    fs.open = true;
    fs.file_bytes = 0;
    if (!plan_.jsonl) {
      fs.buffer.push_back('[');
      ++fs.file_bytes;
    }
  } else if (!plan_.jsonl) {
    fs.buffer.push_back(',');
    ++fs.file_bytes;
  }
  fs.buffer.append(record);
  fs.file_bytes += record.size();
  if (plan_.jsonl) {
    fs.buffer.push_back('\n');
    ++fs.file_bytes;
  }
  if (fs.buffer.size() >= kBufferBytes) {
    s3::ObjectWriter* w = fs.writer.get();
    std::string chunk;
    chunk.swap(fs.buffer);
    fs.buffer.reserve(kBufferBytes + 4096);
    SFN_TRY(io_->Submit([w, c = std::move(chunk)] { return w->Append(c); }));
  }
  return Status::Ok();
}

Status ResultExporter::Close(FileSet& fs) {
  if (!fs.open) return Status::Ok();
  if (!plan_.jsonl) fs.buffer.push_back(']');
  SFN_TRY(io_->Drain());
  SFN_TRY(fs.writer->Append(fs.buffer));
  fs.buffer.clear();
  auto size = fs.writer->Finish();
  if (!size.ok()) return size.status();
  json::Object entry;
  entry["Key"] = base_ + fs.status + "_" + std::to_string(fs.index) + ".json";
  entry["Size"] = size.value();
  fs.done.push_back(std::move(entry));
  fs.writer.reset();
  fs.open = false;
  ++fs.index;
  return Status::Ok();
}

Status ResultExporter::Add(const ChildResult& r) {
  scratch_.clear();
  if (r.status != "SUCCEEDED") {
    AppendNoneRecord(r, scratch_);
    return Write(*failed_, scratch_);
  }
  switch (plan_.transformation) {
    case WriterTransformation::kNone:
      AppendNoneRecord(r, scratch_);
      return Write(*succeeded_, scratch_);
    case WriterTransformation::kCompact:
      return Write(*succeeded_, r.output_text);
    case WriterTransformation::kFlatten: {
      auto v = json::Parse(r.output_text);
      if (v.ok() && v.value().is_array()) {
        for (const auto& e : v.value().get_array()) {
          scratch_.clear();
          json::SerializeTo(e, scratch_);
          SFN_TRY(Write(*succeeded_, scratch_));
        }
        return Status::Ok();
      }
      return Write(*succeeded_, r.output_text);
    }
  }
  return Status::Ok();
}

Status ResultExporter::AddPending(const json::Value& input) {
  scratch_.assign("{\"Input\":");
  AppendJsonString(json::Serialize(input), scratch_);
  scratch_.append(",\"InputDetails\":{\"Included\":true},\"Status\":\"PENDING\"}");
  return Write(*pending_, scratch_);
}

Result<json::Value> ResultExporter::Finish() {
  SFN_TRY(Close(*succeeded_));
  SFN_TRY(Close(*failed_));
  SFN_TRY(Close(*pending_));
  json::Object files;
  files["FAILED"] = std::move(failed_->done);
  files["PENDING"] = std::move(pending_->done);
  files["SUCCEEDED"] = std::move(succeeded_->done);
  json::Object manifest;
  manifest["DestinationBucket"] = plan_.bucket;
  manifest["MapRunArn"] = map_run_arn_;
  manifest["ResultFiles"] = std::move(files);
  SFN_TRY(store_->Put(plan_.bucket, manifest_key_, json::Serialize(manifest)));
  json::Object details;
  details["Bucket"] = plan_.bucket;
  details["Key"] = manifest_key_;
  json::Object result;
  result["MapRunArn"] = map_run_arn_;
  result["ResultWriterDetails"] = std::move(details);
  return json::Value(std::move(result));
}

}  // namespace sfn::distributed
