#include "voice/pocketsphinx/sphinx_stt.hpp"

#include <pocketsphinx.h>
#include <sphinxbase/err.h>

#include <filesystem>
#include <mutex>
#include <vector>

#include "voice/resampler.hpp"

namespace carevoice::voice {
namespace {

struct DecoderDeleter {
  void operator()(ps_decoder_t* ps) const { ps_free(ps); }
};
using Decoder = std::unique_ptr<ps_decoder_t, DecoderDeleter>;

// The decoders, shared by the adapter and its open streams.
class Pool {
 public:
  explicit Pool(SphinxConfig config) : config_(std::move(config)) {}

  core::Result<Decoder> Take() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        Decoder d = std::move(idle_.back());
        idle_.pop_back();
        return d;
      }
      if (created_ >= config_.max_decoders) {
        return core::Error::Unavailable("Speech recognition is busy; try again shortly");
      }
      ++created_;
    }
    auto d = Create();
    if (!d) {
      std::lock_guard lock(mu_);
      --created_;
    }
    return d;
  }

  void Give(Decoder d) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(d));
  }

 private:
  core::Result<Decoder> Create() {
    const std::filesystem::path dir = config_.model_dir;
    const std::string hmm = (dir / "en-us").string();
    const std::string lm =
        config_.lm_path.empty() ? (dir / "en-us.lm.bin").string() : config_.lm_path;
    const std::string dict =
        config_.dict_path.empty() ? (dir / "cmudict-en-us.dict").string() : config_.dict_path;
    for (const std::string& f : {hmm, lm, dict}) {
      if (!std::filesystem::exists(f)) {
        return core::Error::Unavailable("PocketSphinx model file missing: " + f);
      }
    }
    // cmd_ln_init copies the strings; ps_init takes its own reference to the config.
    cmd_ln_t* cfg = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm.c_str(), "-lm", lm.c_str(),
                                "-dict", dict.c_str(), "-logfn", "/dev/null", nullptr);
    if (cfg == nullptr) return core::Error::Unavailable("PocketSphinx configuration failed");
    ps_decoder_t* ps = ps_init(cfg);
    cmd_ln_free_r(cfg);
    if (ps == nullptr) return core::Error::Unavailable("PocketSphinx could not load its model");
    return Decoder(ps);
  }

  const SphinxConfig config_;
  std::mutex mu_;
  std::vector<Decoder> idle_;  // Guarded by mu_.
  int created_ = 0;            // Guarded by mu_.
};

class SphinxStream final : public SttStream {
 public:
  SphinxStream(std::shared_ptr<Pool> pool, Decoder decoder)
      : pool_(std::move(pool)), decoder_(std::move(decoder)) {}
  ~SphinxStream() override {
    if (!decoder_) return;
    if (started_) ps_end_utt(decoder_.get());
    pool_->Give(std::move(decoder_));
  }

  core::Result<void> Accept(std::span<const std::int16_t> pcm16k) override {
    if (!decoder_) return core::Error::BadRequest("The utterance is finished");
    if (!started_) {
      if (ps_start_utt(decoder_.get()) < 0) {
        return core::Error::Unavailable("PocketSphinx could not start an utterance");
      }
      started_ = true;
    }
    if (pcm16k.empty()) return {};
    if (ps_process_raw(decoder_.get(), pcm16k.data(), pcm16k.size(), FALSE, FALSE) < 0) {
      return core::Error::Unavailable("PocketSphinx failed to decode");
    }
    return {};
  }

  std::string Partial() override {
    if (!decoder_ || !started_) return "";
    int32 score = 0;
    const char* hyp = ps_get_hyp(decoder_.get(), &score);
    return hyp != nullptr ? std::string(hyp) : std::string();
  }

  core::Result<std::string> Finish() override {
    if (!decoder_) return core::Error::BadRequest("The utterance is finished");
    std::string text;
    if (started_) {
      ps_end_utt(decoder_.get());
      started_ = false;
      int32 score = 0;
      const char* hyp = ps_get_hyp(decoder_.get(), &score);
      if (hyp != nullptr) text = hyp;
    }
    pool_->Give(std::move(decoder_));
    return text;
  }

 private:
  std::shared_ptr<Pool> pool_;
  Decoder decoder_;
  bool started_ = false;
};

class SphinxStt final : public Stt {
 public:
  explicit SphinxStt(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  core::Result<std::unique_ptr<SttStream>> Start() override {
    auto decoder = pool_->Take();
    if (!decoder) return decoder.error();
    return std::unique_ptr<SttStream>(std::make_unique<SphinxStream>(pool_, std::move(*decoder)));
  }

  // A whole file is one utterance decoded at once (full_utt: cepstral mean normalisation over
  // the whole utterance, as PocketSphinx's batch mode does), more accurate than streaming.
  core::Result<std::string> Transcribe(const Audio& audio) override {
    auto pcm = DecodeAudio(audio.bytes, audio.mime_type);
    if (!pcm) return pcm.error();
    const Pcm speech = ToSpeechFormat(*pcm);
    auto decoder = pool_->Take();
    if (!decoder) return decoder.error();
    ps_decoder_t* ps = decoder->get();
    std::string text;
    if (ps_start_utt(ps) >= 0) {
      if (!speech.samples.empty()) {
        ps_process_raw(ps, speech.samples.data(), speech.samples.size(), FALSE, TRUE);
      }
      ps_end_utt(ps);
      int32 score = 0;
      const char* hyp = ps_get_hyp(ps, &score);
      if (hyp != nullptr) text = hyp;
    }
    pool_->Give(std::move(*decoder));
    return text;
  }

 private:
  std::shared_ptr<Pool> pool_;
};

}  // namespace

core::Result<std::unique_ptr<Stt>> MakeSphinxStt(SphinxConfig config) {
  err_set_logfp(nullptr);  // PocketSphinx logs every utterance to stderr otherwise.
  auto pool = std::make_shared<Pool>(std::move(config));
  auto first = pool->Take();  // Loads the model now: a broken install fails at start-up.
  if (!first) return first.error();
  pool->Give(std::move(*first));
  return std::unique_ptr<Stt>(std::make_unique<SphinxStt>(std::move(pool)));
}

}  // namespace carevoice::voice
