#pragma once

// IMF-fixdate (RFC 9110 §5.6.7) formatting and parsing for Date, Last-Modified and
// If-Modified-Since.

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace carevoice::http {

// Returns `t` (seconds since the epoch) as "Sun, 06 Nov 1994 08:49:37 GMT".
std::string FormatHttpDate(std::time_t t);

// Parses an IMF-fixdate. Returns nullopt for any other form (obsolete RFC 850 and asctime forms
// included: callers then ignore the header, which is what RFC 9110 allows).
std::optional<std::time_t> ParseHttpDate(std::string_view s);

}  // namespace carevoice::http
