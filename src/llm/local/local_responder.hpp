#pragma once

// The built-in responder: knowledge-grounded (BM25 over the agent's companyInfo, prompts[] and
// knowledge Q&A), intent-aware for the common customer-care cases, with slots remembered across
// turns in ResponderRequest::state_json. Never states a fact that is not in the agent's
// knowledge: when retrieval finds nothing relevant it says so and offers a human.

#include <memory>
#include <string_view>

#include "core/domain.hpp"
#include "llm/responder.hpp"

namespace carevoice::llm {

// The exact greeting of the built-in demo agent "Sigma" (legacy demoAgent.greeting), with
// U+2019 and U+2014.
inline constexpr std::string_view kSigmaGreeting =
    "Yo, I\u2019m Sigma \u2014 your personal guide from tutorial hell to top-tier tech. "
    "Let\u2019s turn that beta energy into FAANG material, one smart move at a time.";

// Returns true iff `agent` is the built-in demo agent Sigma of Zero to Hero.
bool IsSigmaAgent(const core::Agent& agent);

// Returns the built-in responder. Stateless between calls (all state travels in state_json);
// thread-safe.
std::unique_ptr<Responder> MakeLocalResponder();

}  // namespace carevoice::llm
