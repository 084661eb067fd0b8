// libFuzzer target for request bodies: the JSON body parser every REST handler starts with
// (http::ParseJsonObject: UTF-8 check, one complete value, trailing-garbage check, line/column
// in the error) and the field readers the wire codecs validate it with. The first input byte
// picks the Content-Type; the rest is the body. Checks that a body is either an object or a 4xx
// error, never a crash, a throw or another status.

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/router.hpp"
#include "wire/validation.hpp"

namespace http = carevoice::http;
namespace wire = carevoice::wire;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr std::string_view kTypes[] = {
      "application/json", "application/json; charset=utf-8", "text/plain", ""};
  http::Request request;
  request.method(boost::beast::http::verb::post);
  request.target("/api/agents");
  request.set(boost::beast::http::field::content_type, kTypes[data[0] % 4]);
  request.body().assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  http::RequestContext ctx;
  ctx.request = &request;

  auto parsed = http::ParseJsonObject(ctx);
  if (!parsed) {
    const unsigned status = parsed.error().HttpStatus();
    if (status != 400 && status != 415) std::abort();
    return 0;
  }
  // Read every member with each reader, as the codecs do: wrong types become field errors.
  wire::FieldErrors errors;
  for (const auto& member : *parsed) {
    const std::string_view key = member.key();
    (void)wire::ReadString(*parsed, key, errors);
    (void)wire::ReadBool(*parsed, key, errors);
    (void)wire::ReadNumber(*parsed, key, errors);
    (void)wire::ReadInteger(*parsed, key, errors);
    (void)wire::ReadArray(*parsed, key, errors);
    (void)wire::ReadObject(*parsed, key, errors);
    if (const auto* text = member.value().if_string()) {
      (void)wire::CheckLength(*text, key, 1, 64, errors);
      (void)wire::Trimmed(*text);
    }
  }
  if (!errors.Empty() && errors.ToError().HttpStatus() != 400) std::abort();
  return 0;
}
