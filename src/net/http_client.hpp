#pragma once

// The one outbound HTTP client (libcurl easy API), shared by the cloud adapters: the
// OpenAI-compatible responder and speech engines, and LiveKit's RoomService (Twirp). Blocking:
// call it on the worker pool. Thread-safe (one curl handle per call; curl_global_init once).

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace carevoice::net {

// One part of a multipart/form-data body.
struct FormPart {
  std::string name;
  std::string data;
  std::string filename{};      // "" = a plain field.
  std::string content_type{};  // "" = curl's default.
};

struct HttpRequest {
  std::string method = "POST";  // GET, POST, DELETE, ...
  std::string url;
  std::vector<std::string> headers;  // "Name: value" lines.
  std::string body;                  // Sent as is (set Content-Type in headers).
  std::vector<FormPart> form;        // Non-empty: a multipart/form-data body instead of `body`.
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{30'000};
  // Optional: receives the body as it arrives (streaming responses such as SSE) instead of
  // HttpResponse::body; return false to abort the transfer. Called with the response's status.
  std::function<bool(long status, std::string_view chunk)> on_body;
  // Optional: receives each response header line (without the CRLF).
  std::function<void(std::string_view line)> on_header;
  std::size_t max_body_bytes = std::size_t{16} << 20;  // A larger body fails the call.
};

struct HttpResponse {
  long status = 0;
  std::string body;  // Empty when on_body consumed it.
};

// Performs `request`. A transport failure (connection refused, timeout, reset, a body over
// max_body_bytes, an aborted stream) is kUnavailable with code "UPSTREAM_UNAVAILABLE" and a
// message naming the cause; any HTTP status is a successful call (the caller judges it).
core::Result<HttpResponse> Send(const HttpRequest& request);

}  // namespace carevoice::net
