#include "llm/local/text.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace carevoice::llm::local {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Returns the lower-case ASCII letter that the accented Latin-1 letter encoded in UTF-8 at
// `text[i]` (two bytes, U+00C0..U+00FF) is written as without its accent ('e' for "é" or "È"),
// or '\0' when there is none there (another character, or a letter without one: "æ", "ß").
char UnaccentedLatinLetter(std::string_view text, std::size_t i) {
  constexpr unsigned char kLead = 0xC3;
  if (i + 1 >= text.size() || static_cast<unsigned char>(text[i]) != kLead) return '\0';
  const auto next = static_cast<unsigned char>(text[i + 1]);
  if (next < 0x80 || next > 0xBF) return '\0';
  // U+00C0 + (next - 0x80), upper case then lower case (the same 32 letters).
  static constexpr std::array<char, 0x20> kPlain = {
      'a',  'a', 'a', 'a', 'a', 'a', '\0', 'c',  'e', 'e', 'e', 'e', 'i', 'i', 'i',  'i',
      '\0', 'n', 'o', 'o', 'o', 'o', 'o',  '\0', 'o', 'u', 'u', 'u', 'u', 'y', '\0', '\0'};
  return kPlain[(next - 0x80) % 0x20];
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// "shipp" -> "ship", "cancell" -> "cancel"; keeps "ss" and "ll" after a long stem ("install").
void UndoDouble(std::string& w) {
  const std::size_t n = w.size();
  if (n >= 4 && w[n - 1] == w[n - 2] && !IsVowel(w[n - 1]) && w[n - 1] != 's' && w[n - 1] != 'z') {
    if (w[n - 1] == 'l' && n > 7) return;
    w.pop_back();
  }
}

const std::unordered_set<std::string_view>& StopWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "a",          "about",      "above",      "after",
      "again",      "all",        "also",       "am",
      "an",         "and",        "any",        "are",
      "as",         "at",         "be",         "been",
      "being",      "but",        "by",         "can",
      "could",      "did",        "do",         "does",
      "doing",      "dont",       "for",        "from",
      "get",        "getting",    "got",        "had",
      "has",        "have",       "having",     "he",
      "her",        "here",       "hers",       "him",
      "his",        "how",        "i",          "id",
      "if",         "im",         "in",         "into",
      "is",         "it",         "its",        "ive",
      "weve",       "youve",      "theyve",     "theyre",
      "hes",        "shes",       "just",       "know",
      "let",        "lets",       "like",       "me",
      "might",      "more",       "most",       "must",
      "my",         "need",       "no",         "not",
      "now",        "of",         "off",        "ok",
      "okay",       "on",         "one",        "or",
      "our",        "ours",       "out",        "please",
      "pls",        "really",     "she",        "should",
      "so",         "some",       "still",      "such",
      "tell",       "than",       "that",       "thats",
      "the",        "their",      "them",       "then",
      "there",      "these",      "they",       "this",
      "those",      "to",         "too",        "u",
      "up",         "us",         "very",       "want",
      "was",        "way",        "we",         "were",
      "what",       "whats",      "when",       "where",
      "which",      "while",      "who",        "why",
      "will",       "with",       "would",      "yes",
      "you",        "your",       "youre",      "yours",
      "hi",         "hello",      "hey",        "thanks",
      "thank",      "help",       "anyone",     "someone",
      "somebody",   "anybody",    "nobody",     "everybody",
      "theres",     "heres",      "tho",        "though",
      "without",    "whole",      "entire",     "wont",
      "goes",       "went",       "gone",       "comes",
      "ones",       "knows",      "wondering",  "question",
      "long",       "ask",        "sell",       "sells",
      "carry",      "stock",      "offer",      "offers",
      "go",         "going",      "make",       "sure",
      "able",       "yet",        "before",     "until",
      "till",       "because",    "during",     "within",
      "else",       "anything",   "something",  "thing",
      "things",     "bit",        "lot",        "maybe",
      "great",      "perfect",    "awesome",    "cool",
      "nice",       "brilliant",  "lovely",     "fantastic",
      "wonderful",  "super",      "alright",    "next",
      "oh",         "hmm",        "um",         "guys",
      "see",        "give",       "set",        "sets",
      "feel",       "feels",      "back",       "somewhere",
      "anywhere",   "put",        "happen",     "happens",
      "mean",       "means",      "say",        "said",
      "come",       "came",       "find",       "look",
      "looking",    "bring",      "wondered",   "kind",
      "sort",       "actually",   "currently",  "take",
      "takes",      "taking",     "took",       "whenever",
      "anytime",    "keep",       "keeps",      "kept",
      "done",       "use",        "uses",       "gets",
      "today",      "tomorrow",   "tonight",    "everything",
      "everyone",   "mine",       "theirs",     "own",
      "wants",      "wanted",     "myself",     "yourself",
      "ourselves",  "himself",    "herself",    "themselves",
      "somethings", "tomorrows",  "todays",     "love",
      "little",     "looked",     "looks",      "cos",
      "coz",        "cuz",        "nah",        "ur",
      "urs",        "r",          "gonna",      "wanna",
      "gotta",      "n",          "lol",        "ugh",
      "haha",       "lmao",       "omg",        "tbh",
      "btw",        "fyi",        "ngl",        "idk",
      "defo",       "deffo",      "needing",    "needed",
      "needs",      "since",      "roughly",    "approximately",
      "approx",     "ish",        "reckon",     "reckons",
      "under",      "underneath", "round",      "once",
      "somehow",    "anyhow",     "either",     "neither",
      "brill",      "ace",        "cheers",     "ta",
      "chance",     "matter",     "nothing",    "fancy",
      "matters",    "meant",      "absolutely", "literally",
      "basically",  "clearly",    "honestly",   "totally",
      "completely", "definitely", "seriously",  "genuinely",
      "obviously",  "probably",   "apparently", "none",
      "ever",       "ah",         "already",    "other",
      "others",     "coming",     "exactly",    "def",
      "few",        "wise",       "enough",     "wud",
      "cud",        "shud",       "over",       "altogether",
      "wd",         "cd",         "yous",       "youse",
      "sometimes",  "sometime",   "oftentimes", "someday",
      "certain",    "shd",        "wld",        "cld",
      "havent",     "hasnt",      "hadnt",      "didnt",
      "doesnt",     "isnt",       "arent",      "wasnt",
      "werent",     "wouldnt",    "shouldnt",   "slight",
      "slightly",   "behind",     "grab",       "even",
      "hed",        "youd",       "theyd",      "itd",
      "thatd",      "bringing",   "brings",     "everywhere",
      "itself",     "only",       "usually",    "normally",
      "typically",  "generally",  "situation",  "lot",
      "lots",       "anyway",     "anyways",    "quite",
      "surprise",   "ago",        "think",      "thinking",
      "thinkin",    "rather",     "well",       "sorted",
      "same",       "whoever",    "along",      "alot",
      "hiya",       "tbf",        "involved",   "involves",
      "entail",     "entails"};
  return kWords;
}

std::string StemRaw(std::string_view word) {
  std::string w(word);
  if (w.size() <= 3) return w;
  // "made" is what is made, not "mad" (its stem by the rules below): "hes mad into his ipas" is
  // no pizza that "can be made with vegan cheese".
  if (w == "made") w = "make";
  if (EndsWith(w, "sses")) {
    w.resize(w.size() - 2);
  } else if (EndsWith(w, "ies") && w.size() > 4) {
    w.resize(w.size() - 3);
    w += 'y';
  } else if (EndsWith(w, "s") && !EndsWith(w, "ss") && !EndsWith(w, "us") && !EndsWith(w, "is")) {
    w.pop_back();
  }
  if (EndsWith(w, "ation") && w.size() > 7) {
    w.resize(w.size() - 5);
    UndoDouble(w);
  } else if (EndsWith(w, "ing") && w.size() > 5) {
    w.resize(w.size() - 3);
    UndoDouble(w);
  } else if (EndsWith(w, "ied") && w.size() == 5) {
    // "dried", "tried": the stem of "dry" and "try" (and of "dries", "tries" above).
    w.resize(2);
    w += 'y';
  } else if (EndsWith(w, "ed") && w.size() > 4) {
    w.resize(w.size() - 2);
    UndoDouble(w);
  } else if (EndsWith(w, "ment") && w.size() > 6 && !w.starts_with("instal")) {
    // (Not "instalment": its stem would be install's, and paying in instalments is no fitting.)
    w.resize(w.size() - 4);
  } else if (EndsWith(w, "ly") && w.size() > 5) {
    w.resize(w.size() - 2);
  }
  if (EndsWith(w, "e") && w.size() > 3 && !EndsWith(w, "ee")) w.pop_back();
  if (EndsWith(w, "y") && w.size() > 4) w.back() = 'i';
  return w;
}

// Stem -> canonical term for synonyms common in customer care.
const std::unordered_map<std::string, std::string>& Synonyms() {
  static const std::unordered_map<std::string, std::string> kMap = [] {
    const std::vector<std::vector<std::string_view>> groups = {
        {"deliver", "delivery", "deliveries", "ship", "shipping", "shipped", "shipment", "arrive",
         "arrival", "dispatch", "dispatched", "postage", "courier", "warehouse"},
        {"refund", "refunds", "reimburse", "reimbursement", "moneyback"},
        {"cancel", "cancellation", "cancelled", "canceled", "cancelling", "canceling", "terminate",
         "unsubscribe", "quit"},
        {"price", "prices", "pricing", "cost", "costs", "fee", "fees", "charge", "charges", "much",
         "expensive", "cheap", "cheaper", "cheapest", "affordable", "rate", "pricey", "pricier",
         "dearer"},
        // (A package is a bundle, no membership: "how much is membership" is not the pack of
        // floats.)
        {"plan", "plans", "subscription", "subscriptions", "membership", "tier", "subscribe",
         "subscribed"},
        {"password", "passcode", "passwords", "pwd"},
        {"login", "signin", "logon", "lockout"},
        // Opening hours are not a duration ("a 2-hour trial" says nothing of when one is open).
        {"hour", "hours"},
        {"open", "opening", "closing", "weekend", "weekends"},
        {"track", "tracking", "trace", "status"},
        {"late", "delay", "delayed", "overdue", "slow"},
        {"damage", "damaged", "broken", "broke", "defective", "faulty", "cracked", "snapped",
         "dead", "smashed", "smash", "shattered", "breakage", "breakages", "ruined", "ruin",
         "wrecked"},
        {"buy", "purchase", "purchasing", "purchased", "bought"},
        // Irregular past forms, which the stemmer leaves as they are.
        {"drive", "driven", "drove"},
        {"sweep", "swept"},
        {"teach", "taught"},
        {"send", "sent"},
        {"spend", "spent"},
        {"build", "built"},
        {"wear", "worn", "wore"},
        {"tear", "torn", "tore"},
        {"shrink", "shrunk", "shrank"},
        {"sew", "sewn"},
        {"swim", "swum", "swam"},
        {"write", "written", "wrote"},
        {"choose", "chosen", "chose"},
        {"forget", "forgotten", "forgot"},
        {"freeze", "frozen", "froze"},
        {"sleep", "slept"},
        {"insurance", "insurer", "insurers", "insured", "insure", "insures"},
        {"pay", "payment", "payments", "billing", "billed", "card", "paying", "paid"},
        {"warranty", "guarantee", "guaranteed", "guarantees", "warranties", "covered"},
        {"return", "returns", "returning", "returned"},
        {"exchange", "exchanges", "swap", "swapping", "replace", "replacement"},
        {"financing", "finance", "installment", "installments", "instalment", "instalments",
         "klarna", "afterpay", "clearpay"},
        {"contract", "contracts", "commitment", "term"},
        {"size", "sizes", "sizing", "fit", "fits", "fitting", "small", "big", "bigger", "smaller",
         "larger", "tight", "loose"},
        {"discount", "discounts", "deal", "deals", "offer", "promo", "coupon", "voucher",
         "concession", "concessions", "reduction", "reductions"},
        {"concert", "concerts", "gig", "gigs", "recital", "recitals"},
        {"matted", "matting", "knotted", "knotty", "knots", "tangled", "tangles", "tangle"},
        {"pushchair", "pushchairs", "pram", "prams", "buggy", "buggies", "stroller", "strollers"},
        {"payroll", "wages", "salaries", "payslip", "payslips"},
        // A nervous disposition, of a patient, a learner or a pet.
        {"nervous", "anxious", "anxiety", "scared", "terrified", "frightened", "afraid", "fearful",
         "timid", "skittish", "petrified", "nerves"},
        {"ill", "illness", "illnesses", "sick", "sickness", "unwell"},
        // "-ation" and "-ated" stem apart ("crem", "cremat").
        {"cremation", "cremations", "cremate", "cremated", "cremating"},
        {"burial", "burials", "bury", "buried", "burying"},
        {"child", "children", "kid", "kids"},
        {"internet", "broadband", "wifi", "connection"},
        {"landline", "landlines"},
        {"speed", "speeds", "mbps", "gbps", "fastest", "bandwidth"},
        {"cap", "limit", "limits", "capped", "allowance", "maximum"},
        // Getting something lowered is reducing it ("can we get that lowered": "you can reduce it
        // to £150").
        {"reduce", "reduces", "reduced", "reducing", "lower", "lowers", "lowered", "lowering"},
        {"static"},  // "fixed ip" is rewritten (RewritePhrases): "fix" is a repair.
        {"shop", "shops", "store", "stores", "branch", "showroom"},
        {"contact", "reach", "call", "chat", "email"},
        // General commerce vocabulary: words customers use for what a knowledge base names
        // otherwise.
        {"hire", "hiring", "rent", "rental", "rentals", "renting", "rented", "lease", "leasing"},
        {"used", "secondhand", "preowned", "refurbished"},
        {"urine", "wee", "weeing", "pee", "peeing", "peed", "urinate", "urinating"},
        {"repair", "repairs", "repaired", "fix", "fixes", "fixing", "mend", "mending"},
        {"tyre", "tyres", "tire", "tires"},
        {"puncture", "punctures", "punctured"},
        {"post", "posted", "postal", "posting"},
        {"test", "tests", "trial", "trials", "demo", "demos"},
        {"appointment", "appointments", "appt", "appts", "booking", "bookings", "book", "booked",
         "reservation", "reserve", "slot", "slots"},
        {"student", "students", "university", "college"},
        {"gift", "gifts", "present", "presents", "gifting"},
        {"luggage", "bag", "bags", "baggage", "suitcase", "suitcases"},
        {"accessible", "accessibility", "wheelchair", "wheelchairs", "disabled", "disability",
         "mobility"},
        {"meal", "meals", "food", "eat", "eating", "dine", "dining", "snack", "snacks", "sandwich",
         "sandwiches", "picnic", "picnics"},
        {"collect", "collection", "pickup", "collecting", "collected", "fetch", "fetching"},
        {"nail", "nails", "claw", "claws"},
        {"laptop", "laptops", "macbook", "macbooks", "chromebook", "chromebooks"},
        // A clinic's words, as its customers say them.
        {"vaccination", "vaccinations", "vaccine", "vaccines", "vaccinate", "vaccinated", "jab",
         "jabs", "booster", "boosters", "inoculation"},
        {"neuter", "neutering", "neutered", "spay", "spayed", "spaying", "castrate", "castration"},
        {"microchip", "microchips", "microchipping", "microchipped", "chip", "chipped"},
        {"prescription", "prescriptions", "medication", "medications", "medicine", "medicines",
         "meds", "pills", "tablets"},
        {"register", "registration", "registering", "registered", "join", "joining", "enrol",
         "enroll", "enrolment", "signup"},
        {"matted", "knotted", "tangled", "tangles", "tangly", "knots"},
        {"abroad", "international", "internationally", "overseas", "worldwide", "europe", "france",
         "germany", "spain", "italy", "ireland", "netherlands"},
        {"advice", "advise", "advising", "tips", "guidance", "recommend", "recommendation"},
        {"senior", "seniors", "pensioner", "pensioners", "elderly"},
        {"parking", "park", "carpark"},
        {"vegan", "vegetarian", "veggie", "plantbased"},
        {"allergy", "allergies", "allergen", "allergens", "allergic", "intolerance",
         "hypoallergenic"},
        {"trim", "trims", "trimming", "trimmed", "clip", "clips", "clipping", "clipped", "tidy",
         "tidied", "tidying"},
        {"belongings", "stuff", "possessions"},
        {"loyalty", "reward", "rewards", "points", "stamps", "cashback"},
        {"vacuum", "vacuums", "hoover", "hoovers", "hoovering", "vacuuming"},
        {"photo", "photos", "picture", "pictures", "pic", "pics", "photograph", "photographs"},
        {"fuel", "petrol", "diesel", "refuel", "refuelling"},
        {"rebook", "rebooking", "reschedule", "rescheduling", "rearrange", "postpone", "postponed",
         "postponing"},
        {"beginner", "beginners", "novice", "novices", "newbie", "newbies"},
        {"lesson", "lessons", "class", "classes"},
        // Learning a lot in a short time.
        {"intensive", "cram", "cramming", "crammed"},
        {"house", "houses", "semi", "semis", "bungalow", "bungalows", "terraced", "detached"},
        {"kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"},
        // Notice asked for is time in advance ("booked at least 24 hours in advance").
        {"notice", "advance", "beforehand"},
    };
    std::unordered_map<std::string, std::string> map;
    for (const auto& group : groups) {
      const std::string canonical = StemRaw(group.front());
      for (std::string_view word : group) map.emplace(StemRaw(word), canonical);
    }
    return map;
  }();
  return kMap;
}

// Canonical term -> weaker related terms (see RelatedTerms).
const std::unordered_map<std::string, std::vector<std::string>>& Related() {
  static const std::unordered_map<std::string, std::vector<std::string>> kMap = [] {
    // Who works for a business, by trade: what "staff" or "the same person" may be.
    const std::vector<std::string_view> trades = {
        "team", "employee", "cleaner", "engineer", "stylist", "instructor", "technician",
        "crew", "mechanic", "groomer", "driver",   "teacher", "tutor"};
    const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> pairs = {
        {"leave", {"dispatch", "cancel", "move"}},
        {"trim", {"cut"}},
        {"helmet", {"hat"}},
        {"gear", {"kit", "equipment", "wear"}},
        // What a class or a team wears is its kit ("does she need proper kit": the uniform).
        {"kit", {"uniform", "equipment", "wear"}},
        // Busy is the peak time and its wait ("saturdays, is it rammed").
        {"busy", {"peak", "wait", "queue"}},
        // A hall one hires is the venue ("what would u need from the hall").
        {"hall", {"venue"}},
        // A scratch or a knock is damage ("what happens if he knocks into someone or scratches
        // it").
        {"scratch", {"damage"}},
        {"knock", {"accident", "damage"}},
        // Pots are pottery, pieces of it ("will the pots be ready before then").
        {"pot", {"pottery", "piece"}},
        // Who is drunk has been drinking, alcohol ("will def have had a few b4": "Please don't
        // drink alcohol for 24 hours before your tattoo").
        {"drunk", {"drink", "alcohol"}},
        // A cab is a taxi ("whats a cab gonna cost us").
        {"cab", {"taxi"}},
        {"minicab", {"taxi"}},
        {"taxi", {"cab"}},
        {"fur", {"coat", "hair"}},
        // Sensitive skin needs the hypoallergenic; washing powder is detergent, and a smell is a
        // fragrance ("health visitor said no strong smelly powders").
        {"sensitive", {"allergy", "hypoallergenic"}},
        {"powder", {"detergent"}},
        // A GP is a doctor, and going through one is a referral ("do i have to go thru my doctor
        // first": "You don't need a GP referral").
        {"doctor", {"gp", "referral"}},
        {"gp", {"doctor"}},
        // A magician is the entertainer; a gang of dogs is a group; one who pedals rides; what is
        // alone is solo ("could he go out just by himself").
        {"magician", {"entertainer"}},
        // Where a holidaymaker stays is the accommodation ("can u bring them out to the
        // cottage": "we deliver ... at holiday accommodation").
        {"cottage", {"accommodation"}},
        {"hotel", {"accommodation"}},
        {"airbnb", {"accommodation"}},
        {"gang", {"group"}},
        {"pedal", {"ride", "cycle"}},
        {"alone", {"solo"}},
        {"solo", {"alone"}},
        // Getting in early is priority booking ("do members get in early for tickets").
        {"early", {"priority"}},
        // What a room holds is its seats ("how many can you hold": "a 38-seat room").
        {"hold", {"seat", "capacity"}},
        // Calmer is relaxed ("do you do anything a bit calmer": "relaxed screenings").
        {"calm", {"relaxed", "quiet"}},
        {"calmer", {"relaxed", "quiet"}},
        // Ads are adverts.
        {"ads", {"adverts", "advertising"}},
        // What is safe is secure ("is it safe there": "our compound is ... accredited").
        {"safe", {"secure", "security"}},
        // The desk one pays or checks in at is reception.
        {"desk", {"reception"}},
        {"smelly", {"fragrance", "scent"}},
        {"damage", {"repair", "exchange", "insurance"}},
        {"photo", {"data"}},  // Also photos, pictures (one synonym group).
        {"contacts", {"data"}},
        {"send", {"post", "deliver"}},
        {"leaving", {"cancel"}},
        {"size", {"exchange", "return"}},
        {"exchange", {"return"}},
        {"return", {"exchange"}},
        {"move", {"address"}},
        {"moving", {"address"}},
        {"address", {"move"}},
        {"down", {"internet", "drop"}},
        // "if one of the girls drops out"; "can i just drop a bag off": a drop-off.
        {"drop", {"internet", "leave", "cancel", "dropoff"}},
        {"red", {"light"}},
        {"bill", {"pay", "invoice"}},
        // A coach (the person) gives lessons ("a session with one of ur coaches"); a bus coach is
        // matched as itself first.
        {"coach", {"lesson", "instructor", "trainer", "training"}},
        // What is private is personal ("a coach just for me": "personal training").
        {"private", {"personal"}},
        // Someone to show one how things work gives the induction ("somebody shows me how it
        // works at the start").
        {"show", {"induction"}},
        // A block or a bundle bought at once is the deal ("if i signed up for a few of them is
        // there a deal": "a block of 4 lessons for £130").
        {"discount", {"block", "bundle"}},
        // ... and a bundle of visits is a pass or a package of them ("buy a bundle of visits up
        // front": "a 10-session pass").
        {"bundle", {"pass", "package", "block"}},
        // What expires is valid until then ("how long do they last before they run out": "valid
        // for 12 months").
        {"expire", {"valid"}},
        {"expiry", {"valid"}},
        // A bath of cold water is a tub ("how cold is the bath": "our two plunge tubs").
        {"bath", {"tub"}},
        // Someone watching over bathers is a lifeguard ("is someone watching if we go in the sea").
        // ... and a parent or other adult with a child is its supervision ("do i have to hang
        // around while hes there": "a parent or guardian on site").
        {"supervision", {"lifeguard", "guardian", "parent", "accompanied"}},
        // A field or a garden where something is put up is its site ("do we need to do anything
        // to the field": "How should I prepare the site?").
        {"field", {"site", "lawn", "ground"}},
        {"spot", {"site", "location"}},
        // How far away is a question of distance and of the area covered ("tenbury is a bit far
        // from ludlow no? is there more to pay": "within 12 miles of the town").
        {"far", {"mile", "area"}},
        // What one packs is luggage ("she packs for a fortnight").
        {"pack", {"luggage"}},
        {"fee", {"cancel"}},
        // A parent with a child is the adult a policy asks for ("do they need a parent with
        // them": "under-14s must be accompanied by an adult").
        {"parent", {"adult", "guardian"}},
        {"free", {"price"}},
        // A first-timer is new ("any deal for first timers": "new customers get 60% off").
        {"beginner", {"new"}},
        // A trial of something is a try of it, a taster ("can she have a go first").
        {"trial", {"try", "taster"}},
        // A dinner of a meal kit is one of its recipes ("how many dinners can we get in a week").
        {"dinner", {"recipe", "meal"}},
        // A doorstep is where a delivery is left safe ("is it just gonna sit on the doorstep").
        {"doorstep", {"safe", "leave"}},
        {"download", {"data", "cap", "export"}},
        {"data", {"cap"}},
        {"engineer", {"install"}},
        {"setup", {"install", "system"}},
        // (A visit to look round a venue is a viewing, a show-round.)
        {"visit", {"shop", "view", "viewing"}},
        // A wedding's words: the vows are the ceremony; a chef or cook is a caterer; the florist
        // is a supplier and the flowers are decorating; rain is the wet weather.
        {"vow", {"ceremony"}},
        {"chef", {"caterer", "catering"}},
        {"cook", {"caterer", "catering"}},
        {"florist", {"supplier"}},
        {"flower", {"decorate"}},
        {"rain", {"weather", "wet"}},
        // A temperature is a fever ("shes had a horrible chesty cough and temp last week").
        {"temperature", {"fever"}},
        {"fever", {"temperature"}},
        // A grave is a burial plot in a cemetery; a leak is what waterproofing keeps out.
        {"grave", {"burial", "plot", "cemetery"}},
        {"leak", {"waterproof"}},
        // A normal one is the standard, traditional kind ("normal funeral with church").
        {"normal", {"traditional", "standard"}},
        // Where a business is: its premises and the street it is on.
        {"location",
         {"shop", "address", "salon", "office", "clinic", "studio", "workshop", "street", "road",
          "lane", "avenue", "centre", "center", "directions"}},
        {"directions", {"location", "address"}},
        {"open", {"hour"}},
        {"hour", {"open"}},
        {"broken", {"warranty", "repair"}},
        {"install", {"engineer"}},
        // General commerce vocabulary (weaker than a synonym: the word may mean something else).
        {"duration", {"day", "minute", "week", "hour", "month", "year"}},
        {"old", {"used"}},
        {"flat", {"puncture", "property"}},
        // A nail in a tyre is a puncture; the work a trade does is its labour.
        {"nail", {"puncture"}},
        {"screw", {"puncture"}},
        {"work", {"labour"}},
        // What works by remote control is motorised ("ones that go up and down with a remote").
        {"remote", {"motorised", "motorized"}},
        // See-through braces are clear aligners.
        {"brace", {"aligner", "orthodontic"}},
        // A dog or a cat is a pet ("the dog, it is possible?": the pets policy); a contract to
        // rent a home is its tenancy.
        {"dog", {"pet"}},
        {"cat", {"pet"}},
        {"contract", {"tenancy"}},
        // Autism and ADHD are special educational needs ("my daughter is autistic": the SEN
        // sessions), and what suits autistic children is relaxed ("relaxed screenings").
        {"autistic", {"sen", "special", "relaxed", "sensory"}},
        {"autism", {"sen", "special", "relaxed", "sensory"}},
        {"adhd", {"sen", "special"}},
        {"try", {"test"}},
        {"service", {"repair"}},
        {"repair", {"service"}},
        {"borrow", {"hire"}},
        {"extra", {"include", "price", "free"}},
        {"stop", {"cancel", "pause"}},
        {"pause", {"cancel", "freeze"}},
        {"send", {"deliv"}},
        {"note", {"message"}},
        {"quick", {"duration"}},
        {"soon", {"duration"}},
        {"overnight", {"express"}},
        {"faulty", {"warranty", "repair"}},
        {"cash", {"pay"}},
        // (And what one pays with on it: Apple Pay, Google Pay.)
        {"phone", {"call", "contact", "apple", "google"}},
        // Pain told of to a clinic is what its emergency arrangements are for.
        {"toothache", {"emergency"}},
        {"pain", {"emergency"}},
        {"painful", {"emergency"}},
        {"ache", {"emergency"}},
        {"agony", {"emergency"}},
        {"abscess", {"emergency"}},
        {"swollen", {"emergency"}},
        {"swallowed", {"emergency"}},
        {"poisoned", {"emergency"}},
        {"poison", {"emergency"}},
        {"consultation", {"appointment"}},
        {"kitten", {"cat"}},
        // A car is parked at a hotel, serviced at a garage, driven at a driving school.
        // (And an electric car is an EV: "the charger for the car", "a smart home EV charger".)
        {"car", {"park", "ev", "vehicle"}},
        {"cars", {"park"}},
        {"woman", {"female"}},
        {"women", {"female"}},
        {"lady", {"female"}},
        {"man", {"male"}},
        {"men", {"male"}},
        {"bunch", {"block"}},
        {"birthday", {"gift", "party", "celebration"}},
        {"qualified", {"register", "train", "certified"}},
        {"lads", {"engineer", "staff", "team"}},
        {"christmas", {"gift"}},
        {"teaching", {"instructor"}},
        {"start", {"book", "join"}},
        {"bulk", {"block"}},
        {"driving", {"car"}},
        {"kittens", {"cat"}},
        // What one buys is told by its price; what hair is washed and styled with is a product.
        {"buy", {"price", "shop"}},
        // Rented homes end in a tenancy; people come as a group or party; a trade's staff.
        {"hire", {"tenancy", "landlord", "tenant"}},
        {"people", {"group", "party"}},
        {"guests", {"group", "party"}},
        {"staff", trades},
        {"commercial", {"office", "business"}},
        {"business", {"commercial"}},
        {"regular", {"loyalty", "routine"}},
        {"married", {"wedding"}},  // Also marrying, flavours, stinks, cigarette: one stem each.
        {"flavour", {"taste", "tasting"}},
        {"try", {"taste", "tasting", "sample"}},
        // Which nights a class runs are its evenings ("what nights": "Tuesday or Thursday
        // evenings at 7:30pm").
        {"night", {"evening"}},
        // A dog that growls or lunges at others is reactive ("he can be a bit growly with other
        // dogs": "dogs that are reactive to other dogs start with one-to-one sessions").
        {"growly", {"reactive"}},
        {"growl", {"reactive"}},
        {"lunge", {"reactive"}},
        {"aggressive", {"reactive"}},
        // A taster is a first try ("a taster thing in a pool": the pool try-dive).
        {"taster", {"try", "trial", "introductory"}},
        {"coeliac", {"gluten"}},
        {"abroad", {"travel"}},
        {"travel", {"holiday"}},  // "we're off to portugal for a few weeks": on holiday.
        {"carer", {"companion", "assistant"}},  // Who comes with a wheelchair user.
        {"forecast", {"weather"}},
        {"missing", {"lost"}},   // "theres a shirt missing": lost items.
        {"shrink", {"damage"}},  // "a jumper came back shrunk": damaged.
        {"tent", {"marquee"}},
        {"marquee", {"tent"}},
        // A band's players are their instruments ("does our drummer need to drag his whole kit").
        {"drummer", {"drum"}},
        {"guitarist", {"guitar"}},
        {"bassist", {"bass"}},
        {"singer", {"vocal"}},
        {"rubbish", {"waste", "junk"}},
        {"junk", {"waste", "rubbish"}},
        {"trolley", {"truck"}},
        // Someone coming to have a look, at a business that comes out to homes, is its call-out.
        {"survey", {"visit", "callout"}},
        {"wash", {"bath", "clean"}},
        {"stink", {"smell"}},
        {"cigarettes", {"smoke"}},
        {"skip", {"cancel"}},
        {"software", {"laptop", "tablet", "computer", "app", "device"}},
        {"dropoff", {"return", "deliver", "leave"}},
        // Sooner is the express service; the sizes of bedding; washing is cleaning; what is left
        // with a business is an uncollected item.
        {"quicker", {"express", "rush"}},
        {"faster", {"express", "rush", "quicker"}},
        {"sooner", {"express"}},
        {"double", {"single", "king"}},
        {"single", {"double"}},
        {"queen", {"king", "double"}},
        {"left", {"uncollected", "collect"}},
        {"celiac", {"gluten"}},
        // A narrow door is one that is not wide enough.
        {"narrow", {"wide"}},
        // A country outside Europe is itself first, then abroad ("once we get to florida": the
        // USA's World Pass, not the EU's roaming; RewritePhrases reads Florida as the USA).
        {"usa", {"abroad"}},
        {"america", {"usa", "abroad"}},
        {"canada", {"abroad"}},
        {"australia", {"abroad"}},
        // A country of the EU is in the EU (those of the "abroad" synonyms are abroad alone).
        {"portugal", {"eu"}},
        {"algarve", {"eu"}},
        {"greece", {"eu"}},
        {"cyprus", {"eu"}},
        {"malta", {"eu"}},
        {"belgium", {"eu"}},
        {"poland", {"eu"}},
        {"croatia", {"eu"}},
        // An insurance plan is a policy, and its cover ("wat plans have u got").
        {"plan", {"cover"}},
        // A broadband package is a plan ("what packages have you got").
        {"package", {"plan"}},
        // Mud on a sofa is a stain ("so muddy paws dont totally wreck it").
        {"muddy", {"stain", "spill"}},
        {"mud", {"stain", "spill"}},
        // A can of deodorant is an aerosol; a length in metres is a measurement.
        {"deodorant", {"aerosol"}},
        {"hairspray", {"aerosol"}},
        {"metre", {"measure", "longest"}},
        {"meter", {"measure", "longest"}},
        // What a bed is made up with is bedding ("do we need to bring duvets n pillows").
        {"duvet", {"bedding", "linen"}},
        {"pillow", {"bedding", "linen"}},
        {"quilt", {"bedding", "linen"}},
        // Drinks the night before are alcohol; proof that a job was done is its certificate.
        {"drinks", {"alcohol"}},
        {"drinking", {"alcohol"}},
        {"hungover", {"alcohol"}},
        {"cans", {"alcohol"}},
        {"beers", {"alcohol"}},
        {"booze", {"alcohol"}},
        // An outside tap is water, a plug or a socket is electricity ("no outside tap or plug
        // anywhere near where i park").
        {"tap", {"water"}},
        {"plug", {"electricity", "power", "socket"}},
        {"socket", {"electricity", "power"}},
        // Fizz is sparkling wine ("is there any fizz").
        {"fizz", {"prosecco", "champagne", "cava", "sparkling"}},
        {"bubbly", {"prosecco", "champagne", "cava", "sparkling", "alcohol"}},
        // What is normal is the standard one ("is it dearer than a normal minibus").
        {"normal", {"standard", "regular"}},
        // Chairs among passengers are wheelchairs ("chairs and walking residents").
        {"chairs", {"wheelchair"}},
        // Cases packed for a trip are luggage ("we'll have loads of cases").
        {"cases", {"luggage"}},
        {"proof", {"certificate"}},
        // What is allowed is welcome ("is he allowed on": "dogs are welcome").
        {"allowed", {"welcome", "permitted"}},
        // How fast a connection is is its speed ("is the internet fast enough for video calls":
        // "around 70 Mbps").
        {"fast", {"speed", "mbps"}},
        {"video", {"wifi", "internet", "broadband"}},
        // A dog's breed is a dog ("we'd be bringing our spaniel").
        {"spaniel", {"dog"}},
        {"labrador", {"dog"}},
        {"retriever", {"dog"}},
        {"poodle", {"dog"}},
        {"cockapoo", {"dog"}},
        {"cavapoo", {"dog"}},
        {"labradoodle", {"dog"}},
        {"terrier", {"dog"}},
        {"collie", {"dog"}},
        {"dachshund", {"dog"}},
        {"pug", {"dog"}},
        {"beagle", {"dog"}},
        {"husky", {"dog"}},
        {"alsatian", {"dog"}},
        {"greyhound", {"dog"}},
        {"whippet", {"dog"}},
        {"lurcher", {"dog"}},
        {"schnauzer", {"dog"}},
        {"chihuahua", {"dog"}},
        {"staffie", {"dog"}},
        {"bulldog", {"dog"}},
        {"springer", {"dog"}},
        {"westie", {"dog"}},
        {"yorkie", {"dog"}},
        {"puppy", {"dog"}},
        // A car's tracking is its wheels' alignment ("it pulls to the left, can you sort the
        // tracking").
        {"tracking", {"alignment"}},
        {"weekly", {"regular"}},
        {"fortnightly", {"regular"}},
        {"supply", {"provide"}},
        {"person", trades},
        {"shampoo", {"product"}},
        {"conditioner", {"product"}},
        // A ferry's words: a boat is a sailing or the ferry, a Transit is a van, a gale or a storm
        // is the weather, and a coffee is a hot drink from the café.
        {"boat", {"sailing", "ferry"}},
        {"transit", {"van"}},
        {"gale", {"weather", "wind"}},
        {"storm", {"weather", "wind"}},
        {"windy", {"weather", "wind"}},
        {"coffee", {"drink", "cafe"}},
        // Teeth sealed are sealants ("get her back teeth sealed"); the depth of water is what a
        // boat's draught needs.
        {"seal", {"sealant"}},
        {"depth", {"draught", "deep"}},
        // Radioing ahead is calling on the VHF ("do we need to radio ahead").
        {"radio", {"vhf", "call"}},
        // A bottle brought along is a drink ("can we bring a bottle of wine").
        {"bottle", {"drink"}},
        {"tea", {"drink", "cafe"}},
        // Suction of the ears is microsuction.
        {"suction", {"microsuction"}},
        // Arriving is reaching someone, or calling on them ("nobody'll be in when you turn up":
        // "when you call"); a comeback on work that fails again is its guarantee.
        {"arrive", {"reach"}},
        {"comeback", {"guarantee", "warranty"}},
        // An iPad is a tablet, an iPhone a phone.
        {"ipad", {"tablet"}},
        {"iphone", {"phone"}},
        // A watch fit to swim in is waterproof.
        {"swim", {"waterproof", "water"}},
        // A block of lessons is a term or a course of them.
        {"block", {"term", "course"}},
        // Rescheduling is moving a booking ("can i change the day": "cancel or move a booking").
        {"reschedule", {"move"}},
        // The pipe down the side of a house is its downpipe; what clogs blocks ("the pipe coming
        // down the side is gurgling", "what if it just clogs up again").
        {"pipe", {"downpipe", "drainpipe"}},
        {"clog", {"block", "blockage"}},
        // What is filmed is a video ("could somebody film the rest of the roof and send it me").
        {"film", {"video", "camera"}},
        // How someone is dressed is what they wear ("is the driver dressed up smart": "a chauffeur
        // in a grey morning suit").
        {"dressed", {"suit", "wear", "uniform"}},
        // Tiles that slid have slipped.
        {"slid", {"slip"}},
        // An office's outing is a corporate event ("35 of us from the office").
        {"office", {"corporate"}},
        // A company's event is a corporate one ("how do you price company events").
        {"company", {"corporate"}},
        // A burglary or a theft is what security keeps out ("we were burgled a couple of years
        // ago and I keep imagining someone climbing straight up").
        {"burgled", {"secure", "security", "alarm", "lock"}},
        {"burglar", {"secure", "security", "alarm", "lock"}},
        {"burglary", {"secure", "security", "alarm", "lock"}},
        {"theft", {"secure", "security", "alarm", "lock"}},
        {"thief", {"secure", "security", "alarm", "lock"}},
        // What one eats, to a butcher, is the meat ("two of us only eat halal").
        {"meal", {"restaurant", "dinner", "lunch", "breakfast", "menu", "dish", "buffet", "meat"}},
        // A distance to swim is so many metres; what is frozen is in the freezer.
        {"distance", {"metre", "mile"}},
        {"frozen", {"freezer", "freeze"}},
        // Squeezing one more in is a seat for them ("can one more mate squeeze in").
        {"squeeze", {"seat", "passenger", "fit"}},
    };
    std::unordered_map<std::string, std::vector<std::string>> map;
    for (const auto& [word, related] : pairs) {
      std::string key = StemRaw(word);
      if (auto it = Synonyms().find(key); it != Synonyms().end()) key = it->second;
      auto& out = map[key];
      for (std::string_view r : related) {
        std::string term = StemRaw(r);
        if (auto it = Synonyms().find(term); it != Synonyms().end()) term = it->second;
        if (term != key && std::find(out.begin(), out.end(), term) == out.end()) {
          out.push_back(std::move(term));
        }
      }
    }
    return map;
  }();
  return kMap;
}

}  // namespace

int TypoBudget(std::size_t length) {
  if (length < 4) return 0;
  return length < 7 ? 1 : 2;
}

bool IsMisspeltStopWord(std::string_view word) {
  if (word.size() < 3 || IsStopWord(word)) return false;
  // Only a dropped letter ("lng", "wht", "abut"): other near-misses are often real words.
  for (std::string_view stop : StopWords()) {
    if (stop.size() >= 4 && stop.size() == word.size() + 1 && stop.front() == word.front() &&
        EditDistance(word, stop, 1) <= 1) {
      return true;
    }
  }
  return false;
}

const std::vector<std::string>& RelatedTerms(const std::string& term) {
  static const std::vector<std::string> kNone;
  const auto it = Related().find(term);
  return it == Related().end() ? kNone : it->second;
}

namespace {

// Drops what the customer sets aside ("i just need a good long massage rather than physio": not
// physio): "rather than", "instead of" or "didn't bother with" ("if i didnt bother with the plan
// whats a hygienist visit on its own": not the plan) and up to three words after it, up to a
// comma, a full stop or a word that opens the next clause. Lower case.
void DropWhatIsSetAside(std::string& text) {
  static const std::unordered_set<std::string_view> kClauseWords = {
      "and", "but",   "so", "or", "how",  "what",  "whats", "when",
      "can", "could", "do", "is", "will", "would", "where"};
  static const std::unordered_set<std::string_view> kPeople = {
      "me", "us", "him", "her", "them", "you", "i", "we", "he", "she", "they"};
  // (And what something need not be: "doesnt need to get there same day, next day is fine"; what
  // it is done without: "can i stop the boxes without cancelling the whole thing".)
  for (std::string_view lead :
       {"rather than ", "instead of ", "didnt bother with ", "didn't bother with ",
        "did not bother with ", "doesnt need to get there ", "doesn't need to get there ",
        "does not need to get there ", "doesnt need to be ", "doesn't need to be ",
        "does not need to be ", "dont need it ", "don't need it ", "do not need it ",
        "without cancelling ", "without canceling "}) {
    for (std::size_t pos = text.find(lead); pos != std::string::npos; pos = text.find(lead, pos)) {
      if (pos > 0 && IsWordByte(static_cast<unsigned char>(text[pos - 1]))) {
        ++pos;
        continue;
      }
      std::size_t end = pos + lead.size();
      for (int words = 0; words < 3 && end < text.size(); ++words) {
        std::size_t word_end = end;
        while (word_end < text.size() && IsWordByte(static_cast<unsigned char>(text[word_end]))) {
          ++word_end;
        }
        const std::string_view word = std::string_view{text}.substr(end, word_end - end);
        // "rather than me paying on the day" sets aside who pays, not what is asked about.
        if (words == 0 && kPeople.contains(word)) {
          end = pos + lead.size();
          break;
        }
        if (word_end == end || kClauseWords.contains(word)) break;
        end = word_end;
        if (end < text.size() && text[end] == ' ') ++end;
      }
      if (end == pos + lead.size()) {
        pos = end;
        continue;
      }
      text.erase(pos, end - pos);
    }
  }
}

// What the customer does before the business comes, or before they come or bring the thing in,
// is how to prepare ("wat do we need to sort out at ours b4 u turn up", "wat do i need to do to
// the car b4 i drop it off", "anything i shud do or not do b4 i come in"): read after the phrase
// rules, so "b4" is "before" and "turn up" is "arrive". Lower case.
void ReadHowToPrepare(std::string& text) {
  static const std::regex kBefore(
      R"(\b(do|sort out|sort|get ready)\b[^.?!]{0,40}?\bbefore (you|u|i|we) )"
      R"((come|arrive|get here|drop|dropoff|bring)\b)");
  if (text.find("before ") == std::string::npos) return;  // (The regex is slow.)
  text = std::regex_replace(text, kBefore, "prepare");
}

// "push our wedding back", "put the appointment back a week": moving a date later is postponing
// it. "push" and "back" with one to three words between them, or "put"/"move" with a date among
// them ("put it back" is returning a thing). Lower case.
void PostponeMovedBack(std::string& text) {
  std::vector<std::pair<std::size_t, std::size_t>> words;  // [start, end) of each word.
  for (std::size_t i = 0; i < text.size();) {
    if (!IsWordByte(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    words.emplace_back(start, i);
  }
  auto word = [&](std::size_t k) {
    const std::string_view all = text;  // Taken afresh: `text` changes below.
    return all.substr(words[k].first, words[k].second - words[k].first);
  };
  // From the end, so earlier positions stay valid.
  for (std::size_t k = words.size(); k-- > 0;) {
    const std::string_view verb = word(k);
    const bool push = verb == "push" || verb == "pushing" || verb == "pushed";
    const bool put =
        verb == "put" || verb == "putting" || verb == "move" || verb == "moving" || verb == "moved";
    if (!push && !put) continue;
    bool date = false;
    for (std::size_t j = k + 1; j < words.size() && j <= k + 4; ++j) {
      if (word(j) != "back") {
        static constexpr std::array<std::string_view, 9> kDates = {
            "date",    "wedding", "appointment", "booking", "lesson",
            "session", "party",   "event",       "visit"};
        date = date || std::find(kDates.begin(), kDates.end(), word(j)) != kDates.end();
        continue;
      }
      if (j == k + 1 || (put && !date)) break;
      text.erase(words[j].first, words[j].second - words[j].first);
      text.replace(words[k].first, words[k].second - words[k].first, "postpone");
      break;
    }
  }
}

// Reads a body measurement as what it measures ("he's about 130kg", "shes only 1m30", "hes 6ft5"):
// the weight or the height that the knowledge states its limits in ("the maximum driver weight is
// 120kg", "at least 150cm tall"). A length in centimetres said to be wide, long or deep is no
// height ("blinds up to 240cm wide").
void NameTheMeasure(std::string& text) {
  static const std::unordered_set<std::string_view> kWeights = {
      "kg", "kgs", "kilo", "kilos", "kilograms", "stone", "lb", "lbs"};
  static const std::unordered_set<std::string_view> kHeights = {"ft", "foot", "feet", "cm"};
  static const std::unordered_set<std::string_view> kNotHeights = {"wide",   "long", "deep",
                                                                   "across", "x",    "by"};
  auto is_digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  auto is_alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  auto word_from = [&](std::size_t at) {
    std::size_t end = at;
    while (end < text.size() && is_alpha(text[end])) ++end;
    return std::string_view{text}.substr(at, end - at);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!is_digit(text[i]) || (i > 0 && IsWordByte(static_cast<unsigned char>(text[i - 1])))) {
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && (is_digit(text[j]) || text[j] == '.')) ++j;
    std::size_t unit_at = j;
    if (unit_at < text.size() && text[unit_at] == ' ') ++unit_at;  // "130 kg"
    const std::string_view unit = word_from(unit_at);
    std::size_t end = unit_at + unit.size();
    const std::size_t digits_from = end;
    while (end < text.size() && is_digit(text[end])) ++end;  // "1m30", "6ft5"
    const bool more_digits = end > digits_from;
    std::size_t next = end;
    while (next < text.size() && text[next] == ' ') ++next;
    std::string_view name;
    if (kWeights.contains(unit)) {
      name = " weight";
    } else if ((kHeights.contains(unit) && !kNotHeights.contains(word_from(next))) ||
               (unit == "m" && more_digits)) {
      name = " height";
    }
    if (!name.empty() &&
        (end == text.size() || !IsWordByte(static_cast<unsigned char>(text[end])))) {
      // The measure stands for its name: a value the knowledge does not state is no topic of
      // its own.
      text.replace(i, end - i, name.substr(1));
      i += name.size() - 1;
    } else {
      i = std::max(j, end);
    }
  }
}

// How early to turn up is when to arrive ("how early does everyone need to turn up beforehand",
// "how early should we get there"), not the notice a booking needs: "how early" followed in its
// clause by a word of arriving reads "how long before".
void ReadHowEarlyToArrive(std::string& text) {
  static constexpr std::string_view kHowEarly = "how early";
  static constexpr std::array<std::string_view, 10> kArriving = {
      " arrive",   " turn up", " be there", " get there", " be here",
      " get here", " show up", " rock up",  " get in",    " come in"};
  for (std::size_t pos = text.find(kHowEarly); pos != std::string::npos;
       pos = text.find(kHowEarly, pos + 1)) {
    std::size_t from = pos + kHowEarly.size();
    if (from < text.size() && text[from] == ',') ++from;  // MarkUnpunctuatedQuestions' comma
    const std::size_t clause_end = std::min(text.find_first_of(",.?!;", from), text.size());
    for (std::string_view arriving : kArriving) {
      const std::size_t at = text.find(arriving, from);
      if (at == std::string::npos || at + arriving.size() > clause_end) continue;
      text.replace(at, arriving.size(), " arrive");
      text.replace(pos, from - pos, "how long before");
      break;
    }
  }
}

// Drops the number of a party ("a table for 14 people": not the "14 major allergens"), and reads
// an age one is turning as a birthday ("my son's turning 6": not the "box of 6").
void DropAgesAndPartySizes(std::string& text) {
  // "For ages" without a number is a long time ("if i cant come and get it for ages"), not an age
  // ("for ages 5 to 12").
  for (std::string_view ages : {"for ages", "in ages", "takes ages", "take ages", "took ages"}) {
    for (std::size_t pos = text.find(ages); pos != std::string::npos;
         pos = text.find(ages, pos + 1)) {
      const std::size_t end = pos + ages.size();
      std::size_t next = end;
      while (next < text.size() && text[next] == ' ') ++next;
      const bool starts_word = pos == 0 || !IsWordByte(static_cast<unsigned char>(text[pos - 1]));
      const bool ends_word =
          end == text.size() || !IsWordByte(static_cast<unsigned char>(text[end]));
      const bool number =
          next < text.size() && std::isdigit(static_cast<unsigned char>(text[next])) != 0;
      if (starts_word && ends_word && !number) text.replace(end - 4, 4, "a while");
    }
  }
  for (std::string_view turning : {"turning ", "turns "}) {
    for (std::size_t pos = text.find(turning); pos != std::string::npos;
         pos = text.find(turning, pos + 1)) {
      std::size_t end = pos + turning.size();
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) ++end;
      if (end > pos + turning.size()) text.replace(pos, end - pos, "birthday");
    }
  }
  for (std::string_view who :
       {" people", " guests", " of us", " adults", " persons", " kids", " children", " boys",
        " girls", " lads", " sons", " daughters", " teenagers", " teens", " grandchildren",
        " grandkids", " generations"}) {
    for (std::size_t pos = text.find(who); pos != std::string::npos; pos = text.find(who, pos)) {
      std::size_t start = pos;
      while (start > 0 && std::isdigit(static_cast<unsigned char>(text[start - 1])) != 0) --start;
      const bool whole =
          start < pos && (start == 0 || !IsWordByte(static_cast<unsigned char>(text[start - 1])));
      if (whole) {
        text.erase(start, pos - start);
        pos = start;
      }
      pos += who.size();
    }
  }
}

}  // namespace

std::string MarkUnpunctuatedQuestions(std::string_view text) {
  static const std::unordered_set<std::string_view> kQuestionWords = {"how",   "what",  "when",
                                                                      "where", "which", "why"};
  static const std::unordered_set<std::string_view> kAuxiliaries = {
      "can", "could", "do", "does", "did", "will", "would", "should", "is", "are", "may"};
  static const std::unordered_set<std::string_view> kSubjects = {
      "you",     "u",        "i",      "we",      "they",  "he",  "she", "it",   "there",
      "someone", "somebody", "anyone", "anybody", "your",  "my",  "our", "the",  "a",
      "an",      "this",     "that",   "these",   "those", "his", "her", "their"};
  // Words that introduce the question that follows, or join it ("tell me what is", "and how").
  static const std::unordered_set<std::string_view> kIntroducers = {
      "and",     "or",         "but",    "so",     "if",     "whether",   "then",     "also",
      "plus",    "know",       "tell",   "me",     "us",     "wondering", "wonder",   "wondered",
      "ask",     "asking",     "asked",  "sure",   "idea",   "explain",   "show",     "about",
      "of",      "on",         "out",    "see",    "matter", "depends",   "remember", "forgot",
      "forget",  "understand", "unsure", "decide", "learn",  "to",        "that",     "than",
      "because", "till",       "until",  "just",   "please", "hi",        "hello",    "hey",
      "thanks",  "ok",         "okay",   "yes",    "no",     "well",      "um",       "how",
      "what",    "when",       "where",  "which",  "why",    "who",       "can",      "could",
      "do",      "does",       "did",    "will",   "would",  "should",    "is",       "are",
      "may",     "much",       "many",   "long",   "often",  "soon"};
  // The words (lower case, letters and apostrophes) and where each ends in `text`.
  struct Word {
    std::string lower;
    std::size_t end;
    bool punctuated;  // Ends in , . ; : ! or ?
  };
  std::vector<Word> words;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
    std::size_t end = i;
    while (end < text.size() && std::isspace(static_cast<unsigned char>(text[end])) == 0) ++end;
    if (end == i) break;
    std::string lower;
    for (std::size_t k = i; k < end; ++k) {
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
      if ((c >= 'a' && c <= 'z') || c == '\'') lower += c;
    }
    const char last = text[end - 1];
    const bool punctuated =
        last == ',' || last == '.' || last == ';' || last == ':' || last == '!' || last == '?';
    words.push_back({std::move(lower), end, punctuated});
    i = end;
  }
  static const std::unordered_set<std::string_view> kPronouns = {
      "you", "u", "i", "we", "they", "he", "she", "it", "someone", "somebody", "anyone", "anybody"};
  // A clause inverts when an auxiliary meets its subject within its first words, before any
  // pronoun ("what do you charge", "how much are your lessons"; not "when i do the update").
  auto inverts = [&](std::size_t from) {
    constexpr std::size_t kWindow = 4;
    for (std::size_t k = from; k < words.size() && k < from + kWindow; ++k) {
      if (words[k - 1].punctuated || kPronouns.contains(words[k].lower)) return false;
      if (kAuxiliaries.contains(words[k].lower) && k + 1 < words.size() &&
          kSubjects.contains(words[k + 1].lower)) {
        return true;
      }
    }
    return false;
  };
  // "can you", "do you", "could we": a modal before a person asks.
  static const std::unordered_set<std::string_view> kModals = {"can",  "could", "do",     "does",
                                                               "will", "would", "should", "may"};
  std::string out(text);
  std::size_t inserted = 0;
  // An interjection ends its clause ("toast marshmallows lol are we allowed a fire"); a lone
  // "x" may be a quantity ("2 x large"), a kiss only at the end.
  static const std::unordered_set<std::string_view> kInterjections = {
      "lol", "haha", "hahaha", "ugh", "omg", "tbh", "lmao", "xx", "xxx", "btw", "tho"};
  const bool unpunctuated = std::ranges::none_of(
      text, [](char c) { return c == ',' || c == '.' || c == '?' || c == '!' || c == ';'; });
  static const std::unordered_set<std::string_view> kOwnSubjects = {
      "i",     "im",   "ive",    "ill",    "she",     "shes",    "he",   "hes",    "we",
      "weve",  "they", "theyre", "theyve", "its",     "theres",  "i'm",  "i've",   "i'll",
      "she's", "he's", "we're",  "we've",  "they're", "they've", "it's", "there's"};
  // (Besides the introducers above, which already keep a word from starting a question.)
  static const std::unordered_set<std::string_view> kLeadsIn = {
      "a",      "an",      "the",    "for",     "with",   "in",    "at",   "from",  "by",    "as",
      "like",   "into",    "onto",   "after",   "before", "while", "cos",  "coz",   "cuz",   "was",
      "were",   "am",      "have",   "has",     "had",    "might", "must", "shall", "whats", "hows",
      "think",  "thought", "reckon", "reckons", "says",   "said",  "knew", "hope",  "told",  "once",
      "unless", "since",   "even",   "all",     "both",   "you",   "u"};
  bool asked = false;  // A question has opened before this word.
  for (std::size_t i = 1; i < words.size(); ++i) {
    const Word& previous = words[i - 1];
    if (kQuestionWords.contains(previous.lower) || previous.lower == "whats" ||
        (i == 1 && kAuxiliaries.contains(previous.lower))) {
      asked = true;
    }
    if (!previous.punctuated && kInterjections.contains(previous.lower)) {
      out.insert(previous.end + inserted, ",");
      ++inserted;
      continue;
    }
    // A question ends at its "then" before a statement of the customer's own ("how long does
    // that take then need to plan round my jobs", "... then ive got a meeting at 2").
    static const std::unordered_set<std::string_view> kOwnStatement = {
        "need", "needs", "ive", "i've", "im", "i'm", "got", "gotta", "cos", "coz"};
    // So does one that ends in its "for" ("how long does it all go on for need to tell the other
    // mums"), and one that ends in "as well" before anything but its "as" ("do u do bikes as well
    // the teenagers will go stir crazy").
    const bool as_well = asked && previous.lower == "well" && i >= 2 &&
                         words[i - 2].lower == "as" && !words[i - 2].punctuated &&
                         words[i].lower != "as";
    if (!previous.punctuated &&
        (((previous.lower == "then" || (asked && previous.lower == "for")) &&
          kOwnStatement.contains(words[i].lower)) ||
         as_well)) {
      out.insert(previous.end + inserted, ",");
      ++inserted;
      continue;
    }
    // A subject pronoun after a preposition starts a clause of its own ("how long does it go on
    // for she cant sit still"): a preposition takes "her", not "she" ("its", "theres" stay
    // led in: "for its size"). (Before the introducers: "on" and "about" lead into a question too.)
    static const std::unordered_set<std::string_view> kPrepositions = {
        "for", "with", "in", "at", "from", "by", "into", "onto", "on", "about", "of"};
    const bool subject_after_preposition =
        kPrepositions.contains(previous.lower) && words[i].lower != "its" &&
        words[i].lower != "it's" && words[i].lower != "theres" && words[i].lower != "there's";
    if (!previous.punctuated && unpunctuated && asked && subject_after_preposition &&
        kOwnSubjects.contains(words[i].lower) &&
        (i + 1 >= words.size() || !kAuxiliaries.contains(words[i + 1].lower))) {
      out.insert(previous.end + inserted, ",");
      ++inserted;
      continue;
    }
    // "me" and "us" introduce what follows ("tell me what", "let us know if"), but not as the
    // object of a preposition ("the cheaper one makes more sense for me do i still get the
    // classes").
    const bool object_of_preposition = (previous.lower == "me" || previous.lower == "us") &&
                                       i >= 2 && !words[i - 2].punctuated &&
                                       kPrepositions.contains(words[i - 2].lower);
    if (previous.punctuated || (kIntroducers.contains(previous.lower) && !object_of_preposition)) {
      continue;
    }
    // In a message with no punctuation at all, a subject of the customer's own after a question
    // starts a new clause ("how many other kids would be in with her she gets really overwhelmed
    // in big groups", "do you lot charge for a test im 62"): not after a word that leads into it
    // ("and she", "if i", "do they"), nor one that an auxiliary follows, which may tell what it
    // is ("a bike he can borrow").
    if (unpunctuated && asked && kOwnSubjects.contains(words[i].lower) &&
        !kLeadsIn.contains(previous.lower) &&
        (i + 1 >= words.size() || !kAuxiliaries.contains(words[i + 1].lower))) {
      out.insert(previous.end + inserted, ",");
      ++inserted;
      continue;
    }
    // A question word two words back goes on through its noun ("what time do you open in the
    // mornings", "which day do you collect"): one question.
    if (i >= 2 && !words[i - 2].punctuated &&
        (kQuestionWords.contains(words[i - 2].lower) || words[i - 2].lower == "whats")) {
      continue;
    }
    // So does one three words back through a measure ("how far ahead can i grab a lane", "how
    // much longer do we wait").
    static const std::unordered_set<std::string_view> kMeasures = {
        "far", "long", "much", "many", "soon", "early", "late", "often"};
    if (i >= 3 && !words[i - 3].punctuated && !words[i - 2].punctuated &&
        kQuestionWords.contains(words[i - 3].lower) && kMeasures.contains(words[i - 2].lower)) {
      continue;
    }
    const std::string& w = words[i].lower;
    // "is that a problem", "is there any parking", "is it ok": a yes-no question about what was
    // just said (not "the thing is that the ...": the word after names what is asked).
    static const std::unordered_set<std::string_view> kPointers = {"that", "this", "it", "there"};
    static const std::unordered_set<std::string_view> kAsked = {
        "a",       "an",     "any",      "ok",       "okay",      "alright",  "possible",
        "allowed", "extra",  "included", "free",     "fine",      "gonna",    "going",
        "safe",    "enough", "normal",   "anywhere", "somewhere", "anything", "something"};
    const bool is_that = (w == "is" || w == "are") && i + 2 < words.size() &&
                         kPointers.contains(words[i + 1].lower) &&
                         kAsked.contains(words[i + 2].lower);
    // "whats the charge", "hows your availability": a question word fused with its verb.
    static const std::unordered_set<std::string_view> kFused = {"whats", "what's", "hows",
                                                                "how's", "wheres", "where's"};
    // So is "what happens" ("... a bit after you shut what happens then").
    const bool fused = (kFused.contains(w) && i + 1 < words.size() &&
                        (kSubjects.contains(words[i + 1].lower) || words[i + 1].lower == "much")) ||
                       (w == "what" && i + 1 < words.size() && words[i + 1].lower == "happens");
    const bool question = fused || (kQuestionWords.contains(w) && inverts(i + 1)) ||
                          (kModals.contains(w) && i + 1 < words.size() &&
                           kPronouns.contains(words[i + 1].lower) && words[i + 1].lower != "it") ||
                          is_that;
    if (!question) continue;
    // "roughly what would it cost": the adverb opens the question.
    static const std::unordered_set<std::string_view> kOpeners = {"roughly", "approximately",
                                                                  "exactly", "ballpark"};
    std::size_t at = previous.end;
    if (kOpeners.contains(previous.lower) && i >= 2) {
      if (words[i - 2].punctuated || kIntroducers.contains(words[i - 2].lower)) continue;
      at = words[i - 2].end;
    }
    out.insert(at + inserted, ",");
    ++inserted;
  }
  return out;
}

namespace {

constexpr std::size_t kPrefixBits = 4096;
using PrefixBits = std::bitset<kPrefixBits>;

// A hash of the first (up to) three bytes of `text` and of how many there are.
std::size_t PrefixKey(std::string_view text) {
  const std::size_t n = std::min<std::size_t>(text.size(), 3);
  std::uint32_t key = static_cast<std::uint32_t>(n);
  for (std::size_t i = 0; i < n; ++i) key = key * 257U + static_cast<unsigned char>(text[i]);
  return (key * 2654435761U >> 12U) % kPrefixBits;
}

// The keys (PrefixKey) of the one-, two- and three-byte prefixes at every place a phrase may
// start: the text's start and every byte after a non-word byte.
PrefixBits WordStartPrefixes(std::string_view text) {
  PrefixBits bits;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (pos > 0 && IsWordByte(static_cast<unsigned char>(text[pos - 1]))) continue;
    for (std::size_t n = 1; n <= 3 && pos + n <= text.size(); ++n) {
      bits.set(PrefixKey(text.substr(pos, n)));
    }
  }
  return bits;
}

// Returns true iff a phrase that ends at `end` of `text` ends its word, or the word goes on only
// by an ending ("payment plan" in "payment plans", "how quick" in "how quickly", "moved in" in
// "moved into"): not "seen to" in "seen too", "every week" in "every weekday", "come out to me"
// in "come out to measure".
bool EndsAtAnEnding(std::string_view text, std::size_t end) {
  std::size_t stop = end;
  while (stop < text.size() && IsWordByte(static_cast<unsigned char>(text[stop]))) ++stop;
  // (A phrase that ends in a symbol ends there: "a flat £" in "a flat £35".)
  const auto last = static_cast<unsigned char>(end == 0 ? ' ' : text[end - 1]);
  if (stop == end || last >= 0x80 || !IsWordByte(last)) return true;
  static constexpr std::array<std::string_view, 9> kEndings = {"s",  "es",  "d",    "ed", "r",
                                                               "ly", "ing", "ning", "to"};
  return std::ranges::find(kEndings, text.substr(end, stop - end)) != kEndings.end();
}

}  // namespace

std::string RewritePhrases(std::string_view text) {
  std::string out = LowerAscii(text);
  DropAgesAndPartySizes(out);
  NameTheMeasure(out);
  ReadHowEarlyToArrive(out);
  // How often something is done is its frequency: "every 5 years", "every 3 weeks" (and, by the
  // phrase rules below, "once a year", "twice a year"): "how often am i meant to get these done".
  static constexpr std::string_view kEvery = "every ";
  for (std::size_t pos = out.find(kEvery); pos != std::string::npos;
       pos = out.find(kEvery, pos + kEvery.size())) {
    const std::size_t next = pos + kEvery.size();
    if ((pos > 0 && IsWordByte(static_cast<unsigned char>(out[pos - 1]))) || next >= out.size() ||
        std::isdigit(static_cast<unsigned char>(out[next])) == 0) {
      continue;
    }
    out.insert(pos, "frequency ");
    pos += std::string_view{"frequency "}.size();
  }
  // A share or an amount off is a discount ("you get 15% off food with a range card", "takes 12p
  // off every kWh", "£5 off your first order").
  static constexpr std::string_view kOff = " off";
  for (std::size_t pos = out.find(kOff); pos != std::string::npos;
       pos = out.find(kOff, pos + kOff.size())) {
    const std::size_t end = pos + kOff.size();
    if (end < out.size() && IsWordByte(static_cast<unsigned char>(out[end]))) continue;
    const std::size_t start = out.rfind(' ', pos == 0 ? 0 : pos - 1);
    const std::size_t from = start == std::string::npos ? 0 : start + 1;
    const std::string_view amount = std::string_view{out}.substr(from, pos - from);
    const bool digits = std::ranges::any_of(
        amount, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    if (!digits || !(amount.ends_with('%') || amount.ends_with('p') ||
                     amount.starts_with("\u00a3") || amount.starts_with('$'))) {
      continue;
    }
    // (Money taken off someone, or off their card, is a charge: "the app took £11 off me", "£500
    // off my card"; "£5 off my first order" is still a discount.)
    auto word_at = [&](std::size_t at) {
      at = std::min(at, out.size());
      const std::size_t to = std::min(out.find(' ', at), out.size());
      return std::string_view{out}.substr(at, to - at);
    };
    const std::string_view next = word_at(end + 1);
    static const std::unordered_set<std::string_view> kPayers = {"me", "us", "him", "them"};
    static const std::unordered_set<std::string_view> kOwners = {"my", "our", "his", "her",
                                                                 "their"};
    static const std::unordered_set<std::string_view> kAccounts = {"card", "account", "bank"};
    if (kPayers.contains(next) ||
        (kOwners.contains(next) && kAccounts.contains(word_at(end + 2 + next.size())))) {
      continue;
    }
    out.insert(end, " discount");
  }
  DropWhatIsSetAside(out);
  static const std::vector<std::pair<std::string_view, std::string_view>> kPhrases = {
      // Contractions whose apostrophe-less forms are other words ("we'll" is "well", "she'd"
      // "shed", "we'd" "wed"); "i'd" is a stop word as it is, and phrases below use it.
      {"we'll", "we will"},
      {"you'll", "you will"},
      {"they'll", "they will"},
      {"he'll", "he will"},
      {"she'll", "she will"},
      {"it'll", "it will"},
      {"i'll", "i will"},
      // Chat's "n" is "and" ("how much is that n does she get fed"): two questions. (A comma
      // may follow it, MarkUnpunctuatedQuestions.)
      {"n ", "and "},
      {"n,", "and,"},
      // Taking on new patients or pupils is registering them ("r u taking on new kids atm").
      {"taking on new", "registering new"},
      {"take on new", "register new"},
      // A boat's words: radioing ahead is calling before arriving, what a night is is its price
      // ("whats a night with you"), hauling out is a lift-out, plugging into the mains is shore
      // power ("and plugging into the mains on top?"), and what a boat draws is its draught
      // ("whats the depth like at low water, she draws 1.9m").
      {"radio ahead", "call before arriving"},
      {"whats a night", "how much is a night"},
      {"what's a night", "how much is a night"},
      {"hauled out", "lift-out"},
      {"haul out", "lift-out"},
      {"plugging into the mains", "shore power"},
      {"plug into the mains", "shore power"},
      {"she draws", "her draught is"},
      {"he draws", "his draught is"},
      {"it draws", "its draught is"},
      // An hour's short forms ("you and the van per hr").
      {"hr ", "hour "},
      {"hrs ", "hours "},
      {"hr?", "hour?"},
      {"hrs?", "hours?"},
      {"hr,", "hour,"},
      {"hrs,", "hours,"},
      // A chipped tooth (or windscreen) is broken, not microchipped ("chipped her front tooth");
      // "is he chipped" stays a microchip.
      {"chipped her ", "broke her "},
      {"chipped his ", "broke his "},
      {"chipped my ", "broke my "},
      {"chipped a ", "broke a "},
      {"chipped the ", "broke the "},
      {"chipped tooth", "broken tooth"},
      {"chipped teeth", "broken teeth"},
      // A bottle of red, white or rose is wine ("can we bring a bottle of red along").
      {"bottle of red", "bottle of wine"},
      {"bottle of white", "bottle of wine"},
      {"bottle of rose", "bottle of wine"},
      // "quick one," leads in ("hiya quick one, i booked ...").
      {"quick one,", ","},
      // Being fed is having a meal ("does she get fed").
      {"get fed", "get a meal"},
      {"gets fed", "gets a meal"},
      {"be fed", "have a meal"},
      {"that'll", "that will"},
      {"there'll", "there will"},
      {"nobody'll", "nobody will"},
      {"we'd", "we would"},
      {"you'd", "you would"},
      {"they'd", "they would"},
      {"he'd", "he would"},
      {"she'd", "she would"},
      {"it'd", "it would"},
      // Next-day and same-day are each one word: "next" and "same" are stop words, and "day"
      // alone tells the two services apart no better than any other day.
      {"next-day", "nextday"},
      {"next day", "nextday"},
      {"same-day", "sameday"},
      {"same day", "sameday"},
      // Locked out (of an account or a home) is a lock-out; a lock is not ("locked" would stem
      // to "lock" and turn every lock of a locksmith's knowledge into a login).
      {"locked out", "lockout"},
      {"locked myself out", "lockout"},
      {"locked ourselves out", "lockout"},
      {"locked me out", "lockout"},
      // Having just moved in is being new there ("just moved into a semi"), not moving a visit.
      {"just moved into", "new in"},
      {"just moved in", "new in"},
      {"recently moved into", "new in"},
      // Moving out of a home is vacating it ("im moving out of my rented flat end of the month"),
      // not moving a booking.
      {"moving out", "vacating"},
      {"move out", "vacate"},
      {"moved out", "vacated"},
      {"moving house", "moving address"},
      // A sofa's seats are its size: "a three-seater sofa" is "a 3 seat sofa".
      {"seaters", "seat"},
      {"seater", "seat"},
      // An open-plan room is one room, not opening hours or a plan ("one of them open plan
      // kitchen lounge things").
      {"open plan", "openplan"},
      {"open-plan", "openplan"},
      {"moving home", "moving address"},
      {"move house", "move address"},
      {"new house", "new address"},
      {"new home", "new address"},
      {"take it with me", "transfer it"},
      {"my broadband with me", "my broadband transfer"},
      {"my service with me", "my service transfer"},
      {"my plan with me", "my plan transfer"},
      {"how much extra", "how much"},
      {"how much more", "how much"},
      {"how much additional", "how much"},
      {"leave the room", "checkout"},
      {"vacate the room", "checkout"},
      {"how long", "how long duration"},
      {"how many days", "how duration"},
      {"how much time", "how long duration"},
      {"how often", "how often frequency"},
      {"once a year", "frequency once a year"},
      {"twice a year", "frequency twice a year"},
      {"how quickly", "how duration"},
      {"how quick", "how quick duration"},
      // Being well is health, not the well of "well-behaved" ("his mum hasnt been well").
      {"hasnt been well", "has been unwell"},
      {"hasn't been well", "has been unwell"},
      {"not been well", "been unwell"},
      {"not well", "unwell"},
      {"been well", "been healthy"},
      // "fair enough" agrees; it asks nothing fair.
      {"fair enough", "ok"},
      // "ill" before a verb is "I'll" typed without its apostrophe, not being ill ("fair enough
      // ill put it in mine then").
      {"ill put ", "i will put "},
      {"ill be ", "i will be "},
      {"ill have ", "i will have "},
      {"ill get ", "i will get "},
      {"ill take ", "i will take "},
      {"ill go ", "i will go "},
      {"ill bring ", "i will bring "},
      {"ill come ", "i will come "},
      {"ill book ", "i will book "},
      {"ill need ", "i will need "},
      {"ill pay ", "i will pay "},
      {"ill just ", "i will just "},
      {"ill probably ", "i will probably "},
      {"ill let ", "i will let "},
      {"ill check ", "i will check "},
      {"ill try ", "i will try "},
      {"ill do ", "i will do "},
      {"ill see ", "i will see "},
      {"ill ask ", "i will ask "},
      {"ill send ", "i will send "},
      {"ill give ", "i will give "},
      {"ill pop ", "i will pop "},
      {"ill drop ", "i will drop "},
      {"ill ring ", "i will ring "},
      {"ill call ", "i will call "},
      {"ill email ", "i will email "},
      {"ill text ", "i will text "},
      {"ill wait ", "i will wait "},
      {"ill leave ", "i will leave "},
      {"ill sort ", "i will sort "},
      {"ill look ", "i will look "},
      {"ill think ", "i will think "},
      // Whether one pays for something asks whether it is free, as "have to pay" does below ("do
      // i pay extra for u to come and get it or is that included"); how one pays still asks how.
      {"how do i pay", "how to pay"},
      {"how do we pay", "how to pay"},
      {"do i pay extra", "is it free"},
      {"do we pay extra", "is it free"},
      {"do i pay for", "is it free for"},
      {"do we pay for", "is it free for"},
      // Having no time for something asks no time ("dont have time to sit in a launderette"),
      // and getting the room is checking in ("what time can we get the room").
      {"have time to", "want to"},
      {"get time to", "want to"},
      {"no time to", "want to"},
      {"get the room", "check in"},
      {"get our room", "check in"},
      {"get into the room", "check in"},
      {"get into our room", "check in"},
      // Coming back again after a first visit is a follow-up ("if i need to keep comin back after
      // that how much are the other ones": the follow-up sessions).
      {"keep coming back", "follow up"},
      {"keep comin back", "follow up"},
      {"keep going back", "follow up"},
      {"need to come back", "need follow up"},
      // Going missing is being lost, not missing a slot ("what if something of mine went
      // missing at your end": the lost items, not the missed-collection fee); "at your end" is no
      // end.
      {"went missing", "got lost"},
      {"gone missing", "got lost"},
      {"goes missing", "gets lost"},
      {"go missing", "get lost"},
      {"going missing", "getting lost"},
      {"at your end", ""},
      // Who looks after children, and how many to each adult, is the staff ratio ("who actually
      // looks after them, like how many kids to each grown up").
      {"looks after them", "staff"},
      {"look after them", "staff"},
      {"looking after them", "staff"},
      {"how many kids to each", "ratio"},
      {"how many children to each", "ratio"},
      {"how many kids per", "ratio"},
      {"how many children per", "ratio"},
      // What one has with one is what one brings ("what should they have with them in their
      // bags"); being given lunch is getting it.
      {"have with them", "bring"},
      {"have with him", "bring"},
      {"have with her", "bring"},
      {"have with me", "bring"},
      {"bring in their bags", "bring"},
      {"bring in his bag", "bring"},
      {"bring in her bag", "bring"},
      {"get given", "get"},
      // How many a place fits is what it holds ("how many people can u actually fit in": "holds
      // up to 180"), and squeezing in is fitting in ("how many of us can we squeeze in there").
      {"squeeze in", "fit in"},
      {"can u actually fit in", "can you hold"},
      {"can you actually fit in", "can you hold"},
      {"can u fit in", "can you hold"},
      {"can you fit in", "can you hold"},
      {"can we fit in", "can you hold"},
      // A charger and a charging port are where the power goes in, not a charge to pay ("the hole
      // where the charger go is loose": the charging port repair).
      {"charging port", "socket port"},
      {"charger port", "socket port"},
      {"charging point", "socket point"},
      {"chargers", "sockets"},
      {"charger", "socket"},
      // What is paid on top is extra ("and how much is that on top"); the phrases of paying on
      // top above come first.
      {"is that on top", "is that"},
      {"are they on top", "are they"},
      {"is it on top", "is it"},
      // A tyre that keeps going down is going flat ("the tyre in the front is going down slow
      // every week": the puncture repair, not a connection that is down).
      {"going down slow", "going flat"},
      {"keeps going down", "keeps going flat"},
      {"tyre is going down", "tyre is going flat"},
      {"tyre going down", "tyre going flat"},
      {"tyres going down", "tyres going flat"},
      // Pitch dark is blacked out ("nothing fancy just needs to keep it pitch dark": the blackout
      // blinds).
      {"pitch dark", "blackout"},
      {"pitch black", "blackout"},
      {"keep the light out", "blackout"},
      {"block out the light", "blackout"},
      {"block the light out", "blackout"},
      // Putting blinds or shelves up is fitting them ("is putting them up extra on top").
      {"putting them up", "fitting them"},
      {"put them up", "fit them"},
      // Staying open later is opening late ("do you ever stay open later"); after work is late
      // in the day ("any chance of getting in after work").
      {"stay open later", "open late"},
      {"stay open late", "open late"},
      {"open any later", "open late"},
      {"open later", "open late"},
      {"after work", "late"},
      // See-through is clear ("those see through brace things": the clear aligners).
      {"see through", "clear"},
      {"see-through", "clear"},
      // A plane is a flight, not a plan ("do i carry it on the plane" is no question of a package
      // the stemmer would read as "plan").
      {"planes ", "flights "},
      {"plane ", "flight "},
      // When the business is shut it is closed ("if it starts hurting on sunday when your shut
      // who am i supposed to ring"); being knocked out for treatment is sedation.
      {"when your shut", "when you're closed"},
      {"when youre shut", "when you're closed"},
      {"when you're shut", "when you're closed"},
      {"when ur shut", "when you're closed"},
      {"knocked out", "sedation"},
      // Too many of us is too many people ("... all want to come along, is that gonna be too
      // many of us").
      {"too many of us", "too many people"},
      // Going round to see a place is a viewing ("when can we actually go round and see it").
      {"go round and see", "view"},
      {"come round and see", "view"},
      {"go and see it", "view it"},
      {"come and see it", "view it"},
      // Taking care of a property for someone is managing it ("what would you charge to take
      // care of the whole lot for me").
      {"take care of", "manage"},
      {"taking care of", "managing"},
      // Working days count time, not work ("were both at work til 6" is no question of
      // "referencing takes 3 working days").
      {"working days", "business days"},
      {"working day", "business day"},
      // A flat charge is a fixed one, no flat to live in or flat tyre ("a flat £35 fitting
      // charge" is no answer to "in the flat there is none").
      {"a flat £", "a fixed £"},
      {"flat fee", "fixed fee"},
      {"flat rate", "fixed rate"},
      {"flat charge", "fixed charge"},
      // One-to-one time is a private session ("some 1 to 1 time with a teacher").
      {"one-to-one", "private"},
      {"one to one", "private"},
      {"1-to-1", "private"},
      {"1 to 1", "private"},
      {"one on one", "private"},
      {"one-on-one", "private"},
      {"1 on 1", "private"},
      {"just for me", "private"},
      {"just for us", "private"},
      // Anyone about is staff ("if im coming in at silly o'clock is there actually anyone
      // about": "the gym is staffed from 7am to 9pm").
      {"anyone about", "staff"},
      {"anybody about", "staff"},
      {"anyone around", "staff"},
      {"anybody around", "staff"},
      // Silly o'clock is an hour nobody keeps (of opening or staffed hours).
      {"silly o'clock", "hours"},
      {"silly oclock", "hours"},
      // How long something is built to last is its guarantee ("how long are they built to last").
      {"built to last", "guaranteed"},
      // Finding what is wrong is a diagnosis ("plug it into the computer to find whats wrong").
      {"find out whats wrong", "diagnostic"},
      {"find out what's wrong", "diagnostic"},
      {"find whats wrong", "diagnostic"},
      {"find what's wrong", "diagnostic"},
      {"see whats wrong", "diagnostic"},
      {"see what's wrong", "diagnostic"},
      // The difference in price between two things asks both their prices ("whats the difference
      // in price between the little service and the big one": not a price "between £320 and
      // £480").
      {"difference in price between", "price of"},
      {"difference in cost between", "price of"},
      {"price difference between", "price of"},
      {"difference between", "about"},
      // A loan car is a courtesy car ("can i have a loan car while mines in with you", "will I have
      // a car while mine is in").
      {"loan car", "courtesy car"},
      {"loaner car", "courtesy car"},
      {"a loaner", "a courtesy car"},
      {"replacement car", "courtesy car"},
      {"a car while", "a courtesy car while"},
      // A full week or day is a week or day: "full" is no topic ("whats a full week going to set
      // us back": the week's hire, not what is "charged in full").
      {"a full week", "a week"},
      {"a full day", "a day"},
      {"how soon", "how duration"},
      {"how fast", "how duration"},
      // A first-timer is new to it ("I've never had it coloured before").
      {"i've never had", "i'm new to"},
      {"ive never had", "im new to"},
      {"i have never had", "i am new to"},
      {"we've never had", "we're new to"},
      {"never been to you", "new"},
      {"never done it before", "new to it"},
      {"never done this before", "new to it"},
      {"never tried it before", "new to it"},
      // ... and one who has never done any of it has no experience of it ("has never done any
      // actual coding": "no coding experience is needed").
      {"never done any", "no experience of any"},
      {"never done much", "no experience of much"},
      // Children who already know it all are experienced.
      {"already know it all", "experienced"},
      {"never been here", "new"},
      {"my first time", "new"},
      {"our first time", "new"},
      {"whereabouts", "where"},
      {"look round", "visit"},
      {"look around", "visit"},
      {"fussy eater", ""},
      {"picky eater", ""},
      {"pay anything upfront", "deposit"},
      {"pay anything up front", "deposit"},
      {"pay anything in advance", "deposit"},
      {"come to my work", "home visit"},
      {"come to my office", "home visit"},
      {"come to me", "home visit"},
      {"come to mine", "home visit"},
      {"come to ours", "home visit"},
      // Sending something to someone is delivering it ("send some flowers to my mum").
      {"send some ", "deliver some "},
      {"send flowers", "deliver flowers"},
      {"she lives in ", ""},
      {"he lives in ", ""},
      {"they live in ", ""},
      {"lives in ", ""},
      {"is struggling with ", ""},
      {"struggling with ", ""},
      {"we're thinking about ", ""},
      {"i'm thinking about ", ""},
      {"thinking about ", ""},
      {"thinking of doing ", ""},
      {"thinking of ", ""},
      // A ferry's foot passengers walk on ("just 2 of us walking on, no car"), and a single is
      // one way; going across is the crossing.
      {"walking on,", "foot passengers,"},
      {"walk on,", "foot passenger,"},
      {"walk-on", "foot passenger"},
      {"one way", "single"},
      {"one-way", "single"},
      {"go across", "crossing"},
      {"get across", "crossing"},
      {"blowing a gale", "bad weather"},
      // A run-flat tyre is one kind of tyre, no flat one ("the front left is totally flat": the
      // puncture, not the run-flats), and a tyre too far gone is worn out.
      {"run-flat", "runflat"},
      {"run flat", "runflat"},
      {"too far gone", "worn out"},
      // A rate of success is no price ("our toughest room with an escape rate of just 18%").
      {"escape rate", "escape ratio"},
      {"success rate", "success ratio"},
      {"pass rate", "pass ratio"},
      // Money being tight says why the customer asks, no topic ("whats the cheapest tyre
      // youve got, money is tight this month": not the 12-month guarantee, nor a size).
      {"money is tight this month", ""},
      {"money is tight", ""},
      {"money's tight", ""},
      {"moneys tight", ""},
      {"money is a bit tight", ""},
      // A family photoshoot is a portrait session.
      {"family photoshoot", "family portrait session"},
      {"family photo shoot", "family portrait session"},
      {"family shoot", "family portrait session"},
      // A tyre that is flat is punctured ("the front left is totally flat").
      {"totally flat", "punctured"},
      {"completely flat", "punctured"},
      {"gone flat", "punctured"},
      {"tyre is flat", "tyre is punctured"},
      {"left is flat", "left is punctured"},
      {"right is flat", "right is punctured"},
      // A watch to swim in is a waterproof one ("can u check its still ok to swim in").
      {"ok to swim in", "waterproof"},
      {"okay to swim in", "waterproof"},
      {"safe to swim in", "waterproof"},
      {"swim with it", "waterproof"},
      // Staying signed up is keeping a membership ("is there a minimum i have to stay signed up
      // for").
      {"stay signed up", "keep the membership"},
      // The least one has to stay for is a minimum term (a contract, below).
      // (MarkUnpunctuatedQuestions may have put a comma in: "is there a minimum, i have to".)
      {"a minimum i have to", "a minimum term i have to"},
      {"a minimum we have to", "a minimum term we have to"},
      {"a minimum, i have to", "a minimum term i have to"},
      {"a minimum, we have to", "a minimum term we have to"},
      // An Apple Watch or a Fitbit is a smartwatch, whatever else Apple makes.
      {"apple watch", "apple smartwatch"},
      {"galaxy watch", "galaxy smartwatch"},
      {"fitbit", "fitbit smartwatch"},
      // Once a repair is done is when the question is for, no topic of its own ("once its fixed
      // can u check its still ok to swim in").
      {"once its fixed ", ""},
      {"once it's fixed ", ""},
      {"once its done ", ""},
      {"once it's done ", ""},
      // Today, asked of a call-out, is the same day ("is today possible?").
      {"is today possible", "is sameday possible"},
      {"come today", "come sameday"},
      {"come out today", "come out sameday"},
      {"someone out today", "someone out sameday"},
      {"somebody out today", "somebody out sameday"},
      {"an engineer out today", "an engineer out sameday"},
      // Tonight, asked of a call-out, is one out of hours ("can someone come out tonight and what
      // will it cost us?").
      {"come out tonight", "come out for an emergency callout"},
      {"someone out tonight", "someone out for an emergency callout"},
      {"somebody out tonight", "somebody out for an emergency callout"},
      {"anyone out tonight", "anyone out for an emergency callout"},
      {"an engineer out tonight", "an engineer out for an emergency callout"},
      // Until what time is what time, until ("is that ok and til wat time r u open").
      {"til what time", "what time till"},
      {"til wat time", "wat time till"},
      {"till what time", "what time till"},
      {"till wat time", "wat time till"},
      {"until what time", "what time until"},
      // Proper food is food ("is there any proper food or is it just crisps").
      {"any proper ", "any "},
      {"proper food", "food"},
      // "is that ok and ..." asks two things ("is that ok and til wat time r u open").
      {"is that ok and ", "is that ok? "},
      {"is that okay and ", "is that okay? "},
      {"is that alright and ", "is that alright? "},
      // "just wondering what ..." asks it ("just wondering what days u deliver on").
      {"just wondering what", "what"},
      {"just wondering when", "when"},
      {"just wondering how", "how"},
      {"just wondering if", "can i ask if"},
      // A hearing clinic's words: checked over is tested, coming round to someone's home is a
      // home visit, an aid sent off is sent for repair, and the ones charged up are the
      // rechargeable ones.
      {"checked over", "tested"},
      {"check over", "test"},
      {"come round to his", "home visit"},
      {"come round to hers", "home visit"},
      {"come round to mine", "home visit"},
      {"come round to ours", "home visit"},
      {"come round to theirs", "home visit"},
      {"has to be sent off", "has to go for repair"},
      {"needs to be sent off", "needs to go for repair"},
      {"ones you charge up", "rechargeable ones"},
      {"ones that charge up", "rechargeable ones"},
      // "and for two?" after a price asks the price for two.
      {"and for two?", "and how much for two?"},
      {"and for 2?", "and how much for 2?"},
      {"and for three?", "and how much for three?"},
      {"and for four?", "and how much for four?"},
      {"and for five?", "and how much for five?"},
      {"and for six?", "and how much for six?"},
      // Booking weeks ahead is booking in advance, and cars that turn up and queue have not
      // booked ("how far in advance can u book", "can we just rock up on the day").
      {"weeks ahead", "weeks in advance"},
      {"months ahead", "months in advance"},
      {"days ahead", "days in advance"},
      {"turn up and queue", "walk-in and queue"},
      // Telling the business beforehand is notice ("do i need to tell you hes coming": "tell us
      // at least 48 hours before you travel").
      {"do i need to tell you", "do i need to give notice"},
      {"do i have to tell you", "do i have to give notice"},
      {"do we need to tell you", "do we need to give notice"},
      {"do we have to tell you", "do we have to give notice"},
      {"tell us at least", "give us notice at least"},
      // A number of times is how often, not a time of day ("a coach for a few times").
      {"a few times", "a few"},
      {"a couple of times", "a couple"},
      {"several times", "several"},
      {"we're away", ""},
      {"we are away", ""},
      {"i'm away", ""},
      {"i am away", ""},
      {"11+", "11 plus"},
      {"first timers", "beginners"},
      {"first-timers", "beginners"},
      {"first timer", "beginner"},
      {"leave a deposit", "deposit"},
      {"pay a deposit", "deposit"},
      {"put down a deposit", "deposit"},
      // The last of something in a day is when it closes ("what time is your last game").
      {"what time is your last", "what time is your closing"},
      {"what time is the last", "what time is the closing"},
      {"when is your last", "when is your closing"},
      {"when is the last", "when is the closing"},
      {"fill it up", "fuel"},
      {"fill up", "fuel"},
      {"top it up", "fuel"},
      {"drop it off", "dropoff it"},
      {"drop them off", "dropoff them"},
      {"drop off", "dropoff"},
      {"move our booking", "rebook"},
      {"move my booking", "rebook"},
      {"move the booking", "rebook"},
      {"change our booking", "rebook"},
      {"change my booking", "rebook"},
      {"change the booking", "rebook"},
      // Anything extra to pay asks whether there is a charge.
      {"anything extra to pay on top", "any charge"},
      {"anything extra to pay", "any charge"},
      {"anything to pay on top", "any charge"},
      {"extra to pay", "a charge"},
      // Nipping out is popping out ("can i nip to the chippy while its going round").
      {"nip to the", "pop out to the"},
      {"nip out", "pop out"},
      {"nip off", "pop out"},
      // Bringing things back to people is delivering them ("do you bring stuff back to people?
      // we're only round the corner"; see also "bring it round").
      {"bring stuff back to", "deliver to"},
      {"bring things back to", "deliver to"},
      {"bring it back to", "deliver it to"},
      {"bring them back to", "deliver them to"},
      {"round the corner", "nearby"},
      // Bailing on a booking is cancelling it ("if it turns out we're rubbish and want to bail").
      {"want to bail", "want to cancel"},
      // A temp asked about or had is a temperature ("what temp do you send them home at").
      {"what temp ", "what temperature "},
      {"what temp,", "what temperature,"},
      {"what temp?", "what temperature?"},
      {"a temp of", "a temperature of"},
      {"a high temp", "a high temperature"},
      {"his temp", "his temperature"},
      {"her temp", "her temperature"},
      // A sea too rough to sail is bad weather ("what happens if its too rough to go out").
      {"too rough", "bad weather"},
      // "is it possible to bring them more early": can they come earlier.
      {"is it possible to", "can we"},
      {"is it possible for", "can"},
      {"more early", "earlier"},
      // Being in is being at home ("do we have to be in on the day").
      {"have to be in on", "have to be at home on"},
      {"need to be in on", "need to be at home on"},
      {"have to be in for", "have to be at home for"},
      {"need to be in for", "need to be at home for"},
      {"have to be in when", "have to be at home when"},
      {"need to be in when", "need to be at home when"},
      {"have to be home", "have to be at home"},
      {"need to be home", "need to be at home"},
      // What turns out to be so is only so ("if it turns out the whole thing has to come down").
      {"it turns out", "it is that"},
      // A tree that has to come down is felled ("if the whole thing has to come down").
      {"has to come down", "has to be felled"},
      {"have to come down", "have to be felled"},
      {"needs to come down", "needs to be felled"},
      {"need to come down", "need to be felled"},
      {"needs taking down", "needs felling"},
      {"need taking down", "need felling"},
      // Weather called rubbish or worse is bad weather ("wat happens if the weathers rubbish").
      {"weathers rubbish", "weather is bad"},
      {"weather is rubbish", "weather is bad"},
      {"weathers awful", "weather is bad"},
      {"weather is awful", "weather is bad"},
      {"weathers terrible", "weather is bad"},
      {"weather is terrible", "weather is bad"},
      {"weathers horrible", "weather is bad"},
      {"weather is horrible", "weather is bad"},
      {"weathers grim", "weather is bad"},
      {"weather is grim", "weather is bad"},
      {"weathers crap", "weather is bad"},
      {"weather is crap", "weather is bad"},
      {"weathers bad", "weather is bad"},
      {"weather's rubbish", "weather is bad"},
      {"weather's awful", "weather is bad"},
      {"weather's terrible", "weather is bad"},
      {"weather's bad", "weather is bad"},
      {"rubbish weather", "bad weather"},
      {"awful weather", "bad weather"},
      {"terrible weather", "bad weather"},
      {"horrible weather", "bad weather"},
      {"rough sea", "bad weather"},
      // A pass or a voucher that runs out expires ("how long do they last before they run out").
      {"they run out", "they expire"},
      {"it runs out", "it expires"},
      {"does it run out", "does it expire"},
      // Weather that is freezing out is cold ("its freezing out": no "free" to look up).
      {"freezing out", "cold"},
      {"freezing outside", "cold"},
      // Being freezing is being cold, no "free" ("im absolutely freezing"; freezing a
      // membership stays a freeze).
      {"freezing cold", "cold"},
      {"absolutely freezing", "cold"},
      {"im freezing", "im cold"},
      {"i'm freezing", "i'm cold"},
      {"its freezing", "its cold"},
      {"it's freezing", "it's cold"},
      // Pits, as customers say it, are underarms ("shaving my pits every day").
      {"armpits", "underarms"},
      {"armpit", "underarm"},
      {"my pits", "my underarms"},
      {"her pits", "her underarms"},
      // Walking with a stick, a frame or crutches is a need of mobility ("she walks with a stick,
      // is it easy for her to get down to the sauna": the boardwalk and the ramp).
      {"walks with a stick", "mobility"},
      {"walk with a stick", "mobility"},
      {"walking stick", "mobility"},
      {"uses a stick", "mobility"},
      {"on crutches", "mobility"},
      {"walking frame", "mobility"},
      {"zimmer frame", "mobility"},
      // Someone watching over bathers supervises them.
      // Staying by a child, or leaving them, asks about supervision ("do i have to hang around
      // while hes there or can i drop him off", "do i have to go in with them").
      // Whether someone may be near the work asks whether they must be kept away ("is it ok for
      // them to be near when your men build the tents": "Children under 12 must be kept away").
      {"to be near", "to be kept away"},
      // Doing something to a place before the business comes is preparing it.
      {"need to do anything to", "need to prepare"},
      {"have to do anything to", "have to prepare"},
      {"hang around", "supervision"},
      {"go in with them", "supervision"},
      {"go in with him", "supervision"},
      {"go in with her", "supervision"},
      {"drop him off", "supervision"},
      {"drop her off", "supervision"},
      {"someone watching", "supervision"},
      {"somebody watching", "supervision"},
      {"anyone watching", "supervision"},
      {"anybody watching", "supervision"},
      // Who pushes a wheelchair user is their carer ("does whoever pushes him have to pay as
      // well", "if im the one pushing her").
      {"pushes him", "carer"},
      {"pushes her", "carer"},
      {"pushing him", "carer"},
      {"pushing her", "carer"},
      {"push him", "carer"},
      {"push her", "carer"},
      // "last" before a unit of time tells when, like "ago": no topic ("since his stroke last
      // year").
      {"last year", "a year ago"},
      {"last month", "a month ago"},
      {"last week", "a week ago"},
      // "gov" is the government, and the free hours of childcare are its funded hours ("our code
      // through from the gov website for the free hours thing").
      {"gov ", "government "},
      {"gov.", "government."},
      {"govt ", "government "},
      {"free hours", "funded hours"},
      // Getting a child or a pet used to a place is settling them in ("how do u get them used to
      // being there without me").
      {"get them used to", "settle them into"},
      {"get him used to", "settle him into"},
      {"get her used to", "settle her into"},
      {"getting used to", "settling into"},
      {"get used to", "settle into"},
      // To price a job up is to quote for it ("get someone round to have a look and price it
      // up").
      {"price it up", "quote for it"},
      {"price it all up", "quote for it"},
      {"price up ", "quote for "},
      {"price the job", "quote for the job"},
      // A trip abroad is travel ("we're off to Thailand in March").
      {"off to ", "travelling to "},
      {"trip to ", "travel to "},
      {"going abroad", "travelling abroad"},
      // How early to ask is the notice needed ("how far ahead do I need to order"), still asked
      // ("... something comes up how much notice do i have to give u").
      {"how far ahead", "what notice"},
      {"how far in advance", "what notice"},
      {"how much notice", "what notice"},
      {"how early", "what notice"},
      {"would love", "want"},
      {"on site", ""},
      {"onsite", ""},
      // A plan told of is the story ("we're planning a birthday meal"), not a subscription plan.
      {"we're planning", ""},
      {"we are planning", ""},
      {"i'm planning", ""},
      {"i am planning", ""},
      {"planning on", ""},
      {"planning to", ""},
      {"something's come up", ""},
      // How often a service comes: regularly.
      {"once a week", "regular"},
      {"every week", "regular"},
      {"once a fortnight", "regular"},
      {"every fortnight", "regular"},
      {"every other week", "regular"},
      {"and stuff", ""},
      // Whether something will be a problem with a thing asks about the thing ("is that going
      // to be a problem with the medical stuff").
      {"be a problem with ", ""},
      {"be an issue with ", ""},
      // "The medical stuff" is the medical side of things, not anyone's belongings.
      {"medical stuff", "medical"},
      {"health stuff", "health"},
      {"insurance stuff", "insurance"},
      {"paperwork stuff", "paperwork"},
      {"safety stuff", "safety"},
      {"legal stuff", "legal"},
      {"admin stuff", "admin"},
      {"and things", ""},
      // Being out when the service comes is not being home.
      {"won't be in", "not home"},
      {"wont be in", "not home"},
      {"won't be home", "not home"},
      {"wont be home", "not home"},
      {"won't be there", "not home"},
      {"cannot be at the house", "not home"},
      {"can't be at the house", "not home"},
      {"cant be at the house", "not home"},
      {"cannot be at the property", "not home"},
      {"can't be at the property", "not home"},
      {"cant be at the property", "not home"},
      {"won't be at the house", "not home"},
      {"wont be at the house", "not home"},
      {"be at work", "not home"},
      {"be out at work", "not home"},
      {"i work ", ""},
      {"we both work ", ""},
      {"we work ", ""},
      {"during the day", ""},
      {"something has come up", ""},
      {"deep clean", "clean"},
      {"deep-clean", "clean"},
      {"spring clean", "clean"},
      {"background checked", "vetted"},
      {"background checks", "vetting"},
      {"background check", "vetting"},
      // Vetted is checked ("are your magicians properly vetted": "every entertainer holds an
      // enhanced DBS certificate" answers "Are your entertainers checked").
      {"vetted", "checked"},
      // Space asked for as "place" by a learner of English ("how much place you need").
      {"how much place", "how much space"},
      // Nipping round is a visit ("could someone nip round at lunch to let him out").
      {"nip round", "visit"},
      {"nip in", "visit"},
      // On one's own is alone ("would the dogs be on there own much during the day"), and by
      // oneself is solo ("could he go out just by himself": the solo walks).
      {"on their own", "alone"},
      {"on there own", "alone"},
      {"on his own", "alone"},
      {"on her own", "alone"},
      {"by himself", "solo"},
      {"by herself", "solo"},
      {"by themselves", "solo"},
      // That heat is hot weather ("do you still take them out in that heat"; not "heating", nor
      // "keeps the heat in").
      {"in that heat", "in that hot weather"},
      {"in this heat", "in this hot weather"},
      {"in the heat", "in the hot weather"},
      // Heat as asked for ("less spicy" is mild).
      {"less spicy", "mild"},
      {"not too spicy", "mild"},
      {"not spicy", "mild"},
      {"not too hot", "mild"},
      {"extra spicy", "hot"},
      {"more spicy", "hot"},
      // The size of a home ("a 3 bed semi") is told in bedrooms.
      {"1 bed ", "1 bedroom "},
      {"2 bed ", "2 bedroom "},
      {"3 bed ", "3 bedroom "},
      {"4 bed ", "4 bedroom "},
      {"5 bed ", "5 bedroom "},
      {"one bed ", "one bedroom "},
      {"two bed ", "two bedroom "},
      {"three bed ", "three bedroom "},
      {"four bed ", "four bedroom "},
      {"five bed ", "five bedroom "},
      {"1-bed ", "1 bedroom "},
      {"2-bed ", "2 bedroom "},
      {"3-bed ", "3 bedroom "},
      {"4-bed ", "4 bedroom "},
      {"5-bed ", "5 bedroom "},
      // Keeping one's things somewhere is storage.
      {"keep our stuff", "storage for our belongings"},
      {"keep my stuff", "storage for my belongings"},
      {"keep our things", "storage for our belongings"},
      {"keep my things", "storage for my belongings"},
      {"keep our furniture", "storage for our furniture"},
      {"keep my furniture", "storage for my furniture"},
      {"somewhere to keep", "storage for"},
      {"leave stuff there", "storage for our belongings"},
      {"leave our stuff", "storage for our belongings"},
      {"leave my stuff", "storage for my belongings"},
      {"leave our gear", "storage for our gear"},
      {"leave my gear", "storage for my gear"},
      // What is left to pay is the balance.
      {"pay the rest", "pay the balance"},
      {"the rest of the money", "the balance"},
      {"the remainder", "the balance"},
      // Someone coming to look at what is to be done is a survey.
      {"come round and look", "survey"},
      {"come round to look", "survey"},
      {"come and look", "survey"},
      {"come and have a look", "survey"},
      {"come out and look", "survey"},
      {"come round and have a look", "survey"},
      {"come out and have a look", "survey"},
      {"someone round to have a look", "survey"},
      {"someone out to have a look", "survey"},
      {"someone round to look", "survey"},
      {"someone out to look", "survey"},
      {"pop round and have a look", "survey"},
      {"pop round to", "come out to"},
      {"pop over to", "come out to"},
      {"pop round to have a look", "survey"},
      {"crash course", "intensive course"},
      // Calling a plan off is cancelling it ("if we have to call the whole thing off").
      {"call the whole thing off", "cancel"},
      {"call it all off", "cancel"},
      {"call it off", "cancel"},
      // How late one can come is when the business closes ("how late in the evening can you
      // take me out"); not "how late is my parcel".
      {"how late in the evening", "open in the evening"},
      {"how late in the day", "open until"},
      {"how late do you", "open until do you"},
      {"how late, do you", "open until, do you"},
      {"how late are you", "are you open until"},
      {"how late, are you", "are you open until"},
      {"where abouts are you", "where location"},
      {"where about are you", "where location"},
      {"whereabouts are you", "where location"},
      {"where are you based", "where location"},
      {"where are you located", "where location"},
      {"where are you", "where location"},
      {"your address", "your location"},
      {"what's the address", "where location"},
      {"whats the address", "where location"},
      {"what is the address", "where location"},
      // A fault, as customers tell it.
      {"not working", "broken"},
      {"stopped working", "broken"},
      {"isn't working", "broken"},
      {"doesn't work", "broken"},
      {"does not work", "broken"},
      {"doesnt work", "broken"},
      {"dont work", "broken"},
      {"don't work", "broken"},
      {"didnt work", "broken"},
      {"didn't work", "broken"},
      {"wont work", "broken"},
      {"won't work", "broken"},
      // A machine that packs in or conks out has broken down ("before it packs in").
      {"packs in", "broken"},
      {"packed in", "broken"},
      {"packs up", "broken"},
      {"conks out", "broken"},
      {"conked out", "broken"},
      // ... but sorting out parking or a space is arranging it.
      {"sort out parking", "arrange parking"},
      {"sort out the parking", "arrange the parking"},
      {"sort out a parking", "arrange a parking"},
      {"sort out a space", "arrange a parking space"},
      // What gets sorted is fixed ("when does it actually get sorted"); otherwise "sorted" is
      // taken care of, and no topic ("is the insurance sorted or do we need our own").
      {"get it sorted", "get it repaired"},
      {"get that sorted", "get that repaired"},
      {"get sorted", "get repaired"},
      {"sort that out", "repair that"},
      {"sort it out", "repair it"},
      // A presentation needs a meeting room, not a present ("somewhere we can do a quick
      // presentation first"); a place to oneself is exclusive ("the whole track to ourselves").
      {"presentation", "meeting"},
      {"to ourselves", "exclusive"},
      {"to themselves", "exclusive"},
      // Needing one's own thing back is a deadline, not something coming back ("i need it back to
      // ride home").
      {"need it back", "need it"},
      {"need them back", "need them"},
      // Coming to say hello to a pet or a guest staying is visiting them ("can i come say hello to
      // them sometimes").
      {"come say hello", "visit"},
      {"come and say hello", "visit"},
      {"pop in and say hello", "visit"},
      // Food from the vet is a prescription diet ("hes on a kidney food from the vet").
      {"food from the vet", "prescription diet"},
      // How long something lasts is how long it keeps ("how long does it last frozen": "it keeps
      // for up to 9 months").
      {"does it last", "does it keep"},
      {"do they last", "do they keep"},
      // Working out cheaper asks for a discount ("does a longer stay work out any cheaper", "if
      // we got all our bikes done the same day would it work out cheaper").
      {"work out cheaper", "discount"},
      {"work out any cheaper", "discount"},
      {"works out cheaper", "discount"},
      // Pets or guests who bunk in together share ("can they bunk in together").
      {"bunk in together", "share"},
      {"bunk together", "share"},
      // Coming to see the place is viewing it ("when can i come to see the place").
      {"see the place", "view"},
      // Colour on all the hair is a full head of it.
      {"on all the hair", "full head"},
      {"on all my hair", "full head"},
      // The pipe that comes down the side of a house is its downpipe.
      {"pipe coming down the side", "downpipe"},
      {"pipe down the side", "downpipe"},
      {"pipe that comes down the side", "downpipe"},
      // Several houses to call at are addresses ("can it pick them up from a few houses").
      {"few houses", "few addresses"},
      {"different houses", "different addresses"},
      {"put them right", "repair them"},
      {"put it right", "repair it"},
      // Going over the time booked is an extra hour ("if the grooms lot run late and we end up
      // going over our time").
      {"over our time", "over an extra hour"},
      {"over the time", "over an extra hour"},
      {"you sort it", "you repair it"},
      {"you lot sort it", "you lot repair it"},
      {"u sort it", "u repair it"},
      {"sort them out", "repair them"},
      {"sort out", "repair"},
      {"coming off", "broken"},
      {"came off", "broken"},
      {"falling apart", "broken"},
      {"fell apart", "broken"},
      {"coming apart", "broken"},
      {"came apart", "broken"},
      {"cutting out", "dropping"},
      {"cuts out", "drops"},
      // Waiting told of is lateness, not the "while you wait" of a service.
      {"been waiting", "late"},
      // Getting to someone is arriving: "when would it get to her?" (not "do we get to meet",
      // "get to use" or "get to hear", which the rules match at a word's start only).
      {"get to meet", "meet"},
      {"get to use", "use"},
      {"get to hear", "hear"},
      {"get to her", "arrive"},
      {"get to him", "arrive"},
      {"get to them", "arrive"},
      {"get to me", "arrive"},
      {"get to us", "arrive"},
      {"get here", "arrive"},
      {"gets here", "arrives"},
      {"get there", "arrive"},
      {"gets there", "arrives"},
      // How long someone will be here is how long the visit takes ("how long will your guy be
      // here for").
      {"be here for", "visit for"},
      {"be here", "arrive"},
      // Everyday British phrasings of a business's terms.
      {"your patch", "your area"},
      {"ur patch", "your area"},
      {"locked in for", "minimum term for"},
      {"tied in", "minimum term"},
      {"poorly", "ill"},
      // A temp is a temperature ("a horrible chesty cough and temp last week").
      {"and temp", "and a temperature"},
      {"a temp ", "a temperature "},
      {"high temp", "high temperature"},
      // Taking a turn (for the worse) is falling ill ("what happens if he takes a turn while hes
      // with you").
      {"takes a turn for the worse", "falls ill"},
      {"took a turn for the worse", "fell ill"},
      {"takes a turn", "falls ill"},
      {"took a turn", "fell ill"},
      {"take a turn", "fall ill"},
      // Not being able to fetch something is not collecting it ("what happens if i cant come and
      // get it": the uncollected items), not a missed appointment.
      {"can't come and get", "uncollected"},
      {"cant come and get", "uncollected"},
      {"cannot come and get", "uncollected"},
      {"can't come and collect", "uncollected"},
      {"cant come and collect", "uncollected"},
      {"can't collect", "uncollected"},
      {"cant collect", "uncollected"},
      {"don't collect", "uncollected"},
      {"dont collect", "uncollected"},
      {"do not collect", "uncollected"},
      {"never collect", "uncollected"},
      {"forget to collect", "uncollected"},
      {"can't come", "miss it"},
      {"cant come", "miss it"},
      {"cannot come", "miss it"},
      {"have a go first", "trial first"},
      // A have-a-go session is a taster ("me and my husband fancy trying it too").
      {"have-a-go", "taster"},
      {"have a go session", "taster session"},
      {"try it first", "trial first"},
      {"try it out first", "trial first"},
      {"pack it in", "stop"},
      {"packing it in", "stopping"},
      {"knocked off", "discount"},
      {"big lot", "group"},
      // When something will be ready is how long it takes ("when will it be ready to pick up").
      {"when will it be ready", "how long duration until it is ready"},
      {"when will they be ready", "how long duration until they are ready"},
      {"when will it be done", "how long duration until it is ready"},
      // Keeping something a while longer ("how long can i hang on to it": the hire period).
      {"hang on to", "keep"},
      {"hang onto", "keep"},
      {"hold on to", "keep"},
      {"hold onto", "keep"},
      // What is put on hold is paused ("can i put my membership on hold": the freeze).
      {"on hold", "paused"},
      // Going past a limit is needing extra ("and if i go over that?" after the hire period).
      {"if i go over", "if i need extra"},
      {"if we go over", "if we need extra"},
      {"if it goes over", "if it needs extra"},
      // Getting something to a customer is delivering it; wanting it back by tomorrow is the
      // express service.
      {"get one to me", "deliver one to me"},
      {"get one to us", "deliver one to us"},
      {"get it to me", "deliver it to me"},
      {"get it to us", "deliver it to us"},
      {"back by tomorrow", "back express"},
      {"ready by tomorrow", "ready express"},
      {"done by tomorrow", "done express"},
      // Coming out that far is travelling to the area covered ("were in haxby, do u come out that
      // far").
      {"come out that far", "travel so far to the area"},
      {"come that far", "travel so far to the area"},
      {"travel that far", "travel so far to the area"},
      // Proof of age is photo ID ("youll want proof of how old i am").
      {"proof of how old", "photo id how old"},
      {"proof of age", "photo id age"},
      {"proof of my age", "photo id age"},
      // "Just over the border into X" asks whether X is in the area covered.
      {"over the border", "area"},
      // Money taken off someone is a charge, not money off a price ("do you take money off us up
      // front for that": the deposit).
      {"take money off", "charge"},
      // A dent is damage (not a dentist).
      {"a dent ", "damage "},
      {"dents ", "damage "},
      {"dented", "damaged"},
      {"taking money off", "charging"},
      {"took money off", "charged"},
      {"money off", "discount"},
      // "is there owt off for having more than one": anything off, a discount.
      {"owt off", "a discount"},
      // Doing something without paying is doing it free ("the latest i can pull out without
      // paying anything").
      {"without paying", "free"},
      {"without being charged", "free"},
      {"without a charge", "free"},
      // (Not "turn anything off".)
      {"get anything off", "get a discount"},
      {"get something off", "get a discount"},
      {"anything off for", "a discount for"},
      {"something off for", "a discount for"},
      {"too old", "age limit"},
      {"too young", "age limit"},
      // Ending up with something is having it ("if i do end up needing specs"): no end.
      {"end up", ""},
      {"ends up", ""},
      {"ended up", ""},
      {"ending up", ""},
      // Grown up is adult, not full ("once hes full grown": not a full day).
      {"full grown", "adult"},
      {"fully grown", "adult"},
      {"full-grown", "adult"},
      // Doing the work oneself is DIY ("and if i did it all myself, mucking out and that").
      {"do it all myself", "diy"},
      {"did it all myself", "diy"},
      {"do it myself", "diy"},
      {"did it myself", "diy"},
      {"do it ourselves", "diy"},
      {"do it all ourselves", "diy"},
      {"do it yourself", "diy"},
      // Spreading the cost is paying in instalments ("can it be spread out somehow").
      {"spread the cost", "financing"},
      {"spread the payments", "financing"},
      {"spread it out", "financing"},
      {"be spread out", "be financing"},
      {"in one go", ""},
      {"in one time", ""},
      // Doing a business's books is bookkeeping ("whats the best thing to keep our books on").
      {"keep our books", "bookkeeping"},
      {"keep my books", "bookkeeping"},
      {"keep the books", "bookkeeping"},
      {"do our books", "bookkeeping"},
      {"do my books", "bookkeeping"},
      {"do the books", "bookkeeping"},
      {"doing the books", "bookkeeping"},
      // What is got over to a business is sent ("what do i need to get over to you").
      {"get over to you", "send you"},
      {"whats the damage for", "how much for"},
      // What it would be to do something is its price ("wat would it be to send them next day").
      {"what would it be to", "how much to"},
      {"wat would it be to", "how much to"},
      {"what would it be for", "how much for"},
      {"wat would it be for", "how much for"},
      // To store something is storage, not a shop ("do you store campervans over the winter").
      {"do you store", "do you do storage of"},
      {"can i store", "can i use storage for"},
      {"can we store", "can we use storage for"},
      // When a business shuts is its closing time (a door that won't shut is no opening hour).
      {"time do you shut", "closing time"},
      {"time do u shut", "closing time"},
      {"when do you shut", "closing time"},
      {"when do u shut", "closing time"},
      // What something will "set us back" is its price.
      {"set us back", "cost"},
      {"set me back", "cost"},
      {"set you back", "cost"},
      // ... and what it "comes to" ("how much would that come to").
      {"would that come to", "would that cost"},
      {"will that come to", "will that cost"},
      {"does that come to", "does that cost"},
      {"would it come to", "would it cost"},
      {"will it come to", "will it cost"},
      {"does it come to", "does it cost"},
      {"would it all come to", "would it all cost"},
      {"what's the damage for", "how much for"},
      // ... and so is the damage, alone ("which one would we need and whats the damage").
      {"whats the damage", "how much is it"},
      {"what's the damage", "how much is it"},
      {"what is the damage", "how much is it"},
      {"wats the damage", "how much is it"},
      // A fault or mark that comes back reappears ("and if it comes back after youve gone?" after
      // a stain).
      {"if it comes back", "if it reappears"},
      // Work that fails again soon after a repair is a comeback, which a guarantee covers ("they
      // fixed the deck and it packed up again 3 weeks later").
      {"packed up again", "was a comeback"},
      {"broke again", "was a comeback"},
      {"broken again", "was a comeback"},
      {"stopped working again", "was a comeback"},
      {"went wrong again", "was a comeback"},
      {"conked out again", "was a comeback"},
      {"failed again", "was a comeback"},
      {"if they come back", "if they reappear"},
      {"it came back", "it reappeared"},
      // Coming for something is collecting it ("what time do you come for it").
      {"come for it", "collect it"},
      {"come for them", "collect them"},
      {"come and get it", "collect it"},
      {"come back for it", "collect it"},
      {"come and pick it up", "collect it"},
      // ... and so is coming round to grab or get it ("if i wanted some1 to come round and grab
      // the parcels off me").
      {"come round and grab", "collect"},
      {"come round and get", "collect"},
      {"come and grab", "collect"},
      // Charging a phone is no charge to pay ("anywhere i can charge my phone").
      {"charge my phone", "phone battery"},
      {"charge your phone", "phone battery"},
      {"charge our phones", "phone battery"},
      {"charge my phones", "phone battery"},
      {"charge a phone", "phone battery"},
      {"charge a laptop", "laptop battery"},
      {"charge my laptop", "laptop battery"},
      {"charge a tablet", "tablet battery"},
      {"charge phones", "phone battery"},
      {"charge the phones", "phone battery"},
      {"charge their phones", "phone battery"},
      {"charge his phone", "phone battery"},
      {"charge her phone", "phone battery"},
      {"charge my tablet", "tablet battery"},
      {"hosepipe", "hose"},
      // A year at a time is yearly ("is it every year after that").
      {"every year", "yearly"},
      {"each year", "yearly"},
      {"once a year", "yearly"},
      // Board is meals ("half-board at a seafront hotel": "is that with meals").
      {"half-board", "half-board meals"},
      {"half board", "half board meals"},
      {"full board", "full board meals"},
      // A few days away is a short break ("a few days away up the coast").
      {"long weekend", "weekend short break"},
      {"weekend away", "weekend short break"},
      {"days away", "short break"},
      {"nights away", "short break"},
      {"night away", "short break"},
      // "what's the deal if ..." asks what happens, not for a deal.
      {"what's the deal", "what happens"},
      {"whats the deal", "what happens"},
      {"what is the deal", "what happens"},
      // Not going after all is cancelling ("if one of us gets poorly and we can't go").
      {"can't go", "cancel"},
      {"cant go", "cancel"},
      {"cannot go", "cancel"},
      // Whether a thing still runs asks when it is cancelled ("does it still run").
      {"still running", "cancel"},
      {"still runs", "cancel"},
      {"still run", "cancel"},
      {"still go ahead", "cancel"},
      {"still going ahead", "cancel"},
      // How much one may take along is a luggage allowance, not a price.
      {"how much can we take", "what luggage can we bring"},
      {"how much can i take", "what luggage can i bring"},
      {"how much can we bring", "what luggage can we bring"},
      {"how much can i bring", "what luggage can i bring"},
      {"in the end", ""},
      // What is wrong is the fault ("work out whats actually wrong": fault finding).
      {"whats actually wrong", "fault"},
      {"what's actually wrong", "fault"},
      {"whats wrong", "fault"},
      {"what's wrong", "fault"},
      {"what is wrong", "fault"},
      // To price a job is to quote for it ("pop round to price the whole extension up").
      {"to price", "to quote"},
      // Someone brought along is a guest ("can he just come in with us": "members can bring up to
      // 3 guests").
      {"bring a friend", "bring a guest"},
      {"bring a mate", "bring a guest"},
      {"bring my friend", "bring a guest"},
      {"bring my mate", "bring a guest"},
      {"come in with us", "come in as a guest"},
      {"come in with me", "come in as a guest"},
      // Doing it from home is doing it online ("can i do it from home instead").
      {"do it from home", "do it online"},
      {"do it at home", "do it online"},
      {"from home instead", "online instead"},
      {"learn from home", "learn online"},
      // What time a thing kicks off is when it starts.
      {"kick off", "start"},
      {"kicks off", "starts"},
      // Where a job is done is no topic of it ("how long is the man at our house for").
      {"at our house", ""},
      {"at my house", ""},
      {"at our home", ""},
      {"at my home", ""},
      {"at ours", ""},
      // At the last minute is late ("if i have to cancel last minute": late cancellations).
      {"last minute", "late"},
      {"last-minute", "late"},
      // Leaving a booking before it starts is cancelling ("if a couple of the girls drop out").
      // (Only "drop out": a connection that "drops out" or "dropped out" has failed.)
      {"drop out ", "cancel "},
      // Being online is having internet ("can i get online from the van").
      {"get online", "get internet"},
      // A bad sailor is prone to seasickness ("shes a terrible sailor to be fair").
      {"terrible sailor", "prone to seasickness"},
      {"bad sailor", "prone to seasickness"},
      {"poor sailor", "prone to seasickness"},
      {"awful sailor", "prone to seasickness"},
      // What is on board is there, no boarding ("is there a loo on board"); a loo is a toilet.
      {"on board", "there"},
      {"a loo ", "a toilet "},
      {"the loo ", "the toilet "},
      {"a loo?", "a toilet?"},
      {"the loo?", "the toilet?"},
      {"loos ", "toilets "},
      {"loos?", "toilets?"},
      // Getting on a vehicle is boarding it ("where do we actually get on the boat").
      {"get on the boat", "board the boat"},
      {"get on the ferry", "board the ferry"},
      {"get on the bus", "board the bus"},
      {"get on the coach", "board the coach"},
      {"get on the train", "board the train"},
      {"get on the plane", "board the plane"},
      {"get on board", "board"},
      // The way to the business is its directions ("whats the best way to get to you").
      {"how do i get to", "directions to"},
      {"how do we get to", "directions to"},
      {"way to get to", "directions to"},
      {"get to you", "directions to you"},
      {"getting to you", "directions to you"},
      {"find you ", "directions to you "},
      {"without a car", "by public transport"},
      // "a couple of those pod things" asks for some of them, not for a couple.
      {"a couple of", "some"},
      // A school's half-term is a holiday, no "term" of a contract ("staying with us for half
      // term").
      {"half term", "school holiday"},
      {"half-term", "school holiday"},
      {"half an hour", "30 minutes"},
      // Not the "half hour" of "five and a half hours".
      {"half hour ", "30 minutes "},
      {"half hour,", "30 minutes,"},
      {"half hour.", "30 minutes."},
      {"half hour?", "30 minutes?"},
      {"half-hour ", "30 minutes "},
      {"full hour", "60 minutes"},
      {"whole hour", "60 minutes"},
      // Paying extra is a price ("and its a sunday, does that cost extra"): "extra" alone is no
      // topic of its own.
      {"cost extra", "cost"},
      {"costs extra", "costs"},
      {"charge extra", "charge"},
      {"pay extra", "pay"},
      {"how much pp", "how much per person"},
      {"hows much", "how much"},
      // A day a venue is only free on is when it is available ("hall's only free on a saturday
      // tho, does that cost more": the weekend supplement, not the free travel).
      {"only free on", "only available on"},
      // A word about one's English is nothing to look up ("sorry my english is not so good",
      // "ok sorry, english is fine").
      {"sorry, my english", "my english"},
      {"ok sorry my english", "my english"},
      {"sorry my english is not so good", ""},
      {"sorry my english not so good", ""},
      {"sorry my english is not good", ""},
      {"sorry my english typing is slow", ""},
      {"sorry, english is fine", ""},
      {"sorry english is fine", ""},
      {"my english is not so good", ""},
      {"my english not so good", ""},
      {"my english is fine", ""},
      {"english is fine", ""},
      {"sorry for my bad english", ""},
      {"sorry for my english", ""},
      {"sorry my english", "my english"},
      {"my english is not perfect", ""},
      {"english is not perfect", ""},
      {"my english is bad", ""},
      {"my english not perfect", ""},
      {"my english not so perfect", ""},
      {"my english is not so perfect", ""},
      {"my english is not good", ""},
      {"my english not good", ""},
      {"my english is poor", ""},
      {"my english is not very good", ""},
      {"my english isnt good", ""},
      {"my english isn't good", ""},
      // What the customer read or heard of the business only leads into what is asked ("i read
      // you have a rabbit?? is this a problem").
      {"i read that you", "you"},
      {"i read you", "you"},
      {"i heard that you", "you"},
      {"i heard you", "you"},
      {"ive heard you", "you"},
      {"i've heard you", "you"},
      {"english is okay", ""},
      {"english okay", ""},
      {"english is ok", ""},
      {"english ok", ""},
      // What is fine by the customer is no question ("next day is fine").
      {"is fine", ""},
      {"are fine", ""},
      // An acknowledgement is nothing to look up ("sounds good. how much is that for two").
      {"sounds good", "ok"},
      {"sounds great", "ok"},
      {"sounds perfect", "ok"},
      {"sounds lovely", "ok"},
      {"sounds fab", "ok"},
      {"per head", "per person"},
      // A price asked "each" of people is per person ("how much is it each").
      {"much is it each", "much is it per person"},
      {"much is that each", "much is that per person"},
      {"much each", "much per person"},
      {"much a head", "much per person"},
      // "wat sort of money are we talking for that", "how much are we talking": the price.
      {"sort of money are we talking", "price"},
      {"kind of money are we talking", "price"},
      {"sort of money", "price"},
      {"kind of money", "price"},
      {"what money are we talking", "price"},
      {"how much are we talking", "how much is it"},
      {"money are we talking", "price"},
      // Running out of something asks for more of it ("wat if the lads run out").
      {"run out", "need extra"},
      {"runs out", "needs extra"},
      {"ran out", "needed extra"},
      {"much a person", "much per person"},
      // A bite is something to eat.
      {"a bite to eat", "food"},
      {"a bite", "food"},
      {"something to eat", "food"},
      // Cheaper for more than one is a discount ("if they bunk in together is it any cheaper").
      {"is it any cheaper", "is there a discount"},
      {"is it cheaper", "is there a discount"},
      {"would it be cheaper", "would there be a discount"},
      {"is that cheaper", "is there a discount"},
      // Something that breaks down needs an emergency callout ("if something breaks, how quick
      // can you come?").
      {"if something breaks down", "in an emergency"},
      {"if something breaks", "in an emergency"},
      {"if anything breaks", "in an emergency"},
      // Looking a pet over is checking its health ("cud someone look him over when ur here").
      {"look him over", "check his health"},
      {"look her over", "check her health"},
      {"look them over", "check their health"},
      // Speeding a job up asks for its express service ("any way to speed that up? dont mind
      // paying a bit extra").
      {"speed that up", "an express service"},
      {"speed it up", "an express service"},
      {"speed things up", "an express service"},
      {"rush it through", "an express service"},
      {"rush job", "express service"},
      // Work that runs over needs what was hired for longer ("wat if he runs over lol").
      {"if he runs over", "if he needs it for longer"},
      {"if she runs over", "if she needs it for longer"},
      {"if they run over", "if they need it for longer"},
      {"if it runs over", "if we need it for longer"},
      {"if we run over", "if we need it for longer"},
      {"if the job runs over", "if we need it for longer"},
      {"if the work runs over", "if we need it for longer"},
      // The business staying longer than booked is an extra hour ("we want u to stay longer").
      {"you to stay longer", "you for an extra hour"},
      {"u to stay longer", "you for an extra hour"},
      {"you to stay on longer", "you for an extra hour"},
      {"u to stay on longer", "you for an extra hour"},
      {"getting it cheaper", "a discount"},
      {"get it cheaper", "a discount"},
      // Putting money down up front to lock a date in is its deposit.
      {"put anything down", "a deposit"},
      {"put something down", "a deposit"},
      {"lock the date in", "secure the date"},
      {"lock in the date", "secure the date"},
      // Room around a thing is space, no price ("how much room do you actually need").
      {"how much room", "what space"},
      {"how much space", "what space"},
      // A horse or a walker with no shoes goes barefoot ("one of my horses has no shoes").
      {"has no shoes", "is barefoot"},
      {"have no shoes", "are barefoot"},
      {"without shoes", "barefoot"},
      {"unshod", "barefoot"},
      // Fairy lights are lights ("something pretty overhead, like fairy lights").
      {"fairy lights", "lights"},
      {"is that any cheaper", "is there a discount"},
      {"any cheaper", "any discount"},
      {"bunk in together", "share"},
      {"bunk up together", "share"},
      {"bunk together", "share"},
      {"bunk in with", "share with"},
      {"is it extra", "is there a charge"},
      {"is that extra", "is there a charge for that"},
      // A dose given on a schedule ("his insulin jab morning and night") is an injection given
      // twice a day: one phrase, not two times of day to split at "and".
      {"morning and night", "twice a day"},
      {"night and morning", "twice a day"},
      {"morning and evening", "twice a day"},
      {"insulin jab", "insulin injection"},
      // What is paid before is the deposit ("do I have to pay it all upfront").
      // The least a booking takes is its minimum ("is there a minimum number tho").
      {"minimum number", "minimum"},
      {"maximum number", "maximum"},
      // (Or its short form: "is there a min number tho", "whats the max in a class"; "max" alone
      // may be a dog's name, and "a min" a minute.)
      {"min number", "minimum"},
      {"max number", "maximum"},
      {"min time", "minimum time"},
      {"min charge", "minimum charge"},
      {"min order", "minimum order"},
      {"min spend", "minimum order"},
      {"minimum spend", "minimum order"},
      {"min age", "minimum age"},
      {"max age", "maximum age"},
      {"the max ", "the maximum "},
      {"the min ", "the minimum "},
      {"paying up front", "deposit"},
      {"paying upfront", "deposit"},
      {"money upfront", "deposit"},
      {"money up front", "deposit"},
      {"pay it all upfront", "deposit"},
      {"pay it all up front", "deposit"},
      {"pay everything upfront", "deposit"},
      {"pay upfront", "deposit"},
      {"pay up front", "deposit"},
      {"pay in advance", "deposit"},
      // Paying postage is the postage ("if i get 4 jars do i still pay postage").
      {"pay postage", "postage"},
      {"pay for postage", "postage"},
      {"pay everything at the start", "deposit"},
      {"pay it all at the start", "deposit"},
      {"pay the lot at the start", "deposit"},
      {"pay everything at once", "deposit"},
      {"pay it all at once", "deposit"},
      // So is paying all of it when booking ("we have to pay all of it now when we book").
      {"pay all of it now", "pay a deposit"},
      {"pay all of it when we book", "pay a deposit when we book"},
      {"pay all of it when i book", "pay a deposit when i book"},
      {"pay it all now", "pay a deposit"},
      {"pay it all when we book", "pay a deposit when we book"},
      {"pay it all when i book", "pay a deposit when i book"},
      {"pay the full amount now", "pay a deposit"},
      {"pay the full amount when we book", "pay a deposit when we book"},
      {"pay the full amount when i book", "pay a deposit when i book"},
      {"pay the lot now", "pay a deposit"},
      {"pay everything now", "pay a deposit"},
      {"upfront", "deposit"},
      {"up front", "deposit"},
      // The rest to pay is the balance, and paying it is its being due ("when do we have to pay
      // off the rest": "the balance is due 14 days before"); when one has to pay asks when payment
      // is due, not whether it is free.
      {"pay off the rest", "pay the balance"},
      {"pay off the balance", "pay the balance"},
      {"pay the balance", "balance due"},
      {"when do we have to pay", "when is payment due"},
      {"when do i have to pay", "when is payment due"},
      {"when do we need to pay", "when is payment due"},
      {"when do i need to pay", "when is payment due"},
      // Paying something when booking is a deposit ("we must pay something when we book?").
      {"pay something when we book", "pay a deposit when we book"},
      {"pay something when i book", "pay a deposit when i book"},
      {"pay anything when we book", "pay a deposit when we book"},
      {"pay anything when i book", "pay a deposit when i book"},
      {"pay something to book", "pay a deposit to book"},
      {"pay anything to book", "pay a deposit to book"},
      {"have to pay a deposit", "pay a deposit"},
      // Whether one has to pay is whether it is free: "will I have to pay" after a repair.
      {"have to pay", "free"},
      {"need to pay", "free"},
      {"pay anything", "free"},
      // Someone who cannot leave home: "he can't get out of the house much", "housebound".
      {"get out of the house", "leave home"},
      {"leave the house", "leave home"},
      {"get out the house", "leave home"},
      {"get out much", "leave home"},
      {"housebound", "cannot leave home"},
      // A parcel that has not "turned up" has not arrived.
      // Coming without an appointment, as customers say it ("can we just turn up").
      // What a mobile service charges for coming out is its call-out fee ("what do u charge just
      // to turn up").
      {"charge just to turn up", "call-out fee"},
      {"charge to turn up", "call-out fee"},
      {"charge for turning up", "call-out fee"},
      {"charge just to come out", "call-out fee"},
      {"charge to come out", "call-out fee"},
      {"charge for coming out", "call-out fee"},
      {"cost to come out", "call-out fee"},
      {"cost just to come out", "call-out fee"},
      // So is someone coming out at all, priced ("how much for someone to come out now").
      {"for someone to come out", "for a call-out"},
      {"to get someone out", "for a call-out"},
      {"just rock up", "walk-in"},
      {"just turn up", "walk-in"},
      {"just show up", "walk-in"},
      {"just walk in", "walk-in"},
      {"just pop in", "walk-in"},
      {"just drop in", "walk-in"},
      {"without an appointment", "walk-in"},
      {"without booking", "walk-in"},
      // Rocking up is turning up ("or can we just rock up").
      {"rock up", "turn up"},
      {"rocked up", "turned up"},
      // A place that is rammed is busy ("is it gonna be rammed").
      {"rammed", "busy"},
      // Not getting there on time is being late ("what if it doesnt get there on time").
      {"doesnt get there on time", "arrives late"},
      {"doesn't get there on time", "arrives late"},
      {"does not get there on time", "arrives late"},
      {"doesnt arrive on time", "arrives late"},
      {"doesn't arrive on time", "arrives late"},
      {"does not arrive on time", "arrives late"},
      {"not there on time", "late"},
      // Seeing where the driver or the parcel has got to is tracking it.
      {"where the driver has got to", "tracking"},
      {"where the driver is", "tracking"},
      {"where my parcel has got to", "tracking my parcel"},
      {"where my parcel is", "tracking my parcel"},
      {"where it has got to", "tracking"},
      {"where it's got to", "tracking"},
      {"where its got to", "tracking"},
      // An L-shaped sofa is a corner one; a normal-sized one is any.
      {"l shaped", "corner"},
      {"l-shaped", "corner"},
      {"normal sized", ""},
      {"normal-sized", ""},
      {"normal size", ""},
      // Whether a thing will get through a door is whether it fits ("will it even get thru").
      {"will it even get through", "will it fit through"},
      {"will it even get thru", "will it fit through"},
      {"will it get through", "will it fit through"},
      {"will it get thru", "will it fit through"},
      // How long the business's own last is what it guarantees ("how long do yours actually
      // last").
      {"do yours actually last", "are yours guaranteed"},
      {"do yours last", "are yours guaranteed"},
      {"will yours last", "are yours guaranteed"},
      // A full set (of nails or lashes) is one thing ("set" alone is a stop word); being sat
      // somewhere is being there, not a Saturday.
      {"full set", "fullset"},
      {"be sat ", "be "},
      // Getting old nails or a stuck thing off is removing it ("would u be able to get that off
      // her first").
      {"get that off", "remove that"},
      {"get it off", "remove it"},
      {"get them off", "remove them"},
      {"get those off", "remove those"},
      // Cruelty-free is one word, no free of charge, and testing on animals no patch test.
      {"cruelty free", "crueltyfree"},
      {"cruelty-free", "crueltyfree"},
      {"tested on animals", "crueltyfree"},
      {"testing on animals", "crueltyfree"},
      {"animal testing", "crueltyfree"},
      // What the customer can never remember is no topic ("whats the excess on it again i can
      // never remember"); an ailment seen to was treated.
      {"i can never remember", ""},
      {"i cant remember", ""},
      {"i can't remember", ""},
      {"seen to", "treated"},
      // Cover from the start asks about the waiting period; how quick a claim pays out is how
      // soon it is settled.
      {"covered straight away", "covered after a waiting period"},
      {"covered right away", "covered after a waiting period"},
      {"quick do u usually pay out", "soon do you settle claims"},
      {"quick do you usually pay out", "soon do you settle claims"},
      {"quick do u pay out", "soon do you settle claims"},
      {"quick do you pay out", "soon do you settle claims"},
      // What one gets is what is included ("what do they actualy get and hows much per kid").
      {"what do they actually get", "what is included"},
      {"what do they actualy get", "what is included"},
      {"what do they get", "what is included"},
      {"what do we get", "what is included"},
      {"what do you get for", "what is included for"},
      // Money put down to hold a date is a deposit that secures the booking; "not bad" is an
      // acknowledgement.
      {"put money down", "pay a deposit"},
      {"put some money down", "pay a deposit"},
      {"put a deposit down", "pay a deposit"},
      {"hold the date", "secure the booking"},
      {"hold our date", "secure the booking"},
      {"hold my date", "secure the booking"},
      {"deposit to book us in", "deposit to secure the booking"},
      {"deposit to book it in", "deposit to secure the booking"},
      // What a price holds is what it includes ("the grave cost is inside this price or no?").
      {"inside this price", "included in the price"},
      {"inside the price", "included in the price"},
      // Misspelt guarantees ("is it guarenteed against leaks").
      {"guarenteed", "guaranteed"},
      {"garanteed", "guaranteed"},
      {"guarentee", "guarantee"},
      {"garantee", "guarantee"},
      {"gaurantee", "guarantee"},
      {"gaurenteed", "guaranteed"},
      {"guaranteed against", "guaranteed for"},
      // Paying a plan off monthly is instalments ("can i spread that out monthly").
      {"spread that out", "financing"},
      {"thats not bad", "ok"},
      {"that's not bad", "ok"},
      {"not bad", "ok"},
      // Florida and Orlando are in the USA (which Related reads as itself first, then abroad).
      {"florida", "usa"},
      {"orlando", "usa"},
      // Getting stung is being charged; a phone got nicked is stolen; a payment that bounced
      // failed; a bill that comes out of the account is collected ("what date does it normally
      // come out").
      {"gonna get stung", "be charged"},
      {"get stung", "be charged"},
      {"got nicked", "stolen"},
      {"been nicked", "stolen"},
      {"bounced", "failed"},
      {"does it normally come out", "is it collected"},
      {"does it come out", "is it collected"},
      {"will it come out", "will it be collected"},
      // Being stuck with a contract is being tied in; ditching it is cancelling.
      {"stuck with it", "tied in to the contract"},
      {"ditch it", "cancel it"},
      // Next door is the neighbour; sending a parcel on to work is redirecting it.
      {"next door", "neighbour"},
      {"next-door", "neighbour"},
      {"send it to my work", "redirect it"},
      {"send it to my office", "redirect it"},
      {"send it somewhere else", "redirect it"},
      {"turned up", "arrived"},
      {"turns up", "arrives"},
      {"turning up", "arriving"},
      {"turn up", "arrive"},
      // Broken to bits is broken, and the other end of a delivery is where it goes ("what
      // happens if one turns up smashed to bits at the other end").
      {"to bits", ""},
      {"at the other end", ""},
      {"shown up", "arrived"},
      {"show up", "arrive"},
      // Heavy rain as it is said in Britain ("its absolutely chucking it down").
      {"chucking it down", "heavy rain"},
      {"chucks it down", "heavy rain"},
      {"chucked it down", "heavy rain"},
      {"tips it down", "heavy rain"},
      {"pours down", "heavy rain"},
      {"pours with rain", "heavy rain"},
      {"tipping it down", "heavy rain"},
      {"pissing it down", "heavy rain"},
      {"pissing down", "heavy rain"},
      {"bucketing down", "heavy rain"},
      {"pouring down", "heavy rain"},
      {"lashing down", "heavy rain"},
      {"peeing down", "heavy rain"},
      {"pelting down", "heavy rain"},
      {"raining cats and dogs", "heavy rain"},
      // The day booked is no topic of weather on it ("if its chucking it down on the day do we
      // have to cancel", "what if the weather turns on the day").
      {"rain on the day", "rain"},
      {"weather on the day", "weather"},
      {"turns on the day", "turns"},
      {"rains on the day", "rains"},
      {"raining on the day", "raining"},
      // The full price, as it is said ("do i pay full whack for each").
      {"full whack", "full price"},
      // Withdrawing from a booking is cancelling it ("if we end up having to pull out").
      {"to pull out", "to cancel"},
      {"we pull out", "we cancel"},
      {"i pull out", "i cancel"},
      {"to back out", "to cancel"},
      {"we back out", "we cancel"},
      {"i back out", "i cancel"},
      {"pull out of the booking", "cancel the booking"},
      {"can pull out", "can cancel"},
      // Hanging about while a class is on is waiting ("can i hang about there while hes in").
      {"hang about", "wait"},
      {"hang around", "wait"},
      {"hang round", "wait"},
      // Announcing the last question is no topic ("last one, is there a decent pub").
      {"last one,", ""},
      {"last one -", ""},
      {"one last thing", ""},
      {"one last question", ""},
      {"last question", ""},
      {"last q ", ""},
      {"last q,", ""},
      {"last thing,", ""},
      {"one more thing", ""},
      {"one more question", ""},
      // Catching oneself is no topic ("ah wait we'd be bringing our spaniel").
      {"ah wait", ""},
      {"oh wait", ""},
      // "Never in my life" says how often, not what ("never driven a boat in our lives").
      {"in my life", ""},
      {"in my whole life", ""},
      {"in our lives", ""},
      {"in their life", ""},
      {"in their lives", ""},
      {"in his life", ""},
      {"in her life", ""},
      // Working full time is no topic ("we both work full time so nobody'll be in").
      {"full time ", " "},
      {"full-time ", " "},
      // Being in when a visitor calls is being home ("nobody'll be in when you turn up").
      {"be in when", "be home when"},
      {"need to be in?", "need to be home?"},
      {"need to be in:", "need to be home:"},
      {"need to be in.", "need to be home."},
      {"need to be in,", "need to be home,"},
      {"need to be in ", "need to be home "},
      // Going on the insurance of a hired vehicle is being a named driver ("can a couple of us go
      // on the insurance as well so we can swap").
      {"go on the insurance", "be an additional driver"},
      {"be on the insurance", "be an additional driver"},
      {"put on the insurance", "added as an additional driver"},
      {"added to the insurance", "added as an additional driver"},
      // A machine or a session that cuts out stops ("it started and cut out after 2 mins").
      {"it cut out", "it stopped"},
      {"and cut out", "and stopped"},
      {"cuts out", "stops"},
      {"cutting out", "stopping"},
      // Getting money that was taken back is a refund ("the app took £11 off me. can i get that
      // back"); "get it back" is as often a thing returned ("how long till i get it back").
      {"get that back", "get a refund of that"},
      // Asking what comes back after not going is asking for the refund ("and if we end up not
      // going at all what do i get back").
      {"what do i get back", "what refund do i get"},
      {"what do we get back", "what refund do we get"},
      // What is pulled or called off is cancelled ("and if it does get pulled").
      {"get pulled", "get cancelled"},
      {"gets pulled", "gets cancelled"},
      {"is pulled", "is cancelled"},
      {"called off", "cancelled"},
      {"what happens with our money", "what refund do we get"},
      {"what happens to our money", "what refund do we get"},
      {"what happens with my money", "what refund do i get"},
      {"what happens to my money", "what refund do i get"},
      {"do i get anything back", "do i get a refund"},
      {"do we get anything back", "do we get a refund"},
      {"not going at all", "cancelling"},
      {"don't go at all", "cancel"},
      {"dont go at all", "cancel"},
      {"not go at all", "cancel"},
      // Bailing on a booking is cancelling it ("if shes poorly and i have to bail last minute").
      {"have to bail", "have to cancel"},
      {"had to bail", "had to cancel"},
      {"need to bail", "need to cancel"},
      {"bail on", "cancel"},
      // Ringing is phoning ("when do i ring u"), and what is handed over is given ("where am i
      // meant to hand the keys over": "a driver will ... take your keys", not the hand-wash).
      {"ring you", "phone you"},
      {"ring u", "phone you"},
      {"ring ya", "phone you"},
      {"ring us", "phone us"},
      {"give you a ring", "phone you"},
      {"give u a ring", "phone you"},
      {"hand the keys over", "give the keys"},
      {"hand over the keys", "give the keys"},
      {"hand the key over", "give the key"},
      {"hand my keys over", "give my keys"},
      {"hand them over", "give them"},
      {"hand it over", "give it"},
      // Whether a note changes anything is no topic of its own ("my gp has written me a note
      // about it as well if that changes anything": not the changing rooms).
      {"if that changes anything", ""},
      {"if that change anything", ""},
      {"if it changes anything", ""},
      {"does that change anything", ""},
      // "right so" only leads into what is said ("right so if im not in ...").
      {"right so ", "so "},
      // Where the customer parks is where they are, no question of parking ("no outside tap or
      // plug anywhere near where i park").
      {"anywhere near where i park", ""},
      {"near where i park", ""},
      {"where i park", ""},
      {"if im not in ", "if im not home "},
      {"if i'm not in ", "if i'm not home "},
      {"if i am not in ", "if i am not home "},
      {"if were not in ", "if were not home "},
      {"if we're not in ", "if we're not home "},
      {"if we are not in ", "if we are not home "},
      {"if no one is in ", "if no one is home "},
      {"if nobody is in ", "if nobody is home "},
      {"if nobodys in ", "if nobody is home "},
      {"if nobody's in ", "if nobody is home "},
      // Putting a new part on is fitting it ("how long to put a new one on").
      {"put a new one on ", "fit a new one "},
      {"put new ones on ", "fit new ones "},
      {"put the new one on ", "fit the new one "},
      // Trying clothes or shoes on is no topic of its own: "can I try them on in your shop" (the
      // trailing space ends the word: "try one" is a test ride).
      {"try them on ", " them "},
      {"try it on ", " it "},
      {"try on ", " "},
      {"still waiting", "late"},
      {"as well as", "and"},
      {"as well", ""},
      {"at the same time", ""},
      // (Or without its "at": "could i get mine done the same time while im there".)
      {"the same time", ""},
      {"while i'm at it", ""},
      {"while im at it", ""},
      {"tune-up", "service"},
      // How a size fits, as customers say it ("do they come up small").
      {"come up small", "run small"},
      {"come up big", "run big"},
      {"come up large", "run large"},
      // When a story happened is no topic ("my battery is dead by lunchtime every day").
      {"every day", ""},
      {"every morning", ""},
      {"every night", ""},
      {"every time", ""},
      {"all the time", ""},
      {"by lunchtime", ""},
      {"last night", ""},
      // Where a customer lives is no topic ("I live in Cornwall, can I send it to you").
      {"i live in ", ""},
      {"we live in ", ""},
      {"i'm based in ", ""},
      {"we're based in ", ""},
      // Where a device got wet is water damage.
      {"in the bath ", "in water "},
      {"in the toilet", "in water"},
      {"down the toilet", "in water"},
      {"down the loo", "in water"},
      {"down the bog", "in water"},
      {"in the loo ", "in water "},
      {"in the sink", "in water"},
      {"in the sea ", "in water "},
      // (How long one is in the pool for is a swim.)
      {"in the pool for", "swimming for"},
      {"in the pool ", "in water "},
      {"in a puddle", "in water"},
      {"got wet", "water damage"},
      {"dropped my", "my"},
      // Seeing the professional is a consultation; their coming out is a home visit.
      {"see a vet", "consultation"},
      {"see the vet", "consultation"},
      {"see a doctor", "consultation"},
      {"see the doctor", "consultation"},
      {"get started", "start"},
      // A preference is said around what is wanted ("I'd rather not drive a manual").
      {"i'd feel more comfortable with", ""},
      {"i would feel more comfortable with", ""},
      {"i'd rather", ""},
      {"i would rather", ""},
      {"i'd prefer", ""},
      {"i would prefer", ""},
      {"leave the car", "park the car"},
      {"leave the van", "park the van"},
      {"leave my car", "park my car"},
      {"leave our car", "park our car"},
      // What the customer saw the business offers is what it offers ("saw u do a recall thing").
      {"saw u do ", "u do "},
      {"saw you do ", "you do "},
      {"saw u offer", "u offer"},
      {"saw you offer", "you offer"},
      // How long someone stays with a customer is how long the visit is ("how long does the
      // physio stay with her").
      {"stay with her", "with her"},
      {"stay with him", "with him"},
      // Time in the water is the session's length ("how long do we actually get in the water":
      // "90 minutes in the water"), not open water.
      {"get in the water", "get"},
      // One evening of a course that one cannot make is missed, not cancelled ("we cant make one
      // of the evenings": the catch-up).
      {"can't make one of", "miss one of"},
      {"cant make one of", "miss one of"},
      {"cannot make one of", "miss one of"},
      {"miss one of the evenings", "miss a session"},
      {"miss one of the nights", "miss a session"},
      {"miss one of the weeks", "miss a session"},
      {"can't make", "cancel"},
      {"cant make", "cancel"},
      {"cannot make", "cancel"},
      // "Loads of" is a quantity, not a load ("not loads of stuff": no wait-and-load); so are a
      // stack, a pile, a heap and a bunch of something.
      {"loads of ", "lots of "},
      {"a load of ", "a lot of "},
      {"a stack of ", "a lot of "},
      {"stacks of ", "lots of "},
      {"a pile of ", "a lot of "},
      {"piles of ", "lots of "},
      {"a heap of ", "a lot of "},
      {"a bunch of ", "a lot of "},
      // The smallest or biggest of what is sold is asked by its size ("whats the smallest skip u
      // do": the skip sizes).
      {"smallest ", "smallest size "},
      {"biggest ", "biggest size "},
      {"largest ", "largest size "},
      // Not being able to keep a booking is cancelling it ("if something comes up and i cant be
      // there do i lose money").
      {"can't be there", "cancel"},
      {"cant be there", "cancel"},
      {"cannot be there", "cancel"},
      {"something comes up", "cancel"},
      {"something came up", "cancel"},
      // Losing the money paid asks what is refunded ("are we going to lose all our money??").
      {"lose all our money", "get a refund"},
      {"lose all my money", "get a refund"},
      // So does losing what was missed ("if she misses one do we just lose it").
      {"do we just lose it", "is it refunded"},
      {"do we lose it", "is it refunded"},
      {"do i just lose it", "is it refunded"},
      {"do i lose it", "is it refunded"},
      // An in-law is a relative, not a law ("my father in law has been taken into hospital").
      {"father in law", "relative"},
      {"mother in law", "relative"},
      {"brother in law", "relative"},
      {"sister in law", "relative"},
      {"father-in-law", "relative"},
      {"mother-in-law", "relative"},
      {"brother-in-law", "relative"},
      {"sister-in-law", "relative"},
      // An older sibling, a major film and a cinema screen are no size ("his big sister", "when
      // the big releases come out").
      {"big sister", "sister"},
      {"big brother", "brother"},
      {"big releases", "new releases"},
      {"big release", "new release"},
      {"big screen", "screen"},
      {"written test", "theory test"},
      {"written exam", "theory test"},
      {"at once", ""},
      {"come out to us", "home visit"},
      {"come out to me", "home visit"},
      {"come out to you", "home visit"},
      {"come to my house", "home visit"},
      {"come to my home", "home visit"},
      {"come to the house", "home visit"},
      {"come out to the house", "home visit"},
      {"to come back", "a repeat visit"},
      {"the work ", "the repair "},
      {"air con ", "air conditioning "},
      {"tune up", "service"},
      {"bring it to", "deliver it to"},
      {"bring them to", "deliver them to"},
      {"u can bring to", "can you deliver to"},
      {"you can bring to", "can you deliver to"},
      {"can you bring to", "can you deliver to"},
      {"can u bring to", "can you deliver to"},
      // Whether a price includes something asks whether it is free ("do u charge to bring it
      // round or is that included").
      {"is that included", "is that free"},
      {"is it included", "is it free"},
      {"included in the price", "free"},
      // Not needing a regular delivery for a while is skipping it ("were off to cornwall so we
      // wont need it for 2 weeks").
      {"won't need it for", "skip it for"},
      {"wont need it for", "skip it for"},
      {"won't need one for", "skip one for"},
      {"wont need one for", "skip one for"},
      {"won't need them for", "skip them for"},
      {"wont need them for", "skip them for"},
      {"won't be needing it", "skip it"},
      {"wont be needing it", "skip it"},
      {"don't need it for", "skip it for"},
      {"dont need it for", "skip it for"},
      // How much one may take or bring is an allowance, not a price ("how much can everyone
      // take": the luggage allowance, not the hire price).
      {"how much can we bring", "what can we bring"},
      {"how much can i bring", "what can i bring"},
      {"how much can we take", "what can we take"},
      {"how much can i take", "what can i take"},
      {"how much can everyone take", "what can everyone take"},
      {"how much can everyone bring", "what can everyone bring"},
      {"how much can each person", "what can each person"},
      {"how much luggage", "what luggage"},
      // How "that" works asks how it is done: "work" is no topic (not the drivers' working hours).
      {"how does that work", "how is that done"},
      {"how does it work", "how is it done"},
      {"how would that work", "how would that be done"},
      {"how would it work", "how would it be done"},
      // A driver or guest who stops over stays overnight.
      {"stop over", "overnight stay"},
      {"stay over", "overnight stay"},
      {"stopover", "overnight stay"},
      // Posting something to someone is delivering it; coming in for it is collecting it ("can
      // you post stuff to my mums or do we have to come into town for it").
      {"post it to", "deliver it to"},
      {"post them to", "deliver them to"},
      {"post stuff to", "deliver to"},
      {"post it out", "deliver it"},
      {"post them out", "deliver them"},
      {"come into town for it", "collect it"},
      {"come in for it", "collect it"},
      {"come in and get it", "collect it"},
      // Having to order loads asks for the minimum order ("if we only want 1 of the bigger
      // posters is that ok or do we have to order loads").
      // The youngest one lets in is the minimum age; the least / fewest one can book is the
      // minimum ("whats the least nights we can book"; "at least" is another phrase).
      {"the youngest you", "the minimum age you"},
      {"youngest age", "minimum age"},
      {"the youngest u ", "the minimum age u "},
      {"youngest they let", "minimum age they let"},
      {"how young", "what minimum age"},
      {"the least ", "the minimum "},
      {"the fewest ", "the minimum "},
      {"the shortest ", "the minimum "},
      {"a shortest ", "a minimum "},
      // ... and the least amount of people is the minimum of them ("whats the least amount of kids
      // we'd need to book").
      {"minimum amount of ", "minimum "},
      // Getting wed is getting married, not a Wednesday ("me n my fiance are getting wed next
      // august").
      {"getting wed ", "getting married "},
      {"get wed ", "get married "},
      // The most one pays is the cap ("whats the most he'd have to pay": "capped at £25").
      {"whats the most ", "whats the maximum "},
      {"what's the most ", "what's the maximum "},
      {"what is the most ", "what is the maximum "},
      {"have to order loads", "minimum order"},
      {"have to order lots", "minimum order"},
      {"have to buy loads", "minimum order"},
      {"have to buy lots", "minimum order"},
      {"need to order loads", "minimum order"},
      {"need to order lots", "minimum order"},
      // Doing something that quick asks for the express service ("its thursday now, can u do
      // anything that quick").
      {"that quick", "that express"},
      {"that quickly", "that express"},
      // Bringing something round is delivering it ("do u charge to bring it round").
      {"bring it round", "deliver it"},
      {"bring it out", "deliver it"},
      {"bring them out", "deliver them"},
      {"bring them round", "deliver them"},
      {"drop it round", "deliver it"},
      {"drop them round", "deliver them"},
      // Where a thing is taken from is no topic: "can you collect it from my house" asks for
      // collection, whatever the knowledge calls the place.
      {"from my house", ""},
      {"from my home", ""},
      {"from home", ""},
      {"from my work", ""},
      {"from work", ""},
      {"from my office", ""},
      {"from my flat", ""},
      {"from my place", ""},
      {"from ours", ""},
      {"from our house", ""},
      {"pick you up", "collect you"},
      {"pick me up", "collect me"},
      {"pick up", "collect"},
      {"pick it up", "collect it"},
      {"pick them up", "collect them"},
      {"pick him up", "collect him"},
      {"pick her up", "collect her"},
      {"come get", "collect"},
      {"come and get", "collect"},
      {"come and fetch", "collect"},
      {"click and collect", "collect"},
      {"in person", ""},
      {"wi-fi", "wifi"},
      {"e-mail", "email"},
      {"check-in", "checkin"},
      {"check in", "checkin"},
      {"check-out", "checkout"},
      {"bring back", "return"},
      {"bring it back", "return it"},
      {"bring them back", "return them"},
      {"give back", "return"},
      // While one is at it is the story ("do the whole room while you're at it").
      {"while you're at it", ""},
      {"while youre at it", ""},
      {"while you are at it", ""},
      {"while you're there", ""},
      // Having a look at something is checking it ("whats the charge just to have a look at it").
      {"have a look round", "look round"},
      {"have a look around", "look around"},
      {"have a look", "check"},
      {"take a look", "check"},
      // Something that comes up is the story, not a topic ("if something comes up").
      {"something comes up", "something"},
      {"something come up", "something"},
      {"something came up", "something"},
      // Changing a date or a booking is rescheduling it.
      {"change the date", "reschedule"},
      {"change my date", "reschedule"},
      {"change our date", "reschedule"},
      {"change the day", "reschedule"},
      {"change my booking", "reschedule"},
      {"change the booking", "reschedule"},
      {"change my appointment", "reschedule"},
      {"change the appointment", "reschedule"},
      {"second hand", "secondhand"},
      {"second-hand", "secondhand"},
      {"pre-owned", "preowned"},
      {"send them back", "return them"},
      {"send it back", "return it"},
      {"send back", "return"},
      {"sent back", "returned"},
      {"take them back", "return them"},
      {"money back", "refund"},
      // A deposit got back is returned ("we want our deposit back").
      {"deposit back", "deposit returned"},
      {"pay later", "financing"},
      {"payment plan", "financing"},
      {"pay over time", "financing"},
      {"pay monthly", "financing"},
      {"buy now pay later", "financing"},
      {"split the payment", "financing"},
      {"split payment", "financing"},
      // Payments made monthly are financing, as the knowledge words them too ("split into 3
      // interest-free monthly payments").
      {"monthly payments", "monthly financing payments"},
      {"monthly instalments", "monthly financing"},
      {"monthly installments", "monthly financing"},
      {"fixed ip", "static ip"},
      {"phone line", "landline"},
      {"home phone", "landline"},
      {"minimum term", "contract"},
      {"tied in", "contract"},
      {"sign up", "join"},
      {"signs up", "joins"},
      // Too few takers is fewer people ("does it still go ahead if hardly anyone signs up").
      {"hardly anyone", "fewer people"},
      {"hardly anybody", "fewer people"},
      {"not many people", "fewer people"},
      {"not enough people", "fewer people"},
      {"how much can i download", "data cap"},
      {"limit how much", "cap"},
      {"payment come out", "bill paid"},
      {"money come out", "bill paid"},
      {"price match", "match price"},
      {"cheaper elsewhere", "match price"},
      // Not wanting what one bought, as customers and return policies say it.
      {"don't like", "dislike"},
      {"dont like", "dislike"},
      {"do not like", "dislike"},
      {"not happy with", "dislike"},
      {"unhappy with", "dislike"},
      {"not satisfied with", "dislike"},
      {"change my mind", "dislike"},
      {"changed my mind", "dislike"},
      {"change your mind", "dislike"},
      // Taking furniture apart is dismantling it ("take the beds apart"; "falling apart" and
      // "came apart" are read above as broken).
      // Chat's "b4" is "before" ("how far will it go b4 it runs out").
      {"b4", "before"},
      // And "bday" is a birthday ("his bday isnt til october"), no "bay".
      {"bday", "birthday"},
      {"b'day", "birthday"},
      {"bdays", "birthdays"},
      // What to do before the business arrives is how to prepare ("anything i shud do b4 u
      // arrive?"): not a delivery.
      {"do before you arrive", "prepare before the visit"},
      {"do before u arrive", "prepare before the visit"},
      {"do before you come", "prepare before the visit"},
      {"do before u come", "prepare before the visit"},
      {"do before you get here", "prepare before the visit"},
      {"do before u get here", "prepare before the visit"},
      // When something is on asks its times ("When are they on?" after the pilates classes).
      {"when are they on", "what times are they on"},
      {"when are those on", "what times are those on"},
      {"when are these on", "what times are these on"},
      {"when is it on", "what times is it on"},
      {"when is that on", "what times is that on"},
      {"when is this on", "what times is this on"},
      {"whens it on", "what times is it on"},
      {"when's it on", "what times is it on"},
      // A heart broken is sadness, nothing broken ("it broke my heart tbh").
      {"broke my heart", "made me sad"},
      {"breaks my heart", "makes me sad"},
      // What was hired out before and is sold is second-hand ("ex-hire boot scooters from £395":
      // "wat wud a second hand one cost").
      {"ex-hire", "secondhand ex-hire"},
      {"ex-demo", "secondhand ex-demo"},
      {"ex-display", "secondhand ex-display"},
      // Locking a booking in confirms it ("and to lock it in?" after the studio's hire: "A £75
      // deposit confirms the booking").
      {"lock it in", "confirm the booking"},
      {"lock in the date", "confirm the booking"},
      {"lock the date in", "confirm the booking"},
      // A test a child sits first is an assessment ("does she have to sit some kind of test
      // first"; a test alone is also a trial).
      {"sit some kind of test", "do an assessment"},
      {"sit some sort of test", "do an assessment"},
      {"sit a test", "do an assessment"},
      {"sit a little test", "do an assessment"},
      // The whole place is the venue ("could we have the whole place to ourselves").
      {"the whole place", "the whole venue"},
      // A battery is recharged ("how long does it take to charge overnight"; "charge" alone is a
      // price).
      {"take to charge", "take to recharge"},
      {"charge overnight", "recharge overnight"},
      {"charge it overnight", "recharge it overnight"},
      // How far something goes before it runs out is how far it goes ("how far will it go b4 it
      // runs out"); not a pass that expires.
      {"go before it expires", "go"},
      // A party covered is insured ("what happens if he knocks into someone, are we covered");
      // "am i covered" is as often a warranty ("if they pack in a couple of weeks later am i
      // covered").
      {"are we covered", "are we insured"},
      // Learning the ropes is training ("is there someone to show him the ropes"), and so is
      // being shown what to do ("will someone actually show them wat to do").
      {"show them the ropes", "train them"},
      {"show him the ropes", "train him"},
      {"show her the ropes", "train her"},
      {"show me the ropes", "train me"},
      {"show us the ropes", "train us"},
      {"the ropes", "training"},
      {"show them what to do", "teach them"},
      {"show them wat to do", "teach them"},
      {"show him what to do", "teach him"},
      {"show him wat to do", "teach him"},
      {"show her what to do", "teach her"},
      {"show her wat to do", "teach her"},
      {"show me what to do", "teach me"},
      {"show me wat to do", "teach me"},
      {"show us what to do", "teach us"},
      {"show us wat to do", "teach us"},
      // Drinks had before are being drunk ("a couple of them will def have had a few b4").
      {"had a few before", "drunk before"},
      {"been drinking", "drunk"},
      {"tipsy", "drunk"},
      // The latest one can stay is how late the place is open ("wats the latest we can stay on a
      // saturday").
      {"the latest we can stay", "open late"},
      {"the latest i can stay", "open late"},
      {"apart from", ""},
      {"apart ", "dismantle "},
      {"put back together", "reassemble"},
  };
  out.push_back(' ');  // So that a phrase may end at the end of a word (see "try on ").
  // The rules apply in order, and a later one may match what an earlier one wrote. Most rules
  // cannot match a given text at all, so each is first looked up by its first three bytes among
  // the text's word starts (a bit per hashed prefix), and the text is searched only on a hit.
  // The prefixes are read again after every rewrite.
  static const std::vector<std::size_t> kKeys = [] {
    std::vector<std::size_t> keys;
    keys.reserve(kPhrases.size());
    for (const auto& rule : kPhrases) keys.push_back(PrefixKey(rule.first));
    return keys;
  }();
  PrefixBits starts = WordStartPrefixes(out);
  for (std::size_t rule = 0; rule < kPhrases.size(); ++rule) {
    if (!starts.test(kKeys[rule])) continue;
    const auto& [from, to] = kPhrases[rule];
    bool rewritten = false;
    for (std::size_t pos = out.find(from); pos != std::string::npos;) {
      // A phrase starts a word ("as well", not "was well").
      if ((pos > 0 && IsWordByte(static_cast<unsigned char>(out[pos - 1]))) ||
          !EndsAtAnEnding(out, pos + from.size())) {
        pos = out.find(from, pos + 1);
        continue;
      }
      out.replace(pos, from.size(), to);
      rewritten = true;
      pos = out.find(from, pos + to.size());
    }
    if (rewritten) starts = WordStartPrefixes(out);
  }
  out.pop_back();  // The space added above (every phrase that ends in one is replaced by one).
  PostponeMovedBack(out);
  ReadHowToPrepare(out);
  return out;
}

// The length of the pictograph (emoji, dingbat, symbol, variation selector or joiner) whose UTF-8
// encoding starts at `text[i]`, or 0: those are no words ("nobody ordered the table plan 🙈").
std::size_t PictographLength(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) {
    return k < text.size() ? static_cast<unsigned char>(text[k]) : 0;
  };
  const unsigned char c = at(i);
  if (c >= 0xF0 && c <= 0xF4) return 4;                       // U+10000..: emoji and the like.
  if (c == 0xE2 && at(i + 1) >= 0x98 && at(i + 1) <= 0x9F) {  // U+2600..U+27FF: ☺ ❤ ✅.
    return 3;
  }
  if (c == 0xE2 && at(i + 1) == 0x80 && at(i + 2) == 0x8D) return 3;  // Zero-width joiner.
  if (c == 0xEF && at(i + 1) == 0xB8 && at(i + 2) == 0x8F) return 3;  // Variation selector-16.
  return 0;
}

std::vector<std::string> Tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (const std::size_t pictograph = PictographLength(text, i); pictograph > 0) {
      if (!current.empty()) {
        tokens.push_back(std::move(current));
        current.clear();
      }
      i += std::min(pictograph, text.size() - i) - 1;
    } else if (const char plain = UnaccentedLatinLetter(text, i); plain != '\0') {
      // "café", "crème", "jalapeño" meet "cafe", "creme", "jalapeno" as customers type them.
      current += plain;
      ++i;
    } else if (IsWordByte(c)) {
      current += LowerAscii(static_cast<char>(c));
    } else if ((c == '\'' || c == '.') && !current.empty() && i + 1 < text.size() &&
               IsWordByte(static_cast<unsigned char>(text[i + 1])) &&
               (c == '\'' || std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      // "don't" -> "dont"; "9.99" -> "9.99".
      if (c == '.') current += '.';
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::vector<std::string> EchoWords(std::string_view text) {
  static const std::unordered_set<std::string_view> kTrivial = {
      "i",    "me",   "my",     "we",    "our",   "us",    "you",  "your",  "a",    "an",
      "the",  "to",   "is",     "are",   "am",    "there", "what", "which", "do",   "does",
      "did",  "can",  "could",  "will",  "would", "it",    "its",  "of",    "for",  "and",
      "or",   "how",  "please", "be",    "if",    "in",    "on",   "at",    "with", "any",
      "this", "that", "these",  "those", "so",    "then",  "get",  "have",  "has",  "much"};
  std::vector<std::string> stems;
  for (const std::string& w : Tokenize(text)) {
    if (!kTrivial.contains(w)) stems.push_back(Stem(w));
  }
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  return stems;
}

bool StatesASum(std::string_view text) {
  return StatesAnAmount(text) ||
         ContainsAnyWord(LowerAscii(text), {"deposit", "deposits", "rent", "fee", "fees"});
}

namespace {

// Returns the lowest amount after a currency sign in `text` ("£3.50" is 3.5), if any.
std::optional<double> LowestAmount(std::string_view text) {
  std::optional<double> lowest;
  for (std::string_view sign : {"\u00a3", "$", "\u20ac"}) {
    for (std::size_t at = text.find(sign); at != std::string_view::npos;
         at = text.find(sign, at + 1)) {
      std::size_t end = at + sign.size();
      // A sign states an amount only with a digit right after it ("£12", not "£ sign").
      if (end >= text.size() || std::isdigit(static_cast<unsigned char>(text[end])) == 0) continue;
      double value = 0;
      for (; end < text.size() &&
             (std::isdigit(static_cast<unsigned char>(text[end])) != 0 || text[end] == ',');
           ++end) {
        if (text[end] != ',') value = value * 10 + (text[end] - '0');
      }
      if (end + 1 < text.size() && text[end] == '.' &&
          std::isdigit(static_cast<unsigned char>(text[end + 1])) != 0) {
        double scale = 0.1;
        for (++end; end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0;
             ++end, scale /= 10) {
          value += scale * (text[end] - '0');
        }
      }
      if (!lowest || value < *lowest) lowest = value;
    }
  }
  return lowest;
}

}  // namespace

bool StatesAnAmount(std::string_view text) {
  if (LowestAmount(text)) return true;
  const std::vector<std::string> words = Tokenize(text);
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(words[i - 1].front())) != 0 &&
        (words[i] == "pounds" || words[i] == "pound" || words[i] == "dollars" ||
         words[i] == "dollar" || words[i] == "euros" || words[i] == "euro" ||
         words[i] == "pence")) {
      return true;
    }
  }
  return false;
}

namespace {

// The clauses of `passage`, split at "; ", ", and ", ", while ", ", but " and ". ".
std::vector<std::string_view> Clauses(std::string_view passage) {
  std::vector<std::string_view> clauses = {passage};
  for (std::string_view joint : {"; ", ", and ", ", while ", ", but ", ". "}) {
    std::vector<std::string_view> split;
    for (std::string_view clause : clauses) {
      for (std::size_t at = clause.find(joint); at != std::string_view::npos;
           at = clause.find(joint)) {
        split.push_back(clause.substr(0, at));
        clause.remove_prefix(at + joint.size());
      }
      split.push_back(clause);
    }
    clauses = std::move(split);
  }
  return clauses;
}

// `clause` as a sentence of its own: capitalised, with one full stop.
std::string AsSentence(std::string_view clause) {
  std::string out(clause);
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  if (!out.empty() && out.front() >= 'a' && out.front() <= 'z') {
    out.front() = static_cast<char>(out.front() - 'a' + 'A');
  }
  return out + ".";
}

// The days, seasons and months that `text` names, as bits: 0-6 Monday to Sunday, 7-10 spring to
// winter, 11-22 January to December. A range ("Monday to Friday", "Mon-Fri", "October to
// March") names every day or month within it; weekdays and weekends name their days.
std::uint32_t WhenBits(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  static constexpr std::array<std::string_view, 7> kShortDays = {"mon", "tue", "wed", "thu",
                                                                 "fri", "sat", "sun"};
  static constexpr std::array<std::string_view, 4> kSeasons = {"spring", "summer", "autumn",
                                                               "winter"};
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  struct Word {
    std::string text;
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  std::vector<Word> words;
  for (std::size_t i = 0; i < text.size();) {
    if (std::isalpha(static_cast<unsigned char>(text[i])) == 0) {
      ++i;
      continue;
    }
    Word word{.text = {}, .begin = i, .end = i};
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) != 0) {
      word.text.push_back(LowerAscii(text[i++]));
    }
    word.end = i;
    words.push_back(std::move(word));
  }
  // A day (0-6) or month (11-22) that `word` names, or -1. Short day names count only in a range.
  auto day_or_month = [&](const std::string& word, bool in_range) -> int {
    std::string_view w = word;
    for (std::size_t d = 0; d < kDays.size(); ++d) {
      if (w == kDays[d] ||
          (w.size() == kDays[d].size() + 1 && w.starts_with(kDays[d]) && w.back() == 's')) {
        return static_cast<int>(d);
      }
      if (in_range && (w == kShortDays[d] || (w.size() == 4 && w.starts_with(kShortDays[d])))) {
        return static_cast<int>(d);
      }
    }
    for (std::size_t m = 0; m < kMonths.size(); ++m) {
      if (w == kMonths[m] && w != "may") return static_cast<int>(11 + m);
    }
    return -1;
  };
  std::uint32_t bits = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i].text;
    if (w == "weekday" || w == "weekdays") bits |= 0x1FU;
    if (w == "weekend" || w == "weekends") bits |= 0x60U;
    for (std::size_t s = 0; s < kSeasons.size(); ++s) {
      if (w == kSeasons[s]) bits |= 1U << (7 + s);
    }
    // A range: "Monday to Friday", "Mon-Fri", "October through March".
    const std::string_view between =
        i + 1 < words.size() ? text.substr(words[i].end, words[i + 1].begin - words[i].end) : "";
    const bool dash_after = between.find('-') != std::string_view::npos ||
                            between.find("\u2013") != std::string_view::npos ||
                            between.find("\u2014") != std::string_view::npos;
    const bool to_after =
        i + 2 < words.size() && (words[i + 1].text == "to" || words[i + 1].text == "through" ||
                                 words[i + 1].text == "till" || words[i + 1].text == "until");
    if (dash_after || to_after) {
      const Word& last = words[dash_after ? i + 1 : i + 2];
      const int from = day_or_month(w, true);
      const int to = day_or_month(last.text, true);
      if (from >= 0 && to >= 0 && (from < 7) == (to < 7)) {
        const int first = from < 7 ? 0 : 11;
        const int span = from < 7 ? 7 : 12;
        for (int k = from;; k = first + (k - first + 1) % span) {
          bits |= 1U << k;
          if (k == to) break;
        }
        i += dash_after ? 1 : 2;
        continue;
      }
    }
    if (const int d = day_or_month(w, false); d >= 0) bits |= 1U << d;
  }
  return bits;
}

}  // namespace

// The clauses of `passage` (Clauses), a list of prices or times split at its commas too ("on a
// Saturday costs £6,400, a Friday or Sunday is £4,900"), where both sides state a figure (not
// "Monday, Wednesday and Friday").
std::vector<std::string_view> FigureClauses(std::string_view passage) {
  std::vector<std::string_view> clauses;
  auto has_digit = [](std::string_view text) {
    return std::ranges::any_of(
        text, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
  };
  for (std::string_view clause : Clauses(passage)) {
    std::size_t from = 0;
    for (std::size_t at = clause.find(", "); at != std::string_view::npos;
         at = clause.find(", ", from)) {
      if (has_digit(clause.substr(0, at)) && has_digit(clause.substr(at + 2))) {
        clauses.push_back(clause.substr(0, at));
        clause.remove_prefix(at + 2);
        from = 0;
      } else {
        from = at + 2;
      }
    }
    clauses.push_back(clause);
  }
  return clauses;
}

std::string ClauseForTheItem(std::string_view passage, std::string_view question,
                             std::string_view message) {
  // Not when the message asks of them all or compares them ("whats the price of each", "the
  // smallest one", "the whole leg").
  if (ContainsAnyWord(LowerAscii(message),
                      {"all", "both", "each", "every", "together", "lot", "whole", "total", "most",
                       "least", "smallest", "biggest", "largest", "cheapest", "dearest", "longest",
                       "shortest", "prices", "options"})) {
    return std::string(passage);
  }
  const std::vector<std::string_view> clauses = FigureClauses(passage);
  // Prices by who pays ("£26 a month for adults, and £13 a month for under-18s") are left whole:
  // the message may count more people than it names.
  static const std::regex kWho(
      R"(\b(adults?|child|children|kids?|under|over|students?|seniors?|concessions?|infants?|)"
      R"(juniors?|teens?|teenagers?|famil(y|ies)|pensioners?|members?)\b)",
      std::regex::icase);
  std::vector<std::size_t> priced;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    if (!LowestAmount(clauses[i])) continue;
    if (std::regex_search(clauses[i].begin(), clauses[i].end(), kWho)) return std::string(passage);
    priced.push_back(i);
  }
  if (priced.size() < 2) return std::string(passage);
  std::vector<std::vector<std::string>> terms(clauses.size());
  for (const std::size_t i : priced) terms[i] = Terms(RewritePhrases(clauses[i]));
  // A word of the message that some of the priced clauses hold, and not all, singles them out.
  std::vector<bool> named(clauses.size(), false);
  const std::vector<std::string> topic = Terms(RewritePhrases(question));
  for (const std::string& term : Terms(RewritePhrases(message))) {
    // (Nor one that the entry's question names by a related word: "company events" asks of
    // "corporate events", not of the clause that prints a company logo.)
    if (std::ranges::find(topic, term) != topic.end() ||
        std::ranges::any_of(RelatedTerms(term), [&](const std::string& related) {
          return std::ranges::find(topic, related) != topic.end();
        })) {
      continue;
    }
    const auto holds = [&](std::size_t i) {
      return std::ranges::find(terms[i], term) != terms[i].end();
    };
    const auto holding = std::ranges::count_if(priced, holds);
    if (holding == 0 || std::cmp_equal(holding, priced.size())) continue;
    for (const std::size_t i : priced) named[i] = named[i] || holds(i);
  }
  // A plain one asked beside one singled out is asked too: the clause that says it is the
  // standard one, else the first, which names no kind ("theres 7 normal ones and a bread knife":
  // "Standard kitchen knives cost £6 each and serrated or bread knives cost £8 each", not the
  // Japanese knives after them; "5 pair normal scissors and 2 pair for thinning": both).
  static const std::vector<std::string_view> kPlain = {"normal", "regular", "ordinary",
                                                       "plain",  "usual",   "standard"};
  const bool asks_a_plain_one = ContainsAnyWord(LowerAscii(message), kPlain);
  if (asks_a_plain_one && std::ranges::count(named, true) == 1) {
    const auto plain = std::ranges::find_if(
        priced, [&](std::size_t i) { return ContainsAnyWord(LowerAscii(clauses[i]), kPlain); });
    named[plain != priced.end() ? *plain : priced.front()] = true;
  }
  // One clause alone (or the plain one beside it), not all of them, and each one that stands as
  // a sentence ("Costs £295 and fits about 35 dancers" leans on the clause before it, "once we
  // offer you a place a £200 deposit secures it" on the step before).
  const auto singled_out = std::ranges::count(named, true);
  if (singled_out == 0 || std::cmp_equal(singled_out, priced.size()) ||
      (singled_out > 1 && !asks_a_plain_one)) {
    return std::string(passage);
  }
  static const std::unordered_set<std::string_view> kLeaning = {
      "costs", "cost", "is",   "are",  "was",   "were",  "takes", "fits", "includes", "comes",
      "and",   "or",   "plus", "with", "which", "it",    "they",  "this", "that",     "these",
      "those", "then", "also", "but",  "once",  "after", "when",  "if",   "until"};
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    if (!named[i]) continue;
    const std::vector<std::string> first = Tokenize(clauses[i]);
    if (first.empty() || kLeaning.contains(first.front())) return std::string(passage);
  }
  // The priced clauses not singled out are left out, and so is what follows one of them without
  // a price of its own (", and it comes in a wooden box").
  std::string out;
  bool dropping = false;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    const bool is_priced = std::ranges::find(priced, i) != priced.end();
    dropping = is_priced ? !named[i] : dropping;
    if (dropping) continue;
    if (!out.empty()) out.push_back(' ');
    out += AsSentence(clauses[i]);
  }
  return out;
}

std::string WithoutUnaskedPrices(std::string_view passage, std::string_view message) {
  const std::vector<std::string> sentences = SplitSentences(passage);
  if (sentences.size() < 2 ||
      std::none_of(sentences.begin() + 1, sentences.end(),
                   [](const std::string& sentence) { return StatesAnAmount(sentence); })) {
    return std::string(passage);
  }
  const std::vector<std::string> asked = Terms(RewritePhrases(message));
  static const std::string kPrice = Terms("price").front();
  if (std::ranges::find(asked, kPrice) != asked.end()) return std::string(passage);
  std::string out;
  bool dropped = false;
  bool answers = false;
  for (const std::string& sentence : sentences) {
    const std::vector<std::string> terms = Terms(RewritePhrases(sentence));
    const bool named = std::ranges::any_of(
        terms, [&](const std::string& t) { return std::ranges::find(asked, t) != asked.end(); });
    if (!out.empty() && !named && StatesAnAmount(sentence)) {
      dropped = true;
      continue;
    }
    answers = answers || named;
    if (!out.empty()) out.push_back(' ');
    out += sentence;
  }
  return dropped && answers ? out : std::string(passage);
}

std::string ClauseForTheTime(std::string_view passage, std::string_view message) {
  const std::uint32_t asked = WhenBits(message);
  if (asked == 0) return std::string(passage);
  // Only the kinds the message names: days, seasons, months.
  std::uint32_t kinds = 0;
  for (const std::uint32_t kind : {0x7FU, 0x780U, 0x7FF800U}) {
    if ((asked & kind) != 0) kinds |= kind;
  }
  const std::vector<std::string_view> clauses = FigureClauses(passage);
  std::vector<std::string_view> kept;
  bool dropped = false;
  bool matched = false;
  for (std::string_view clause : clauses) {
    const std::uint32_t names = WhenBits(clause) & kinds;
    if (names != 0 && (names & asked) == 0) {
      dropped = true;
      continue;
    }
    // "we are closed on Mondays": a no keeps the times one can come instead.
    if (names != 0 && ContainsAnyWord(LowerAscii(clause), {"closed", "shut", "not", "no", "dont",
                                                           "don't", "cannot", "can't"})) {
      return std::string(passage);
    }
    matched = matched || names != 0;
    kept.push_back(clause);
  }
  if (!dropped || !matched) return std::string(passage);
  std::string out;
  for (std::string_view clause : kept) {
    if (!out.empty()) out.push_back(' ');
    out += AsSentence(clause);
  }
  return out;
}

std::string CheapestClause(std::string_view passage) {
  const std::vector<std::string_view> clauses = Clauses(passage);
  std::optional<double> best;
  std::string_view cheapest;
  int priced = 0;
  bool tie = false;
  for (std::string_view clause : clauses) {
    const std::optional<double> amount = LowestAmount(clause);
    if (!amount) continue;
    ++priced;
    if (best && *amount == *best) tie = true;
    if (!best || *amount < *best) {
      best = amount;
      cheapest = clause;
      tie = false;
    }
  }
  if (priced < 2 || tie) return std::string(passage);
  return AsSentence(cheapest);
}

bool IsStopWord(std::string_view word) { return StopWords().contains(word); }

bool NamesAWeekday(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  const std::string lower = LowerAscii(text);
  return std::ranges::any_of(kDays, [&](std::string_view day) {
    return ContainsWord(lower, day) || ContainsWord(lower, std::string(day) + "s");
  });
}

namespace {

// A time of day in lower-cased text: "11pm", "7.30 am", "18:45", "midnight", "noon".
const std::regex& TimeOfDayPattern() {
  static const std::regex kTime(
      R"(\b(\d{1,2})(?:[:.](\d{2}))? ?(am|pm)\b|\b(\d{1,2}):(\d{2})\b|\b(midnight|noon|midday)\b)");
  return kTime;
}

// The minutes after midnight of a TimeOfDayPattern match, if it is a time of day.
std::optional<int> MinutesOf(const std::smatch& m) {
  constexpr int kHour = 60;
  constexpr int kNoon = 12;
  constexpr int kDay = 24;
  if (m[6].matched) return m[6] == "midnight" ? 0 : kNoon * kHour;
  const bool twelve_hour = m[3].matched;
  const int hour = std::stoi(twelve_hour ? m[1].str() : m[4].str());
  int minute = 0;
  if (!twelve_hour) {
    minute = std::stoi(m[5].str());
  } else if (m[2].matched) {
    minute = std::stoi(m[2].str());
  }
  if (minute >= kHour) return std::nullopt;
  if (twelve_hour) {
    if (hour < 1 || hour > kNoon) return std::nullopt;
    return ((hour % kNoon) + (m[3] == "pm" ? kNoon : 0)) * kHour + minute;
  }
  if (hour >= kDay) return std::nullopt;
  return hour * kHour + minute;
}

}  // namespace

std::optional<int> TimeOfDayIn(std::string_view text) {
  const std::string lower = LowerAscii(text);
  // (Most messages give no time: the regex runs only on one with a digit or a named hour.)
  if (std::ranges::none_of(
          lower, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) &&
      lower.find("midnight") == std::string::npos && lower.find("noon") == std::string::npos &&
      lower.find("midday") == std::string::npos) {
    return std::nullopt;
  }
  for (auto it = std::sregex_iterator(lower.begin(), lower.end(), TimeOfDayPattern());
       it != std::sregex_iterator(); ++it) {
    if (const std::optional<int> minutes = MinutesOf(*it)) return minutes;
  }
  return std::nullopt;
}

bool HoursHold(std::string_view text, int minutes) {
  const std::string lower = LowerAscii(text);
  static const std::regex kJoint(R"(^\s*(and|to|until|till|-|\xE2\x80\x93)\s*$)");
  std::optional<int> start;
  std::size_t start_end = 0;
  for (auto it = std::sregex_iterator(lower.begin(), lower.end(), TimeOfDayPattern());
       it != std::sregex_iterator(); ++it) {
    const std::optional<int> time = MinutesOf(*it);
    const auto at = static_cast<std::size_t>(it->position());
    if (time && start && std::regex_match(lower.substr(start_end, at - start_end), kJoint)) {
      const bool holds = *start < *time
                             ? (minutes >= *start && minutes < *time)
                             : (*start > *time && (minutes >= *start || minutes < *time));
      if (holds) return true;
    }
    start = time;
    start_end = at + static_cast<std::size_t>(it->length());
  }
  return false;
}

bool NamesAPersonOrATime(std::string_view term) {
  static const std::unordered_set<std::string> kStems = [] {
    std::unordered_set<std::string> stems;
    for (std::string_view word :
         {"husband",       "wife",       "partner",       "boyfriend",   "girlfriend",  "fiance",
          "fiancee",       "sister",     "brother",       "mum",         "mom",         "mother",
          "dad",           "father",     "parents",       "son",         "daughter",    "nan",
          "gran",          "grandma",    "grandad",       "grandmother", "grandfather", "grandson",
          "granddaughter", "aunt",       "uncle",         "cousin",      "niece",       "nephew",
          "friend",        "mate",       "neighbour",     "neighbor",    "flatmate",    "housemate",
          "boss",          "colleague",  "family",        "monday",      "tuesday",     "wednesday",
          "thursday",      "friday",     "saturday",      "sunday",      "morning",     "afternoon",
          "evening",       "night",      "week",          "fortnight",   "month",       "year",
          "january",       "february",   "march",         "april",       "june",        "july",
          "august",        "september",  "october",       "november",    "december",    "summer",
          "winter",        "spring",     "autumn",        "ago",         "yesterday",   "youngest",
          "eldest",        "oldest",     "boy",           "girl",        "venue",       "party",
          "holiday",       "wedding",    "teacher",       "landlord",    "landlady",    "roommate",
          "grandkid",      "grandchild", "grandchildren", "grandpa",     "granddad",    "people",
          "customers"}) {
      stems.insert(StemRaw(word));
    }
    return stems;
  }();
  // A time of day ("6am", "7pm") is the story's too: when, not what.
  const bool clock =
      term.size() > 2 && (term.ends_with("am") || term.ends_with("pm")) &&
      std::isdigit(static_cast<unsigned char>(term.front())) != 0 &&
      std::all_of(term.begin(), term.end() - 2, [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == ':';
      });
  return clock || kStems.contains(std::string(term));
}

bool InSynonymTable(std::string_view stem) { return Synonyms().contains(std::string(stem)); }

std::string Stem(std::string_view word) { return StemRaw(word); }

std::vector<std::string> Terms(std::string_view text) {
  std::vector<std::string> terms;
  for (const std::string& token : Tokenize(text)) {
    if (IsStopWord(token)) continue;
    std::string stem = StemRaw(token);
    const auto& synonyms = Synonyms();
    if (auto it = synonyms.find(stem); it != synonyms.end()) stem = it->second;
    terms.push_back(std::move(stem));
  }
  return terms;
}

std::vector<std::string> SplitSentences(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    std::string_view piece = current;
    while (!piece.empty() && (piece.front() == ' ' || piece.front() == '\t' ||
                              piece.front() == '-' || piece.front() == '*')) {
      piece.remove_prefix(1);
    }
    // UTF-8 bullet "•" (E2 80 A2).
    while (piece.size() >= 3 && piece.substr(0, 3) == "\xE2\x80\xA2") {
      piece.remove_prefix(3);
      while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
    }
    while (!piece.empty() &&
           (piece.back() == ' ' || piece.back() == '\t' || piece.back() == '\r')) {
      piece.remove_suffix(1);
    }
    if (!piece.empty()) out.emplace_back(piece);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      flush();
      continue;
    }
    current += c;
    if ((c == '.' || c == '!' || c == '?') &&
        (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      // Keep abbreviations such as "e.g." and "approx." with their sentence.
      const bool abbreviation =
          EndsWith(current, "e.g.") || EndsWith(current, "i.e.") || EndsWith(current, "approx.") ||
          EndsWith(current, "etc.") || EndsWith(current, "vs.") || EndsWith(current, "Mr.") ||
          EndsWith(current, "Ms.") || EndsWith(current, "Dr.") || EndsWith(current, " Co.");
      if (!abbreviation) flush();
    }
  }
  flush();
  return out;
}

bool ContainsWord(std::string_view text, std::string_view word) {
  if (word.empty()) return false;
  std::size_t pos = 0;
  while ((pos = text.find(word, pos)) != std::string_view::npos) {
    const bool left_ok = pos == 0 || !IsWordByte(static_cast<unsigned char>(text[pos - 1]));
    const std::size_t end = pos + word.size();
    const bool right_ok = end == text.size() || !IsWordByte(static_cast<unsigned char>(text[end]));
    if (left_ok && right_ok) return true;
    ++pos;
  }
  return false;
}

bool ContainsAnyWord(std::string_view text, const std::vector<std::string_view>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return ContainsWord(text, w); });
}

}  // namespace carevoice::llm::local
