#include "llm/local/related_words.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "llm/local/text.hpp"

namespace carevoice::llm::local {
namespace {

bool Learnable(const std::string& term) {
  return term.size() >= 3 &&
         std::none_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<RelatedWordEntry> LearnRelatedWords(const std::vector<LabelledText>& examples,
                                                const RelatedWordsOptions& options) {
  // Counts: texts per (label, term), per term and per label (std::map: a deterministic order).
  std::map<std::string, std::size_t> label_ids;
  std::map<std::string, std::size_t> term_ids;
  std::vector<std::unordered_map<std::size_t, double>> by_label;  // label -> term -> count.
  std::vector<double> term_count;
  for (const LabelledText& e : examples) {
    if (e.label.empty()) continue;
    const auto [lit, new_label] = label_ids.emplace(e.label, label_ids.size());
    if (new_label) by_label.emplace_back();
    const std::vector<std::string> terms = Terms(e.text);
    const std::set<std::string> unique(terms.begin(), terms.end());
    for (const std::string& term : unique) {
      if (!Learnable(term)) continue;
      const auto [tit, new_term] = term_ids.emplace(term, term_ids.size());
      if (new_term) term_count.push_back(0);
      term_count[tit->second] += 1;
      by_label[lit->second][tit->second] += 1;
    }
  }
  std::vector<std::string> names(term_ids.size());
  for (const auto& [term, id] : term_ids) names[id] = term;
  std::vector<double> label_count(by_label.size(), 0);
  double total = 0;
  for (std::size_t l = 0; l < by_label.size(); ++l) {
    for (const auto& [t, n] : by_label[l]) {
      if (term_count[t] < options.min_count) continue;
      label_count[l] += n;
      total += n;
    }
  }
  // PPMI vectors over the labels, and the inverted lists label -> (term, weight).
  std::vector<std::vector<std::pair<std::size_t, double>>> vectors(names.size());
  std::vector<std::vector<std::pair<std::size_t, double>>> postings(by_label.size());
  for (std::size_t l = 0; l < by_label.size(); ++l) {
    for (const auto& [t, n] : by_label[l]) {
      if (term_count[t] < options.min_count) continue;
      const double pmi = std::log(n * total / (term_count[t] * label_count[l]));
      if (pmi <= 0) continue;
      vectors[t].emplace_back(l, pmi);
      postings[l].emplace_back(t, pmi);
    }
  }
  std::vector<double> norm(names.size(), 0);
  for (std::size_t t = 0; t < names.size(); ++t) {
    for (const auto& [l, w] : vectors[t]) norm[t] += w * w;
    norm[t] = std::sqrt(norm[t]);
  }
  // Nearest neighbours by cosine.
  std::vector<std::vector<RelatedTerm>> nearest(names.size());
  std::vector<double> dot(names.size(), 0);
  std::vector<std::size_t> touched;
  for (std::size_t t = 0; t < names.size(); ++t) {
    if (norm[t] == 0) continue;
    touched.clear();
    for (const auto& [l, w] : vectors[t]) {
      for (const auto& [u, x] : postings[l]) {
        if (dot[u] == 0) touched.push_back(u);
        dot[u] += w * x;
      }
    }
    std::vector<RelatedTerm> candidates;
    for (std::size_t u : touched) {
      const double cosine = dot[u] / (norm[t] * norm[u]);
      dot[u] = 0;
      if (u != t && cosine >= options.min_similarity) {
        candidates.push_back({names[u], static_cast<float>(cosine)});
      }
    }
    std::sort(candidates.begin(), candidates.end(), [](const RelatedTerm& a, const RelatedTerm& b) {
      return a.similarity != b.similarity ? a.similarity > b.similarity : a.term < b.term;
    });
    if (candidates.size() > options.neighbours) candidates.resize(options.neighbours);
    nearest[t] = std::move(candidates);
  }
  // Keep mutual neighbours only: a term that is everyone's neighbour ("order") is not related to
  // each of them.
  std::vector<RelatedWordEntry> table;
  for (const auto& [term, t] : term_ids) {
    RelatedWordEntry entry{term, {}};
    for (const RelatedTerm& r : nearest[t]) {
      const auto& back = nearest[term_ids.at(r.term)];
      const std::string& name = term;  // clang-tidy (clang 14) cannot capture a structured binding.
      const bool mutual = std::any_of(back.begin(), back.end(),
                                      [&name](const RelatedTerm& b) { return b.term == name; });
      if (mutual) entry.related.push_back(r);
    }
    if (!entry.related.empty()) table.push_back(std::move(entry));
  }
  return table;
}

std::string RelatedLine(const RelatedWordEntry& entry, std::string_view tab) {
  std::string out = entry.term;
  out += tab;
  for (std::size_t i = 0; i < entry.related.size(); ++i) {
    char buffer[16];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer,
                                         entry.related[i].similarity, std::chars_format::fixed, 2);
    out += (i > 0 ? " " : "") + entry.related[i].term + ":" + std::string(buffer, end);
  }
  return out;
}

std::string RelatedTableSource(const std::vector<RelatedWordEntry>& table, std::string_view comment,
                               std::string_view header, std::string_view array) {
  std::string out(comment);
  out += "// clang-format off\n#include \"";
  out += header;
  out += "\"\n\nnamespace carevoice::llm::local {\n\nconst std::string_view ";
  out += array;
  out += "Lines[] = {\n";
  for (const RelatedWordEntry& entry : table) out += "    \"" + RelatedLine(entry, "\\t") + "\",\n";
  const std::string name(array);
  out += "    \"\"};\n\nconst std::size_t " + name + "LineCount =\n    sizeof(" + name +
         "Lines) / sizeof(" + name + "Lines[0]) - 1;\n\n}  // namespace carevoice::llm::local\n";
  return out;
}

std::string RelatedWordsSource(const std::vector<RelatedWordEntry>& table) {
  return RelatedTableSource(
      table,
      "// Generated by `carevoice train-related` (llm/local/related_words.hpp) from the intent\n"
      "// data in ../shared/data/intent and src/nlu/data: do not edit by hand.\n",
      "llm/local/related_words.hpp", "kRelatedWords");
}

std::unordered_map<std::string, std::vector<RelatedTerm>> ParseRelatedLines(
    const std::string_view* lines, std::size_t count) {
  std::unordered_map<std::string, std::vector<RelatedTerm>> table;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view line = lines[i];
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    auto& related = table[std::string(line.substr(0, tab))];
    std::string_view rest = line.substr(tab + 1);
    while (!rest.empty()) {
      const std::size_t space = rest.find(' ');
      const std::string_view item = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      const std::size_t colon = item.rfind(':');
      if (colon == std::string_view::npos) continue;
      float similarity = 0;
      std::from_chars(item.data() + colon + 1, item.data() + item.size(), similarity);
      related.push_back({std::string(item.substr(0, colon)), similarity});
    }
  }
  return table;
}

const std::vector<RelatedTerm>& LearnedRelatedTerms(const std::string& term) {
  static const auto kTable = ParseRelatedLines(kRelatedWordsLines, kRelatedWordsLineCount);
  static const std::vector<RelatedTerm> kNone;
  const auto it = kTable.find(term);
  return it == kTable.end() ? kNone : it->second;
}

}  // namespace carevoice::llm::local
