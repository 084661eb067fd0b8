#include "llm/local/wordnet_related.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/strings.hpp"
#include "llm/local/text.hpp"

namespace carevoice::llm::local {
namespace {

struct Pointer {
  std::string symbol;
  char pos = 'n';
  long offset = 0;
  int source = 0;  // Word number in this synset (1-based); 0 = the whole synset.
  int target = 0;  // Word number in the target synset; 0 = the whole synset.
};

struct Synset {
  std::vector<std::string> words;  // Lower case; "_" joins the words of a collocation.
  std::vector<Pointer> pointers;
};

// One part of speech: lemma -> synset offsets (most frequent sense first) and the synsets.
struct PartOfSpeech {
  std::unordered_map<std::string, std::vector<long>> senses;
  std::unordered_map<std::string, int> tagged;  // Senses seen in the SemCor corpus.
  std::unordered_map<long, Synset> synsets;
};

constexpr std::array<std::pair<char, std::string_view>, 4> kParts = {
    {{'n', "noun"}, {'v', "verb"}, {'a', "adj"}, {'r', "adv"}}};

std::size_t PartIndex(char pos) {
  switch (pos) {
    case 'n':
      return 0;
    case 'v':
      return 1;
    case 'r':
      return 3;
    default:  // 'a' and 's' (an adjective satellite, in data.adj).
      return 2;
  }
}

long ParseNumber(std::string_view s, int base = 10) {
  long value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value, base);
  return value;
}

// "glasses(p)" -> "glasses" (adjective position markers), lower case.
std::string CleanWord(std::string_view word) {
  if (const std::size_t paren = word.find('('); paren != std::string_view::npos) {
    word = word.substr(0, paren);
  }
  return core::ToLowerAscii(word);
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  for (std::string_view f : core::Split(line, ' ')) {
    if (!f.empty()) out.push_back(f);
  }
  return out;
}

core::Result<void> ReadIndex(const std::string& path, PartOfSpeech& part) {
  std::ifstream in(path);
  if (!in) return core::Error::Internal("cannot read " + path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == ' ') continue;  // The licence header.
    const auto f = Fields(line);
    if (f.size() < 6) continue;
    const auto synset_count = static_cast<std::size_t>(ParseNumber(f[2]));
    const auto pointer_count = static_cast<std::size_t>(ParseNumber(f[3]));
    const std::size_t first = 4 + pointer_count + 2;
    if (f.size() < first + synset_count) continue;
    const std::string lemma = CleanWord(f[0]);
    part.tagged[lemma] = static_cast<int>(ParseNumber(f[4 + pointer_count + 1]));
    auto& offsets = part.senses[lemma];
    for (std::size_t i = 0; i < synset_count; ++i) offsets.push_back(ParseNumber(f[first + i]));
  }
  return {};
}

core::Result<void> ReadData(const std::string& path, PartOfSpeech& part) {
  std::ifstream in(path);
  if (!in) return core::Error::Internal("cannot read " + path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == ' ') continue;
    const std::string_view whole = line;
    const std::string_view record = whole.substr(0, whole.find('|'));
    const auto f = Fields(record);
    if (f.size() < 4) continue;
    Synset synset;
    const auto word_count = static_cast<std::size_t>(ParseNumber(f[3], 16));
    std::size_t i = 4;
    for (std::size_t w = 0; w < word_count && i + 1 < f.size(); ++w, i += 2) {
      synset.words.push_back(CleanWord(f[i]));
    }
    if (i >= f.size()) continue;
    const auto pointer_count = static_cast<std::size_t>(ParseNumber(f[i++]));
    for (std::size_t p = 0; p < pointer_count && i + 3 < f.size(); ++p, i += 4) {
      const std::string_view source_target = f[i + 3];
      synset.pointers.push_back({std::string(f[i]), f[i + 2].front(), ParseNumber(f[i + 1]),
                                 static_cast<int>(ParseNumber(source_target.substr(0, 2), 16)),
                                 static_cast<int>(ParseNumber(source_target.substr(2), 16))});
    }
    part.synsets.emplace(ParseNumber(f[0]), std::move(synset));
  }
  return {};
}

class Builder {
 public:
  Builder(const std::array<PartOfSpeech, 4>& parts, const WordNetOptions& options)
      : parts_(parts), options_(options) {}

  // 1-based rank of `offset` among the senses of `word` in `pos`; a large number if none.
  int Rank(std::size_t pos, const std::string& word, long offset) const {
    const auto it = parts_[pos].senses.find(word);
    if (it == parts_[pos].senses.end()) return 1 << 20;
    const auto found = std::find(it->second.begin(), it->second.end(), offset);
    return found == it->second.end() ? 1 << 20 : static_cast<int>(found - it->second.begin()) + 1;
  }

  // A sense of `word` frequent enough to be meant: its first, or one of its first senses
  // attested in SemCor (the word's tagged senses).
  bool Frequent(std::size_t pos, const std::string& word, int rank) const {
    if (rank == 1) return true;
    const auto it = parts_[pos].tagged.find(word);
    return rank <= options_.senses && it != parts_[pos].tagged.end() && rank <= it->second;
  }

  // A word seen in SemCor at all (a word a knowledge base would write, not "unguis").
  bool Common(const std::string& word) const {
    return std::any_of(parts_.begin(), parts_.end(), [&](const PartOfSpeech& p) {
      const auto it = p.tagged.find(word);
      return it != p.tagged.end() && it->second > 0;
    });
  }

  // Relates `from` (the customer's word) to `to` (the knowledge's word) with `weight`.
  void Add(const std::string& from, const std::string& to, double weight) {
    const std::string key = OneTerm(from);
    const std::string value = OneTerm(to);
    if (key.empty() || value.empty() || key == value || weight <= 0) return;
    if (weight < options_.base_form && !Common(to)) return;
    // The hand synonym table decides what its words mean, on either side ("vessel" is no
    // delivery although "ship" is both).
    if (InSynonymTable(Stem(from)) || InSynonymTable(Stem(to))) return;
    double& kept = relations_[key][value];
    kept = std::max(kept, weight);
  }

  void AddSenses() {
    for (std::size_t pos = 0; pos < parts_.size(); ++pos) {
      for (const auto& [lemma, offsets] : parts_[pos].senses) {
        for (std::size_t r = 0; r < offsets.size() && Frequent(pos, lemma, static_cast<int>(r) + 1);
             ++r) {
          const auto it = parts_[pos].synsets.find(offsets[r]);
          if (it == parts_[pos].synsets.end()) continue;
          AddSense(pos, lemma, r == 0, offsets[r], it->second);
        }
      }
    }
  }

  void AddSense(std::size_t pos, const std::string& lemma, bool first, long offset,
                const Synset& synset) {
    // Synonyms: the synset is a frequent sense of both words.
    int number = 0;
    for (std::size_t w = 0; w < synset.words.size(); ++w) {
      const std::string& word = synset.words[w];
      if (word == lemma) {
        number = static_cast<int>(w) + 1;
        continue;
      }
      const int rank = Rank(pos, word, offset);
      if (!Frequent(pos, word, rank)) continue;
      Add(lemma, word, first && rank == 1 ? options_.synonym : options_.synonym_later);
    }
    // A first sense with next to no kinds reaches them (below).
    const bool narrow = first && Hyponyms(synset) <= options_.narrow_family;
    for (const Pointer& p : synset.pointers) {
      const std::size_t target_pos = PartIndex(p.pos);
      const auto target = parts_[target_pos].synsets.find(p.offset);
      if (target == parts_[target_pos].synsets.end()) continue;
      if (p.symbol == "+" && p.source == number && p.target >= 1 &&
          static_cast<std::size_t>(p.target) <= target->second.words.size()) {
        // A derivation, word to word ("vaccinate" -> vaccination).
        const std::string& word = target->second.words[static_cast<std::size_t>(p.target) - 1];
        if (Frequent(target_pos, word, Rank(target_pos, word, p.offset))) {
          Add(lemma, word, first ? options_.derivation : options_.synonym_later);
        }
      } else if (p.symbol == "@" || (p.symbol == "@i" && first && target_pos == 0)) {
        // (An instance's kind too: "Cornwall" is a county, "Scotland" a country.)
        // One step up, to the words for which the hypernym is a frequent sense.
        for (const std::string& word : target->second.words) {
          const int rank = Rank(target_pos, word, p.offset);
          if (!Frequent(target_pos, word, rank)) continue;
          Add(lemma, word, first && rank == 1 ? options_.hypernym : options_.hypernym_later);
        }
        if (first && target_pos == 0 && !HasEverydayWord(target_pos, p.offset, target->second)) {
          AddAncestor(lemma, target_pos, target->second);
        }
      } else if (p.symbol == "~" && narrow) {
        // One step down from a word with next to no kinds ("pup" -> puppy): the kind is
        // nearly the word itself.
        for (const std::string& word : target->second.words) {
          if (Rank(target_pos, word, p.offset) == 1) Add(lemma, word, options_.hyponym);
        }
      }
    }
  }

  // A plain common word (not a collocation) for which `synset` is a frequent sense.
  bool HasEverydayWord(std::size_t pos, long offset, const Synset& synset) const {
    return std::any_of(synset.words.begin(), synset.words.end(), [&](const std::string& word) {
      return !OneTerm(word).empty() && Common(word) && Frequent(pos, word, Rank(pos, word, offset));
    });
  }

  // Climbs from `synset` (a hypernym with no everyday word) along first hypernyms to the first
  // ancestor that has one, and relates `lemma` to its everyday words.
  void AddAncestor(const std::string& lemma, std::size_t pos, const Synset& synset) {
    const Synset* current = &synset;
    for (int step = 0; step < options_.climb; ++step) {
      const auto up = std::find_if(current->pointers.begin(), current->pointers.end(),
                                   [](const Pointer& p) { return p.symbol == "@"; });
      if (up == current->pointers.end()) return;
      const auto next = parts_[pos].synsets.find(up->offset);
      if (next == parts_[pos].synsets.end()) return;
      if (HasEverydayWord(pos, up->offset, next->second)) {
        if (Depth(pos, next->second) < options_.ancestor_depth) return;
        for (const std::string& word : next->second.words) {
          if (Frequent(pos, word, Rank(pos, word, up->offset))) {
            Add(lemma, word, options_.hypernym);
          }
        }
        return;
      }
      current = &next->second;
    }
  }

  // Steps from `synset` to the root along first hypernyms.
  int Depth(std::size_t pos, const Synset& synset) const {
    int depth = 0;
    for (const Synset* current = &synset; depth < 64; ++depth) {
      const auto up = std::find_if(current->pointers.begin(), current->pointers.end(),
                                   [](const Pointer& p) { return p.symbol == "@"; });
      if (up == current->pointers.end()) break;
      const auto next = parts_[pos].synsets.find(up->offset);
      if (next == parts_[pos].synsets.end()) break;
      current = &next->second;
    }
    return depth;
  }

  static std::size_t Hyponyms(const Synset& synset) {
    return static_cast<std::size_t>(
        std::count_if(synset.pointers.begin(), synset.pointers.end(),
                      [](const Pointer& p) { return p.symbol == "~"; }));
  }

  // An irregular inflection that is no word of its own and its base form, both ways.
  core::Result<void> AddExceptions(const std::string& path) {
    std::ifstream in(path);
    if (!in) return core::Error::Internal("cannot read " + path);
    std::string line;
    while (std::getline(in, line)) {
      const auto f = Fields(line);
      if (f.size() < 2) continue;
      const std::string inflected = CleanWord(f[0]);
      const bool a_word = std::any_of(parts_.begin(), parts_.end(), [&](const PartOfSpeech& p) {
        return p.senses.contains(inflected);
      });
      if (a_word) continue;
      for (std::size_t i = 1; i < f.size(); ++i) {
        const std::string base = CleanWord(f[i]);
        Add(inflected, base, options_.base_form);
        Add(base, inflected, options_.base_form);
      }
    }
    return {};
  }

  std::vector<RelatedWordEntry> Table() const {
    std::vector<RelatedWordEntry> table;
    for (const auto& [term, related] : relations_) {
      RelatedWordEntry entry{term, {}};
      for (const auto& [other, weight] : related) {
        entry.related.push_back({other, static_cast<float>(weight)});
      }
      std::sort(entry.related.begin(), entry.related.end(),
                [](const RelatedTerm& a, const RelatedTerm& b) {
                  return a.similarity != b.similarity ? a.similarity > b.similarity
                                                      : a.term < b.term;
                });
      if (entry.related.size() > options_.max_related) entry.related.resize(options_.max_related);
      table.push_back(std::move(entry));
    }
    return table;
  }

 private:
  // The one index term of a single plain word ("glasses" -> "glass"); empty for a collocation,
  // a short word, a stop word or a word with digits.
  static std::string OneTerm(const std::string& word) {
    if (word.size() < 3 ||
        !std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      return {};
    }
    std::vector<std::string> terms = Terms(word);
    return terms.size() == 1 && terms.front().size() >= 3 ? std::move(terms.front())
                                                          : std::string();
  }

  const std::array<PartOfSpeech, 4>& parts_;
  const WordNetOptions& options_;
  std::map<std::string, std::map<std::string, double>> relations_;  // Sorted: deterministic.
};

}  // namespace

core::Result<std::vector<RelatedWordEntry>> LearnWordNetRelations(const std::string& dir,
                                                                  const WordNetOptions& options) {
  std::array<PartOfSpeech, 4> parts;
  for (std::size_t i = 0; i < kParts.size(); ++i) {
    const std::string name(kParts[i].second);
    std::string index_path = dir;
    index_path.append("/index.").append(name);
    std::string data_path = dir;
    data_path.append("/data.").append(name);
    if (auto r = ReadIndex(index_path, parts[i]); !r) return r.error();
    if (auto r = ReadData(data_path, parts[i]); !r) return r.error();
  }
  Builder builder(parts, options);
  builder.AddSenses();
  for (const auto& [pos, name] : kParts) {
    if (auto r = builder.AddExceptions(dir + "/" + std::string(name) + ".exc"); !r) {
      return r.error();
    }
  }
  return builder.Table();
}

core::Result<std::vector<std::string>> LearnDescribingWords(const std::string& dir) {
  std::array<PartOfSpeech, 3> parts;  // Noun, verb, adjective (index files only).
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string path = dir;
    path.append("/index.").append(kParts[i].second);
    if (auto r = ReadIndex(path, parts[i]); !r) return r.error();
  }
  std::vector<std::string> out;
  for (const auto& [word, tagged] : parts[PartIndex('a')].tagged) {
    const bool letters = word.size() >= 3 && std::all_of(word.begin(), word.end(), [](char c) {
                           return c >= 'a' && c <= 'z';
                         });
    if (letters && tagged > 0 && !parts[PartIndex('n')].senses.contains(word) &&
        !parts[PartIndex('v')].senses.contains(word)) {
      out.push_back(word);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool OnlyDescribes(std::string_view word) {
  static const auto kWords = [] {
    std::unordered_set<std::string_view> words;
    for (std::string_view w : core::Split(kWordNetDescribing, '\n')) {
      if (!w.empty()) words.insert(w);
    }
    return words;
  }();
  return kWords.contains(word);
}

std::string WordNetSource(const std::vector<RelatedWordEntry>& table,
                          const std::vector<std::string>& describing) {
  std::string out =
      "// Generated by `carevoice train-wordnet` (llm/local/wordnet_related.hpp) from WordNet 3.0\n"
      "// (Debian's wordnet-base): do not edit by hand. Derived from WordNet, under its licence:\n"
      "// see wordnet_related_LICENSE next to this file.\n"
      "// clang-format off\n"
      "#include \"llm/local/wordnet_related.hpp\"\n\n"
      "namespace carevoice::llm::local {\n\n"
      "const std::string_view kWordNetTable = R\"wordnet(";
  for (const RelatedWordEntry& entry : table) out += RelatedLine(entry, "\t") + "\n";
  out += ")wordnet\";\n\nconst std::string_view kWordNetDescribing = R\"wordnet(";
  for (const std::string& word : describing) out += word + "\n";
  out += ")wordnet\";\n\n}  // namespace carevoice::llm::local\n";
  return out;
}

const std::vector<RelatedTerm>& WordNetRelatedTerms(const std::string& term) {
  static const auto kTable = [] {
    const std::vector<std::string_view> lines = core::Split(kWordNetTable, '\n');
    return ParseRelatedLines(lines.data(), lines.size());
  }();
  static const std::vector<RelatedTerm> kNone;
  const auto it = kTable.find(term);
  return it == kTable.end() ? kNone : it->second;
}

}  // namespace carevoice::llm::local
