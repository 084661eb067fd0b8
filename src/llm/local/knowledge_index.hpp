#pragma once

// BM25 retrieval over one agent's knowledge: `knowledge` Q&A items, `companyInfo` sentences and
// fact-like `prompts[]` lines (instruction-like prompts such as "Use a confident tone" are style,
// not facts, and are not indexed). Immutable after Build; thread-safe for concurrent Search.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/domain.hpp"

namespace carevoice::llm::local {

enum class PassageKind { kFaq, kCompanyInfo, kPrompt };

struct Passage {
  PassageKind kind = PassageKind::kFaq;
  std::string question;   // kFaq only.
  std::string text;       // The answer (kFaq) or the sentence.
  std::size_t order = 0;  // Position within its source (sentence number for kCompanyInfo).
  std::vector<std::string> question_words;  // kFaq only: EchoWords(question), made once.
};

// One term of a query: the customer's word (canonical index term) and the words that may stand
// for it (a corrected spelling, a related term). A passage matches the term if it holds any of
// them. Only `required` terms count towards coverage; context terms only add to the score.
struct QueryTerm {
  struct Alternative {
    std::string term;     // Canonical index term.
    double factor = 1.0;  // 1 for the word (or its spelling fix), less for a related term.
    double credit = 1.0;  // Share of the term's coverage a match through this alternative earns.
  };
  std::vector<Alternative> alternatives;  // First = the word as written, or its spelling fix.
  double weight = 1.0;
  bool required = true;
  bool describes = false;  // Written as a word that only describes ("wooden"; OnlyDescribes).
  bool owned = false;      // Written after "my" or "our" ("my house"): the customer's own.
};

struct Hit {
  const Passage* passage = nullptr;  // Points into the index; valid while the index lives.
  double score = 0;                  // BM25.
  double coverage = 0;  // Share of the query's idf mass that the passage matches, in [0, 1].
  std::size_t index = 0;
  double rank = 0;  // Ranking key: score boosted by coverage of the query and of its context.
};

class KnowledgeIndex {
 public:
  // Builds the index of `agent`'s knowledge. Words of the agent's company and name are treated
  // as stop words (they occur everywhere and carry no topic).
  static KnowledgeIndex Build(const core::Agent& agent);

  // Returns up to `k` passages for `query`, best first, keeping only those that pass the
  // relevance threshold (coverage >= `min_coverage` and a positive score).
  std::vector<Hit> Search(std::string_view query, std::size_t k, double min_coverage = 0.5) const;

  // As above, for a query already analysed (see Analyze).
  std::vector<Hit> Search(const std::vector<QueryTerm>& query, std::size_t k,
                          double min_coverage = 0.5) const;

  // Returns the query terms of `text`: index terms (Terms) minus the agent's own name words,
  // each with its alternatives: the closest index term for a misspelt word ("waranty" ->
  // "warranti", edit distance 1, or 2 for words of 7+ letters) and related terms from the
  // expansion table ("leave" -> dispatch, cancel), then the related terms learned from the
  // intent data (related_words.hpp: "reimburse" -> refund), weighted by their similarity, and,
  // for a word the knowledge does not use, its WordNet relations (wordnet_related.hpp: "specs"
  // -> glasses), weighted by theirs. A
  // misspelling is also corrected against the words as the knowledge spells them, before
  // synonyms ("garantee" -> "guarantee" -> warranty). A word that is a misspelt stop word
  // ("lng") is dropped.
  std::vector<QueryTerm> Analyze(std::string_view text, double weight = 1.0,
                                 bool required = true) const;

  // Returns true iff `term` (canonical) occurs in some passage.
  bool Knows(const std::string& term) const { return df_.contains(term); }

  // Returns true iff index term `term` occurs in passage `passage` (an index into passages()),
  // as the index read it (question and answer, phrases rewritten).
  bool Holds(std::size_t passage, const std::string& term) const {
    return passage < docs_.size() && docs_[passage].tf.contains(term);
  }

  // Returns how many passages hold index term `term` (as Holds reads them).
  int PassagesHolding(const std::string& term) const {
    const auto it = df_.find(term);
    return it == df_.end() ? 0 : it->second;
  }

  // Returns passage `passage` as a hit with no score (one chosen by a rule, not by a search).
  Hit HitAt(std::size_t passage) const {
    Hit hit;
    hit.passage = &passages_[passage];
    hit.index = passage;
    return hit;
  }

  const std::vector<Passage>& passages() const { return passages_; }
  bool empty() const { return passages_.empty(); }

 private:
  struct Doc {
    std::unordered_map<std::string, double> tf;  // Term -> weighted frequency.
    double length = 0;
    bool states_amount = false;       // The answer states or names a sum of money (StatesASum).
    bool states_time_of_day = false;  // The answer states a time of day ("at 1pm").
  };

  double Idf(const std::string& term) const;

  std::vector<Passage> passages_;
  std::vector<Doc> docs_;
  std::unordered_map<std::string, int> df_;
  // Stem of a word as the knowledge writes it -> its canonical term, where they differ
  // ("guarante" -> "warranti"), for spelling correction.
  std::unordered_map<std::string, std::string> surface_;
  std::vector<std::string> extra_stop_;
  double avg_length_ = 0;
};

// Returns true iff `line` reads as an instruction to the agent ("Use a confident tone",
// "Always ask for the order number") rather than a fact.
bool IsInstruction(std::string_view line);

}  // namespace carevoice::llm::local
