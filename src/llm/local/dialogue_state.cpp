#include "llm/local/dialogue_state.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/strings.hpp"

namespace carevoice::llm::local {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Tokens made of [A-Za-z0-9#-], with surrounding '-' removed.
std::vector<std::string> CodeTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  auto flush = [&] {
    while (!current.empty() && current.back() == '-') current.pop_back();
    while (!current.empty() && current.front() == '-') current.erase(current.begin());
    if (!current.empty()) tokens.push_back(current);
    current.clear();
  };
  for (char c : text) {
    if (IsAlnum(c) || c == '#' || c == '-') {
      current += c;
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

int CountDigits(std::string_view s) {
  return static_cast<int>(std::count_if(s.begin(), s.end(), IsDigit));
}

// Returns the normalised code if `token` looks like an order code: 3-24 characters of letters,
// digits and dashes with at least one digit.
std::optional<std::string> AsCode(std::string_view token, int min_digits) {
  if (!token.empty() && token.front() == '#') token.remove_prefix(1);
  if (token.size() < 3 || token.size() > 24) return std::nullopt;
  if (token.find('#') != std::string_view::npos) return std::nullopt;
  if (CountDigits(token) < min_digits) return std::nullopt;
  const bool all_digits = std::all_of(token.begin(), token.end(), IsDigit);
  if (all_digits) return "#" + std::string(token);
  std::string code;
  for (char c : token) code += Upper(c);
  return code;
}

std::string Lower(std::string_view s) { return core::ToLowerAscii(s); }

}  // namespace

std::string DialogueState::ToJson() const {
  boost::json::object o;
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) o[key] = value;
  };
  put("orderNumber", order_number);
  put("email", email);
  put("phone", phone);
  put("name", name);
  put("awaiting", awaiting);
  put("pendingTopic", pending_topic);
  put("lastTopic", last_topic);
  put("lastQuestion", last_question);
  put("language", language);
  if (last_entry >= 0) o["lastEntry"] = last_entry;
  o["turns"] = turns;
  o["unanswered"] = unanswered;
  return boost::json::serialize(o);
}

DialogueState DialogueState::FromJson(std::string_view json) {
  DialogueState state;
  if (json.empty()) return state;
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return state;
  const auto& o = v.get_object();
  auto get = [&](const char* key, std::string& out) {
    if (const auto* p = o.if_contains(key); p && p->is_string()) out = std::string(p->get_string());
  };
  auto get_int = [&](const char* key, int& out) {
    if (const auto* p = o.if_contains(key); p && p->is_int64()) {
      out = static_cast<int>(std::clamp<std::int64_t>(p->get_int64(), 0, 1'000'000));
    }
  };
  get("orderNumber", state.order_number);
  get("email", state.email);
  get("phone", state.phone);
  get("name", state.name);
  get("awaiting", state.awaiting);
  get("pendingTopic", state.pending_topic);
  get("lastTopic", state.last_topic);
  get("lastQuestion", state.last_question);
  get("language", state.language);
  get_int("lastEntry", state.last_entry);
  get_int("turns", state.turns);
  get_int("unanswered", state.unanswered);
  return state;
}

std::optional<std::string> ExtractOrderNumber(std::string_view text, bool expecting) {
  const std::vector<std::string> tokens = CodeTokens(text);
  // 1. "#12345" anywhere.
  for (const std::string& token : tokens) {
    if (token.size() > 1 && token.front() == '#') {
      if (auto code = AsCode(token, 1)) return code;
    }
  }
  // 2. A code within four tokens after "order", "reference", "confirmation", "tracking".
  static const std::vector<std::string_view> kCues = {"order",        "reference", "ref",
                                                      "confirmation", "tracking",  "booking"};
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string lower = Lower(tokens[i]);
    if (std::find(kCues.begin(), kCues.end(), lower) == kCues.end()) continue;
    for (std::size_t j = i + 1; j < tokens.size() && j <= i + 4; ++j) {
      if (auto code = AsCode(tokens[j], 1); code && CountDigits(tokens[j]) >= 3) return code;
    }
  }
  // 3. A bare upper-case mixed code such as "A1B2C3".
  for (const std::string& token : tokens) {
    const bool has_lower =
        std::any_of(token.begin(), token.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    const bool has_alpha = std::any_of(token.begin(), token.end(), IsAlpha);
    if (token.size() >= 5 && has_alpha && !has_lower && CountDigits(token) >= 2) {
      if (auto code = AsCode(token, 2)) return code;
    }
  }
  // 4. Any 4-20 digit number when the agent asked for one.
  if (expecting) {
    for (const std::string& token : tokens) {
      const int digits = CountDigits(token);
      if (digits >= 4 && digits <= 20 &&
          std::all_of(token.begin(), token.end(), [](char c) { return IsDigit(c) || c == '-'; })) {
        return AsCode(token, 4);
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> ExtractEmail(std::string_view text) {
  auto local_char = [](char c) {
    return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  };
  auto domain_char = [](char c) { return IsAlnum(c) || c == '.' || c == '-'; };
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > 0 && local_char(text[begin - 1])) --begin;
    std::size_t end = at + 1;
    while (end < text.size() && domain_char(text[end])) ++end;
    std::string_view domain = text.substr(at + 1, end - at - 1);
    while (!domain.empty() && (domain.back() == '.' || domain.back() == '-'))
      domain.remove_suffix(1);
    if (begin == at || domain.find('.') == std::string_view::npos || domain.front() == '.')
      continue;
    return Lower(std::string(text.substr(begin, at - begin)) + "@" + std::string(domain));
  }
  return std::nullopt;
}

std::optional<std::string> ExtractPhone(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!(IsDigit(text[i]) || text[i] == '+' || text[i] == '(')) continue;
    if (i > 0 && (IsAlnum(text[i - 1]) || text[i - 1] == '#')) continue;
    std::string digits;
    bool separators = false;
    std::size_t j = i;
    for (; j < text.size(); ++j) {
      const char c = text[j];
      if (IsDigit(c)) {
        digits += c;
      } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || (c == '+' && j == i)) {
        if (c != '+') separators = true;
        if (c == ' ' && j + 1 < text.size() && !IsDigit(text[j + 1]) && text[j + 1] != '(') break;
      } else {
        break;
      }
    }
    if (j < text.size() && IsAlpha(text[j])) continue;
    const std::string lower = Lower(text);
    const bool cue =
        lower.find("phone") != std::string::npos || lower.find("call") != std::string::npos ||
        lower.find("mobile") != std::string::npos || lower.find("cell") != std::string::npos ||
        lower.find("text me") != std::string::npos;
    if (digits.size() >= 10 && digits.size() <= 15 && (text[i] == '+' || separators || cue)) {
      return (text[i] == '+' ? "+" : "") + digits;
    }
    i = j;
  }
  return std::nullopt;
}

std::optional<std::string> ExtractName(std::string_view text) {
  const std::string lower = Lower(text);
  static const std::vector<std::pair<std::string_view, bool>> kCues = {
      // {cue, requires a capitalised name}
      {"my name is ", false},
      {"my name's ", false},
      {"call me ", false},
      {"this is ", true}};
  for (const auto& [cue, needs_capital] : kCues) {
    const std::size_t pos = lower.find(cue);
    if (pos == std::string::npos) continue;
    std::size_t i = pos + cue.size();
    std::string name;
    int words = 0;
    while (i < text.size() && words < 2) {
      std::size_t j = i;
      while (j < text.size() && (IsAlpha(text[j]) || text[j] == '\'' || text[j] == '-')) ++j;
      if (j == i) break;
      std::string word(text.substr(i, j - i));
      const bool capital = word[0] >= 'A' && word[0] <= 'Z';
      if (words == 0 && needs_capital && !capital) break;
      if (words > 0 && !capital) break;
      static const std::vector<std::string_view> kNotNames = {"and", "i", "the", "a", "my", "not"};
      if (std::find(kNotNames.begin(), kNotNames.end(), Lower(word)) != kNotNames.end()) break;
      word[0] = Upper(word[0]);
      if (!name.empty()) name += ' ';
      name += word;
      ++words;
      if (j >= text.size() || text[j] != ' ') break;
      i = j + 1;
    }
    if (!name.empty()) return name;
  }
  return std::nullopt;
}

bool UpdateSlots(DialogueState& state, std::string_view text) {
  bool changed = false;
  auto set = [&](std::string& slot, std::optional<std::string> value) {
    if (value && *value != slot) {
      slot = std::move(*value);
      changed = true;
    }
  };
  const auto email = ExtractEmail(text);
  set(state.email, email);
  // Strip the e-mail before looking for codes so "a1b2c3@x.com" is not an order number.
  std::string rest(text);
  if (email) {
    const std::string lower = Lower(rest);
    if (const auto at = lower.find(*email); at != std::string::npos) rest.erase(at, email->size());
  }
  auto order = ExtractOrderNumber(rest, state.awaiting == "order_number");
  const auto phone = ExtractPhone(rest);
  if (order && phone && order->size() > 1 && phone->find(order->substr(1)) != std::string::npos &&
      state.awaiting != "order_number") {
    order.reset();  // The digits are the phone number.
  }
  set(state.order_number, order);
  if (!order) set(state.phone, phone);
  set(state.name, ExtractName(text));
  return changed;
}

}  // namespace carevoice::llm::local
