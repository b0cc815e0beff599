// JSONata number formatting: $formatNumber, $formatBase, $formatInteger, $parseInteger.
#include "asl/jsonata/functions.h"

namespace sfn::jsonata::internal {

BuiltinTable FormatBuiltins() { return {nullptr, 0}; }

}  // namespace sfn::jsonata::internal
