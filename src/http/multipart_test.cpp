#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <string>

namespace carevoice::http {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=----WebKitFormBoundaryX7";

std::string Body(std::initializer_list<std::string> parts, bool close = true) {
  std::string body;
  for (const std::string& p : parts) body += "------WebKitFormBoundaryX7\r\n" + p + "\r\n";
  if (close) body += "------WebKitFormBoundaryX7--\r\n";
  return body;
}

TEST(MultipartTest, ParsesFileAndTextParts) {
  static constexpr char kAudio[] = "RIFF\0\x01\x02\r\n--not-a-boundary\r\n";
  const std::string audio(kAudio, sizeof(kAudio) - 1);  // Binary: keeps the NUL byte.
  const std::string body = Body({
      "Content-Disposition: form-data; name=\"audio\"; filename=\"clip.wav\"\r\n"
      "Content-Type: audio/wav\r\n\r\n" +
          audio,
      "Content-Disposition: form-data; name=\"transcript\"\r\n\r\nhello there",
  });
  auto parts = ParseMultipart(kType, body);
  ASSERT_TRUE(parts.has_value()) << parts.error().message;
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "audio");
  EXPECT_EQ((*parts)[0].filename, "clip.wav");
  EXPECT_EQ((*parts)[0].content_type, "audio/wav");
  EXPECT_EQ((*parts)[0].data, audio);
  EXPECT_EQ((*parts)[1].name, "transcript");
  EXPECT_EQ((*parts)[1].filename, "");
  EXPECT_EQ((*parts)[1].content_type, "text/plain");
  EXPECT_EQ((*parts)[1].data, "hello there");
  ASSERT_NE(FindPart(*parts, "transcript"), nullptr);
  EXPECT_EQ(FindPart(*parts, "missing"), nullptr);
}

TEST(MultipartTest, QuotedBoundaryPreambleEpilogueAndEmptyData) {
  const std::string body =
      "preamble to ignore\r\n--a b'c\r\n"
      "content-disposition: FORM-DATA; name=\"empty\"\r\n\r\n"
      "\r\n--a b'c--\r\nepilogue";
  auto parts = ParseMultipart("Multipart/Form-Data; charset=utf-8; Boundary=\"a b'c\"", body);
  ASSERT_TRUE(parts.has_value()) << parts.error().message;
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].name, "empty");
  EXPECT_TRUE((*parts)[0].data.empty());
}

TEST(MultipartTest, FilenameLosesClientPathAndKeepsEscapedQuote) {
  const std::string body = Body({
      "Content-Disposition: form-data; name=\"f\"; filename=\"C:\\Users\\me\\a\\\"b.mp3\"\r\n\r\nx",
      "Content-Disposition: form-data; name=\"g\"; filename=\"../../etc/passwd\"\r\n\r\ny",
  });
  auto parts = ParseMultipart(kType, body);
  ASSERT_TRUE(parts.has_value()) << parts.error().message;
  EXPECT_EQ((*parts)[0].filename, "a\"b.mp3");
  EXPECT_EQ((*parts)[1].filename, "passwd");
}

// Returns the error message of parsing `body` with `type`; fails the test if it parses.
std::string ErrorOf(std::string_view type, const std::string& body,
                    const MultipartLimits& limits = {}) {
  auto parts = ParseMultipart(type, body, limits);
  EXPECT_FALSE(parts.has_value());
  if (parts.has_value()) return "";
  EXPECT_EQ(parts.error().HttpStatus(), 400);
  EXPECT_EQ(parts.error().code, "INVALID_MULTIPART");
  return parts.error().message;
}

TEST(MultipartTest, ContentTypeErrors) {
  const std::string body = Body({"Content-Disposition: form-data; name=\"a\"\r\n\r\n1"});
  EXPECT_EQ(ErrorOf("application/json", body), "Content-Type must be multipart/form-data");
  EXPECT_EQ(ErrorOf("multipart/form-data", body), "Missing multipart boundary");
  EXPECT_EQ(ErrorOf("multipart/form-data; charset=utf-8", body), "Missing multipart boundary");
  EXPECT_EQ(ErrorOf("multipart/form-data; boundary=", body), "Malformed Content-Type parameters");
  EXPECT_NE(ErrorOf("multipart/form-data; boundary=" + std::string(71, 'b'), body)
                .find("Invalid multipart boundary"),
            std::string::npos);
}

TEST(MultipartTest, TruncatedAndUnclosedBodies) {
  const std::string good = Body({"Content-Disposition: form-data; name=\"a\"\r\n\r\nvalue"});
  EXPECT_EQ(ErrorOf(kType, ""), "Empty multipart body");
  EXPECT_EQ(ErrorOf(kType, "no boundary here"), "Multipart body does not contain the boundary");
  // Cut inside the data: no closing delimiter.
  EXPECT_EQ(ErrorOf(kType, good.substr(0, good.find("value") + 3)),
            "Truncated multipart body (no closing delimiter)");
  // Cut inside the headers.
  EXPECT_EQ(ErrorOf(kType, good.substr(0, 40)),
            "Truncated multipart body (part headers not terminated)");
  // A final delimiter without "--".
  EXPECT_EQ(ErrorOf(kType, Body({"Content-Disposition: form-data; name=\"a\"\r\n\r\nv"}, false)),
            "Truncated multipart body (no closing delimiter)");
  // Every prefix of a valid body fails cleanly (no crash, no false success).
  for (std::size_t n = 0; n + 4 < good.size(); ++n) {
    EXPECT_FALSE(ParseMultipart(kType, good.substr(0, n)).has_value()) << n;
  }
}

TEST(MultipartTest, DispositionErrors) {
  EXPECT_EQ(ErrorOf(kType, Body({"Content-Type: text/plain\r\n\r\nx"})),
            "Missing Content-Disposition in part 1");
  EXPECT_EQ(ErrorOf(kType, Body({"\r\nx"})), "Missing Content-Disposition in part 1");
  EXPECT_EQ(ErrorOf(kType, Body({"Content-Disposition: attachment; name=\"a\"\r\n\r\nx"})),
            "Content-Disposition of part 1 must be form-data");
  EXPECT_EQ(ErrorOf(kType, Body({"Content-Disposition: form-data; filename=\"a\"\r\n\r\nx"})),
            "Content-Disposition of part 1 has no name");
  EXPECT_EQ(ErrorOf(kType, Body({"Content-Disposition: form-data; name=\"unterminated\r\n\r\nx"})),
            "Malformed Content-Disposition in part 1");
  EXPECT_EQ(ErrorOf(kType, Body({"Content-Disposition: form-data; name=\"a\"\r\n\r\n1",
                                 "no colon line\r\n\r\n2"})),
            "Malformed header line in part 2");
}

TEST(MultipartTest, Limits) {
  MultipartLimits limits;
  limits.max_parts = 2;
  const std::string part = "Content-Disposition: form-data; name=\"a\"\r\n\r\n1";
  EXPECT_TRUE(ParseMultipart(kType, Body({part, part}), limits).has_value());
  EXPECT_EQ(ErrorOf(kType, Body({part, part, part}), limits), "Too many multipart parts (limit 2)");
  limits.max_header_bytes = 64;
  const std::string big_header =
      "Content-Disposition: form-data; name=\"" + std::string(100, 'n') + "\"\r\n\r\n1";
  EXPECT_EQ(ErrorOf(kType, Body({big_header}), limits),
            "Multipart part headers too large (limit 64 bytes)");
}

}  // namespace
}  // namespace carevoice::http
