#include "voice/resampler.hpp"

#include <speex/speex_resampler.h>

#include <cassert>

namespace carevoice::voice {

struct Resampler::State {
  SpeexResamplerState* speex = nullptr;
  bool passthrough = false;
};

Resampler::Resampler(int in_rate, int out_rate, int quality) : state_(std::make_unique<State>()) {
  assert(in_rate > 0 && out_rate > 0);
  if (in_rate == out_rate) {
    state_->passthrough = true;
    return;
  }
  int err = 0;
  state_->speex = speex_resampler_init(1, static_cast<spx_uint32_t>(in_rate),
                                       static_cast<spx_uint32_t>(out_rate), quality, &err);
  assert(state_->speex != nullptr && err == RESAMPLER_ERR_SUCCESS);
  speex_resampler_skip_zeros(state_->speex);
}

Resampler::~Resampler() {
  if (state_->speex != nullptr) speex_resampler_destroy(state_->speex);
}

std::vector<std::int16_t> Resampler::Process(std::span<const std::int16_t> mono) {
  if (state_->passthrough) return {mono.begin(), mono.end()};
  spx_uint32_t in_rate = 0;
  spx_uint32_t out_rate = 0;
  speex_resampler_get_rate(state_->speex, &in_rate, &out_rate);
  std::vector<std::int16_t> out(mono.size() * out_rate / in_rate + 64);
  std::size_t produced = 0;
  std::size_t consumed = 0;
  while (consumed < mono.size()) {
    if (out.size() - produced < 64) out.resize(out.size() * 2);
    spx_uint32_t in_len = static_cast<spx_uint32_t>(mono.size() - consumed);
    spx_uint32_t out_len = static_cast<spx_uint32_t>(out.size() - produced);
    speex_resampler_process_int(state_->speex, 0, mono.data() + consumed, &in_len,
                                out.data() + produced, &out_len);
    consumed += in_len;
    produced += out_len;
    if (in_len == 0 && out_len == 0) break;
  }
  out.resize(produced);
  return out;
}

std::vector<std::int16_t> DownmixToMono(const Pcm& pcm) {
  if (pcm.channels <= 1) return pcm.samples;
  const std::size_t frames = pcm.samples.size() / static_cast<std::size_t>(pcm.channels);
  std::vector<std::int16_t> mono(frames);
  for (std::size_t f = 0; f < frames; ++f) {
    int sum = 0;
    for (int c = 0; c < pcm.channels; ++c) {
      sum += pcm.samples[f * static_cast<std::size_t>(pcm.channels) + static_cast<std::size_t>(c)];
    }
    mono[f] = static_cast<std::int16_t>(sum / pcm.channels);
  }
  return mono;
}

Pcm ToMonoRate(const Pcm& pcm, int rate) {
  Pcm out;
  out.sample_rate = rate;
  out.channels = 1;
  std::vector<std::int16_t> mono = DownmixToMono(pcm);
  if (pcm.sample_rate == rate) {
    out.samples = std::move(mono);
    return out;
  }
  Resampler resampler(pcm.sample_rate, rate);
  out.samples = resampler.Process(mono);
  return out;
}

Pcm ToSpeechFormat(const Pcm& pcm) { return ToMonoRate(pcm, kSpeechRate); }

}  // namespace carevoice::voice
