// Public JSONata API: compilation, evaluation and conversion at the boundary.
#include "asl/jsonata/jsonata.h"

#include "asl/jsonata/eval.h"
#include "asl/jsonata/parser.h"

namespace sfn::jsonata {

using internal::JError;

struct Expression::Impl {
  std::unique_ptr<internal::Program> program;
};

Expression::Expression(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

Result<Expression> Expression::Compile(std::string_view text) {
  try {
    auto impl = std::make_shared<Impl>();
    impl->program = internal::ParseProgram(text);
    return Expression(std::move(impl));
  } catch (const JError& e) {
    std::string msg = e.code + ": " + internal::ErrorMessage(e);
    if (e.position >= 0) msg += " (position " + std::to_string(e.position) + ")";
    return Status::InvalidArgument(std::move(msg));
  }
}

std::variant<Expression, Error> Expression::CompileOrError(std::string_view text) {
  try {
    auto impl = std::make_shared<Impl>();
    impl->program = internal::ParseProgram(text);
    return Expression(std::move(impl));
  } catch (const JError& e) {
    return Error{e.code, internal::ErrorMessage(e), e.position, e.token};
  }
}

std::variant<std::optional<json::Value>, Error> Expression::Evaluate(
    const json::Value* input, const Bindings& bindings) const {
  return Evaluate(input, bindings, EvalOptions{});
}

static Error ToError(const JError& e) {
  Error out;
  out.code = e.code;
  out.message = internal::ErrorMessage(e);
  out.position = e.position;
  out.token = e.token;
  return out;
}

std::variant<std::optional<json::Value>, Error> Expression::Evaluate(
    const json::Value* input, const Bindings& bindings, const EvalOptions& options) const {
  using internal::Value;
  try {
    internal::Limits limits;
    limits.max_depth = options.max_depth;
    limits.max_stack_bytes = options.max_stack_bytes;
    limits.time_limit_ms = options.time_limit_ms;
    internal::FrameCollector frames;  // breaks closure<->frame cycles when this returns
    internal::Evaluator ev(options.step_functions, limits);
    Value in;
    if (input) {
      in = internal::FromJson(*input);
      if (in.is_array()) {
        Value wrapped = internal::NewSequence({in});
        wrapped.arr().outer_wrapper = true;
        in = wrapped;
      }
    }
    auto env = internal::NewFrame();
    env->Bind("$", in);
    for (const auto& [name, v] : bindings.vars()) env->Bind(name, internal::FromJson(v));
    ev.root_env = env;
    Value r = ev.Eval(impl_->program->root.get(), in, env);
    if (r.undefined()) return std::optional<json::Value>();
    if (r.is_array() && r.arr().sequence && r.arr().items.empty()) {
      return std::optional<json::Value>();
    }
    json::Value out;
    if (!internal::ToJson(r, out, true)) {
      return Error{"S_FUNCTION_RESULT", "The expression result is a function", -1, ""};
    }
    return std::optional<json::Value>(std::move(out));
  } catch (const JError& e) {
    return ToError(e);
  }
}

std::variant<std::optional<json::Value>, Error> EvaluateOnce(std::string_view text,
                                                             const json::Value* input,
                                                             const Bindings& bindings,
                                                             const EvalOptions& options) {
  auto compiled = Expression::CompileOrError(text);
  if (auto* e = std::get_if<Error>(&compiled)) return *e;
  return std::get<Expression>(compiled).Evaluate(input, bindings, options);
}

}  // namespace sfn::jsonata
