// JSONata lexer + Pratt parser + AST post-processing (paths, stages, ancestry).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "asl/jsonata/ast.h"

namespace sfn::jsonata::internal {

struct Program {
  NodePtr root;
  std::vector<std::unique_ptr<Slot>> slots;
};

// Parses `text`; throws JError (S0xxx) on syntax errors.
std::unique_ptr<Program> ParseProgram(std::string_view text);

}  // namespace sfn::jsonata::internal
