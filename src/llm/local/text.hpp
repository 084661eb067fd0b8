#pragma once

// Text analysis for the built-in responder: tokenizer, stop words, a light suffix stemmer,
// canonical synonyms, and a sentence splitter. ASCII-case-insensitive; bytes >= 0x80 are kept
// as word characters. Pure functions, thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strings.hpp"

namespace carevoice::llm::local {

// Returns the lower-cased word tokens of `text` (letters, digits and UTF-8 bytes; apostrophes
// inside words are dropped, so "don't" -> "dont").
std::vector<std::string> Tokenize(std::string_view text);

// Returns true iff `word` (lower-case) is an English stop word.
bool IsStopWord(std::string_view word);

// Returns the stem of lower-case `word`: "refunds"/"refunded"/"refunding" -> "refund",
// "deliveries" -> "deliveri"... consistent for inflections of one word, not a dictionary form.
std::string Stem(std::string_view word);

// Returns the index terms of `text`: tokens minus stop words, stemmed, with common customer-care
// synonyms mapped to one canonical term ("shipping" and "delivery" -> "deliv", "cost" and
// "price" -> "price", ...).
std::vector<std::string> Terms(std::string_view text);

// Returns true iff stem `stem` (Stem) is a word of the hand synonym table that Terms() applies
// ("ship", "cost", "refund"): the table, not a general-language resource, decides its meaning.
bool InSynonymTable(std::string_view stem);
// Returns true iff `text` has an amount of money: a currency sign before a digit ("£12",
// "$5"), or a number before "pound(s)", "dollar(s)", "euro(s)" or "pence".
bool StatesAnAmount(std::string_view text);
// Returns true iff `text` states an amount (StatesAnAmount) or names a sum without a figure ("a
// deposit equal to one month's rent", "the fee"): it answers "how much".
bool StatesASum(std::string_view text);
// Returns the clause of `passage` that states its lowest amount ("Single-vision glasses start at
// £69 including frames and lenses" of "..., and varifocals start at £189."), as a sentence, when
// two or more of its clauses (split at "; ", ", and ", ", while " and ". ") state an amount with a
// currency sign and one is lowest; else `passage` unchanged. For "what's the cheapest".
std::string CheapestClause(std::string_view passage);
// Returns the clauses of `passage` (split as CheapestClause splits) that fit the days, seasons or
// months `message` names, each as a sentence, leaving out the clauses that name only others
// ("and what about saturday": "9am to 9pm on Saturdays and Sundays." of "We're open 7am to 10pm
// Monday to Friday, and 9am to 9pm on Saturdays and Sundays."). Clauses that name no such time
// stay. Returns `passage` unchanged unless a clause is left out and a kept one names the time.
std::string ClauseForTheTime(std::string_view passage, std::string_view message);
// Returns the clauses of `passage` (split as ClauseForTheTime splits) that price what `message`
// names, each as a sentence, leaving out those that price only other things ("wats the heather
// one cost": "A 340g jar of heather honey costs £9.80." of "A 340g jar of our wildflower honey
// costs £7.50, a 340g jar of heather honey costs £9.80, and a boxed section of cut comb costs
// £12."), and a clause without a price after a left-out one. A word of the message names a
// clause when some priced clauses hold it and not all, and the passage's `question` does not
// ("how much is your honey" names no one of them). Returns `passage` unchanged unless some but
// not all priced clauses are named, or when a priced clause prices by who pays (adults,
// children, members...).
std::string ClauseForTheItem(std::string_view passage, std::string_view question,
                             std::string_view message);
// Returns `passage` without its sentences after the first that state an amount and hold no word
// of `message`, when the message asks no price and a sentence kept holds one of its words ("whats
// parking like there": the car park, not "Delivery ... costs £1.90 per mile beyond that."); else
// unchanged. (The first sentence stays: "Every move includes goods-in-transit insurance up to
// £50,000" answers "what if something gets broken".)
std::string WithoutUnaskedPrices(std::string_view passage, std::string_view message);

// Returns the stems of the words of `text` besides pronouns, question words and particles,
// sorted and unique, stop words kept: what a message must hold to echo a knowledge question made
// only of stop words ("What do I need to do before you come?" -> before, come, need).
std::vector<std::string> EchoWords(std::string_view text);

// The optimal-string-alignment edit distance (core/strings.hpp; the NLU's speller shares it).
using core::EditDistance;

// Returns the largest edit distance at which a misspelling of a word of `length` letters is
// still corrected: 0 below 4 letters, 1 up to 6, 2 from 7.
int TypoBudget(std::size_t length);

// Returns true iff lower-case `word` is one edit away from a stop word of 4+ letters ("lng" ->
// "long", "wht" -> "what").
bool IsMisspeltStopWord(std::string_view word);

// Returns the related canonical terms of canonical term `term` that may answer for it, weaker
// than a synonym ("leav" -> {"deliv", "cancel"}; "fit" -> {"size", "return"}). Empty if none.
const std::vector<std::string>& RelatedTerms(const std::string& term);

// Returns true iff index term `term` (a stem) names one of the people around a customer
// ("husband", "sister", "friend") or a time ("friday", "night", "month"): told of in a story,
// rarely what is asked about.
bool NamesAPersonOrATime(std::string_view term);

// Returns true iff `text` (any case) names a day of the week ("Tuesday", "on Saturdays").
bool NamesAWeekday(std::string_view text);

// Returns the first time of day that `text` (any case) gives, in minutes after midnight: "11pm",
// "7.30 am", "18:45", "midnight", "noon".
std::optional<int> TimeOfDayIn(std::string_view text);

// Returns true iff a span of hours that `text` states ("between 6pm and 8am", "from 9am to
// 5:30pm", "10am-4pm") holds `minutes` after midnight; a span that ends before it starts runs
// overnight.
bool HoursHold(std::string_view text, int minutes);

// Returns lower-cased `text` with multi-word customer phrasings replaced by the word a
// knowledge base would use ("send them back" -> "return", "pay later" -> "financing",
// "phone line" -> "landline").
std::string RewritePhrases(std::string_view text);

// Returns `text` with ", " before a question that follows a story without punctuation, as many
// customers type ("i'm 17 and want to learn to drive how much are your lessons", "my boiler is
// due its check what do you charge"): before a question word or an auxiliary whose clause inverts
// ("what do you", "how much are your", "can you", "do you still"), unless the word before
// introduces it ("tell me what is", "wondering how", "and how") or ends in punctuation, or a
// question word two words back goes on through its noun ("what time do you open"). An embedded
// question does not invert ("check what time you open") and is left alone. In a message with no
// punctuation at all, also before a subject of the customer's own after a question has opened
// ("how many kids would be in with her she gets overwhelmed"), unless the word before leads into
// it ("and she", "if i") or an auxiliary follows it ("a bike he can borrow").
std::string MarkUnpunctuatedQuestions(std::string_view text);

// Splits free text into sentences and list items: on ".", "!" or "?" followed by white space, on
// line breaks, and on bullet markers. Pieces are trimmed; empty pieces are dropped.
std::vector<std::string> SplitSentences(std::string_view text);

// Returns true iff lower-case `text` contains `word` as a whole word (word = [a-z0-9'] run).
// `word` may contain spaces ("money back").
bool ContainsWord(std::string_view text, std::string_view word);

// Returns true iff `text` (already lower-case) contains any of `words` as a whole word.
bool ContainsAnyWord(std::string_view text, const std::vector<std::string_view>& words);

}  // namespace carevoice::llm::local
