#pragma once

// Text as it should be spoken: what the TTS adapters are given. Pure, deterministic, no I/O.

#include <string>
#include <string_view>
#include <vector>

namespace carevoice::voice {

// Returns `n` in English words: 25 → "twenty-five", 1250 → "one thousand two hundred fifty".
// REQUIRES: 0 <= n < 10^15.
std::string NumberToWords(long long n);

// Returns the ordinal of `n` in words: 1 → "first", 21 → "twenty-first".
std::string OrdinalToWords(long long n);

// Rewrites `text` for an English voice:
// - prices: "$25" → "twenty-five dollars", "$4.99" → "four dollars and ninety-nine cents",
//   "€10", "£3.50" likewise; "15%" → "fifteen percent";
// - order, ticket and tracking codes (letters and digits, e.g. "HB-20417", "A1B2") spelled out
//   one character at a time: "H B two zero four one seven"; long digit runs (phone numbers,
//   8+ digits) digit by digit;
// - emails: "jo.doe@shop.com" → "jo dot doe at shop dot com"; URLs likewise;
// - dates: "2024-05-01", "05/01/2024" (US order) → "May first, twenty twenty-four";
// - times: "3:30 pm" → "three thirty p m", "14:05" → "fourteen oh five", "9am" → "nine a m";
// - ordinals "1st" → "first"; years 1900-2099 standing alone → "twenty twenty-four";
//   other numbers in words, decimals with "point"; "24/7" → "twenty-four seven";
// - abbreviations: Mr., Mrs., Dr., St., approx., e.g., i.e., etc., vs., No. 5, hrs, mins, ASAP,
//   FAQ, ID, "&" → "and".
// Other text is kept as is.
std::string NormalizeForSpeech(std::string_view text);

// Splits `text` into sentences at '.', '!', '?' (and newlines) followed by a space or the end,
// keeping the punctuation, never splitting inside "Mr.", "e.g.", "$4.99", "3.5" or an email.
// Empty pieces are dropped.
std::vector<std::string> SplitSentences(std::string_view text);

}  // namespace carevoice::voice
