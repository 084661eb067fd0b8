#pragma once

// Word associations learned from paraphrase data, for the built-in responder's retrieval
// (issue 12: "meaning and not only words").
//
// The learner reads utterances grouped by intent (Bitext, banking77, CLINC150 and the project's
// own examples: many wordings of one request) and links two index terms (Terms()) when they are
// used for the same intents: each term is a vector of positive pointwise mutual information
// (PPMI) with the intent labels, and two terms are related when the cosine of their vectors is
// high and each is among the other's nearest neighbours ("refund" ~ "reimburse", "price" ~
// "fee", "speak" ~ "talk"). `carevoice train-related` runs the learner and writes the table as
// C++ source (related_words_data.cpp), which the responder embeds; LearnedRelatedTerms reads it.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace carevoice::llm::local {

struct LabelledText {
  std::string label;  // The intent; texts of one label are paraphrases of one request.
  std::string text;
};

struct RelatedTerm {
  std::string term;  // Canonical index term.
  float similarity;  // Cosine of the two terms' PPMI vectors, in (0, 1].
};

struct RelatedWordsOptions {
  int min_count = 20;            // A term must occur in at least this many texts.
  std::size_t neighbours = 8;    // Nearest neighbours kept per term (before the mutual test).
  double min_similarity = 0.45;  // Lowest cosine kept.
};

struct RelatedWordEntry {
  std::string term;
  std::vector<RelatedTerm> related;  // Most similar first.
};

// Learns the related terms of every frequent term of `examples`. Deterministic: entries are
// sorted by term, neighbours by similarity then term.
std::vector<RelatedWordEntry> LearnRelatedWords(const std::vector<LabelledText>& examples,
                                                const RelatedWordsOptions& options = {});

// Returns `table` as the C++ source of related_words_data.cpp (one line per term:
// "term\trelated:0.62 other:0.55").
std::string RelatedWordsSource(const std::vector<RelatedWordEntry>& table);

// Returns the line of `entry` in the format above, with `tab` between the term and its relations.
std::string RelatedLine(const RelatedWordEntry& entry, std::string_view tab);

// Returns `table` as C++ source defining `kArrayLines[]` and `kArrayLineCount` (the format
// above), after `comment` (whole "// " lines).
std::string RelatedTableSource(const std::vector<RelatedWordEntry>& table, std::string_view comment,
                               std::string_view header, std::string_view array);

// Parses embedded table lines (the format above): term -> related terms, in line order.
std::unordered_map<std::string, std::vector<RelatedTerm>> ParseRelatedLines(
    const std::string_view* lines, std::size_t count);

// Returns the learned related terms of canonical index term `term` (from the embedded table),
// most similar first; empty if none. Thread-safe.
const std::vector<RelatedTerm>& LearnedRelatedTerms(const std::string& term);

// The embedded table (related_words_data.cpp, generated): one line per term.
extern const std::string_view kRelatedWordsLines[];
extern const std::size_t kRelatedWordsLineCount;

}  // namespace carevoice::llm::local
