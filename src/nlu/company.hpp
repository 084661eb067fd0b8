#pragma once

// Company detection: word-boundary, alias-aware matching of a built-in catalogue (the old
// backend's 16 companies with their aliases and products) plus the agent's own company name.
// Ambiguous aliases ("target", "apple", "ups", "prime", "office", "windows", ...) count only with
// evidence: capitalisation, a possessive, an @handle, or nearby service words (order, store,
// account, app, delivery, package, ...). Deterministic; thread-safe for concurrent calls.

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "nlu/lexicon_tokens.hpp"

namespace carevoice::nlu {

// A detection below this confidence is not reported as the message's company. A conversation's
// company is its first message detection at or above it.
inline constexpr double kCompanyConfidenceThreshold = 0.6;

struct CompanyMatch {
  // The catalogue key ("amazon", "pizza hut", "at&t", ...) or, for the agent's own company, its
  // name as given (trimmed). Empty = nothing found.
  std::string company;
  double confidence = 0;  // [0, 1]
};

// One catalogue alias, for tests and documentation.
struct CompanyAlias {
  std::string company;  // catalogue key
  std::string phrase;   // lower-case, tokens separated by one space ("bank of america")
  bool ambiguous = false;
  bool exact_case = false;  // Matches only as written in `phrase_as_written`.
  std::string phrase_as_written;
};

class CompanyDetector {
 public:
  // Builds the built-in catalogue.
  CompanyDetector();

  // Returns the most confident detection in `text` (ties: the earliest), or an empty match.
  // `agent_company` (may be empty) joins the catalogue for this call. The result may be below
  // kCompanyConfidenceThreshold; callers compare.
  CompanyMatch Detect(std::string_view text, std::string_view agent_company = {}) const;

  // As Detect, over tokens already produced by ScanTokens(text).
  CompanyMatch Detect(const std::vector<ScanToken>& tokens, std::string_view agent_company) const;

  // Returns every catalogue alias.
  std::vector<CompanyAlias> Aliases() const;

  // Returns the catalogue keys in catalogue order.
  std::vector<std::string> Companies() const;

  // Returns the display form of a catalogue key ("pizza hut" -> "Pizza Hut", "at&t" -> "AT&T");
  // any other name is returned with its first letter of each word upper-cased.
  static std::string DisplayName(std::string_view company);

 private:
  // One alias of the catalogue (or of the agent's company).
  struct Entry {
    std::string company;
    std::vector<std::string> tokens;  // The alias phrase, one lower-case token each.
    double base = 0.95;               // Confidence without further evidence.
    bool ambiguous = false;
    std::string exact;  // Non-empty: the raw text must equal this (e.g. "BofA").
    int rule = -1;      // Index into rules_, for ambiguous aliases.
  };
  // The evidence rule of an ambiguous alias.
  struct RuleData {
    double base = 0.26;  // Confidence of a bare match.
    double cap_bonus = 0.35;
    std::vector<std::string> block_before;
    std::vector<std::string> block_after;
    std::vector<std::string> context;
  };

  std::vector<std::string> companies_;
  std::vector<Entry> entries_;
  std::vector<RuleData> rules_;

  // Adds the matches of `entries` (indexed by `index`) found in `tokens` into `best`.
  void Scan(const std::vector<ScanToken>& tokens, const std::vector<Entry>& entries,
            const std::unordered_map<std::string, std::vector<int>>& index, bool shouted,
            CompanyMatch& best, std::size_t& best_pos) const;
  // Returns the confidence of the ambiguous entry matched at tokens[begin, end).
  double Evidence(const std::vector<ScanToken>& tokens, std::size_t begin, std::size_t end,
                  const Entry& entry, bool shouted) const;

  // First alias token -> indices into entries_, longest phrase first.
  std::unordered_map<std::string, std::vector<int>> by_first_token_;
  // Service words that support an ambiguous alias of any company.
  std::unordered_set<std::string> service_words_;
  // Handle spellings ("amazon", "pizzahut", "att") -> company.
  std::vector<std::pair<std::string, std::string>> handles_;
};

}  // namespace carevoice::nlu
