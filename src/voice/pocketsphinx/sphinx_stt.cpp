#include "voice/pocketsphinx/sphinx_stt.hpp"

#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/ngram_model.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "voice/flite/flite_lexicon.hpp"
#include "voice/ngram_lm.hpp"
#include "voice/resampler.hpp"

namespace carevoice::voice {
namespace {

// PocketSphinx's log callback: drops everything.
// NOLINTNEXTLINE(cert-dcl50-cpp): the C signature sphinxbase's err_set_callback takes.
void DiscardLog(void* /*user_data*/, err_lvl_t /*level*/, const char* /*fmt*/, ...) {}

struct DecoderDeleter {
  void operator()(ps_decoder_t* ps) const { ps_free(ps); }
};
using Decoder = std::unique_ptr<ps_decoder_t, DecoderDeleter>;

// Writes `text` to a fresh temporary file and removes it when destroyed (PocketSphinx reads
// models from files only).
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "carevoice-lm-XXXXXX").string();
    const int fd = mkstemp(tmpl.data());
    if (fd < 0) return;
    close(fd);
    std::ofstream(tmpl, std::ios::binary) << text;
    path_ = tmpl;
  }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The stock language model and the pronunciation dictionary `config` names (its model folder's
// by default).
std::string StockLmPath(const SphinxConfig& config) {
  return config.lm_path.empty()
             ? (std::filesystem::path(config.model_dir) / "en-us.lm.bin").string()
             : config.lm_path;
}
std::string DictionaryPath(const SphinxConfig& config) {
  return config.dict_path.empty()
             ? (std::filesystem::path(config.model_dir) / "cmudict-en-us.dict").string()
             : config.dict_path;
}

// The unigrams of the n-gram model at `path`, most probable first (empty when it cannot be read).
std::vector<std::string> RankedWords(const std::string& path) {
  std::vector<std::string> words;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return words;
  logmath_t* logmath = logmath_init(1.0001, 0, 0);
  if (logmath == nullptr) return words;
  if (ngram_model_t* lm = ngram_model_read(nullptr, path.c_str(), NGRAM_AUTO, logmath)) {
    const auto count = static_cast<std::int32_t>(ngram_model_get_counts(lm)[0]);
    std::vector<std::pair<std::int32_t, std::int32_t>> scored;  // (score, word id)
    scored.reserve(static_cast<std::size_t>(count));
    for (std::int32_t wid = 0; wid < count; ++wid) {
      std::int32_t used = 0;
      scored.emplace_back(ngram_ng_score(lm, wid, nullptr, 0, &used), wid);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    words.reserve(scored.size());
    for (const auto& [score, wid] : scored) words.emplace_back(ngram_word(lm, wid));
    ngram_model_free(lm);
  }
  logmath_free(logmath);
  return words;
}

// The first `top` words of `ranked` (top < 0: all).
std::unordered_set<std::string> TopWords(const std::vector<std::string>& ranked, int top) {
  const std::size_t n =
      top < 0 ? ranked.size() : std::min(ranked.size(), static_cast<std::size_t>(top));
  return {ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n)};
}

// Live calls' vocabulary (SphinxConfig::stream_vocabulary): the stock model's most probable words
// and every word of the customer-service model, with all their pronunciations from the
// dictionary, in a file PocketSphinx reads; and the first pronunciation of each word left out, so
// that an agent's word among them is added with the dictionary's pronunciation, not a guess.
class StreamLexicon {
 public:
  // Null when the models cannot be read (the stream decoders then use the whole dictionary).
  // `ranked`: the stock model's words, most probable first (RankedWords).
  static std::shared_ptr<const StreamLexicon> Make(const SphinxConfig& config,
                                                   const std::vector<std::string>& ranked,
                                                   const std::string& dict_path) {
    std::unordered_set<std::string> kept = TopWords(ranked, config.stream_vocabulary);
    if (!config.domain_lm_path.empty()) {
      for (std::string& w : RankedWords(config.domain_lm_path)) kept.insert(std::move(w));
    }
    std::ifstream in(dict_path);
    if (ranked.empty() || !in) return nullptr;
    auto lexicon = std::make_shared<StreamLexicon>();
    std::string text;
    for (std::string line; std::getline(in, line);) {
      const std::size_t space = line.find(' ');
      if (space == std::string::npos || space == 0) continue;
      std::string word = line.substr(0, space);
      const bool variant = word.back() == ')' && word.find('(') != std::string::npos;
      if (variant) word.erase(word.find('('));
      if (kept.contains(word)) {
        text.append(line).push_back('\n');
      } else if (!variant) {
        lexicon->rest_.emplace_back(std::move(word), line.substr(space + 1));
      }
    }
    std::sort(lexicon->rest_.begin(), lexicon->rest_.end());
    lexicon->file_ = std::make_unique<TempFile>(text);
    if (lexicon->file_->path().empty()) return nullptr;
    return lexicon;
  }

  const std::string& path() const { return file_->path(); }

  // The dictionary's pronunciation of a word left out of the file ("" when it has none).
  std::string Pronunciation(const std::string& word) const {
    auto it =
        std::lower_bound(rest_.begin(), rest_.end(), word,
                         [](const auto& entry, const std::string& w) { return entry.first < w; });
    return it != rest_.end() && it->first == word ? it->second : std::string();
  }

 private:
  std::unique_ptr<TempFile> file_;
  std::vector<std::pair<std::string, std::string>> rest_;  // (word, phones), sorted.
};

// What a pool's decoders search with beyond the stock model: the agent's model (an ARPA file,
// written once for all its decoders; "" path = could not be written) and its vocabulary (for the
// dictionary).
struct AgentLm {
  AgentLm(const std::string& arpa, std::vector<std::string> vocabulary)
      : file(arpa), words(std::move(vocabulary)) {}
  const TempFile file;
  const std::vector<std::string> words;
};

// The decoders, shared by the adapter and its open streams.
// `streaming`: the decoders of SttStreams (one pass unless config.stream_second_pass), else of
// whole files (both passes).
class Pool {
 public:
  // `lexicon`: the stream vocabulary (null: the whole dictionary).
  Pool(SphinxConfig config, std::shared_ptr<const AgentLm> agent, int max_idle, bool streaming,
       std::shared_ptr<const StreamLexicon> lexicon = nullptr)
      : config_(std::move(config)),
        agent_(std::move(agent)),
        lexicon_(std::move(lexicon)),
        max_idle_(max_idle),
        streaming_(streaming),
        second_pass_(!streaming || config_.stream_second_pass) {}

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

  // An idle decoder, without creating one (nullopt when none is idle).
  std::optional<Decoder> TryTake() {
    std::lock_guard lock(mu_);
    if (idle_.empty()) return std::nullopt;
    Decoder d = std::move(idle_.back());
    idle_.pop_back();
    return d;
  }

  // True when a spare decoder should be made (MakeSpare, in the background): none is idle, none
  // is being made and the pool is below max_decoders. Counts it as created.
  bool ClaimSpare() {
    std::lock_guard lock(mu_);
    if (!idle_.empty() || spare_pending_ || created_ >= config_.max_decoders) return false;
    spare_pending_ = true;
    ++created_;
    return true;
  }

  // Creates the decoder ClaimSpare counted; it waits idle for the next Take()/TryTake().
  void MakeSpare() {
    auto d = Create();
    std::lock_guard lock(mu_);
    spare_pending_ = false;
    if (!d) {
      --created_;
      return;
    }
    idle_.push_back(std::move(*d));
  }

  // Creates decoders until `count` exist (idle or in use; at most max_decoders) or `stop` is
  // requested; they wait idle for the first Take()s.
  void Warm(int count, const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      {
        std::lock_guard lock(mu_);
        if (created_ >= std::min(count, config_.max_decoders)) return;
        ++created_;
      }
      auto d = Create();
      std::lock_guard lock(mu_);
      if (!d) {
        --created_;
        return;
      }
      idle_.push_back(std::move(*d));
    }
  }

  void Give(Decoder d) {
    std::lock_guard lock(mu_);
    if (max_idle_ >= 0 && static_cast<int>(idle_.size()) >= max_idle_) {
      --created_;
      return;  // Frees it (outside the lock would be nicer; ps_free is quick).
    }
    idle_.push_back(std::move(d));
  }

 private:
  core::Result<Decoder> Create() {
    const std::filesystem::path dir = config_.model_dir;
    const std::string hmm = (dir / "en-us").string();
    const std::string lm = StockLmPath(config_);
    const std::string dict = lexicon_ != nullptr ? lexicon_->path() : DictionaryPath(config_);
    for (const std::string& f : {hmm, lm, dict}) {
      if (!std::filesystem::exists(f)) {
        return core::Error::Unavailable("PocketSphinx model file missing: " + f);
      }
    }
    // cmd_ln_init copies the strings; ps_init takes its own reference to the config. A biased
    // decoder gets its language models from Bias().
    const bool biased = !config_.domain_lm_path.empty() || agent_ != nullptr;
    std::vector<std::string> args{"-hmm", hmm,        "-dict",
                                  dict,   "-fwdflat", second_pass_ ? "yes" : "no"};
    if (!biased) args.insert(args.end(), {"-lm", lm});
    const auto& extra = config_.decoder_args;
    if (streaming_ && config_.stream_max_hmms > 0 &&
        std::find(extra.begin(), extra.end(), "-maxhmmpf") == extra.end()) {
      args.insert(args.end(), {"-maxhmmpf", std::to_string(config_.stream_max_hmms)});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    argv.reserve(args.size());
    for (std::string& a : args) argv.push_back(a.data());
    cmd_ln_t* cfg =
        cmd_ln_parse_r(nullptr, ps_args(), static_cast<int32>(argv.size()), argv.data(), TRUE);
    if (cfg == nullptr) return core::Error::Unavailable("PocketSphinx configuration failed");
    ps_decoder_t* ps = ps_init(cfg);
    cmd_ln_free_r(cfg);
    if (ps == nullptr) return core::Error::Unavailable("PocketSphinx could not load its model");
    Decoder decoder(ps);
    if (biased) {
      if (auto r = Bias(ps, lm); !r) return r.error();
    }
    return decoder;
  }

  // Switches `ps` to the interpolation of the stock model with the customer-service model and
  // the agent's model (those configured), after adding the agent's words the dictionary lacks.
  core::Result<void> Bias(ps_decoder_t* ps, const std::string& lm_path) {
    const bool domain = !config_.domain_lm_path.empty();
    const bool agent = agent_ != nullptr;
    if (agent) {
      for (const std::string& word : agent_->words) {
        char* known = ps_lookup_word(ps, word.c_str());
        if (known != nullptr) {
          // NOLINTNEXTLINE(cppcoreguidelines-no-malloc,cppcoreguidelines-owning-memory)
          std::free(known);  // PocketSphinx's allocation, freed as its API says.
          continue;
        }
        std::string phones = lexicon_ != nullptr ? lexicon_->Pronunciation(word) : "";
        if (phones.empty()) phones = FlitePronunciation(word);
        if (!phones.empty()) ps_add_word(ps, word.c_str(), phones.c_str(), FALSE);
      }
    }
    std::vector<ngram_model_t*> models;
    std::vector<std::string> names;
    std::vector<float> weights;
    auto read = [&](const std::string& path, const char* name, float weight) {
      // (ngram_model_read dereferences a model it failed to read when given a config.)
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec)) return false;
      ngram_model_t* m =
          ngram_model_read(ps_get_config(ps), path.c_str(), NGRAM_ARPA, ps_get_logmath(ps));
      if (m == nullptr) return false;
      models.push_back(m);
      names.emplace_back(name);
      weights.push_back(weight);
      return true;
    };
    bool ok = !domain || read(config_.domain_lm_path, "domain", config_.domain_weight);
    if (ok && agent) {
      ok = !agent_->file.path().empty() && read(agent_->file.path(), "agent", config_.agent_weight);
    }
    // The stock model, read again rather than taken from the decoder's default search: that one
    // is wrapped in a set of its own, and a set inside an interpolating set mis-scores (measured:
    // an interpolation of the wrapped stock model alone lost words the stock model heard).
    // The decoder was created without its own copy (Create), so memory stays one model.
    ngram_model_t* stock =
        ok ? ngram_model_read(ps_get_config(ps), lm_path.c_str(), NGRAM_AUTO, ps_get_logmath(ps))
           : nullptr;
    ok = ok && stock != nullptr;
    // The stock model goes last: a set reports the history length its last model used, which
    // the search relies on, and the stock model's is the one it was tuned with.
    if (stock != nullptr) models.push_back(stock);
    names.emplace_back("stock");
    weights.push_back(config_.stock_weight);
    // A set interpolates the models' *scaled* scores, Σ w_i · P_i^lw (the language weight lw
    // applies inside each model), so w_i = (λ_i / λ_stock)^lw gives about
    // ((Σ λ_i · P_i) / λ_stock)^lw: the interpolation meant (within a factor 2 on the
    // probability), divided by λ_stock so that a word the other models do not know costs what
    // it costs with the stock model alone (the insertion penalty was tuned for it; without this
    // every word would cost λ_stock more and the search would prefer fewer, longer words).
    const double lw = cmd_ln_float32_r(ps_get_config(ps), "-lw");
    const double stock_weight = config_.stock_weight > 0 ? config_.stock_weight : 1;
    for (float& w : weights) w = static_cast<float>(std::pow(w / stock_weight, lw));
    std::vector<char*> name_ptrs;
    name_ptrs.reserve(names.size());
    for (std::string& n : names) name_ptrs.push_back(n.data());
    ngram_model_t* set =
        ok ? ngram_model_set_init(ps_get_config(ps), models.data(), name_ptrs.data(),
                                  weights.data(), static_cast<int32>(models.size()))
           : nullptr;
    for (ngram_model_t* m : models) ngram_model_free(m);  // The set holds its own references.
    if (set == nullptr) {
      return core::Error::Unavailable("PocketSphinx could not load the biased language model");
    }
    const int added = ps_set_lm(ps, "biased", set);  // Takes its own reference.
    ngram_model_free(set);
    if (added < 0 || ps_set_search(ps, "biased") < 0) {
      return core::Error::Unavailable("PocketSphinx could not use the biased language model");
    }
    return {};
  }

  const SphinxConfig config_;
  const std::shared_ptr<const AgentLm> agent_;          // Null = no agent.
  const std::shared_ptr<const StreamLexicon> lexicon_;  // Null = the whole dictionary.
  const int max_idle_;                                  // -1 = no limit.
  const bool streaming_;
  const bool second_pass_;
  std::mutex mu_;
  std::vector<Decoder> idle_;   // Guarded by mu_.
  int created_ = 0;             // Guarded by mu_.
  bool spare_pending_ = false;  // Guarded by mu_: a MakeSpare() is to come.
};

// One low-priority thread (Linux: a thread's own nice value, 10) running jobs one after the
// other: the start-up warming of stream decoders and agents' spare decoders, so that neither
// start-up nor a live call waits for a decoder to be created.
class Background {
 public:
  using Job = std::function<void(const std::stop_token&)>;
  Background() : thread_([this](const std::stop_token& stop) { Run(stop); }) {}
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  ~Background() = default;  // thread_ (last member) is stopped and joined first.

  void Post(Job job) {
    {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }

 private:
  void Run(const std::stop_token& stop) {
    setpriority(PRIO_PROCESS, 0, 10);
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mu_);
        if (!cv_.wait(lock, stop, [this] { return !jobs_.empty(); })) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job(stop);
    }
  }

  std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<Job> jobs_;  // Guarded by mu_.
  std::jthread thread_;   // Last: stopped and joined first.
};

// `upgrade`: the agent's pool, when `decoder` is an unbiased stand-in for its recogniser (not
// built yet when the stream started): the utterance switches to one of its decoders if one is
// idle when it starts.
class SphinxStream final : public SttStream {
 public:
  SphinxStream(std::shared_ptr<Pool> pool, Decoder decoder, std::shared_ptr<Pool> upgrade = nullptr)
      : pool_(std::move(pool)), decoder_(std::move(decoder)), upgrade_(std::move(upgrade)) {}
  ~SphinxStream() override {
    if (!decoder_) return;
    if (started_) ps_end_utt(decoder_.get());
    pool_->Give(std::move(decoder_));
  }

  core::Result<void> Accept(std::span<const std::int16_t> pcm16k) override {
    if (!decoder_) return core::Error::BadRequest("The utterance is finished");
    if (!started_) {
      if (upgrade_) {
        if (auto biased = upgrade_->TryTake()) {
          pool_->Give(std::move(decoder_));
          pool_ = std::move(upgrade_);
          decoder_ = std::move(*biased);
        }
        upgrade_.reset();
      }
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
  std::shared_ptr<Pool> upgrade_;
  bool started_ = false;
};

// The decoders of one model: for streams and for whole files.
struct Pools {
  std::shared_ptr<Pool> stream;
  std::shared_ptr<Pool> file;
};

class SphinxStt final : public Stt {
 public:
  SphinxStt(SphinxConfig config, Pools pools, std::shared_ptr<const StreamLexicon> lexicon,
            std::unordered_set<std::string> common_words)
      : config_(std::move(config)),
        pools_(std::move(pools)),
        lexicon_(std::move(lexicon)),
        common_words_(std::move(common_words)) {
    if (config_.warm_stream_decoders > 0) {
      // In the background, so that start-up and live calls never wait for it; a Take()
      // meanwhile creates its own as before.
      background_.Post([pool = pools_.stream, n = config_.warm_stream_decoders](
                           const std::stop_token& stop) { pool->Warm(n, stop); });
    }
  }

  core::Result<std::unique_ptr<SttStream>> Start(const SttBias& bias) override {
    return Open(PoolsFor(bias).stream);
  }

  // The agent's idle decoder when there is one; else a stand-in from the unbiased pool (warm at
  // start-up) while one of the agent's is made in the background (about a second of CPU), which
  // the stream takes up at the start of its utterance if it is ready by then. Switching the
  // language model of a warm decoder instead (ps_set_lm + ps_set_search) was measured at 750 ms
  // and +40 MB per model (building the interpolated set's vocabulary), no cheaper than a decoder.
  core::Result<std::unique_ptr<SttStream>> StartWithoutWaiting(const SttBias& bias) override {
    std::shared_ptr<Pool> agent = PoolsFor(bias).stream;
    if (agent == pools_.stream) return Open(agent);
    if (auto biased = agent->TryTake()) {
      return std::unique_ptr<SttStream>(std::make_unique<SphinxStream>(agent, std::move(*biased)));
    }
    if (agent->ClaimSpare()) {
      background_.Post([agent](const std::stop_token&) { agent->MakeSpare(); });
    }
    return Open(pools_.stream, agent);
  }

  // A whole file is one utterance decoded at once (full_utt: cepstral mean normalisation over
  // the whole utterance, as PocketSphinx's batch mode does), more accurate than streaming.
  core::Result<std::string> Transcribe(const Audio& audio, const SttBias& bias) override {
    auto pcm = DecodeAudio(audio.bytes, audio.mime_type);
    if (!pcm) return pcm.error();
    const Pcm speech = ToSpeechFormat(*pcm);
    std::shared_ptr<Pool> pool = PoolsFor(bias).file;
    auto decoder = pool->Take();
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
    pool->Give(std::move(*decoder));
    return text;
  }

 private:
  // A stream on a decoder of `pool` (see SphinxStream for `upgrade`).
  static core::Result<std::unique_ptr<SttStream>> Open(const std::shared_ptr<Pool>& pool,
                                                       std::shared_ptr<Pool> upgrade = nullptr) {
    auto decoder = pool->Take();
    if (!decoder) return decoder.error();
    return std::unique_ptr<SttStream>(
        std::make_unique<SphinxStream>(pool, std::move(*decoder), std::move(upgrade)));
  }

  // The pools of `bias`'s agent (built on first use, kept while among the max_agent_models most
  // recently used), or the shared pools when there is no bias.
  Pools PoolsFor(const SttBias& bias) {
    if (bias.key.empty() || config_.max_agent_models <= 0) return pools_;
    {
      std::lock_guard lock(mu_);
      for (auto it = agents_.begin(); it != agents_.end(); ++it) {
        if (it->first == bias.key) {
          agents_.splice(agents_.begin(), agents_, it);
          return it->second;
        }
      }
    }
    NgramLm lm;
    lm.AddText(bias.text);
    lm.Build();
    if (lm.Vocabulary().empty()) return pools_;
    auto agent = std::make_shared<AgentLm>(lm.ToArpa(common_words_), lm.Vocabulary());
    Pools pools{
        std::make_shared<Pool>(config_, agent, config_.max_idle_per_agent, /*streaming=*/true,
                               lexicon_),
        std::make_shared<Pool>(config_, agent, config_.max_idle_per_agent, /*streaming=*/false)};
    std::lock_guard lock(mu_);
    for (const auto& [key, built] : agents_) {
      if (key == bias.key) return built;  // Built meanwhile by another caller.
    }
    agents_.emplace_front(bias.key, pools);
    while (static_cast<int>(agents_.size()) > config_.max_agent_models) agents_.pop_back();
    return pools;
  }

  const SphinxConfig config_;
  const Pools pools_;
  const std::shared_ptr<const StreamLexicon> lexicon_;  // Null = the whole dictionary.
  // The words agents' models do not score (SphinxConfig::agent_common_words).
  const std::unordered_set<std::string> common_words_;
  std::mutex mu_;
  std::list<std::pair<std::string, Pools>> agents_;  // Guarded by mu_; MRU first.
  Background background_;                            // Last: stopped and joined first.
};

}  // namespace

core::Result<std::unique_ptr<Stt>> MakeSphinxStt(SphinxConfig config) {
  // PocketSphinx logs every utterance (to stderr by default) through one process-wide log. It is
  // silenced here once, before any decoder exists, and decoders are created without "-logfn":
  // with it, every ps_init reopened the global log file and fclose()d the one other threads'
  // decoders were writing to, which crashed the server once decoders were created in the
  // background while calls decoded (live calls' agent recognisers, StartWithoutWaiting).
  err_set_callback(&DiscardLog, nullptr);
  err_set_logfp(nullptr);
  std::vector<std::string> ranked;  // The stock model's words, most probable first.
  if (config.stream_vocabulary > 0 || config.agent_common_words > 0) {
    ranked = RankedWords(StockLmPath(config));
  }
  std::shared_ptr<const StreamLexicon> lexicon;
  if (config.stream_vocabulary > 0) {
    lexicon = StreamLexicon::Make(config, ranked, DictionaryPath(config));
  }
  std::unordered_set<std::string> common_words;
  if (config.agent_common_words > 0) {
    common_words = TopWords(ranked, config.agent_common_words);
    common_words.erase("</s>");  // Where a sentence ends stays the agent's to score too.
  }
  ranked = {};
  Pools pools{std::make_shared<Pool>(config, nullptr, -1, /*streaming=*/true, lexicon),
              std::make_shared<Pool>(config, nullptr, -1, /*streaming=*/false)};
  auto first = pools.file->Take();  // Loads the model now: a broken install fails at start-up.
  if (!first) return first.error();
  pools.file->Give(std::move(*first));
  return std::unique_ptr<Stt>(std::make_unique<SphinxStt>(
      std::move(config), std::move(pools), std::move(lexicon), std::move(common_words)));
}

}  // namespace carevoice::voice
