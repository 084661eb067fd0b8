#pragma once

// The sentiment lexicon: word and phrase valences in [-4, 4] written for customer-care text,
// the modifier word lists (negators, intensifiers, contrast words) and the emoticon/emoji
// valences. Data only; SentimentAnalyzer (sentiment.hpp) parses it once at construction.

#include <string_view>

namespace carevoice::nlu::lexicon {

// Entries separated by whitespace: "word:valence" or "word:valence:negated_valence". A phrase
// joins its words with '_' ("on_hold"). Without an explicit negated valence, a negated positive
// word gets -0.75 x valence and a negated negative word -0.5 x valence. A valence of 0 with a
// negated valence marks a word that only carries sentiment when negated ("works": "never
// works").
extern const std::string_view kWords;

// Words that multiply the next sentiment word: "word:factor".
extern const std::string_view kIntensifiers;

// Words that negate the next three words.
extern const std::string_view kNegators;

// Emoticons and emoji: "symbol:valence".
extern const std::string_view kSymbols;

}  // namespace carevoice::nlu::lexicon
