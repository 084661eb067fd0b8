#pragma once

// The OpenAPI 3.0 document of the REST API, served at GET /api/openapi.json.

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace carevoice::api {

// Returns the document: every route RegisterApiRoutes adds (paths, methods, parameters, request
// bodies, response schemas, the bearer security scheme), with `version` as info.version.
boost::json::object BuildOpenApiDocument(const std::string& version);

// Returns the OpenAPI form of a router pattern: "/api/agents/:id" → "/api/agents/{id}".
std::string ToOpenApiPath(std::string_view pattern);

}  // namespace carevoice::api
