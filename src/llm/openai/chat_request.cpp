#include "llm/openai/chat_request.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/strings.hpp"
#include "llm/local/text.hpp"

namespace carevoice::llm::openai {
namespace {

constexpr int kPerMessageTokens = 4;

std::string_view StyleGuidance(std::string_view style) {
  if (style == "formal") return "Use formal, courteous language without contractions or slang.";
  if (style == "casual") return "Use relaxed, casual, conversational language.";
  if (style == "friendly") return "Be warm, upbeat and friendly.";
  return "Be clear, concise and professional.";
}

// Returns the knowledge items to include, in their original order: all when they fit the budget,
// else the ones sharing the most terms with `question`, then others, until the budget is used.
std::vector<const core::KnowledgeItem*> SelectKnowledge(const core::Agent& agent,
                                                        std::string_view question, int budget) {
  std::vector<const core::KnowledgeItem*> all;
  int total = 0;
  for (const auto& item : agent.knowledge) {
    all.push_back(&item);
    total += ApproxTokens(item.question) + ApproxTokens(item.answer) + kPerMessageTokens;
  }
  if (total <= budget) return all;
  const std::vector<std::string> query = local::Terms(question);
  std::vector<std::pair<int, std::size_t>> ranked;  // (-overlap, index)
  for (std::size_t i = 0; i < all.size(); ++i) {
    int overlap = 0;
    for (const std::string& term : local::Terms(all[i]->question + " " + all[i]->answer)) {
      if (std::find(query.begin(), query.end(), term) != query.end()) ++overlap;
    }
    ranked.emplace_back(-overlap, i);
  }
  std::stable_sort(ranked.begin(), ranked.end());
  std::vector<std::size_t> chosen;
  int used = 0;
  for (const auto& [neg_overlap, i] : ranked) {
    const int cost =
        ApproxTokens(all[i]->question) + ApproxTokens(all[i]->answer) + kPerMessageTokens;
    if (used + cost > budget) continue;
    used += cost;
    chosen.push_back(i);
  }
  std::sort(chosen.begin(), chosen.end());
  std::vector<const core::KnowledgeItem*> out;
  out.reserve(chosen.size());
  for (std::size_t i : chosen) out.push_back(all[i]);
  return out;
}

}  // namespace

int ApproxTokens(std::string_view text) { return static_cast<int>((text.size() + 3) / 4); }

std::string BuildSystemPrompt(const core::Agent& agent, const local::DialogueState& state,
                              std::string_view question, int knowledge_token_budget) {
  const std::string name = agent.name.empty() ? "a virtual assistant" : agent.name;
  const std::string company = agent.company.empty() ? "the company" : agent.company;
  std::string p = "You are " + name + ", a customer service representative for " + company + ".\n";
  if (!agent.personality.empty()) p += "Personality: " + agent.personality + "\n";
  const std::string style = core::ToLowerAscii(core::TrimAscii(agent.response_style));
  p += "Response style: " + (style.empty() ? std::string("professional") : style) + ". " +
       std::string(StyleGuidance(style)) + "\n";
  if (!core::TrimAscii(agent.system_prompt).empty()) {
    p += "\n" + std::string(core::TrimAscii(agent.system_prompt)) + "\n";
  }
  if (!core::TrimAscii(agent.company_info).empty()) {
    std::string info(core::TrimAscii(agent.company_info));
    const std::size_t max_chars = static_cast<std::size_t>(std::max(knowledge_token_budget, 0)) * 4;
    if (info.size() > max_chars) info.resize(max_chars);
    p += "\nCompany information:\n" + info + "\n";
  }
  if (!agent.prompts.empty()) {
    p += "\nGuidelines and facts:\n";
    for (const std::string& line : agent.prompts) {
      if (!core::TrimAscii(line).empty()) p += "- " + std::string(core::TrimAscii(line)) + "\n";
    }
  }
  const auto items = SelectKnowledge(agent, question, knowledge_token_budget);
  if (!items.empty()) {
    p += "\nKnowledge base:\n";
    for (const core::KnowledgeItem* item : items) {
      p += "Q: " + item->question + "\nA: " + item->answer + "\n";
    }
  }
  p += "\nRules:\n"
       "- For facts about " +
       company +
       " (products, prices, delivery times, hours, policies, orders), use only the information "
       "above. If it does not contain the answer, say you do not have that information and offer "
       "to connect the customer with a member of the team. Never invent prices, times, policies, "
       "order details or links.\n"
       "- For refunds, returns, cancellations, order tracking or order changes, ask for the order "
       "number if it is not known yet.\n"
       "- If the customer is upset, apologise and offer to connect them with a person.\n"
       "- Speak as " +
       name + " of " + company +
       ". Keep replies short (two to four sentences), in plain text without markdown, so they "
       "can be read aloud.\n";
  std::string known;
  auto add_known = [&](std::string_view label, const std::string& value) {
    if (value.empty()) return;
    if (!known.empty()) known += "; ";
    known += std::string(label) + " " + value;
  };
  add_known("name", state.name);
  add_known("order number", state.order_number);
  add_known("email", state.email);
  add_known("phone", state.phone);
  if (!known.empty()) p += "\nKnown customer details: " + known + ".\n";
  return p;
}

std::vector<ChatMessage> FitHistory(const std::vector<core::Message>& history, int token_budget) {
  std::vector<ChatMessage> reversed;
  int used = 0;
  bool kept_last_user = false;
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (it->role == core::MessageRole::kSystem || it->content.empty()) continue;
    const std::string role = it->role == core::MessageRole::kUser ? "user" : "assistant";
    const int cost = ApproxTokens(it->content) + kPerMessageTokens;
    if (!kept_last_user && role == "user") {
      kept_last_user = true;  // Always kept.
    } else if (used + cost > token_budget) {
      break;
    }
    used += cost;
    reversed.push_back({role, it->content});
  }
  return {reversed.rbegin(), reversed.rend()};
}

std::string BuildRequestBody(std::string_view model, std::string_view system_prompt,
                             const std::vector<ChatMessage>& history, int max_tokens,
                             double temperature) {
  boost::json::array messages;
  messages.push_back(boost::json::object{{"role", "system"}, {"content", system_prompt}});
  for (const ChatMessage& m : history) {
    messages.push_back(boost::json::object{{"role", m.role}, {"content", m.content}});
  }
  boost::json::object body;
  body["model"] = model;
  body["messages"] = std::move(messages);
  body["stream"] = true;
  if (max_tokens > 0) body["max_tokens"] = max_tokens;
  body["temperature"] = std::clamp(temperature, 0.0, 2.0);
  return boost::json::serialize(body);
}

StreamEvent ParseStreamEvent(std::string_view data) {
  StreamEvent event;
  const std::string_view trimmed = core::TrimAscii(data);
  if (trimmed == "[DONE]") {
    event.done = true;
    return event;
  }
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(trimmed, ec);
  if (ec || !v.is_object()) {
    event.error = "malformed stream chunk";
    return event;
  }
  const auto& o = v.get_object();
  if (const auto* err = o.if_contains("error")) {
    event.error = ParseErrorMessage(boost::json::serialize(v));
    if (event.error->empty())
      event.error = err->is_string() ? std::string(err->get_string()) : "error";
    return event;
  }
  const auto* choices = o.if_contains("choices");
  if (choices == nullptr || !choices->is_array() || choices->get_array().empty()) return event;
  const auto& choice = choices->get_array().front();
  if (!choice.is_object()) return event;
  if (const auto* delta = choice.get_object().if_contains("delta"); delta && delta->is_object()) {
    if (const auto* content = delta->get_object().if_contains("content");
        content && content->is_string()) {
      event.content = std::string(content->get_string());
    }
  }
  if (const auto* finish = choice.get_object().if_contains("finish_reason");
      finish && finish->is_string() && !finish->get_string().empty()) {
    event.done = true;
  }
  return event;
}

std::optional<std::string> ParseCompletionBody(std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto* choices = v.get_object().if_contains("choices");
  if (choices == nullptr || !choices->is_array() || choices->get_array().empty())
    return std::nullopt;
  const auto& choice = choices->get_array().front();
  if (!choice.is_object()) return std::nullopt;
  const auto* message = choice.get_object().if_contains("message");
  if (message == nullptr || !message->is_object()) return std::nullopt;
  const auto* content = message->get_object().if_contains("content");
  if (content == nullptr || !content->is_string()) return std::nullopt;
  return std::string(content->get_string());
}

std::string ParseErrorMessage(std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const auto* err = v.get_object().if_contains("error");
  if (err == nullptr) return "";
  if (err->is_string()) return std::string(err->get_string());
  if (!err->is_object()) return "";
  const auto* message = err->get_object().if_contains("message");
  return message && message->is_string() ? std::string(message->get_string()) : "";
}

}  // namespace carevoice::llm::openai
