// GET /public/avatars/:file and /public/audio/*file. No authentication: audio URLs are embedded
// in responses and file names are random (24 hex digits), so they are not guessable. Audio is a
// user's own (voice messages, replies): "<owner id>/<file>", Cache-Control: private, so shared
// caches never keep it; the old flat "/public/audio/<file>" names still resolve.
//
// The web folder (ApiConfig::web_path, WEB_PATH, default "web"): the staff console at `/`
// (index.html) and `/app/*`, the customer widget at `/widget.js` (with its AudioWorklet module for
// voice calls at `/widget-audio.js`), and an explicit allow-list of
// browser libraries installed by npm into web/node_modules, at `/vendor/<name>`. No CDN: every
// byte the console and the widget load comes from CareVoice itself.

#include <string>
#include <utility>

#include "api/routes.hpp"
#include "http/static_files.hpp"

namespace carevoice::api {
namespace {

// The console: scripts, styles, images and media from this origin only; the socket connects back
// to it. Charts draw on a canvas and set inline style properties from script (allowed by CSP).
constexpr const char* kConsoleCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

// What a customer's site loads from CareVoice (<script src>, <audio>, <img>) loads cross-origin.
constexpr const char* kEmbeddable = "cross-origin";

// Browser libraries served from web/node_modules: public name → path below web/node_modules.
struct VendorFile {
  const char* name;
  const char* path;
};
constexpr VendorFile kVendorFiles[] = {
    {"socket.io.min.js", "socket.io-client/dist/socket.io.min.js"},
    {"socket.io.esm.min.js", "socket.io-client/dist/socket.io.esm.min.js"},
    {"chart.umd.js", "chart.js/dist/chart.umd.js"},
};

// Serves one fixed file of `folder` whatever the request path.
http::Handler FixedFile(http::Handler inner, std::string file) {
  return [inner = std::move(inner), file = std::move(file)](http::RequestContext& ctx) {
    ctx.params["file"] = file;
    return inner(ctx);
  };
}

}  // namespace

void RegisterStaticRoutes(http::Router& router, ApiDeps& deps) {
  auto serve = [&deps](const std::filesystem::path& folder, std::string cache_control = {},
                       std::string index_file = {}) {
    http::StaticFileOptions options;
    options.root = folder;
    options.param = "file";
    options.pool = &deps.pool;
    if (!cache_control.empty()) options.cache_control = std::move(cache_control);
    options.index_file = std::move(index_file);
    return http::MakeStaticFileHandler(std::move(options));
  };
  // Loaded by the widget on the customer's site (another site): its script, the Socket.IO client,
  // reply audio and avatars.
  const http::RouteOptions embeddable{.requires_auth = false,
                                      .cross_origin_resource_policy = kEmbeddable};
  router.Add(http::Verb::get, "/public/avatars/:file",
             serve(deps.config.avatar_path, "public, max-age=3600"), embeddable);
  router.Add(http::Verb::get, "/public/audio/*file",
             serve(deps.config.audio_path, "private, max-age=86400"), embeddable);

  if (deps.config.web_path.empty()) return;
  const std::filesystem::path web = deps.config.web_path;
  // The app changes with every release: revalidate (ETag) instead of trusting a stale copy.
  const std::string revalidate = "no-cache";
  const http::RouteOptions console{.requires_auth = false, .content_security_policy = kConsoleCsp};
  router.Add(http::Verb::get, "/", serve(web, revalidate, "index.html"), console);
  router.Add(http::Verb::get, "/app/*file", serve(web / "app", revalidate), console);
  router.Add(http::Verb::get, "/widget.js", FixedFile(serve(web, revalidate), "widget.js"),
             embeddable);
  // audioWorklet.addModule() on the customer's site fetches the module in CORS mode: it needs
  // Access-Control-Allow-Origin (any origin, no credentials; the file is public).
  http::RouteOptions worklet = embeddable;
  worklet.cors_any_origin = true;
  router.Add(http::Verb::get, "/widget-audio.js",
             FixedFile(serve(web, revalidate), "widget-audio.js"), worklet);
  for (const VendorFile& vendor : kVendorFiles) {
    const std::filesystem::path file = web / "node_modules" / vendor.path;
    router.Add(http::Verb::get, std::string("/vendor/") + vendor.name,
               FixedFile(serve(file.parent_path()), file.filename().string()), embeddable);
  }
}

}  // namespace carevoice::api
