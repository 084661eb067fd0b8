#include "nlu/spelling.hpp"

#include <hunspell.hxx>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/strings.hpp"

namespace carevoice::nlu {
namespace {

// Words outside these lengths are left alone: short ones have too many neighbours ("teh" may be
// "the" or "ten"), long ones are names, codes or noise.
constexpr std::size_t kMinLength = 4;
constexpr std::size_t kMaxLength = 24;
// A word of this many letters with no neighbour one edit away may take Hunspell's suggestion
// (about 20 ms each, so at most kMaxSuggestions per message).
constexpr std::size_t kSuggestFrom = 8;
constexpr int kMaxSuggestions = 1;
constexpr std::size_t kMaxCachedAgents = 64;
// Words checked per message: the first 200 of four letters or more (a long message of made-up
// words costs about 15 µs a word to check; customers' messages are far shorter).
constexpr int kMaxChecked = 200;

// Words customers write that Hunspell's dictionaries lack (checked against the words used five
// times or more in the intent corpora of ../shared/data): apostrophes left out, the names of
// everyday services and devices, and closed compounds of service words that one edit would turn
// into another word ("preorder" is no "reorder", "autopay" no "autopsy", "giftcard" no
// "giftware", "waitlisted" no "whitelisted"). Never corrected.
bool CommonlyWritten(std::string_view lower) {
  static const std::unordered_set<std::string_view> kWords = {
      // Contractions without their apostrophe ("dont" is no misspelt "done").
      "dont", "didnt", "doesnt", "isnt", "arent", "wasnt", "werent", "cant", "couldnt", "wont",
      "wouldnt", "shouldnt", "hasnt", "havent", "hadnt", "whats", "thats", "theres", "heres",
      "wheres", "hows", "youre", "theyre", "weve", "youve", "theyve", "itll", "youll", "ill", "ive",
      "aint", "lets",
      // Services, devices and shorthand.
      "wifi", "paypal", "iphone", "ipad", "imac", "macbook", "airpods", "android", "gmail",
      "hotmail", "outlook", "whatsapp", "facebook", "instagram", "tiktok", "youtube", "netflix",
      "uber", "ebay", "amazon", "amex", "mastercard", "visa", "klarna", "applepay", "gpay",
      "signup", "login", "logout", "checkout", "topup", "online", "offline", "email", "emails",
      "emailed", "app", "apps", "sms", "meds", "specs", "aircon", "telly", "sat", "nav", "satnav",
      "grandkid", "grandkids", "postcode", "zipcode", "timezone", "roundtrip", "atms", "thru",
      "todo", "shud", "shld", "probs", "appts", "thanx", "smth", "wkend", "jammies", "ciggie",
      "minecraft", "roblox", "fortnite", "lego", "wich",
      // Closed compounds.
      "autopay", "preorder", "preorders", "preordered", "prebook", "prebooked", "ebook", "ebooks",
      "ereader", "ebike", "ebikes", "escooter", "escooters", "eticket", "etickets", "evoucher",
      "ewallet", "esim", "ecommerce", "giftcard", "giftcards", "checkin", "walkin", "walkins",
      "dropoff", "waitlist", "waitlisted"};
  return kWords.contains(lower);
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Calls on_word(offset, word) for each word (run of ASCII letters) of `text`.
template <typename F>
void ForEachWord(std::string_view text, F&& on_word) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!IsLetter(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && IsLetter(text[end])) ++end;
    on_word(i, text.substr(i, end - i));
    i = end;
  }
}

// True iff keys `a` and `b` (lower case) touch on a QWERTY keyboard.
bool Adjacent(char a, char b) {
  static constexpr std::array<std::string_view, 3> kRows = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
  int ra = -1;
  int ca = 0;
  int rb = -1;
  int cb = 0;
  for (int r = 0; r < 3; ++r) {
    const std::string_view row = kRows[static_cast<std::size_t>(r)];
    if (const std::size_t at = row.find(a); at != std::string_view::npos) {
      ra = r;
      ca = static_cast<int>(at);
    }
    if (const std::size_t at = row.find(b); at != std::string_view::npos) {
      rb = r;
      cb = static_cast<int>(at);
    }
  }
  if (ra < 0 || rb < 0 || a == b) return false;
  if (ra == rb) return std::abs(ca - cb) == 1;
  // Each row sits about half a key right of the one above: "s" touches "w" and "e" above it.
  if (std::abs(ra - rb) != 1) return false;
  const int upper = ra < rb ? ca : cb;
  const int lower = ra < rb ? cb : ca;
  return upper == lower || upper == lower + 1;
}

// A word one edit from the misspelt one, and how unlikely that slip is: a letter doubled is the
// commonest (-0.25); two letters swapped, a neighbouring key hit, or a key struck with its
// neighbour next (0); a letter left out (0.5), then any other extra letter (1) or any other wrong
// one (1.5).
struct Candidate {
  std::string word;
  double cost;
};

std::vector<Candidate> Neighbours(const std::string& w) {
  std::vector<Candidate> out;
  out.reserve(w.size() * 54 + 26);
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    if (w[i] == w[i + 1]) continue;
    std::string s = w;
    std::swap(s[i], s[i + 1]);
    out.push_back({std::move(s), 0});
  }
  for (std::size_t i = 0; i < w.size(); ++i) {
    // A key held or struck twice ("cheeers", "wallks") is the likeliest slip of all.
    const bool doubled = (i > 0 && w[i - 1] == w[i]) || (i + 1 < w.size() && w[i + 1] == w[i]);
    const bool slip =
        (i > 0 && Adjacent(w[i - 1], w[i])) || (i + 1 < w.size() && Adjacent(w[i + 1], w[i]));
    out.push_back({w.substr(0, i) + w.substr(i + 1), doubled ? -0.25 : (slip ? 0.0 : 1.0)});
  }
  for (std::size_t i = 0; i <= w.size(); ++i) {
    for (char c = 'a'; c <= 'z'; ++c) out.push_back({w.substr(0, i) + c + w.substr(i), 0.5});
  }
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (char c = 'a'; c <= 'z'; ++c) {
      if (c == w[i]) continue;
      std::string s = w;
      s[i] = c;
      out.push_back({std::move(s), Adjacent(c, w[i]) ? 0.0 : 1.5});
    }
  }
  return out;
}

// How often customers write `lower` (the intent corpora: word_frequencies_data.cpp); 0 = unseen.
int Frequency(std::string_view lower) {
  static const std::unordered_map<std::string_view, int> kTable = [] {
    std::unordered_map<std::string_view, int> table;
    std::string_view rest = kWordFrequencies;
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find('\n'), rest.size());
      const std::string_view line = rest.substr(0, end);
      rest.remove_prefix(std::min(end + 1, rest.size()));
      const std::size_t space = line.find(' ');
      if (space == std::string_view::npos) continue;
      table.emplace(line.substr(0, space), std::atoi(std::string(line.substr(space + 1)).c_str()));
    }
    return table;
  }();
  const auto it = kTable.find(lower);
  if (it != kTable.end()) return it->second;
  // Words British chat customers write that the (mostly American, written) corpora never do, as
  // if seen a few times: "chers" is "cheers" (not "chefs"), "satudays" "saturdays" (a day's
  // plural, which Hunspell accepts only capitalised, is no candidate otherwise).
  static const std::unordered_set<std::string_view> kBritishChat = {
      "cheers",     "mate",     "mum",      "mums",       "nan",       "nans",      "quid",
      "fiver",      "tenner",   "brill",    "lovely",     "whilst",    "colour",    "colours",
      "favourite",  "metre",    "metres",   "postcode",   "telly",     "cuppa",     "lads",
      "fortnight",  "queue",    "queueing", "jumper",     "pram",      "nappy",     "nappies",
      "tyre",       "tyres",    "licence",  "cancelling", "jewellery", "grey",      "neighbour",
      "neighbours", "mondays",  "tuesdays", "wednesdays", "thursdays", "fridays",   "saturdays",
      "sundays",    "weekends", "petrol",   "windscreen", "enquiry",   "enquiries", "organise"};
  constexpr int kChatCount = 5;
  return kBritishChat.contains(lower) ? kChatCount : 0;
}

// `replacement` in the case pattern of `original` ("Pamyent" -> "Payment").
std::string KeepCase(std::string_view original, std::string replacement) {
  const bool all_upper = std::all_of(original.begin(), original.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) != 0;
  });
  if (all_upper) {
    for (char& c : replacement) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (!original.empty() && std::isupper(static_cast<unsigned char>(original[0])) != 0 &&
             !replacement.empty()) {
    replacement[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(replacement[0])));
  }
  return replacement;
}

class HunspellSpeller final : public Speller {
 public:
  // `dictionaries`: Hunspell's .aff and .dic paths; a word any of them accepts is spelt right
  // (British and American spellings: "cancelled", "canceled").
  explicit HunspellSpeller(const std::vector<std::pair<std::string, std::string>>& dictionaries) {
    for (const auto& [aff, dic] : dictionaries) {
      hunspell_.push_back(std::make_unique<Hunspell>(aff.c_str(), dic.c_str()));
    }
  }

  std::string Correct(std::string_view text, const core::Agent* agent) const override {
    // The words worth checking, and which of them the dictionary does not know.
    struct Word {
      std::size_t at;
      std::string_view text;
    };
    std::vector<Word> unknown;
    int checked = 0;
    ForEachWord(text, [&](std::size_t at, std::string_view word) {
      const std::size_t end = at + word.size();
      // A word glued to a digit, an apostrophe, a hyphen or a non-ASCII letter ("HB20417",
      // "it's", "e-bike", "Plätze") or inside an address ("@", ".") is kept whole.
      auto glue = [&](std::size_t i) {
        const auto c = static_cast<unsigned char>(text[i]);
        return std::isdigit(c) != 0 || c >= 0x80 || c == '\'' || c == '-' || c == '@' || c == '_';
      };
      // ... but a possessive or a contraction ends a word like a space ("girlfrriend's").
      auto clitic = [&](std::size_t i) {
        if (text[i] != '\'') return false;
        std::size_t k = i + 1;
        while (k < text.size() && IsLetter(text[k])) ++k;
        const std::string tail = core::ToLowerAscii(text.substr(i + 1, k - i - 1));
        return tail == "s" || tail == "ll" || tail == "re" || tail == "ve" || tail == "d";
      };
      const bool glued_before = at > 0 && (glue(at - 1) || text[at - 1] == '.');
      const bool glued_after =
          end < text.size() &&
          ((glue(end) && !clitic(end)) ||
           (text[end] == '.' && end + 1 < text.size() && IsLetter(text[end + 1])));
      if (glued_before || glued_after || word.size() < kMinLength || word.size() > kMaxLength ||
          checked >= kMaxChecked) {
        return;
      }
      ++checked;
      if (!Accepts(word)) unknown.push_back({at, word});
    });
    // Mostly unknown words: another language ("haben Sie noch Plätze frei im Juli"), left as is.
    constexpr int kMinChecked = 3;
    if (unknown.empty() ||
        (checked >= kMinChecked && static_cast<int>(unknown.size()) * 2 > checked)) {
      return std::string(text);
    }
    const auto vocabulary = VocabularyOf(agent);
    std::string out;
    out.reserve(text.size() + 8);
    std::size_t copied = 0;
    int corrections = 0;
    int suggestions = 0;
    int attempts = 0;
    for (const Word& w : unknown) {
      // Each attempt costs up to a millisecond: a long message of made-up words gets a few.
      if (corrections >= kMaxCorrections || attempts >= kMaxAttempts) break;
      ++attempts;
      std::string fixed = Fix(core::ToLowerAscii(w.text), *vocabulary, suggestions);
      if (fixed.empty()) continue;
      ++corrections;
      out.append(text.substr(copied, w.at - copied));
      out += KeepCase(w.text, std::move(fixed));
      copied = w.at + w.text.size();
    }
    out.append(text.substr(copied));
    return out;
  }

 private:
  // True iff the dictionary accepts `word` as written, in lower case or capitalised.
  bool Accepts(std::string_view word) const {
    const std::string lower = core::ToLowerAscii(word);
    if (CommonlyWritten(lower)) return true;
    // Products customers name in lower case that the dictionaries spell otherwise ("do u fix
    // ipads too": not "pads").
    static const std::unordered_set<std::string_view> kProducts = {
        "ipad", "ipads", "iphone", "iphones", "imac",   "imacs",   "macbook", "macbooks", "airpods",
        "ipod", "ipods", "xbox",   "xboxes",  "fitbit", "fitbits", "kindle",  "kindles"};
    if (kProducts.contains(lower)) return true;
    // Thanks in another language that an English message may carry ("perfect, merci beaucoup":
    // not "mercy").
    static const std::unordered_set<std::string_view> kForeignThanks = {
        "merci", "beaucoup", "gracias", "muchas", "danke", "grazie", "obrigado", "obrigada"};
    if (kForeignThanks.contains(lower)) return true;
    std::string capital = lower;
    capital[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capital[0])));
    const std::string written(word);
    std::lock_guard lock(mu_);
    const bool other = written != lower && written != capital;  // "McDonald", "iPhone".
    return std::any_of(hunspell_.begin(), hunspell_.end(), [&](const auto& h) {
      return h->spell(lower) || h->spell(capital) || (other && h->spell(written));
    });
  }

  // True iff a dictionary accepts `lower` exactly as written.
  bool AcceptsAsWritten(const std::string& lower) const {
    std::lock_guard lock(mu_);
    return std::any_of(hunspell_.begin(), hunspell_.end(),
                       [&](const auto& h) { return h->spell(lower); });
  }

  // The correction of misspelt `w` (lower case), or "" to keep it. Each word one edit away that
  // the agent uses or the dictionary accepts scores log10(1 + how often customers write it) less
  // the cost of the slip, plus kOwnBonus for the agent's own words; the best wins when it wins
  // clearly (a four-letter word has many neighbours: "oder" may be ode, doer, older or order, so
  // it needs a margin of kShortMargin). A tie goes to Hunspell's suggestion order; a long word
  // with no neighbour at all may take Hunspell's first suggestion within two edits.
  std::string Fix(const std::string& w, const std::unordered_set<std::string>& vocabulary,
                  int& suggestions) const {
    constexpr double kOwnBonus = 3;
    constexpr double kShortMargin = 1;
    if (vocabulary.contains(w)) return {};
    // One of the agent's words with an ending is the agent's word ("getting them lasered" at a
    // laser clinic is no "tasered").
    for (std::string_view ending : {"ed", "d", "ing", "s", "es", "er"}) {
      if (w.size() > ending.size() + 2 && w.ends_with(ending) &&
          vocabulary.contains(w.substr(0, w.size() - ending.size()))) {
        return {};
      }
    }
    // A dropped g ("doin", "goin", "sayin") is the "-ing" word, before any neighbour the agent
    // uses: "the queues are doin my head in" is no "down".
    if (w.ends_with("in")) {
      std::string with_g = w + 'g';
      if (AcceptsAsWritten(with_g)) return with_g;
    }
    // A stretched last letter ("heyy", "hiii", "pleaseee", "alll") is the word with it written
    // twice or once, when customers write that word.
    if (w.size() > 2 && w[w.size() - 1] == w[w.size() - 2]) {
      std::string shorter = w;
      while (shorter.size() > 2 && shorter[shorter.size() - 1] == shorter[shorter.size() - 3]) {
        shorter.pop_back();  // Down to the letter twice.
      }
      for (int pass = 0; pass < 2; ++pass) {
        if (shorter != w && Frequency(shorter) > 0 && AcceptsAsWritten(shorter)) return shorter;
        shorter.pop_back();  // Once.
      }
    }
    struct Scored {
      std::string word;
      double score;
      bool evidence;  // The agent's word, or one customers write.
    };
    std::vector<Scored> scored;
    const std::vector<Candidate> near = Neighbours(w);
    // Words the agent uses or customers write first (cheap lookups); the whole dictionary only
    // when none of them is near.
    for (const bool known_only : {true, false}) {
      for (const Candidate& c : near) {
        if (c.word.size() < kMinLength) continue;
        const bool own = vocabulary.contains(c.word);
        const int frequency = Frequency(c.word);
        if (known_only != (own || frequency > 0)) continue;
        // (A slip customers make too, "acount", is no word; a candidate is checked as written,
        // in lower case, which halves the cost: proper nouns customers write, "sunday", are in
        // the frequency table and checked fully.)
        if (!own && !(frequency > 0 ? Accepts(c.word) : AcceptsAsWritten(c.word))) continue;
        const double score = std::log10(1.0 + frequency) - c.cost + (own ? kOwnBonus : 0.0);
        const auto it = std::find_if(scored.begin(), scored.end(),
                                     [&](const Scored& s) { return s.word == c.word; });
        if (it == scored.end()) {
          scored.push_back({c.word, score, own || frequency > 0});
        } else {
          it->score = std::max(it->score, score);
        }
      }
      if (!scored.empty()) break;
    }
    std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
      return a.score != b.score ? a.score > b.score : a.word < b.word;
    });
    const bool short_word = w.size() <= kMinLength;
    if (scored.size() == 1 && (!short_word || scored.front().evidence)) return scored.front().word;
    // A word nobody wrote wins on the slip alone only by a clear step ("cheeers": cheers, a key
    // struck twice, before chewers, a neighbouring key).
    constexpr double kSlipMargin = 0.25;
    const double lead = scored.size() > 1 ? scored[0].score - scored[1].score : 0;
    if (scored.size() > 1 && (scored[0].evidence ? lead > (short_word ? kShortMargin : 0.0)
                                                 : !short_word && lead >= kSlipMargin)) {
      return scored.front().word;
    }
    if (scored.size() > 1 && !short_word && suggestions < kMaxSuggestions) {
      // A tie: Hunspell's order decides among the best.
      ++suggestions;
      for (const std::string& s : Suggest(w)) {
        std::string lower = core::ToLowerAscii(s);
        for (const Scored& c : scored) {
          if (c.word == lower && scored[0].score - c.score <= 0.5) return lower;
        }
      }
      return {};
    }
    if (!scored.empty() || w.size() < kSuggestFrom || suggestions >= kMaxSuggestions) return {};
    ++suggestions;
    for (const std::string& s : Suggest(w)) {
      std::string lower = core::ToLowerAscii(s);
      const bool one_word = std::all_of(lower.begin(), lower.end(), IsLetter);
      if (one_word && lower.front() == w.front() && core::EditDistance(w, lower, 2) <= 2) {
        return lower;
      }
    }
    return {};
  }

  // The first dictionary's suggestions.
  std::vector<std::string> Suggest(const std::string& w) const {
    std::lock_guard lock(mu_);
    return hunspell_.front()->suggest(w);
  }

  // The agent's words, cached per agent version (id and updatedAt).
  std::shared_ptr<const std::unordered_set<std::string>> VocabularyOf(
      const core::Agent* agent) const {
    static const auto kNone = std::make_shared<const std::unordered_set<std::string>>();
    if (agent == nullptr) return kNone;
    if (agent->id.empty()) {
      return std::make_shared<const std::unordered_set<std::string>>(AgentWords(*agent));
    }
    const std::string key = agent->id + ':' + std::to_string(agent->updated_at);
    {
      std::lock_guard lock(cache_mu_);
      if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
    }
    auto words = std::make_shared<const std::unordered_set<std::string>>(AgentWords(*agent));
    std::lock_guard lock(cache_mu_);
    if (cache_.size() >= kMaxCachedAgents) cache_.clear();
    cache_.emplace(key, words);
    return words;
  }

  mutable std::mutex mu_;                            // Hunspell keeps state between calls.
  std::vector<std::unique_ptr<Hunspell>> hunspell_;  // Guarded by mu_; at least one.
  mutable std::mutex cache_mu_;
  mutable std::unordered_map<std::string, std::shared_ptr<const std::unordered_set<std::string>>>
      cache_;
};

}  // namespace

std::unordered_set<std::string> AgentWords(const core::Agent& agent) {
  std::unordered_set<std::string> words;
  auto add = [&](std::string_view text) {
    std::string joined;  // "e-bikes" is also typed "ebikes".
    std::size_t joined_end = std::string_view::npos;
    ForEachWord(text, [&](std::size_t at, std::string_view word) {
      std::string lower = core::ToLowerAscii(word);
      if (at > 0 && at - 1 == joined_end && text[at - 1] == '-') {
        joined += lower;
        words.insert(joined);
      } else {
        joined = lower;
      }
      joined_end = at + word.size();
      words.insert(std::move(lower));
    });
  };
  add(agent.name);
  add(agent.company);
  add(agent.company_info);
  add(agent.system_prompt);
  for (const auto& p : agent.prompts) add(p);
  for (const auto& k : agent.knowledge) {
    add(k.question);
    add(k.answer);
  }
  for (const auto& intent : agent.intents) {
    add(intent.name);
    add(intent.reply);
    for (const auto& e : intent.examples) add(e);
  }
  return words;
}

std::unique_ptr<Speller> LoadHunspellSpeller(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::string>> dictionaries;
  for (const std::string& base : paths) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(base + ".aff", ec) &&
        std::filesystem::is_regular_file(base + ".dic", ec)) {
      dictionaries.emplace_back(base + ".aff", base + ".dic");
    }
  }
  if (dictionaries.empty()) return nullptr;
  return std::make_unique<HunspellSpeller>(dictionaries);
}

std::string WordFrequencySource(const std::vector<std::string>& texts, int min_count) {
  std::map<std::string, int> counts;
  for (const std::string& text : texts) {
    ForEachWord(text,
                [&](std::size_t, std::string_view word) { ++counts[core::ToLowerAscii(word)]; });
  }
  std::string out =
      "// Generated by `carevoice train-spelling` (nlu/spelling.hpp) from the intent corpora of\n"
      "// ../shared/data (Bitext's training part, Banking77, CLINC150's training part) and\n"
      "// src/nlu/data/own_examples.tsv: do not edit by hand. How often customers write each word\n"
      "// (seen " +
      std::to_string(min_count) +
      " times or more), to rank spelling corrections.\n"
      "// clang-format off\n#include \"nlu/spelling.hpp\"\n\nnamespace carevoice::nlu {\n\n"
      "const std::string_view kWordFrequencies = R\"words(";
  for (const auto& [word, count] : counts) {
    if (count >= min_count) out += word + ' ' + std::to_string(count) + '\n';
  }
  out += ")words\";\n\n}  // namespace carevoice::nlu\n";
  return out;
}

const Speller* DefaultSpeller() {
  static const std::unique_ptr<Speller> kSpeller =
      LoadHunspellSpeller({"/usr/share/hunspell/en_GB", "/usr/share/hunspell/en_US"});
  return kSpeller.get();
}

}  // namespace carevoice::nlu
