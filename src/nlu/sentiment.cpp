#include "nlu/sentiment.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "nlu/sentiment_lexicon.hpp"

namespace carevoice::nlu {
namespace {

constexpr float kUnset = 1000.0f;
constexpr float kNegatedPositiveFactor = -0.75f;
constexpr float kNegatedNegativeFactor = -0.5f;
constexpr int kNegationWindow = 3;
constexpr float kCapsFactor = 1.4f;
constexpr float kHypotheticalPositiveFactor = 0.4f;
constexpr float kQuestionNegativeFactor = 0.5f;
// ... and in the condition of a question ("what if the photographer gets poorly on the day",
// "what happens if my dog gets sick"): a question about a policy, not a complaint.
constexpr float kConditionQuestionFactor = 0.25f;
// ... and in a clause about someone else with no "you" in it ("the landlord is being a right
// pain about the carpets"): the customer's trouble, not displeasure with the business.
constexpr float kThirdPartyFactor = 0.25f;
constexpr double kBeforeContrastFactor = 0.5;
constexpr double kAfterContrastFactor = 1.5;
constexpr double kBangStep = 0.12;
constexpr int kMaxBangs = 4;
constexpr double kFrustratedPunctuation = -1.0;
constexpr double kShoutedNegativeFactor = 1.4;
constexpr double kShoutedPositiveFactor = 1.3;
constexpr double kShoutedNeutralSum = -1.0;
constexpr double kNormalizationAlpha = 8.0;
constexpr double kIntensityScore = -0.93;
constexpr double kShoutedIntensityScore = -0.5;
constexpr double kUrgentMaxScore = -0.6;
constexpr double kDistressSum = -0.3;

// Urgency patterns: "<cue> <strong|weak> <pattern>" per line. A pattern is words separated by
// spaces; "{a|b}" lists alternatives; "*" matches zero to four words, "**" zero to eight. A strong
// cue counts on its own; a weak one only with distress (negative text, a need/please/help word,
// first person outside a question, or '!').
// "goes down" and "going down" are no outage: the first is a habit (a recurring fault), the
// second as often a tyre, a price or a swelling as a service.
constexpr std::string_view kUrgencyPatterns = R"(
deadline weak by {tomorrow|tonight|today|tmrw|tmr|noon|eod|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|midnight}
deadline weak by end of {day|today|the}
deadline weak before {my|our|the|his|her} {flight|trip|wedding|meeting|interview|exam|surgery|appointment|party|event|funeral|deadline|move|vacation|holiday|departure|shift|presentation|closing}
deadline weak {in|within} {an|1|one|2|two|3|three|the|half|a} {hour|hours|minutes|mins|hr|hrs}
deadline weak in {5|10|15|20|30|45|ten|twenty|thirty} {minutes|mins}
deadline weak {due|expires|closes|leaves|leaving|departs|boarding|starts} {today|tonight|tomorrow|in}
deadline weak {flight|wedding|interview|exam|surgery|funeral|deadline|presentation} {today|tonight|tomorrow}
deadline weak {flight|wedding|interview|exam|surgery|funeral|appointment} {is|was} {today|tonight|tomorrow}
deadline weak {for|until} {today|tonight}
deadline weak {before|by} {it|they|this|that|he|she} {ships|ship|leaves|closes|goes|arrives|expires|starts}
deadline weak need ** {today|tonight}
deadline weak {deadline|time-sensitive}
deadline weak time sensitive
fraud strong {unauthorized|unauthorised|fraudulently}
fraud strong identity theft
fraud strong {hacked|compromised}
fraud strong {card|cards|identity|account|wallet|password|info|information|details|data|credentials|number} * stolen
fraud strong stolen {card|credit|debit|identity|account|wallet|password|information|info}
fraud strong stole my {card|identity|account|info|information|money|password|details|wallet}
fraud strong {didn't|never} {authorize|authorized|authorise|authorised}
fraud strong did not {authorize|authorized|authorise|authorised}
fraud strong {charge|charges|purchase|purchases|transaction|transactions|withdrawal|withdrawals} * {didn't|never} {make|made|do|order|ordered|recognize}
fraud strong never made {these|this|the|those|any|that} {purchases|purchase|charges|charge|transactions|transaction}
fraud strong {don't|do} {recognize|recognise} {this|these|that|those|the|a} {charge|charges|purchase|purchases|transaction|transactions}
fraud strong someone {used|accessed|took|stole|opened|changed|logged|hacked}
fraud strong somebody {used|accessed|took|stole|opened|changed|logged|hacked}
fraud strong {someone|somebody} has {used|accessed|taken|stolen|opened|changed|logged|hacked|got|been}
fraud strong {someone|somebody} got {into|in|hold|access}
fraud strong {someone|somebody} is {using|accessing|logged|logging|stealing|taking|charging|hacking|pretending|impersonating|spending|withdrawing|changing}
fraud strong {someone|somebody} is in {my|our} {account|accounts|email|bank|card}
fraud strong took money {out|from}
fraud weak {fraud|scam|scammed|phishing|fraudulent}
safety strong gas leak
safety strong {smell|smells|smelled|smelling} {gas|burning|smoke}
safety strong {smell|smells} like {gas|burning|something}
safety strong smell of {gas|burning}
safety strong carbon monoxide
safety strong {on|caught} fire
safety strong fire hazard
safety strong {injured|injury|injuries|bleeding|ambulance|electrocuted|exploded|explosion|sparks|sparking|choking|choked|swallowed|unsafe|threatening|threatened|assaulted|harassed|harassing|stalking|drunk|flooding|flooded|overdose|unconscious}
safety strong burning smell
safety strong electric shock
safety strong allergic reaction
safety strong food poisoning
safety strong {almost|nearly} {fell|died|crashed|fainted|electrocuted}
safety strong {ran|run} out of {my|his|her|our|their|the} {insulin|medication|meds|medicine|epipen|inhaler|oxygen}
safety strong {ran|run} out of {insulin|medication|meds|medicine|epipen|inhaler|oxygen}
safety strong fell {because|down|over}
safety strong {i|he|she|we|they|mum|mom|mother|dad|father|son|daughter|kid|child|baby|toddler|gran|nan|grandma|grandad|grandpa|grandmother|grandfather|wife|husband|someone|somebody|customer} fell {off|from|onto|while|when|and|at|today|yesterday|again|badly}
safety strong {i|he|she|we|they|mum|mom|mother|dad|father|son|daughter|kid|child|baby|toddler|gran|nan|grandma|grandad|grandpa|grandmother|grandfather|wife|husband|someone|somebody|customer} fell in {your|the|our|a|my|their|his|her}
safety strong {got|get|gets|getting|was|were|been|be|is|am|are} hurt
safety strong hurt {himself|herself|myself|themselves|yourself|me|him|her}
safety strong smoke {coming|from|pouring|everywhere|billowing|filled|filling}
safety strong {is|was|started|keeps|it's|and} smoking
safety strong {swelling|swollen}
safety strong hit {me|my|our}
safety strong stranded
safety strong trapped {in|inside|under}
safety strong locked {in|inside} {the|a|an|our|my|his|her} {lift|elevator|car|room|building|toilet|bathroom|house|flat|apartment}
safety strong stuck {in|inside} {the|a|an|our|my} {lift|elevator}
safety strong {lift|elevator} * stuck
safety strong water * {pouring|gushing|flooding|everywhere}
safety weak {leak|leaks|leaking|leaked}
safety weak {accident|medication|medicine|prescription|insulin|meds|epipen|inhaler|dangerous|danger|overheating}
outage strong {outage|outages}
outage strong {is|are|was|were|went|been|still|keeps|it's|site's|app's|website's|server's|system's|internet's|network's} down
outage strong down {again|since}
outage strong no {service|signal|internet|power|connection|connectivity|wifi|network|electricity|dial|water|heat|heating|reception}
outage strong {power|internet|electricity|service|wifi|network} * {out|down}
outage strong cable {is|was|went|been|still|has|keeps|seems|service|tv|box|internet} {out|down}
outage strong cable {out|down}
repeat strong {second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|10th|umpteenth|nth|hundredth|millionth} time * {calling|called|contacting|contacted|writing|emailing|messaging|asking|reaching|chatting|tweeting|explaining}
repeat strong {calling|contacting|writing|emailing|messaging|called|contacted|asking|explaining} * {second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|10th|umpteenth|nth} time
repeat strong {called|contacted|emailed|messaged|phoned|rung|rang|tried|reached|spoke|talked|chatted|written|wrote|asked|explained|complained} * {times}
repeat strong {keep|kept} {calling|contacting|emailing|writing|asking|explaining}
repeat strong every time i {call|contact|write|ask|chat}
repeat strong {multiple|several|many|countless|numerous|dozens} {calls|emails|chats|messages|complaints|attempts}
immediacy strong {immediately|asap|a.s.a.p|urgently}
immediacy weak {urgent|emergency}
immediacy weak right {away|now}
immediacy weak as soon as possible
immediacy weak {please|pls|plz} hurry
)";

constexpr std::string_view kNeedWords =
    " need needs needed must please pls plz help asap urgently immediately have_to ";
constexpr std::string_view kFirstPerson = " i i'm im i've ive my me we we're our us mine ";
constexpr std::string_view kQuestionStarters =
    " how what wat wot whats wats when where which who why can could do does did is are will would "
    "should may have has any ";
// An inverted question inside a condition without its comma ("if i cant be there do i lose
// money"): one of these followed by a subject.
constexpr std::string_view kInvertingVerbs = " do does did will would can could should is are ";
constexpr std::string_view kSubjects = " i we you it they he she ";
// What a business provides, named in a complaint about it without a "you" ("my order is late").
constexpr std::string_view kWhatTheBusinessProvides =
    " order orders delivery deliveries delivered parcel package refund refunds charged charge "
    "charges bill invoice payment account booking appointment engineer technician driver staff "
    "service app website site product item items courier tracking replacement repair "
    "installation subscription plan contract support manager agent flight flights bag bags baggage "
    "luggage seat seats ticket tickets reservation ";
// What "another" names when it is another business ("a bad experience with another place").
// (Not "another lot", as often more of the same: "another lot of problems with the app".)
constexpr std::string_view kOtherBusinesses =
    " place company firm business shop garage salon groomer groomers clinic centre center "
    "provider outfit ";
// A question a condition asks without its comma ("if the weather turns awful and i have to cancel
// how much notice do u need"): "how" and one of these, or "what" and one of these.
constexpr std::string_view kHowQuestions = " much many long soon far ";
constexpr std::string_view kWhatQuestions = " happens happen would will do is ";
// What a question after a comma asks of ("..., is that going to be a problem").
constexpr std::string_view kAskedOf = " i we you it they he she that this there ";
// Discourse fillers that may precede a question's first word ("ok so is it cancelled now?").
constexpr std::string_view kQuestionLeadFillers =
    " ok okay so and but well um hmm right alright hi hey hello thanks then oh ";
// Words after which "by friday" opens its clause.
constexpr std::string_view kFrontingJoints = " and but so then ";
// A clause about someone else: an owner, one of these people (or pets, or the bus, train or
// traffic the customer is stuck in), and a verb of being or doing ("the landlord is", "my husband
// keeps", "the bus has broken down"). The business's own people (staff, a driver, a manager) are
// no third party.
constexpr std::string_view kThirdPartyOwners = " the my our his her their ";
constexpr std::string_view kThirdParties =
    " landlord landlords landlady husband hubby wife partner boyfriend girlfriend bf gf boss kids "
    "kid son daughter children child mum mom dad sister brother nan gran neighbour neighbours "
    "neighbor neighbors flatmate housemate roommate dog cat puppy toddler baby bus train traffic ";
// "she's" and "he's" open a clause about someone else as well.
constexpr std::string_view kThirdPersonIs = " shes she's hes he's ";
constexpr std::string_view kThirdPartyVerbs =
    " is was are were has had have keeps kept being been gets got ";
constexpr std::string_view kSecondPerson =
    " you your yours u ur ya you're youre you've youve yourselves ";
constexpr std::string_view kContrastWords = " but however though although yet ";
// A fault that comes and goes: not an outage.
constexpr std::string_view kIntermittentWords =
    " keeps keep kept sometimes occasionally randomly intermittently intermittent ";
// A medicine taken on a schedule ("he needs his insulin jab morning and night", "she has her
// meds twice a day") is routine care a boarding or care business is told about, not a shortage.
constexpr std::string_view kMedicineWords =
    " medication medicine prescription insulin meds epipen inhaler ";
// Verbs of having a medicine, within this many words before it (or having needed it: "hasnt
// needed her inhaler in years").
constexpr std::string_view kPossessionVerbs =
    " has have got carries carry takes take on uses use used needed ";
constexpr std::size_t kPossessionWindow = 3;
// ... unless one of these says it is lacking ("i have no insulin left").
constexpr std::string_view kLackingWords = " no not without forgot forgotten lost left cant can't ";
constexpr std::string_view kPastAccidentOwners = " his her my their our the your an ";
constexpr std::string_view kScheduleLeads = " every each a per twice once ";
constexpr std::string_view kScheduleTimes =
    " day days night nights morning mornings evening evenings ";
// Sarcasm: praise wrapped around a waiting time or a repeat ("great, another week of waiting").
constexpr std::string_view kSarcasmRepeat = " another again ";
constexpr std::string_view kSarcasmUnit =
    " minute minutes hour hours day days week weeks month months year years ";
constexpr double kSarcasmScore = -0.6;
// Thanks for a harm is no thanks: "thanks a lot for losing my bag", "thanks for nothing". Not
// "cancelling" or "charging": a customer who asked for it thanks in earnest.
constexpr std::string_view kSarcasmThanksFor =
    " nothing losing ignoring overcharging wasting ruining breaking ";
// ... unless the deed is told as a wrong: done twice ("thanks for charging me twice") or
// behind the customer's back ("thanks a lot for cancelling my flight without telling me").
constexpr std::string_view kWrongTwice = " twice double ";
constexpr std::string_view kBehindTheBack =
    " telling asking warning letting informing notifying notice ";
constexpr std::size_t kDeedWords = 8;
// How many words before an outage a "will", "gonna" or "would" makes it one to come.
constexpr std::size_t kToComeWindow = 4;
// Waste is no verdict: a word of these after a determiner, followed by no noun it would judge
// ("all the rubbish you pull out", "can you take our rubbish away"; not "the rubbish service").
constexpr std::string_view kWasteWords = " rubbish garbage trash junk ";
constexpr std::string_view kWasteDeterminers = " the all any my our your some of this that ";
constexpr std::string_view kAfterWaste =
    " you we i they he she it is was are gets get goes go from in out away and or to bags bag "
    "bin bins removal collection clearance that which ";
constexpr std::string_view kHypotheticalWords = " if would could should wish wished hoping ";
// A waiting time ("for 3 weeks", "after 5 days", "waited an hour") reads as a complaint.
constexpr std::string_view kDurationLead =
    " for after over than been waited waiting wait nearly almost past last took ";
constexpr std::string_view kDurationCount =
    " a an one two three four five six seven eight nine ten twelve several many few couple ";
constexpr std::string_view kDurationUnit =
    " minutes mins hour hours hrs day days week weeks month months ";
constexpr double kDurationValence = -1.0;

// A time planned ahead ("we won't need it for 2 weeks", "we're away for a fortnight", "can we
// hire it for 3 days", "we've booked a tub for a week") rather than waited: the words before "for"
// in its clause say what will be, and none says what has been ("it's been broken for 2 weeks").
constexpr std::string_view kPlanWords =
    " will wont ll going gonna planning plan want wanting need needs like book booking booked "
    "hire hiring hired rent renting rented reserved away holiday every drive driving travel "
    "travelling visit visiting stay staying trip off ";
// What a span of time spent on is a plan too ("for a weeks camping", "2 weeks holiday").
constexpr std::string_view kPlannedAfter =
    " camping holiday holidays hols break trip stay away off travelling touring ";
// Spans of a day or more, said before "before" ("a fortnight before the wedding").
// What is bled without anyone bleeding.
constexpr std::string_view kBledThings =
    " brake brakes radiator radiators hydraulic hydraulics caliper calipers ";
constexpr std::string_view kDaysAhead = " day days week weeks fortnight month months year years ";
constexpr std::string_view kFearWords =
    " terrified worried worry worrying scared afraid frightened petrified nervous ";
constexpr std::string_view kToComeWords = " will gonna would might could ";
// "would" joined to who would ("i'd be nervous"), with or without its apostrophe.
constexpr std::string_view kWouldContractions =
    " i'd id we'd wed he'd she'd they'd you'd d ll i'll we'll ";
constexpr std::string_view kCeremonies =
    " funeral funerals cremation cremated burial buried memorial wedding ceremony christening "
    "church ";
// What a business offers for emergencies, named after "emergency" in a sentence that opens as a
// question ("do u do emergency call outs", "is there an emergency number"): asked for, no
// emergency told.
constexpr std::string_view kEmergencyServices =
    " call callout callouts call-out call-outs line number service services appointment "
    "appointments repair repairs work visit visits fee rate rates charge charges cover slot slots ";
// "is it dangerous", "would that be dangerous": a risk asked about, none told.
constexpr std::string_view kRiskAskingVerbs = " is would will could can isnt isn't ";
constexpr std::string_view kRiskAskedOf = " it that this they ";
// Apprehension: kFearWords and the words of a worry that is not yet fear.
constexpr std::string_view kWorryWords =
    " terrified worried worry worrying scared afraid frightened petrified nervous anxious nervy "
    "apprehensive panicking panics stressing claustrophobic phobic ";
constexpr std::string_view kLookingBack = " that it this ";
constexpr std::string_view kWeeksAhead = " week weeks wk wks fortnight month months ";
// Laughter, which tells no distress.
constexpr std::string_view kLaughter = " lol lool lolol haha hahaha ha lmao rofl ";
// What the customer was as a child ("as a kid", "when i was little").
constexpr std::string_view kChildhood =
    " kid child boy girl teenager teen youngster little young small nipper toddler baby ";
// Spans a month or more long, for what happened that long ago.
constexpr std::string_view kMonthsPast = " month months year years yr yrs winter summer autumn ";
// How bad an ailment is ("a really bad latex allergy", "a nut allergy so bad she carries an
// epipen", "awful eczema", "a proper bad one") tells its severity, no displeasure: one of these
// words within a few words of an ailment.
constexpr std::string_view kSeverityWords =
    " bad badly awful terrible horrible severe nasty dreadful ";
constexpr std::string_view kAilments =
    " allergy allergies allergic eczema asthma arthritis migraine migraines psoriasis dermatitis "
    "hayfever rash rashes fever cough coughs flu ";
constexpr std::size_t kAilmentBefore = 4;  // "allergy, a proper bad one" (the comma counts)
constexpr std::size_t kAilmentAfter = 2;   // "really bad latex allergy"
// Words that end the reach forwards ("the service was awful and my allergy flared up").
constexpr std::string_view kAilmentBreaks = " and but or my the his her their our your ";
// Periods that a habit recurs in, and how many words after a cue "every" may stand.
constexpr std::string_view kHabitPeriods =
    " time year yr years winter summer autumn spring week month day night ";
constexpr std::size_t kHabitAfter = 3;
constexpr std::string_view kPriceWords = " price prices cost costs charge ";
constexpr std::string_view kPastWords =
    " been waited waiting had has have hasnt havent still nothing ";

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool InList(std::string_view list, std::string_view word) {
  if (word.empty() || word.size() + 2 > list.size()) return false;
  std::size_t pos = 0;
  while ((pos = list.find(word, pos)) != std::string_view::npos) {
    if (pos > 0 && list[pos - 1] == ' ' && pos + word.size() < list.size() &&
        list[pos + word.size()] == ' ') {
      return true;
    }
    ++pos;
  }
  return false;
}

// Returns true iff the clause before the duration lead `tokens[at]` plans the time (kPlanWords)
// and does not say it has passed (kPastWords).
bool PlansATime(const std::vector<ScanToken>& tokens, std::size_t at) {
  constexpr std::size_t kLookBack = 8;
  bool plans = false;
  for (std::size_t k = at; k > 0 && at - k < kLookBack;) {
    --k;
    if (tokens[k].kind == TokenKind::kBreak) break;
    std::string w = tokens[k].lower;
    std::erase(w, '\'');
    if (InList(kPastWords, w)) return false;
    if (InList(kPlanWords, w) || tokens[k].lower.ends_with("'ll")) plans = true;
  }
  return plans;
}

// Returns the index of the first token of the sentence that holds tokens[at].
std::size_t SentenceStart(const std::vector<ScanToken>& tokens, std::size_t at) {
  while (at > 0 && !tokens[at - 1].sentence_end) --at;
  return at;
}

// Returns true iff the sentence around tokens[at] asks a price ("the electric wheelchair for one
// day, how much please?"): a span of time in it is what is to be paid for, not a wait.
bool AsksAPrice(const std::vector<ScanToken>& tokens, std::size_t at) {
  for (std::size_t k = SentenceStart(tokens, at); k < tokens.size(); ++k) {
    if (k > at && tokens[k - 1].sentence_end) break;
    const std::string& w = tokens[k].lower;
    if (InList(kPriceWords, w)) return true;
    if (w == "much" && k > 0 && tokens[k - 1].lower == "how" &&
        !(k + 1 < tokens.size() && tokens[k + 1].lower == "longer")) {
      return true;
    }
  }
  return false;
}

// Returns true iff tokens[at] tells how bad an ailment near it is (kSeverityWords,
// kAilments), within a sentence that does not speak to the business.
bool TellsHowBadAnAilmentIs(const std::vector<ScanToken>& tokens, std::size_t at) {
  if (!InList(kSeverityWords, tokens[at].lower)) return false;
  // Not one the business is told it caused ("your food gave me a terrible rash").
  for (std::size_t k = SentenceStart(tokens, at); k < tokens.size(); ++k) {
    if (InList(kSecondPerson, tokens[k].lower)) return false;
    if (k > at && tokens[k].sentence_end) break;
  }
  for (std::size_t k = at; k > 0 && at - k < kAilmentBefore;) {
    --k;
    if (tokens[k].sentence_end) break;
    if (InList(kAilments, tokens[k].lower)) return true;
  }
  for (std::size_t k = at + 1; k < tokens.size() && k - at <= kAilmentAfter; ++k) {
    if (!IsWordLike(tokens[k]) || InList(kAilmentBreaks, tokens[k].lower)) break;
    if (InList(kAilments, tokens[k].lower)) return true;
  }
  return false;
}

std::vector<std::string_view> SplitWhitespace(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\n' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

float ParseFloat(std::string_view s) {
  const std::string copy(s);
  return std::strtof(copy.c_str(), nullptr);
}

std::vector<std::string> SplitUnderscore(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '_') {
      if (i > start) out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Collapses runs of three or more equal letters to `keep` letters ("sooooo" -> "so").
std::string CollapseRuns(std::string_view s, int keep) {
  std::string out;
  out.reserve(s.size());
  int run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    run = (i > 0 && s[i] == s[i - 1]) ? run + 1 : 1;
    if (run <= keep) out.push_back(s[i]);
  }
  return out;
}

bool HasRun(std::string_view s) {
  for (std::size_t i = 2; i < s.size(); ++i) {
    if (s[i] == s[i - 1] && s[i] == s[i - 2]) return true;
  }
  return false;
}

UrgencyCue CueFromName(std::string_view name) {
  if (name == "deadline") return UrgencyCue::kDeadline;
  if (name == "fraud") return UrgencyCue::kFraud;
  if (name == "safety") return UrgencyCue::kSafety;
  if (name == "outage") return UrgencyCue::kOutage;
  if (name == "repeat") return UrgencyCue::kRepeatedContact;
  if (name == "immediacy") return UrgencyCue::kImmediacy;
  return UrgencyCue::kNone;
}

bool IsNegatorWord(const std::unordered_set<std::string>& negators, const std::string& w) {
  return negators.contains(w) || (w.size() > 3 && w.ends_with("n't"));
}

}  // namespace

std::string_view UrgencyCueName(UrgencyCue cue) {
  switch (cue) {
    case UrgencyCue::kDeadline:
      return "deadline";
    case UrgencyCue::kFraud:
      return "fraud";
    case UrgencyCue::kSafety:
      return "safety";
    case UrgencyCue::kOutage:
      return "outage";
    case UrgencyCue::kRepeatedContact:
      return "repeated_contact";
    case UrgencyCue::kImmediacy:
      return "immediacy";
    case UrgencyCue::kIntensity:
      return "intensity";
    case UrgencyCue::kNone:
      break;
  }
  return "none";
}

std::string_view LabelForScore(double score) {
  if (score >= kPositiveThreshold) return "positive";
  if (score <= kNegativeThreshold) return "negative";
  return "neutral";
}

SentimentAnalyzer::SentimentAnalyzer() {
  for (const std::string_view entry : SplitWhitespace(lexicon::kWords)) {
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    const std::string_view key = entry.substr(0, colon);
    std::string_view rest = entry.substr(colon + 1);
    Word w;
    const std::size_t colon2 = rest.find(':');
    w.valence = ParseFloat(rest.substr(0, colon2));
    w.negated = colon2 == std::string_view::npos ? kUnset : ParseFloat(rest.substr(colon2 + 1));
    if (key.find('_') == std::string_view::npos) {
      words_[std::string(key)] = w;
    } else {
      std::vector<std::string> parts = SplitUnderscore(key);
      if (parts.size() < 2) continue;
      Phrase p;
      p.tokens.assign(parts.begin() + 1, parts.end());
      p.word = w;
      phrases_[parts[0]].push_back(std::move(p));
    }
  }
  for (auto& [first, list] : phrases_) {
    std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) {
      return a.tokens.size() > b.tokens.size();
    });
  }
  for (const std::string_view entry : SplitWhitespace(lexicon::kIntensifiers)) {
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = entry.substr(0, colon);
    const float factor = ParseFloat(entry.substr(colon + 1));
    if (key.find('_') == std::string_view::npos) {
      intensifiers_[std::string(key)] = factor;
    } else {
      std::vector<std::string> parts = SplitUnderscore(key);
      if (parts.size() < 2) continue;
      const std::string first = parts.front();
      multi_intensifiers_[first].emplace_back(std::move(parts), factor);
    }
  }
  for (const std::string_view w : SplitWhitespace(lexicon::kNegators)) {
    negators_.insert(std::string(w));
  }
  for (const std::string_view entry : SplitWhitespace(lexicon::kSymbols)) {
    const std::size_t colon = entry.rfind(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    symbols_[std::string(entry.substr(0, colon))] = ParseFloat(entry.substr(colon + 1));
  }
  // Urgency patterns.
  std::size_t pos = 0;
  while (pos < kUrgencyPatterns.size()) {
    std::size_t end = kUrgencyPatterns.find('\n', pos);
    if (end == std::string_view::npos) end = kUrgencyPatterns.size();
    const std::vector<std::string_view> parts =
        SplitWhitespace(kUrgencyPatterns.substr(pos, end - pos));
    pos = end + 1;
    if (parts.size() < 3) continue;
    Pattern pattern;
    pattern.cue = CueFromName(parts[0]);
    pattern.strong = parts[1] == "strong";
    for (std::size_t k = 2; k < parts.size(); ++k) {
      std::string_view slot = parts[k];
      std::vector<std::string> alternatives;
      if (slot.size() > 2 && slot.front() == '{' && slot.back() == '}') {
        slot = slot.substr(1, slot.size() - 2);
        std::size_t start = 0;
        for (std::size_t i = 0; i <= slot.size(); ++i) {
          if (i == slot.size() || slot[i] == '|') {
            alternatives.emplace_back(slot.substr(start, i - start));
            start = i + 1;
          }
        }
      } else {
        alternatives.emplace_back(slot);
      }
      pattern.slots.push_back(std::move(alternatives));
    }
    const int index = static_cast<int>(patterns_.size());
    for (const std::string& first : pattern.slots.front()) {
      patterns_by_first_[first].push_back(index);
    }
    patterns_.push_back(std::move(pattern));
  }
}

SentimentResult SentimentAnalyzer::Analyze(std::string_view text) const {
  return Analyze(ScanTokens(text));
}

namespace {

// Matches pattern slots [slot, end) against words[pos, ...). "*" matches zero to four words and
// "**" zero to eight.
bool MatchSlots(const std::vector<std::vector<std::string>>& slots, std::size_t slot,
                const std::vector<const std::string*>& words, std::size_t pos) {
  if (slot == slots.size()) return true;
  const std::vector<std::string>& alternatives = slots[slot];
  if (alternatives.size() == 1 && (alternatives[0] == "*" || alternatives[0] == "**")) {
    const std::size_t max_skip = alternatives[0] == "*" ? 4 : 8;
    for (std::size_t skip = 0; skip <= max_skip && pos + skip <= words.size(); ++skip) {
      if (MatchSlots(slots, slot + 1, words, pos + skip)) return true;
    }
    return false;
  }
  if (pos >= words.size()) return false;
  if (std::find(alternatives.begin(), alternatives.end(), *words[pos]) == alternatives.end()) {
    return false;
  }
  return MatchSlots(slots, slot + 1, words, pos + 1);
}

// Returns true iff the safety cue at words[at] is a harm feared to come: a fear word earlier in
// the sentence and "will", "gonna", "would", "might" or "could" just before it ("shes terrified
// its gonna leave her stranded"; not "we are stranded" or "im scared, we are stranded"), or a
// fear that is itself to come ("i'd be nervous about him near all the sparks", "i would be
// worried about the sparks").
bool FearsWhatMayCome(const std::vector<const std::string*>& words, std::size_t at) {
  const auto before = words.begin() + static_cast<std::ptrdiff_t>(at);
  const auto near =
      words.begin() + static_cast<std::ptrdiff_t>(at > kToComeWindow ? at - kToComeWindow : 0);
  for (std::size_t f = 2; f < at; ++f) {
    if (!InList(kFearWords, *words[f]) || (*words[f - 1] != "be" && *words[f - 1] != "feel")) {
      continue;
    }
    const std::string& modal = *words[f - 2];
    if (InList(kToComeWords, modal) || InList(kWouldContractions, modal)) return true;
  }
  return std::any_of(words.begin(), before,
                     [](const std::string* w) { return InList(kFearWords, *w); }) &&
         std::any_of(near, before, [](const std::string* w) { return InList(kToComeWords, *w); });
}

// Returns true iff the sentence names a time weeks or months ahead ("in 2 wks", "in a month",
// "next week"): haste with it ("need a sports massage asap, doing tough mudder in 2 wks") is
// eagerness to book, no emergency.
bool NamesWeeksAhead(const std::vector<const std::string*>& words) {
  for (std::size_t k = 0; k + 1 < words.size(); ++k) {
    if (*words[k] == "next" && InList(kWeeksAhead, *words[k + 1])) return true;
    if (*words[k] == "in" && k + 2 < words.size() &&
        (IsDigits(*words[k + 1]) || InList(kDurationCount, *words[k + 1])) &&
        InList(kWeeksAhead, *words[k + 2])) {
      return true;
    }
  }
  return false;
}

// Returns true iff the sentence names a time a month or more past ("last month", "last year",
// "3 months ago", "years ago"), or the customer's childhood ("ever since i got stuck in a lift
// as a kid", "when i was little").
bool NamesMonthsPast(const std::vector<const std::string*>& words) {
  for (std::size_t k = 0; k + 1 < words.size(); ++k) {
    if (*words[k] == "last" && InList(kMonthsPast, *words[k + 1])) return true;
    if (InList(kMonthsPast, *words[k]) && *words[k + 1] == "ago") return true;
    if (k + 2 < words.size() && *words[k] == "as" && *words[k + 1] == "a" &&
        InList(kChildhood, *words[k + 2])) {
      return true;
    }
    if (k + 3 < words.size() && *words[k] == "when" && *words[k + 1] == "i" &&
        *words[k + 2] == "was" &&
        (InList(kChildhood, *words[k + 3]) ||
         (*words[k + 3] == "a" && k + 4 < words.size() && InList(kChildhood, *words[k + 4])))) {
      return true;
    }
  }
  return false;
}

// Returns true iff the haste cue at words[at] passes on someone else's advice: "said", "told" or
// "advised" within the eight words before it, said by another than the customer or the business
// ("the breeder said get her insured asap"; not "i said i need it asap").
bool PassesOnAdvice(const std::vector<const std::string*>& words, std::size_t at) {
  constexpr std::size_t kWindow = 8;
  for (std::size_t k = at > kWindow ? at - kWindow : 0; k < at; ++k) {
    const std::string& w = *words[k];
    const bool says = w == "said" || w == "says" || w == "told" || w == "advised" ||
                      w == "recommended" || w == "reckons";
    if (says && k > 0 && *words[k - 1] != "i" && *words[k - 1] != "you" && *words[k - 1] != "we") {
      return true;
    }
  }
  return false;
}

// Returns true iff the "emergency" at words[at] names a service the business may offer, in a
// sentence that opens as a question ("do u do emergency call outs and how fast can someone get
// here"): the customer asks what is offered, and reports no emergency in that sentence.
bool AsksForAnEmergencyService(const std::vector<const std::string*>& words, std::size_t at) {
  return *words[at] == "emergency" && at + 1 < words.size() &&
         InList(kEmergencyServices, *words[at + 1]) && InList(kQuestionStarters, *words[0]);
}

// Returns true iff the danger at words[at] is asked about ("is it dangerous for him to play?"):
// "dangerous" right after "is it", "would that" and the like.
bool AsksWhetherItIsDangerous(const std::vector<const std::string*>& words, std::size_t at) {
  return *words[at] == "dangerous" && at >= 2 && InList(kRiskAskingVerbs, *words[at - 2]) &&
         InList(kRiskAskedOf, *words[at - 1]);
}

// Returns true iff the sentence names a ceremony ("cremated", "funeral", "wedding"): its
// "service" is the ceremony's, not a supply.
bool NamesACeremony(const std::vector<const std::string*>& words) {
  return std::ranges::any_of(words, [](const std::string* w) { return InList(kCeremonies, *w); });
}

// Returns true iff an outage cue found at words[at] is said of a place away from the customer:
// "there" within the next three words, after "no power" or after "out", "over" or "down" ("theres
// no power out there at all, do u do generators": a field for a marquee; not "no power in the
// whole house", nor "the power is out").
bool AwayFromTheCustomer(const std::vector<const std::string*>& words, std::size_t at) {
  for (std::size_t k = at + 2; k < words.size() && k <= at + 4; ++k) {
    if (*words[k] != "there") continue;
    const std::string& before = *words[k - 1];
    if (k == at + 2 || before == "out" || before == "over" || before == "down") return true;
  }
  return false;
}

// "every time" or "whenever" before word `at` of the sentence: what follows is a habit. So is
// what happens every year, winter or week, said just after it ("the lanes get awful in winter,
// ice and flooding every yr").
bool Habitual(const std::vector<const std::string*>& words, std::size_t at) {
  for (std::size_t k = 0; k < at; ++k) {
    if (*words[k] == "whenever" ||
        (*words[k] == "every" && k + 1 < at && *words[k + 1] == "time")) {
      return true;
    }
  }
  for (std::size_t k = at + 1; k + 1 < words.size() && k <= at + kHabitAfter; ++k) {
    if (*words[k] == "every" && InList(kHabitPeriods, *words[k + 1])) return true;
  }
  return false;
}

// Returns true iff tokens[at] opens a question without its mark: an inverting verb and a subject
// ("... these days does she have to be in when u come").
bool OpensAnInvertedQuestion(const std::vector<ScanToken>& tokens, std::size_t at) {
  return at + 1 < tokens.size() && IsWordLike(tokens[at]) && IsWordLike(tokens[at + 1]) &&
         InList(kInvertingVerbs, tokens[at].lower) && InList(kSubjects, tokens[at + 1].lower);
}

// Returns true iff tokens[at] opens a question of "how much", "what happens" and the like.
bool OpensAWhQuestion(const std::vector<ScanToken>& tokens, std::size_t at) {
  if (at + 1 >= tokens.size() || !IsWordLike(tokens[at]) || !IsWordLike(tokens[at + 1])) {
    return false;
  }
  const std::string& w = tokens[at].lower;
  const std::string& next = tokens[at + 1].lower;
  return (w == "how" && InList(kHowQuestions, next)) ||
         ((w == "what" || w == "wat" || w == "wot") && InList(kWhatQuestions, next));
}

}  // namespace

UrgencyCue SentimentAnalyzer::FindUrgency(const std::vector<ScanToken>& tokens, double sum) const {
  // Word sequence per sentence; patterns do not cross sentence ends.
  std::vector<const std::string*> words;
  words.reserve(tokens.size());
  bool need = false;
  bool first_person = false;            // In the current sentence.
  bool first_person_statement = false;  // In a sentence that is not a question.
  bool previous_have = false;
  bool bang = false;
  bool question = false;
  bool question_start = false;
  // A clause of the sentence opens as a question ("I've just moved here, can you sort my repeat
  // meds": a request, not a first-person statement of distress).
  bool clause_start = false;
  bool question_clause = false;
  bool clause_asks = false;  // The clause under way opens with a question word.
  UrgencyCue weak = UrgencyCue::kNone;
  // The weak cue is a day put first ("and by friday my neck and shoulders are like concrete"):
  // one's own state by then, a deadline only with a need ("by friday i need it back").
  bool fronted_by = false;
  UrgencyCue strong = UrgencyCue::kNone;
  const auto scan_sentence = [&]() {
    const bool intermittent = std::any_of(words.begin(), words.end(), [](const std::string* w) {
      return InList(kIntermittentWords, *w);
    });
    bool schedule = false;
    for (std::size_t i = 0; i < words.size() && !schedule; ++i) {
      schedule = *words[i] == "daily" || *words[i] == "nightly" ||
                 (i + 1 < words.size() && InList(kScheduleLeads, *words[i]) &&
                  InList(kScheduleTimes, *words[i + 1])) ||
                 (i + 2 < words.size() && InList(kScheduleTimes, *words[i]) &&
                  *words[i + 1] == "and" && InList(kScheduleTimes, *words[i + 2]));
    }
    for (std::size_t i = 0; i < words.size() && strong == UrgencyCue::kNone; ++i) {
      const auto it = patterns_by_first_.find(*words[i]);
      if (it == patterns_by_first_.end()) continue;
      for (const int idx : it->second) {
        const Pattern& p = patterns_[static_cast<std::size_t>(idx)];
        if (!MatchSlots(p.slots, 1, words, i + 1)) continue;
        // "my wifi keeps dropping out" is a recurring fault, not an outage (realistic.tsv labels
        // "my internet keeps dropping every hour" negative).
        if (p.cue == UrgencyCue::kOutage && intermittent) continue;
        // "and if one is down a week later, what happens then" asks about a case, it reports
        // no outage.
        // Nor does one that asks what is to come, said just before it ("are we gonna be sat with
        // no power for ages", "will we have no water while you work"; not "will someone come out
        // today we have no power").
        if (p.cue == UrgencyCue::kOutage &&
            (std::any_of(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(i),
                         [](const std::string* w) { return *w == "if"; }) ||
             std::any_of(words.begin() +
                             static_cast<std::ptrdiff_t>(i > kToComeWindow ? i - kToComeWindow : 0),
                         words.begin() + static_cast<std::ptrdiff_t>(i), [](const std::string* w) {
                           return *w == "will" || *w == "gonna" || *w == "would";
                         }))) {
          continue;
        }
        // Nothing supplied at a place away from the customer ("theres no power out there at all,
        // do u do generators" of a field for a marquee) is no outage of their own.
        if (p.cue == UrgencyCue::kOutage && AwayFromTheCustomer(words, i)) continue;
        // A service that is a ceremony ("just cremated with nobody there and no service") is no
        // outage.
        if (p.cue == UrgencyCue::kOutage && NamesACeremony(words)) continue;
        if (p.cue == UrgencyCue::kImmediacy && PassesOnAdvice(words, i)) continue;
        if (p.cue == UrgencyCue::kImmediacy && AsksForAnEmergencyService(words, i)) continue;
        if (p.cue == UrgencyCue::kSafety && AsksWhetherItIsDangerous(words, i)) continue;
        // What happens every time something else does ("every time it rains proper heavy theres
        // water pouring over the front of our gutter") is a recurring fault to book a job for,
        // not an emergency under way.
        if (p.cue == UrgencyCue::kSafety && Habitual(words, i)) continue;
        // Brakes and radiators are bled ("the brakes are the hydraulic disc type, ... they need
        // bleeding??"): no one is hurt.
        if (p.cue == UrgencyCue::kSafety && *words[i] == "bleeding" &&
            std::any_of(words.begin(), words.end(),
                        [](const std::string* w) { return InList(kBledThings, *w); })) {
          continue;
        }
        if (p.cue == UrgencyCue::kSafety && FearsWhatMayCome(words, i)) continue;
        if (p.cue == UrgencyCue::kImmediacy && NamesWeeksAhead(words)) continue;
        // Harm a month or more ago ("it's gone murky since the storms last month when the lawn
        // flooded into it") is the story of a job to book, no emergency under way.
        if (p.cue == UrgencyCue::kSafety && NamesMonthsPast(words)) continue;
        if (p.strong) {
          strong = p.cue;
          break;
        }
        if (schedule && p.cue == UrgencyCue::kSafety && InList(kMedicineWords, *words[i])) continue;
        // Medicine one has ("he has a blue inhaler", "she's on medication", "he takes meds") is
        // routine care to tell about, not a shortage ("i have no insulin left" still is one).
        if (p.cue == UrgencyCue::kSafety && InList(kMedicineWords, *words[i])) {
          const auto from = words.begin() + static_cast<std::ptrdiff_t>(
                                                i > kPossessionWindow ? i - kPossessionWindow : 0);
          const auto to = words.begin() + static_cast<std::ptrdiff_t>(i);
          if (std::any_of(from, to,
                          [](const std::string* w) { return InList(kPossessionVerbs, *w); }) &&
              std::none_of(from, to,
                           [](const std::string* w) { return InList(kLackingWords, *w); })) {
            continue;
          }
        }
        // An accident one lives with since is past ("he's been in a wheelchair since his
        // accident"), no emergency.
        if (p.cue == UrgencyCue::kSafety && *words[i] == "accident" && i >= 2 &&
            (*words[i - 2] == "since" || *words[i - 2] == "after") &&
            InList(kPastAccidentOwners, *words[i - 1])) {
          continue;
        }
        // Days or weeks before an event is a plan ("if i get them done about 3 weeks before the
        // wedding"), no deadline.
        if (p.cue == UrgencyCue::kDeadline && *words[i] == "before" && i >= 1 &&
            InList(kDaysAhead, *words[i - 1])) {
          continue;
        }
        if (weak == UrgencyCue::kNone) {
          weak = p.cue;
          fronted_by = p.cue == UrgencyCue::kDeadline && *words[i] == "by" &&
                       (i == 0 || InList(kFrontingJoints, *words[i - 1]));
        }
      }
    }
    words.clear();
  };
  for (const ScanToken& tok : tokens) {
    if (tok.kind == TokenKind::kWord || tok.kind == TokenKind::kHashtag) {
      if (words.empty() && InList(kQuestionStarters, tok.lower)) question_start = true;
      if (clause_start && !words.empty() && InList(kQuestionStarters, tok.lower)) {
        question_clause = true;
      }
      // The clause under way opens as a question ("how early do we need to be there before it
      // leaves": a need asked about, not told).
      if (words.empty() || clause_start) clause_asks = InList(kQuestionStarters, tok.lower);
      // "... just moved to the area can you sort my repeat meds": a request put as a question
      // without its comma.
      if (tok.lower == "you" && !words.empty() && InList(kInvertingVerbs, *words.back())) {
        question_clause = true;
      }
      clause_start = false;
      words.push_back(&tok.lower);
      if (InList(kNeedWords, tok.lower) && !clause_asks) need = true;
      if (previous_have && tok.lower == "to" && !clause_asks) need = true;  // "have to", "has to"
      previous_have = tok.lower == "have" || tok.lower == "has" || tok.lower == "had";
      if (InList(kFirstPerson, tok.lower)) first_person = true;
    } else if (tok.kind == TokenKind::kBang) {
      if (tok.bangs > 0) bang = true;
      if (tok.questions > 0) {
        question = true;
      } else if (first_person && !question_clause) {
        first_person_statement = true;
      }
      first_person = false;
      question_clause = false;
      scan_sentence();
    } else if (tok.kind == TokenKind::kBreak && tok.sentence_end) {
      if (first_person && !question_clause) first_person_statement = true;
      first_person = false;
      question_clause = false;
      scan_sentence();
    } else if (tok.kind == TokenKind::kBreak) {
      clause_start = true;
    }
  }
  // (A last sentence that opens as a question without its "?" tells nothing either.)
  if (first_person && !question_clause && !clause_asks) first_person_statement = true;
  scan_sentence();
  if (strong != UrgencyCue::kNone) return strong;
  if (weak == UrgencyCue::kNone) return UrgencyCue::kNone;
  const bool plain_question = question && question_start;
  // A day told of one's own state ("by friday my neck and shoulders are like concrete") sets no
  // deadline: a deadline is one that something is needed by.
  const bool distress = need || bang || (first_person_statement && !fronted_by) ||
                        (sum <= kDistressSum && !plain_question);
  // A customer who laughs at it ("deadline is friday and im honestly panicking a bit lol") is in
  // a hurry, not in distress: a weak cue alone makes no emergency.
  const bool laughing =
      std::ranges::any_of(tokens, [](const ScanToken& t) { return InList(kLaughter, t.lower); });
  return distress && !laughing ? weak : UrgencyCue::kNone;
}

namespace {

// Returns true iff the message praises a waiting time or a repeat: "another" or "again" within
// three words of a time unit ("another week of waiting", "two days again"), "yet another",
// "just what I needed", "so much for", thanks for a harm ("thanks a lot for losing my bag"),
// "love that for me".
bool IsSarcastic(const std::vector<ScanToken>& tokens) {
  std::vector<const std::string*> words;
  for (const ScanToken& tok : tokens) {
    if (tok.kind == TokenKind::kWord) words.push_back(&tok.lower);
  }
  auto at = [&](std::size_t k) -> std::string_view {
    return k < words.size() ? std::string_view{*words[k]} : std::string_view{};
  };
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (InList(kSarcasmRepeat, at(k))) {
      for (std::size_t d = 1; d <= 3; ++d) {
        if (k >= d && InList(kSarcasmUnit, at(k - d))) return true;
        if (InList(kSarcasmUnit, at(k + d))) return true;
      }
    }
    if (at(k) == "yet" && at(k + 1) == "another") return true;
    if (at(k) == "just" && at(k + 1) == "what" && at(k + 2) == "i" && at(k + 3) == "needed") {
      return true;
    }
    // "so much for your help" is sarcasm; "thanks so much for your help" is not.
    const bool thanked =
        k > 0 && (at(k - 1) == "thanks" || (k > 1 && at(k - 1) == "you" && at(k - 2) == "thank"));
    if (at(k) == "so" && at(k + 1) == "much" && at(k + 2) == "for" && !thanked) return true;
    // "thanks a lot for losing my bag", "thanks for nothing".
    if (at(k) == "thanks" || (at(k) == "thank" && at(k + 1) == "you")) {
      for (std::size_t d = 1; d <= 4; ++d) {
        if (at(k + d) != "for") continue;
        if (InList(kSarcasmThanksFor, at(k + d + 1))) return true;
        if (at(k + d + 1).ends_with("ing")) {
          for (std::size_t e = k + d + 2; e < k + d + 2 + kDeedWords && e < words.size(); ++e) {
            if (InList(kWrongTwice, at(e))) return true;
            if (at(e) == "without" && InList(kBehindTheBack, at(e + 1))) return true;
          }
        }
        break;
      }
    }
    // "the package is lost again. love that for me".
    if (at(k) == "love" && at(k + 1) == "that" && at(k + 2) == "for" && at(k + 3) == "me") {
      return true;
    }
  }
  return false;
}

}  // namespace

SentimentResult SentimentAnalyzer::Analyze(const std::vector<ScanToken>& tokens) const {
  SentimentResult result;
  // Shouting: every letter upper case, at least 6 letters over 2+ words.
  int letters = 0;
  int word_count = 0;
  bool any_lower = false;
  int bangs = 0;
  bool frustrated_punctuation = false;
  for (const ScanToken& tok : tokens) {
    if (tok.kind == TokenKind::kWord) {
      ++word_count;
      for (const char c : tok.raw) {
        if (c >= 'a' && c <= 'z') any_lower = true;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++letters;
      }
    } else if (tok.kind == TokenKind::kBang) {
      bangs += tok.bangs;
      // "???" and "?!" are exasperated; "??" is how many type any question ("can you even get
      // the wheels off??"), and only sharpens a message that is negative already by then ("do
      // u fix scooters that u didnt hire out?? my mums one keeps cutting out" is no complaint).
      if (tok.questions >= 3 || (tok.questions >= 1 && tok.bangs >= 1)) {
        frustrated_punctuation = true;
      }
    }
  }
  const bool shouted = !any_lower && letters >= 6 && word_count >= 2;

  // Clause-level question flags: a clause ending in '?' whose first word starts a question;
  // `asks`: a clause whose first word starts a question, whatever ends it (chat often drops '?').
  std::vector<bool> question_clause(tokens.size(), false);
  std::vector<bool> asks(tokens.size(), false);
  {
    // Returns true iff the first word of tokens [from, to), fillers skipped, starts a question.
    const auto opens_question = [&](std::size_t from, std::size_t to) {
      while (from < to &&
             (!IsWordLike(tokens[from]) || InList(kQuestionLeadFillers, tokens[from].lower))) {
        ++from;
      }
      return from < to && InList(kQuestionStarters, tokens[from].lower);
    };
    std::size_t clause_start = 0;
    for (std::size_t i = 0; i <= tokens.size(); ++i) {
      const bool end = i == tokens.size() || tokens[i].kind == TokenKind::kBang ||
                       (tokens[i].kind == TokenKind::kBreak && tokens[i].sentence_end);
      if (!end) continue;
      const bool is_question = i < tokens.size() && tokens[i].kind == TokenKind::kBang &&
                               tokens[i].questions > 0 && tokens[i].bangs == 0;
      // The clause asks from its first word, or from a question after a comma ("we might have
      // to move the date, would we lose our money?").
      std::size_t from = clause_start;
      bool condition_asks = false;  // A condition, then the question it asks (below).
      if (!opens_question(clause_start, i)) {
        from = i;
        for (std::size_t c = clause_start; c < i; ++c) {
          if (tokens[c].kind == TokenKind::kBreak && opens_question(c + 1, i)) {
            from = c + 1;
            break;
          }
        }
        // A condition and then its question ("if i book it and cant be there, do i lose
        // money", with or without the comma): the whole clause asks, so trouble in the condition
        // weighs as it does in "what if ...".
        // Fillers may come first ("ok and if one of them drops out do we lose her money").
        std::size_t first = clause_start;
        while (first < i && (!IsWordLike(tokens[first]) ||
                             (tokens[first].lower != "if" &&
                              InList(kQuestionLeadFillers, tokens[first].lower)))) {
          ++first;
        }
        if (first < i && tokens[first].lower == "if") {
          for (std::size_t c = first + 2; from == i && c + 1 < i; ++c) {
            if (OpensAnInvertedQuestion(tokens, c) || OpensAWhQuestion(tokens, c)) from = c;
          }
          if (from < i) {
            from = clause_start;
            condition_asks = true;
          }
        }
        // A short statement after a comma put as a question by its "?" asks ("my car is bmw
        // with run flat tyres, this is a problem?").
        constexpr int kMaxStatedQuestionWords = 5;
        if (from == i && is_question) {
          std::size_t start = clause_start;
          for (std::size_t c = clause_start; c < i; ++c) {
            if (tokens[c].kind == TokenKind::kBreak) start = c + 1;
          }
          int words = 0;
          for (std::size_t c = start; c < i; ++c) words += IsWordLike(tokens[c]) ? 1 : 0;
          if (start > clause_start && words > 0 && words <= kMaxStatedQuestionWords) from = start;
        }
      }
      // A last clause without its "?" that opens as a question ("is that gonna be a problem")
      // is one too: chat customers often leave the mark out. Not a "why" ("why is it so hard to
      // talk to an actual person"), which is as often a complaint.
      bool unmarked_question = i == tokens.size() && from < i && opens_question(from, i);
      for (std::size_t k = from; unmarked_question && k < i; ++k) {
        if (IsWordLike(tokens[k]) && !InList(kQuestionLeadFillers, tokens[k].lower)) {
          unmarked_question = tokens[k].lower != "why";
          break;
        }
      }
      for (std::size_t k = from; k < i; ++k) {
        asks[k] = true;
        question_clause[k] = is_question || unmarked_question || condition_asks;
      }
      clause_start = i + 1;
    }
  }

  // Clauses about someone else ("the landlord is being a right pain about the carpets lol"),
  // from their owner to the clause's end or the next joint ("... and the staff were rude" is
  // another clause), at its start or after a joint, and with no "you".
  std::vector<bool> third_party(tokens.size(), false);
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    const bool opens =
        i == 0 || !IsWordLike(tokens[i - 1]) || InList(kFrontingJoints, tokens[i - 1].lower);
    // ("shes a bit slow getting to the door these days": she, said with her verb, is someone
    // of the customer's, when the clause names neither the customer nor the business.)
    const bool pronoun = opens && IsWordLike(tokens[i]) && InList(kThirdPersonIs, tokens[i].lower);
    if (!pronoun &&
        (!opens || !IsWordLike(tokens[i]) || !InList(kThirdPartyOwners, tokens[i].lower) ||
         !IsWordLike(tokens[i + 1]) || !InList(kThirdParties, tokens[i + 1].lower) ||
         !IsWordLike(tokens[i + 2]) || !InList(kThirdPartyVerbs, tokens[i + 2].lower))) {
      continue;
    }
    std::size_t end = i;
    bool addressed = false;
    while (end < tokens.size() && tokens[end].kind != TokenKind::kBreak &&
           tokens[end].kind != TokenKind::kBang &&
           !(end > i && (InList(kContrastWords, tokens[end].lower) ||
                         InList(kFrontingJoints, tokens[end].lower) ||
                         OpensAnInvertedQuestion(tokens, end)))) {
      addressed = addressed || InList(kSecondPerson, tokens[end].lower) ||
                  (pronoun && InList(kFirstPerson, tokens[end].lower));
      ++end;
    }
    if (addressed) continue;
    std::fill(third_party.begin() + static_cast<std::ptrdiff_t>(i),
              third_party.begin() + static_cast<std::ptrdiff_t>(end), true);
  }

  // A worry told with a question, of the customer's own or their party's, and not of the
  // business ("the 9yo gets quite anxious trying new things, hes worried hell be rubbish ... would
  // that be a problem?"): apprehension, no displeasure, from the worry to the sentence's end.
  std::vector<bool> feared(tokens.size(), false);
  const bool asks_something =
      std::find(asks.begin(), asks.end(), true) != asks.end() ||
      std::ranges::any_of(tokens, [](const ScanToken& t) { return t.questions > 0; });
  if (asks_something) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!IsWordLike(tokens[i]) || !InList(kWorryWords, tokens[i].lower)) continue;
      // Of the business: a "you" in the sentence up to the worry's clause's end ("im worried your
      // engineer wont turn up again"), not in a question after it ("..., anything u can do?"),
      // nor before a "but" that the worry follows ("my sister got me one of ur floats which is
      // lovely but tbh im a bit claustrophobic").
      bool addressed = false;
      bool in_clause = true;
      std::size_t end = i;
      std::size_t clause_start = SentenceStart(tokens, i);
      for (std::size_t k = clause_start; k < i; ++k) {
        if (tokens[k].lower == "but") clause_start = k + 1;
      }
      for (std::size_t k = clause_start; k < tokens.size(); ++k) {
        if (k > i && (tokens[k].kind == TokenKind::kBreak || tokens[k].kind == TokenKind::kBang)) {
          in_clause = false;
        }
        addressed = addressed || (in_clause && !asks[k] && InList(kSecondPerson, tokens[k].lower));
        if (k >= i) end = k + 1;
        if (k >= i && tokens[k].sentence_end) break;
      }
      if (addressed) continue;
      // A worry "about that" looks back at what the sentence told before it ("last stag i went
      // on got totally rained off and we all lost our money, so bit nervous about that"): the
      // story is the worry's, from the sentence's start.
      const bool looks_back = i + 2 < tokens.size() && tokens[i + 1].lower == "about" &&
                              InList(kLookingBack, tokens[i + 2].lower);
      const std::size_t from = looks_back ? SentenceStart(tokens, i) : i;
      std::fill(feared.begin() + static_cast<std::ptrdiff_t>(from),
                feared.begin() + static_cast<std::ptrdiff_t>(end), true);
    }
  }

  // A sentence about another business ("He had a bad experience at another tutoring place last
  // year", "my old gym was rubbish") tells no displeasure with this one, when it has no "you"
  // outside a question ("..., whats your membership price" asks). (Not "elsewhere": "awful
  // service, going elsewhere" threatens to leave; nor "with another", often another order.)
  std::vector<bool> elsewhere(tokens.size(), false);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    const std::string& w = tokens[i].lower;
    const std::string& next = tokens[i + 1].lower;
    // (Or a job "done at a" or "done by a" someone else: "had them done at a mobile guy a
    // couple of yrs ago and they were rubbish again".)
    const bool done_by_another = (w == "done") && (next == "at" || next == "by") &&
                                 i + 2 < tokens.size() &&
                                 (tokens[i + 2].lower == "a" || tokens[i + 2].lower == "some");
    const bool cue = (w == "at" && next == "another") ||
                     (w == "another" && InList(kOtherBusinesses, next)) ||
                     ((w == "my" || w == "our" || w == "his" || w == "her") &&
                      (next == "old" || next == "previous")) ||
                     done_by_another;
    if (!cue) continue;
    const std::size_t from = SentenceStart(tokens, i);
    std::size_t end = from;
    bool addressed = false;
    while (end < tokens.size()) {
      addressed = addressed || (!asks[end] && InList(kSecondPerson, tokens[end].lower));
      if (tokens[end++].sentence_end) break;
    }
    if (addressed) continue;
    std::fill(elsewhere.begin() + static_cast<std::ptrdiff_t>(from),
              elsewhere.begin() + static_cast<std::ptrdiff_t>(end), true);
  }

  // A story of the customer's own circumstances before the plain question the message ends with
  // ("the road outside is a proper nightmare, permit parking and always rammed. can you lot sort
  // out a space for the lorry"): trouble in a clause that names neither the business ("you") nor
  // what it provides (an order, a delivery, a charge), when the last clause asks and holds no
  // trouble of its own, is the customer's trouble, not displeasure with the business.
  std::vector<bool> own_story(tokens.size(), false);
  {
    std::vector<std::pair<std::size_t, std::size_t>> clauses;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= tokens.size(); ++i) {
      if (i < tokens.size() && tokens[i].kind != TokenKind::kBreak &&
          tokens[i].kind != TokenKind::kBang) {
        continue;
      }
      if (i > start) clauses.emplace_back(start, i);
      start = i + 1;
    }
    const auto names_the_business = [&](std::size_t from, std::size_t to) {
      for (std::size_t k = from; k < to; ++k) {
        if (IsWordLike(tokens[k]) && (InList(kSecondPerson, tokens[k].lower) ||
                                      InList(kWhatTheBusinessProvides, tokens[k].lower))) {
          return true;
        }
      }
      return false;
    };
    const auto holds_trouble = [&](std::size_t from, std::size_t to) {
      for (std::size_t k = from; k < to; ++k) {
        const auto it = words_.find(tokens[k].lower);
        if (it != words_.end() && it->second.valence < 0) return true;
      }
      return false;
    };
    if (clauses.size() >= 2) {
      const auto [last_from, last_to] = clauses.back();
      if (asks[last_from] && !holds_trouble(last_from, last_to)) {
        for (std::size_t c = 0; c + 1 < clauses.size(); ++c) {
          const auto [from, to] = clauses[c];
          if (asks[from] || names_the_business(from, to)) continue;
          std::fill(own_story.begin() + static_cast<std::ptrdiff_t>(from),
                    own_story.begin() + static_cast<std::ptrdiff_t>(to), true);
        }
      }
    }
  }

  std::vector<double> contributions;
  contributions.reserve(16);
  bool doubled_question = false;  // A "??" after something negative.
  int negation = 0;
  float pending = 1.0f;
  int pending_age = 0;
  bool hypothetical = false;
  bool conditional = false;  // An "if" earlier in the clause.
  bool precaution = false;   // An "in case" earlier in the clause.
  double contrast_factor = 1.0;
  std::size_t i = 0;
  while (i < tokens.size()) {
    const ScanToken& tok = tokens[i];
    if (tok.kind == TokenKind::kBreak || tok.kind == TokenKind::kBang) {
      if (tok.kind == TokenKind::kBang && tok.questions == 2 &&
          std::any_of(contributions.begin(), contributions.end(), [](double c) { return c < 0; })) {
        doubled_question = true;
      }
      negation = 0;
      pending = 1.0f;
      hypothetical = false;
      // A condition runs on past its commas to the question it asks ("and if i cant make it,
      // like my little one wakes up poorly, can i cancel").
      if (tok.kind == TokenKind::kBang || tok.sentence_end) conditional = false;
      precaution = false;
      // A question after it ("she had asthma but hasnt needed her inhaler in years, is that going
      // to be a problem") asks: a contrast's weight ends there.
      if (i + 2 < tokens.size() && InList(kInvertingVerbs, tokens[i + 1].lower) &&
          InList(kAskedOf, tokens[i + 2].lower)) {
        contrast_factor = 1.0;
      }
      ++i;
      continue;
    }
    if (tok.kind == TokenKind::kEmoticon || tok.kind == TokenKind::kEmoji) {
      const auto it = symbols_.find(tok.lower);
      if (it != symbols_.end()) contributions.push_back(it->second * contrast_factor);
      ++i;
      continue;
    }
    if (tok.kind == TokenKind::kHandle) {
      ++i;
      continue;
    }
    const std::string& w = tok.lower;
    if (InList(kContrastWords, w) && !(w == "yet" && negation > 0)) {
      for (double& c : contributions) c *= kBeforeContrastFactor;
      contrast_factor = kAfterContrastFactor;
      negation = 0;
      pending = 1.0f;
      hypothetical = false;
      conditional = false;
      ++i;
      continue;
    }
    // "<lead> <count> <unit>": a waiting time; not in a question's condition ("what happens if I
    // leave after 6 months": a policy question).
    if (InList(kDurationLead, w) && !(conditional && asks[i]) && i + 2 < tokens.size() &&
        IsWordLike(tokens[i + 1]) && IsWordLike(tokens[i + 2]) &&
        (IsDigits(tokens[i + 1].lower) || InList(kDurationCount, tokens[i + 1].lower)) &&
        InList(kDurationUnit, tokens[i + 2].lower) && !PlansATime(tokens, i) &&
        !(i + 3 < tokens.size() && InList(kPlannedAfter, tokens[i + 3].lower)) &&
        !(w == "for" && AsksAPrice(tokens, i))) {
      const double factor = question_clause[i] ? kQuestionNegativeFactor : 1.0;
      contributions.push_back(kDurationValence * factor * contrast_factor);
    }
    // Multi-word intensifiers ("kind of", "a bit") before phrases and words.
    if (const auto mit = multi_intensifiers_.find(w); mit != multi_intensifiers_.end()) {
      std::size_t matched = 0;
      for (const auto& [parts, factor] : mit->second) {
        std::size_t k = 1;
        for (; k < parts.size() && i + k < tokens.size(); ++k) {
          if (!IsWordLike(tokens[i + k]) || tokens[i + k].lower != parts[k]) break;
        }
        if (k == parts.size()) {
          pending *= factor;
          pending_age = 0;
          matched = parts.size();
          break;
        }
      }
      if (matched > 0) {
        i += matched;
        continue;
      }
    }
    if (InList(kWasteWords, w) && i > 0 && IsWordLike(tokens[i - 1]) &&
        InList(kWasteDeterminers, tokens[i - 1].lower) &&
        (i + 1 == tokens.size() || !IsWordLike(tokens[i + 1]) ||
         InList(kAfterWaste, tokens[i + 1].lower))) {
      if (negation > 0) --negation;
      ++i;
      continue;
    }
    // Phrases first ("no one", "on hold", "thanks for nothing").
    const Word* found = nullptr;
    std::size_t consumed = 1;
    if (const auto pit = phrases_.find(w); pit != phrases_.end()) {
      for (const Phrase& p : pit->second) {
        std::size_t j = i + 1;
        std::size_t k = 0;
        for (; k < p.tokens.size() && j < tokens.size(); ++k, ++j) {
          if (!IsWordLike(tokens[j]) || tokens[j].lower != p.tokens[k]) break;
        }
        if (k == p.tokens.size()) {
          found = &p.word;
          consumed = 1 + p.tokens.size();
          break;
        }
      }
    }
    if (found == nullptr) {
      if (IsNegatorWord(negators_, w)) {
        negation = kNegationWindow + 1;  // Decremented below for this word.
        if (const auto it = words_.find(w); it != words_.end()) {
          contributions.push_back(it->second.valence * contrast_factor);
        }
        ++i;
        --negation;
        continue;
      }
      if (const auto it = intensifiers_.find(w); it != intensifiers_.end()) {
        // "so" and "too" only intensify when a sentiment word follows soon; cheap to assume.
        pending *= it->second;
        pending_age = 0;
        ++i;
        continue;
      }
      if (InList(kHypotheticalWords, w)) hypothetical = true;
      if (w == "if") conditional = true;
      // What is done "in case" something goes wrong is a precaution ("could u scan the pages
      // just in case it gets lost in the post"), no harm told.
      if (w == "case" && i > 0 && tokens[i - 1].lower == "in") precaution = true;
      if (const auto it = words_.find(w); it != words_.end()) {
        found = &it->second;
      } else if (HasRun(w)) {
        for (const int keep : {1, 2}) {
          if (const auto cit = words_.find(CollapseRuns(w, keep)); cit != words_.end()) {
            found = &cit->second;
            break;
          }
        }
      }
    }
    if (found != nullptr && consumed == 1 && TellsHowBadAnAilmentIs(tokens, i)) found = nullptr;
    if (found != nullptr) {
      float v = found->valence;
      if (negation > 0) {
        if (found->negated != kUnset) {
          v = found->negated;
        } else {
          v *= v > 0 ? kNegatedPositiveFactor : kNegatedNegativeFactor;
        }
        // A verb that is no sentiment either way takes the negation ("she does not use internet
        // banking": not "no internet").
        if (found->valence == 0.0f && found->negated == 0.0f) negation = 1;
      }
      if (v != 0.0f) {
        v *= pending;
        if (tok.all_caps && !shouted && tok.raw.size() >= 3) v *= kCapsFactor;
        if (hypothetical && v > 0) v *= kHypotheticalPositiveFactor;
        if (question_clause[i] && v < 0) v *= kQuestionNegativeFactor;
        if (((conditional && asks[i]) || precaution) && v < 0) v *= kConditionQuestionFactor;
        if ((third_party[i] || own_story[i]) && v < 0) v *= kThirdPartyFactor;
        // Praise of another business says nothing of this one either ("they fixed the deck and it
        // packed up again 3 weeks later" is no sarcasm).
        if ((feared[i] && v < 0) || elsewhere[i]) v = 0;
        contributions.push_back(v * contrast_factor);
        pending = 1.0f;
      }
    }
    if (negation > 0) --negation;
    if (pending != 1.0f && ++pending_age > 2) pending = 1.0f;
    i += consumed;
  }

  double sum = 0;
  for (const double c : contributions) {
    sum += c;
    if (c > 0) result.positive_sum += c;
    if (c < 0) result.negative_sum += c;
  }
  if (bangs > 0 && sum != 0) sum *= 1.0 + kBangStep * std::min(bangs, kMaxBangs);
  if (frustrated_punctuation || (doubled_question && sum < 0)) sum += kFrustratedPunctuation;
  if (shouted) {
    if (sum < 0) {
      sum *= kShoutedNegativeFactor;
    } else if (sum > 0) {
      sum *= kShoutedPositiveFactor;
    } else {
      sum = kShoutedNeutralSum;
    }
  }
  double score = sum / std::sqrt(sum * sum + kNormalizationAlpha);
  score = std::clamp(score, -1.0, 1.0);
  if (result.positive_sum > 0 && score > kSarcasmScore && IsSarcastic(tokens)) {
    score = kSarcasmScore;  // Praise wrapped around a wait is displeasure.
  }
  result.score = score;
  result.cue = FindUrgency(tokens, sum);
  if (result.cue == UrgencyCue::kNone &&
      (score <= kIntensityScore || (shouted && score <= kShoutedIntensityScore))) {
    result.cue = UrgencyCue::kIntensity;
  }
  if (result.cue != UrgencyCue::kNone) {
    result.label = "urgent";
    result.score = std::min(score, kUrgentMaxScore);
  } else {
    result.label = LabelForScore(score);
  }
  return result;
}

std::string_view AggregateSentiment(const std::vector<ScoredMessage>& messages) {
  if (messages.empty()) return "neutral";
  const std::size_t n = messages.size();
  if (messages[n - 1].label == "urgent") return "urgent";
  if (n >= 2 && messages[n - 2].label == "urgent" && messages[n - 1].label != "positive") {
    return "urgent";
  }
  double weighted = 0;
  double total = 0;
  double weight = 1;
  for (std::size_t k = n; k-- > 0;) {
    weighted += weight * messages[k].score;
    total += weight;
    weight *= kRecencyDecay;
  }
  const double score = weighted / total;
  if (score >= kConversationThreshold) return "positive";
  if (score <= -kConversationThreshold) return "negative";
  return "neutral";
}

double SatisfactionFromTrajectory(const std::vector<ScoredMessage>& messages) {
  if (messages.empty()) return 3.0;
  double weighted = 0;
  double total = 0;
  double weight = 1;
  for (std::size_t k = messages.size(); k-- > 0;) {
    weighted += weight * messages[k].score;
    total += weight;
    weight *= kRecencyDecay;
  }
  const ScoredMessage& first = messages.front();
  const ScoredMessage& last = messages.back();
  double value =
      3.0 + kSatisfactionLastWeight * last.score + kSatisfactionMeanWeight * (weighted / total);
  const bool bad_start = first.label == "negative" || first.label == "urgent";
  if (messages.size() >= 2 && bad_start && last.label == "positive") {
    value += kSatisfactionRecoveryBonus;
  }
  if (last.label == "negative") value = std::min(value, 2.5);
  if (last.label == "urgent") value = std::min(value, 1.5);
  value = std::clamp(value, 1.0, 5.0);
  return std::round(value * 10.0) / 10.0;
}

}  // namespace carevoice::nlu
