#include "voice/voices.hpp"

#include <list>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/strings.hpp"
#include "voice/speech_text.hpp"

namespace carevoice::voice {
namespace {

class VoiceRouter final : public Tts {
 public:
  VoiceRouter(std::unique_ptr<Tts> primary, std::unique_ptr<Tts> espeak,
              std::unique_ptr<Tts> openai)
      : primary_(std::move(primary)), espeak_(std::move(espeak)), openai_(std::move(openai)) {}

  core::Result<void> SynthesizeStream(std::string_view text, std::string_view voice,
                                      const PcmSink& sink) override {
    if (espeak_ && core::StartsWith(voice, "espeak:")) {
      return espeak_->SynthesizeStream(text, voice, sink);
    }
    if (openai_ && core::StartsWith(voice, "openai:")) {
      auto r = openai_->SynthesizeStream(text, voice, sink);
      if (r) return r;
      // The endpoint failed: speak with the local default rather than not at all.
    }
    return primary_->SynthesizeStream(text, voice, sink);
  }

  std::vector<VoiceInfo> Voices() const override {
    std::vector<VoiceInfo> out = primary_->Voices();
    for (const Tts* t : {espeak_.get(), openai_.get()}) {
      if (t == nullptr) continue;
      auto more = t->Voices();
      out.insert(out.end(), more.begin(), more.end());
    }
    return out;
  }

 private:
  std::unique_ptr<Tts> primary_, espeak_, openai_;
};

class CachingTts final : public Tts {
 public:
  CachingTts(std::unique_ptr<Tts> inner, std::size_t max_bytes)
      : inner_(std::move(inner)), max_bytes_(max_bytes) {}

  core::Result<void> SynthesizeStream(std::string_view text, std::string_view voice,
                                      const PcmSink& sink) override {
    for (const std::string& sentence : SplitSentences(text)) {
      std::string key(voice);
      key += '\n';
      key += sentence;
      if (Pieces kept = Find(key)) {
        for (const Pcm& piece : *kept) {
          if (!sink(piece)) return {};
        }
        continue;
      }
      auto made = std::make_shared<std::vector<Pcm>>();
      bool stopped = false;
      auto done = inner_->SynthesizeStream(sentence, voice, [&](const Pcm& piece) {
        made->push_back(piece);
        stopped = !sink(piece);
        return !stopped;
      });
      if (!done) return done;
      if (stopped) return {};
      Keep(std::move(key), std::move(made));
    }
    return {};
  }

  std::vector<VoiceInfo> Voices() const override { return inner_->Voices(); }

 private:
  using Pieces = std::shared_ptr<const std::vector<Pcm>>;
  struct Entry {
    std::string key;
    Pieces pieces;
    std::size_t bytes = 0;
  };

  Pieces Find(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->pieces;
  }

  void Keep(std::string key, Pieces pieces) {
    std::size_t bytes = key.size();
    for (const Pcm& p : *pieces) bytes += p.samples.size() * sizeof(std::int16_t);
    if (bytes > max_bytes_) return;
    std::lock_guard lock(mu_);
    if (index_.contains(key)) return;  // Made meanwhile by another call.
    lru_.push_front(Entry{key, std::move(pieces), bytes});
    index_.emplace(std::move(key), lru_.begin());
    bytes_ += bytes;
    while (bytes_ > max_bytes_) {
      bytes_ -= lru_.back().bytes;
      index_.erase(lru_.back().key);
      lru_.pop_back();
    }
  }

  const std::unique_ptr<Tts> inner_;
  const std::size_t max_bytes_;
  std::mutex mu_;
  std::list<Entry> lru_;  // Guarded by mu_; most recently used first.
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;  // Guarded by mu_.
  std::size_t bytes_ = 0;                                              // Guarded by mu_.
};

class FallbackStt final : public Stt {
 public:
  FallbackStt(std::unique_ptr<Stt> primary, std::unique_ptr<Stt> fallback)
      : primary_(std::move(primary)), fallback_(std::move(fallback)) {}
  core::Result<std::unique_ptr<SttStream>> Start(const SttBias& bias) override {
    return fallback_->Start(bias);
  }
  core::Result<std::unique_ptr<SttStream>> StartWithoutWaiting(const SttBias& bias) override {
    return fallback_->StartWithoutWaiting(bias);
  }
  core::Result<std::string> Transcribe(const Audio& audio, const SttBias& bias) override {
    auto text = primary_->Transcribe(audio, bias);
    if (text || text.error().kind != core::ErrorKind::kUnavailable) return text;
    return fallback_->Transcribe(audio, bias);
  }

 private:
  std::unique_ptr<Stt> primary_, fallback_;
};

}  // namespace

std::unique_ptr<Stt> MakeFallbackStt(std::unique_ptr<Stt> primary, std::unique_ptr<Stt> fallback) {
  return std::make_unique<FallbackStt>(std::move(primary), std::move(fallback));
}

std::unique_ptr<Tts> MakeCachingTts(std::unique_ptr<Tts> inner, std::size_t max_bytes) {
  if (max_bytes == 0) return inner;
  return std::make_unique<CachingTts>(std::move(inner), max_bytes);
}

std::unique_ptr<Tts> MakeVoiceRouter(std::unique_ptr<Tts> primary, std::unique_ptr<Tts> espeak,
                                     std::unique_ptr<Tts> openai) {
  return std::make_unique<VoiceRouter>(std::move(primary), std::move(espeak), std::move(openai));
}

}  // namespace carevoice::voice
