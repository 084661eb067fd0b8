#include "voice/mp3.hpp"

#include <lame/lame.h>

#include <array>
#include <memory>
#include <vector>

#include "voice/resampler.hpp"

namespace carevoice::voice {
namespace {

struct LameDeleter {
  void operator()(lame_global_flags* flags) const { lame_close(flags); }
};

bool Mp3Rate(int rate) {
  constexpr std::array<int, 9> kRates{8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};
  for (int r : kRates) {
    if (r == rate) return true;
  }
  return false;
}

}  // namespace

core::Result<std::string> EncodeMp3(const Pcm& input, int kbps) {
  Pcm converted;
  const Pcm* pcm = &input;
  if (input.channels > 2 || !Mp3Rate(input.sample_rate)) {
    converted = ToMonoRate(input, kSpeechRate);
    pcm = &converted;
  }
  std::unique_ptr<lame_global_flags, LameDeleter> lame(lame_init());
  if (!lame) return core::Error::Internal("MP3 encoder unavailable");
  lame_set_in_samplerate(lame.get(), pcm->sample_rate);
  lame_set_out_samplerate(lame.get(), pcm->sample_rate);
  lame_set_num_channels(lame.get(), pcm->channels);
  lame_set_mode(lame.get(), pcm->channels == 1 ? MONO : JOINT_STEREO);
  lame_set_brate(lame.get(), kbps);
  lame_set_quality(lame.get(), 7);  // Fast; speech.
  lame_set_bWriteVbrTag(lame.get(), 0);
  if (lame_init_params(lame.get()) < 0) return core::Error::Internal("MP3 encoder refused");
  const int frames =
      static_cast<int>(pcm->samples.size() / static_cast<std::size_t>(pcm->channels));
  std::vector<unsigned char> out(static_cast<std::size_t>(frames) * 5 / 4 + 7200 + 16384);
  int written = 0;
  if (frames > 0) {
    if (pcm->channels == 1) {
      written = lame_encode_buffer(lame.get(), pcm->samples.data(), pcm->samples.data(), frames,
                                   out.data(), static_cast<int>(out.size()));
    } else {
      written = lame_encode_buffer_interleaved(lame.get(), const_cast<short*>(pcm->samples.data()),
                                               frames, out.data(), static_cast<int>(out.size()));
    }
    if (written < 0) return core::Error::Internal("MP3 encoding failed");
  }
  const int flushed =
      lame_encode_flush(lame.get(), out.data() + written, static_cast<int>(out.size()) - written);
  if (flushed < 0) return core::Error::Internal("MP3 encoding failed");
  return std::string(reinterpret_cast<const char*>(out.data()),
                     static_cast<std::size_t>(written + flushed));
}

}  // namespace carevoice::voice
