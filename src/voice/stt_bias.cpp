#include "voice/stt_bias.hpp"

#include "core/strings.hpp"

namespace carevoice::voice {

SttBias AgentSttBias(const core::Agent& agent) {
  SttBias bias;
  std::string& t = bias.text;
  auto line = [&t](const std::string& s) {
    if (s.empty()) return;
    t += s;
    t += '\n';
  };
  line(agent.name);
  line(agent.company);
  line(agent.system_prompt);
  line(agent.company_info);
  for (const std::string& p : agent.prompts) line(p);
  for (const core::KnowledgeItem& k : agent.knowledge) {
    line(k.question);
    line(k.answer);
  }
  for (const core::CustomIntent& i : agent.intents) {
    for (const std::string& e : i.examples) line(e);
    line(i.reply);
  }
  if (t.empty()) return bias;
  bias.key = agent.id + ":" + core::Sha256Hex(t).substr(0, 16);
  return bias;
}

}  // namespace carevoice::voice
