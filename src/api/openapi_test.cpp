#include "api/openapi.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http/verb.hpp>
#include <boost/json/serialize.hpp>

#include <functional>
#include <set>
#include <string>

#include "api/test_fakes.hpp"
#include "core/strings.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

std::string MethodOf(http::Verb verb) {
  return core::ToLowerAscii(std::string(boost::beast::http::to_string(verb)));
}

TEST(OpenApiTest, ToOpenApiPath) {
  EXPECT_EQ(ToOpenApiPath("/api/agents/:id"), "/api/agents/{id}");
  EXPECT_EQ(ToOpenApiPath("/api/conversations/:id/messages"), "/api/conversations/{id}/messages");
  EXPECT_EQ(ToOpenApiPath("/api/conversations/stats/user/:userId"),
            "/api/conversations/stats/user/{userId}");
  EXPECT_EQ(ToOpenApiPath("/health"), "/health");
  EXPECT_EQ(ToOpenApiPath("/public/audio/*file"), "/public/audio/{file}");
}

TEST(OpenApiTest, EveryRegisteredRouteIsDocumentedAndViceVersa) {
  testing::ApiHarness harness;
  const json::object doc = BuildOpenApiDocument("1.2.3");
  const json::object& paths = doc.at("paths").as_object();
  const std::vector<http::Router::RouteInfo> routes = harness.router().Routes();
  ASSERT_GE(routes.size(), 35u);
  std::set<std::string> registered;
  for (const auto& route : routes) {
    const std::string path = ToOpenApiPath(route.pattern);
    const std::string method = MethodOf(route.verb);
    registered.insert(method + " " + path);
    ASSERT_TRUE(paths.contains(path)) << path << " is not documented";
    const json::object& item = paths.at(path).as_object();
    ASSERT_TRUE(item.contains(method)) << method << " " << path << " is not documented";
    const json::object& op = item.at(method).as_object();
    // Open routes override the global bearer requirement with an empty list; protected ones
    // inherit it.
    // Visitor routes (/api/public) name the visitor schemes instead: no bearer either.
    bool documented_open = op.contains("security");
    if (documented_open) {
      for (const json::value& requirement : op.at("security").as_array()) {
        documented_open = documented_open && !requirement.as_object().contains("bearerAuth");
      }
    }
    EXPECT_EQ(documented_open, !route.options.requires_auth) << method << " " << path;
    EXPECT_TRUE(op.contains("responses"));
  }
  std::size_t documented = 0;
  for (const auto& [path, item] : paths) {
    for (const auto& [method, op] : item.as_object()) {
      ++documented;
      EXPECT_TRUE(registered.count(std::string(method) + " " + std::string(path)))
          << method << " " << path << " is documented but not registered";
    }
  }
  EXPECT_EQ(documented, registered.size());
}

TEST(OpenApiTest, DocumentHeaderAndSecurityScheme) {
  const json::object doc = BuildOpenApiDocument("1.2.3");
  EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");
  EXPECT_EQ(doc.at("info").at("version").as_string(), "1.2.3");
  const json::object& scheme =
      doc.at("components").at("securitySchemes").at("bearerAuth").as_object();
  EXPECT_EQ(scheme.at("type").as_string(), "http");
  EXPECT_EQ(scheme.at("scheme").as_string(), "bearer");
}

TEST(OpenApiTest, EveryRefResolves) {
  const json::object doc = BuildOpenApiDocument("x");
  const json::object& components = doc.at("components").as_object();
  std::size_t refs = 0;
  std::function<void(const json::value&)> walk = [&](const json::value& v) {
    if (const json::object* o = v.if_object()) {
      if (const json::value* ref = o->if_contains("$ref")) {
        ++refs;
        const std::string target(ref->as_string());
        const std::string prefix = "#/components/";
        ASSERT_TRUE(core::StartsWith(target, prefix)) << target;
        const std::string rest = target.substr(prefix.size());
        const std::size_t slash = rest.find('/');
        const std::string section = rest.substr(0, slash);
        const std::string name = rest.substr(slash + 1);
        ASSERT_TRUE(components.contains(section)) << target;
        EXPECT_TRUE(components.at(section).as_object().contains(name)) << target;
      }
      for (const auto& [k, child] : *o) walk(child);
    } else if (const json::array* a = v.if_array()) {
      for (const auto& child : *a) walk(child);
    }
  };
  walk(doc);
  EXPECT_GT(refs, 100u);
}

TEST(OpenApiTest, PathParametersAreDeclared) {
  const json::object doc = BuildOpenApiDocument("x");
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    const std::string p(path);
    std::size_t braces = 0;
    for (char c : p) braces += c == '{';
    for (const auto& [method, op] : item.as_object()) {
      std::size_t declared = 0;
      if (const json::value* params = op.as_object().if_contains("parameters")) {
        for (const auto& param : params->as_array()) {
          if (param.at("in").as_string() == "path") {
            ++declared;
            EXPECT_NE(p.find("{" + std::string(param.at("name").as_string()) + "}"),
                      std::string::npos);
          }
        }
      }
      EXPECT_EQ(declared, braces) << method << " " << p;
    }
  }
}

TEST(OpenApiTest, ServedWithoutAuth) {
  testing::ApiHarness harness;
  const auto r = harness.Call(http::Verb::get, "/api/openapi.json", "", /*user_id=*/"");
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.body.at("info").at("version").as_string(), "test");
  EXPECT_TRUE(r.body.at("paths").as_object().contains("/api/conversations/{id}/audio"));
}

}  // namespace
}  // namespace carevoice::api
