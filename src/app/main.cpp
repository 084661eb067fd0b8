// The carevoice binary: `serve` (the default) runs the server; `analyze` runs the NLU over
// JSONL or plain lines on stdin; `eval` reproduces every NLU figure; `train` rebuilds the
// NLU models from the shipped data; `train-lm` builds the recogniser's customer-service
// language model (opt-in: used when MODELS_DIR has it); `socketio-testapp` serves the protocol test
// suites' app; `say` synthesises text to a WAV/MP3 file and `transcribe` recognises a WAV file,
// with the server's own speech engines (app::MakeSpeech).

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <boost/json/parse.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.hpp"
#include "app/mongo_import.hpp"
#include "app/speech_lm.hpp"
#include "app/wiring.hpp"
#include "engine/policy.hpp"
#include "llm/local/dialogue_eval.hpp"
#include "llm/local/related_words.hpp"
#include "llm/local/wordnet_related.hpp"
#include "nlu/analysis_json.hpp"
#include "nlu/nlu.hpp"
#include "nlu/sentiment_eval.hpp"
#include "nlu/spelling.hpp"
#include "nlu/training/evaluation.hpp"
#include "nlu/training/trainer.hpp"
#include "realtime/conformance_app.hpp"
#include "store/open_store.hpp"
#include "store/store.hpp"
#include "voice/audio_check.hpp"

namespace {

using carevoice::app::Config;

// Configures the default logger: one JSON-ish line per event on stdout, UTC timestamps.
void SetUpLogging(const Config& config) {
  auto logger = std::make_shared<spdlog::logger>("carevoice",
                                                 std::make_shared<spdlog::sinks::stdout_sink_mt>());
  logger->set_formatter(std::make_unique<spdlog::pattern_formatter>(
      R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%v"})",
      spdlog::pattern_time_type::utc));
  logger->set_level(spdlog::level::from_str(config.log_level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

// Loads the configuration and sets up logging; on a configuration error, says so on stderr.
carevoice::core::Result<carevoice::app::Config> LoadConfigAndLogging() {
  auto config =
      carevoice::app::LoadConfig(carevoice::app::ProcessEnv(), std::filesystem::current_path());
  if (!config) {
    std::fprintf(stderr, "carevoice: configuration error: %s\n", config.error().message.c_str());
    return config;
  }
  SetUpLogging(*config);
  return config;
}

int Serve() {
  auto config = LoadConfigAndLogging();
  if (!config) return 2;
  for (const std::string& warning : config->warnings) spdlog::warn("{}", warning);
  spdlog::info(
      "starting: NODE_ENV={}, database={}, threads={}", config->node_env,
      config->database_kind == carevoice::app::DatabaseKind::kSqlite ? "sqlite" : "postgres",
      config->threads);
  return carevoice::app::RunServer(*config);
}

// Returns the default models folder: MODELS_DIR, else the configured default. Writes nothing.
std::string DefaultModelsDir() {
  auto config =
      carevoice::app::LoadConfig(carevoice::app::ProcessEnv(), std::filesystem::current_path(),
                                 carevoice::app::ConfigUse::kTool);
  if (config) return config->models_dir.string();
  return CAREVOICE_DEFAULT_MODELS_DIR;
}

// `carevoice analyze`: one JSON analysis line per input line. An input line is either JSON
// {"text": ...} or plain text; blank lines are skipped; a malformed JSON line gets
// {"error": ...} and processing continues.
int Analyze(const std::string& models_dir) {
  auto nlu = carevoice::nlu::LoadNlu(models_dir);
  if (!nlu) {
    std::fprintf(stderr, "carevoice analyze: %s\n", nlu.error().message.c_str());
    return 2;
  }
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string text = line;
    if (line.front() == '{') {
      boost::system::error_code ec;
      const boost::json::value v = boost::json::parse(line, ec);
      const auto* t = (!ec && v.is_object()) ? v.get_object().if_contains("text") : nullptr;
      if (t == nullptr || !t->is_string()) {
        std::cout << R"({"error":"expected {\"text\": string}"})" << '\n';
        continue;
      }
      text = std::string(t->get_string());
    }
    std::cout << carevoice::nlu::AnalysisJsonLine((*nlu)->Analyze(text, nullptr)) << '\n';
  }
  return 0;
}

// The scripted dialogues through the NLU, the engine's escalation policy and the built-in
// responder: answer accuracy (held-out business apart), broken promises, invented numbers,
// escalation precision and recall.
int EvalDialogues(const std::string& models_dir, const std::string& path, bool show_reworded) {
  auto nlu = carevoice::nlu::LoadNlu(models_dir);
  if (!nlu) {
    std::fprintf(stderr, "carevoice eval: %s\n", nlu.error().message.c_str());
    return 2;
  }
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "carevoice eval: cannot read %s\n", path.c_str());
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  carevoice::llm::local::DialogueEvalOptions options;
  options.analyze = [&](std::string_view text, const carevoice::core::Agent& agent) {
    return (*nlu)->Analyze(text, &agent);
  };
  options.escalate = [](const std::vector<carevoice::core::Message>& history,
                        const carevoice::core::Message& latest) {
    return carevoice::engine::DecideEscalation(history, latest) !=
           carevoice::engine::EscalationReason::kNone;
  };
  auto report = carevoice::llm::local::EvaluateDialogues(buffer.str(), options);
  if (!report) {
    std::fprintf(stderr, "carevoice eval: %s\n", report.error().message.c_str());
    return 2;
  }
  std::cout << report->ToText() << std::flush;
  // The same dialogues said differently: the answers must not depend on the agent's style, and
  // customers misspell and skip capitals and punctuation.
  namespace local = carevoice::llm::local;
  struct Variant {
    std::string name;
    std::string style;
    std::function<std::string(std::string_view, int)> rewrite;
  };
  std::vector<Variant> variants;
  variants.reserve(carevoice::core::kResponseStyleNames.size() + 2);
  for (const std::string_view style : carevoice::core::kResponseStyleNames) {
    variants.push_back({"every agent " + std::string(style), std::string(style), nullptr});
  }
  variants.push_back({"one word misspelt per turn (local::Misspell)", "", local::Misspell});
  variants.push_back({"lower case, no punctuation", "",
                      [](std::string_view say, int) { return local::Unpunctuated(say); }});
  std::cout << "dialogues reworded (accuracy, all / held out)\n";
  for (const Variant& v : variants) {
    carevoice::llm::local::DialogueEvalOptions varied = options;
    varied.style = v.style;
    varied.rewrite = v.rewrite;
    auto r = carevoice::llm::local::EvaluateDialogues(buffer.str(), varied);
    if (!r) {
      std::fprintf(stderr, "carevoice eval: %s\n", r.error().message.c_str());
      return 2;
    }
    std::printf("  %s: %.3f / %.3f\n", v.name.c_str(), r->all.Accuracy(), r->heldout.Accuracy());
    if (show_reworded) {
      for (const std::string& f : r->failures) std::printf("    %s\n", f.c_str());
    }
  }
  return 0;
}

// `carevoice eval`: every intent, custom-intent, out-of-scope and sentiment figure.
int Eval(const std::string& data_dir, const std::string& models_dir, const std::string& own_dir,
         const std::string& source_dir, bool fast, bool show_reworded) {
  carevoice::nlu::training::EvalOptions options;
  options.own_data_dir = own_dir;
  options.realistic_path = own_dir + "/../testdata/realistic.tsv";
  options.realistic_b_path = own_dir + "/../testdata/realistic_b.tsv";
  options.cross_source = !fast;
  auto intent = carevoice::nlu::training::EvaluateIntent(data_dir, models_dir, options);
  if (!intent) {
    std::fprintf(stderr, "carevoice eval: %s\n", intent.error().message.c_str());
    return 2;
  }
  std::cout << *intent << std::flush;
  carevoice::nlu::SentimentEvalOptions sentiment_options;
  sentiment_options.realistic_path = options.realistic_path;
  if (fast) sentiment_options.folds = 0;
  auto sentiment = carevoice::nlu::EvaluateSentiment(data_dir, sentiment_options);
  if (!sentiment) {
    std::fprintf(stderr, "carevoice eval: %s\n", sentiment.error().message.c_str());
    return 2;
  }
  std::cout << *sentiment << std::flush;
  return EvalDialogues(models_dir, source_dir + "/tests/dialogues/answers.json", show_reworded);
}

// The recogniser's customer-service language model (carevoice train-lm).
int TrainLm(const std::string& data_dir, const std::string& out_dir, const std::string& own_dir) {
  auto report = carevoice::app::TrainSpeechLm(
      data_dir, own_dir, (std::filesystem::path(out_dir) / carevoice::app::kSpeechLmFile).string());
  if (!report) {
    std::fprintf(stderr, "carevoice train-lm: %s\n", report.error().message.c_str());
    return 2;
  }
  std::cout << *report << std::flush;
  return 0;
}

int Train(const std::string& data_dir, const std::string& out_dir, const std::string& own_dir) {
  auto report = carevoice::nlu::training::TrainModels(data_dir, out_dir, own_dir);
  if (!report) {
    std::fprintf(stderr, "carevoice train: %s\n", report.error().message.c_str());
    return 2;
  }
  std::cout << *report << std::flush;
  return 0;
}

// Writes generated source `text` to `path`; false (after a message) if it cannot.
bool WriteGenerated(const std::string& path, const std::string& text, const char* command) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) {
    std::fprintf(stderr, "carevoice %s: cannot write %s\n", command, path.c_str());
    return false;
  }
  return true;
}

// `carevoice train-related`: learns the responder's related-words table (llm/local/related_words)
// from the intent training data and writes it as C++ source to `out_path`.
int TrainRelated(const std::string& data_dir, const std::string& own_dir,
                 const std::string& out_path,
                 const carevoice::llm::local::RelatedWordsOptions& options) {
  auto corpus = carevoice::nlu::training::LoadIntentCorpus(data_dir, own_dir);
  if (!corpus) {
    std::fprintf(stderr, "carevoice train-related: %s\n", corpus.error().message.c_str());
    return 2;
  }
  // Training parts only (Bitext's held-out 20% and CLINC's test split stay unseen); a label is
  // one fine intent of one source. Out-of-scope lines share no request, so they are left out.
  std::vector<carevoice::llm::local::LabelledText> texts;
  for (const auto* part :
       {&corpus->bitext_train, &corpus->banking77, &corpus->clinc_train, &corpus->own}) {
    for (const auto& e : *part) {
      const std::string& label = e.fine.empty() ? e.coarse : e.fine;
      if (label == "out_of_scope") continue;
      texts.push_back({e.source + ":" + label, e.text});
    }
  }
  const auto table = carevoice::llm::local::LearnRelatedWords(texts, options);
  if (!WriteGenerated(out_path, carevoice::llm::local::RelatedWordsSource(table),
                      "train-related")) {
    return 1;
  }
  std::printf("related words: %zu terms from %zu texts -> %s\n", table.size(), texts.size(),
              out_path.c_str());
  return 0;
}

// `carevoice train-wordnet`: the responder's general-language relations
// (llm/local/wordnet_related) from the WordNet database in `wordnet_dir`, as C++ source.
int TrainWordNet(const std::string& wordnet_dir, const std::string& out_path) {
  auto table = carevoice::llm::local::LearnWordNetRelations(wordnet_dir);
  if (!table) {
    std::fprintf(stderr, "carevoice train-wordnet: %s (install wordnet-base)\n",
                 table.error().message.c_str());
    return 2;
  }
  auto describing = carevoice::llm::local::LearnDescribingWords(wordnet_dir);
  if (!describing) {
    std::fprintf(stderr, "carevoice train-wordnet: %s (install wordnet-base)\n",
                 describing.error().message.c_str());
    return 2;
  }
  const std::string source = carevoice::llm::local::WordNetSource(*table, *describing);
  if (!WriteGenerated(out_path, source, "train-wordnet")) return 1;
  std::printf("wordnet relations: %zu terms, %zu describing words (%zu bytes) -> %s\n",
              table->size(), describing->size(), source.size(), out_path.c_str());
  return 0;
}

// `carevoice train-spelling`: how often customers write each word (nlu/spelling.hpp), counted in
// the intent corpora (the training parts only), as C++ source.
int TrainSpelling(const std::string& data_dir, const std::string& own_dir,
                  const std::string& out_path) {
  auto corpus = carevoice::nlu::training::LoadIntentCorpus(data_dir, own_dir);
  if (!corpus) {
    std::fprintf(stderr, "carevoice train-spelling: %s\n", corpus.error().message.c_str());
    return 2;
  }
  std::vector<std::string> texts;
  for (const auto* part :
       {&corpus->bitext_train, &corpus->banking77, &corpus->clinc_train, &corpus->own}) {
    for (const auto& example : *part) texts.push_back(example.text);
  }
  constexpr int kMinCount = 3;
  const std::string source = carevoice::nlu::WordFrequencySource(texts, kMinCount);
  if (!WriteGenerated(out_path, source, "train-spelling")) return 1;
  std::printf("word frequencies: %zu texts (%zu bytes) -> %s\n", texts.size(), source.size(),
              out_path.c_str());
  return 0;
}

// `carevoice import-mongo DIR`: the old backend's mongoexport dump into DATABASE_URL's store.
int ImportMongo(const std::string& dir) {
  auto config = LoadConfigAndLogging();
  if (!config) return 2;
  const std::string url = config->database_kind == carevoice::app::DatabaseKind::kSqlite
                              ? "sqlite:" + config->sqlite_path.string()
                              : config->database_url;
  auto store = carevoice::store::OpenStore(url);
  if (!store) {
    std::fprintf(stderr, "carevoice import-mongo: cannot open the database: %s\n",
                 store.error().message.c_str());
    return 1;
  }
  auto report = carevoice::app::ImportMongoDump(**store, dir);
  if (!report) {
    std::fprintf(stderr, "carevoice import-mongo: %s\n", report.error().message.c_str());
    return report.error().kind == carevoice::core::ErrorKind::kBadRequest ? 2 : 1;
  }
  std::cout << carevoice::app::FormatImportReport(*report) << std::flush;
  return 0;
}

// The local speech engines (Flite + espeak-ng, PocketSphinx), as the server builds them with its
// defaults; logs go to stderr. No configuration is read (nothing is created on disk).
carevoice::app::Speech CliSpeech() {
  spdlog::set_default_logger(spdlog::stderr_logger_mt("cli"));
  spdlog::set_level(spdlog::level::warn);
  return carevoice::app::MakeSpeech(carevoice::app::Config{});
}

// `carevoice say TEXT -o FILE [--voice V]`: FILE ending in .mp3 gets MP3, anything else WAV;
// "-" writes WAV to stdout.
int Say(const std::string& text, const std::string& out, const std::string& voice) {
  auto speech = CliSpeech();
  if (!speech.tts) {
    std::fprintf(stderr, "carevoice say: speech is off (SPEECH=off)\n");
    return 2;
  }
  const bool mp3 = out.size() > 4 && out.substr(out.size() - 4) == ".mp3";
  auto audio = speech.tts->Synthesize(text, voice, mp3 ? "audio/mpeg" : "audio/wav");
  if (!audio) {
    std::fprintf(stderr, "carevoice say: %s\n", audio.error().message.c_str());
    return 1;
  }
  if (out == "-") {
    std::cout.write(audio->bytes.data(), static_cast<std::streamsize>(audio->bytes.size()));
    return std::cout ? 0 : 1;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file.write(audio->bytes.data(), static_cast<std::streamsize>(audio->bytes.size()));
  if (!file) {
    std::fprintf(stderr, "carevoice say: cannot write %s\n", out.c_str());
    return 1;
  }
  return 0;
}

// `carevoice transcribe FILE`: prints the transcript of a WAV file (any rate, any channels) or
// raw 16 kHz mono PCM16 (".raw"/".pcm").
int Transcribe(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "carevoice transcribe: cannot read %s\n", path.c_str());
    return 2;
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();
  const bool raw = path.ends_with(".raw") || path.ends_with(".pcm");
  auto type = carevoice::voice::DetectUploadedAudio(raw ? "audio/L16" : "", path, data);
  if (!type) {
    std::fprintf(stderr, "carevoice transcribe: %s\n", type.error().message.c_str());
    return 1;
  }
  auto speech = CliSpeech();
  if (!speech.stt) {
    std::fprintf(stderr, "carevoice transcribe: speech recognition is unavailable\n");
    return 2;
  }
  auto text = speech.stt->Transcribe(carevoice::voice::Audio{data, type->mime_type});
  if (!text) {
    std::fprintf(stderr, "carevoice transcribe: %s\n", text.error().message.c_str());
    return 1;
  }
  std::cout << *text << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"CareVoice: AI customer-care backend"};
  app.require_subcommand(0, 1);
  app.add_subcommand("serve", "Run the HTTP server (the default)");
  const std::string source_dir = CAREVOICE_SOURCE_DIR;
  std::string models_dir;
  std::string data_dir = source_dir + "/../shared/data";
  std::string own_dir = source_dir + "/src/nlu/data";
  std::string out_dir = source_dir + "/models";
  bool fast = false;

  CLI::App* analyze =
      app.add_subcommand("analyze", "Analyse JSONL {\"text\": ...} or plain lines from stdin");
  analyze->add_option("--models", models_dir, "NLU models folder (default: MODELS_DIR)");
  CLI::App* eval = app.add_subcommand("eval", "Reproduce every NLU figure on held-out data");
  eval->add_option("--data", data_dir, "The shared data folder")->capture_default_str();
  eval->add_option("--models", models_dir, "NLU models folder (default: MODELS_DIR)");
  eval->add_option("--own", own_dir, "Our own hand-written examples")->capture_default_str();
  eval->add_flag("--fast", fast, "Skip the cross-source and cross-validation runs");
  bool show_reworded = false;
  eval->add_flag("--show-reworded", show_reworded,
                 "Also list the failed turns of the reworded dialogue runs");
  CLI::App* train = app.add_subcommand("train", "Train the NLU models (reproducible)");
  train->add_option("--data", data_dir, "The shared data folder")->capture_default_str();
  train->add_option("--out", out_dir, "Where to write the models")->capture_default_str();
  train->add_option("--own", own_dir, "Our own hand-written examples")->capture_default_str();
  CLI::App* train_related = app.add_subcommand(
      "train-related", "Learn the built-in responder's related-words table (reproducible)");
  std::string related_out = source_dir + "/src/llm/local/related_words_data.cpp";
  train_related->add_option("--data", data_dir, "The shared data folder")->capture_default_str();
  train_related->add_option("--own", own_dir, "Our own hand-written examples")
      ->capture_default_str();
  train_related->add_option("--out", related_out, "The C++ source to write")->capture_default_str();
  carevoice::llm::local::RelatedWordsOptions related_options;
  train_related->add_option("--min-count", related_options.min_count, "Texts a term must occur in")
      ->capture_default_str();
  train_related
      ->add_option("--min-similarity", related_options.min_similarity, "Lowest cosine kept")
      ->capture_default_str();
  CLI::App* train_wordnet = app.add_subcommand(
      "train-wordnet",
      "Derive the built-in responder's general-language relations from WordNet (wordnet-base)");
  std::string wordnet_dir = "/usr/share/wordnet";
  std::string wordnet_out = source_dir + "/src/llm/local/wordnet_related_data.cpp";
  train_wordnet->add_option("--wordnet", wordnet_dir, "The WordNet database folder")
      ->capture_default_str();
  train_wordnet->add_option("--out", wordnet_out, "The C++ source to write")->capture_default_str();
  CLI::App* train_spelling = app.add_subcommand(
      "train-spelling", "Count how often customers write each word (the NLU's speller)");
  std::string spelling_out = source_dir + "/src/nlu/word_frequencies_data.cpp";
  train_spelling->add_option("--data", data_dir, "The shared data folder")->capture_default_str();
  train_spelling->add_option("--own", own_dir, "Our own hand-written examples")
      ->capture_default_str();
  train_spelling->add_option("--out", spelling_out, "The C++ source to write")
      ->capture_default_str();
  CLI::App* train_lm = app.add_subcommand(
      "train-lm", "Build only the speech recogniser's customer-service language model");
  train_lm->add_option("--data", data_dir, "The shared data folder")->capture_default_str();
  train_lm->add_option("--out", out_dir, "Where to write the model")->capture_default_str();
  train_lm->add_option("--own", own_dir, "Our own hand-written examples")->capture_default_str();
  CLI::App* testapp = app.add_subcommand(
      "socketio-testapp",
      "Serve the official Engine.IO/Socket.IO test suites' test application on 127.0.0.1");
  std::uint16_t testapp_port = 3000;
  testapp->add_option("--port", testapp_port, "Port (0 = any free port)")->capture_default_str();
  CLI::App* import_mongo = app.add_subcommand(
      "import-mongo",
      "Import the old backend's mongoexport --jsonArray dump (users.json, agents.json, "
      "conversations.json) into DATABASE_URL; safe to run again");
  std::string import_dir;
  import_mongo->add_option("DIR", import_dir, "The folder of the dump")->required();
  CLI::App* say = app.add_subcommand("say", "Synthesise TEXT to a WAV (or .mp3) file");
  std::string say_text;
  std::string say_out = "out.wav";
  std::string say_voice;
  say->add_option("text", say_text, "The text to speak")->required();
  say->add_option("-o,--out", say_out, "Output file (.wav or .mp3; - = WAV on stdout)")
      ->capture_default_str();
  say->add_option("--voice", say_voice, "Voice id (GET /api/voices; default slt)");
  CLI::App* transcribe = app.add_subcommand("transcribe", "Print the transcript of a WAV file");
  std::string transcribe_path;
  transcribe->add_option("file", transcribe_path, "WAV file (or .raw PCM16 16 kHz mono)")
      ->required();
  CLI11_PARSE(app, argc, argv);
  if (import_mongo->parsed()) return ImportMongo(import_dir);

  if (say->parsed()) return Say(say_text, say_out, say_voice);
  if (transcribe->parsed()) return Transcribe(transcribe_path);

  if (testapp->parsed()) return carevoice::realtime::RunConformanceApp(testapp_port);

  if (analyze->parsed() || eval->parsed()) {
    if (models_dir.empty()) models_dir = DefaultModelsDir();
  }
  if (analyze->parsed()) return Analyze(models_dir);
  if (eval->parsed()) return Eval(data_dir, models_dir, own_dir, source_dir, fast, show_reworded);
  if (train->parsed()) return Train(data_dir, out_dir, own_dir);
  if (train_related->parsed()) return TrainRelated(data_dir, own_dir, related_out, related_options);
  if (train_wordnet->parsed()) return TrainWordNet(wordnet_dir, wordnet_out);
  if (train_spelling->parsed()) return TrainSpelling(data_dir, own_dir, spelling_out);
  if (train_lm->parsed()) return TrainLm(data_dir, out_dir, own_dir);
  return Serve();
}
