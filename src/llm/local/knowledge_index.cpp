#include "llm/local/knowledge_index.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "core/strings.hpp"
#include "llm/local/text.hpp"

namespace carevoice::llm::local {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr double kQuestionWeight = 2.0;  // FAQ question terms count double.

}  // namespace

bool IsInstruction(std::string_view line) {
  const std::vector<std::string> tokens = Tokenize(line);
  if (tokens.empty()) return true;
  static const std::unordered_set<std::string_view> kVerbs = {
      "use",       "always",  "never",       "be",          "speak",     "provide",   "offer",
      "break",     "show",    "give",        "share",       "focus",     "encourage", "emphasize",
      "emphasise", "keep",    "dont",        "avoid",       "respond",   "maintain",  "explain",
      "ask",       "greet",   "try",         "make",        "act",       "sound",     "stay",
      "answer",    "reply",   "remember",    "mention",     "highlight", "promote",   "inspire",
      "motivate",  "guide",   "help",        "treat",       "address",   "do",        "talk",
      "write",     "include", "demonstrate", "acknowledge", "apologize", "apologise"};
  if (kVerbs.contains(tokens.front())) return true;
  // Bare noun phrases describing tone ("A confident, inspiring tone").
  const std::string lower = core::ToLowerAscii(line);
  return ContainsAnyWord(lower, {"tone", "mindset", "attitude", "persona", "voice"}) &&
         tokens.size() <= 14;
}

KnowledgeIndex KnowledgeIndex::Build(const core::Agent& agent) {
  KnowledgeIndex index;
  for (const auto& item : agent.knowledge) {
    if (core::TrimAscii(item.answer).empty()) continue;
    index.passages_.push_back(
        {PassageKind::kFaq, item.question, std::string(core::TrimAscii(item.answer)), 0});
  }
  std::size_t order = 0;
  for (std::string& sentence : SplitSentences(agent.company_info)) {
    index.passages_.push_back({PassageKind::kCompanyInfo, "", std::move(sentence), order++});
  }
  order = 0;
  for (const std::string& prompt : agent.prompts) {
    for (std::string& sentence : SplitSentences(prompt)) {
      if (IsInstruction(sentence)) continue;
      index.passages_.push_back({PassageKind::kPrompt, "", std::move(sentence), order++});
    }
  }
  for (const std::string& word : Terms(agent.company + " " + agent.name)) {
    index.extra_stop_.push_back(word);
  }

  auto is_extra_stop = [&](const std::string& t) {
    return std::find(index.extra_stop_.begin(), index.extra_stop_.end(), t) !=
           index.extra_stop_.end();
  };
  double total_length = 0;
  for (const Passage& passage : index.passages_) {
    Doc doc;
    auto add = [&](std::string_view text, double weight) {
      for (const std::string& term : Terms(text)) {
        if (is_extra_stop(term)) continue;
        doc.tf[term] += weight;
        doc.length += 1;
      }
    };
    add(passage.question, kQuestionWeight);
    add(passage.text, 1.0);
    for (const auto& [term, tf] : doc.tf) ++index.df_[term];
    total_length += doc.length;
    index.docs_.push_back(std::move(doc));
  }
  index.avg_length_ =
      index.docs_.empty() ? 0 : total_length / static_cast<double>(index.docs_.size());
  return index;
}

double KnowledgeIndex::Idf(const std::string& term) const {
  const double n = static_cast<double>(docs_.size());
  const auto it = df_.find(term);
  const double df = it == df_.end() ? 0.0 : static_cast<double>(it->second);
  return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

std::vector<Hit> KnowledgeIndex::Search(std::string_view query, std::size_t k,
                                        double min_coverage) const {
  std::vector<std::string> terms;
  for (std::string& term : Terms(query)) {
    if (std::find(extra_stop_.begin(), extra_stop_.end(), term) != extra_stop_.end()) continue;
    if (std::find(terms.begin(), terms.end(), term) == terms.end())
      terms.push_back(std::move(term));
  }
  std::vector<Hit> hits;
  if (terms.empty() || docs_.empty()) return hits;
  double idf_mass = 0;
  std::vector<double> idfs;
  for (const std::string& term : terms) {
    idfs.push_back(Idf(term));
    idf_mass += idfs.back();
  }
  for (std::size_t d = 0; d < docs_.size(); ++d) {
    const Doc& doc = docs_[d];
    double score = 0;
    double matched = 0;
    for (std::size_t t = 0; t < terms.size(); ++t) {
      const auto it = doc.tf.find(terms[t]);
      if (it == doc.tf.end()) continue;
      const double tf = it->second;
      const double norm = kK1 * (1 - kB + kB * doc.length / std::max(avg_length_, 1.0));
      score += idfs[t] * tf * (kK1 + 1) / (tf + norm);
      matched += idfs[t];
    }
    const double coverage = idf_mass > 0 ? matched / idf_mass : 0;
    if (score > 0 && coverage >= min_coverage) {
      hits.push_back({&passages_[d], score, coverage, d});
    }
  }
  // Rank by score, boosted by how much of the query a passage covers.
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.score * (0.5 + a.coverage) > b.score * (0.5 + b.coverage);
  });
  if (hits.size() > k) hits.resize(k);
  return hits;
}

}  // namespace carevoice::llm::local
