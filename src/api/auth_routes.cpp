// /api/auth: register, login, refresh, logout, profile (and /me, the old alias).

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "core/blocking.hpp"
#include "wire/json_codec.hpp"
#include "wire/validation.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

json::object TokensToJson(const auth::AuthTokens& tokens) {
  return json::object{{"token", tokens.token},
                      {"refreshToken", tokens.refresh_token},
                      {"user", wire::UserToJson(tokens.user)}};
}

// The pool for work that runs bcrypt.
boost::asio::thread_pool& PasswordPool(ApiDeps& deps) {
  return deps.password_pool != nullptr ? *deps.password_pool : deps.pool;
}

HandlerResult Register(ApiDeps& deps, http::RequestContext& ctx) {
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  wire::FieldErrors errors;
  auth::RegisterInput input;
  input.name = wire::ReadString(*body, "name", errors).value_or("");
  input.email = wire::ReadString(*body, "email", errors).value_or("");
  input.password = wire::ReadString(*body, "password", errors).value_or("");
  input.ip = ctx.remote_ip;  // Registrations per IP are limited (issue 14).
  if (!errors.Empty()) co_return Fail(ctx, errors.ToError());
  auth::AuthService& auth = deps.auth;
  auto tokens = co_await core::RunBlocking(PasswordPool(deps),
                                           [&auth, &input] { return auth.Register(input); });
  if (!tokens) co_return Fail(ctx, tokens.error());
  co_return Json(ctx, 201, TokensToJson(*tokens));
}

HandlerResult Login(ApiDeps& deps, http::RequestContext& ctx) {
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  wire::FieldErrors errors;
  std::string email = wire::ReadString(*body, "email", errors).value_or("");
  std::string password = wire::ReadString(*body, "password", errors).value_or("");
  if (!errors.Empty()) co_return Fail(ctx, errors.ToError());
  auth::AuthService& auth = deps.auth;
  auto tokens = co_await core::RunBlocking(PasswordPool(deps), [&auth, &email, &password, &ctx] {
    return auth.Login(email, password, ctx.remote_ip);
  });
  if (!tokens) co_return Fail(ctx, tokens.error());
  co_return Json(ctx, 200, TokensToJson(*tokens));
}

// Reads the required `refreshToken` string of a body.
core::Result<std::string> RefreshTokenOf(const json::object& body) {
  wire::FieldErrors errors;
  std::optional<std::string> token = wire::ReadString(body, "refreshToken", errors);
  if (!errors.Empty()) return errors.ToError();
  if (!token || token->empty()) {
    errors.Add("refreshToken", "refreshToken is required");
    return errors.ToError();
  }
  return *token;
}

HandlerResult Refresh(ApiDeps& deps, http::RequestContext& ctx) {
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto token = RefreshTokenOf(*body);
  if (!token) co_return Fail(ctx, token.error());
  auth::AuthService& auth = deps.auth;
  auto tokens =
      co_await core::RunBlocking(deps.pool, [&auth, &token] { return auth.Refresh(*token); });
  if (!tokens) co_return Fail(ctx, tokens.error());
  co_return Json(ctx, 200, TokensToJson(*tokens));
}

// POST /logout {refreshToken}: ends the session of the refresh token and the caller's own.
HandlerResult Logout(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  auto token = RefreshTokenOf(*body);
  if (!token) co_return Fail(ctx, token.error());
  auth::AuthService& auth = deps.auth;
  auto done = co_await core::RunBlocking(deps.pool, [&auth, &token, &principal] {
    return auth.Logout(*token, principal->session_id);
  });
  if (!done) co_return Fail(ctx, done.error());
  co_return Json(ctx, 200, json::object{{"message", "Logged out successfully"}});
}

// POST /logout-all: ends every session of the caller, this one included ("sign out everywhere").
HandlerResult LogoutAll(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auth::AuthService& auth = deps.auth;
  auto done = co_await core::RunBlocking(
      deps.pool, [&auth, &principal] { return auth.RevokeAllSessions(principal->user_id); });
  if (!done) co_return Fail(ctx, done.error());
  co_return Json(ctx, 200, json::object{{"message", "Logged out of every session"}});
}

// POST /api/admin/users/:id/revoke-sessions (admin only): ends every session of user :id (a
// compromised account, a departed employee). 403 for a non-admin, 404 for an unknown user.
HandlerResult AdminRevokeSessions(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  if (!IsAdmin(*principal)) {
    core::Error e = core::Error::Forbidden("Only an admin can end another user's sessions");
    e.code = "ADMIN_REQUIRED";
    co_return Fail(ctx, e);
  }
  auto id = IdParam(ctx, "id");
  if (!id) co_return Fail(ctx, id.error());
  const std::string& user_id = *id;
  auth::AuthService& auth = deps.auth;
  auto done = co_await core::RunBlocking(deps.pool, [&auth, &user_id]() -> core::Result<void> {
    if (auto user = auth.GetUser(user_id); !user) return user.error();
    return auth.RevokeAllSessions(user_id);
  });
  if (!done) co_return Fail(ctx, done.error());
  co_return Json(
      ctx, 200,
      json::object{{"message", "Every session of the user has ended"}, {"userId", user_id}});
}

// GET /profile and GET /me: the bare user object (the old /me shape).
HandlerResult GetProfile(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auth::AuthService& auth = deps.auth;
  auto user = co_await core::RunBlocking(
      deps.pool, [&auth, &principal] { return auth.GetUser(principal->user_id); });
  if (!user) co_return Fail(ctx, user.error());
  co_return Json(ctx, 200, wire::UserToJson(*user));
}

// PUT /profile {name?, email?, avatar?, password?, currentPassword?} → the bare updated user.
HandlerResult UpdateProfile(ApiDeps& deps, http::RequestContext& ctx) {
  auto principal = RequirePrincipal(ctx);
  if (!principal) co_return Fail(ctx, principal.error());
  auto body = http::ParseJsonObject(ctx);
  if (!body) co_return Fail(ctx, body.error());
  wire::FieldErrors errors;
  auth::ProfilePatch patch;
  patch.name = wire::ReadString(*body, "name", errors);
  patch.email = wire::ReadString(*body, "email", errors);
  patch.avatar = wire::ReadString(*body, "avatar", errors);
  patch.password = wire::ReadString(*body, "password", errors);
  patch.current_password = wire::ReadString(*body, "currentPassword", errors);
  patch.session_id = principal->session_id;
  if (!errors.Empty()) co_return Fail(ctx, errors.ToError());
  auth::AuthService& auth = deps.auth;
  auto user = co_await core::RunBlocking(PasswordPool(deps), [&auth, &principal, &patch] {
    return auth.UpdateProfile(principal->user_id, patch);
  });
  if (!user) co_return Fail(ctx, user.error());
  co_return Json(ctx, 200, wire::UserToJson(*user));
}

}  // namespace

void RegisterAuthRoutes(http::Router& router, ApiDeps& deps) {
  const http::RouteOptions open{.requires_auth = false};
  router.Add(http::Verb::post, "/api/auth/register", Bind(deps, &Register), open);
  router.Add(http::Verb::post, "/api/auth/login", Bind(deps, &Login), open);
  router.Add(http::Verb::post, "/api/auth/refresh", Bind(deps, &Refresh), open);
  router.Add(http::Verb::post, "/api/auth/logout", Bind(deps, &Logout));
  router.Add(http::Verb::post, "/api/auth/logout-all", Bind(deps, &LogoutAll));
  router.Add(http::Verb::post, "/api/admin/users/:id/revoke-sessions",
             Bind(deps, &AdminRevokeSessions));
  router.Add(http::Verb::get, "/api/auth/profile", Bind(deps, &GetProfile));
  router.Add(http::Verb::get, "/api/auth/me", Bind(deps, &GetProfile));
  router.Add(http::Verb::put, "/api/auth/profile", Bind(deps, &UpdateProfile));
}

}  // namespace carevoice::api
