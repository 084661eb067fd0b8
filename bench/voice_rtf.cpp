// Real-time factors of the speech engines (processing time / audio duration; lower is faster),
// and the recogniser's word error rates:
//   TTS: Flite (voice slt) over the 32 customer-service sentences, text → PCM;
//   STT: PocketSphinx over ../shared/data/speech/librivox_*.wav and over the synthesised
//        sentences (the TTS → STT round trip).
// Targets: TTS RTF ≤ 0.02, STT RTF ≤ 0.3 (one core). Exit status 0 iff both are met.
// Build: cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAREVOICE_BUILD_BENCH=ON
//          -DCAREVOICE_BUILD_TESTS=OFF && ninja -C build-bench voice_rtf
// Run:   build-bench/bin/voice_rtf [path/to/shared/data/speech]

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "voice/customer_sentences.hpp"
#include "voice/flite/flite_tts.hpp"
#include "voice/pocketsphinx/sphinx_stt.hpp"
#include "voice/resampler.hpp"
#include "voice/speech_text.hpp"
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

}  // namespace

int main(int argc, char** argv) {
  const fs::path speech_dir =
      argc > 1 ? fs::path(argv[1])
               : fs::path(CAREVOICE_SOURCE_DIR) / ".." / "shared" / "data" / "speech";
  auto tts = voice::MakeFliteTts();
  auto stt_made = voice::MakeSphinxStt();
  if (!stt_made) {
    std::fprintf(stderr, "voice_rtf: %s\n", stt_made.error().message.c_str());
    return 2;
  }
  auto stt = std::move(*stt_made);

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

  // STT over the round trip and over real speech.
  double stt_time = 0;
  double stt_audio = 0;
  voice::WerCount round_trip;
  for (std::size_t i = 0; i < spoken.size(); ++i) {
    const std::string wav = voice::EncodeWav(spoken[i]);
    const auto start = Clock::now();
    auto heard = stt->Transcribe(voice::Audio{wav, "audio/wav"});
    stt_time += Seconds(Clock::now() - start);
    stt_audio += spoken[i].Seconds();
    if (!heard) return 2;
    round_trip +=
        voice::WordErrors(voice::NormalizeForSpeech(voice::kCustomerSentences[i]), *heard);
  }
  voice::WerCount librivox;
  std::ifstream refs(speech_dir / "librivox.transcription");
  for (std::string line; std::getline(refs, line);) {
    const auto open = line.rfind('(');
    const auto dash = line.rfind('-');
    if (open == std::string::npos || dash == std::string::npos) continue;
    const std::string id = line.substr(dash + 1, line.rfind(')') - dash - 1);
    const std::string wav = ReadFile(speech_dir / ("librivox_" + id + ".wav"));
    auto pcm = voice::DecodeWav(wav);
    if (!pcm) continue;
    const auto start = Clock::now();
    auto heard = stt->Transcribe(voice::Audio{wav, "audio/wav"});
    stt_time += Seconds(Clock::now() - start);
    stt_audio += pcm->Seconds();
    if (heard) librivox += voice::WordErrors(line.substr(0, open), *heard);
  }
  const double stt_rtf = stt_time / stt_audio;
  std::printf("STT  pocketsphinx: %.1f s of speech in %.2f s: RTF %.3f (target <= 0.3)\n",
              stt_audio, stt_time, stt_rtf);
  std::printf("WER  TTS->STT customer sentences: %.1f%% (%zu/%zu words; target <= 8%%)\n",
              100 * round_trip.Rate(), round_trip.errors, round_trip.words);
  std::printf("WER  LibriVox (%s): %.1f%% (%zu/%zu words; baseline 28.2%%)\n",
              speech_dir.string().c_str(), 100 * librivox.Rate(), librivox.errors, librivox.words);
  return tts_rtf <= 0.02 && stt_rtf <= 0.3 ? 0 : 1;
}
