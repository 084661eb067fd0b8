#pragma once

// The built-in responder: knowledge-grounded (BM25 over the agent's companyInfo, prompts[] and
// knowledge Q&A), intent-aware for the common customer-care cases, with slots remembered across
// turns in ResponderRequest::state_json. Never states a fact that is not in the agent's
// knowledge: when retrieval finds nothing relevant it says so and offers a human.
//
// Answering: the message is split into question parts; each part gets the one passage that
// answers it best (synonyms, related terms, misspellings within 1-2 edits, customer phrasings
// such as "send them back"), and a short follow-up ("How much is it?") is read with the previous
// question and answer, kept in the state (the engine passes only a recent window of history).
// A passage that restates one already in the reply is left out.
//
// Promises: a reply only *offers* a person (a closing question, llm::OffersHandoff) unless it
// sets ResponderReply::handoff, which the engine must honour by escalating. It never says that
// it cancelled, refunded or logged anything: it cannot act on orders, and says so when asked.
//
// Agent configuration honoured here (the rest needs an LLM adapter):
//   - responseStyle: wording of every fixed phrase (formal has no contractions);
//   - personality: "empathetic"/"warm", "enthusiastic"/"upbeat", "concise"/"direct" traits;
//   - settings.maxTokens: the reply is cut to about 0.75 words per token (at least 12 words),
//     closing pleasantries first, never the first sentence or a closing offer of a person;
//   - systemPrompt and instruction-like prompts[] lines: "be concise / brief / short"; "never
//     mention X", "don't talk about X", "avoid X" (passages about X are not read out); "always
//     offer a human for X", "escalate when X" (a message about X gets the offer of a person).
//   Not honoured (needs an LLM): free-form persona text, tone beyond the four styles, any other
//   instruction, settings.temperature, and answering in a language other than English (the
//   customer is told so in their language: Spanish, French, German, Portuguese, Italian).

#include <memory>
#include <string_view>

#include "core/domain.hpp"
#include "llm/responder.hpp"
#include "llm/sigma.hpp"

namespace carevoice::llm {

// Returns true iff `agent` is the built-in demo agent Sigma of Zero to Hero.
bool IsSigmaAgent(const core::Agent& agent);

// Returns the built-in responder. Dialogue state travels in state_json only; the responder keeps
// nothing between calls but a bounded cache of knowledge indexes, one per agent version (id,
// updatedAt and a fingerprint of the knowledge). Thread-safe.
std::unique_ptr<Responder> MakeLocalResponder();

}  // namespace carevoice::llm
