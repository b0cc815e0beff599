// Internal: the shared state of one validation run and the helpers every rule file uses.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "asl/validate/validate.h"
#include "json/json.h"

namespace sfn::asl::validate_internal {

inline constexpr std::string_view kSchema = "SCHEMA_VALIDATION_FAILED";

// Collects diagnostics and carries machine-wide facts (query language, names seen so far).
class Checker {
 public:
  Checker(const ValidateOptions& options, std::vector<Diagnostic>* out)
      : options_(options), out_(out) {}

  const ValidateOptions& options() const { return options_; }
  bool express() const { return options_.type == StateMachineType::kExpress; }

  void Error(std::string_view code, std::string message, std::string location);
  void Schema(std::string message, std::string location) {
    Error(kSchema, std::move(message), std::move(location));
  }
  void Warning(std::string_view code, std::string message, std::string location);

  bool machine_jsonata = false;
  // Every state name seen so far in the whole machine (names must be unique across scopes).
  std::unordered_set<std::string> state_names;
  std::unordered_set<std::string> labels;
  int nesting = 0;
  // True while a Catcher's Output/Assign is checked ($states.errorOutput exists only there).
  bool in_catcher = false;

 private:
  const ValidateOptions& options_;
  std::vector<Diagnostic>* out_;
};

// ---- Small JSON helpers ----
const json::Value* Get(const json::Object& o, std::string_view key);
bool IsJsonata(const json::Value& v);  // a string "{% ... %}"
std::string_view JsonataBody(std::string_view s);
// "[A, B, C]" for messages.
std::string Bracketed(std::initializer_list<std::string_view> items);

// ---- Typed field checks; each reports at `loc` and returns false on a problem ----
bool ExpectString(Checker& c, const json::Value& v, const std::string& loc);
bool ExpectBool(Checker& c, const json::Value& v, const std::string& loc);
bool ExpectObject(Checker& c, const json::Value& v, const std::string& loc);
bool ExpectArray(Checker& c, const json::Value& v, const std::string& loc);
// Integer in [min, max]; when `jsonata` a "{% %}" string is accepted too.
bool ExpectInt(Checker& c, const json::Value& v, const std::string& loc, int64_t min, int64_t max,
               bool jsonata);
bool ExpectNumber(Checker& c, const json::Value& v, const std::string& loc, double min, double max,
                  bool jsonata);
bool ExpectEnum(Checker& c, const json::Value& v, const std::string& loc,
                std::initializer_list<std::string_view> values);
// Reports "These fields are required: [..]" at `loc` for the absent ones.
bool RequireFields(Checker& c, const json::Object& o, const std::string& loc,
                   std::initializer_list<std::string_view> fields);
// Reports "Field 'X' is not supported" at `loc` for keys outside `allowed`.
void RejectUnknownFields(Checker& c, const json::Object& o, const std::string& loc,
                         std::initializer_list<std::string_view> allowed);
// At most one of `names` present; reports at `loc` (the owning object).
bool Exclusive(Checker& c, const json::Object& o, const std::string& loc,
               std::initializer_list<std::string_view> names);

// ---- Syntax checks (syntax.cc) ----
// Path fields such as InputPath: Path (or null when `nullable`).
void CheckPathField(Checker& c, const json::Object& o, std::string_view field,
                    const std::string& state_loc, bool reference, bool nullable);
// A JSONPath payload template (Parameters, ResultSelector, ItemSelector, ...).
void CheckPayloadTemplate(Checker& c, const json::Value& v, const std::string& loc);
// Every "{% %}" string inside `v` must parse (JSONata states only).
void CheckJsonataStrings(Checker& c, const json::Value& v, const std::string& loc);
// Assign block for either language.
void CheckAssign(Checker& c, const json::Value& v, const std::string& loc, bool jsonata);
// Whether `text` is a syntactically valid Path / Reference Path / intrinsic call.
std::optional<std::string> PathError(const Checker& c, std::string_view text, bool reference);
std::optional<std::string> IntrinsicError(const Checker& c, std::string_view text);
bool IsRfc3339(std::string_view s);
// NO_PATH warning when a literal field's string value looks like a JSONPath ("$.x", "$$.x").
void WarnIfLooksLikePath(Checker& c, const json::Value& v, const std::string& loc);
// Python's repr() of a string (AWS's Label errors are Python ValueErrors).
std::string PyRepr(std::string_view s);

// ---- Rule files ----
// Validates one States block (top level, branch or ItemProcessor). `loc` is the block's owner
// location ("" for the top level, "/States/P/Branches[0]", ...).
void CheckStatesBlock(Checker& c, const json::Object& owner, const std::string& loc,
                      bool top_level);
void CheckState(Checker& c, const std::string& name, const json::Value& state,
                const std::string& loc, const std::unordered_set<std::string>& siblings);
void CheckChoiceState(Checker& c, const json::Object& s, const std::string& loc, bool jsonata,
                      const std::unordered_set<std::string>& siblings);
void CheckMapState(Checker& c, const json::Object& s, const std::string& loc, bool jsonata);
void CheckRetry(Checker& c, const json::Value& v, const std::string& loc);
void CheckCatch(Checker& c, const json::Value& v, const std::string& loc, bool jsonata,
                const std::unordered_set<std::string>& siblings);
void CheckTarget(Checker& c, const json::Value& v, const std::string& loc,
                 const std::unordered_set<std::string>& siblings);

}  // namespace sfn::asl::validate_internal
