#include "voice/speech_text.hpp"

#include <array>
#include <cctype>
#include <optional>
#include <utility>

#include "core/number_words.hpp"
#include "core/strings.hpp"

namespace carevoice::voice {
namespace {

constexpr const auto& kOnes = core::kNumberOnes;
constexpr const auto& kTens = core::kNumberTens;
constexpr std::array<std::string_view, 12> kMonths{"January",   "February", "March",    "April",
                                                   "May",       "June",     "July",     "August",
                                                   "September", "October",  "November", "December"};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

std::string Lower(std::string_view s) { return core::ToLowerAscii(s); }

// Parses a small non-negative integer made only of digits (at most 15).
std::optional<long long> ParseInt(std::string_view s) {
  if (!AllDigits(s) || s.size() > 15) return std::nullopt;
  long long v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::string Below1000(int n) {
  std::string out;
  if (n >= 100) {
    out = std::string(kOnes[static_cast<std::size_t>(n / 100)]) + " hundred";
    n %= 100;
    if (n == 0) return out;
    out += ' ';
  }
  if (n < 20) return out + std::string(kOnes[static_cast<std::size_t>(n)]);
  out += kTens[static_cast<std::size_t>(n / 10)];
  if (n % 10 != 0) out += "-" + std::string(kOnes[static_cast<std::size_t>(n % 10)]);
  return out;
}

std::string Digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!IsDigit(c)) continue;
    if (!out.empty()) out += ' ';
    out += kOnes[static_cast<std::size_t>(c - '0')];
  }
  return out;
}

// "HB-20417" → "H B two zero four one seven".
std::string SpellOut(std::string_view s) {
  std::string out;
  for (char c : s) {
    std::string piece;
    if (IsDigit(c)) {
      piece = std::string(kOnes[static_cast<std::size_t>(c - '0')]);
    } else if (IsAlpha(c)) {
      piece = std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    } else {
      continue;  // Dashes, slashes and '#' are pauses, not words.
    }
    if (!out.empty()) out += ' ';
    out += piece;
  }
  return out;
}

std::string YearToWords(int year) {
  if (year % 1000 < 10 && year / 1000 == 2) return NumberToWords(year);  // 2000..2009
  const int hi = year / 100;
  const int lo = year % 100;
  if (lo == 0) return Below1000(hi) + " hundred";
  return Below1000(hi) + (lo < 10 ? " oh " : " ") + Below1000(lo);
}

// "1,250.75" (commas optional) → words with "point". nullopt if not a number.
std::optional<std::string> DecimalToWords(std::string_view s) {
  std::string whole;
  std::string_view frac;
  const auto dot = s.find('.');
  std::string_view int_part = s.substr(0, dot);
  if (dot != std::string_view::npos) {
    frac = s.substr(dot + 1);
    if (!AllDigits(frac)) return std::nullopt;
  }
  for (std::size_t i = 0; i < int_part.size(); ++i) {
    const char c = int_part[i];
    if (c == ',') {
      // Thousands separators: exactly three digits follow each.
      if (i == 0 || int_part.size() - i - 1 < 3) return std::nullopt;
      continue;
    }
    if (!IsDigit(c)) return std::nullopt;
    whole += c;
  }
  if (whole.empty()) {
    if (frac.empty()) return std::nullopt;
    whole = "0";
  }
  auto n = ParseInt(whole);
  if (!n) return Digits(s);
  std::string out = NumberToWords(*n);
  if (!frac.empty()) out += " point " + Digits(frac);
  return out;
}

struct Currency {
  std::string_view symbol;
  std::string_view one;
  std::string_view many;
  std::string_view cent;
  std::string_view cents;
};
constexpr std::array<Currency, 3> kCurrencies{{
    {"$", "dollar", "dollars", "cent", "cents"},
    {"\xE2\x82\xAC", "euro", "euros", "cent", "cents"},
    {"\xC2\xA3", "pound", "pounds", "penny", "pence"},
}};

std::optional<std::string> MoneyToWords(std::string_view amount, const Currency& c) {
  std::string_view scale;
  if (!amount.empty() && (amount.back() == 'k' || amount.back() == 'K')) {
    scale = "thousand";
    amount.remove_suffix(1);
  } else if (!amount.empty() && (amount.back() == 'm' || amount.back() == 'M')) {
    scale = "million";
    amount.remove_suffix(1);
  }
  const auto dot = amount.find('.');
  std::string whole;
  for (char ch : amount.substr(0, dot)) {
    if (ch == ',') continue;
    if (!IsDigit(ch)) return std::nullopt;
    whole += ch;
  }
  if (whole.empty()) whole = "0";
  auto units = ParseInt(whole);
  if (!units) return std::nullopt;
  if (!scale.empty()) {
    auto words = DecimalToWords(amount);
    if (!words) return std::nullopt;
    return *words + " " + std::string(scale) + " " + std::string(c.many);
  }
  long long cents = 0;
  if (dot != std::string_view::npos) {
    const std::string_view frac = amount.substr(dot + 1);
    if (frac.size() != 2 || !AllDigits(frac)) {
      auto words = DecimalToWords(amount);
      if (!words) return std::nullopt;
      return *words + " " + std::string(c.many);
    }
    cents = (frac[0] - '0') * 10 + (frac[1] - '0');
  }
  std::string out;
  if (*units > 0 || cents == 0) {
    out = NumberToWords(*units) + " " + std::string(*units == 1 ? c.one : c.many);
  }
  if (cents > 0) {
    if (!out.empty()) out += " and ";
    out += NumberToWords(cents) + " " + std::string(cents == 1 ? c.cent : c.cents);
  }
  return out;
}

std::optional<std::string> DateToWords(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return std::string(kMonths[static_cast<std::size_t>(month - 1)]) + " " + OrdinalToWords(day) +
         ", " + YearToWords(year);
}

// "3:30" → "three thirty"; "14:05" → "fourteen oh five"; "3:00" → "three o'clock" (without a
// meridiem the caller may drop "o'clock").
std::optional<std::string> ClockToWords(std::string_view s, bool has_meridiem) {
  const auto colon = s.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto h = ParseInt(s.substr(0, colon));
  auto m = ParseInt(s.substr(colon + 1));
  if (!h || !m || s.size() - colon - 1 != 2 || *h > 24 || *m > 59 || colon > 2) {
    return std::nullopt;
  }
  std::string out = NumberToWords(*h);
  if (*m == 0) return has_meridiem ? out : out + " o'clock";
  out += *m < 10 ? " oh " + NumberToWords(*m) : " " + NumberToWords(*m);
  return out;
}

const std::array<std::pair<std::string_view, std::string_view>, 26> kAbbreviations{{
    {"Mr.", "Mister"},
    {"Mrs.", "Missus"},
    {"Ms.", "Miz"},
    {"Dr.", "Doctor"},
    {"St.", "Street"},
    {"Ave.", "Avenue"},
    {"Rd.", "Road"},
    {"approx.", "approximately"},
    {"e.g.", "for example"},
    {"i.e.", "that is"},
    {"etc.", "et cetera"},
    {"vs.", "versus"},
    {"vs", "versus"},
    {"No.", "number"},
    {"no.", "number"},
    {"hrs", "hours"},
    {"hr", "hour"},
    {"mins", "minutes"},
    {"min", "minutes"},
    {"ASAP", "as soon as possible"},
    {"FAQ", "F A Q"},
    {"ID", "I D"},
    {"&", "and"},
    {"w/", "with"},
    {"Mon-Fri", "Monday to Friday"},
    {"24/7", "twenty-four seven"},
}};

bool IsMeridiem(std::string_view w, std::string* spoken) {
  const std::string l = Lower(w);
  if (l == "am" || l == "a.m." || l == "a.m") {
    *spoken = "a m";
    return true;
  }
  if (l == "pm" || l == "p.m." || l == "p.m") {
    *spoken = "p m";
    return true;
  }
  return false;
}

std::string Email(std::string_view s) {
  std::string out;
  auto sep = [&out](std::string_view word) {
    out += ' ';
    out += word;
    out += ' ';
  };
  for (char c : s) {
    switch (c) {
      case '.':
        sep("dot");
        break;
      case '@':
        sep("at");
        break;
      case '-':
        sep("dash");
        break;
      case '_':
        sep("underscore");
        break;
      case '/':
        sep("slash");
        break;
      case ':':
        break;
      default:
        if (IsDigit(c)) {
          sep(kOnes[static_cast<std::size_t>(c - '0')]);
        } else {
          out += c;
        }
    }
  }
  // Collapse the doubled spaces.
  std::string collapsed;
  for (char c : out) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += c;
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

// Speaks one whitespace-free token (punctuation around it already removed). `next` is the
// following token (for "3:30 pm"); sets *consumed_next when it was used.
std::string SpeakToken(std::string_view w, std::string_view next, bool* consumed_next) {
  for (const auto& [abbr, spoken] : kAbbreviations) {
    if (w == abbr) {
      if (abbr == "No." || abbr == "no.") {
        if (next.empty() || !IsDigit(next.front())) break;  // "No." ending a sentence.
      }
      return std::string(spoken);
    }
  }
  const std::string lower = Lower(w);
  if (core::StartsWith(lower, "http://") || core::StartsWith(lower, "https://") ||
      core::StartsWith(lower, "www.")) {
    std::string_view rest =
        w.substr(lower.find("//") == std::string::npos ? 0 : lower.find("//") + 2);
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    return Email(rest);
  }
  if (const auto at = w.find('@');
      at != std::string_view::npos && at > 0 && w.find('.', at) != std::string_view::npos) {
    return Email(w);
  }
  for (const Currency& c : kCurrencies) {
    if (core::StartsWith(w, c.symbol)) {
      if (auto m = MoneyToWords(w.substr(c.symbol.size()), c)) return *m;
    }
  }
  if (w.size() > 1 && w.back() == '%') {
    if (auto n = DecimalToWords(w.substr(0, w.size() - 1))) return *n + " percent";
  }
  // Dates: 2024-05-01 and 05/01/2024 (US).
  if (w.size() == 10 && IsDigit(w[0]) && w[4] == '-' && w[7] == '-') {
    auto y = ParseInt(w.substr(0, 4));
    auto mo = ParseInt(w.substr(5, 2));
    auto d = ParseInt(w.substr(8, 2));
    if (y && mo && d) {
      if (auto s = DateToWords(static_cast<int>(*y), static_cast<int>(*mo), static_cast<int>(*d))) {
        return *s;
      }
    }
  }
  if (const auto s1 = w.find('/'); s1 != std::string_view::npos && IsDigit(w[0])) {
    const auto s2 = w.find('/', s1 + 1);
    if (s2 != std::string_view::npos) {
      auto mo = ParseInt(w.substr(0, s1));
      auto d = ParseInt(w.substr(s1 + 1, s2 - s1 - 1));
      auto y = ParseInt(w.substr(s2 + 1));
      if (mo && d && y && (w.size() - s2 - 1 == 4 || w.size() - s2 - 1 == 2)) {
        const int year = static_cast<int>(w.size() - s2 - 1 == 2 ? 2000 + *y : *y);
        if (auto s = DateToWords(year, static_cast<int>(*mo), static_cast<int>(*d))) return *s;
      }
    }
  }
  // Times: "3:30", "3:30pm", "9am" (+ a separate "pm").
  {
    std::string_view core_w = w;
    std::string meridiem;
    for (std::string_view suffix : {"am", "pm", "a.m.", "p.m."}) {
      if (lower.size() > suffix.size() && EndsWith(lower, suffix) &&
          IsDigit(lower[lower.size() - suffix.size() - 1])) {
        IsMeridiem(suffix, &meridiem);
        core_w = w.substr(0, w.size() - suffix.size());
        break;
      }
    }
    if (meridiem.empty() && !next.empty() && IsMeridiem(next, &meridiem)) *consumed_next = true;
    const bool has_meridiem = !meridiem.empty();
    std::optional<std::string> spoken;
    if (core_w.find(':') != std::string_view::npos) {
      spoken = ClockToWords(core_w, has_meridiem);
    } else if (has_meridiem) {
      if (auto h = ParseInt(core_w); h && *h >= 1 && *h <= 12) spoken = NumberToWords(*h);
    }
    if (spoken) return has_meridiem ? *spoken + " " + meridiem : *spoken;
    *consumed_next = false;
  }
  // Ordinals: 1st, 22nd, 3rd, 4th.
  if (w.size() >= 3) {
    const std::string suffix = Lower(w.substr(w.size() - 2));
    if ((suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th")) {
      if (auto n = ParseInt(w.substr(0, w.size() - 2))) return OrdinalToWords(*n);
    }
  }
  bool has_digit = false;
  bool has_alpha = false;
  bool other = false;
  for (char c : w) {
    if (IsDigit(c)) {
      has_digit = true;
    } else if (IsAlpha(c)) {
      has_alpha = true;
    } else if (c != '-' && c != '#' && c != '/' && c != ',' && c != '.') {
      other = true;
    }
  }
  if (!has_digit || other) return std::string(w);
  // Codes: order numbers, tickets, tracking ("HB-20417", "A1B2", "#20417").
  if (has_alpha || w.front() == '#' || w.find('-') != std::string_view::npos) {
    std::string prefix = w.front() == '#' && !has_alpha ? "number " : "";
    return prefix + SpellOut(w);
  }
  if (w.find('/') != std::string_view::npos) return SpellOut(w);
  if (AllDigits(w)) {
    if (w.size() >= 5 || (w.size() > 1 && w[0] == '0')) return Digits(w);  // Ids, phones.
    const auto n = *ParseInt(w);
    if (w.size() == 4 && n >= 1900 && n <= 2099) return YearToWords(static_cast<int>(n));
    return NumberToWords(n);
  }
  if (auto n = DecimalToWords(w)) return *n;
  return SpellOut(w);
}

bool IsTrailingPunct(char c) {
  return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
         c == '"' || c == '\'' || c == ']';
}
bool IsLeadingPunct(char c) { return c == '(' || c == '"' || c == '\'' || c == '['; }

// Splits a whitespace-free word into (leading punctuation, core, trailing punctuation). A
// trailing '.' stays in the core when it belongs to an abbreviation.
struct Word {
  std::string_view lead, core, trail;
};
Word SplitWord(std::string_view w) {
  Word out;
  std::size_t b = 0;
  while (b < w.size() && IsLeadingPunct(w[b])) ++b;
  std::size_t e = w.size();
  while (e > b && IsTrailingPunct(w[e - 1])) --e;
  out.lead = w.substr(0, b);
  out.core = w.substr(b, e - b);
  out.trail = w.substr(e);
  // Keep an abbreviation's dot ("Mr.", "e.g.", "a.m.").
  if (!out.trail.empty() && out.trail.front() == '.') {
    const std::string with_dot = std::string(out.core) + ".";
    for (const auto& [abbr, spoken] : kAbbreviations) {
      if (abbr == with_dot) {
        out.core = w.substr(b, e - b + 1);
        out.trail = out.trail.substr(1);
        break;
      }
    }
    const std::string l = Lower(with_dot);
    if (l == "a.m." || l == "p.m." || EndsWith(l, "a.m.") || EndsWith(l, "p.m.")) {
      out.core = w.substr(b, e - b + 1);
      out.trail = out.trail.substr(1);
    }
  }
  return out;
}

}  // namespace

std::string NumberToWords(long long n) {
  if (n < 0) return "minus " + NumberToWords(-n);
  if (n < 1000) return Below1000(static_cast<int>(n));
  constexpr std::array<std::pair<long long, std::string_view>, 4> kScales{{
      {1'000'000'000'000LL, "trillion"},
      {1'000'000'000LL, "billion"},
      {1'000'000LL, "million"},
      {1'000LL, "thousand"},
  }};
  std::string out;
  for (const auto& [scale, name] : kScales) {
    if (n >= scale) {
      if (!out.empty()) out += ' ';
      out += Below1000(static_cast<int>(n / scale)) + " " + std::string(name);
      n %= scale;
    }
  }
  if (n > 0) out += " " + Below1000(static_cast<int>(n));
  return out;
}

std::string OrdinalToWords(long long n) {
  std::string words = NumberToWords(n);
  // Replace the last word ("one" → "first", "twenty" → "twentieth"...).
  const auto cut = words.find_last_of(" -");
  const std::string head = cut == std::string::npos ? "" : words.substr(0, cut + 1);
  const std::string last = cut == std::string::npos ? words : words.substr(cut + 1);
  static const std::array<std::pair<std::string_view, std::string_view>, 8> kIrregular{{
      {"one", "first"},
      {"two", "second"},
      {"three", "third"},
      {"five", "fifth"},
      {"eight", "eighth"},
      {"nine", "ninth"},
      {"twelve", "twelfth"},
      {"zero", "zeroth"},
  }};
  for (const auto& [plain, ordinal] : kIrregular) {
    if (last == plain) return head + std::string(ordinal);
  }
  if (EndsWith(last, "y")) return head + last.substr(0, last.size() - 1) + "ieth";
  return head + last + "th";
}

std::string NormalizeForSpeech(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  std::string out;
  for (std::size_t k = 0; k < words.size(); ++k) {
    const Word w = SplitWord(words[k]);
    std::string_view next;
    if (k + 1 < words.size() && w.trail.empty()) next = SplitWord(words[k + 1]).core;
    bool consumed = false;
    std::string spoken = w.core.empty() ? std::string() : SpeakToken(w.core, next, &consumed);
    std::string_view trail = w.trail;
    if (consumed) trail = SplitWord(words[k + 1]).trail;
    if (!out.empty()) out += ' ';
    out += w.lead;
    out += spoken;
    out += trail;
    if (consumed) ++k;
  }
  return out;
}

std::vector<std::string> SplitSentences(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kNoBreak{
      "mr", "mrs", "ms", "dr", "st", "vs", "e.g", "i.e", "no", "approx", "jr", "sr"};
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    const std::string_view t = core::TrimAscii(current);
    if (!t.empty()) out.emplace_back(t);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      flush();
      continue;
    }
    current += c;
    if (c != '.' && c != '!' && c != '?') continue;
    // Absorb runs ("?!", "...") and closing quotes/brackets.
    while (i + 1 < text.size() &&
           (text[i + 1] == '.' || text[i + 1] == '!' || text[i + 1] == '?' || text[i + 1] == '"' ||
            text[i + 1] == ')' || text[i + 1] == '\'')) {
      current += text[++i];
    }
    const bool at_end = i + 1 >= text.size();
    if (!at_end && !std::isspace(static_cast<unsigned char>(text[i + 1]))) continue;
    if (c == '.') {
      // The word before the dot: an abbreviation or an initial does not end a sentence.
      std::size_t b = current.size() - 1;
      while (b > 0 && !std::isspace(static_cast<unsigned char>(current[b - 1]))) --b;
      std::string word = Lower(current.substr(b, current.size() - 1 - b));
      while (!word.empty() && IsLeadingPunct(word.front())) word.erase(0, 1);
      bool no_break = word.size() == 1 && IsAlpha(word[0]);
      for (std::string_view abbr : kNoBreak) no_break = no_break || word == abbr;
      if (no_break && !at_end) continue;
    }
    flush();
  }
  flush();
  return out;
}

}  // namespace carevoice::voice
