#pragma once

// Language identification for the built-in responder, which answers in English only: it tells a
// customer who writes in Spanish, French, German, Portuguese, Italian or Polish, in their language,
// that it answers in English and offers a person. Function-word voting; pure and thread-safe.

#include <string>
#include <string_view>

namespace carevoice::llm::local {

// Returns "es", "fr", "de", "pt", "it" or "pl" when `text` is clearly in that language (at least
// two of its function words or greetings, more than of any other language and more than English
// ones; or a greeting or thanks of that language alone: "hola", "merci"), otherwise "en".
std::string_view DetectLanguage(std::string_view text);

// Returns, in language `lang` (as DetectLanguage returns, not "en"), the sentence that the agent
// answers in English only, followed by an offer of a person that OffersHandoff recognises.
std::string EnglishOnlyNotice(std::string_view lang);

// Returns true iff `text` is a plain yes in one of the supported languages ("sí", "oui", "ja",
// "tak").
bool IsForeignYes(std::string_view text);

}  // namespace carevoice::llm::local
