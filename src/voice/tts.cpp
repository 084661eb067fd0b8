#include "voice/tts.hpp"

#include "core/strings.hpp"
#include "voice/mp3.hpp"
#include "voice/resampler.hpp"

namespace carevoice::voice {

core::Result<Pcm> Tts::SynthesizePcm(std::string_view text, std::string_view voice) {
  Pcm all;
  bool first = true;
  auto done = SynthesizeStream(text, voice, [&](const Pcm& chunk) {
    if (first) {
      all.sample_rate = chunk.sample_rate;
      all.channels = chunk.channels;
      first = false;
    }
    if (chunk.sample_rate == all.sample_rate && chunk.channels == all.channels) {
      all.samples.insert(all.samples.end(), chunk.samples.begin(), chunk.samples.end());
    } else {
      const Pcm converted = ToMonoRate(chunk, all.sample_rate);
      all.samples.insert(all.samples.end(), converted.samples.begin(), converted.samples.end());
    }
    return true;
  });
  if (!done) return done.error();
  return all;
}

core::Result<Audio> Tts::Synthesize(std::string_view text, std::string_view voice,
                                    std::string_view mime_type) {
  auto pcm = SynthesizePcm(text, voice);
  if (!pcm) return pcm.error();
  if (core::ToLowerAscii(mime_type) == "audio/wav") return Audio{EncodeWav(*pcm), "audio/wav"};
  auto mp3 = EncodeMp3(*pcm);
  if (!mp3) return mp3.error();
  return Audio{std::move(*mp3), "audio/mpeg"};
}

core::Result<std::string> Stt::Transcribe(const Audio& audio, const SttBias& bias) {
  auto pcm = DecodeAudio(audio.bytes, audio.mime_type);
  if (!pcm) return pcm.error();
  const Pcm speech = ToSpeechFormat(*pcm);
  auto stream = Start(bias);
  if (!stream) return stream.error();
  constexpr std::size_t kChunk = 4096;
  for (std::size_t at = 0; at < speech.samples.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, speech.samples.size() - at);
    if (auto r = (*stream)->Accept(std::span(speech.samples).subspan(at, n)); !r) return r.error();
  }
  return (*stream)->Finish();
}

}  // namespace carevoice::voice
