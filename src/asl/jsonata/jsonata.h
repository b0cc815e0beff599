// JSONata (jsonata-js 2.x language) engine: compile once, evaluate many times, thread-safe.
// Optional Step Functions flavour adds $partition/$range/$hash/$random(seed)/$uuid/$parse and
// removes $eval.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/status.h"
#include "json/json.h"

namespace sfn::jsonata {

// A JSONata evaluation error: `code` is the JSONata code ("T2001", "D3001", "U1001", ...) or
// "S_FUNCTION_RESULT" when the result is a function.
struct Error {
  std::string code;
  std::string message;
  int position = -1;
  std::string token;
};

// Variable bindings visible to an evaluation (names without '$').
class Bindings {
 public:
  void Set(std::string name, json::Value v) { vars_.emplace_back(std::move(name), std::move(v)); }
  const std::vector<std::pair<std::string, json::Value>>& vars() const { return vars_; }

 private:
  std::vector<std::pair<std::string, json::Value>> vars_;
};

// Per-evaluation options.
struct EvalOptions {
  bool step_functions = false;  // Step Functions function set (spec.md §3.4)
  int max_depth = 0;            // runaway guard: max evaluation depth (0 = default 10000)
  size_t max_stack_bytes = 0;   // runaway guard: native stack budget (0 = default 4 MiB; the
                                // calling thread needs that much stack plus headroom)
  double time_limit_ms = 0;     // runaway guard: wall-clock limit (0 = none)
};

class Expression {
 public:
  // Compiles `text`. Syntax errors: kInvalidArgument with a message "S0xxx: ..." (the JSONata
  // code first).
  static Result<Expression> Compile(std::string_view text);
  // Like Compile, but a syntax error comes back as an Error (code "S0xxx", position, token).
  static std::variant<Expression, Error> CompileOrError(std::string_view text);

  // Evaluates against `input` (nullptr = undefined). Returns the value, std::nullopt for
  // undefined, or an Error.
  std::variant<std::optional<json::Value>, Error> Evaluate(const json::Value* input,
                                                           const Bindings& bindings) const;
  std::variant<std::optional<json::Value>, Error> Evaluate(const json::Value* input,
                                                           const Bindings& bindings,
                                                           const EvalOptions& options) const;

  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

 private:
  struct Impl;
  explicit Expression(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// Compiles and evaluates in one go; compile errors are returned as Error with the S0xxx code.
std::variant<std::optional<json::Value>, Error> EvaluateOnce(std::string_view text,
                                                             const json::Value* input,
                                                             const Bindings& bindings,
                                                             const EvalOptions& options = {});

}  // namespace sfn::jsonata
