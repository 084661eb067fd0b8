// libFuzzer target for the WAV decoder and the audio container checks (untrusted uploads and
// Socket.IO voice messages). Checks that they never crash, that the decoder's result is
// consistent (whole frames, a valid format) and that a decoded file survives a re-encode.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "voice/audio_check.hpp"
#include "voice/pcm.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto detected = carevoice::voice::DetectUploadedAudio("audio/wav", "a.wav", bytes);
  if (!detected && detected.error().HttpStatus() != 422 && detected.error().HttpStatus() != 415) {
    std::abort();
  }
  auto pcm = carevoice::voice::DecodeWav(bytes);
  if (!pcm) {
    if (pcm.error().HttpStatus() != 422) std::abort();
    return 0;
  }
  if (pcm->channels < 1 || pcm->channels > 16 || pcm->sample_rate < 1 ||
      pcm->samples.size() % static_cast<std::size_t>(pcm->channels) != 0) {
    std::abort();
  }
  // A file the decoder accepts is one the upload check accepts.
  if (!detected) std::abort();
  auto again = carevoice::voice::DecodeWav(carevoice::voice::EncodeWav(*pcm));
  if (!again || again->samples != pcm->samples) std::abort();
  return 0;
}
