#include "llm/handoff.hpp"

#include <algorithm>
#include <array>
#include <regex>
#include <string>
#include <vector>

#include "core/strings.hpp"

namespace carevoice::llm {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' || c >= 0x80;
}

// Lower-case words of `text` (UTF-8 bytes kept as word bytes).
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char ch : core::ToLowerAscii(text)) {
    if (IsWordByte(static_cast<unsigned char>(ch))) {
      current += ch;
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

// The last sentence of `text` (after the last '.', '!' or '?' that is not the final one).
std::string_view LastSentence(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
  if (text.empty()) return text;
  const std::size_t cut = text.substr(0, text.size() - 1).find_last_of(".!?");
  return cut == std::string_view::npos ? text : text.substr(cut + 1);
}

}  // namespace

bool OffersHandoff(std::string_view text) {
  const std::string_view last = LastSentence(text);
  if (last.empty() || last.back() != '?') return false;
  const std::string lower = core::ToLowerAscii(last);
  static constexpr std::array<std::string_view, 13> kOffers = {
      "connect you with",      "pass this to",   "pass it to",          "to a member of our",
      "get a real person",     "hand this over", "con una persona",     "avec un membre",
      "mit einem mitarbeiter", "com uma pessoa", "con una persona del", "to our team",
      "osobie z naszego"};
  return std::any_of(kOffers.begin(), kOffers.end(),
                     [&](std::string_view o) { return lower.find(o) != std::string::npos; });
}

bool AcceptsOffer(std::string_view text) {
  if (text.find('?') != std::string_view::npos) return false;
  const std::vector<std::string> words = Words(text);
  if (words.empty() || words.size() > 6) return false;
  static constexpr std::array<std::string_view, 23> kYes = {
      "yes", "yeah", "yep",   "yup", "sure",       "ok",         "okay", "please",
      "do",  "go",   "ahead", "it",  "absolutely", "definitely", "y",    "sí",
      "si",  "oui",  "ja",    "sim", "certo",      "claro",      "tak"};
  static constexpr std::array<std::string_view, 11> kNo = {
      "no", "not", "nope", "nah", "dont", "don't", "never", "non", "nein", "não", "nie"};
  bool affirmative = false;
  for (const std::string& w : words) {
    if (std::find(kNo.begin(), kNo.end(), w) != kNo.end()) return false;
    const bool yes_word = std::find(kYes.begin(), kYes.end(), w) != kYes.end();
    if (!yes_word) {
      static constexpr std::array<std::string_view, 8> kFiller = {
          "thanks", "thank", "you", "that", "would", "be", "great", "that'd"};
      if (std::find(kFiller.begin(), kFiller.end(), w) == kFiller.end()) return false;
      continue;
    }
    if (w != "please" && w != "do" && w != "it" && w != "go" && w != "ahead") affirmative = true;
    if (w == "ahead" || w == "do") affirmative = true;
  }
  return affirmative;
}

std::string WithoutOwnRole(std::string_view text) {
  static const std::regex kOwnRole(
      R"(\b(i'm|i am|im|i work as|as|we're|we are) (a|an|the)( [a-z'-]+){0,3} )"
      R"((manager|supervisor|agent|rep|representative|operator|boss)s?\b)");
  std::string lower = core::ToLowerAscii(text);
  // (The regex is slow: only a message that names a role runs it.)
  static constexpr std::array<std::string_view, 6> kRoles = {"manager", "supervisor", "agent",
                                                             "rep",     "operator",   "boss"};
  if (std::ranges::none_of(
          kRoles, [&](std::string_view role) { return lower.find(role) != std::string::npos; })) {
    return lower;
  }
  return std::regex_replace(lower, kOwnRole, "$1 at work");
}

}  // namespace carevoice::llm
