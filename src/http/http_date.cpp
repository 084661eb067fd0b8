#include "http/http_date.hpp"
#include "core/strings.hpp"

#include <array>
#include <cstdio>

namespace carevoice::http {
namespace {

constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string FormatHttpDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  const int n = std::snprintf(buf, sizeof(buf), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                              kDays[static_cast<std::size_t>(tm.tm_wday) % 7], tm.tm_mday,
                              kMonths[static_cast<std::size_t>(tm.tm_mon) % 12], tm.tm_year + 1900,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
  return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

std::optional<std::time_t> ParseHttpDate(std::string_view s) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  std::tm tm{};
  int month = -1;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (s.substr(8, 3) == kMonths[i]) month = static_cast<int>(i);
  }
  int day = 0, year = 0, hour = 0, minute = 0, second = 0;
  if (month < 0 || !core::ParseFixedDigits(s, 5, 2, day) ||
      !core::ParseFixedDigits(s, 12, 4, year) || !core::ParseFixedDigits(s, 17, 2, hour) ||
      !core::ParseFixedDigits(s, 20, 2, minute) || !core::ParseFixedDigits(s, 23, 2, second) ||
      day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  tm.tm_mday = day;
  tm.tm_mon = month;
  tm.tm_year = year - 1900;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return timegm(&tm);
}

}  // namespace carevoice::http
