#include "net/http_client.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace carevoice::net {
namespace {

void InitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const HttpRequest* request = nullptr;
  CURL* handle = nullptr;
  HttpResponse* response = nullptr;
  bool too_large = false;
  bool aborted = false;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string_view bytes(data, size * count);
  if (t->request->on_body) {
    long status = 0;
    curl_easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
    if (!t->request->on_body(status, bytes)) {
      t->aborted = true;
      return 0;  // curl stops with CURLE_WRITE_ERROR.
    }
    return bytes.size();
  }
  if (t->response->body.size() + bytes.size() > t->request->max_body_bytes) {
    t->too_large = true;
    return 0;
  }
  t->response->body.append(bytes);
  return bytes.size();
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (t->request->on_header && !line.empty()) t->request->on_header(line);
  return size * count;
}

core::Error Unavailable(std::string message) {
  core::Error e = core::Error::Unavailable(std::move(message));
  e.code = "UPSTREAM_UNAVAILABLE";
  return e;
}

}  // namespace

core::Result<HttpResponse> Send(const HttpRequest& request) {
  InitOnce();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle(curl_easy_init(), &curl_easy_cleanup);
  if (!handle) return Unavailable("cannot create an HTTP client handle");
  CURL* h = handle.get();
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                      &curl_slist_free_all);
  auto add_header = [&headers](const std::string& line) {
    headers.reset(curl_slist_append(headers.release(), line.c_str()));
  };
  add_header("Expect:");
  for (const std::string& line : request.headers) add_header(line);
  std::unique_ptr<curl_mime, decltype(&curl_mime_free)> mime(nullptr, &curl_mime_free);
  if (!request.form.empty()) {
    mime.reset(curl_mime_init(h));
    for (const FormPart& p : request.form) {
      curl_mimepart* part = curl_mime_addpart(mime.get());
      curl_mime_name(part, p.name.c_str());
      curl_mime_data(part, p.data.data(), p.data.size());
      if (!p.filename.empty()) curl_mime_filename(part, p.filename.c_str());
      if (!p.content_type.empty()) curl_mime_type(part, p.content_type.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime.get());
  } else if (request.method != "GET") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  if (request.method != "POST" && request.method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  HttpResponse response;
  Transfer transfer{&request, h, &response};
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "CareVoice/0.1");
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  const CURLcode code = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  if (transfer.too_large) {
    return Unavailable("response body over " + std::to_string(request.max_body_bytes) + " bytes");
  }
  if (transfer.aborted) return Unavailable("transfer aborted by the reader");
  if (code != CURLE_OK)
    return Unavailable(std::string("transport error: ") + curl_easy_strerror(code));
  return response;
}

}  // namespace carevoice::net
