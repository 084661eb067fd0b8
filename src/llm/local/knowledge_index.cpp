#include "llm/local/knowledge_index.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <regex>
#include <unordered_set>

#include "core/strings.hpp"
#include "llm/local/related_words.hpp"
#include "llm/local/text.hpp"
#include "llm/local/wordnet_related.hpp"

namespace carevoice::llm::local {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr double kQuestionWeight = 2.0;  // FAQ question terms count double.
// From this many query terms on, a word the knowledge never uses weighs half in the coverage.
constexpr std::size_t kLongQuery = 4;
// The weight of an unknown word of everyday English, relative to an unknown word of no dictionary.
constexpr double kEverydayUnknown = 0.75;
// ... and of a person around the customer whom the knowledge never names.
constexpr double kPersonUnknown = 0.25;
// An unknown word that only describes ("wooden", "spicy") weighs this much of one that names: the
// customer describes the thing the knowledge names ("those wooden pod things": the glamping pods).
constexpr double kDescribingUnknown = 0.5;

// The hyphenated words of `text` written as one ("e-bikes" -> "ebikes"), space-separated.
std::string JoinedHyphenated(std::string_view text) {
  std::string out;
  std::string word;
  bool hyphenated = false;
  auto flush = [&] {
    if (hyphenated && !word.empty()) out.append(word).push_back(' ');
    word.clear();
    hyphenated = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (c == '-' && !word.empty() && i + 1 < text.size() &&
               std::isalpha(static_cast<unsigned char>(text[i + 1])) != 0) {
      hyphenated = true;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

// Returns true iff `term` is a word of general English: one WordNet relates to others ("house"),
// one of the synonym table, which WordNet's table leaves out ("park"), or one the related-words
// table relates ("plug").
bool IsGeneralEnglish(const std::string& term) {
  return !WordNetRelatedTerms(term).empty() || InSynonymTable(term) || !RelatedTerms(term).empty();
}

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
    index.passages_.push_back({PassageKind::kFaq, item.question,
                               std::string(core::TrimAscii(item.answer)), 0,
                               EchoWords(item.question)});
  }
  std::size_t order = 0;
  for (std::string& sentence : SplitSentences(agent.company_info)) {
    index.passages_.push_back({PassageKind::kCompanyInfo, "", std::move(sentence), order++, {}});
  }
  order = 0;
  for (const std::string& prompt : agent.prompts) {
    for (std::string& sentence : SplitSentences(prompt)) {
      if (IsInstruction(sentence)) continue;
      index.passages_.push_back({PassageKind::kPrompt, "", std::move(sentence), order++, {}});
    }
  }
  // A name word that is also a topic word ("Brightwave Broadband": broadband = internet) stays.
  // A name word the knowledge itself uses ("plants" of Greenleaf Plants) is a product word: it
  // stays too.
  std::unordered_set<std::string> used;
  for (const core::KnowledgeItem& item : agent.knowledge) {
    for (std::string& term : Terms(item.question + " " + item.answer)) used.insert(std::move(term));
  }
  for (const std::string& token : Tokenize(agent.company + " " + agent.name)) {
    const std::vector<std::string> terms = Terms(token);
    if (terms.size() == 1 && terms.front() == Stem(token) && !used.contains(terms.front())) {
      index.extra_stop_.push_back(terms.front());
    }
  }

  for (const Passage& passage : index.passages_) {
    for (const std::string& token : Tokenize(passage.question + " " + passage.text)) {
      if (IsStopWord(token)) continue;
      const std::vector<std::string> terms = Terms(token);
      std::string stem = Stem(token);
      if (terms.size() == 1 && terms.front() != stem)
        index.surface_.emplace(std::move(stem), terms.front());
    }
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
    // Questions are read as a customer's message is ("how long" = a duration).
    add(RewritePhrases(passage.question), kQuestionWeight);
    add(RewritePhrases(passage.text), 1.0);
    // A hyphenated word is also one word, as customers often type it ("e-bikes": "ebikes").
    add(JoinedHyphenated(passage.question + " " + passage.text), 1.0);
    // A time of day ("at 1pm and 4pm", "the first leaving at 06:45") answers what time.
    static const std::regex kClock(R"(\b\d{1,2}([.:]\d{2})? ?(am|pm)\b)", std::regex::icase);
    static const std::regex k24Hour(R"(\b\d{1,2}:\d{2}\b)");
    const bool clock = std::regex_search(passage.text.begin(), passage.text.end(), kClock);
    doc.states_time_of_day =
        clock || std::regex_search(passage.text.begin(), passage.text.end(), k24Hour);
    // The days of the week a passage names are days ("what days are you open": "Tuesday to
    // Saturday").
    if (NamesAWeekday(passage.question + " " + passage.text)) {
      add("day", 1.0);
      // Days with the hours of a day are when one is open, though the passage never says "open"
      // ("our gardeners work Monday to Saturday from 8am to 6pm": "do you do weekends").
      static const std::string open = Terms("open").front();
      if (!doc.tf.contains(open) && clock) add("open", 1.0);
    }
    // Every day of the week is each of its days ("can you come on a Sunday": "7 days a week").
    static const std::regex kEveryDay(R"(\b(7|seven) days a week\b|\bevery day\b)",
                                      std::regex::icase);
    if (std::regex_search(passage.text.begin(), passage.text.end(), kEveryDay)) {
      add("monday tuesday wednesday thursday friday saturday sunday", 1.0);
    }
    doc.states_amount = StatesASum(passage.text);
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

std::vector<QueryTerm> KnowledgeIndex::Analyze(std::string_view text, double weight,
                                               bool required) const {
  constexpr double kRelatedFactor = 0.6;
  constexpr double kLearnedFactor = 0.6;
  constexpr double kRelatedCredit = 0.9;
  std::vector<QueryTerm> out;
  const std::vector<std::string> tokens = Tokenize(text);
  std::vector<std::string> terms;
  std::vector<std::string> describing;  // Terms of words that only describe.
  std::vector<std::string> owned;       // Terms of a word after "my" or "our".
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    if (IsStopWord(token)) continue;
    std::vector<std::string> token_terms = Terms(token);
    // A misspelt stop word ("lng") is dropped, unless the knowledge uses the word ("MOT" is no
    // misspelt "not" at a garage) or it is a word of general English of four letters or more
    // ("can you send the bill to us": no misspelt "brill"; "a sock", no "stock").
    const bool known = std::any_of(token_terms.begin(), token_terms.end(),
                                   [&](const std::string& t) { return df_.contains(t); });
    constexpr std::size_t kShortestWordOfItsOwn = 4;
    const bool word_of_its_own = token.size() >= kShortestWordOfItsOwn && token_terms.size() == 1 &&
                                 IsGeneralEnglish(token_terms.front());
    if (!known && !word_of_its_own && IsMisspeltStopWord(token)) continue;
    // Hiring or renting, where the knowledge never speaks of it, says how, not what ("do we need
    // to hire a mic off u": the microphone, at a business that includes one; "i rent a 2 bed
    // flat"). Borrowing stays a topic ("is there a bike he can borrow": a loan bike).
    static constexpr std::array<std::string_view, 4> kGetting = {"hire", "hiring", "rent",
                                                                 "renting"};
    if (!known && std::ranges::find(kGetting, token) != kGetting.end()) continue;
    // A quantity in words is no topic, as one in digits is not ("how much for two").
    static const std::vector<std::string_view> kQuantities = {
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both", "pair"};
    // Even one the knowledge uses ("two dogs sharing a kennel"): "how much for our two cats" is
    // about cats.
    if (std::find(kQuantities.begin(), kQuantities.end(), token) != kQuantities.end()) continue;
    // A count of days or weeks is how long, no topic ("i need tower 1 week maybe 2 weeks": not
    // the chimney scaffold's "2 weeks' hire").
    static const std::unordered_set<std::string_view> kSpans = {
        "day",   "days",   "night", "nights", "week", "weeks", "wk",   "wks",
        "month", "months", "hour",  "hours",  "hr",   "hrs",   "year", "years"};
    if (std::ranges::all_of(token, [](char c) { return c >= '0' && c <= '9'; }) &&
        i + 1 < tokens.size() && kSpans.contains(tokens[i + 1])) {
      continue;
    }
    // A colour describes too, though WordNet also has it as a noun ("the cream carpet").
    static constexpr std::array<std::string_view, 18> kColours = {
        "red",   "blue", "green", "yellow", "orange", "purple", "pink",   "brown", "black",
        "white", "grey", "gray",  "cream",  "beige",  "navy",   "silver", "gold",  "ivory"};
    const bool colour = std::find(kColours.begin(), kColours.end(), token) != kColours.end();
    if (token_terms.size() == 1 && (OnlyDescribes(token) || colour)) {
      describing.push_back(token_terms.front());
    }
    if (token_terms.size() == 1 && i > 0 && (tokens[i - 1] == "my" || tokens[i - 1] == "our")) {
      owned.push_back(token_terms.front());
    }
    for (std::string& t : token_terms) terms.push_back(std::move(t));
  }
  for (std::string& term : terms) {
    if (std::find(extra_stop_.begin(), extra_stop_.end(), term) != extra_stop_.end()) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [&](const QueryTerm& q) {
      return q.alternatives.front().term == term;
    });
    if (seen) continue;
    const bool is_number = std::all_of(term.begin(), term.end(),
                                       [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    if (is_number && !df_.contains(term)) continue;  // A size or a quantity, not a topic.
    QueryTerm q;
    q.weight = weight;
    q.required = required;
    q.describes = std::find(describing.begin(), describing.end(), term) != describing.end();
    q.owned = std::find(owned.begin(), owned.end(), term) != owned.end();
    std::string primary = term;
    // An amount or a code ("£3k", "ab12") is no misspelling of another ("£32").
    const bool has_digit =
        std::any_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!df_.contains(term) && !has_digit) {
      // A misspelling: the closest index term within the typo budget (first found on ties).
      // A word of general English ("house", "park", "plug") is no misspelling of an index term
      // ("hour", "part", "plus"), however close; it may only be a longer form of one ("checkup"
      // for check-up, "earlier" for early).
      const bool english = IsGeneralEnglish(term);
      const int budget = TypoBudget(term.size());
      int best = budget + 1;
      // `spelt` (an index term, or a word as the knowledge spells it) stands for `canonical`.
      auto consider = [&](const std::string& spelt, const std::string& canonical) {
        if (spelt.size() < 3 || (english && (spelt.size() < 4 || !term.starts_with(spelt))) ||
            std::abs(static_cast<int>(spelt.size()) - static_cast<int>(term.size())) > budget) {
          return;
        }
        const int d = EditDistance(term, spelt, budget);
        if (d < best || (d == best && d <= budget && canonical < primary)) {
          best = d;
          primary = canonical;
        }
      };
      for (const auto& [known, df] : df_) consider(known, known);
      // The words as the knowledge spells them, before synonyms ("guarante" for "warranti").
      for (const auto& [stem, canonical] : surface_) consider(stem, canonical);
      if (best > budget) primary = term;
    }
    q.alternatives.push_back({primary, 1.0});
    if (primary == term && !df_.contains(term) && !has_digit && term.size() >= 3) {
      // Still unknown: an index term that holds the word whole ("ridden" in "unridden",
      // "scheme" in "Cyclescheme") stands for it, weaker, when the rest is a particle or a word
      // ("extra" is no "extraction"). A short word only with a word of four letters or more
      // ("van" in "campervan", not "pet" in "carpet").
      // A word before it that ends in "s" is one only as it stands, not as a plural: "hire" is
      // no part of "Northamptonshire" (Northampton-shire).
      const bool short_word = term.size() < 5;
      auto word_or_particle = [&](const std::string& rest, bool before) {
        if (short_word && rest.size() < 4) return false;
        if (rest.size() <= 3) return true;
        if (before && rest.ends_with('s')) {
          return df_.contains(rest) || !WordNetRelatedTerms(rest).empty() || InSynonymTable(rest);
        }
        const std::string stem = Stem(rest);
        return df_.contains(rest) || df_.contains(stem) || !WordNetRelatedTerms(rest).empty() ||
               !WordNetRelatedTerms(stem).empty() || InSynonymTable(stem);
      };
      for (const auto& [known, df] : df_) {
        if (known.size() <= term.size()) continue;
        const bool holds =
            (known.starts_with(term) && word_or_particle(known.substr(term.size()), false)) ||
            (known.ends_with(term) &&
             word_or_particle(known.substr(0, known.size() - term.size()), true));
        if (holds) {
          q.alternatives.push_back({known, kRelatedFactor, kRelatedCredit});
          break;
        }
      }
    }
    if (primary == term && !df_.contains(term) && !is_number) {
      // A word negated by its prefix speaks of the same thing ("unedited files": the passage on
      // edited files; "unpaid", "uninstall"), weaker.
      for (std::string_view prefix : {"un", "non"}) {
        if (term.size() < prefix.size() + 4 || !term.starts_with(prefix)) continue;
        const std::string base = term.substr(prefix.size());
        if (df_.contains(base)) q.alternatives.push_back({base, kRelatedFactor, kRelatedCredit});
      }
    }
    // A word a quarter of the knowledge uses is the business's own word, in the sense the
    // knowledge gives it: its weaker senses are not looked up (at a skip hire firm, "the
    // smallest skip" is no cancellation; where most answers state a price, "how much is it" is
    // not a cancellation fee).
    const auto own = df_.find(primary);
    const bool owned_word = own != df_.end() && own->second >= 3 &&
                            4 * static_cast<std::size_t>(own->second) >= docs_.size();
    if (!owned_word) {
      for (const std::string& related : RelatedTerms(term)) {
        if (related != primary) {
          q.alternatives.push_back({related, kRelatedFactor, kRelatedCredit});
        }
      }
    }
    if (primary != term && !owned_word) {
      for (const std::string& related : RelatedTerms(primary)) {
        const bool dup = std::any_of(q.alternatives.begin(), q.alternatives.end(),
                                     [&](const auto& a) { return a.term == related; });
        if (!dup) q.alternatives.push_back({related, kRelatedFactor, kRelatedCredit});
      }
    }
    // Related terms learned from paraphrases of one request (related_words.hpp), weaker still
    // and only as strong as the learned similarity; only those the knowledge uses.
    auto add_related = [&](const std::vector<RelatedTerm>& relations, bool learned) {
      for (const RelatedTerm& related : relations) {
        const auto found = df_.find(related.term);
        if (found == df_.end()) continue;
        // A word learned only from its neighbours in requests may name a sibling ("cat" next
        // to "dog"): it does not stand for what most of the knowledge speaks of (at a dog
        // groomer's, "do you do cats" is not a question about dogs).
        if (learned && 2 * static_cast<std::size_t>(found->second) >= docs_.size()) continue;
        const bool dup = std::any_of(q.alternatives.begin(), q.alternatives.end(),
                                     [&](const auto& a) { return a.term == related.term; });
        if (!dup) {
          q.alternatives.push_back(
              {related.term, kLearnedFactor * related.similarity, related.similarity});
        }
      }
    };
    for (const std::string* key : {&term, &primary}) {
      if (key == &primary && primary == term) break;
      // The hand synonym table decides what its words mean ("park" is parking, whatever the
      // paraphrases put next to it: car hire), as for WordNet below.
      if (InSynonymTable(*key)) continue;
      add_related(LearnedRelatedTerms(*key), true);
    }
    // A word the knowledge does not use may still mean one it does, in general language
    // (WordNet, wordnet_related.hpp: "specs" -> glasses, "claws" -> nails), weighted the same way.
    if (!df_.contains(term) && !is_number) add_related(WordNetRelatedTerms(term), false);
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<Hit> KnowledgeIndex::Search(std::string_view query, std::size_t k,
                                        double min_coverage) const {
  return Search(Analyze(RewritePhrases(query)), k, min_coverage);
}

std::vector<Hit> KnowledgeIndex::Search(const std::vector<QueryTerm>& query, std::size_t k,
                                        double min_coverage) const {
  std::vector<Hit> hits;
  if (query.empty() || docs_.empty()) return hits;
  double idf_mass = 0;
  double context_mass = 0;
  // Just above the idf of a word of one passage, so that one rare known word and one unknown
  // word do not reach a coverage of 0.5 ("can I pay with bitcoin?").
  const double unknown_idf = std::log(1.0 + static_cast<double>(docs_.size()) / 1.0);
  std::vector<double> mass(query.size(), 0.0);
  const auto required_terms = static_cast<std::size_t>(
      std::count_if(query.begin(), query.end(), [](const QueryTerm& q) { return q.required; }));
  for (std::size_t t = 0; t < query.size(); ++t) {
    // A word the knowledge never uses, not even through a related term, weighs a little more
    // than the rarest word it uses (one passage); in a long message (and a word only related to
    // the knowledge's words) half: it still shows that the question may be about something
    // else, but should not drown the one matching topic word ("one of the arms is loose, can
    // you fix it?").
    const std::string& primary = query[t].alternatives.front().term;
    const bool understood = std::any_of(query[t].alternatives.begin(), query[t].alternatives.end(),
                                        [&](const auto& a) { return df_.contains(a.term); });
    if (understood) {
      mass[t] = Idf(primary) * (df_.contains(primary) || required_terms < kLongQuery ? 1.0 : 0.5);
      // A person or time the knowledge names only through a related word ("daughter" through
      // "child", "yesterday" through "day") is still the story's.
      if (!df_.contains(primary) && NamesAPersonOrATime(primary)) mass[t] *= kPersonUnknown;
    } else {
      // An everyday word (one WordNet knows: "mum", "check") is more often the story around
      // the question than its topic, as is what the customer calls theirs ("bring it to my
      // house": a word of the hand synonym table, which has no WordNet relations); a word no
      // dictionary has ("bitcoin") names a thing. The people around the customer ("my husband
      // wants his beard trimmed") weigh least.
      const bool everyday_word = !WordNetRelatedTerms(primary).empty() || query[t].owned;
      const double everyday = NamesAPersonOrATime(primary) ? kPersonUnknown
                              : everyday_word              ? kEverydayUnknown
                                                           : 1.0;
      mass[t] = unknown_idf * everyday * (query[t].describes ? kDescribingUnknown : 1.0) *
                (required_terms < kLongQuery ? 1.0 : 0.5);
    }
    (query[t].required ? idf_mass : context_mass) += mass[t];
  }
  static const std::string price = Terms("price").front();
  static const std::string time = Terms("time").front();
  const double norm_base = std::max(avg_length_, 1.0);
  for (std::size_t d = 0; d < docs_.size(); ++d) {
    const Doc& doc = docs_[d];
    double score = 0;
    double matched = 0;
    double context_matched = 0;
    const double norm = kK1 * (1 - kB + kB * doc.length / norm_base);
    for (std::size_t t = 0; t < query.size(); ++t) {
      // A passage that states an amount ("The Essentials package is £950") answers what
      // something costs though it never says "cost": it covers the price, without adding to
      // the score (the passages that say "cost" are not pushed down).
      if (doc.states_amount && query[t].alternatives.front().term == price &&
          !doc.tf.contains(price)) {
        (query[t].required ? matched : context_matched) += mass[t];
        continue;
      }
      // Likewise a passage that states a time of day answers what time, though it never says
      // "time" ("what times are the tours": "at 1pm and 4pm on Saturdays"), and scores as one
      // that says it once (not below "the start time" of the tours' cancellation).
      if (doc.states_time_of_day && query[t].alternatives.front().term == time &&
          !doc.tf.contains(time)) {
        score += query[t].weight * Idf(time) * (kK1 + 1) / (1 + norm);
        (query[t].required ? matched : context_matched) += mass[t];
        continue;
      }
      for (const QueryTerm::Alternative& alt : query[t].alternatives) {
        const auto it = doc.tf.find(alt.term);
        if (it == doc.tf.end()) continue;
        const double tf = it->second;
        score += query[t].weight * alt.factor * Idf(alt.term) * tf * (kK1 + 1) / (tf + norm);
        (query[t].required ? matched : context_matched) += mass[t] * alt.credit;
        break;
      }
    }
    const double coverage = idf_mass > 0 ? matched / idf_mass : 0;
    if (score > 0 && coverage >= min_coverage) {
      const double context = context_mass > 0 ? context_matched / context_mass : 0;
      hits.push_back({&passages_[d], score, coverage, d, score * (0.5 + coverage + context)});
    }
  }
  // Rank by score, boosted by how much of the query (and of its context) a passage covers.
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.rank > b.rank; });
  if (hits.size() > k) hits.resize(k);
  return hits;
}

}  // namespace carevoice::llm::local
