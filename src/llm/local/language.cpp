#include "llm/local/language.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/strings.hpp"
#include "llm/local/text.hpp"

namespace carevoice::llm::local {
namespace {

struct Vocabulary {
  std::string_view lang;
  std::unordered_set<std::string_view> words;
};

// Frequent function words, greetings and customer-care words; words shared with English ("a",
// "me", "no", "is") are left out. UTF-8 as typed, lower-case.
const std::vector<Vocabulary>& Vocabularies() {
  static const std::vector<Vocabulary> kVocab = {
      {"es", {"hola",   "el",     "los",      "las",     "del",     "que",     "qué",     "por",
              "para",   "con",    "una",      "está",    "cuánto",  "cuanto",  "tarda",   "envío",
              "envio",  "pedido", "puedo",    "quiero",  "gracias", "cómo",    "como",    "dónde",
              "donde",  "mi",     "es",       "tienen",  "hay",     "zapatos", "buenos",  "días",
              "cuesta", "y",      "pero",     "usted",   "hablas",  "habla",   "español", "buenas",
              "tardes", "noches", "necesito", "puede",   "pueden",  "hacen",   "precio",  "horario",
              "abren",  "móvil",  "teléfono", "también", "más"}},
      {"fr",
       {"bonjour",  "le",         "les",     "des",        "est",        "je",           "vous",
        "mon",      "ma",         "mes",     "pour",       "avec",       "une",          "combien",
        "coûte",    "merci",      "pouvez",  "peux",       "est-ce",     "livraison",    "commande",
        "quand",    "où",         "et",      "pas",        "abonnement", "l'abonnement", "c'est",
        "qu'il",    "votre",      "vos",     "chaussures", "salut",      "bonsoir",      "parlez",
        "français", "un",         "avez",    "avez-vous",  "êtes-vous",  "pouvez-vous",  "plaît",
        "ouvert",   "végétarien", "réserver"}},
      {"de", {"guten",  "tag",       "hallo",      "wie",    "lange", "dauert",
              "die",    "der",       "das",        "ich",    "ist",   "kann",
              "nicht",  "und",       "danke",      "bitte",  "mein",  "meine",
              "ihr",    "sie",       "wann",       "wo",     "wenn",  "zurückschicken",
              "schuhe", "lieferung", "bestellung", "kostet", "viel",  "installation",
              "passen", "haben",     "auf",        "mit",    "für",   "sprechen",
              "deutsch"}},
      {"pt", {"olá",   "ola",    "vocês", "você",  "obrigado", "obrigada", "não",   "quanto",
              "tempo", "demora", "meu",   "minha", "entrega",  "pedido",   "posso", "como",
              "onde",  "está",   "uma",   "para",  "com",      "bom",      "dia",   "tem",
              "de",    "do",     "da",    "e",     "fala",     "português"}},
      {"it",
       {"ciao",   "buongiorno", "quanto",   "costa",  "una",    "di",    "il",     "della",
        "del",    "sono",       "posso",    "grazie", "come",   "dove",  "quando", "spedizione",
        "ordine", "per",        "con",      "che",    "vorrei", "avete", "e",      "mio",
        "mia",    "parla",      "italiano", "anche",  "delle",  "degli", "nel",    "voi",
        "fate",   "fare",       "questo",   "cosa"}},
      {"pl",
       {"dzień",     "dzien",      "dobry",     "dobrze",     "cześć",      "czesc",   "witam",
        "dziękuję",  "dziekuje",   "proszę",    "prosze",     "jak",        "ile",     "kosztuje",
        "kosztują",  "czy",        "nie",       "jest",       "są",         "mój",     "moja",
        "moje",      "mojego",     "mam",       "się",        "sie",        "gdzie",   "kiedy",
        "można",     "mozna",      "możecie",   "mozecie",    "możemy",     "pani",    "państwo",
        "chciałbym", "chciałabym", "chcialbym", "potrzebuję", "potrzebuje", "godziny", "cena",
        "jestem",    "polsku",     "angielsku", "mówić",      "mowic",      "że",      "tak",
        "też",       "bardzo",     "dla",       "przez",      "albo",       "lub",     "który",
        "która",     "które",      "wizyta",    "wizytę",     "jego",       "jej",     "tego",
        "syn",       "córka",      "mąż",       "żona"}},
  };
  return kVocab;
}

const std::unordered_set<std::string_view>& EnglishWords() {
  static const std::unordered_set<std::string_view> kWords = {
      "the",  "is",  "are",   "do",     "does",  "you",    "i",    "my",   "your", "what",
      "how",  "can", "when",  "where",  "and",   "to",     "of",   "for",  "it",   "have",
      "with", "hi",  "hello", "please", "order", "thanks", "much", "long", "will", "would",
      "an",   "in",  "on",    "we",     "this",  "that",   "be"};
  return kWords;
}

// Lower-case words (ASCII lowered; UTF-8 bytes kept; apostrophes kept inside words).
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char ch : core::ToLowerAscii(text)) {
    const auto c = static_cast<unsigned char>(ch);
    const bool word = (c >= 'a' && c <= 'z') || c >= 0x80 || c == '\'' || c == '-';
    if (word) {
      current += ch;
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  // "¿" and "¡" (C2 BF, C2 A1) lead Spanish questions; drop them from the word.
  for (std::string& w : words) {
    while (w.size() >= 2 && static_cast<unsigned char>(w[0]) == 0xC2 &&
           (static_cast<unsigned char>(w[1]) == 0xBF || static_cast<unsigned char>(w[1]) == 0xA1)) {
      w.erase(0, 2);
    }
  }
  return words;
}

}  // namespace

std::string_view DetectLanguage(std::string_view text) {
  const std::vector<std::string> words = Words(text);
  int english = 0;
  for (const std::string& w : words) english += EnglishWords().contains(w) ? 1 : 0;
  std::string_view best = "en";
  int best_votes = 0;
  int second = 0;
  for (const Vocabulary& v : Vocabularies()) {
    int votes = 0;
    for (const std::string& w : words) votes += v.words.contains(w) ? 1 : 0;
    if (votes > best_votes) {
      second = best_votes;
      best_votes = votes;
      best = v.lang;
    } else if (votes > second) {
      second = votes;
    }
  }
  // A greeting or thanks of one language alone ("hola", "merci", "danke"): no vote is needed
  // from a second word.
  static const std::unordered_set<std::string_view> kGreetings = {
      "hola",       "gracias", "buenos", "buenas", "bonjour",  "bonsoir",  "salut", "merci",
      "hallo",      "danke",   "guten",  "olá",    "obrigado", "obrigada", "ciao",  "grazie",
      "buongiorno", "cześć",   "czesc",  "witam",  "dziękuję", "dziekuje"};
  if (english == 0 && !words.empty() && words.size() <= 3 &&
      std::ranges::any_of(words, [](const std::string& w) { return kGreetings.contains(w); })) {
    for (const Vocabulary& v : Vocabularies()) {
      if (std::ranges::all_of(words, [&](const std::string& w) { return v.words.contains(w); })) {
        return v.lang;
      }
    }
  }
  const bool spanish_mark = text.find("¿") != std::string_view::npos;  // "¿"
  if (spanish_mark && best_votes >= 1 && best == "es") return "es";
  // "¿" or "¡" opens only Spanish; with no English word it decides alone ("¿Reparan pantallas
  // de móviles?").
  const bool spanish_opening = text.find("¡") != std::string_view::npos;  // "¡"
  if ((spanish_mark || spanish_opening) && english == 0 && !words.empty()) return "es";
  if (best_votes >= 2 && best_votes > second && best_votes > english) return best;
  // A tie between close languages (Spanish/Portuguese/Italian share words): a marked word
  // decides; otherwise keep the first best.
  if (best_votes >= 2 && best_votes == second && best_votes > english) return best;
  return "en";
}

std::string EnglishOnlyNotice(std::string_view lang) {
  if (lang == "es") {
    return "Lo siento, solo puedo responder en inglés. ¿Quiere que le ponga en "
           "contacto con una persona de nuestro equipo?";
  }
  if (lang == "fr") {
    return "Désolé, je ne peux répondre qu'en anglais. Voulez-vous que je "
           "vous mette en relation avec un membre de notre équipe ?";
  }
  if (lang == "de") {
    return "Entschuldigung, ich kann nur auf Englisch antworten. Soll ich Sie mit einem "
           "Mitarbeiter unseres Teams verbinden?";
  }
  if (lang == "pt") {
    return "Desculpe, só posso responder em inglês. Quer que eu o coloque em "
           "contacto com uma pessoa da nossa equipa?";
  }
  if (lang == "pl") {
    return "Przepraszam, mogę odpowiadać tylko po angielsku. Czy mam przekazać rozmowę osobie z "
           "naszego zespołu?";
  }
  if (lang == "it") {
    return "Mi dispiace, posso rispondere solo in inglese. Vuole che la metta in contatto con "
           "una persona del nostro team?";
  }
  return "I can only answer in English. Would you like me to connect you with a member of our "
         "team?";
}

bool IsForeignYes(std::string_view text) {
  const std::vector<std::string> words = Words(text);
  if (words.empty() || words.size() > 4) return false;
  static const std::unordered_set<std::string_view> kYes = {
      "sí",    "si",    "oui",   "ja",       "sim",    "claro",  "certo", "volontiers",
      "gerne", "bitte", "por",   "favor",    "favore", "merci",  "per",   "s'il",
      "vous",  "plaît", "plait", "obrigado", "tak",    "proszę", "prosze"};
  static const std::unordered_set<std::string_view> kStrong = {"sí",  "si",    "oui",   "ja",
                                                               "sim", "claro", "certo", "tak"};
  bool strong = false;
  for (const std::string& w : words) {
    if (!kYes.contains(w)) return false;
    strong = strong || kStrong.contains(w);
  }
  return strong;
}

}  // namespace carevoice::llm::local
