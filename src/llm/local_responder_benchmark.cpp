// The built-in responder's cost per turn for an agent with 500 knowledge entries (issue 12:
// under 2 ms). The knowledge is synthetic: 500 distinct question/answer pairs over a shared
// vocabulary, so that retrieval, typo correction and follow-up context all do real work.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/domain.hpp"
#include "llm/local/local_responder.hpp"

namespace carevoice::llm {
namespace {

core::Agent BigAgent() {
  static const std::vector<std::string> kTopics = {
      "delivery", "returns", "warranty", "payment", "installation", "router",  "contract",
      "discount", "parking", "booking",  "repair",  "service",      "upgrade", "account"};
  static const std::vector<std::string> kThings = {
      "shoes",  "boots", "laptop", "phone",  "tablet", "bike",   "helmet", "tent",  "jacket",
      "kettle", "sofa",  "lamp",   "camera", "watch",  "guitar", "drill",  "mower", "printer"};
  core::Agent agent;
  agent.id = "0123456789abcdef01234567";  // Indexed once, as for any stored agent.
  agent.name = "Bench";
  agent.company = "Bench Retail";
  agent.response_style = "friendly";
  agent.company_info = "Bench Retail sells everything. Support is open every day from 8am to 8pm.";
  for (int i = 0; i < 500; ++i) {
    const std::string& topic = kTopics[static_cast<std::size_t>(i) % kTopics.size()];
    const std::string& thing = kThings[static_cast<std::size_t>(i / 3) % kThings.size()];
    const std::string code = "model" + std::to_string(i);
    agent.knowledge.push_back({"What about " + topic + " for the " + thing + " " + code + "?",
                               "For the " + thing + " " + code + ", " + topic + " takes " +
                                   std::to_string(i % 9 + 1) + " working days and costs " +
                                   std::to_string(i % 50 + 5) + " pounds."});
  }
  return agent;
}

void BM_RespondWith500Entries(benchmark::State& state) {
  const core::Agent agent = BigAgent();
  const auto responder = MakeLocalResponder();
  const std::vector<std::string> messages = {
      "how long is the waranty on the guitar model42?", "How much is it?",
      "Can I pay in installments and is there a discount?", "Do you sell handbags?"};
  std::size_t i = 0;
  std::string state_json;
  for (auto _ : state) {
    std::vector<core::Message> history(1);
    history[0].role = core::MessageRole::kUser;
    history[0].content = messages[i++ % messages.size()];
    ResponderRequest request;
    request.agent = &agent;
    request.history = &history;
    request.state_json = state_json;
    auto reply = responder->Respond(request, {});
    if (reply) state_json = reply->state_json;
    benchmark::DoNotOptimize(reply);
  }
}
BENCHMARK(BM_RespondWith500Entries)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace carevoice::llm

BENCHMARK_MAIN();
