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
};

struct Hit {
  const Passage* passage = nullptr;  // Points into the index; valid while the index lives.
  double score = 0;                  // BM25.
  double coverage = 0;  // Share of the query's idf mass that the passage matches, in [0, 1].
  std::size_t index = 0;
};

class KnowledgeIndex {
 public:
  // Builds the index of `agent`'s knowledge. Words of the agent's company and name are treated
  // as stop words (they occur everywhere and carry no topic).
  static KnowledgeIndex Build(const core::Agent& agent);

  // Returns up to `k` passages for `query`, best first, keeping only those that pass the
  // relevance threshold (coverage >= `min_coverage` and a positive score).
  std::vector<Hit> Search(std::string_view query, std::size_t k, double min_coverage = 0.5) const;

  const std::vector<Passage>& passages() const { return passages_; }
  bool empty() const { return passages_.empty(); }

 private:
  struct Doc {
    std::unordered_map<std::string, double> tf;  // Term -> weighted frequency.
    double length = 0;
  };

  double Idf(const std::string& term) const;

  std::vector<Passage> passages_;
  std::vector<Doc> docs_;
  std::unordered_map<std::string, int> df_;
  std::vector<std::string> extra_stop_;
  double avg_length_ = 0;
};

// Returns true iff `line` reads as an instruction to the agent ("Use a confident tone",
// "Always ask for the order number") rather than a fact.
bool IsInstruction(std::string_view line);

}  // namespace carevoice::llm::local
