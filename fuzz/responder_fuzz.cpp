// libFuzzer target for the built-in responder (llm/local): every customer message is untrusted
// text that it splits, tokenises, rewrites, spell-corrects, reads ages, prices, order numbers,
// e-mail addresses and languages from. The input is up to four customer turns, one per line,
// played as one conversation against a fixed agent with the dialogue state carried between
// turns; a first line "#state <json>" starts from that (untrusted) state instead. Checks that
// it never crashes, never fails (an exception inside is reported as an error) and always
// answers something.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "llm/local/local_responder.hpp"

namespace {

using carevoice::core::Agent;
using carevoice::core::Message;
using carevoice::core::MessageRole;

const Agent& FuzzAgent() {
  static const Agent kAgent = [] {
    Agent a;
    a.id = "fuzz-agent";
    a.name = "Sam";
    a.company = "Kestrel Cycles";
    a.personality = "cheerful and enthusiastic";
    a.response_style = "friendly";
    a.company_info = "Kestrel Cycles is an independent bike shop in Headingley, Leeds.";
    a.prompts = {"Never mention competitors.", "Always offer a human for refunds."};
    a.knowledge = {
        {"How much is a bike service?", "A standard service costs £65, with parts extra."},
        {"How long does a repair take?", "Most repairs are ready within 2 working days."},
        {"Do you fix punctures?", "Puncture repairs cost £12 per wheel, free for under-16s."},
        {"Can I pay in instalments?", "Spread the cost over 12 months on bikes over £500."},
        {"What is your returns policy?", "Unused items can be returned within 30 days."},
        {"Do you deliver?", "We deliver free within 10 miles; further away costs £30."},
        {"Where are you?", "Our shop is on Otley Road in Leeds."},
        {"Do you hire e-bikes?", "We hire e-bikes for £25 a day, helmet included."}};
    return a;
  }();
  return kAgent;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<carevoice::llm::Responder> responder =
      carevoice::llm::MakeLocalResponder();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string state;
  if (input.starts_with("#state ")) {
    const std::size_t end = input.find('\n');
    state = std::string(input.substr(7, end == std::string_view::npos ? input.size() : end - 7));
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
  }
  std::vector<Message> history;
  for (int turn = 0; turn < 4 && !input.empty(); ++turn) {
    const std::size_t end = input.find('\n');
    Message user;
    user.role = MessageRole::kUser;
    user.content = std::string(input.substr(0, end));
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    history.push_back(user);
    carevoice::llm::ResponderRequest request;
    request.agent = &FuzzAgent();
    request.history = &history;
    request.state_json = state;
    auto reply = responder->Respond(request, [](std::string_view) {});
    if (!reply || reply->text.empty()) std::abort();
    state = reply->state_json;
    Message assistant;
    assistant.role = MessageRole::kAssistant;
    assistant.content = reply->text;
    history.push_back(std::move(assistant));
  }
  return 0;
}
