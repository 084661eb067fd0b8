#pragma once

// LiveKit webhooks: LiveKit POSTs a WebhookEvent as JSON (Content-Type application/webhook+json)
// with an `Authorization` header holding a JWT signed with the API secret, whose `iss` is the API
// key and whose `sha256` claim is base64(SHA-256(body)). Pure: no I/O, thread-safe.

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace carevoice::telephony {

struct WebhookEvent {
  std::string event;        // "room_started", "room_finished", "participant_joined", ...
  std::string id;           // The event id (LiveKit retries with the same id).
  std::string room_name;    // room.name, "" if absent.
  std::string room_sid;     // room.sid
  std::string participant;  // participant.identity, "" if absent.
  std::int64_t created_at = 0;
  boost::json::object raw;  // The whole event.
};

// Verifies and parses a webhook. `authorization` is the header's value (a bare JWT, as LiveKit
// sends it, or "Bearer <jwt>"). kUnauthorized "INVALID_WEBHOOK_SIGNATURE" for a missing, badly
// signed, expired or foreign-key token or a body whose SHA-256 differs from the token's claim;
// kBadRequest "INVALID_WEBHOOK" for a body that is not a JSON object with a string `event`.
core::Result<WebhookEvent> VerifyWebhook(std::string_view body, std::string_view authorization,
                                         std::string_view api_key, std::string_view api_secret,
                                         core::TimeMs now_ms);

}  // namespace carevoice::telephony
