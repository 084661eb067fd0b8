#include "call/call_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <bit>
#include <deque>
#include <optional>
#include <vector>

#include "call/vad.hpp"
#include "core/blocking.hpp"
#include "voice/resampler.hpp"
#include "voice/speech_text.hpp"

namespace carevoice::call {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr double kSamplesPerMs = kCallRate / 1000.0;
constexpr std::size_t kPrerollSamples = kCallRate / 4;    // 250 ms before the onset.
constexpr std::size_t kSttBatchSamples = kCallRate / 10;  // Recognise every 100 ms.
// Silence after the words that the recogniser gets at once: enough for it to close the last word.
// The rest of the hangover is held back (given only if speech resumes), so that by the end of
// turn the recogniser has long caught up, and noise costs no decoding.
constexpr int kFeedSilenceMs = 150;
constexpr int kMaxUtteranceMs = 30'000;  // A monologue ends its turn.
// Voiced speech during playback that pauses the reply (onset detection takes 30-40 ms more):
// shorter noises never touch playback, and speech stops it well within 200 ms.
constexpr int kPauseAfterMs = 90;
constexpr std::string_view kDtmfHuman = "I would like to speak to a real person, please.";

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Utterance {
  explicit Utterance(const asio::any_io_executor& ex) : wake(ex, Clock::time_point::max()) {}
  std::vector<std::int16_t> pending;  // Audio not yet given to the recogniser.
  std::vector<std::int16_t> held;     // Trailing silence beyond kFeedSilenceMs, held back.
  bool ended = false;                 // The end of turn is decided.
  bool noise = false;                 // Too short to be speech: no turn.
  bool during_playback = false;       // Started while the agent was speaking (or thinking).
  bool barged = false;                // It interrupted the agent.
  std::string partial;
  int speech_ms = 0;
  Clock::time_point end_of_speech{};  // When the last voiced frame arrived.
  Clock::time_point decision{};       // When the end of turn was decided.
  asio::steady_timer wake;
};
using UtterancePtr = std::shared_ptr<Utterance>;

struct Reply {
  std::string id;  // The stored assistant message; "" = a prompt that is not stored.
  std::string text;
  std::vector<std::string> sentences;
  std::vector<std::size_t> sentence_end;  // Cumulative samples at the end of each sentence.
  std::size_t queued = 0;                 // Samples synthesised.
  std::size_t sent = 0;                   // Samples sent.
  double played = 0;                      // Samples played (sent, less what the client buffers).
  bool synthesized = false;               // Every sentence is queued (or synthesis stopped).
  bool cancelled = false;
  std::atomic<bool> stop_synthesis{false};  // Read by the synthesis on the worker pool.
  bool started = false;                     // The first audio byte is sent.
  bool made = false;                        // The first audio is synthesised.
  Clock::time_point synthesis_start{};
  bool end_call = false;  // The goodbye: the call ends once it played.
  bool record_turn = false;
  engine::VoiceTurnRecord record;
  Clock::time_point end_of_speech{};
  Clock::time_point decision{};
};
using ReplyPtr = std::shared_ptr<Reply>;

// Returns the words of `r` that were played: whole sentences, then the played share of the
// sentence cut short.
std::string PlayedText(const Reply& r) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < r.sentence_end.size() && i < r.sentences.size(); ++i) {
    const std::size_t end = r.sentence_end[i];
    if (static_cast<double>(end) <= r.played) {
      if (!out.empty()) out += ' ';
      out += r.sentences[i];
    } else {
      if (r.played > static_cast<double>(start) && end > start) {
        const double share =
            (r.played - static_cast<double>(start)) / static_cast<double>(end - start);
        std::vector<std::string_view> words;
        std::string_view rest = r.sentences[i];
        while (!rest.empty()) {
          const auto space = rest.find(' ');
          if (space != 0) words.push_back(rest.substr(0, space));
          if (space == std::string_view::npos) break;
          rest.remove_prefix(space + 1);
        }
        const auto keep = static_cast<std::size_t>(share * static_cast<double>(words.size()));
        for (std::size_t w = 0; w < keep; ++w) {
          if (!out.empty()) out += ' ';
          out += words[w];
        }
      }
      break;
    }
    start = end;
  }
  return out;
}

class Session final : public CallSession, public std::enable_shared_from_this<Session> {
 public:
  Session(asio::any_io_executor strand, const CallDeps& deps, CallTransport& transport,
          engine::Actor actor, std::string conversation_id, std::string voice, voice::SttBias bias)
      : ex_(std::move(strand)),
        deps_(deps),
        transport_(&transport),
        actor_(std::move(actor)),
        conversation_id_(std::move(conversation_id)),
        voice_(std::move(voice)),
        bias_(std::move(bias)) {}

  void Start(const std::string& greeting) override {
    last_activity_ = Clock::now();
    if (deps_.metrics != nullptr) deps_.metrics->CallStarted();
    counted_ = true;
    asio::co_spawn(ex_, TickLoop(shared_from_this()), asio::detached);
    PrepareRecogniser();
    Send(json::object{{"type", "ready"},
                      {"conversationId", conversation_id_},
                      {"sampleRate", kCallRate},
                      {"hangoverMs", deps_.config.turn.hangover.count()}});
    if (!greeting.empty()) SpeakPrompt(greeting, false);
  }

  void OnAudio(std::span<const std::int16_t> pcm16k) override {
    if (stopped_ || hung_up_) return;
    vad_pending_.insert(vad_pending_.end(), pcm16k.begin(), pcm16k.end());
    std::size_t offset = 0;
    while (vad_pending_.size() - offset >= kVadFrameSamples) {
      ProcessFrame(std::span<const std::int16_t>(vad_pending_.data() + offset, kVadFrameSamples));
      offset += kVadFrameSamples;
    }
    vad_pending_.erase(vad_pending_.begin(), vad_pending_.begin() + static_cast<long>(offset));
  }

  void OnDtmf(char digit) override {
    if (stopped_ || hung_up_) return;
    Send(json::object{{"type", "dtmf"}, {"digit", std::string(1, digit)}});
    if (digit != '0') return;
    // A person is asked for: the same engine turn as the words would be (it escalates).
    if (reply_) CancelReply();
    asio::co_spawn(ex_, RunTurn(shared_from_this(), std::string(kDtmfHuman), nullptr),
                   asio::detached);
  }

  void Hangup() override {
    if (hung_up_ || stopped_) return;
    hung_up_ = true;
    if (reply_) CancelReply();
    asio::co_spawn(ex_, EndConversation(shared_from_this()), asio::detached);
  }

  void Stop() override {
    if (stopped_) return;
    stopped_ = true;
    transport_ = nullptr;
    if (reply_) {
      reply_->cancelled = true;
      reply_->stop_synthesis = true;
    }
    if (utt_) utt_->wake.cancel();
    recogniser_.reset();
    if (counted_ && deps_.metrics != nullptr) deps_.metrics->CallEnded();
    counted_ = false;
  }

 private:
  // --- Output ---

  void Send(const json::object& message) {
    if (transport_ != nullptr) transport_->SendJson(message);
  }

  double LeadSamples() const {
    return static_cast<double>(deps_.config.playout_lead.count()) * kSamplesPerMs;
  }

  // --- Input: voice activity and turns ---

  void ProcessFrame(std::span<const std::int16_t> frame) {
    const bool voiced = vad_.IsSpeech(frame);
    const Clock::time_point now = Clock::now();
    if (!utt_) {
      preroll_.insert(preroll_.end(), frame.begin(), frame.end());
      if (preroll_.size() > kPrerollSamples) {
        preroll_.erase(preroll_.begin(),
                       preroll_.begin() + static_cast<long>(preroll_.size() - kPrerollSamples));
      }
      recent_ = ((recent_ << 1) | (voiced ? 1u : 0u)) & 0xFu;
      // Onset: 3 voiced frames of the last 4 (30-40 ms of speech).
      if (std::popcount(recent_) >= 3) StartUtterance(now);
      return;
    }
    Utterance& u = *utt_;
    if (voiced) {
      u.speech_ms += 10;
      silence_ms_ = 0;
      last_voiced_ = now;
    } else {
      silence_ms_ += 10;
    }
    if (!voiced && silence_ms_ > kFeedSilenceMs) {
      if (u.held.empty()) u.wake.cancel();  // The words are all in: recognise them now.
      u.held.insert(u.held.end(), frame.begin(), frame.end());
    } else {
      u.pending.insert(u.pending.end(), u.held.begin(), u.held.end());
      u.held.clear();
      u.pending.insert(u.pending.end(), frame.begin(), frame.end());
    }
    utterance_ms_ += 10;
    if (u.pending.size() >= kSttBatchSamples) u.wake.cancel();
    const TurnConfig& turn = deps_.config.turn;
    if (u.during_playback && !u.barged && !paused_ && u.speech_ms >= kPauseAfterMs) {
      paused_ = true;  // Nothing more is sent until the utterance is judged.
      Send(json::object{{"type", "paused"}});
    }
    if (u.during_playback && !u.barged && u.speech_ms >= turn.barge_in_confirm.count() &&
        !IsBackchannel(u.partial)) {
      ConfirmBargeIn(u);
    }
    if (silence_ms_ >= HangoverFor(u.partial, turn).count() || utterance_ms_ >= kMaxUtteranceMs) {
      EndUtterance(now);
    }
  }

  void StartUtterance(Clock::time_point now) {
    auto u = std::make_shared<Utterance>(ex_);
    u->pending.assign(preroll_.begin(), preroll_.end());
    preroll_.clear();
    u->speech_ms = 30;
    silence_ms_ = 0;
    utterance_ms_ = 0;
    last_voiced_ = now;
    last_activity_ = now;
    reprompts_ = 0;
    u->during_playback = reply_ != nullptr || turns_running_ > 0;
    utt_ = u;
    Send(json::object{{"type", "speech_started"}});
    asio::co_spawn(ex_, Recognise(shared_from_this(), u), asio::detached);
  }

  void EndUtterance(Clock::time_point now) {
    UtterancePtr u = std::move(utt_);
    utt_.reset();
    recent_ = 0;
    u->ended = true;
    u->end_of_speech = last_voiced_;
    u->decision = now;
    last_activity_ = now;
    Send(json::object{{"type", "speech_ended"}});
    if (u->speech_ms < deps_.config.turn.min_speech.count()) {
      u->noise = true;  // A click, a cough: no turn, and the agent goes on.
      if (u->during_playback && !u->barged) Resume();
    }
    u->wake.cancel();
  }

  // Gets the recogniser the next utterance will use, on the worker pool, unless one is held or
  // being got: a call holds one from its start (creating a decoder can take a second), so an
  // utterance never waits for it.
  void PrepareRecogniser() {
    if (recogniser_ || preparing_ || stopped_) return;
    preparing_ = true;
    asio::co_spawn(ex_, Prepare(shared_from_this()), asio::detached);
  }

  asio::awaitable<void> Prepare([[maybe_unused]] std::shared_ptr<Session> self) {
    // Never waits for the agent's recogniser to be built (a new agent's takes about a second of
    // CPU): until it is, an utterance is heard without the agent's words
    // (Stt::StartWithoutWaiting).
    voice::Stt* stt = deps_.stt;
    const voice::SttBias* bias = &bias_;  // `self` keeps it alive.
    auto started = co_await core::RunBlocking(
        *deps_.pool, [stt, bias] { return stt->StartWithoutWaiting(*bias); });
    preparing_ = false;
    if (stopped_) co_return;
    if (started) {
      recogniser_ = std::move(*started);
    } else {
      recogniser_error_ = started.error().message;
    }
    if (waiting_) waiting_->wake.cancel();  // An utterance waits for it.
  }

  // Feeds the utterance's audio to the recogniser as it comes (partials: the same running
  // decode). Once the words are all in (the hangover's silence is held back from kFeedSilenceMs
  // on), it finishes the utterance at once, while the hangover still runs: the end of the search
  // (PocketSphinx's end_utt, 30-120 ms, more on a loaded box) is then off the critical path, and
  // the final is ready when the end of turn is decided. The result is the one a finish at the
  // decision would give, since nothing more is fed unless speech resumes; if it does, the
  // utterance is recognised again on a fresh recogniser from its first sample (rare: a pause
  // between 150 ms and the hangover).
  asio::awaitable<void> Recognise([[maybe_unused]] std::shared_ptr<Session> self, UtterancePtr u) {
    std::unique_ptr<voice::SttStream> stream;
    std::vector<std::int16_t> fed;        // Everything given to `stream`.
    std::optional<std::string> finished;  // The early final, while speech has not resumed.
    for (;;) {
      if (!u->pending.empty()) {
        if (finished) {
          finished.reset();  // Speech resumed after the early finish: start over.
          u->pending.insert(u->pending.begin(), fed.begin(), fed.end());
          fed.clear();
        }
        if (!stream) {
          auto taken = co_await TakeRecogniser(u);
          if (stopped_) co_return;
          if (!taken) {
            Send(json::object{
                {"type", "error"}, {"code", "STT_UNAVAILABLE"}, {"message", recogniser_error_}});
            if (u->during_playback && !u->barged) Resume();
            co_return;
          }
          stream = std::move(taken);
        }
        voice::SttStream* recogniser = stream.get();
        std::vector<std::int16_t> chunk;
        chunk.swap(u->pending);
        fed.insert(fed.end(), chunk.begin(), chunk.end());
        auto partial = co_await core::RunBlocking(
            *deps_.pool, [recogniser, &chunk]() -> core::Result<std::string> {
              if (auto accepted = recogniser->Accept(chunk); !accepted) return accepted.error();
              return recogniser->Partial();
            });
        if (stopped_) co_return;
        if (partial && *partial != u->partial && !u->noise) {
          u->partial = *partial;
          if (!u->partial.empty()) Send(json::object{{"type", "partial"}, {"text", u->partial}});
        }
        continue;
      }
      if (stopped_) co_return;
      const bool words_in = u->ended || !u->held.empty();
      if (stream && words_in) {
        // Too short to be speech yet: a finish only if it turns out to be a turn.
        if (!u->ended && u->speech_ms < deps_.config.turn.min_speech.count()) {
          co_await WaitForAudio(*u);
          continue;
        }
        voice::SttStream* recogniser = stream.get();
        auto text =
            co_await core::RunBlocking(*deps_.pool, [recogniser] { return recogniser->Finish(); });
        stream.reset();
        PrepareRecogniser();  // The decoder just returned to the pool: the next utterance's.
        if (stopped_) co_return;
        finished = text ? *text : std::string();
        continue;
      }
      if (u->ended) break;
      co_await WaitForAudio(*u);
    }
    if (u->noise) co_return;
    OnFinal(u, finished.value_or(std::string()));
  }

  asio::awaitable<void> WaitForAudio(Utterance& u) {
    u.wake.expires_at(Clock::time_point::max());
    co_await u.wake.async_wait(kNoThrow);
  }

  // Returns the prepared recogniser (waiting for it when it is being got), or null when none
  // could be had (recogniser_error_ says why).
  asio::awaitable<std::unique_ptr<voice::SttStream>> TakeRecogniser(UtterancePtr u) {
    PrepareRecogniser();
    while (!recogniser_ && preparing_ && !stopped_) {
      waiting_ = u;
      co_await WaitForAudio(*u);
    }
    if (waiting_ == u) waiting_.reset();
    co_return std::move(recogniser_);
  }

  void OnFinal(const UtterancePtr& u, const std::string& text) {
    const Clock::time_point final_at = Clock::now();
    if (u->during_playback && !u->barged) {
      if (IsBackchannel(text)) {
        Send(json::object{{"type", "backchannel"}, {"text", text}});
        Resume();
        return;
      }
      ConfirmBargeIn(*u);
    }
    Send(json::object{{"type", "final"}, {"text", text}});
    if (text.empty()) return;  // Nothing recognised: no turn.
    auto timing = std::make_shared<Reply>();
    timing->end_of_speech = u->end_of_speech;
    timing->decision = u->decision;
    timing->record.decision_ms = Ms(u->decision - u->end_of_speech);
    timing->record.stt_ms = Ms(final_at - u->decision);
    asio::co_spawn(ex_, RunTurn(shared_from_this(), text, timing), asio::detached);
  }

  // --- The turn: through the engine, then spoken ---

  asio::awaitable<void> RunTurn([[maybe_unused]] std::shared_ptr<Session> self, std::string text,
                                ReplyPtr timing) {
    ++turns_running_;
    const std::uint64_t generation = generation_;
    const Clock::time_point start = Clock::now();
    engine::MessageOptions options;
    auto turn = co_await deps_.engine->HandleUserMessage(actor_, conversation_id_, std::move(text),
                                                         std::move(options));
    --turns_running_;
    last_activity_ = Clock::now();
    if (stopped_ || hung_up_) co_return;
    if (!turn) {
      Send(json::object{{"type", "error"},
                        {"code", turn.error().code.empty() ? "TURN_FAILED" : turn.error().code},
                        {"message", turn.error().message}});
      co_return;
    }
    if (turn->escalated_now) Send(json::object{{"type", "escalated"}});
    if (!turn->reply) co_return;  // A person has taken over: the bot stays silent.
    ReplyPtr r = timing ? timing : std::make_shared<Reply>();
    r->id = turn->reply->id;
    r->text = turn->reply->content;
    r->record_turn = true;
    r->record.reply_id = r->id;
    if (timing) r->record.reply_ms = Ms(Clock::now() - start);
    if (!turn->agent.voice.empty()) voice_ = turn->agent.voice;
    Send(json::object{{"type", "reply"}, {"messageId", r->id}, {"text", r->text}});
    if (generation != generation_) {
      // The caller barged in while the reply was being made: it is stored but never spoken.
      r->record.truncated = true;
      r->record.played_ms = 0;
      Record(r->record);
      co_return;
    }
    co_await Speak(r);
  }

  void SpeakPrompt(const std::string& text, bool end_call) {
    auto r = std::make_shared<Reply>();
    r->text = text;
    r->end_call = end_call;
    asio::co_spawn(ex_, SpeakLoop(shared_from_this(), r), asio::detached);
  }

  asio::awaitable<void> SpeakLoop([[maybe_unused]] std::shared_ptr<Session> self, ReplyPtr r) {
    co_await Speak(r);
  }

  // Synthesises `r` sentence by sentence into the playout queue (paced by the tick). The engine
  // hands audio over in pieces as it makes them (Flite: every 20 ms of speech), and each piece is
  // queued and flushed at once: the first audio byte does not wait for the first sentence.
  asio::awaitable<void> Speak(ReplyPtr r) {
    if (reply_) CancelReply();  // A newer reply supersedes what is left of the old one.
    reply_ = r;
    out_.clear();
    credit_ = LeadSamples();
    if (utt_ && !utt_->barged) {
      utt_->during_playback = true;  // The caller is speaking: wait for their words' verdict.
      if (!paused_) Send(json::object{{"type", "paused"}});
      paused_ = true;
    }
    r->sentences = voice::SplitSentences(r->text);
    if (r->sentences.empty()) r->sentences.push_back(r->text);
    Send(json::object{{"type", "audio_start"},
                      {"messageId", r->id.empty() ? json::value(nullptr) : json::value(r->id)},
                      {"sampleRate", kCallRate}});
    voice::Tts* tts = deps_.tts;
    const std::string voice = voice_;
    r->synthesis_start = Clock::now();
    for (std::size_t i = 0; i < r->sentences.size(); ++i) {
      if (r->cancelled || stopped_) break;
      const std::string& sentence = r->sentences[i];
      // Runs on the worker pool, inside the synthesis: converts a piece to the call's format and
      // queues it on the strand (in order; this sentence's pieces are all queued before the
      // synthesis' own completion resumes this coroutine, also on the strand).
      std::unique_ptr<voice::Resampler> resampler;
      const voice::PcmSink sink = [this, &r, &resampler](const voice::Pcm& piece) {
        if (r->stop_synthesis) return false;
        std::vector<std::int16_t> pcm;
        if (piece.channels == 1 && piece.sample_rate == kCallRate) {
          pcm = piece.samples;
        } else {
          const std::vector<std::int16_t> mono = voice::DownmixToMono(piece);
          if (piece.sample_rate == kCallRate) {
            pcm = mono;
          } else {
            if (!resampler)
              resampler = std::make_unique<voice::Resampler>(piece.sample_rate, kCallRate);
            pcm = resampler->Process(mono);
          }
        }
        asio::post(ex_, [self = shared_from_this(), r, pcm = std::move(pcm)]() mutable {
          self->Enqueue(r, std::move(pcm));
        });
        return true;
      };
      auto done = co_await core::RunBlocking(*deps_.pool, [tts, &sentence, &voice, &sink] {
        return tts->SynthesizeStream(sentence, voice, sink);
      });
      if (r->cancelled || stopped_) break;
      if (!done) {
        Send(json::object{
            {"type", "error"}, {"code", "TTS_FAILED"}, {"message", done.error().message}});
        break;
      }
      r->sentence_end.push_back(r->queued);
    }
    r->synthesized = true;
    if (reply_ == r) {
      Flush();
      MaybeFinishReply();
    }
  }

  // Queues a piece of `r`'s synthesised audio (16 kHz mono) and sends what the credit allows.
  void Enqueue(const ReplyPtr& r, std::vector<std::int16_t> pcm) {
    if (r != reply_ || r->cancelled || stopped_) return;
    if (!r->made) {
      r->made = true;
      r->record.tts_ms = Ms(Clock::now() - r->synthesis_start);  // To the first audio.
    }
    out_.insert(out_.end(), pcm.begin(), pcm.end());
    r->queued += pcm.size();
    Flush();
  }

  // Sends queued reply audio as far as the playout credit allows.
  void Flush() {
    if (!reply_ || paused_ || transport_ == nullptr) return;
    Reply& r = *reply_;
    while (!out_.empty()) {
      const std::size_t n = std::min<std::size_t>(out_.size(), kCallFrameSamples);
      if (n < kCallFrameSamples && !r.synthesized) break;  // Wait for a whole frame.
      if (credit_ < static_cast<double>(n)) break;
      std::vector<std::int16_t> frame(out_.begin(), out_.begin() + static_cast<long>(n));
      out_.erase(out_.begin(), out_.begin() + static_cast<long>(n));
      if (!r.started) {
        r.started = true;
        OnFirstAudio(r);
      }
      transport_->SendAudio(frame);
      credit_ -= static_cast<double>(n);
      r.sent += n;
    }
  }

  void OnFirstAudio(Reply& r) {
    if (!r.record_turn || r.end_of_speech == Clock::time_point{}) return;
    const Clock::time_point now = Clock::now();
    r.record.voice_to_voice_ms = Ms(now - r.end_of_speech);
    const double post_decision = Ms(now - r.decision);
    Send(json::object{{"type", "metrics"},
                      {"messageId", r.id},
                      {"voiceToVoiceMs", r.record.voice_to_voice_ms},
                      {"postDecisionMs", post_decision},
                      {"decisionMs", r.record.decision_ms},
                      {"sttMs", r.record.stt_ms},
                      {"replyMs", r.record.reply_ms},
                      {"ttsMs", r.record.tts_ms}});
    if (core::VoiceMetrics* m = deps_.metrics) {
      using core::VoiceStage;
      const auto ns = [](double ms) {
        return std::chrono::nanoseconds(static_cast<std::int64_t>(std::max(ms, 0.0) * 1e6));
      };
      m->Observe(VoiceStage::kVoiceToVoice, ns(r.record.voice_to_voice_ms));
      m->Observe(VoiceStage::kDecision, ns(r.record.decision_ms));
      m->Observe(VoiceStage::kStt, ns(r.record.stt_ms));
      m->Observe(VoiceStage::kReply, ns(r.record.reply_ms));
      m->Observe(VoiceStage::kTts, ns(r.record.tts_ms));
    }
  }

  void MaybeFinishReply() {
    if (!reply_ || !reply_->synthesized || !out_.empty()) return;
    if (reply_->played + 0.5 < static_cast<double>(reply_->sent)) return;
    ReplyPtr r = std::move(reply_);
    reply_.reset();
    last_activity_ = Clock::now();
    if (transport_ != nullptr) transport_->MarkAudio(r->id.empty() ? "prompt" : "reply:" + r->id);
    Send(json::object{{"type", "audio_end"},
                      {"messageId", r->id.empty() ? json::value(nullptr) : json::value(r->id)},
                      {"playedMs", static_cast<double>(r->sent) / kSamplesPerMs}});
    if (r->record_turn) Record(r->record);
    if (r->end_call) Hangup();
  }

  // Stops the current reply where it is (barge-in, or superseded).
  void CancelReply() {
    ReplyPtr r = std::move(reply_);
    reply_.reset();
    paused_ = false;
    if (!r) return;
    r->cancelled = true;
    r->stop_synthesis = true;
    out_.clear();
    if (transport_ != nullptr) transport_->ClearAudio();
    const double played_ms = r->played / kSamplesPerMs;
    Send(json::object{{"type", "audio_cancelled"},
                      {"messageId", r->id.empty() ? json::value(nullptr) : json::value(r->id)},
                      {"playedMs", played_ms}});
    if (r->record_turn) {
      r->record.truncated = true;
      r->record.played_ms = played_ms;
      r->record.played_text = PlayedText(*r);
      Record(r->record);
    }
  }

  void ConfirmBargeIn(Utterance& u) {
    u.barged = true;
    ++generation_;  // A reply still being made is not spoken.
    std::string message_id;
    if (reply_) message_id = reply_->id;
    Send(json::object{
        {"type", "barge_in"},
        {"messageId", message_id.empty() ? json::value(nullptr) : json::value(message_id)}});
    if (!reply_ && transport_ != nullptr) transport_->ClearAudio();  // CancelReply clears too.
    CancelReply();
    if (deps_.metrics != nullptr) deps_.metrics->BargeIn();
  }

  void Resume() {
    if (!paused_) return;
    paused_ = false;
    Send(json::object{{"type", "resumed"}});
    Flush();
  }

  void Record(engine::VoiceTurnRecord record) {
    asio::co_spawn(ex_, RecordTurn(shared_from_this(), std::move(record)), asio::detached);
  }

  asio::awaitable<void> RecordTurn([[maybe_unused]] std::shared_ptr<Session> self,
                                   engine::VoiceTurnRecord record) {
    auto recorded =
        co_await deps_.engine->RecordVoiceTurn(actor_, conversation_id_, std::move(record));
    (void)recorded;  // The conversation may be gone (deleted during the call): nothing to keep.
  }

  asio::awaitable<void> EndConversation([[maybe_unused]] std::shared_ptr<Session> self) {
    auto ended = co_await deps_.engine->EndConversation(actor_, conversation_id_);
    if (stopped_) co_return;
    json::object end{{"type", "end"}, {"reason", "completed"}};
    if (ended) end["duration"] = ended->analytics.duration;
    Send(end);
    if (transport_ != nullptr) transport_->EndCall("completed");
  }

  // --- The playout clock (20 ms) and silence ---

  asio::awaitable<void> TickLoop([[maybe_unused]] std::shared_ptr<Session> self) {
    asio::steady_timer timer(ex_);
    Clock::time_point last = Clock::now();
    while (!stopped_) {
      timer.expires_after(std::chrono::milliseconds(20));
      co_await timer.async_wait(kNoThrow);
      if (stopped_) break;
      const Clock::time_point now = Clock::now();
      const double samples = Ms(now - last) * kSamplesPerMs;
      last = now;
      if (reply_ && !paused_) {
        if (reply_->started) {
          reply_->played = std::min(static_cast<double>(reply_->sent), reply_->played + samples);
        }
        credit_ = std::min(credit_ + samples, LeadSamples() + kCallFrameSamples);
        Flush();
        MaybeFinishReply();
      }
      CheckIdle(now);
    }
  }

  void CheckIdle(Clock::time_point now) {
    if (utt_ || reply_ || turns_running_ > 0 || hung_up_ || ending_) return;
    if (now - last_activity_ < deps_.config.turn.idle) return;
    last_activity_ = now;
    if (reprompts_ == 0) {
      reprompts_ = 1;
      Send(json::object{{"type", "reprompt"}, {"text", deps_.config.reprompt}});
      SpeakPrompt(deps_.config.reprompt, false);
    } else {
      ending_ = true;
      Send(json::object{{"type", "reprompt"}, {"text", deps_.config.goodbye}, {"final", true}});
      SpeakPrompt(deps_.config.goodbye, true);
    }
  }

  asio::any_io_executor ex_;
  const CallDeps deps_;
  CallTransport* transport_;  // null once stopped.
  const engine::Actor actor_;
  const std::string conversation_id_;
  std::string voice_;
  const voice::SttBias bias_;  // The agent's words, for the recogniser.

  bool stopped_ = false;
  bool hung_up_ = false;
  bool ending_ = false;
  bool counted_ = false;

  // Input.
  EnergyVad vad_;
  std::vector<std::int16_t> vad_pending_;
  std::deque<std::int16_t> preroll_;
  unsigned recent_ = 0;  // The last 4 frames' voice decisions (bit 0 = newest).
  UtterancePtr utt_;
  std::unique_ptr<voice::SttStream> recogniser_;  // For the next utterance.
  bool preparing_ = false;                        // Getting recogniser_.
  UtterancePtr waiting_;                          // The utterance waiting for it.
  std::string recogniser_error_;                  // Why the last attempt failed.
  int silence_ms_ = 0;
  int utterance_ms_ = 0;
  Clock::time_point last_voiced_{};
  int turns_running_ = 0;
  std::uint64_t generation_ = 0;  // Bumped by each barge-in.

  // Output.
  ReplyPtr reply_;
  std::deque<std::int16_t> out_;
  double credit_ = 0;  // Samples that may be sent now.
  bool paused_ = false;

  Clock::time_point last_activity_{};
  int reprompts_ = 0;
};

}  // namespace

std::shared_ptr<CallSession> CallSession::Create(asio::any_io_executor strand, const CallDeps& deps,
                                                 CallTransport& transport, engine::Actor actor,
                                                 std::string conversation_id, std::string voice,
                                                 voice::SttBias bias) {
  return std::make_shared<Session>(std::move(strand), deps, transport, std::move(actor),
                                   std::move(conversation_id), std::move(voice), std::move(bias));
}

}  // namespace carevoice::call
