#include "auth/visitor_service.hpp"

#include <algorithm>

#include "core/ids.hpp"

namespace carevoice::auth {
namespace {

constexpr std::size_t kWidgetKeyRandomBytes = 24;
constexpr std::size_t kWidgetKeyBodyLength = 32;  // base64url of 24 bytes, unpadded.

core::Error WidgetNotFound() {
  core::Error e = core::Error::NotFound("Widget not found");
  e.code = "WIDGET_NOT_FOUND";
  return e;
}

core::Error Unauthorized(std::string message, std::string code) {
  core::Error e = core::Error::Unauthorized(std::move(message));
  e.code = std::move(code);
  return e;
}

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

std::string NewWidgetKey() {
  return std::string(kWidgetKeyPrefix) + core::RandomBase64Url(kWidgetKeyRandomBytes);
}

bool IsWidgetKey(std::string_view key) {
  if (key.size() != kWidgetKeyPrefix.size() + kWidgetKeyBodyLength) return false;
  if (key.substr(0, kWidgetKeyPrefix.size()) != kWidgetKeyPrefix) return false;
  const std::string_view body = key.substr(kWidgetKeyPrefix.size());
  return std::all_of(body.begin(), body.end(), IsBase64UrlChar);
}

VisitorService::VisitorService(store::Store& store, const TokenVerifier& tokens)
    : store_(store), tokens_(tokens) {}

core::Result<VisitorSession> VisitorService::ResolveVisitor(
    std::string_view widget_key, std::optional<std::string_view> visitor_token) const {
  if (!IsWidgetKey(widget_key)) return WidgetNotFound();
  core::Result<core::Agent> agent = store_.GetAgentByWidgetKey(std::string(widget_key));
  if (!agent) {
    if (agent.error().kind == core::ErrorKind::kNotFound) return WidgetNotFound();
    return agent.error();
  }
  VisitorSession session;
  session.agent = std::move(*agent);
  if (visitor_token && !visitor_token->empty()) {
    core::Result<std::string> visitor =
        tokens_.VerifyVisitorToken(*visitor_token, session.agent.id);
    if (visitor) {
      session.visitor_id = std::move(*visitor);
      session.visitor_token = std::string(*visitor_token);
      return session;
    }
  }
  VisitorToken issued = tokens_.IssueVisitorToken(session.agent.id);
  session.visitor_id = std::move(issued.visitor_id);
  session.visitor_token = std::move(issued.token);
  session.new_visitor = true;
  return session;
}

core::Result<VisitorSession> VisitorService::Authenticate(std::string_view widget_key,
                                                          std::string_view visitor_token) const {
  if (widget_key.empty()) {
    return Unauthorized("A widget key is required (X-Widget-Key header)", "WIDGET_KEY_REQUIRED");
  }
  if (visitor_token.empty()) {
    return Unauthorized(
        "A visitor token is required (X-Visitor-Token header, from POST /api/public/session)",
        "VISITOR_TOKEN_REQUIRED");
  }
  if (!IsWidgetKey(widget_key)) return WidgetNotFound();
  core::Result<core::Agent> agent = store_.GetAgentByWidgetKey(std::string(widget_key));
  if (!agent) {
    if (agent.error().kind == core::ErrorKind::kNotFound) return WidgetNotFound();
    return agent.error();
  }
  core::Result<std::string> visitor_id = tokens_.VerifyVisitorToken(visitor_token, agent->id);
  if (!visitor_id) return visitor_id.error();
  VisitorSession session;
  session.agent = std::move(*agent);
  session.visitor_id = std::move(*visitor_id);
  session.visitor_token = std::string(visitor_token);
  return session;
}

}  // namespace carevoice::auth
