#pragma once

// The recogniser's bias for one agent (issue 11, "domain biasing"): the agent's own words.

#include "core/domain.hpp"
#include "voice/tts.hpp"

namespace carevoice::voice {

// The agent's name, company, system prompt, company info, prompts, knowledge questions and
// answers, and custom intents' examples and replies, one phrase per line; key = agent id + a
// hash of that text, so any edit of those fields gives a new key (and a rebuilt model).
SttBias AgentSttBias(const core::Agent& agent);

}  // namespace carevoice::voice
