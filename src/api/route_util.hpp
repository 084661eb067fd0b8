#pragma once

// Helpers shared by the route files of the API (internal to src/api).
//
// GCC 12: a lambda temporary with owning (by-value) captures inside a co_await full-expression is
// destroyed twice. Lambdas given to core::RunBlocking here capture by reference only (the
// coroutine locals outlive the await); name the lambda first if it must own something. Likewise a
// prvalue of class type passed to a coroutine (`Call(ActorOf(p))`, `Call(x, {})`) is destroyed
// twice: pass named values.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <string>

#include "api/api.hpp"
#include "core/error.hpp"
#include "engine/engine.hpp"
#include "http/router.hpp"

namespace carevoice::api {

using HandlerResult = boost::asio::awaitable<http::Response>;
using ApiHandlerFn = HandlerResult (*)(ApiDeps& deps, http::RequestContext& ctx);

// Returns a router handler that calls `fn(deps, ctx)`. REQUIRES: `deps` outlives the router.
http::Handler Bind(ApiDeps& deps, ApiHandlerFn fn);

// Returns the authenticated caller, or 401 if the route ran without one (a wiring bug).
core::Result<http::Principal> RequirePrincipal(const http::RequestContext& ctx);
bool IsAdmin(const http::Principal& principal);
engine::Actor ActorOf(const http::Principal& principal);
// The owner filter for conversation lookups: the caller's id, or "" (any owner) for an admin.
std::string ConversationScope(const http::Principal& principal);

// Returns the path parameter `name` if it is a 24-hex id, else 400 INVALID_ID naming it.
core::Result<std::string> IdParam(const http::RequestContext& ctx, const std::string& name);

// Responses.
http::Response Json(const http::RequestContext& ctx, unsigned status,
                    const boost::json::value& body);
http::Response Fail(const http::RequestContext& ctx, const core::Error& error);

// Returns the public URL of the reply audio of `turn` (the engine stored it), or "" when there is
// none (not asked for, or synthesis failed: the text reply still stands).
std::string ReplyAudioUrl(const engine::Turn& turn);

// Returns a copy of `error` with `message` replaced when its kind is kNotFound (so every
// resource says "Agent not found" / "Conversation not found").
core::Error WithNotFoundMessage(core::Error error, const std::string& message);

}  // namespace carevoice::api
