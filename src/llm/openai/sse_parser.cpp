#include "llm/openai/sse_parser.hpp"

namespace carevoice::llm::openai {

void SseParser::Feed(std::string_view bytes) {
  pending_.append(bytes);
  std::size_t start = 0;
  for (std::size_t nl = pending_.find('\n', start); nl != std::string::npos;
       nl = pending_.find('\n', start)) {
    std::string_view line(pending_.data() + start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    Line(line);
    start = nl + 1;
  }
  pending_.erase(0, start);
}

void SseParser::Finish() {
  if (!pending_.empty()) {
    std::string last = std::move(pending_);
    pending_.clear();
    if (!last.empty() && last.back() == '\r') last.pop_back();
    Line(last);
  }
  Dispatch();
}

void SseParser::Line(std::string_view line) {
  if (line.empty()) {
    Dispatch();
    return;
  }
  if (line.front() == ':') return;  // Comment / keep-alive.
  const std::size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value =
      colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field != "data") return;  // "event", "id", "retry" are not used by chat completions.
  if (has_data_) data_ += '\n';
  data_.append(value);
  has_data_ = true;
  saw_data_ = true;
}

void SseParser::Dispatch() {
  if (!has_data_) return;
  std::string data = std::move(data_);
  data_.clear();
  has_data_ = false;
  if (on_event_) on_event_(data);
}

}  // namespace carevoice::llm::openai
