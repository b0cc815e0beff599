// Lambda helpers: function references, request ids, the lambda:invoke result shape, and the
// Lambda error causes Step Functions reports.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

#include "integrations/integrations.h"
#include "integrations/lambda_internal.h"

namespace sfn::integrations {
namespace {

std::vector<std::string_view> SplitColon(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(':', start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 140) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng([] {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }());
  return rng;
}

std::string HexRandom(int digits) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(digits);
  uint64_t bits = 0;
  for (int i = 0; i < digits; ++i) {
    if (i % 16 == 0) bits = Rng()();
    out.push_back(kHex[bits & 0xf]);
    bits >>= 4;
  }
  return out;
}

// "Sun, 22 Nov 2026 04:00:00 GMT".
std::string HttpDate() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string TraceId() {
  char epoch[16];
  std::snprintf(epoch, sizeof epoch, "%08llx", static_cast<unsigned long long>(std::time(nullptr)));
  return "root=1-" + std::string(epoch) + "-" + HexRandom(24) + ";parent=" + HexRandom(16) +
         ";sampled=0";
}

json::Value OneItem(std::string_view s) {
  json::Array a;
  a.emplace_back(json::String(s));
  return a;
}

// Appends `s` as a Python json.dumps string literal (ensure_ascii=True).
void AppendPythonString(std::string_view s, std::string& out) {
  static const char* kHex = "0123456789abcdef";
  auto u16 = [&](uint32_t v) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(v >> shift) & 0xf]);
  };
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          if (c < 0x20) {
            u16(c);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    uint32_t cp = len == 4 ? c & 0x07 : len == 3 ? c & 0x0f : len == 2 ? c & 0x1f : 0xfffd;
    for (int k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      u16(0xd800 + (cp >> 10));
      u16(0xdc00 + (cp & 0x3ff));
    } else {
      u16(cp);
    }
  }
  out.push_back('"');
}

}  // namespace

bool IsLambdaInvokeResource(std::string_view resource) {
  // arn:<partition>:states:::lambda:invoke[.waitForTaskToken]
  if (!resource.starts_with("arn:")) return false;
  size_t p = resource.find(":states:::lambda:invoke");
  if (p == std::string_view::npos) return false;
  std::string_view rest = resource.substr(p + std::string_view(":states:::lambda:invoke").size());
  return rest.empty() || rest == ".waitForTaskToken";
}

bool IsLambdaFunctionArn(std::string_view resource) {
  if (!resource.starts_with("arn:")) return false;
  auto parts = SplitColon(resource);
  return (parts.size() == 7 || parts.size() == 8) && parts[2] == "lambda" && parts[5] == "function";
}

Result<LambdaFunctionRef> ParseLambdaFunctionRef(std::string_view function_name) {
  auto parts = SplitColon(function_name);
  LambdaFunctionRef ref;
  bool ok = false;
  if (!parts.empty() && parts[0] == "arn") {
    if ((parts.size() == 7 || parts.size() == 8) && parts[2] == "lambda" &&
        parts[5] == "function") {
      ref.region = parts[3];
      ref.account = parts[4];
      ref.name = parts[6];
      if (parts.size() == 8) ref.qualifier = parts[7];
      ok = true;
    }
  } else if ((parts.size() == 3 || parts.size() == 4) && parts[1] == "function") {
    ref.account = parts[0];
    ref.name = parts[2];
    if (parts.size() == 4) ref.qualifier = parts[3];
    ok = true;
  } else if (parts.size() == 1 || parts.size() == 2) {
    ref.name = parts[0];
    if (parts.size() == 2) ref.qualifier = parts[1];
    ok = true;
  }
  if (!ok || !ValidName(ref.name) || (parts.size() % 2 == 0 && ref.qualifier.empty())) {
    return Status::InvalidArgument(
        "invalid Lambda function reference '" + std::string(function_name) +
        "': use a function name, name:alias, 123456789012:function:name or "
        "arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]");
  }
  return ref;
}

std::string NewRequestId() {
  std::string h = HexRandom(32);
  h[12] = '4';
  static const char* kVariant = "89ab";
  h[16] = kVariant[(h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0') & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

json::Value MakeLambdaInvokeResult(json::Value payload, size_t payload_bytes,
                                   std::string_view request_id, std::string_view executed_version) {
  std::string length = std::to_string(payload_bytes);
  std::string date = HttpDate();
  std::string trace = TraceId();
  json::Object all;
  all["X-Amz-Executed-Version"] = OneItem(executed_version);
  all["x-amzn-Remapped-Content-Length"] = OneItem("0");
  all["Connection"] = OneItem("keep-alive");
  all["x-amzn-RequestId"] = OneItem(request_id);
  all["Content-Length"] = OneItem(length);
  all["Date"] = OneItem(date);
  all["X-Amzn-Trace-Id"] = OneItem(trace);
  all["Content-Type"] = OneItem("application/json");
  json::Object headers;
  headers["Connection"] = "keep-alive";
  headers["Content-Length"] = length;
  headers["Content-Type"] = "application/json";
  headers["Date"] = date;
  headers["X-Amz-Executed-Version"] = executed_version;
  headers["x-amzn-Remapped-Content-Length"] = "0";
  headers["x-amzn-RequestId"] = request_id;
  headers["X-Amzn-Trace-Id"] = trace;
  json::Object http;
  http["AllHttpHeaders"] = std::move(all);
  http["HttpHeaders"] = std::move(headers);
  http["HttpStatusCode"] = 200;
  json::Object result;
  result["ExecutedVersion"] = executed_version;
  result["Payload"] = std::move(payload);
  result["SdkHttpMetadata"] = std::move(http);
  json::Object sdk;
  sdk["RequestId"] = request_id;
  result["SdkResponseMetadata"] = std::move(sdk);
  result["StatusCode"] = 200;
  return result;
}

std::string FunctionArn(const LambdaFunctionRef& ref, std::string_view region,
                        std::string_view account) {
  std::string arn = "arn:aws:lambda:";
  arn += ref.region.empty() ? region : std::string_view(ref.region);
  arn += ':';
  arn += ref.account.empty() ? account : std::string_view(ref.account);
  arn += ":function:";
  arn += ref.name;
  if (!ref.qualifier.empty()) arn += ":" + ref.qualifier;
  return arn;
}

asl::Failure FunctionNotFound(std::string_view function_arn) {
  return {"Lambda.ResourceNotFoundException",
          "Function not found: " + std::string(function_arn) +
              " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; "
              "Request ID: " +
              NewRequestId() + "; Proxy: null)"};
}

asl::Failure FunctionErrorFailure(const json::Object& error_doc, std::string_view request_id,
                                  CauseStyle style) {
  json::Object doc;
  const json::Value* message = error_doc.if_contains("errorMessage");
  const json::Value* type = error_doc.if_contains("errorType");
  const json::Value* trace = error_doc.if_contains("stackTrace");
  doc["errorMessage"] = message ? *message : json::Value("");
  doc["errorType"] = type ? *type : json::Value("");
  doc["requestId"] = request_id;
  doc["stackTrace"] = trace ? *trace : json::Value(json::Array());
  std::string error = type && type->is_string() && !type->as_string().empty()
                          ? std::string(type->as_string())
                          : "Lambda.Unknown";
  std::string cause = style == CauseStyle::kCompact ? json::Serialize(doc) : PythonJsonDumps(doc);
  return {std::move(error), std::move(cause)};
}

asl::Failure UnhandledFailure(std::string_view error_message) {
  json::Object payload;
  payload["errorMessage"] = error_message;
  return {"Lambda.Unknown",
          "The cause could not be determined because Lambda did not return an error type. "
          "Returned payload: " +
              json::Serialize(payload)};
}

std::string PythonJsonDumps(const json::Value& v) {
  std::string out;
  switch (v.kind()) {
    case json::Kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : v.get_object()) {
        if (!first) out += ", ";
        first = false;
        AppendPythonString(key, out);
        out += ": ";
        out += PythonJsonDumps(value);
      }
      out.push_back('}');
      break;
    }
    case json::Kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& value : v.get_array()) {
        if (!first) out += ", ";
        first = false;
        out += PythonJsonDumps(value);
      }
      out.push_back(']');
      break;
    }
    case json::Kind::string:
      AppendPythonString(v.get_string(), out);
      break;
    default:
      out = json::Serialize(v);
  }
  return out;
}

}  // namespace sfn::integrations
