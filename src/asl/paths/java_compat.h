// Internal: helpers that reproduce Java collection behaviour Step Functions exposes, chiefly
// the key order of java.util.HashMap (payload template results, States.JsonMerge).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace sfn::asl::paths {

// java.lang.String.hashCode of UTF-8 text (over its UTF-16 code units), spread the way
// java.util.HashMap spreads it (h ^ h >>> 16).
uint32_t JavaSpreadHash(std::string_view s);

// Table capacity of a default-constructed HashMap after `n` distinct puts.
size_t JavaHashMapPutCapacity(size_t n);

// Table capacity of `new HashMap<>(first)` after `putAll(second)` (Java 17 sizing), where the
// maps have `n1` and `n2` entries and `total` distinct keys together.
size_t JavaHashMapCopyCapacity(size_t n1, size_t n2, size_t total);

// Reorders distinct `keys` (given in insertion order) into the iteration order of a HashMap
// with table `capacity` (a power of two). Ignores treeified bins (8+ keys in one bucket).
void SortInJavaHashMapOrder(std::vector<std::string_view>& keys, size_t capacity);

}  // namespace sfn::asl::paths
