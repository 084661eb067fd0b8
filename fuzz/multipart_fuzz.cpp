// libFuzzer target for the multipart/form-data parser (untrusted upload bodies).
// The first input line is the Content-Type header, the rest the body. Checks that the parser never
// crashes and that every part's data is a view inside the body.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/multipart.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view content_type = newline == std::string_view::npos
                                            ? "multipart/form-data; boundary=b"
                                            : input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? input : input.substr(newline + 1);
  carevoice::http::MultipartLimits limits;
  limits.max_parts = 16;
  limits.max_header_bytes = 512;
  auto parts = carevoice::http::ParseMultipart(content_type, body, limits);
  if (parts) {
    if (parts->size() > limits.max_parts) std::abort();
    for (const auto& part : *parts) {
      if (part.name.empty()) std::abort();
      if (part.data.data() < body.data() ||
          part.data.data() + part.data.size() > body.data() + body.size()) {
        std::abort();
      }
    }
  } else if (parts.error().HttpStatus() != 400) {
    std::abort();
  }
  return 0;
}
