#include "core/time.hpp"

#include <chrono>
#include <cstdio>

#include "core/strings.hpp"

namespace carevoice::core {
namespace {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian); Howard Hinnant's algorithm.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
}

}  // namespace

TimeMs SystemClock::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string ToIso8601(TimeMs t) {
  std::int64_t days = t / 86400000;
  std::int64_t rem = t % 86400000;
  if (rem < 0) {
    rem += 86400000;
    --days;
  }
  std::int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  CivilFromDays(days, y, m, d);
  const auto ms = static_cast<int>(rem % 1000);
  const auto secs = static_cast<int>(rem / 1000);
  if (y < 0 || y > 9999) {
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                  static_cast<long long>(y), m, d, secs / 3600, (secs / 60) % 60, secs % 60, ms);
    return buf;
  }
  // The common case without printf (it was a tenth of the uncached conversation list's time).
  std::string out = "0000-00-00T00:00:00.000Z";
  const auto put = [&out](std::size_t end, int value) {
    for (std::size_t i = end; value > 0; --i, value /= 10)
      out[i] = static_cast<char>('0' + value % 10);
  };
  put(3, static_cast<int>(y));
  put(6, static_cast<int>(m));
  put(9, static_cast<int>(d));
  put(12, secs / 3600);
  put(15, (secs / 60) % 60);
  put(18, secs % 60);
  put(22, ms);
  return out;
}

std::optional<TimeMs> ParseIso8601(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, ms = 0;
  if (!core::ParseFixedDigits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' ||
      !core::ParseFixedDigits(s, 5, 2, mo) || s[7] != '-' || !core::ParseFixedDigits(s, 8, 2, d) ||
      s[10] != 'T' || !core::ParseFixedDigits(s, 11, 2, h) || s[13] != ':' ||
      !core::ParseFixedDigits(s, 14, 2, mi) || s[16] != ':' ||
      !core::ParseFixedDigits(s, 17, 2, se)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (s[pos] == '.') {
    ++pos;
    int frac = 0;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) frac = frac * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int k = digits; k < 3; ++k) frac *= 10;
    ms = frac;
  }
  if (pos + 1 != s.size() || s[pos] != 'Z') return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  const std::int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60000LL + se * 1000LL + ms;
}

std::optional<std::int64_t> ParseDurationSeconds(std::string_view s) {
  s = TrimAscii(s);
  if (s.empty()) return std::nullopt;
  std::size_t i = 0;
  double value = 0;
  bool any = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    value = value * 10 + (s[i] - '0');
    any = true;
    ++i;
  }
  if (!any || value > 1e12) return std::nullopt;
  const std::string unit = ToLowerAscii(TrimAscii(s.substr(i)));
  double mult = 0;
  if (unit.empty() || unit == "s" || unit == "sec" || unit == "secs" || unit == "second" ||
      unit == "seconds") {
    mult = 1;
  } else if (unit == "ms") {
    mult = 0.001;
  } else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" ||
             unit == "minutes") {
    mult = 60;
  } else if (unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours") {
    mult = 3600;
  } else if (unit == "d" || unit == "day" || unit == "days") {
    mult = 86400;
  } else if (unit == "w" || unit == "week" || unit == "weeks") {
    mult = 604800;
  } else if (unit == "y" || unit == "year" || unit == "years") {
    mult = 31557600;
  } else {
    return std::nullopt;
  }
  const auto secs = static_cast<std::int64_t>(value * mult);
  if (secs <= 0) return std::nullopt;
  return secs;
}

}  // namespace carevoice::core
