// Hand-written Distributed Map tests: ItemReader sources, batching, ResultWriter files,
// failure tolerance with exact counters, nesting, and UpdateMapRun on a running Map Run.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "distributed/maprun/maprun_test_util.h"

namespace sfn::distributed {
namespace {

using testing::Harness;

std::string ReadAll(s3::ObjectStore& store, const std::string& bucket, const std::string& key) {
  auto r = store.Open(bucket, key);
  if (!r.ok()) return "<" + r.status().message() + ">";
  std::string out;
  char buf[65536];
  while (true) {
    auto n = r.value()->Read(buf, sizeof buf);
    if (!n.ok() || n.value() == 0) break;
    out.append(buf, n.value());
  }
  return out;
}

json::Value ParseOrDie(const std::string& s) {
  auto v = json::Parse(s);
  EXPECT_TRUE(v.ok()) << s.substr(0, 200);
  return v.ok() ? v.value() : json::Value();
}

// A Distributed Map definition around `map_fields` (extra Map fields, JSON members text) with
// a child machine `processor_states` starting at "P".
std::string MapDefinition(const std::string& map_fields, const std::string& processor_states,
                          const std::string& exec_type = "EXPRESS") {
  return R"({"StartAt":"M","States":{"M":{"Type":"Map",)" + map_fields +
         R"("ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":")" +
         exec_type + R"("},"StartAt":"P","States":)" + processor_states + R"(},"End":true}}})";
}

const char* kPass = R"({"P":{"Type":"Pass","End":true}})";
// Fails items whose "fail" is true; others wait `w` seconds (virtual time) then succeed.
std::string FailOrWait(int w) {
  return R"({"P":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"F"}],"Default":"W"},
            "F":{"Type":"Fail","Error":"Boom","Cause":"item failed"},
            "W":{"Type":"Wait","Seconds":)" +
         std::to_string(w) + R"(,"End":true}})";
}

std::string FailItems(int n, int every) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) {
    if (i) s += ",";
    s += std::string(R"({"i":)") + std::to_string(i) +
         (every > 0 && i % every == 0 ? R"(,"fail":true})" : R"(,"fail":false})");
  }
  return s + "]";
}

std::string MapRunArnOf(Harness& h, const engine::Execution& ex) {
  auto list = h.registry().List(ex.arn);
  const auto& runs = list["mapRuns"].as_array();
  if (runs.empty()) return "";
  return std::string(runs.back().as_object().at("mapRunArn").as_string());
}

TEST(MapRun, CsvTenThousandRowsWithResultWriter) {
  Harness h;
  h.CreateBucket("in");
  h.CreateBucket("out");
  std::string csv = "id,name\n";
  for (int i = 0; i < 10000; ++i) csv += std::to_string(i) + ",n" + std::to_string(i) + "\n";
  ASSERT_TRUE(h.store().Put("in", "rows.csv", csv).ok());
  std::string def = MapDefinition(
      R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"},"Parameters":{"Bucket":"in","Key":"rows.csv"}},
         "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"res"}},"Label":"csv",)",
      kPass);
  std::string err;
  auto ex = h.Run(def, "{}", &err);
  ASSERT_TRUE(ex) << err;
  ASSERT_EQ(engine::ExecutionStatusName(ex->status), std::string("SUCCEEDED")) << ex->cause;
  json::Value out = ParseOrDie(ex->output_text);
  std::string arn(out.at("MapRunArn").as_string());
  EXPECT_EQ(arn.rfind("arn:aws:states:us-east-1:111111111111:mapRun:StateMachine/csv:", 0), 0u);
  std::string id = arn.substr(arn.rfind(':') + 1);
  EXPECT_EQ(out.at("ResultWriterDetails").at("Bucket").as_string(), "out");
  EXPECT_EQ(out.at("ResultWriterDetails").at("Key").as_string(), "res/" + id + "/manifest.json");
  json::Value manifest = ParseOrDie(ReadAll(h.store(), "out", "res/" + id + "/manifest.json"));
  EXPECT_EQ(manifest.at("DestinationBucket").as_string(), "out");
  EXPECT_EQ(manifest.at("MapRunArn").as_string(), arn);
  const auto& files = manifest.at("ResultFiles");
  EXPECT_TRUE(files.at("FAILED").as_array().empty());
  EXPECT_TRUE(files.at("PENDING").as_array().empty());
  ASSERT_EQ(files.at("SUCCEEDED").as_array().size(), 1u);
  const auto& f0 = files.at("SUCCEEDED").as_array()[0];
  EXPECT_EQ(f0.at("Key").as_string(), "res/" + id + "/SUCCEEDED_0.json");
  std::string body = ReadAll(h.store(), "out", "res/" + id + "/SUCCEEDED_0.json");
  EXPECT_EQ(static_cast<std::uint64_t>(json::AsDouble(f0.at("Size"))), body.size());
  json::Value records = ParseOrDie(body);
  ASSERT_EQ(records.as_array().size(), 10000u);
  std::vector<bool> seen(10000);
  for (const auto& r : records.as_array()) {
    EXPECT_EQ(r.at("Status").as_string(), "SUCCEEDED");
    EXPECT_EQ(r.at("StateMachineArn").as_string(),
              "arn:aws:states:us-east-1:111111111111:stateMachine:StateMachine/csv");
    EXPECT_EQ(
        r.at("ExecutionArn").as_string().find(":express:StateMachine/csv:") != std::string::npos,
        true);
    json::Value o = ParseOrDie(std::string(r.at("Output").as_string()));
    EXPECT_EQ(o, ParseOrDie(std::string(r.at("Input").as_string())));
    int i = std::stoi(std::string(o.at("id").as_string()));
    EXPECT_EQ(o.at("name").as_string(), "n" + std::to_string(i));
    seen[i] = true;
    EXPECT_EQ(r.at("StartDate").as_string().size(), 24u);
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), true), 10000);
  auto d = h.registry().Describe(arn);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().at("status").as_string(), "SUCCEEDED");
  const auto& ic = d.value().at("itemCounts");
  EXPECT_EQ(ic.at("succeeded").as_uint64(), 10000u);
  EXPECT_EQ(ic.at("total").as_uint64(), 10000u);
  EXPECT_EQ(ic.at("resultsWritten").as_uint64(), 10000u);
  EXPECT_EQ(ic.at("pending").as_uint64(), 0u);
  EXPECT_EQ(ic.at("running").as_uint64(), 0u);
  EXPECT_EQ(d.value().at("maxConcurrency").as_int64(), 0);
}

TEST(MapRun, ResultFilesSplitPastSizeLimit) {
  DistributedMapOptions o;
  o.max_result_file_bytes = 4000;
  Harness h("111111111111", o);
  h.CreateBucket("out");
  std::string def = MapDefinition(
      R"("ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out"},"WriterConfig":{"OutputType":"JSONL","Transformation":"COMPACT"}},)",
      kPass);
  std::string items = "[";
  for (int i = 0; i < 500; ++i) items += (i ? "," : "") + std::string(R"({"value":"xxxxxxxxxx"})");
  items += "]";
  std::string err;
  auto ex = h.Run(def, items, &err);
  ASSERT_TRUE(ex) << err;
  ASSERT_EQ(ex->error, "");
  json::Value out = ParseOrDie(ex->output_text);
  std::string key(out.at("ResultWriterDetails").at("Key").as_string());
  EXPECT_EQ(key.find('/'), 36u);  // no prefix: <mapRunId>/manifest.json
  json::Value manifest = ParseOrDie(ReadAll(h.store(), "out", key));
  const auto& files = manifest.at("ResultFiles").at("SUCCEEDED").as_array();
  EXPECT_GT(files.size(), 1u);
  std::size_t lines = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string k(files[i].at("Key").as_string());
    EXPECT_NE(k.find("SUCCEEDED_" + std::to_string(i) + ".json"), std::string::npos);
    std::string body = ReadAll(h.store(), "out", k);
    EXPECT_LE(body.size(), 4000u);
    lines += static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
  }
  EXPECT_EQ(lines, 500u);
}

TEST(MapRun, BatchingWithBatchInput) {
  Harness h;
  std::string def = MapDefinition(
      R"("ItemsPath":"$.items","ItemBatcher":{"MaxItemsPerBatchPath":"$.n","BatchInput":{"tag.$":"$.tag"}},)",
      kPass);
  std::string err;
  auto ex = h.Run(def, R"({"items":[0,1,2,3,4,5,6,7,8,9],"n":"3","tag":"t"})", &err);
  ASSERT_TRUE(ex) << err;
  ASSERT_EQ(ex->error, "") << ex->cause;
  EXPECT_EQ(ParseOrDie(ex->output_text), ParseOrDie(R"([{"BatchInput":{"tag":"t"},"Items":[0,1,2]},
                           {"BatchInput":{"tag":"t"},"Items":[3,4,5]},
                           {"BatchInput":{"tag":"t"},"Items":[6,7,8]},
                           {"BatchInput":{"tag":"t"},"Items":[9]}])"));
  auto d = h.registry().Describe(MapRunArnOf(h, *ex));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().at("itemCounts").at("total").as_uint64(), 10u);
  EXPECT_EQ(d.value().at("itemCounts").at("succeeded").as_uint64(), 10u);
  EXPECT_EQ(d.value().at("executionCounts").at("total").as_uint64(), 4u);
  EXPECT_EQ(d.value().at("executionCounts").at("succeeded").as_uint64(), 4u);
}

TEST(MapRun, BatchingByteLimit) {
  Harness h;
  std::string def = MapDefinition(R"("ItemBatcher":{"MaxInputBytesPerBatch":30},)", kPass);
  std::string err;
  // Each item "xxxxxxxx" is 10 bytes serialised; {"Items":[..]} adds 12.
  auto ex = h.Run(def, R"(["xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx"])", &err);
  ASSERT_TRUE(ex) << err;
  ASSERT_EQ(ex->error, "") << ex->cause;
  json::Value out = ParseOrDie(ex->output_text);
  ASSERT_EQ(out.as_array().size(), 4u);
  EXPECT_EQ(out.as_array()[0].at("Items").as_array().size(), 1u);
}

TEST(MapRun, TolerancePercentageTolerated) {
  Harness h;
  std::string def = MapDefinition(R"("ToleratedFailurePercentage":5,"MaxConcurrency":100,)",
                                  FailOrWait(1), "STANDARD");
  std::string err;
  auto ex = h.Run(def, FailItems(1000, 100), &err);
  ASSERT_TRUE(ex) << err;
  ASSERT_EQ(engine::ExecutionStatusName(ex->status), std::string("SUCCEEDED")) << ex->cause;
  json::Value out = ParseOrDie(ex->output_text);
  ASSERT_EQ(out.as_array().size(), 1000u);
  const auto& failed = out.as_array()[100];
  EXPECT_EQ(failed.at("Error").as_string(), "Boom");
  EXPECT_EQ(failed.at("Cause").as_string(), "item failed");
  EXPECT_EQ(failed.at("Status").as_string(), "FAILED");
  EXPECT_EQ(out.as_array()[1], ParseOrDie(R"({"i":1,"fail":false})"));
  auto d = h.registry().Describe(MapRunArnOf(h, *ex));
  ASSERT_TRUE(d.ok());
  const auto& ic = d.value().at("itemCounts");
  EXPECT_EQ(ic.at("failed").as_uint64(), 10u);
  EXPECT_EQ(ic.at("succeeded").as_uint64(), 990u);
  EXPECT_EQ(ic.at("aborted").as_uint64(), 0u);
  EXPECT_EQ(ic.at("total").as_uint64(), 1000u);
  EXPECT_EQ(ic.at("resultsWritten").as_uint64(), 1000u);
  EXPECT_EQ(d.value().at("toleratedFailurePercentage").as_double(), 5.0);
}

TEST(MapRun, ToleranceExceededAbortsAndWritesPending) {
  Harness h;
  h.CreateBucket("out");
  std::string def = MapDefinition(
      R"("ToleratedFailurePercentage":0.5,"MaxConcurrency":50,
         "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"out","Prefix":"p"}},)",
      FailOrWait(1), "STANDARD");
  std::string err;
  auto ex = h.Run(def, FailItems(1000, 100), &err);
  ASSERT_TRUE(ex) << err;
  EXPECT_EQ(engine::ExecutionStatusName(ex->status), std::string("FAILED"));
  EXPECT_EQ(ex->error, "States.ExceedToleratedFailureThreshold");
  EXPECT_EQ(ex->cause, "The specified tolerated failure threshold was exceeded");
  std::string arn = MapRunArnOf(h, *ex);
  auto d = h.registry().Describe(arn);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().at("status").as_string(), "FAILED");
  const auto& ic = d.value().at("itemCounts");
  std::uint64_t failed = ic.at("failed").as_uint64(), ok = ic.at("succeeded").as_uint64(),
                aborted = ic.at("aborted").as_uint64(), pending = ic.at("pending").as_uint64();
  EXPECT_EQ(failed, 6u);  // 6/1000 = 0.6% > 0.5%
  EXPECT_GT(aborted, 0u);
  EXPECT_GT(pending, 0u);
  EXPECT_EQ(ic.at("running").as_uint64(), 0u);
  EXPECT_EQ(failed + ok + aborted + pending, 1000u);
  EXPECT_EQ(ic.at("total").as_uint64(), 1000u);
  std::string id = arn.substr(arn.rfind(':') + 1);
  json::Value manifest = ParseOrDie(ReadAll(h.store(), "out", "p/" + id + "/manifest.json"));
  const auto& files = manifest.at("ResultFiles");
  ASSERT_EQ(files.at("FAILED").as_array().size(), 1u);
  ASSERT_EQ(files.at("PENDING").as_array().size(), 1u);
  json::Value failed_records = ParseOrDie(ReadAll(
      h.store(), "out", std::string(files.at("FAILED").as_array()[0].at("Key").as_string())));
  EXPECT_EQ(failed_records.as_array().size(), failed + aborted);
  std::size_t n_aborted = 0;
  for (const auto& r : failed_records.as_array())
    if (r.at("Status").as_string() == "ABORTED") ++n_aborted;
  EXPECT_EQ(n_aborted, aborted);
  json::Value pending_records = ParseOrDie(ReadAll(
      h.store(), "out", std::string(files.at("PENDING").as_array()[0].at("Key").as_string())));
  EXPECT_EQ(pending_records.as_array().size(), pending);
  // Every child is finished: nothing keeps running after the Map Run failed.
  EXPECT_EQ(d.value().at("executionCounts").at("running").as_uint64(), 0u);
}

TEST(MapRun, DefaultToleranceFailsOnFirstChildFailure) {
  Harness h;
  std::string def = MapDefinition("", FailOrWait(0));
  std::string err;
  auto ex = h.Run(def, FailItems(5, 3), &err);
  ASSERT_TRUE(ex) << err;
  EXPECT_EQ(ex->error, "States.ExceedToleratedFailureThreshold");
  std::string hist;
  for (const auto& e : ex->history.Render()) {
    hist += std::string(e.at("type").as_string()) + " ";
  }
  EXPECT_NE(hist.find("MapRunFailed MapStateFailed ExecutionFailed"), std::string::npos) << hist;
}

TEST(MapRun, JsonlWithItemSelectorContext) {
  Harness h;
  h.CreateBucket("in");
  std::string lines;
  for (int i = 0; i < 100; ++i) lines += R"({"v":)" + std::to_string(i * 2) + "}\n";
  ASSERT_TRUE(h.store().Put("in", "d/items.jsonl", lines).ok());
  std::string def = MapDefinition(
      R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL","MaxItems":50},"Parameters":{"Bucket":"in","Key.$":"$.key"}},
         "ItemSelector":{"idx.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value.v","src.$":"$$.Map.Item.Source","k.$":"$.key"},)",
      kPass);
  std::string err;
  auto ex = h.Run(def, R"({"key":"d/items.jsonl"})", &err);
  ASSERT_TRUE(ex) << err;
  ASSERT_EQ(ex->error, "") << ex->cause;
  json::Value out = ParseOrDie(ex->output_text);
  ASSERT_EQ(out.as_array().size(), 50u);
  EXPECT_EQ(out.as_array()[7],
            ParseOrDie(R"({"idx":7,"v":14,"src":"S3://in/d/items.jsonl","k":"d/items.jsonl"})"));
}

TEST(MapRun, ListObjectsV2) {
  Harness h;
  h.CreateBucket("b");
  for (const char* k : {"data/a.txt", "data/b.txt", "data/c/d.txt", "other/x.txt"})
    ASSERT_TRUE(h.store().Put("b", k, "hello").ok());
  std::string def = MapDefinition(
      R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b","Prefix":"data/"}},
         "ItemSelector":{"key.$":"$$.Map.Item.Value.Key","size.$":"$$.Map.Item.Value.Size","src.$":"$$.Map.Item.Source"},)",
      kPass);
  std::string err;
  auto ex = h.Run(def, "{}", &err);
  ASSERT_TRUE(ex) << err;
  ASSERT_EQ(ex->error, "") << ex->cause;
  EXPECT_EQ(ParseOrDie(ex->output_text),
            ParseOrDie(R"([{"key":"data/a.txt","size":5,"src":"S3://b"},
                           {"key":"data/b.txt","size":5,"src":"S3://b"},
                           {"key":"data/c/d.txt","size":5,"src":"S3://b"}])"));
}

TEST(MapRun, ReaderErrorsAndMaxItemsPath) {
  Harness h;
  h.CreateBucket("in");
  std::string reader =
      R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON","MaxItemsPath":"$.max"},"Parameters":{"Bucket":"in","Key":"missing.json"}},)";
  std::string err;
  auto ex = h.Run(MapDefinition(reader, kPass), R"({"max":1.5})", &err);
  ASSERT_TRUE(ex) << err;
  EXPECT_EQ(ex->error, "States.Runtime");
  EXPECT_NE(ex->cause.find("The MaxItemsPath field refers to value \"1.5\" which is not a valid "
                           "integer: $.max"),
            std::string::npos)
      << ex->cause;
  EXPECT_TRUE(h.registry().List(ex->arn).at("mapRuns").as_array().empty());
  ex = h.Run(MapDefinition(reader, kPass), R"({"max":"2"})", &err);
  ASSERT_TRUE(ex) << err;
  EXPECT_EQ(ex->error, "States.ItemReaderFailed");
  EXPECT_EQ(h.registry().List(ex->arn).at("mapRuns").as_array().size(), 1u);
}

TEST(MapRun, NestedDistributedMapWithObjectItems) {
  Harness h;
  std::string inner =
      R"({"P":{"Type":"Map","ItemsPath":"$.Value","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"Q","States":{"Q":{"Type":"Pass","End":true}}},"End":true}})";
  std::string def = MapDefinition(R"("Label":"outer",)", inner, "STANDARD");
  std::string err;
  auto ex = h.Run(def, R"({"a":[1,2],"b":[3]})", &err);
  ASSERT_TRUE(ex) << err;
  ASSERT_EQ(ex->error, "") << ex->cause;
  EXPECT_EQ(ParseOrDie(ex->output_text), ParseOrDie("[[1,2],[3]]"));
}

TEST(MapRun, UpdateMapRunLive) {
  Harness h;
  std::string def = MapDefinition(R"("MaxConcurrency":1,)", FailOrWait(10), "STANDARD");
  std::string err;
  auto ex = h.Start(def, FailItems(100, 0), &err);
  ASSERT_TRUE(ex) << err;
  // Run until the Map Run exists and has a child running.
  std::string arn;
  ASSERT_TRUE(h.loop().RunUntilOrDeadline(
      [&] {
        arn = MapRunArnOf(h, *ex);
        return !arn.empty() && h.registry().Find(arn)->item_counts().running == 1;
      },
      RealClock().Now() + std::chrono::seconds(10)))
      << arn << " " << ex->done << ex->error << ex->cause << " "
      << (arn.empty() ? "" : json::Serialize(h.registry().Describe(arn).value()));
  auto d = h.registry().Describe(arn);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().at("status").as_string(), "RUNNING");
  EXPECT_EQ(d.value().at("itemCounts").at("pending").as_uint64(), 99u);
  MapRunUpdate u;
  u.max_concurrency = 50;
  ASSERT_TRUE(h.registry().Update(arn, u).ok());
  ASSERT_TRUE(h.Wait(ex));
  ASSERT_EQ(ex->error, "") << ex->cause;
  auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(ex->stop_time - ex->start_time);
  EXPECT_LT(elapsed.count(), 100);  // sequential would take 1000 s of virtual time
  d = h.registry().Describe(arn);
  EXPECT_EQ(d.value().at("maxConcurrency").as_int64(), 50);
  EXPECT_EQ(d.value().at("status").as_string(), "SUCCEEDED");
  Status late = h.registry().Update(arn, u);
  EXPECT_EQ(late.code(), StatusCode::kConflict);
  EXPECT_NE(late.message().find("CANNOT_UPDATE_COMPLETED_MAP_RUN"), std::string::npos);
  EXPECT_EQ(h.registry().Describe("arn:aws:states:us-east-1:1:mapRun:x/y:z").status().code(),
            StatusCode::kNotFound);
}

#ifdef SFN_MAPRUN_PARQUET
TEST(MapRun, ParquetReader) {
  Harness h;
  h.CreateBucket("in");
  const std::string dir = std::string(SFN_SOURCE_DIR) + "/tests/data/parquet/";
  auto slurp = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  ASSERT_TRUE(h.store().Put("in", "t.parquet", slurp(dir + "basic_snappy.parquet")).ok());
  std::string def = MapDefinition(
      R"("ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"PARQUET","MaxItems":5},"Parameters":{"Bucket":"in","Key":"t.parquet"}},)",
      kPass);
  std::string err;
  auto ex = h.Run(def, "{}", &err);
  ASSERT_TRUE(ex) << err;
  ASSERT_EQ(ex->error, "") << ex->cause;
  json::Value out = ParseOrDie(ex->output_text);
  ASSERT_EQ(out.as_array().size(), 5u);
  std::stringstream lines(slurp(dir + "basic_uncompressed.jsonl"));
  std::string line;
  for (std::size_t i = 0; i < 5 && std::getline(lines, line); ++i) {
    json::Value want = ParseOrDie(line);
    for (const char* k : {"id", "name", "flag", "arr"})
      EXPECT_EQ(out.as_array()[i].at(k), want.at(k)) << i << " " << k;
  }
}
#endif

}  // namespace
}  // namespace sfn::distributed
