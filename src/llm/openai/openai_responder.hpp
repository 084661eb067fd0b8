#pragma once

// The OpenAI-compatible responder: POST {base_url}/chat/completions with stream:true, content
// deltas delivered through the TokenSink as they arrive. Works with OpenAI, vLLM, llama.cpp
// server and Ollama (OPENAI_BASE_URL). Retries 429/5xx/connection failures with exponential
// backoff and jitter (honouring Retry-After) while nothing has been streamed; on final failure it
// answers with the fallback responder (source "local-fallback"). Never logs the API key.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "llm/responder.hpp"

namespace carevoice::llm {

struct OpenAiConfig {
  std::string api_key;  // Sent as "Authorization: Bearer ..."; empty = no header (Ollama).
  std::string base_url = "https://api.openai.com/v1";
  std::string model = "gpt-4o-mini";
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{60'000};  // Per attempt, including the stream.
  int max_retries = 2;                              // Extra attempts after the first.
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{8'000};
  // A Retry-After longer than this is not waited for: the fallback answers instead.
  std::chrono::milliseconds max_retry_after{20'000};
  int history_token_budget = 2'000;    // Approximate tokens of history sent.
  int knowledge_token_budget = 3'000;  // Approximate tokens of knowledge in the system prompt.
  // Waits between attempts; empty = std::this_thread::sleep_for. Tests inject a recorder.
  std::function<void(std::chrono::milliseconds)> sleep;
};

// Returns the OpenAI-compatible responder. `fallback` answers when the endpoint fails and
// provides Welcome(); it may be null (then failures are returned as kUnavailable errors and
// Welcome() is a plain greeting). Thread-safe: each Respond uses its own connection.
std::unique_ptr<Responder> MakeOpenAiResponder(OpenAiConfig config,
                                               std::unique_ptr<Responder> fallback);

}  // namespace carevoice::llm
