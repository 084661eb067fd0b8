#include "nlu/company.hpp"

#include <algorithm>
#include <array>

namespace carevoice::nlu {
namespace {

// Confidence of each kind of catalogue alias before context rules.
constexpr double kStrongConfidence = 0.95;
constexpr double kProductConfidence = 0.88;
constexpr double kExactCaseConfidence = 0.9;
constexpr double kHandleConfidence = 0.97;
constexpr double kAmbiguousBase = 0.26;
constexpr double kContextBonus = 0.35;
constexpr double kSentenceStartCapBonus = 0.1;
constexpr double kPossessiveBonus = 0.2;
constexpr double kPrepositionBonus = 0.1;
constexpr double kBlockPenalty = 0.6;
constexpr std::size_t kContextWindow = 7;

struct CompanySpec {
  std::string_view key;
  std::string_view display;
  std::string_view strong;     // Comma-separated alias phrases.
  std::string_view products;   // Comma-separated product phrases unique to the company.
  std::string_view ambiguous;  // Comma-separated aliases that need evidence (see kRules).
  std::string_view exact;      // Comma-separated aliases matched only as written.
};

constexpr std::array<CompanySpec, 16> kCatalogue = {{
    {"amazon", "Amazon", "amazon, amzn, amazon prime, amazon web services",
     "prime video, prime day, prime membership, prime member, prime subscription, aws, "
     "echo dot, echo show, fire stick, firestick, fire tv, amazon music, amazon fresh",
     "prime, alexa, kindle", ""},
    {"pizza hut", "Pizza Hut", "pizza hut, pizzahut, pizza huts", "", "", ""},
    {"netflix", "Netflix", "netflix", "", "", ""},
    {"apple", "Apple", "apple inc, apple store, apple support, apple id, apple care, applecare",
     "iphone, iphones, ipad, ipads, macbook, macbooks, macbook pro, macbook air, imac, airpods, "
     "icloud, itunes, apple music, apple tv, apple watch, apple pay, facetime, ios, ipados, macos, "
     "app store, apple arcade, iwatch, siri",
     "apple, mac", ""},
    {"google", "Google", "google, google llc",
     "gmail, youtube, youtube tv, youtube premium, youtube music, google play, play store, "
     "chromecast, google drive, google pay, google fi, google nest, google home, google maps, "
     "google meet, google chrome, google one, google pixel, pixel phone, google photos, "
     "google docs, google workspace, g suite",
     "pixel, chrome", ""},
    {"microsoft", "Microsoft", "microsoft, msft, ms office, microsoft office",
     "xbox, xbox live, game pass, office 365, microsoft 365, hotmail, outlook.com, onedrive, "
     "skype, bing, surface pro, surface laptop, windows 10, windows 11, microsoft teams, "
     "microsoft word, microsoft excel, windows update, windows defender",
     "windows, office, outlook, teams", ""},
    {"uber", "Uber", "uber, uber eats, ubereats, uber one", "", "", ""},
    {"doordash", "DoorDash", "doordash, door dash", "dashpass, dasher", "", ""},
    {"spotify", "Spotify", "spotify, spotify premium", "", "", ""},
    {"bank of america", "Bank of America", "bank of america, bankofamerica, bank of america's", "",
     "", "BofA, BOFA, BoA"},
    {"at&t", "AT&T", "at&t, at & t, at and t, at&t's", "u-verse, uverse", "att", ""},
    {"verizon", "Verizon", "verizon, verizon wireless, vzw", "fios, verizon fios", "", ""},
    {"walmart", "Walmart", "walmart, wal-mart, wal mart, walmart+", "walmart plus", "", ""},
    {"target", "Target", "target.com, target circle, target redcard", "", "target", ""},
    {"fedex", "FedEx", "fedex, fed ex, federal express, fedex's", "", "", ""},
    {"ups", "UPS", "united parcel service, ups store, u.p.s", "", "ups", ""},
}};

// Evidence rules of the ambiguous aliases. Lists are space-separated words.
struct RuleSpec {
  std::string_view alias;
  double base;
  double cap_bonus;
  std::string_view block_before;
  std::string_view block_after;
  std::string_view context;
};

constexpr std::array<RuleSpec, 13> kRules = {{
    {"ups", kAmbiguousBase, 0.35, "", "and n &", "driver guy guys truck store label tracking"},
    {"kindle", 0.45, 0.2, "to rekindle",
     "a the fire fires flame flames our their his her hope "
     "interest",
     "my device screen battery charger book books ebook ebooks unlimited paperwhite "
     "reader app"},
    {"prime", kAmbiguousBase, 0.1, "a in its their his her sub",
     "number numbers minister time "
     "example examples suspect rib location candidate factor age cut beef real importance "
     "concern target spot",
     "membership member subscription shipping delivery renewal renew trial video amazon day "
     "music"},
    {"alexa", 0.3, 0.0, "", "",
     "echo device speaker skill skills app amazon smart dot routine "
     "timer volume play playing wifi bluetooth connect connected"},
    {"apple", kAmbiguousBase, 0.35,
     "an eat ate eating big rotten candy caramel crab green red fresh baked bake adam's "
     "bad",
     "pie pies juice cider tree trees sauce crumble slice slices orchard of a vinegar tart "
     "butter cake muffins picking",
     "iphone ipad mac macbook watch genius airpods icloud ios laptop charger"},
    {"mac", kAmbiguousBase, 0.3, "big", "and n & cheese",
     "laptop macbook computer os keyboard "
     "screen battery charger apple boot update updated restart frozen freezes"},
    {"pixel", kAmbiguousBase, 0.3, "dead stuck per every each single one",
     "art perfect count "
     "density densities",
     "phone screen battery charger update android camera google 6 6a 7 7a 8 8a 9 9a pro "
     "xl fold buds preorder"},
    {"chrome", kAmbiguousBase, 0.3, "", "finish plated plating rims wheels paint",
     "browser extension extensions tab tabs google crash crashes crashing update bookmarks"},
    {"windows", kAmbiguousBase, 0.35,
     "car house clean cleaning open opened close closed shut broken front back rear bedroom "
     "kitchen tinted dirty the our all",
     "are were and open closed shut cleaned",
     "pc laptop computer install installed license update updated activate activation microsoft "
     "crash crashes crashing screen boot reinstall"},
    {"office", kAmbiguousBase, 0.3,
     "the post home an back front head dentist's doctor's box main field ticket",
     "hours manager building chair space party supplies job worker workers",
     "license subscription install installed activate activation microsoft word excel "
     "powerpoint product key"},
    {"outlook", kAmbiguousBase, 0.35, "the an", "is was for on",
     "email emails inbox mail calendar sync login password app"},
    {"teams", kAmbiguousBase, 0.3, "sports two both other rival football basketball baseball",
     "are were played play", "meeting meetings call calls chat microsoft app"},
    {"target", kAmbiguousBase, 0.35,
     "on off hit hitting missed miss easy sales main primary moving a an our their "
     "prime",
     "date dates audience audiences market markets weight range price prices rate rates group "
     "groups practice number numbers value values zone heart customer customers demographic "
     "is was of for",
     "store stores order orders pickup circle redcard aisle cashier receipt shopping shop went "
     "drive"},
}};

// Service words that support any ambiguous alias.
constexpr std::string_view kServiceWords =
    "order orders ordered store stores account accounts app delivery delivered deliver package "
    "packages parcel shipment shipping shipped tracking subscription subscriptions support "
    "refund refunds charged charge charges membership driver pickup website site purchase "
    "purchased bought return returned returns exchange warranty repair customer service "
    "employee staff manager cashier login password billing bill device devices";

// Suffixes of @handles that still name the company ("@AmazonHelp", "@Uber_Support").
constexpr std::array<std::string_view, 13> kHandleSuffixes = {
    "",        "help", "support", "cares", "care",     "_support", "_help",
    "service", "news", "us",      "app",   "official", "eats"};

// Prepositions that, before an ambiguous alias, suggest a place or a company.
constexpr std::array<std::string_view, 8> kPrepositions = {"at",     "from",      "with",    "via",
                                                           "called", "contacted", "through", "@"};

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view piece = s.substr(start, end - start);
    while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
    if (!piece.empty()) out.emplace_back(piece);
    start = end + 1;
  }
  return out;
}

// Splits an alias phrase into the tokens ScanTokens would produce for it.
std::vector<std::string> PhraseTokens(std::string_view phrase) {
  std::vector<std::string> out;
  for (const ScanToken& tok : ScanTokens(phrase)) {
    if (IsWordLike(tok)) out.push_back(tok.lower);
  }
  return out;
}

bool Contains(const std::vector<std::string>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// Returns the token's text for matching: lower-case without a possessive "'s" or a ".com".
std::string_view MatchForm(const ScanToken& tok, bool* possessive, bool* dot_com) {
  std::string_view s = tok.lower;
  *possessive = false;
  *dot_com = false;
  if (s.size() > 2 && s.ends_with("'s")) {
    s.remove_suffix(2);
    *possessive = true;
  } else if (s.size() > 1 && s.ends_with("'")) {
    s.remove_suffix(1);
    *possessive = true;
  }
  if (s.size() > 4 && s.ends_with(".com")) {
    s.remove_suffix(4);
    *dot_com = true;
  }
  return s;
}

// Common English words: an agent company named like one needs the same evidence as an
// ambiguous catalogue alias.
constexpr std::string_view kCommonWords =
    " a about after again air all also an and any app apple are art as at back bank bar be bell "
    "best better big bird blue book box bright bring but by call can care cart case cash center "
    "city clear cloud coffee come core day direct do down east easy edge energy every express "
    "fast field first fit fix flow fly for fresh friend from fun gap general get global go gold "
    "good great green group hand happy health help here high home hope hub in key kind king "
    "life light like line link live local look love main make market mart max me meta mint mobile "
    "more my national nest new next north now of off on one open orange out pay peak people pet "
    "plan plus point power prime pro quick ready real red rent ride right rock safe save secure "
    "shell shop simple smart snap solid south sport square star state store sun super sure swift "
    "target team the time to today top total town travel true trust union united up us value "
    "via vision wave way we west what when where white wise with word work world you your zoom ";

bool IsCommonWord(std::string_view w) {
  if (w.size() + 2 > kCommonWords.size()) return false;
  std::string needle;
  needle.reserve(w.size() + 2);
  needle.push_back(' ');
  needle.append(w);
  needle.push_back(' ');
  return kCommonWords.find(needle) != std::string_view::npos;
}

}  // namespace

CompanyDetector::CompanyDetector() {
  // Rule 0 is the generic rule for an agent company named like a common word.
  rules_.push_back(RuleData{});
  std::unordered_map<std::string, int> rule_of_alias;
  for (const RuleSpec& spec : kRules) {
    RuleData rule;
    rule.base = spec.base;
    rule.cap_bonus = spec.cap_bonus;
    rule.block_before = SplitOn(spec.block_before, ' ');
    rule.block_after = SplitOn(spec.block_after, ' ');
    rule.context = SplitOn(spec.context, ' ');
    rule_of_alias[std::string(spec.alias)] = static_cast<int>(rules_.size());
    rules_.push_back(std::move(rule));
  }
  for (const std::string& w : SplitOn(kServiceWords, ' ')) service_words_.insert(w);

  for (const CompanySpec& spec : kCatalogue) {
    const std::string key(spec.key);
    companies_.push_back(key);
    const auto add = [&](std::string_view phrase, double base, bool ambiguous,
                         std::string_view exact) {
      Entry entry;
      entry.company = key;
      entry.tokens = PhraseTokens(phrase);
      entry.base = base;
      entry.ambiguous = ambiguous;
      entry.exact = std::string(exact);
      if (ambiguous) {
        const auto it = rule_of_alias.find(std::string(phrase));
        entry.rule = it == rule_of_alias.end() ? 0 : it->second;
      }
      if (!entry.tokens.empty()) entries_.push_back(std::move(entry));
    };
    for (const std::string& a : SplitOn(spec.strong, ',')) add(a, kStrongConfidence, false, {});
    for (const std::string& a : SplitOn(spec.products, ',')) add(a, kProductConfidence, false, {});
    for (const std::string& a : SplitOn(spec.ambiguous, ',')) add(a, kAmbiguousBase, true, {});
    for (const std::string& a : SplitOn(spec.exact, ',')) add(a, kExactCaseConfidence, false, a);
    // Handles: the key and strong aliases without spaces or '&'.
    for (const std::string& a : SplitOn(spec.strong, ',')) {
      std::string handle;
      for (const char c : a) {
        if (c != ' ' && c != '&' && c != '\'') handle.push_back(c);
      }
      handles_.emplace_back(handle, key);
    }
    for (const std::string& a : SplitOn(spec.ambiguous, ',')) {
      if (a == "ups" || a == "target" || a == "att") handles_.emplace_back(a, key);
    }
  }
  handles_.emplace_back("att", "at&t");
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    by_first_token_[entries_[i].tokens.front()].push_back(static_cast<int>(i));
  }
  for (auto& [first, list] : by_first_token_) {
    std::stable_sort(list.begin(), list.end(), [&](int a, int b) {
      return entries_[static_cast<std::size_t>(a)].tokens.size() >
             entries_[static_cast<std::size_t>(b)].tokens.size();
    });
  }
}

double CompanyDetector::Evidence(const std::vector<ScanToken>& tokens, std::size_t begin,
                                 std::size_t end, const Entry& entry, bool shouted) const {
  const RuleData& rule = rules_[static_cast<std::size_t>(entry.rule < 0 ? 0 : entry.rule)];
  const ScanToken& first = tokens[begin];
  double score = entry.rule > 0 ? rule.base : entry.base;
  bool possessive = false;
  bool dot_com = false;
  MatchForm(tokens[end - 1], &possessive, &dot_com);
  if (first.kind == TokenKind::kHandle || first.kind == TokenKind::kHashtag || dot_com) {
    return kHandleConfidence;
  }
  if (!shouted) {
    if (first.all_caps && first.lower.size() <= 4) {
      score += first.sentence_start ? rule.cap_bonus : rule.cap_bonus + 0.1;
    } else if (first.capitalized) {
      score +=
          first.sentence_start ? std::min(kSentenceStartCapBonus, rule.cap_bonus) : rule.cap_bonus;
    }
  }
  if (possessive) score += kPossessiveBonus;

  // Neighbouring words, within the clause-free window, skipping non-words.
  const auto prev_word = [&](std::size_t i) -> const ScanToken* {
    while (i > 0) {
      --i;
      if (IsWordLike(tokens[i])) return &tokens[i];
      if (tokens[i].kind == TokenKind::kBreak) return nullptr;
    }
    return nullptr;
  };
  const auto next_word = [&](std::size_t i) -> const ScanToken* {
    for (; i < tokens.size(); ++i) {
      if (IsWordLike(tokens[i])) return &tokens[i];
      if (tokens[i].kind == TokenKind::kBreak || tokens[i].kind == TokenKind::kBang) {
        return nullptr;
      }
    }
    return nullptr;
  };
  const ScanToken* before = prev_word(begin);
  const ScanToken* after = possessive ? nullptr : next_word(end);
  if (before != nullptr && Contains(rule.block_before, before->lower)) score -= kBlockPenalty;
  if (after != nullptr && Contains(rule.block_after, after->lower)) score -= kBlockPenalty;
  if (before != nullptr &&
      std::find(kPrepositions.begin(), kPrepositions.end(), before->lower) != kPrepositions.end()) {
    score += kPrepositionBonus;
  }

  // Service or rule context words near the alias.
  const std::size_t lo = begin > kContextWindow ? begin - kContextWindow : 0;
  const std::size_t hi = std::min(tokens.size(), end + kContextWindow);
  bool context = false;
  for (std::size_t i = lo; i < hi && !context; ++i) {
    if (i >= begin && i < end) continue;
    const ScanToken& tok = tokens[i];
    if (!IsWordLike(tok)) continue;
    if (service_words_.contains(tok.lower) || Contains(rule.context, tok.lower)) context = true;
  }
  if (context) score += kContextBonus;
  return std::clamp(score, 0.0, 0.9);
}

void CompanyDetector::Scan(const std::vector<ScanToken>& tokens, const std::vector<Entry>& entries,
                           const std::unordered_map<std::string, std::vector<int>>& index,
                           bool shouted, CompanyMatch& best, std::size_t& best_pos) const {
  const auto consider = [&](const std::string& company, double confidence, std::size_t pos) {
    if (confidence > best.confidence + 1e-9 ||
        (confidence > best.confidence - 1e-9 && pos < best_pos && !best.company.empty())) {
      best.company = company;
      best.confidence = confidence;
      best_pos = pos;
    }
  };
  std::size_t i = 0;
  while (i < tokens.size()) {
    const ScanToken& tok = tokens[i];
    if (!IsWordLike(tok)) {
      ++i;
      continue;
    }
    bool possessive = false;
    bool dot_com = false;
    const std::string_view form = MatchForm(tok, &possessive, &dot_com);
    const auto it = index.find(std::string(form));
    std::size_t matched_len = 0;
    if (it != index.end()) {
      for (const int idx : it->second) {
        const Entry& entry = entries[static_cast<std::size_t>(idx)];
        // Match the following tokens (word tokens only; the last may carry "'s").
        std::size_t j = i;
        std::size_t k = 0;
        for (; k < entry.tokens.size() && j < tokens.size(); ++k, ++j) {
          if (!IsWordLike(tokens[j])) break;
          bool p = false;
          bool d = false;
          const std::string_view f = k == 0 ? form : MatchForm(tokens[j], &p, &d);
          if (f != entry.tokens[k]) break;
          if ((p || d) && k + 1 < entry.tokens.size()) break;
        }
        if (k != entry.tokens.size()) continue;
        if (!entry.exact.empty()) {
          std::string_view raw = tok.raw;
          if (possessive) raw = raw.substr(0, raw.find('\''));
          if (raw != entry.exact) continue;
        }
        double confidence = entry.base;
        if (tok.kind == TokenKind::kHandle || tok.kind == TokenKind::kHashtag) {
          confidence = kHandleConfidence;
        } else if (entry.ambiguous) {
          confidence = Evidence(tokens, i, j, entry, shouted);
        }
        consider(entry.company, confidence, i);
        matched_len = j - i;
        break;
      }
    }
    if (matched_len == 0 && tok.kind == TokenKind::kHandle) {
      for (const auto& [handle, company] : handles_) {
        if (!tok.lower.starts_with(handle)) continue;
        const std::string_view rest = std::string_view(tok.lower).substr(handle.size());
        if (std::find(kHandleSuffixes.begin(), kHandleSuffixes.end(), rest) !=
            kHandleSuffixes.end()) {
          consider(company, kHandleConfidence, i);
          break;
        }
      }
    }
    i += matched_len == 0 ? 1 : matched_len;
  }
}

CompanyMatch CompanyDetector::Detect(std::string_view text, std::string_view agent_company) const {
  return Detect(ScanTokens(text), agent_company);
}

CompanyMatch CompanyDetector::Detect(const std::vector<ScanToken>& tokens,
                                     std::string_view agent_company) const {
  CompanyMatch best;
  std::size_t best_pos = tokens.size();
  bool shouted = true;
  int letters = 0;
  for (const ScanToken& tok : tokens) {
    if (!IsWordLike(tok)) continue;
    for (const char c : tok.raw) {
      if (c >= 'a' && c <= 'z') shouted = false;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++letters;
    }
  }
  shouted = shouted && letters >= 6;
  Scan(tokens, entries_, by_first_token_, shouted, best, best_pos);

  // The agent's own company, unless it is already a catalogue company.
  std::string_view name = agent_company;
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  if (name.empty()) return best;
  const std::vector<std::string> name_tokens = PhraseTokens(name);
  if (name_tokens.empty()) return best;
  std::string joined;
  for (const std::string& t : name_tokens) {
    if (!joined.empty()) joined.push_back(' ');
    joined.append(t);
  }
  for (const Entry& e : entries_) {
    if (e.tokens == name_tokens) return best;  // Covered by the catalogue.
  }
  std::vector<Entry> extra;
  Entry full;
  full.company = std::string(name);
  full.tokens = name_tokens;
  full.base = kStrongConfidence;
  if (name_tokens.size() == 1 && (IsCommonWord(name_tokens[0]) || name_tokens[0].size() <= 2)) {
    full.ambiguous = true;
    full.base = kAmbiguousBase;
    full.rule = 0;
  }
  extra.push_back(full);
  // "Acme Corp" is also "Acme" when the remainder is a legal-form suffix.
  static constexpr std::array<std::string_view, 9> kSuffixes = {
      "inc", "inc.", "llc", "ltd", "corp", "corporation", "co", "company", "group"};
  if (name_tokens.size() >= 2 &&
      std::find(kSuffixes.begin(), kSuffixes.end(), name_tokens.back()) != kSuffixes.end()) {
    Entry shortened = full;
    shortened.tokens.pop_back();
    shortened.base = kProductConfidence;
    if (shortened.tokens.size() == 1 && IsCommonWord(shortened.tokens[0])) {
      shortened.ambiguous = true;
      shortened.base = kAmbiguousBase;
      shortened.rule = 0;
    }
    extra.push_back(std::move(shortened));
  }
  std::unordered_map<std::string, std::vector<int>> index;
  for (std::size_t k = 0; k < extra.size(); ++k) {
    index[extra[k].tokens.front()].push_back(static_cast<int>(k));
  }
  // Prefer the agent's company on equal confidence: scan it into a fresh match.
  CompanyMatch own;
  std::size_t own_pos = tokens.size();
  Scan(tokens, extra, index, shouted, own, own_pos);
  if (own.company.empty()) {
    // Handles: "@AcmeHelp".
    std::string handle;
    for (const std::string& t : name_tokens) handle += t;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const ScanToken& tok = tokens[k];
      if (tok.kind == TokenKind::kHandle && handle.size() >= 3 && tok.lower.starts_with(handle)) {
        own.company = std::string(name);
        own.confidence = kHandleConfidence;
        own_pos = k;
        break;
      }
    }
  }
  if (!own.company.empty() && own.confidence >= best.confidence - 1e-9) return own;
  return best;
}

std::vector<CompanyAlias> CompanyDetector::Aliases() const {
  std::vector<CompanyAlias> out;
  out.reserve(entries_.size());
  for (const Entry& e : entries_) {
    CompanyAlias a;
    a.company = e.company;
    for (const std::string& t : e.tokens) {
      if (!a.phrase.empty()) a.phrase.push_back(' ');
      a.phrase.append(t);
    }
    a.ambiguous = e.ambiguous;
    a.exact_case = !e.exact.empty();
    a.phrase_as_written = e.exact.empty() ? a.phrase : e.exact;
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::string> CompanyDetector::Companies() const { return companies_; }

std::string CompanyDetector::DisplayName(std::string_view company) {
  for (const CompanySpec& spec : kCatalogue) {
    if (spec.key == company) return std::string(spec.display);
  }
  std::string out(company);
  bool word_start = true;
  for (char& c : out) {
    if (word_start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    word_start = c == ' ';
  }
  return out;
}

}  // namespace carevoice::nlu
