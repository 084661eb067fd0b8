// GET /public/avatars/:file and /public/audio/:file. No authentication: audio URLs are embedded
// in responses and file names are random (24 hex digits), so they are not guessable.

#include "api/routes.hpp"
#include "http/static_files.hpp"

namespace carevoice::api {

void RegisterStaticRoutes(http::Router& router, ApiDeps& deps) {
  const http::RouteOptions open{.requires_auth = false};
  auto serve = [&deps](const std::string& folder) {
    http::StaticFileOptions options;
    options.root = folder;
    options.param = "file";
    options.pool = &deps.pool;
    return http::MakeStaticFileHandler(std::move(options));
  };
  router.Add(http::Verb::get, "/public/avatars/:file", serve(deps.config.avatar_path), open);
  router.Add(http::Verb::get, "/public/audio/:file", serve(deps.config.audio_path), open);
}

}  // namespace carevoice::api
