#include "call/twilio.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>

#include <algorithm>
#include <array>

#include "core/strings.hpp"
#include "http/router.hpp"

namespace carevoice::call {
namespace {

namespace json = boost::json;

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

const json::object* ObjectField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

std::string StringField(const json::object* o, std::string_view key) {
  if (o == nullptr) return {};
  const json::value* v = o->if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::string ConnectStreamTwiml(std::string_view stream_url,
                               const std::map<std::string, std::string>& parameters) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\"" +
                    XmlEscape(stream_url) + "\">";
  for (const auto& [name, value] : parameters) {
    out += "<Parameter name=\"" + XmlEscape(name) + "\" value=\"" + XmlEscape(value) + "\"/>";
  }
  return out + "</Stream></Connect></Response>";
}

std::string SayAndHangupTwiml(std::string_view text) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>" + XmlEscape(text) +
         "</Say><Hangup/></Response>";
}

std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            const std::map<std::string, std::string>& params) {
  std::string data(url);
  for (const auto& [key, value] : params) data += key + value;  // std::map: sorted keys.
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  if (HMAC(EVP_sha1(), auth_token.data(), static_cast<int>(auth_token.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(),
           &len) == nullptr) {
    return {};
  }
  return core::Base64Encode(std::string_view(reinterpret_cast<const char*>(mac.data()), len));
}

bool ValidTwilioSignature(std::string_view auth_token, std::string_view url,
                          const std::map<std::string, std::string>& params,
                          std::string_view signature) {
  const std::string expected = TwilioSignature(auth_token, url, params);
  return !expected.empty() && core::ConstantTimeEquals(expected, core::TrimAscii(signature));
}

std::optional<std::map<std::string, std::string>> ParseForm(std::string_view body) {
  return http::ParseQuery(body);
}

std::optional<TwilioMessage> ParseTwilioMessage(std::string_view text, std::string& error) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    error = "not a JSON object";
    return std::nullopt;
  }
  const json::object& o = v.get_object();
  const std::string event = StringField(&o, "event");
  TwilioMessage m;
  m.stream_sid = StringField(&o, "streamSid");
  if (event == "connected") {
    m.kind = TwilioMessage::Kind::kConnected;
    return m;
  }
  if (event == "start") {
    const json::object* start = ObjectField(o, "start");
    if (start == nullptr) {
      error = "start without a start object";
      return std::nullopt;
    }
    m.kind = TwilioMessage::Kind::kStart;
    if (m.stream_sid.empty()) m.stream_sid = StringField(start, "streamSid");
    m.call_sid = StringField(start, "callSid");
    if (const json::object* params = ObjectField(*start, "customParameters")) {
      for (const auto& [key, value] : *params) {
        if (value.is_string()) m.custom[std::string(key)] = std::string(value.get_string());
      }
    }
    if (const json::object* format = ObjectField(*start, "mediaFormat")) {
      m.encoding = StringField(format, "encoding");
      if (const json::value* rate = format->if_contains("sampleRate");
          rate != nullptr && rate->is_int64()) {
        m.sample_rate = static_cast<int>(std::clamp<std::int64_t>(rate->get_int64(), 0, 768000));
      }
    }
    return m;
  }
  if (event == "media") {
    const json::object* media = ObjectField(o, "media");
    const std::string payload = StringField(media, "payload");
    if (media == nullptr || payload.size() > kMaxTwilioMediaBytes * 4 / 3 + 4) {
      error = media == nullptr ? "media without a media object" : "media payload too large";
      return std::nullopt;
    }
    std::optional<std::string> audio = core::Base64Decode(payload);
    if (!audio) {
      error = "media payload is not base64";
      return std::nullopt;
    }
    m.kind = TwilioMessage::Kind::kMedia;
    m.audio = std::move(*audio);
    m.track = StringField(media, "track");
    if (m.track.empty()) m.track = "inbound";
    return m;
  }
  if (event == "mark") {
    m.kind = TwilioMessage::Kind::kMark;
    m.mark = StringField(ObjectField(o, "mark"), "name");
    return m;
  }
  if (event == "dtmf") {
    m.kind = TwilioMessage::Kind::kDtmf;
    m.digit = StringField(ObjectField(o, "dtmf"), "digit");
    if (m.digit.empty() || m.digit.size() > 1) {
      error = "dtmf without a digit";
      return std::nullopt;
    }
    return m;
  }
  if (event == "stop") {
    m.kind = TwilioMessage::Kind::kStop;
    return m;
  }
  error = "unknown event";
  return std::nullopt;
}

std::string TwilioMediaMessage(std::string_view stream_sid, std::string_view mulaw) {
  return json::serialize(
      json::object{{"event", "media"},
                   {"streamSid", stream_sid},
                   {"media", json::object{{"payload", core::Base64Encode(mulaw)}}}});
}

std::string TwilioMarkMessage(std::string_view stream_sid, std::string_view name) {
  return json::serialize(json::object{
      {"event", "mark"}, {"streamSid", stream_sid}, {"mark", json::object{{"name", name}}}});
}

std::string TwilioClearMessage(std::string_view stream_sid) {
  return json::serialize(json::object{{"event", "clear"}, {"streamSid", stream_sid}});
}

}  // namespace carevoice::call
