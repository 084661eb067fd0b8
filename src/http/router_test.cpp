#include "http/router.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace carevoice::http {
namespace {

// A handler that answers its own name, so tests can see which route matched.
Handler Named(std::string name) {
  return [name](RequestContext& ctx) -> boost::asio::awaitable<Response> {
    co_return JsonResponse(ctx, 200, boost::json::value(name));
  };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(Verb::get, "/api/agents", Named("list"));
    router_.Add(Verb::post, "/api/agents", Named("create"));
    router_.Add(Verb::get, "/api/agents/:id", Named("get"));
    router_.Add(Verb::put, "/api/agents/:id", Named("update"));
    router_.Add(Verb::post, "/api/agents/:id/test", Named("test"));
    router_.Add(Verb::get, "/api/conversations/stats/user/:userId", Named("stats"));
    router_.Add(Verb::get, "/api/conversations/:id", Named("conversation"));
    router_.Add(Verb::get, "/api/conversations/:id/messages", Named("messages"));
    router_.Add(Verb::get, "/health", Named("health"), {.requires_auth = false});
    router_.Add(Verb::get, "/public/audio/:file", Named("audio"), {.requires_auth = false});
    router_.Add(Verb::get, "/*path", Named("web"), {.requires_auth = false});
  }

  // Returns the matched route's pattern, or "" for none.
  std::string PatternOf(Verb verb, std::string_view path) {
    const Router::Match m = router_.Find(verb, path);
    return m.pattern == nullptr ? "" : *m.pattern;
  }

  Router router_;
};

TEST_F(RouterTest, MatchesLiteralAndParamRoutes) {
  EXPECT_EQ(PatternOf(Verb::get, "/api/agents"), "/api/agents");
  EXPECT_EQ(PatternOf(Verb::post, "/api/agents"), "/api/agents");
  const Router::Match m = router_.Find(Verb::get, "/api/agents/abc123");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(*m.pattern, "/api/agents/:id");
  EXPECT_EQ(m.params.at("id"), "abc123");
  const Router::Match t = router_.Find(Verb::post, "/api/agents/a1/test");
  ASSERT_NE(t.handler, nullptr);
  EXPECT_EQ(t.params.at("id"), "a1");
  EXPECT_FALSE(t.options->requires_auth == false);
}

TEST_F(RouterTest, LiteralSegmentsBeatParams) {
  const Router::Match m = router_.Find(Verb::get, "/api/conversations/stats/user/u42");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(*m.pattern, "/api/conversations/stats/user/:userId");
  EXPECT_EQ(m.params.at("userId"), "u42");
  EXPECT_EQ(PatternOf(Verb::get, "/api/conversations/c1"), "/api/conversations/:id");
}

TEST_F(RouterTest, RegistrationOrderDoesNotDecidePrecedence) {
  Router r;
  r.Add(Verb::get, "/a/:x", Named("param"));
  r.Add(Verb::get, "/a/b", Named("literal"));
  EXPECT_EQ(*r.Find(Verb::get, "/a/b").pattern, "/a/b");
  EXPECT_EQ(*r.Find(Verb::get, "/a/c").pattern, "/a/:x");
}

TEST_F(RouterTest, TrailingSlashIsTolerated) {
  EXPECT_EQ(PatternOf(Verb::get, "/api/agents/"), "/api/agents");
  EXPECT_EQ(router_.Find(Verb::get, "/api/agents/x1/").params.at("id"), "x1");
}

TEST_F(RouterTest, QueryStringIsIgnoredForMatching) {
  EXPECT_EQ(PatternOf(Verb::get, "/api/agents?limit=5"), "/api/agents");
}

TEST_F(RouterTest, ParamsArePercentDecoded) {
  const Router::Match m = router_.Find(Verb::get, "/api/agents/a%20b%2Fc");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(*m.pattern, "/api/agents/:id");  // %2F stays inside the segment.
  EXPECT_EQ(m.params.at("id"), "a b/c");
  EXPECT_EQ(router_.Find(Verb::get, "/api/agents/a+b").params.at("id"), "a+b");
}

TEST_F(RouterTest, MalformedPercentEncodingMatchesNothing) {
  EXPECT_EQ(router_.Find(Verb::get, "/api/agents/%zz").handler, nullptr);
  EXPECT_EQ(router_.Find(Verb::get, "/api/agents/%4").handler, nullptr);
}

TEST_F(RouterTest, WrongMethodOnKnownPathReportsAllowedVerbs) {
  const Router::Match m = router_.Find(Verb::delete_, "/api/agents");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_TRUE(m.path_matched_other_verb);
  EXPECT_EQ(AllowHeaderValue(m.allowed), "GET, HEAD, POST, OPTIONS");
  const Router::Match put = router_.Find(Verb::patch, "/api/agents/x");
  EXPECT_TRUE(put.path_matched_other_verb);
  EXPECT_EQ(AllowHeaderValue(put.allowed), "GET, HEAD, PUT, OPTIONS");
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  Router r;
  r.Add(Verb::get, "/api/agents", Named("list"));
  const Router::Match m = r.Find(Verb::get, "/api/nothing");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_FALSE(m.path_matched_other_verb);
  EXPECT_EQ(r.Find(Verb::get, "/api/agents/x/y").handler, nullptr);
  EXPECT_EQ(r.Find(Verb::get, "api/agents").handler, nullptr);
}

TEST_F(RouterTest, HeadFallsBackToGet) { EXPECT_EQ(PatternOf(Verb::head, "/health"), "/health"); }

TEST_F(RouterTest, RestParamCapturesRemainderAndLosesToLiterals) {
  const Router::Match m = router_.Find(Verb::get, "/assets/js/app.js");
  ASSERT_NE(m.handler, nullptr);
  EXPECT_EQ(*m.pattern, "/*path");
  EXPECT_EQ(m.params.at("path"), "assets/js/app.js");
  EXPECT_EQ(router_.Find(Verb::get, "/").params.at("path"), "");
  EXPECT_EQ(PatternOf(Verb::get, "/public/audio/a.wav"), "/public/audio/:file");
  EXPECT_EQ(PatternOf(Verb::get, "/health"), "/health");
}

TEST_F(RouterTest, RejectsDuplicateAndMalformedPatterns) {
  EXPECT_THROW(router_.Add(Verb::get, "/api/agents/:other", Named("dup")), std::invalid_argument);
  EXPECT_THROW(router_.Add(Verb::get, "no-slash", Named("bad")), std::invalid_argument);
  EXPECT_THROW(router_.Add(Verb::get, "/a/*rest/b", Named("bad")), std::invalid_argument);
  EXPECT_THROW(router_.Add(Verb::get, "/a/:", Named("bad")), std::invalid_argument);
  EXPECT_NO_THROW(router_.Add(Verb::delete_, "/api/agents/:id", Named("delete")));
}

TEST_F(RouterTest, RoutesListsEveryRoute) {
  const auto routes = router_.Routes();
  ASSERT_EQ(routes.size(), 11u);
  EXPECT_EQ(routes[0].pattern, "/api/agents");
  EXPECT_FALSE(routes[8].options.requires_auth);
}

TEST(QueryTest, DecodesPercentAndPlus) {
  const auto q = ParseQuery("agentId=a%20b&name=John+Doe&empty=&flag&x=1&x=2&e=%E2%9C%93");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->at("agentId"), "a b");
  EXPECT_EQ(q->at("name"), "John Doe");
  EXPECT_EQ(q->at("empty"), "");
  EXPECT_EQ(q->at("flag"), "");
  EXPECT_EQ(q->at("x"), "2");
  EXPECT_EQ(q->at("e"), "\xE2\x9C\x93");
  EXPECT_EQ(ParseQuery("")->size(), 0u);
}

TEST(QueryTest, RejectsMalformedEscapes) {
  EXPECT_FALSE(ParseQuery("a=%zz").has_value());
  EXPECT_FALSE(ParseQuery("a=%4").has_value());
}

TEST(QueryTest, PercentDecode) {
  EXPECT_EQ(PercentDecode("a%2e%2E%2fb"), "a../b");
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_FALSE(PercentDecode("%").has_value());
  EXPECT_FALSE(PercentDecode("%g0").has_value());
}

TEST(RequestContextTest, QueryAndHeaderAccessors) {
  Request req{Verb::get, "/x", 11};
  req.set("X-Custom", "value");
  RequestContext ctx;
  ctx.request = &req;
  ctx.query["a"] = "1";
  EXPECT_EQ(ctx.Query("a"), "1");
  EXPECT_FALSE(ctx.Query("b").has_value());
  EXPECT_EQ(ctx.Header("x-custom"), "value");
  EXPECT_EQ(ctx.Header("X-Missing"), "");
}

// --- ParseJsonObject / JsonResponse / ErrorResponse ---

class JsonBodyTest : public ::testing::Test {
 protected:
  core::Result<boost::json::object> Parse(std::string content_type, std::string body) {
    req_ = Request{Verb::post, "/x", 11};
    if (!content_type.empty()) req_.set(boost::beast::http::field::content_type, content_type);
    req_.body() = std::move(body);
    ctx_.request = &req_;
    return ParseJsonObject(ctx_);
  }
  Request req_;
  RequestContext ctx_;
};

TEST_F(JsonBodyTest, ParsesObject) {
  auto r = Parse("application/json", R"({"name":"Ann","n":2})");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->at("name").as_string(), "Ann");
  EXPECT_EQ(r->at("n").as_int64(), 2);
}

TEST_F(JsonBodyTest, AcceptsCharsetParameterAndCase) {
  EXPECT_TRUE(Parse("Application/JSON; charset=utf-8", "{}").has_value());
  EXPECT_TRUE(Parse("application/json;charset=UTF-8", " {\"a\":1} \n").has_value());
}

TEST_F(JsonBodyTest, EmptyBodyIsEmptyObject) {
  auto r = Parse("", "");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->empty());
}

TEST_F(JsonBodyTest, WrongContentTypeIs415) {
  auto r = Parse("text/plain", "{}");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().HttpStatus(), 415);
  auto none = Parse("", "{\"a\":1}");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().HttpStatus(), 415);
  EXPECT_FALSE(Parse("application/jsonx", "{}").has_value());
}

TEST_F(JsonBodyTest, MalformedJsonIs400WithPosition) {
  auto r = Parse("application/json", "{\n  \"a\": 1,\n  \"b\": }");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().HttpStatus(), 400);
  EXPECT_EQ(r.error().code, "INVALID_JSON");
  EXPECT_NE(r.error().message.find("line 3"), std::string::npos) << r.error().message;
  ASSERT_TRUE(r.error().details.is_object());
  EXPECT_EQ(r.error().details.at("line").as_uint64(), 3u);
  EXPECT_GT(r.error().details.at("position").as_uint64(), 10u);
}

TEST_F(JsonBodyTest, TruncatedAndTrailingGarbageAre400) {
  auto truncated = Parse("application/json", R"({"a": "b)");
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().code, "INVALID_JSON");
  auto trailing = Parse("application/json", R"({"a":1} x)");
  ASSERT_FALSE(trailing.has_value());
  EXPECT_EQ(trailing.error().code, "INVALID_JSON");
  EXPECT_EQ(trailing.error().details.at("position").as_uint64(), 8u);
}

TEST_F(JsonBodyTest, NonObjectTopLevelIs400) {
  for (const char* body : {"[1,2]", "\"s\"", "42", "null"}) {
    auto r = Parse("application/json", body);
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_EQ(r.error().HttpStatus(), 400);
    EXPECT_EQ(r.error().code, "INVALID_JSON");
  }
}

TEST_F(JsonBodyTest, InvalidUtf8Is400) {
  auto r = Parse("application/json", "{\"a\":\"\xC3\x28\"}");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().HttpStatus(), 400);
  EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos);
}

TEST(ResponseTest, JsonResponseSetsTypeLengthAndKeepAlive) {
  Request req{Verb::get, "/x", 11};
  req.keep_alive(false);
  RequestContext ctx;
  ctx.request = &req;
  const Response res = JsonResponse(ctx, 201, boost::json::object{{"a", 1}});
  EXPECT_EQ(res.result_int(), 201u);
  EXPECT_EQ(res.body(), R"({"a":1})");
  EXPECT_EQ(res[boost::beast::http::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(res[boost::beast::http::field::content_length], "7");
  EXPECT_FALSE(res.keep_alive());
}

TEST(ResponseTest, ErrorResponseCarriesCodeDetailsAndRetryAfter) {
  RequestContext ctx;
  core::Error e{core::ErrorKind::kTooManyRequests, "Slow down", "RATE_LIMITED",
                boost::json::object{{"window", 60}}, 30};
  const Response res = ErrorResponse(ctx, e);
  EXPECT_EQ(res.result_int(), 429u);
  EXPECT_EQ(res[boost::beast::http::field::retry_after], "30");
  const auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("message").as_string(), "Slow down");
  EXPECT_EQ(body.at("error").as_string(), "Slow down");  // The old frontend's field.
  EXPECT_EQ(body.at("code").as_string(), "RATE_LIMITED");
  EXPECT_EQ(body.at("details").at("window").as_int64(), 60);
  const Response nf = ErrorResponse(ctx, core::Error::NotFound("nope"));
  EXPECT_EQ(nf.result_int(), 404u);
  EXPECT_EQ(nf.find(boost::beast::http::field::retry_after), nf.end());
}

}  // namespace
}  // namespace carevoice::http
