// Internal Lambda helpers shared by the integrations sources (not part of the public API).
#pragma once

#include <string>
#include <string_view>

#include "asl/failure.h"
#include "integrations/integrations.h"
#include "json/json.h"

namespace sfn::integrations {

// How a function error's cause text is printed: lambda:invoke re-serialises it compactly (Step
// Functions/Jackson); a bare Lambda ARN passes the runtime's own text (Python json.dumps style).
enum class CauseStyle { kCompact, kPython };

// arn:aws:lambda:<region>:<account>:function:<name>[:qualifier], filling region/account from the
// request when the reference had none.
std::string FunctionArn(const LambdaFunctionRef& ref, std::string_view region,
                        std::string_view account);
// Lambda.ResourceNotFoundException with AWS's cause text.
asl::Failure FunctionNotFound(std::string_view function_arn);
// error = errorType; cause = {"errorMessage","errorType","requestId","stackTrace"} as text.
asl::Failure FunctionErrorFailure(const json::Object& error_doc, std::string_view request_id,
                                  CauseStyle style);
// Lambda.Unknown for crashes and protocol violations.
asl::Failure UnhandledFailure(std::string_view error_message);
// json.dumps(v) as Python prints it by default: ", " and ": " separators, ensure_ascii.
std::string PythonJsonDumps(const json::Value& v);

}  // namespace sfn::integrations
