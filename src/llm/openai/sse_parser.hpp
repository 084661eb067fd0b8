#pragma once

// An incremental parser for text/event-stream (Server-Sent Events) as OpenAI-compatible servers
// send it: "data: {...}" lines, events ended by a blank line, ":" comments ignored, CRLF or LF
// line ends. Bytes may arrive split anywhere.

#include <functional>
#include <string>
#include <string_view>

namespace carevoice::llm::openai {

class SseParser {
 public:
  // Receives the data of one complete event (multi-line data joined with '\n').
  using EventHandler = std::function<void(std::string_view data)>;

  explicit SseParser(EventHandler on_event) : on_event_(std::move(on_event)) {}

  // Consumes the next bytes of the stream.
  void Feed(std::string_view bytes);
  // Ends the stream: dispatches a final event that lacked its blank line.
  void Finish();

  // Returns true iff at least one "data:" line was seen.
  bool saw_data() const { return saw_data_; }

 private:
  void Line(std::string_view line);
  void Dispatch();

  EventHandler on_event_;
  std::string pending_;  // Bytes after the last line end.
  std::string data_;     // Data of the event being built.
  bool has_data_ = false;
  bool saw_data_ = false;
};

}  // namespace carevoice::llm::openai
