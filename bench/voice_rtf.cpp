// Real-time factors of the speech engines (processing time / audio duration; lower is faster),
// and the recogniser's word error rates:
//   TTS: Flite (voice slt) over the 32 customer-service sentences, text → PCM;
//   STT: PocketSphinx over the synthesised sentences (the TTS → STT round trip), over the
//        held-out requests to the test store agent (kStoreAgentRequests), and over
//        ../shared/data/speech/librivox_*.wav.
// Targets: TTS RTF ≤ 0.02, STT RTF ≤ 0.3 (one core). Exit status 0 iff both are met.
// Build: cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAREVOICE_BUILD_BENCH=ON
//          -DCAREVOICE_BUILD_TESTS=OFF && ninja -C build-bench voice_rtf
// Run:   build-bench/bin/voice_rtf [options] [path/to/shared/data/speech]
//   --agent            recognise with the test store agent's bias (as voice messages and calls do)
//   --stream           decode as live calls do (Stt::Start: one pass, 100 ms chunks)
//   --agent-weight W   SphinxConfig::agent_weight;  --stock-weight W: stock_weight
//   --agent-common N   SphinxConfig::agent_common_words
//   --ps "-lw 7 ..."   more PocketSphinx arguments (SphinxConfig::decoder_args)
//   --dict PATH        the pronunciation dictionary (SphinxConfig::dict_path)
//   --domain PATH      the customer-service model (`carevoice train-lm`; domain_lm_path)
//   --no-librivox      skip the LibriVox files (faster, when tuning)
//   --show             print each sentence the recogniser got wrong, with what it heard
//   --tuning           also score kTuningSentences, the set parameters are chosen on

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "voice/customer_sentences.hpp"
#include "voice/flite/flite_tts.hpp"
#include "voice/pocketsphinx/sphinx_stt.hpp"
#include "voice/resampler.hpp"
#include "voice/speech_text.hpp"
#include "voice/stt_bias.hpp"
#include "voice/wer.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
namespace voice = carevoice::voice;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Recognises `pcm` as a voice message (whole file) or, with `stream`, as a live call does.
carevoice::core::Result<std::string> Recognise(voice::Stt& stt, const voice::Pcm& pcm,
                                               const voice::SttBias& bias, bool stream) {
  if (!stream) return stt.Transcribe(voice::Audio{voice::EncodeWav(pcm), "audio/wav"}, bias);
  const voice::Pcm speech = voice::ToSpeechFormat(pcm);
  auto s = stt.Start(bias);
  if (!s) return s.error();
  const std::span<const std::int16_t> all(speech.samples);
  for (std::size_t at = 0; at < all.size(); at += 1600) {
    if (auto r = (*s)->Accept(all.subspan(at, std::min<std::size_t>(1600, all.size() - at))); !r) {
      return r.error();
    }
  }
  return (*s)->Finish();
}

}  // namespace

int main(int argc, char** argv) {
  fs::path speech_dir = fs::path(CAREVOICE_SOURCE_DIR) / ".." / "shared" / "data" / "speech";
  voice::SphinxConfig config;
  bool agent = false;
  bool stream = false;
  bool librivox_too = true;
  bool show = false;
  bool tuning = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--agent") {
      agent = true;
    } else if (a == "--stream") {
      stream = true;
    } else if (a == "--show") {
      show = true;
    } else if (a == "--tuning") {
      tuning = true;
    } else if (a == "--no-librivox") {
      librivox_too = false;
    } else if (a == "--agent-common" && has_value) {
      config.agent_common_words = std::stoi(argv[++i]);
    } else if (a == "--agent-weight" && has_value) {
      config.agent_weight = std::stof(argv[++i]);
    } else if (a == "--stock-weight" && has_value) {
      config.stock_weight = std::stof(argv[++i]);
    } else if (a == "--domain" && has_value) {
      config.domain_lm_path = argv[++i];
    } else if (a == "--dict" && has_value) {
      config.dict_path = argv[++i];
    } else if (a == "--ps" && has_value) {
      std::istringstream words(argv[++i]);
      for (std::string w; words >> w;) config.decoder_args.push_back(w);
    } else {
      speech_dir = a;
    }
  }
  auto tts = voice::MakeFliteTts();
  auto stt_made = voice::MakeSphinxStt(config);
  if (!stt_made) {
    std::fprintf(stderr, "voice_rtf: %s\n", stt_made.error().message.c_str());
    return 2;
  }
  auto stt = std::move(*stt_made);
  const voice::SttBias bias =
      agent ? voice::AgentSttBias(voice::TestStoreAgent()) : voice::SttBias{};
  if (agent && !stt->Start(bias)) return 2;  // Builds the agent's model outside the timings.

  // TTS: text → PCM, sentence by sentence (normalisation included).
  std::vector<voice::Pcm> spoken;
  double tts_time = 0;
  double tts_audio = 0;
  for (int round = 0; round < 3; ++round) {
    for (std::string_view sentence : voice::kCustomerSentences) {
      const auto start = Clock::now();
      auto pcm = tts->SynthesizePcm(sentence, "slt");
      tts_time += Seconds(Clock::now() - start);
      if (!pcm) return 2;
      tts_audio += pcm->Seconds();
      if (round == 0) spoken.push_back(std::move(*pcm));
    }
  }
  const double tts_rtf = tts_time / tts_audio;
  std::printf("TTS  flite/slt: %.1f s of speech in %.3f s: RTF %.4f (target <= 0.02)\n", tts_audio,
              tts_time, tts_rtf);

  // STT over the round trip, the held-out requests and real speech.
  double stt_time = 0;
  double stt_audio = 0;
  auto recognise = [&](const voice::Pcm& pcm, const std::string& reference) -> voice::WerCount {
    const auto start = Clock::now();
    auto heard = Recognise(*stt, pcm, bias, stream);
    stt_time += Seconds(Clock::now() - start);
    stt_audio += pcm.Seconds();
    const voice::WerCount errors = voice::WordErrors(reference, heard ? *heard : std::string());
    if (show && errors.errors > 0) {
      std::printf("  %zu | %s\n    | %s\n", errors.errors, reference.c_str(),
                  heard ? heard->c_str() : heard.error().message.c_str());
    }
    return errors;
  };
  voice::WerCount round_trip;
  for (std::size_t i = 0; i < spoken.size(); ++i) {
    round_trip += recognise(spoken[i], voice::NormalizeForSpeech(voice::kCustomerSentences[i]));
  }
  voice::WerCount held_out;
  for (std::string_view sentence : voice::kStoreAgentRequests) {
    auto pcm = tts->SynthesizePcm(sentence, "slt");
    if (!pcm) return 2;
    held_out += recognise(*pcm, voice::NormalizeForSpeech(sentence));
  }
  voice::WerCount tuned_on;
  for (std::string_view sentence : voice::kTuningSentences) {
    if (!tuning) break;
    auto pcm = tts->SynthesizePcm(sentence, "slt");
    if (!pcm) return 2;
    tuned_on += recognise(*pcm, voice::NormalizeForSpeech(sentence));
  }
  voice::WerCount librivox;
  std::ifstream refs(speech_dir / "librivox.transcription");
  for (std::string line; librivox_too && std::getline(refs, line);) {
    const auto open = line.rfind('(');
    const auto dash = line.rfind('-');
    if (open == std::string::npos || dash == std::string::npos) continue;
    const std::string id = line.substr(dash + 1, line.rfind(')') - dash - 1);
    auto pcm = voice::DecodeWav(ReadFile(speech_dir / ("librivox_" + id + ".wav")));
    if (!pcm) continue;
    librivox += recognise(*pcm, line.substr(0, open));
  }
  const double stt_rtf = stt_time / stt_audio;
  std::printf("STT  pocketsphinx (%s, %s): %.1f s of speech in %.2f s: RTF %.3f (target <= 0.3)\n",
              agent ? "store agent's bias" : "no agent bias", stream ? "streamed" : "whole files",
              stt_audio, stt_time, stt_rtf);
  std::printf("WER  TTS->STT customer sentences: %.1f%% (%zu/%zu words; target <= 8%%)\n",
              100 * round_trip.Rate(), round_trip.errors, round_trip.words);
  std::printf("WER  TTS->STT held-out store requests: %.1f%% (%zu/%zu words)\n",
              100 * held_out.Rate(), held_out.errors, held_out.words);
  if (tuning) {
    std::printf("WER  TTS->STT tuning sentences: %.1f%% (%zu/%zu words)\n", 100 * tuned_on.Rate(),
                tuned_on.errors, tuned_on.words);
  }
  if (librivox_too) {
    std::printf("WER  LibriVox (%s): %.1f%% (%zu/%zu words; baseline 28.2%%)\n",
                speech_dir.string().c_str(), 100 * librivox.Rate(), librivox.errors,
                librivox.words);
  }
  return tts_rtf <= 0.02 && stt_rtf <= 0.3 ? 0 : 1;
}
