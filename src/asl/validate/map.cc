// Map state rules: ItemProcessor/Iterator, concurrency and tolerance fields, Label, and the
// Distributed Map blocks ItemReader, ItemBatcher and ResultWriter.
#include <string>

#include "asl/validate/checker.h"

namespace sfn::asl::validate_internal {
namespace {

// AWS reports a bad Label through a Python ValueError; the message is kept verbatim.
constexpr std::string_view kLabelCode = "INVALID_LABEL_NAME";

bool IsPartitionResource(std::string_view r, std::string_view suffix) {
  // arn:<partition>:states:::<suffix>
  if (!r.starts_with("arn:")) return false;
  size_t p = r.find(':', 4);
  if (p == std::string_view::npos) return false;
  return r.substr(p) == ":states:::" + std::string(suffix);
}

void CheckLabel(Checker& c, const json::Value& v, const std::string& loc) {
  if (!ExpectString(c, v, loc)) return;
  std::string_view label = v.get_string();
  if (label.empty()) {
    c.Error(kLabelCode, "Label cannot be empty", loc);
    return;
  }
  static constexpr std::string_view kForbidden = " ?*<>{}[]:;,\\|^~$#%&`\"/";
  size_t chars = 0;
  for (size_t i = 0; i < label.size();) {
    unsigned char ch = static_cast<unsigned char>(label[i]);
    uint32_t cp = ch;
    size_t len = 1;
    if (ch >= 0xC0 && ch < 0xE0 && i + 1 < label.size()) {
      cp = ((ch & 0x1F) << 6) | (static_cast<unsigned char>(label[i + 1]) & 0x3F);
      len = 2;
    } else if (ch >= 0xE0 && ch < 0xF0) {
      len = 3;
    } else if (ch >= 0xF0) {
      len = 4;
    }
    bool bad = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
               (len == 1 && kForbidden.find(static_cast<char>(ch)) != std::string_view::npos);
    if (bad) {
      c.Error(kLabelCode, "Label contains invalid character: " + PyRepr(label.substr(i, len)), loc);
      return;
    }
    i += len;
    ++chars;
  }
  if (chars > 40) {
    c.Error(kLabelCode, "Label cannot exceed 40 characters", loc);
    return;
  }
  if (!c.labels.insert(std::string(label)).second) {
    c.Error("DUPLICATE_LABEL_NAME", "Duplicate Label: " + std::string(label), loc);
  }
}

// Parameters (JSONPath template) or Arguments (JSONata) of ItemReader/ResultWriter.
void CheckResourceArguments(Checker& c, const json::Object& o, const std::string& loc,
                            bool jsonata) {
  if (const json::Value* p = Get(o, "Parameters")) {
    if (jsonata) {
      c.Schema(
          "The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported "
          "for the 'JSONPath' QueryLanguage",
          loc + "/Parameters");
    } else {
      CheckPayloadTemplate(c, *p, loc + "/Parameters");
    }
  }
  if (const json::Value* a = Get(o, "Arguments")) {
    if (!jsonata) {
      c.Schema(
          "The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported "
          "for the 'JSONata' QueryLanguage",
          loc + "/Arguments");
    } else {
      CheckJsonataStrings(c, *a, loc + "/Arguments");
    }
  }
}

void CheckReaderConfig(Checker& c, const json::Value& v, const std::string& loc, bool jsonata) {
  if (!ExpectObject(c, v, loc)) return;
  const json::Object& r = v.get_object();
  RejectUnknownFields(c, r, loc,
                      {"InputType", "CSVHeaderLocation", "CSVHeaders", "CSVDelimiter", "MaxItems",
                       "MaxItemsPath", "ManifestType", "Transformation", "ItemsPointer"});
  if (const json::Value* f = Get(r, "InputType")) {
    ExpectEnum(c, *f, loc + "/InputType", {"CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"});
  }
  if (const json::Value* f = Get(r, "CSVHeaderLocation")) {
    ExpectEnum(c, *f, loc + "/CSVHeaderLocation", {"FIRST_ROW", "GIVEN"});
  }
  if (const json::Value* f = Get(r, "CSVDelimiter")) {
    ExpectEnum(c, *f, loc + "/CSVDelimiter", {"COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"});
  }
  if (const json::Value* f = Get(r, "ManifestType")) {
    ExpectEnum(c, *f, loc + "/ManifestType", {"ATHENA_DATA", "S3_INVENTORY"});
  }
  if (const json::Value* f = Get(r, "Transformation")) {
    ExpectEnum(c, *f, loc + "/Transformation", {"NONE", "LOAD_AND_FLATTEN"});
  }
  if (const json::Value* f = Get(r, "CSVHeaders"); f && ExpectArray(c, *f, loc + "/CSVHeaders")) {
    const auto& headers = f->get_array();
    for (size_t i = 0; i < headers.size(); ++i) {
      ExpectString(c, headers[i], loc + "/CSVHeaders[" + std::to_string(i) + "]");
    }
  }
  const json::Value* input_type = Get(r, "InputType");
  if (input_type && input_type->is_string()) {
    if (input_type->get_string() == "CSV" && !r.contains("CSVHeaderLocation")) {
      c.Schema("The field 'CSVHeaderLocation' is required", loc);
    }
    if (input_type->get_string() == "JSON" && r.contains("CSVHeaderLocation")) {
      c.Schema("Field 'CSVHeaderLocation' is not supported", loc);
    }
  }
  const json::Value* header_loc = Get(r, "CSVHeaderLocation");
  if (header_loc && header_loc->is_string() && header_loc->get_string() == "GIVEN") {
    RequireFields(c, r, loc, {"CSVHeaders"});
  }
  if (const json::Value* f = Get(r, "ItemsPointer")) ExpectString(c, *f, loc + "/ItemsPointer");
  Exclusive(c, r, loc, {"MaxItems", "MaxItemsPath"});
  if (const json::Value* f = Get(r, "MaxItems")) {
    ExpectInt(c, *f, loc + "/MaxItems", 0, 100000000, jsonata);
  }
  if (!jsonata) CheckPathField(c, r, "MaxItemsPath", loc, true, false);
}

void CheckItemReader(Checker& c, const json::Value& v, const std::string& loc, bool jsonata) {
  if (!ExpectObject(c, v, loc)) return;
  const json::Object& r = v.get_object();
  RejectUnknownFields(c, r, loc, {"Resource", "Parameters", "Arguments", "ReaderConfig"});
  RequireFields(c, r, loc, {"Resource"});
  if (const json::Value* res = Get(r, "Resource");
      res && ExpectString(c, *res, loc + "/Resource")) {
    std::string_view s = res->get_string();
    if (!IsPartitionResource(s, "s3:getObject") && !IsPartitionResource(s, "s3:listObjectsV2")) {
      c.Schema(
          "The field 'Resource' does not match any of the allowed values. Examples: "
          "[arn:<partition>:states:::s3:getObject, "
          "arn:<partition>:states:::s3:listObjectsV2]",
          loc + "/Resource");
    }
  }
  CheckResourceArguments(c, r, loc, jsonata);
  if (const json::Value* rc = Get(r, "ReaderConfig")) {
    CheckReaderConfig(c, *rc, loc + "/ReaderConfig", jsonata);
  }
}

void CheckItemBatcher(Checker& c, const json::Value& v, const std::string& loc, bool jsonata) {
  if (!ExpectObject(c, v, loc)) return;
  const json::Object& b = v.get_object();
  RejectUnknownFields(c, b, loc,
                      {"MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                       "MaxInputBytesPerBatchPath", "BatchInput"});
  if (!b.contains("MaxItemsPerBatch") && !b.contains("MaxItemsPerBatchPath") &&
      !b.contains("MaxInputBytesPerBatch") && !b.contains("MaxInputBytesPerBatchPath")) {
    c.Schema(
        "At least one of these fields is required: [MaxItemsPerBatch, "
        "MaxItemsPerBatchPath, MaxInputBytesPerBatch, MaxInputBytesPerBatchPath]",
        loc);
  }
  Exclusive(c, b, loc, {"MaxItemsPerBatch", "MaxItemsPerBatchPath"});
  Exclusive(c, b, loc, {"MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"});
  if (const json::Value* f = Get(b, "MaxItemsPerBatch")) {
    ExpectInt(c, *f, loc + "/MaxItemsPerBatch", 1, INT32_MAX, jsonata);
  }
  if (const json::Value* f = Get(b, "MaxInputBytesPerBatch")) {
    ExpectInt(c, *f, loc + "/MaxInputBytesPerBatch", 1, 262144, jsonata);
  }
  if (!jsonata) {
    CheckPathField(c, b, "MaxItemsPerBatchPath", loc, true, false);
    CheckPathField(c, b, "MaxInputBytesPerBatchPath", loc, true, false);
  }
  if (const json::Value* f = Get(b, "BatchInput")) {
    if (jsonata) {
      CheckJsonataStrings(c, *f, loc + "/BatchInput");
    } else {
      CheckPayloadTemplate(c, *f, loc + "/BatchInput");
    }
  }
}

void CheckResultWriter(Checker& c, const json::Value& v, const std::string& loc, bool jsonata) {
  if (!ExpectObject(c, v, loc)) return;
  const json::Object& w = v.get_object();
  RejectUnknownFields(c, w, loc, {"Resource", "Parameters", "Arguments", "WriterConfig"});
  std::string_view dest = jsonata ? "Arguments" : "Parameters";
  bool has_resource = w.contains("Resource");
  bool has_dest = w.contains(dest);
  bool has_config = w.contains("WriterConfig");
  if ((!has_resource && !has_dest && !has_config) || has_resource != has_dest) {
    c.Schema("The field 'ResultWriter' must specify WriterConfig, or Resource with " +
                 std::string(dest) + ", or all three fields",
             loc);
  }
  if (const json::Value* res = Get(w, "Resource");
      res && ExpectString(c, *res, loc + "/Resource") &&
      !IsPartitionResource(res->get_string(), "s3:putObject")) {
    c.Schema(
        "The field 'Resource' does not match any of the allowed values. Examples: "
        "[arn:<partition>:states:::s3:putObject]",
        loc + "/Resource");
  }
  CheckResourceArguments(c, w, loc, jsonata);
  if (const json::Value* wc = Get(w, "WriterConfig");
      wc && ExpectObject(c, *wc, loc + "/WriterConfig")) {
    const json::Object& cfg = wc->get_object();
    std::string cl = loc + "/WriterConfig";
    RejectUnknownFields(c, cfg, cl, {"OutputType", "Transformation"});
    RequireFields(c, cfg, cl, {"OutputType"});
    if (const json::Value* f = Get(cfg, "OutputType")) {
      ExpectEnum(c, *f, cl + "/OutputType", {"JSON", "JSONL"});
    }
    if (const json::Value* f = Get(cfg, "Transformation")) {
      ExpectEnum(c, *f, cl + "/Transformation", {"NONE", "COMPACT", "FLATTEN"});
    }
  }
}

// Returns true for a DISTRIBUTED processor.
bool CheckProcessor(Checker& c, const json::Object& s, const std::string& loc) {
  bool has_processor = s.contains("ItemProcessor");
  bool has_iterator = s.contains("Iterator");
  if (!has_processor && !has_iterator) {
    c.Schema("This object should have only one of the following fields: [ItemProcessor, Iterator]",
             loc);
    return false;
  }
  if (has_processor && has_iterator) {
    c.Schema("There should only be one of the following fields: [ItemProcessor, Iterator]", loc);
  }
  std::string_view field = has_processor ? "ItemProcessor" : "Iterator";
  std::string pl = loc + "/" + std::string(field);
  const json::Value& p = s.at(field);
  if (!ExpectObject(c, p, pl)) return false;
  const json::Object& proc = p.get_object();
  RejectUnknownFields(c, proc, pl, {"ProcessorConfig", "StartAt", "States", "Comment"});
  bool distributed = false;
  if (const json::Value* cfg = Get(proc, "ProcessorConfig");
      cfg && ExpectObject(c, *cfg, pl + "/ProcessorConfig")) {
    std::string cl = pl + "/ProcessorConfig";
    const json::Object& config = cfg->get_object();
    RejectUnknownFields(c, config, cl, {"Mode", "ExecutionType"});
    if (const json::Value* m = Get(config, "Mode");
        m && ExpectEnum(c, *m, cl + "/Mode", {"INLINE", "DISTRIBUTED"})) {
      distributed = m->get_string() == "DISTRIBUTED";
    }
    if (const json::Value* t = Get(config, "ExecutionType")) {
      ExpectEnum(c, *t, cl + "/ExecutionType", {"STANDARD", "EXPRESS"});
    }
    if (distributed) RequireFields(c, config, cl, {"ExecutionType"});
    if (!distributed && config.contains("ExecutionType")) {
      c.Schema("Field 'ExecutionType' is not supported", cl);
    }
    if (distributed && c.express()) {
      c.Schema(
          "The field 'Mode' with value 'DISTRIBUTED' is not supported inside 'EXPRESS' state "
          "machines",
          cl + "/Mode");
    }
  }
  CheckStatesBlock(c, proc, pl, false);
  return distributed;
}

}  // namespace

void CheckMapState(Checker& c, const json::Object& s, const std::string& loc, bool jsonata) {
  CheckProcessor(c, s, loc);
  if (!jsonata) {
    CheckPathField(c, s, "ItemsPath", loc, true, false);
    CheckPathField(c, s, "MaxConcurrencyPath", loc, true, false);
    CheckPathField(c, s, "ToleratedFailureCountPath", loc, true, false);
    CheckPathField(c, s, "ToleratedFailurePercentagePath", loc, true, false);
    Exclusive(c, s, loc, {"ItemSelector", "Parameters"});
    for (std::string_view f : {"ItemSelector", "Parameters"}) {
      if (const json::Value* v = Get(s, f)) CheckPayloadTemplate(c, *v, loc + "/" + std::string(f));
    }
  } else {
    for (std::string_view f : {"Items", "ItemSelector"}) {
      if (const json::Value* v = Get(s, f)) CheckJsonataStrings(c, *v, loc + "/" + std::string(f));
    }
    if (const json::Value* items = Get(s, "Items");
        items && !items->is_array() && !items->is_object() && !IsJsonata(*items)) {
      c.Schema("Expected value of type [ARRAY]", loc + "/Items");
    }
  }
  Exclusive(c, s, loc, {"MaxConcurrency", "MaxConcurrencyPath"});
  if (const json::Value* v = Get(s, "MaxConcurrency")) {
    ExpectInt(c, *v, loc + "/MaxConcurrency", 0, INT64_MAX, jsonata);
  }
  Exclusive(c, s, loc, {"ToleratedFailureCount", "ToleratedFailureCountPath"});
  Exclusive(c, s, loc, {"ToleratedFailurePercentage", "ToleratedFailurePercentagePath"});
  if (const json::Value* v = Get(s, "ToleratedFailureCount")) {
    ExpectInt(c, *v, loc + "/ToleratedFailureCount", 0, INT64_MAX, jsonata);
  }
  if (const json::Value* v = Get(s, "ToleratedFailurePercentage")) {
    ExpectNumber(c, *v, loc + "/ToleratedFailurePercentage", 0, 100, jsonata);
  }
  if (const json::Value* v = Get(s, "Label")) CheckLabel(c, *v, loc + "/Label");
  if (const json::Value* v = Get(s, "ItemReader")) {
    CheckItemReader(c, *v, loc + "/ItemReader", jsonata);
  }
  if (const json::Value* v = Get(s, "ItemBatcher")) {
    CheckItemBatcher(c, *v, loc + "/ItemBatcher", jsonata);
  }
  if (const json::Value* v = Get(s, "ResultWriter")) {
    CheckResultWriter(c, *v, loc + "/ResultWriter", jsonata);
  }
}

}  // namespace sfn::asl::validate_internal
