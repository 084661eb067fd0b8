#pragma once

// Lexicon-and-rules sentiment with urgency for customer-care text: positive / negative /
// neutral / urgent with a score in [-1, 1]. Handles negation ("not happy", "never works"),
// intensifiers ("very", "extremely"), contrast (the clause after "but" weighs more), emoticons
// and emoji, capitals ("THIS IS UNACCEPTABLE") and repeated punctuation ("!!!"). A plain request
// ("how do I cancel my order?") is neutral. Urgent = an urgency cue (deadline, fraud, safety,
// outage, repeated contact, immediacy) or a strongly negative, shouted message. Deterministic;
// thread-safe for concurrent calls. Not trained on any data set.

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "nlu/lexicon_tokens.hpp"

namespace carevoice::nlu {

// Why a message is urgent.
enum class UrgencyCue {
  kNone,
  kDeadline,         // "by tomorrow", "before my flight", "due today"
  kFraud,            // unauthorised charges, hacked account, stolen card
  kSafety,           // gas leak, smoke, injury, fire
  kOutage,           // "is down", outage, no service
  kRepeatedContact,  // "third time I'm calling"
  kImmediacy,        // "immediately", "asap", "emergency", "urgent"
  kIntensity,        // strongly negative and shouted
};

// Returns "deadline", "fraud", ... ("none" for kNone).
std::string_view UrgencyCueName(UrgencyCue cue);

struct SentimentResult {
  std::string_view label = "neutral";  // positive|negative|neutral|urgent (static strings)
  double score = 0;                    // [-1, 1]; negative for urgent messages.
  UrgencyCue cue = UrgencyCue::kNone;
  // Lexicon sums, for learned models that use the lexicon as features.
  double positive_sum = 0;
  double negative_sum = 0;  // <= 0
};

// Scores at or beyond these are positive / negative.
inline constexpr double kPositiveThreshold = 0.3;
inline constexpr double kNegativeThreshold = -0.3;

class SentimentAnalyzer {
 public:
  // Parses the built-in lexicon (sentiment_lexicon.hpp).
  SentimentAnalyzer();

  // Returns the sentiment of one message.
  SentimentResult Analyze(std::string_view text) const;

  // As Analyze, over tokens already produced by ScanTokens(text).
  SentimentResult Analyze(const std::vector<ScanToken>& tokens) const;

 private:
  struct Word {
    float valence = 0;
    float negated = 0;
  };
  struct Phrase {
    std::vector<std::string> tokens;  // After the first.
    Word word;
  };
  // Returns the urgency cue of the message (kNone if none), given its lexicon sum.
  UrgencyCue FindUrgency(const std::vector<ScanToken>& tokens, double sum) const;

  std::unordered_map<std::string, Word> words_;
  std::unordered_map<std::string, std::vector<Phrase>> phrases_;  // By first token.
  std::unordered_map<std::string, float> intensifiers_;
  // By first word: (all words, factor).
  std::unordered_map<std::string, std::vector<std::pair<std::vector<std::string>, float>>>
      multi_intensifiers_;
  std::unordered_set<std::string> negators_;
  std::unordered_map<std::string, float> symbols_;
  struct Pattern {
    std::vector<std::vector<std::string>> slots;  // Alternatives per slot; {"*"} = 0-2 words.
    UrgencyCue cue = UrgencyCue::kNone;
    bool strong = false;  // Counts without distress context.
  };
  std::unordered_map<std::string, std::vector<int>> patterns_by_first_;
  std::vector<Pattern> patterns_;
};

// Returns the label of `score` without urgency: positive|negative|neutral.
std::string_view LabelForScore(double score);

}  // namespace carevoice::nlu

namespace carevoice::nlu {

// One user message's sentiment, for conversation-level aggregates.
struct ScoredMessage {
  std::string_view label;  // positive|negative|neutral|urgent
  double score = 0;        // [-1, 1]
};

// Returns the conversation sentiment of `messages` (oldest first), weighted towards recent ones
// (each older message weighs kRecencyDecay times the next): "urgent" when the latest message is
// urgent or the one before it is urgent and the latest is not positive; otherwise the label of
// the weighted score against +-kConversationThreshold. "neutral" when empty.
inline constexpr double kRecencyDecay = 0.6;
inline constexpr double kConversationThreshold = 0.15;
std::string_view AggregateSentiment(const std::vector<ScoredMessage>& messages);

// Returns a satisfaction estimate in [1, 5] (one decimal) from the trajectory of `messages`
// (oldest first): 3 + 1.5 x the last score + 0.5 x the recency-weighted score, +0.75 when a
// negative or urgent start ends positive, at most 2.5 when the last message is negative and 1.5
// when it is urgent. 3 when empty.
inline constexpr double kSatisfactionLastWeight = 1.5;
inline constexpr double kSatisfactionMeanWeight = 0.5;
inline constexpr double kSatisfactionRecoveryBonus = 0.75;
double SatisfactionFromTrajectory(const std::vector<ScoredMessage>& messages);

}  // namespace carevoice::nlu
