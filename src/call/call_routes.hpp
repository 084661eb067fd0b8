#pragma once

// The live-call endpoints (docs/API.md "Live voice calls"):
// - GET /api/voice/stream?conversationId=… (WebSocket): a browser or app call. Staff JWT
//   (Authorization header or ?token=) or a visitor of a published agent (?widgetKey=&visitorToken=
//   or the X-Widget-Key / X-Visitor-Token headers). Binary PCM16 16 kHz mono in; JSON messages
//   and binary PCM16 16 kHz reply audio out.
// - POST /twilio/voice: TwiML connecting the call to /twilio/media, by the called number (To).
// - GET /twilio/media (WebSocket): Twilio Media Streams (μ-law 8 kHz), authenticated by the
//   visitor token that /twilio/voice put in the stream's parameters.

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "call/call_session.hpp"
#include "http/router.hpp"

namespace carevoice::auth {
class TokenVerifier;
class VisitorLimits;
class VisitorService;
}  // namespace carevoice::auth

namespace carevoice::call {

class WsChannel;

struct CallRoutesDeps {
  CallDeps call;                                   // engine, tts, stt, pool REQUIRED
  const auth::TokenVerifier* tokens = nullptr;     // REQUIRED: staff JWTs.
  const auth::VisitorService* visitors = nullptr;  // Optional: visitors (and Twilio) need it.
  // Optional: a visitor's call counts as a visitor session against the per-IP limit
  // (RATE_LIMIT_VISITOR_IP_SESSIONS_PER_MINUTE), like a widget connection.
  auth::VisitorLimits* visitor_limits = nullptr;
  // Twilio: the auth token (set = signatures required), called number → widget key, and the
  // public base URL ("" = https:// + Host).
  std::string twilio_auth_token;
  std::map<std::string, std::string> twilio_numbers;
  std::string public_url;
};

class CallRoutes {
 public:
  explicit CallRoutes(CallRoutesDeps deps);
  ~CallRoutes();
  CallRoutes(const CallRoutes&) = delete;
  CallRoutes& operator=(const CallRoutes&) = delete;

  // REQUIRES: this outlives `router` and the server.
  void Register(http::Router& router);
  // Server stop: every open call is closed (going away). Thread-safe.
  void CloseAll();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace carevoice::call
