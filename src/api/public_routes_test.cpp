// The public visitor API (/api/public/...) through the Router with in-memory fakes.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <string>
#include <utility>
#include <vector>

#include "api/test_fakes.hpp"
#include "auth/visitor_service.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;
using http::Verb;
using testing::ApiHarness;
using testing::CallResult;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kMissingId = "cccccccccccccccccccccccc";

std::string CodeOf(const CallResult& r) {
  const json::value* code = r.body.is_object() ? r.body.as_object().if_contains("code") : nullptr;
  return code != nullptr && code->is_string() ? std::string(code->as_string()) : "";
}

// Creates a published agent of `owner` with a system prompt and knowledge; returns its key.
std::string PublishAgent(ApiHarness& h, const std::string& owner = ApiHarness::kUser) {
  const auto created = h.Call(
      Verb::post, "/api/agents",
      R"({"name":"Ava","company":"Acme","personality":"kind","systemPrompt":"secret prompt",)"
      R"("knowledge":[{"question":"Hours?","answer":"9 to 5"}]})",
      owner);
  EXPECT_EQ(created.status, 201u);
  const std::string id(created.body.at("_id").as_string());
  const auto published = h.Call(Verb::post, "/api/agents/" + id + "/publish", "", owner);
  EXPECT_EQ(published.status, 200u);
  return std::string(published.body.at("widgetKey").as_string());
}

struct Session {
  std::string key;
  std::string token;
  std::string visitor_id;
  Headers headers() const { return {{"X-Widget-Key", key}, {"X-Visitor-Token", token}}; }
};

Session StartSession(ApiHarness& h, const std::string& key, const std::string& token = "") {
  std::string body = R"({"widgetKey":")" + key + "\"";
  if (!token.empty()) body += R"(,"visitorToken":")" + token + "\"";
  body += "}";
  const auto r = h.CallWithHeaders(Verb::post, "/api/public/session", body, {});
  EXPECT_EQ(r.status, 200u) << json::serialize(r.body);
  return Session{key, std::string(r.body.at("visitorToken").as_string()),
                 std::string(r.body.at("visitorId").as_string())};
}

std::string StartConversation(ApiHarness& h, const Session& s) {
  const auto r = h.CallWithHeaders(Verb::post, "/api/public/conversations", "{}", s.headers());
  EXPECT_EQ(r.status, 201u) << json::serialize(r.body);
  return std::string(r.body.at("_id").as_string());
}

TEST(PublicRouteTest, SessionShowsOnlyThePublicAgentAndResumes) {
  ApiHarness h;
  const std::string key = PublishAgent(h);
  const auto r =
      h.CallWithHeaders(Verb::post, "/api/public/session", R"({"widgetKey":")" + key + "\"}", {});
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.response[boost::beast::http::field::cache_control], "no-store");
  const json::object& agent = r.body.at("agent").as_object();
  EXPECT_EQ(agent.at("name").as_string(), "Ava");
  EXPECT_EQ(agent.at("company").as_string(), "Acme");
  EXPECT_EQ(agent.at("personality").as_string(), "kind");
  EXPECT_TRUE(agent.at("avatar").is_null());
  EXPECT_TRUE(agent.at("voice").is_null());
  for (const char* hidden :
       {"systemPrompt", "knowledge", "widgetKey", "userId", "companyInfo", "prompts", "intents"}) {
    EXPECT_FALSE(agent.contains(hidden)) << hidden;
  }
  EXPECT_TRUE(r.body.at("newVisitor").as_bool());
  const std::string token(r.body.at("visitorToken").as_string());
  const std::string visitor(r.body.at("visitorId").as_string());

  const Session again = StartSession(h, key, token);
  EXPECT_EQ(again.visitor_id, visitor);
  EXPECT_EQ(again.token, token);
  // A garbage token is not an error: a new visitor.
  const Session fresh = StartSession(h, key, "garbage");
  EXPECT_NE(fresh.visitor_id, visitor);
}

TEST(PublicRouteTest, SessionErrors) {
  ApiHarness h;
  PublishAgent(h);
  auto unknown = h.CallWithHeaders(Verb::post, "/api/public/session",
                                   R"({"widgetKey":"wk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})", {});
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(CodeOf(unknown), "WIDGET_NOT_FOUND");
  auto malformed_key =
      h.CallWithHeaders(Verb::post, "/api/public/session", R"({"widgetKey":"nope"})", {});
  EXPECT_EQ(malformed_key.status, 404u);
  auto missing = h.CallWithHeaders(Verb::post, "/api/public/session", "{}", {});
  EXPECT_EQ(missing.status, 400u);
  EXPECT_TRUE(missing.body.at("details").as_object().contains("widgetKey"));
  auto wrong_type = h.CallWithHeaders(Verb::post, "/api/public/session", R"({"widgetKey":5})", {});
  EXPECT_EQ(wrong_type.status, 400u);
  auto bad_json = h.CallWithHeaders(Verb::post, "/api/public/session", "{nope", {});
  EXPECT_EQ(bad_json.status, 400u);
  EXPECT_EQ(CodeOf(bad_json), "INVALID_JSON");
}

TEST(PublicRouteTest, ConverseListReadAndResume) {
  ApiHarness h;
  const Session s = StartSession(h, PublishAgent(h));
  const auto started = h.CallWithHeaders(Verb::post, "/api/public/conversations",
                                         R"({"title":"Help"})", s.headers());
  ASSERT_EQ(started.status, 201u);
  EXPECT_EQ(started.body.at("title").as_string(), "Help");
  EXPECT_EQ(started.body.at("visitorId").as_string(), s.visitor_id);
  EXPECT_FALSE(started.body.as_object().contains("userId"));
  EXPECT_EQ(started.body.at("welcomeMessage").at("role").as_string(), "assistant");
  const std::string id(started.body.at("_id").as_string());

  const auto reply = h.CallWithHeaders(Verb::post, "/api/public/conversations/" + id + "/messages",
                                       R"({"content":"What are your hours?"})", s.headers());
  ASSERT_EQ(reply.status, 201u) << json::serialize(reply.body);
  EXPECT_EQ(reply.body.at("role").as_string(), "assistant");
  EXPECT_EQ(reply.body.at("content").as_string(), "Reply to What are your hours?");

  const auto messages = h.CallWithHeaders(
      Verb::get, "/api/public/conversations/" + id + "/messages", "", s.headers());
  ASSERT_EQ(messages.status, 200u);
  EXPECT_EQ(messages.body.as_array().size(), 3u);
  const auto one = h.CallWithHeaders(Verb::get, "/api/public/conversations/" + id, "", s.headers());
  ASSERT_EQ(one.status, 200u);
  EXPECT_FALSE(one.body.as_object().contains("userId"));
  EXPECT_EQ(one.body.at("messages").as_array().size(), 3u);

  // Resume: the same token sees the same conversation.
  const Session resumed = StartSession(h, s.key, s.token);
  const auto list =
      h.CallWithHeaders(Verb::get, "/api/public/conversations", "", resumed.headers());
  ASSERT_EQ(list.status, 200u);
  ASSERT_EQ(list.body.as_array().size(), 1u);
  EXPECT_EQ(list.body.at(0).at("_id").as_string(), id);
  EXPECT_FALSE(list.body.at(0).as_object().contains("userId"));

  // The owner sees it, with the visitor id.
  const auto owner = h.Call(Verb::get, "/api/conversations");
  ASSERT_EQ(owner.status, 200u);
  ASSERT_EQ(owner.body.as_array().size(), 1u);
  EXPECT_EQ(owner.body.at(0).at("visitorId").as_string(), s.visitor_id);
}

TEST(PublicRouteTest, VisitorsAreIsolated) {
  ApiHarness h;
  const std::string key = PublishAgent(h);
  const Session a = StartSession(h, key);
  const Session b = StartSession(h, key);
  const std::string id = StartConversation(h, a);
  const auto list = h.CallWithHeaders(Verb::get, "/api/public/conversations", "", b.headers());
  ASSERT_EQ(list.status, 200u);
  EXPECT_TRUE(list.body.as_array().empty());
  for (const std::string& path :
       {"/api/public/conversations/" + id, "/api/public/conversations/" + id + "/messages",
        "/api/public/conversations/" + std::string(kMissingId)}) {
    const auto r = h.CallWithHeaders(Verb::get, path, "", b.headers());
    EXPECT_EQ(r.status, 404u) << path;
    EXPECT_EQ(r.body.at("message").as_string(), "Conversation not found");
  }
  const auto post = h.CallWithHeaders(Verb::post, "/api/public/conversations/" + id + "/messages",
                                      R"({"content":"hi"})", b.headers());
  EXPECT_EQ(post.status, 404u);
  // The owner's own (staff) conversation is not a visitor's either.
  const auto staff = h.Call(Verb::post, "/api/conversations", "{}");
  ASSERT_EQ(staff.status, 201u);
  const std::string staff_id(staff.body.at("_id").as_string());
  EXPECT_EQ(
      h.CallWithHeaders(Verb::get, "/api/public/conversations/" + staff_id, "", a.headers()).status,
      404u);
}

TEST(PublicRouteTest, AuthenticationErrors) {
  ApiHarness h;
  const std::string key = PublishAgent(h);
  const std::string other_key = PublishAgent(h, ApiHarness::kOther);
  const Session s = StartSession(h, key);
  const Session other = StartSession(h, other_key);
  const std::string list = "/api/public/conversations";

  auto none = h.CallWithHeaders(Verb::get, list, "", {});
  EXPECT_EQ(none.status, 401u);
  EXPECT_EQ(CodeOf(none), "WIDGET_KEY_REQUIRED");
  auto no_token = h.CallWithHeaders(Verb::get, list, "", {{"X-Widget-Key", key}});
  EXPECT_EQ(no_token.status, 401u);
  EXPECT_EQ(CodeOf(no_token), "VISITOR_TOKEN_REQUIRED");
  // A staff JWT is not a visitor token, in either header.
  const std::string jwt = h.auth().Tokens().IssueAccessToken(h.auth().user);
  auto bearer = h.CallWithHeaders(Verb::get, list, "",
                                  {{"X-Widget-Key", key}, {"Authorization", "Bearer " + jwt}});
  EXPECT_EQ(bearer.status, 401u);
  auto jwt_as_visitor =
      h.CallWithHeaders(Verb::get, list, "", {{"X-Widget-Key", key}, {"X-Visitor-Token", jwt}});
  EXPECT_EQ(jwt_as_visitor.status, 401u);
  EXPECT_EQ(CodeOf(jwt_as_visitor), "INVALID_VISITOR_TOKEN");
  // Another agent's valid token with this widget's key.
  auto crossed = h.CallWithHeaders(Verb::get, list, "",
                                   {{"X-Widget-Key", key}, {"X-Visitor-Token", other.token}});
  EXPECT_EQ(crossed.status, 401u);
  EXPECT_EQ(CodeOf(crossed), "INVALID_VISITOR_TOKEN");
  // Unknown or malformed key.
  auto unknown = h.CallWithHeaders(
      Verb::get, list, "",
      {{"X-Widget-Key", "wk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, {"X-Visitor-Token", s.token}});
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(CodeOf(unknown), "WIDGET_NOT_FOUND");
  // Unpublished: 404 at once.
  h.store().agents.front().published = false;
  auto unpublished = h.CallWithHeaders(Verb::get, list, "", s.headers());
  EXPECT_EQ(unpublished.status, 404u);
  EXPECT_EQ(CodeOf(unpublished), "WIDGET_NOT_FOUND");
  // The staff routes still need a JWT: a visitor is anonymous there.
  EXPECT_EQ(h.Call(Verb::get, "/api/conversations", "", "").status, 401u);
}

TEST(PublicRouteTest, BadBodies) {
  ApiHarness h;
  const Session s = StartSession(h, PublishAgent(h));
  const std::string id = StartConversation(h, s);
  for (const char* body :
       {R"({"agentId":"aaaaaaaaaaaaaaaaaaaaaaaa"})", R"({"isCallSimulator":true})",
        R"({"agentInfo":{"name":"X"}})", R"({"title":5})", "[1]", "{nope"}) {
    const auto r = h.CallWithHeaders(Verb::post, "/api/public/conversations", body, s.headers());
    EXPECT_EQ(r.status, 400u) << body;
    EXPECT_TRUE(r.body.as_object().contains("message")) << body;
  }
  const std::string messages = "/api/public/conversations/" + id + "/messages";
  for (const char* body : {"{}", R"({"content":""})", R"({"content":7})",
                           R"({"content":"hi","role":"human"})", "{nope"}) {
    const auto r = h.CallWithHeaders(Verb::post, messages, body, s.headers());
    EXPECT_EQ(r.status, 400u) << body;
  }
  EXPECT_EQ(h.CallWithHeaders(Verb::get, "/api/public/conversations/xyz", "", s.headers()).status,
            400u);
}

TEST(PublicRouteTest, RateLimitsAnswer429WithRetryAfter) {
  ApiHarness h;  // Limits: 5 sessions/min per IP, 4 messages/min, 3 conversations/h per visitor.
  const std::string key = PublishAgent(h);
  const Session s = StartSession(h, key);
  const std::string id = StartConversation(h, s);
  const std::string messages = "/api/public/conversations/" + id + "/messages";
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(h.CallWithHeaders(Verb::post, messages, R"({"content":"hi"})", s.headers()).status,
              201u);
  }
  const auto limited = h.CallWithHeaders(Verb::post, messages, R"({"content":"hi"})", s.headers());
  EXPECT_EQ(limited.status, 429u);
  EXPECT_EQ(CodeOf(limited), "TOO_MANY_REQUESTS");
  EXPECT_FALSE(limited.response[boost::beast::http::field::retry_after].empty());
  EXPECT_EQ(limited.body.at("details").at("limit").as_string(), "visitor_messages");

  StartConversation(h, s);
  StartConversation(h, s);
  const auto fourth = h.CallWithHeaders(Verb::post, "/api/public/conversations", "{}", s.headers());
  EXPECT_EQ(fourth.status, 429u);
  EXPECT_EQ(fourth.body.at("details").at("limit").as_string(), "visitor_conversations");

  for (int i = 0; i < 4; ++i) StartSession(h, key);  // 5 in all, with the first.
  const auto session =
      h.CallWithHeaders(Verb::post, "/api/public/session", R"({"widgetKey":")" + key + "\"}", {});
  EXPECT_EQ(session.status, 429u);
  EXPECT_FALSE(session.response[boost::beast::http::field::retry_after].empty());
}

TEST(PublicRouteTest, WithoutVisitorPortsEveryRouteIs503) {
  ApiHarness h;
  const std::string key = PublishAgent(h);
  const Session s = StartSession(h, key);
  h.deps().visitors = nullptr;
  const auto session =
      h.CallWithHeaders(Verb::post, "/api/public/session", R"({"widgetKey":")" + key + "\"}", {});
  EXPECT_EQ(session.status, 503u);
  EXPECT_EQ(CodeOf(session), "VISITORS_UNAVAILABLE");
  EXPECT_EQ(h.CallWithHeaders(Verb::get, "/api/public/conversations", "", s.headers()).status,
            503u);
}

}  // namespace
}  // namespace carevoice::api
