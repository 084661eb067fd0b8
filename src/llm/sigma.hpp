#pragma once

// The built-in demo agent "Sigma" of Zero to Hero (the old backend's call-simulator agent): its
// exact greeting, shared by the engine's demo agent and the built-in responder's welcome.

#include <string_view>

namespace carevoice::llm {

// The exact greeting of the built-in demo agent "Sigma" (legacy demoAgent.greeting), with
// U+2019 and U+2014.
inline constexpr std::string_view kSigmaGreeting =
    "Yo, I\u2019m Sigma \u2014 your personal guide from tutorial hell to top-tier tech. "
    "Let\u2019s turn that beta energy into FAANG material, one smart move at a time.";

}  // namespace carevoice::llm
