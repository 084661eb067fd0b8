#include "llm/local/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace carevoice::llm::local {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// "shipp" -> "ship", "cancell" -> "cancel"; keeps "ss" and "ll" after a long stem ("install").
void UndoDouble(std::string& w) {
  const std::size_t n = w.size();
  if (n >= 4 && w[n - 1] == w[n - 2] && !IsVowel(w[n - 1]) && w[n - 1] != 's' && w[n - 1] != 'z') {
    if (w[n - 1] == 'l' && n > 7) return;
    w.pop_back();
  }
}

const std::unordered_set<std::string_view>& StopWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "a",     "about", "above",  "after", "again",  "all",    "also",    "am",        "an",
      "and",   "any",   "are",    "as",    "at",     "be",     "been",    "being",     "but",
      "by",    "can",   "could",  "did",   "do",     "does",   "doing",   "dont",      "for",
      "from",  "get",   "got",    "had",   "has",    "have",   "having",  "he",        "her",
      "here",  "hers",  "him",    "his",   "how",    "i",      "id",      "if",        "im",
      "in",    "into",  "is",     "it",    "its",    "ive",    "just",    "know",      "let",
      "lets",  "like",  "me",     "might", "more",   "most",   "must",    "my",        "need",
      "no",    "not",   "now",    "of",    "off",    "ok",     "okay",    "on",        "one",
      "or",    "our",   "ours",   "out",   "please", "pls",    "really",  "she",       "should",
      "so",    "some",  "still",  "such",  "tell",   "than",   "that",    "thats",     "the",
      "their", "them",  "then",   "there", "these",  "they",   "this",    "those",     "to",
      "too",   "u",     "up",     "us",    "very",   "want",   "was",     "way",       "we",
      "were",  "what",  "whats",  "when",  "where",  "which",  "while",   "who",       "why",
      "will",  "with",  "would",  "yes",   "you",    "your",   "youre",   "yours",     "hi",
      "hello", "hey",   "thanks", "thank", "help",   "anyone", "someone", "wondering", "question",
      "long",  "ask",   "sell",   "sells", "carry",  "stock",  "offer",   "offers",    "go",
      "going", "make",  "sure",   "able",  "there",  "yet"};
  return kWords;
}

std::string StemRaw(std::string_view word) {
  std::string w(word);
  if (w.size() <= 3) return w;
  if (EndsWith(w, "sses")) {
    w.resize(w.size() - 2);
  } else if (EndsWith(w, "ies") && w.size() > 4) {
    w.resize(w.size() - 3);
    w += 'y';
  } else if (EndsWith(w, "s") && !EndsWith(w, "ss") && !EndsWith(w, "us") && !EndsWith(w, "is")) {
    w.pop_back();
  }
  if (EndsWith(w, "ation") && w.size() > 7) {
    w.resize(w.size() - 5);
    UndoDouble(w);
  } else if (EndsWith(w, "ing") && w.size() > 5) {
    w.resize(w.size() - 3);
    UndoDouble(w);
  } else if (EndsWith(w, "ed") && w.size() > 4) {
    w.resize(w.size() - 2);
    UndoDouble(w);
  } else if (EndsWith(w, "ment") && w.size() > 6) {
    w.resize(w.size() - 4);
  } else if (EndsWith(w, "ly") && w.size() > 5) {
    w.resize(w.size() - 2);
  }
  if (EndsWith(w, "e") && w.size() > 4) w.pop_back();
  if (EndsWith(w, "y") && w.size() > 4) w.back() = 'i';
  return w;
}

// Stem -> canonical term for synonyms common in customer care.
const std::unordered_map<std::string, std::string>& Synonyms() {
  static const std::unordered_map<std::string, std::string> kMap = [] {
    const std::vector<std::vector<std::string_view>> groups = {
        {"deliver", "delivery", "deliveries", "ship", "shipping", "shipped", "shipment", "arrive",
         "arrival", "dispatch", "dispatched", "postage", "courier"},
        {"refund", "refunds", "reimburse", "reimbursement", "moneyback"},
        {"cancel", "cancellation", "cancelled", "canceled", "cancelling", "canceling", "terminate",
         "unsubscribe", "quit"},
        {"price", "prices", "pricing", "cost", "costs", "fee", "fees", "charge", "charges", "much",
         "expensive", "cheap", "rate"},
        {"plan", "plans", "subscription", "subscriptions", "membership", "tier", "package",
         "subscribe", "subscribed"},
        {"password", "passcode", "passwords", "pwd"},
        {"login", "signin", "logon", "locked", "lockout"},
        {"hour", "hours", "open", "opening", "closing", "weekend", "weekends"},
        {"track", "tracking", "trace", "status"},
        {"late", "delay", "delayed", "overdue", "slow"},
        {"damage", "damaged", "broken", "defective", "faulty", "cracked", "faulty"},
        {"buy", "purchase", "purchasing", "purchased", "bought"},
        {"pay", "payment", "payments", "billing", "billed", "card", "paying", "paid"},
        {"warranty", "guarantee", "warranties", "coverage", "covered"},
        {"return", "returns", "returning", "returned", "exchange"},
        {"contact", "reach", "phone", "call", "chat", "email"},
    };
    std::unordered_map<std::string, std::string> map;
    for (const auto& group : groups) {
      const std::string canonical = StemRaw(group.front());
      for (std::string_view word : group) map.emplace(StemRaw(word), canonical);
    }
    return map;
  }();
  return kMap;
}

}  // namespace

std::vector<std::string> Tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (IsWordByte(c)) {
      current += LowerAscii(static_cast<char>(c));
    } else if ((c == '\'' || c == '.') && !current.empty() && i + 1 < text.size() &&
               IsWordByte(static_cast<unsigned char>(text[i + 1])) &&
               (c == '\'' || std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      // "don't" -> "dont"; "9.99" -> "9.99".
      if (c == '.') current += '.';
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

bool IsStopWord(std::string_view word) { return StopWords().contains(word); }

std::string Stem(std::string_view word) { return StemRaw(word); }

std::vector<std::string> Terms(std::string_view text) {
  std::vector<std::string> terms;
  for (const std::string& token : Tokenize(text)) {
    if (IsStopWord(token)) continue;
    std::string stem = StemRaw(token);
    const auto& synonyms = Synonyms();
    if (auto it = synonyms.find(stem); it != synonyms.end()) stem = it->second;
    terms.push_back(std::move(stem));
  }
  return terms;
}

std::vector<std::string> SplitSentences(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    std::string_view piece = current;
    while (!piece.empty() && (piece.front() == ' ' || piece.front() == '\t' ||
                              piece.front() == '-' || piece.front() == '*')) {
      piece.remove_prefix(1);
    }
    // UTF-8 bullet "•" (E2 80 A2).
    while (piece.size() >= 3 && piece.substr(0, 3) == "\xE2\x80\xA2") {
      piece.remove_prefix(3);
      while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    }
    while (!piece.empty() &&
           (piece.back() == ' ' || piece.back() == '\t' || piece.back() == '\r')) {
      piece.remove_suffix(1);
    }
    if (!piece.empty()) out.emplace_back(piece);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      flush();
      continue;
    }
    current += c;
    if ((c == '.' || c == '!' || c == '?') &&
        (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      // Keep abbreviations such as "e.g." and "approx." with their sentence.
      const bool abbreviation = EndsWith(current, "e.g.") || EndsWith(current, "i.e.") ||
                                EndsWith(current, "approx.") || EndsWith(current, "etc.") ||
                                EndsWith(current, "vs.") || EndsWith(current, "Mr.") ||
                                EndsWith(current, "Ms.") || EndsWith(current, "Dr.");
      if (!abbreviation) flush();
    }
  }
  flush();
  return out;
}

bool ContainsWord(std::string_view text, std::string_view word) {
  if (word.empty()) return false;
  std::size_t pos = 0;
  while ((pos = text.find(word, pos)) != std::string_view::npos) {
    const bool left_ok = pos == 0 || !IsWordByte(static_cast<unsigned char>(text[pos - 1]));
    const std::size_t end = pos + word.size();
    const bool right_ok = end == text.size() || !IsWordByte(static_cast<unsigned char>(text[end]));
    if (left_ok && right_ok) return true;
    ++pos;
  }
  return false;
}

bool ContainsAnyWord(std::string_view text, const std::vector<std::string_view>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return ContainsWord(text, w); });
}

}  // namespace carevoice::llm::local
