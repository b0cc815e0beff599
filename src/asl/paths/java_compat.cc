// Java-compatible helpers: java.util.HashMap key order.

#include "asl/paths/java_compat.h"

#include <algorithm>

namespace sfn::asl::paths {

// java.lang.String.hashCode over UTF-16 code units, spread as java.util.HashMap does.
uint32_t JavaSpreadHash(std::string_view s) {
  uint32_t h = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    uint32_t cp = extra == 0 ? c : (c & (0x3F >> extra));
    for (int k = 0; k < extra && ++i < s.size();) {
      cp = (cp << 6) | (s[i] & 0x3F);
      ++k;
    }
    ++i;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      h = 31 * h + (0xD800 + (cp >> 10));
      h = 31 * h + (0xDC00 + (cp & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return h ^ (h >> 16);
}

namespace {

size_t TableSizeFor(size_t c) {
  size_t n = 1;
  while (n < c) n <<= 1;
  return n;
}

}  // namespace

// Table capacity of `new HashMap<>(first)` after `putAll(second)` (Java 17 sizing rules),
// where the two maps have `n1` and `n2` entries and `total` distinct keys.
size_t JavaHashMapCopyCapacity(size_t n1, size_t n2, size_t total) {
  size_t cap = 0, threshold = 0;
  auto presize = [&](size_t s) {
    size_t t = static_cast<size_t>(static_cast<float>(s) / 0.75f + 1.0f);
    if (t > threshold) threshold = TableSizeFor(t);
  };
  auto grow = [&] {
    if (cap == 0) {
      cap = threshold > 0 ? threshold : 16;
    } else {
      cap *= 2;
    }
    threshold = cap * 3 / 4;
  };
  if (n1 > 0) presize(n1);
  for (size_t size = 1; size <= n1; ++size) {
    if (cap == 0) grow();
    if (size > threshold) grow();
  }
  if (n2 > 0) {
    if (cap == 0) {
      presize(n2);
    } else {
      while (n2 > threshold && cap < (1u << 30)) grow();
    }
  }
  for (size_t size = n1 + 1; size <= total; ++size) {
    if (cap == 0) grow();
    if (size > threshold) grow();
  }
  return cap == 0 ? 16 : cap;
}

size_t JavaHashMapPutCapacity(size_t n) {
  size_t cap = 16;
  while (n > cap * 3 / 4) cap *= 2;
  return cap;
}

void SortInJavaHashMapOrder(std::vector<std::string_view>& keys, size_t capacity) {
  std::stable_sort(keys.begin(), keys.end(), [capacity](std::string_view l, std::string_view r) {
    return (JavaSpreadHash(l) & (capacity - 1)) < (JavaSpreadHash(r) & (capacity - 1));
  });
}

}  // namespace sfn::asl::paths
