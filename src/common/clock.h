// Time: an injectable clock and ISO-8601 formatting/parsing as Step Functions prints it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfn {

using SystemTime = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

// Source of wall-clock time. Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual SystemTime Now() const = 0;
};

// The real system clock.
Clock& RealClock();

// "2024-02-07T13:50:16.123Z" (UTC, millisecond precision), as AWS prints context timestamps.
std::string FormatIso8601(SystemTime t);
// Epoch seconds with millisecond fraction, as the API prints dates (e.g. 1707313816.123).
double ToEpochSeconds(SystemTime t);

// Parses an RFC 3339 / ISO-8601 extended offset date-time:
// YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM). Uppercase T required; any fraction length. Returns
// nullopt when it does not match or a field is out of range.
std::optional<SystemTime> ParseRfc3339(std::string_view s);

}  // namespace sfn
