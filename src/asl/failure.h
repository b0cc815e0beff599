// ASL runtime failures as data: an error name (States.Runtime, States.TaskFailed, a user error)
// and a cause. Retry/Catch match on `error`. Never thrown; returned in Outcome<T>.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace sfn::asl {

struct Failure {
  std::string error;
  std::string cause;
};

// Predefined error names (Amazon States Language spec, "Errors").
namespace errors {
inline constexpr const char* kAll = "States.ALL";
inline constexpr const char* kTaskFailed = "States.TaskFailed";
inline constexpr const char* kTimeout = "States.Timeout";
inline constexpr const char* kHeartbeatTimeout = "States.HeartbeatTimeout";
inline constexpr const char* kPermissions = "States.Permissions";
inline constexpr const char* kResultPathMatchFailure = "States.ResultPathMatchFailure";
inline constexpr const char* kParameterPathFailure = "States.ParameterPathFailure";
inline constexpr const char* kBranchFailed = "States.BranchFailed";
inline constexpr const char* kNoChoiceMatched = "States.NoChoiceMatched";
inline constexpr const char* kIntrinsicFailure = "States.IntrinsicFailure";
inline constexpr const char* kExceedToleratedFailureThreshold =
    "States.ExceedToleratedFailureThreshold";
inline constexpr const char* kItemReaderFailed = "States.ItemReaderFailed";
inline constexpr const char* kResultWriterFailed = "States.ResultWriterFailed";
inline constexpr const char* kRuntime = "States.Runtime";
inline constexpr const char* kDataLimitExceeded = "States.DataLimitExceeded";
inline constexpr const char* kQueryEvaluationError = "States.QueryEvaluationError";
}  // namespace errors

// Either a T or a Failure.
template <typename T>
class [[nodiscard]] Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Outcome(Failure failure) : v_(std::move(failure)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const Failure& failure() const& { return std::get<Failure>(v_); }
  Failure&& failure() && { return std::get<Failure>(std::move(v_)); }

 private:
  std::variant<T, Failure> v_;
};

}  // namespace sfn::asl
