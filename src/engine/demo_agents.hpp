#pragma once

// The built-in demo agents: "Sigma" of Zero to Hero (the old backend's call-simulator agent,
// field for field) and four company support personas (Netflix, Amazon, Pizza Hut, Apple). The
// personas' policies are illustrative demo data written for CareVoice, self-consistent but not
// the companies' real policies. Every agent has user_id "", is_demo true and a fixed id, so
// seeding is idempotent.

#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "llm/sigma.hpp"

namespace carevoice::engine {

// Sigma's exact greeting (U+2019 apostrophes, U+2014 dash): the call-simulator welcome.
inline constexpr std::string_view kSigmaGreeting = llm::kSigmaGreeting;

// Fixed ids of the demo agents.
inline constexpr std::string_view kSigmaAgentId = "64de5a000000000000000001";
inline constexpr std::string_view kNetflixAgentId = "64de5a000000000000000002";
inline constexpr std::string_view kAmazonAgentId = "64de5a000000000000000003";
inline constexpr std::string_view kPizzaHutAgentId = "64de5a000000000000000004";
inline constexpr std::string_view kAppleAgentId = "64de5a000000000000000005";

// Returns the demo agents: Sigma first, then Netflix, Amazon, Pizza Hut and Apple.
std::vector<core::Agent> DemoAgents();

// Returns the demo agent whose id, company or name equals `id_or_company` (company and name
// compared case-insensitively, e.g. "pizza hut", "Sigma"); nullptr if none. The pointee lives
// for the whole program.
const core::Agent* FindDemoAgent(std::string_view id_or_company);

// Returns Sigma, the call-simulator agent.
const core::Agent& SigmaAgent();

}  // namespace carevoice::engine
