// The carevoice binary: `serve` (the default) runs the server; `analyze`, `eval` and `train`
// belong to the NLU team (see the hooks below).

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "app/config.hpp"
#include "app/wiring.hpp"

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

int Serve() {
  auto config =
      carevoice::app::LoadConfig(carevoice::app::ProcessEnv(), std::filesystem::current_path());
  if (!config) {
    std::fprintf(stderr, "carevoice: configuration error: %s\n", config.error().message.c_str());
    return 2;
  }
  SetUpLogging(*config);
  for (const std::string& warning : config->warnings) spdlog::warn("{}", warning);
  spdlog::info(
      "starting: NODE_ENV={}, database={}, threads={}", config->node_env,
      config->database_kind == carevoice::app::DatabaseKind::kSqlite ? "sqlite" : "postgres",
      config->threads);
  return carevoice::app::RunServer(*config);
}

// NLU HOOK: the NLU team replaces this with its `analyze`/`eval`/`train` entry points (the
// remaining command-line arguments are in `args`). Until then these commands exit with status 2.
int NotYetAvailable(const std::string& command, const std::vector<std::string>& args) {
  (void)args;
  std::fprintf(stderr, "carevoice %s: not yet available\n", command.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"CareVoice: AI customer-care backend"};
  app.require_subcommand(0, 1);
  app.add_subcommand("serve", "Run the HTTP server (the default)");
  CLI::App* analyze = app.add_subcommand("analyze", "Analyse a message with the NLU (NLU team)");
  CLI::App* eval = app.add_subcommand("eval", "Evaluate the NLU models (NLU team)");
  CLI::App* train = app.add_subcommand("train", "Train the NLU models (NLU team)");
  for (CLI::App* sub : {analyze, eval, train}) sub->allow_extras();
  CLI11_PARSE(app, argc, argv);
  for (CLI::App* sub : {analyze, eval, train}) {
    if (sub->parsed()) return NotYetAvailable(sub->get_name(), sub->remaining());
  }
  return Serve();
}
