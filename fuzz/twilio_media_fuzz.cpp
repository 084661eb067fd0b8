// libFuzzer target for the Twilio parsers of untrusted input: Media Streams messages (the
// /twilio/media WebSocket) and the form body of POST /twilio/voice with its signature check.
// Checks that they never crash and that what they accept is consistent: media audio within the
// limit, one DTMF digit, a message that re-encodes to the same audio.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "call/twilio.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using carevoice::call::TwilioMessage;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto message = carevoice::call::ParseTwilioMessage(text, error);
  if (!message) {
    if (error.empty()) std::abort();
  } else {
    if (message->audio.size() > carevoice::call::kMaxTwilioMediaBytes) std::abort();
    if (message->kind == TwilioMessage::Kind::kDtmf && message->digit.size() != 1) std::abort();
    if (message->kind == TwilioMessage::Kind::kMedia) {
      std::string again_error;
      auto again = carevoice::call::ParseTwilioMessage(
          carevoice::call::TwilioMediaMessage(message->stream_sid, message->audio), again_error);
      if (!again || again->audio != message->audio) std::abort();
    }
  }
  if (auto form = carevoice::call::ParseForm(text)) {
    const std::string signature = carevoice::call::TwilioSignature("token", "https://x/y", *form);
    if (!carevoice::call::ValidTwilioSignature("token", "https://x/y", *form, signature)) {
      std::abort();
    }
  }
  return 0;
}
