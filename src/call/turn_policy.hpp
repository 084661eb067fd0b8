#pragma once

// What a live call decides from words: how long a silence ends the caller's turn, and which short
// utterances are backchannels ("mm-hm", "ok", "yeah") that must not interrupt the agent. Pure.

#include <chrono>
#include <string_view>

namespace carevoice::call {

struct TurnConfig {
  // Silence after speech that ends the turn (VOICE_HANGOVER_MS).
  std::chrono::milliseconds hangover{300};
  // The silence when the partial transcript ends in a word that announces more ("and", "or",
  // "but", "um", "so", "because") or a number being read out (VOICE_HANGOVER_LONG_MS).
  std::chrono::milliseconds long_hangover{800};
  // Speech shorter than this is a noise: no turn, no barge-in (VOICE_MIN_SPEECH_MS).
  std::chrono::milliseconds min_speech{250};
  // Speech during playback longer than this interrupts whatever the words (a backchannel is
  // shorter).
  std::chrono::milliseconds barge_in_confirm{900};
  // No speech for this long after the agent finished: a re-prompt; twice: the call ends
  // (VOICE_IDLE_MS).
  std::chrono::milliseconds idle{8000};
};

// Returns true when `partial` (a lower-case transcript) ends in a word after which a speaker
// usually continues: a conjunction, a filler, or a number word or digit.
bool ExpectsMore(std::string_view partial);

// Returns the silence that ends the turn after `partial`.
std::chrono::milliseconds HangoverFor(std::string_view partial, const TurnConfig& config);

// Returns true when `transcript` is empty or made only of backchannel words ("mm-hm", "uh-huh",
// "hmm", "ok", "okay", "yeah", "yes", "yep", "right", "sure", "alright", "i see", "got it"...).
bool IsBackchannel(std::string_view transcript);

}  // namespace carevoice::call
