#pragma once

// General-language word relations from WordNet 3.0, for the built-in responder's retrieval
// (issue 12: customers use everyday words the knowledge does not: "specs" for glasses, "claws"
// for nails, "pup" for puppy), where the intent corpora never saw the word.
//
// `carevoice train-wordnet` reads Debian's wordnet-base (/usr/share/wordnet) and writes the
// relations as C++ source (wordnet_related_data.cpp, generated and committed like models/; the
// build and the server do not need WordNet). WordNet is polysemous, so only what helps matching
// is kept, between index terms (Terms()):
//   - the base form of an irregular inflection that is not a word of its own ("teeth" ->
//     tooth, "mice" -> mouse; "left" -> leave is not kept, "left" is a word), both ways;
//   - synonyms: two words of one synset that is among the most frequent senses of both
//     ("specs" ~ glasses, "homebound" ~ housebound);
//   - derivations WordNet links word to word ("educate" -> education);
//   - one step up: the words of a hypernym of the word's first sense, when the hypernym is
//     itself a frequent sense of those words ("vaccinate" -> protection in WordNet; the hand table
//     now decides "vaccinate"), weaker;
//   - further up, as weak, when that hypernym has no plain everyday word ("spaniel" ->
//     sporting dog -> hunting dog -> dog): the first ancestor, within `climb` steps, that has
//     one, unless it is too general (near the root: "person", "structure"); a customer names
//     the breed, the knowledge the kind;
//   - one step down, as weak, from a first sense with at most `narrow_family` kinds to the
//     words whose first sense is one of them ("pup" -> puppy).
// A related word must be one the SemCor corpus has seen (a word a knowledge base is written in).
// Words of the hand synonym table (text.cpp) are left out on both sides: the table decides what
// they mean ("ship" is delivery there, so "vessel" must not become one). Each relation has a weight
// below a hand synonym's, so that the responder lets a loose relation alone not pass its coverage
// bar (knowledge_index.cpp).

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "llm/local/related_words.hpp"

namespace carevoice::llm::local {

struct WordNetOptions {
  // Senses of a word (per part of speech) that may be meant: the first, and up to this rank
  // those attested in SemCor (WordNet's sense counts).
  int senses = 2;
  double base_form = 1.0;         // An irregular inflection and its base form.
  double derivation = 0.8;        // A derivation link of a first sense.
  double synonym = 0.75;          // Synonyms in the first sense of both words.
  double synonym_later = 0.6;     // ... in a later sense of one of them.
  double hypernym = 0.45;         // One step up from a first sense.
  double hypernym_later = 0;      // ... from a later sense (0: not kept).
  int climb = 3;                  // Nouns: steps up to an ancestor with an everyday word...
  int ancestor_depth = 7;         // ... that is no more general than this (steps from the root).
  double hyponym = 0.45;          // One step down from a first sense with few kinds...
  std::size_t narrow_family = 3;  // ... at most this many.
  std::size_t max_related = 10;   // Relations kept per term, strongest first.
};

// Reads the WordNet database in `dir` (index.*, data.*, *.exc) and returns the relations
// described above, sorted by term, each term's relations by weight then term. Deterministic.
core::Result<std::vector<RelatedWordEntry>> LearnWordNetRelations(
    const std::string& dir, const WordNetOptions& options = {});

// Returns the words that only describe: adjectives WordNet has as neither a noun nor a verb
// ("wooden", "spicy", "cheap"; not "flat", "ready" or "light"), of at least 3 letters, with a
// sense attested in SemCor, sorted. A word of the customer's that only describes and that the
// knowledge does not use is less of the topic than one that names (knowledge_index.cpp: "those
// wooden pod things" are the glamping pods). Deterministic.
core::Result<std::vector<std::string>> LearnDescribingWords(const std::string& dir);

// Returns true iff `word` (lower case, as written) is one of the embedded describing words.
// Thread-safe.
bool OnlyDescribes(std::string_view word);

// Returns the WordNet relations of canonical index term `term` (from the embedded table),
// strongest first; empty if none. Thread-safe.
const std::vector<RelatedTerm>& WordNetRelatedTerms(const std::string& term);

// Returns `table` and `describing` as the C++ source of wordnet_related_data.cpp: raw string
// literals of one line per term (as in related_words.hpp) and one per word, which compile in a
// moment where an array of tens of thousands of strings takes minutes.
std::string WordNetSource(const std::vector<RelatedWordEntry>& table,
                          const std::vector<std::string>& describing);

// The embedded tables (wordnet_related_data.cpp, generated).
extern const std::string_view kWordNetTable;
extern const std::string_view kWordNetDescribing;

}  // namespace carevoice::llm::local
