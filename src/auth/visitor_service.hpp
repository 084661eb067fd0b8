#pragma once

// Anonymous visitors of a published agent (design.md "Customers are visitors, not users"): a
// visitor presents the agent's widget key and, from the second visit on, the signed visitor token
// it was given; VisitorService resolves both to the agent and a stable visitor id. Used by the
// REST public API and by Socket.IO alike. Thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "auth/token_verifier.hpp"
#include "core/domain.hpp"
#include "core/error.hpp"
#include "store/store.hpp"

namespace carevoice::auth {

// Widget keys: "wk_" followed by 32 base64url characters (24 random bytes, 192 bits).
inline constexpr std::string_view kWidgetKeyPrefix = "wk_";

// Returns a new random widget key (OpenSSL's CSPRNG).
std::string NewWidgetKey();
// Returns true if `key` has the shape of a widget key (no store access).
bool IsWidgetKey(std::string_view key);

// A resolved visitor.
struct VisitorSession {
  core::Agent agent;          // Published; agent.user_id is the owner of the conversations.
  std::string visitor_id;     // 24-hex.
  std::string visitor_token;  // Give it back to the client: it identifies the visitor later.
  bool new_visitor = false;   // True when a new visitor id (and token) was issued.
};

class VisitorService {
 public:
  // `store` and `tokens` must outlive this.
  VisitorService(store::Store& store, const TokenVerifier& tokens);

  // Returns the published agent of `widget_key` and the visitor: the one `visitor_token` names
  // when it is a valid, unexpired token for this agent (the same token is returned), else a new
  // visitor id with a new token (an invalid, expired or other agent's token is not an error: the
  // visitor starts afresh). kNotFound "Widget not found" (code "WIDGET_NOT_FOUND") for a
  // malformed, unknown or unpublished key; the store's errors (kUnavailable) pass through.
  // BLOCKING: one store read. Run it on the worker pool (core::RunBlocking).
  core::Result<VisitorSession> ResolveVisitor(std::string_view widget_key,
                                              std::optional<std::string_view> visitor_token) const;

  // Returns the visitor that `visitor_token` names for the published agent of `widget_key` (the
  // REST public API's headers, the voice stream's query). Unlike ResolveVisitor it never issues a
  // token. 401 WIDGET_KEY_REQUIRED / VISITOR_TOKEN_REQUIRED for an empty key or token, 401
  // INVALID_VISITOR_TOKEN / TOKEN_EXPIRED for a bad token, 404 WIDGET_NOT_FOUND for a malformed,
  // unknown or unpublished key; the store's errors pass through. BLOCKING: one store read.
  core::Result<VisitorSession> Authenticate(std::string_view widget_key,
                                            std::string_view visitor_token) const;

 private:
  store::Store& store_;
  const TokenVerifier& tokens_;
};

}  // namespace carevoice::auth
