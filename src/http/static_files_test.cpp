#include "http/static_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>

#include "http/http_date.hpp"

namespace carevoice::http {
namespace {

namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "cv_static_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
    root_ = base_ / "public" / "audio";
    fs::create_directories(root_ / "sub");
    Write(root_ / "clip.wav", content_);
    Write(root_ / "sub" / "page.html", "<p>hi</p>");
    Write(root_ / ".env", "SECRET=1");
    Write(base_ / "secret.txt", "TOP SECRET");  // Outside the root.
    Write(base_ / "public" / "sibling.txt", "SIBLING");
    fs::create_symlink(base_ / "secret.txt", root_ / "link.txt");
    // A folder whose name shares the root's prefix ("audio2" next to "audio").
    fs::create_directories(base_ / "public" / "audio2");
    Write(base_ / "public" / "audio2" / "x.txt", "PREFIX");

    router_.Add(Verb::get, "/public/audio/*file",
                MakeStaticFileHandler({.root = root_, .param = "file", .pool = &pool_}),
                {.requires_auth = false});
    router_.Add(Verb::get, "/one/:file", MakeStaticFileHandler({.root = root_}),
                {.requires_auth = false});
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }

  static void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

  // Routes and runs `target` like the server does (minus the network).
  Response Get(std::string target, std::vector<std::pair<std::string, std::string>> headers = {},
               Verb verb = Verb::get) {
    request_ = Request{verb, target, 11};
    for (auto& [k, v] : headers) request_.set(k, v);
    Router::Match match = router_.Find(verb, target);
    if (match.handler == nullptr) {
      Response res{bhttp::status::not_found, 11};
      res.body() = "no route";
      return res;
    }
    RequestContext ctx;
    ctx.request = &request_;
    ctx.params = std::move(match.params);
    boost::asio::io_context ioc;
    auto future = boost::asio::co_spawn(ioc, (*match.handler)(ctx), boost::asio::use_future);
    ioc.run();
    return future.get();
  }

  fs::path base_;
  fs::path root_;
  const std::string content_ = "0123456789abcdefghij";  // 20 bytes.
  boost::asio::thread_pool pool_{1};
  Router router_;
  Request request_;
};

TEST_F(StaticFilesTest, ServesFileWithMimeAndValidators) {
  const Response res = Get("/public/audio/clip.wav");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), content_);
  EXPECT_EQ(res[bhttp::field::content_type], "audio/wav");
  EXPECT_EQ(res[bhttp::field::content_length], "20");
  EXPECT_EQ(res[bhttp::field::accept_ranges], "bytes");
  EXPECT_FALSE(res[bhttp::field::etag].empty());
  EXPECT_TRUE(ParseHttpDate(std::string(res[bhttp::field::last_modified])).has_value());
  EXPECT_EQ(res[bhttp::field::cache_control], "public, max-age=3600");
  const Response nested = Get("/public/audio/sub/page.html");
  EXPECT_EQ(nested.body(), "<p>hi</p>");
  EXPECT_EQ(nested[bhttp::field::content_type], "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, MimeTypes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a.wav", "audio/wav"},
      {"a.MP3", "audio/mpeg"},
      {"a.ogg", "audio/ogg"},
      {"a.webm", "audio/webm"},
      {"a.m4a", "audio/mp4"},
      {"a.png", "image/png"},
      {"a.jpg", "image/jpeg"},
      {"a.jpeg", "image/jpeg"},
      {"a.gif", "image/gif"},
      {"a.svg", "image/svg+xml"},
      {"a.webp", "image/webp"},
      {"a.ico", "image/x-icon"},
      {"x/a.js", "text/javascript; charset=utf-8"},
      {"a.css", "text/css; charset=utf-8"},
      {"a.json", "application/json; charset=utf-8"},
      {"a.txt", "text/plain; charset=utf-8"},
      {"a.woff2", "font/woff2"},
      {"noext", "application/octet-stream"},
      {"a.exe", "application/octet-stream"},
      {"dir.d/file", "application/octet-stream"}};
  for (const auto& [path, type] : cases) EXPECT_EQ(MimeTypeForPath(path), type) << path;
}

TEST_F(StaticFilesTest, HeadReportsLengthWithoutReading) {
  const Response res = Get("/public/audio/clip.wav", {}, Verb::head);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[bhttp::field::content_length], "20");
  EXPECT_TRUE(res.body().empty());
}

TEST_F(StaticFilesTest, SingleRangeIs206) {
  const Response mid = Get("/public/audio/clip.wav", {{"Range", "bytes=2-5"}});
  EXPECT_EQ(mid.result_int(), 206u);
  EXPECT_EQ(mid.body(), "2345");
  EXPECT_EQ(mid[bhttp::field::content_range], "bytes 2-5/20");
  EXPECT_EQ(mid[bhttp::field::content_length], "4");
  EXPECT_EQ(Get("/public/audio/clip.wav", {{"Range", "bytes=15-"}}).body(), "fghij");
  EXPECT_EQ(Get("/public/audio/clip.wav", {{"Range", "bytes=-3"}}).body(), "hij");
  EXPECT_EQ(Get("/public/audio/clip.wav", {{"Range", "bytes=18-100"}}).body(), "ij");
  EXPECT_EQ(Get("/public/audio/clip.wav", {{"Range", "bytes=-100"}}).body(), content_);
}

TEST_F(StaticFilesTest, UnsatisfiableRangeIs416) {
  for (const char* range : {"bytes=20-", "bytes=25-30", "bytes=-0"}) {
    const Response res = Get("/public/audio/clip.wav", {{"Range", range}});
    EXPECT_EQ(res.result_int(), 416u) << range;
    EXPECT_EQ(res[bhttp::field::content_range], "bytes */20");
    EXPECT_EQ(boost::json::parse(res.body()).at("code").as_string(), "RANGE_NOT_SATISFIABLE");
    EXPECT_EQ(boost::json::parse(res.body()).at("error").as_string(), "Range not satisfiable");
  }
}

TEST_F(StaticFilesTest, MultiOrMalformedRangeServesWholeFile) {
  for (const char* range : {"bytes=0-1,4-5", "bytes=5-2", "items=0-1", "bytes=abc", "bytes=1"}) {
    const Response res = Get("/public/audio/clip.wav", {{"Range", range}});
    EXPECT_EQ(res.result_int(), 200u) << range;
    EXPECT_EQ(res.body(), content_);
  }
}

TEST_F(StaticFilesTest, IfRangeMismatchServesWholeFile) {
  const std::string etag(Get("/public/audio/clip.wav")[bhttp::field::etag]);
  EXPECT_EQ(
      Get("/public/audio/clip.wav", {{"Range", "bytes=0-1"}, {"If-Range", etag}}).result_int(),
      206u);
  EXPECT_EQ(Get("/public/audio/clip.wav", {{"Range", "bytes=0-1"}, {"If-Range", "\"other\""}})
                .result_int(),
            200u);
}

TEST_F(StaticFilesTest, ConditionalRequestsGet304) {
  const Response first = Get("/public/audio/clip.wav");
  const std::string etag(first[bhttp::field::etag]);
  const Response cached = Get("/public/audio/clip.wav", {{"If-None-Match", etag}});
  EXPECT_EQ(cached.result_int(), 304u);
  EXPECT_TRUE(cached.body().empty());
  EXPECT_EQ(cached[bhttp::field::etag], etag);
  EXPECT_EQ(Get("/public/audio/clip.wav", {{"If-None-Match", "\"x\", W/" + etag}}).result_int(),
            304u);
  EXPECT_EQ(Get("/public/audio/clip.wav", {{"If-None-Match", "\"stale\""}}).result_int(), 200u);
  const std::string modified(first[bhttp::field::last_modified]);
  EXPECT_EQ(Get("/public/audio/clip.wav", {{"If-Modified-Since", modified}}).result_int(), 304u);
  EXPECT_EQ(Get("/public/audio/clip.wav", {{"If-Modified-Since", FormatHttpDate(0)}}).result_int(),
            200u);
}

TEST_F(StaticFilesTest, MissingFileIsJson404) {
  const Response res = Get("/public/audio/nope.wav");
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_EQ(boost::json::parse(res.body()).at("code").as_string(), "NOT_FOUND");
  EXPECT_EQ(Get("/public/audio/sub").result_int(), 404u);   // A folder.
  EXPECT_EQ(Get("/public/audio/.env").result_int(), 404u);  // Hidden.
}

TEST_F(StaticFilesTest, TraversalAttemptsNeverEscapeTheRoot) {
  const std::vector<std::string> attempts = {
      "/public/audio/../secret.txt",
      "/public/audio/../../secret.txt",
      "/public/audio/%2e%2e/%2e%2e/secret.txt",
      "/public/audio/%2E%2E%2F%2E%2E%2Fsecret.txt",
      "/public/audio/..%2f..%2fsecret.txt",
      "/public/audio/..%5c..%5csecret.txt",
      "/public/audio/sub/..%2f..%2f..%2fsibling.txt",
      "/public/audio/%252e%252e/secret.txt",
      "/public/audio/.%2e/sibling.txt",
      "/public/audio/%2fetc%2fpasswd",
      "/public/audio//etc/passwd",
      "/public/audio/clip.wav%00.png",
      "/public/audio/link.txt",
      "/public/audio/..\\..\\secret.txt",
      "/public/audio/../audio2/x.txt",
      "/public/audio/%2e%2e%2faudio2%2fx.txt",
      "/one/..%2fsibling.txt",
      "/one/%2e%2e",
      "/one/..",
  };
  for (const std::string& target : attempts) {
    const Response res = Get(target);
    EXPECT_TRUE(res.result_int() == 400u || res.result_int() == 404u)
        << target << " → " << res.result_int();
    EXPECT_EQ(res.body().find("SECRET"), std::string::npos) << target;
    EXPECT_EQ(res.body().find("SIBLING"), std::string::npos) << target;
    EXPECT_EQ(res.body().find("PREFIX"), std::string::npos) << target;
  }
  EXPECT_EQ(Get("/public/audio/%2e%2e/secret.txt").result_int(), 400u);
  EXPECT_EQ(Get("/public/audio/clip.wav%00.png").result_int(), 400u);
}

TEST_F(StaticFilesTest, SafeRelativePath) {
  EXPECT_EQ(SafeRelativePath("a/b.txt"), fs::path("a/b.txt"));
  for (const char* bad : {"", "/abs", "../x", "a/../b", "a/./b", "a//b", "a\\b", "a/", "x\x01"}) {
    EXPECT_FALSE(SafeRelativePath(bad).has_value()) << bad;
  }
  EXPECT_FALSE(SafeRelativePath(std::string_view("a\0b", 3)).has_value());
}

TEST_F(StaticFilesTest, IndexFileForTheConsole) {
  Write(root_ / "index.html", "<html>console</html>");
  Router console;
  console.Add(Verb::get, "/*path",
              MakeStaticFileHandler({.root = root_, .param = "path", .index_file = "index.html"}));
  router_ = std::move(console);
  EXPECT_EQ(Get("/").body(), "<html>console</html>");
  EXPECT_EQ(Get("/sub/page.html").body(), "<p>hi</p>");
  EXPECT_EQ(Get("/sub").result_int(), 404u);  // No index.html in sub/.
}

}  // namespace
}  // namespace carevoice::http
