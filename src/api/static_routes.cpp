// GET /public/avatars/:file and /public/audio/*file. No authentication: audio URLs are embedded
// in responses and file names are random (24 hex digits), so they are not guessable. Audio is a
// user's own (voice messages, replies): "<owner id>/<file>", Cache-Control: private, so shared
// caches never keep it; the old flat "/public/audio/<file>" names still resolve.

#include "api/routes.hpp"
#include "http/static_files.hpp"

namespace carevoice::api {

void RegisterStaticRoutes(http::Router& router, ApiDeps& deps) {
  const http::RouteOptions open{.requires_auth = false};
  auto serve = [&deps](const std::string& folder, std::string cache_control) {
    http::StaticFileOptions options;
    options.root = folder;
    options.param = "file";
    options.pool = &deps.pool;
    options.cache_control = std::move(cache_control);
    return http::MakeStaticFileHandler(std::move(options));
  };
  router.Add(http::Verb::get, "/public/avatars/:file",
             serve(deps.config.avatar_path, "public, max-age=3600"), open);
  router.Add(http::Verb::get, "/public/audio/*file",
             serve(deps.config.audio_path, "private, max-age=86400"), open);
}

}  // namespace carevoice::api
