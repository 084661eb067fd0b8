#include "llm/openai/openai_responder.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <random>
#include <thread>

#include "core/strings.hpp"
#include "llm/local/dialogue_state.hpp"
#include "llm/openai/chat_request.hpp"
#include "llm/openai/sse_parser.hpp"
#include "net/http_client.hpp"

namespace carevoice::llm {
namespace {

using openai::SseParser;

constexpr std::size_t kMaxErrorBody = std::size_t{16} * 1024;
constexpr std::string_view kCutOffNote =
    " (Sorry, my reply was cut off. Please ask again if you need more detail.)";

// What one HTTP attempt produced.
struct Attempt {
  std::optional<std::string> transport_error;  // Connection failure, timeout, reset.
  long status = 0;
  std::string text;       // Content streamed (or read from a non-streamed body).
  bool streamed = false;  // Some content reached the sink.
  bool done = false;      // "[DONE]" / finish_reason seen, or a complete non-streamed body.
  std::optional<std::string> stream_error;
  std::string error_body;
  std::optional<std::chrono::milliseconds> retry_after;
};

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value) {
  value = core::TrimAscii(value);
  if (value.empty() || value.size() > 9) return std::nullopt;
  double seconds = 0;
  std::size_t i = 0;
  for (; i < value.size() && value[i] >= '0' && value[i] <= '9'; ++i) {
    seconds = seconds * 10 + (value[i] - '0');
  }
  if (i < value.size() && value[i] == '.') {
    double scale = 0.1;
    for (++i; i < value.size() && value[i] >= '0' && value[i] <= '9'; ++i, scale /= 10) {
      seconds += (value[i] - '0') * scale;
    }
  }
  if (i != value.size()) return std::nullopt;  // HTTP-date form: not supported, use backoff.
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

std::string ChatUrl(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/chat/completions";
}

bool Retryable(const Attempt& a) {
  if (a.transport_error) return true;  // Connection failure, timeout, reset.
  if (a.status == 429 || a.status >= 500) return true;
  if (a.status == 200 && !a.done && !a.stream_error) return true;  // Empty/truncated.
  return a.status == 200 && a.stream_error.has_value();
}

std::string Describe(const Attempt& a) {
  if (a.transport_error) return *a.transport_error;
  if (a.stream_error) return "stream error: " + *a.stream_error;
  if (a.status != 200) {
    std::string message = openai::ParseErrorMessage(a.error_body);
    if (message.size() > 200) message.resize(200);
    return "HTTP " + std::to_string(a.status) + (message.empty() ? "" : ": " + message);
  }
  return "empty or incomplete stream";
}

bool OffersHuman(std::string_view text) {
  const std::string lower = core::ToLowerAscii(text);
  for (std::string_view cue : {"connect you with", "connect you to", "human agent", "team member",
                               "member of our team", "member of the team", "representative",
                               "transfer you", "real person", "live agent", "a person"}) {
    if (lower.find(cue) != std::string::npos) return true;
  }
  return false;
}

class OpenAiResponder final : public Responder {
 public:
  OpenAiResponder(OpenAiConfig config, std::unique_ptr<Responder> fallback)
      : config_(std::move(config)),
        fallback_(std::move(fallback)),
        url_(ChatUrl(config_.base_url)) {}

  core::Result<ResponderReply> Respond(const ResponderRequest& request,
                                       const TokenSink& on_token) override {
    if (request.agent == nullptr || request.history == nullptr) {
      return core::Error::Internal("Responder request without agent or history");
    }
    try {
      return RespondImpl(request, on_token);
    } catch (const std::exception& e) {
      spdlog::error("openai responder: unexpected exception: {}", e.what());
      return Fallback(request, on_token, "internal error");
    }
  }

  std::string Welcome(const core::Agent& agent) override {
    if (fallback_) return fallback_->Welcome(agent);
    return "Hi, I'm " + agent.name + " from " + agent.company + ". How can I help you today?";
  }

 private:
  core::Result<ResponderReply> RespondImpl(const ResponderRequest& request,
                                           const TokenSink& on_token) {
    local::DialogueState state = local::DialogueState::FromJson(request.state_json);
    std::string question;
    for (auto it = request.history->rbegin(); it != request.history->rend(); ++it) {
      if (it->role == core::MessageRole::kUser) {
        question = it->content;
        break;
      }
    }
    local::UpdateSlots(state, question);
    ++state.turns;
    const core::Agent& agent = *request.agent;
    const std::string body = openai::BuildRequestBody(
        config_.model,
        openai::BuildSystemPrompt(agent, state, question, config_.knowledge_token_budget),
        openai::FitHistory(*request.history, config_.history_token_budget),
        agent.settings.max_tokens, agent.settings.temperature);

    std::mt19937 rng(std::random_device{}());
    const int attempts = std::max(config_.max_retries, 0) + 1;
    Attempt last;
    for (int i = 0; i < attempts; ++i) {
      last = Perform(body, on_token);
      if (last.streamed) {
        return Success(std::move(last), state, on_token);
      }
      const bool retry = Retryable(last) && i + 1 < attempts;
      spdlog::warn("openai: attempt {}/{} to {} failed: {}{}", i + 1, attempts, url_,
                   Describe(last), retry ? "; retrying" : "");
      if (!retry) break;
      std::chrono::milliseconds wait = Backoff(i, rng);
      if (last.retry_after) {
        if (*last.retry_after > config_.max_retry_after) break;
        wait = std::max(wait, *last.retry_after);
      }
      Sleep(wait);
    }
    return Fallback(request, on_token, Describe(last));
  }

  core::Result<ResponderReply> Success(Attempt attempt, const local::DialogueState& state,
                                       const TokenSink& on_token) {
    ResponderReply reply;
    reply.text = std::move(attempt.text);
    const bool complete = attempt.done && !attempt.transport_error && !attempt.stream_error;
    if (!complete) {
      spdlog::warn("openai: stream from {} broke after {} bytes ({}); keeping the partial reply",
                   url_, reply.text.size(), Describe(attempt));
      reply.text += kCutOffNote;
      if (on_token) on_token(kCutOffNote);
    }
    reply.source = "openai";
    reply.offered_human = OffersHuman(reply.text);
    reply.state_json = state.ToJson();
    return reply;
  }

  core::Result<ResponderReply> Fallback(const ResponderRequest& request, const TokenSink& on_token,
                                        const std::string& reason) {
    if (!fallback_) {
      return core::Error::Unavailable("The language model endpoint failed: " + reason);
    }
    spdlog::warn("openai: falling back to the local responder ({})", reason);
    auto reply = fallback_->Respond(request, on_token);
    if (reply.has_value()) reply->source = "local-fallback";
    return reply;
  }

  std::chrono::milliseconds Backoff(int attempt, std::mt19937& rng) const {
    const double base =
        static_cast<double>(config_.initial_backoff.count()) * (1 << std::min(attempt, 16));
    const double capped = std::min(base, static_cast<double>(config_.max_backoff.count()));
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return std::chrono::milliseconds(static_cast<long long>(capped * jitter(rng)));
  }

  void Sleep(std::chrono::milliseconds wait) const {
    if (config_.sleep) {
      config_.sleep(wait);
    } else {
      std::this_thread::sleep_for(wait);
    }
  }

  Attempt Perform(const std::string& body, const TokenSink& on_token) {
    Attempt attempt;
    SseParser parser([&](std::string_view data) {
      const openai::StreamEvent event = openai::ParseStreamEvent(data);
      if (event.error) {
        attempt.stream_error = event.error;
        return;
      }
      if (!event.content.empty()) {
        attempt.text += event.content;
        attempt.streamed = true;
        if (on_token) on_token(event.content);
      }
      if (event.done) attempt.done = true;
    });
    std::string raw;  // Body bytes kept when no SSE data was seen (non-streamed JSON, errors).
    net::HttpRequest request;
    request.url = url_;
    request.headers = {"Content-Type: application/json", "Accept: text/event-stream"};
    if (!config_.api_key.empty())
      request.headers.push_back("Authorization: Bearer " + config_.api_key);
    request.body = body;
    request.connect_timeout = config_.connect_timeout;
    request.total_timeout = config_.total_timeout;
    request.on_header = [&attempt](std::string_view line) {
      const std::size_t colon = line.find(':');
      if (colon != std::string_view::npos &&
          core::EqualsIgnoreCaseAscii(core::TrimAscii(line.substr(0, colon)), "retry-after")) {
        attempt.retry_after = ParseRetryAfter(line.substr(colon + 1));
      }
    };
    request.on_body = [&](long status, std::string_view bytes) {
      if (status != 200) {
        if (attempt.error_body.size() < kMaxErrorBody) attempt.error_body.append(bytes);
        return true;
      }
      parser.Feed(bytes);
      if (!parser.saw_data() && raw.size() < 4 * kMaxErrorBody) raw.append(bytes);
      return true;
    };
    auto response = net::Send(request);
    if (!response) {
      attempt.transport_error = response.error().message;
      return attempt;
    }
    attempt.status = response->status;
    if (attempt.status == 200) {
      parser.Finish();
      if (!parser.saw_data() && !raw.empty()) {
        // A server that ignored stream:true and sent one JSON completion.
        if (auto content = openai::ParseCompletionBody(raw)) {
          attempt.text = *content;
          attempt.done = true;
          if (!content->empty()) {
            attempt.streamed = true;
            if (on_token) on_token(*content);
          }
        }
      }
    }
    return attempt;
  }

  OpenAiConfig config_;
  std::unique_ptr<Responder> fallback_;
  std::string url_;
};

}  // namespace

std::unique_ptr<Responder> MakeOpenAiResponder(OpenAiConfig config,
                                               std::unique_ptr<Responder> fallback) {
  return std::make_unique<OpenAiResponder>(std::move(config), std::move(fallback));
}

}  // namespace carevoice::llm
