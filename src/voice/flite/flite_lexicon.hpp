#pragma once

// Pronunciations for words the recogniser's dictionary lacks (an agent's product and company
// names): Flite's CMU lexicon, with its letter-to-sound rules for words it does not list.

#include <string>
#include <string_view>

namespace carevoice::voice {

// Returns `word` (lower-case letters and apostrophes) as CMU/PocketSphinx phones without stress,
// e.g. "zorblax" → "Z AO R B L AE K S"; "" when Flite gives nothing. Thread-safe.
std::string FlitePronunciation(std::string_view word);

}  // namespace carevoice::voice
