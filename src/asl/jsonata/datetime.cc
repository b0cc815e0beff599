// JSONata date/time functions: $now, $millis, $fromMillis, $toMillis.
#include "asl/jsonata/functions.h"

namespace sfn::jsonata::internal {

BuiltinTable DateBuiltins() { return {nullptr, 0}; }

}  // namespace sfn::jsonata::internal
