#include "nlu/title.hpp"

#include <array>
#include <unordered_set>

#include "nlu/company.hpp"
#include "nlu/lexicon_tokens.hpp"

namespace carevoice::nlu {
namespace {

constexpr std::size_t kMaxWords = 6;
constexpr std::size_t kMinWords = 3;

// A topic: any of `words` (space-separated; "a_b" = the bigram "a b") selects `title`. `{P}`
// in the title is replaced by the product noun when known and dropped otherwise.
struct Topic {
  std::string_view words;
  std::string_view title;
  bool needs_negative = false;  // Only when the conversation is negative or urgent.
};

constexpr std::array<Topic, 30> kTopics = {{
    {"hacked compromised identity_theft", "Hacked Account Report"},
    {"unauthorized unauthorised fraud fraudulent stolen_card scam scammed",
     "Unauthorized Charge Report"},
    {"gas_leak smoke fire injured injury hurt sparks flooding unsafe", "Safety Incident Report"},
    {"outage is_down went_down no_internet no_service no_signal no_power", "Service Outage Report"},
    {"refund refunds refunded money_back reimbursement", "{P} Refund Request"},
    {"cancel cancelling canceling cancellation unsubscribe", "{P} Cancellation Request"},
    {"delete_my close_my", "Account Closure Request"},
    {"return returns returning exchange", "{P} Return Request"},
    {"password passcode pin", "Password Reset Help"},
    {"locked_out log_in login sign_in logged_out two_factor verification_code",
     "Account Access Issue"},
    {"charged_twice double_charged overcharged", "Double Charge Complaint"},
    {"invoice receipt statement", "Invoice Request"},
    {"declined payment_failed payment_didn't card_declined", "Payment Issue"},
    {"bill billing charge charges charged fee fees", "Billing Issue"},
    {"late delay delayed never_arrived hasn't_arrived never_came never_showed forever",
     "Late {P} Delivery Complaint", true},
    {"wrong_order order_wrong missing_items missing wrong_item", "Wrong {P} Complaint", true},
    {"broken damaged defective cracked faulty", "Damaged {P} Complaint", true},
    {"track tracking where_is where's shipped status", "{P} Tracking Inquiry"},
    {"address", "Address Change Request"},
    {"email_address username update_my change_my", "Account Update Request"},
    {"upgrade downgrade switch_to", "Plan Change Request"},
    {"plan plans pricing price prices cost discount", "Plan Pricing Question"},
    {"hours open close closing", "Store Hours Inquiry"},
    {"shipping delivery deliver ship", "Delivery Options Question"},
    {"order buy purchase preorder pre-order", "New {P} Order"},
    {"crash crashes crashing crashed bug glitch error not_working doesn't_work won't_load",
     "Technical Support Request"},
    {"human agent manager representative person", "Human Agent Request"},
    {"account", "Account Support Request"},
    {"rude terrible worst awful unacceptable disappointed", "Service Complaint", true},
    {"thanks thank great awesome love amazing", "Positive Customer Feedback"},
}};

// Product nouns, first mention wins.
constexpr std::array<std::string_view, 20> kProducts = {
    "pizza",  "food",   "package", "parcel", "subscription", "membership", "phone",
    "laptop", "flight", "ticket",  "card",   "internet",     "shoes",      "jacket",
    "tv",     "router", "ride",    "meal",   "item",         "order"};

std::string TitleWord(std::string_view w) {
  std::string out(w);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::vector<std::string> SplitSpaces(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ') {
      if (i > start) out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

}  // namespace

std::string MakeConversationTitle(const TitleInput& input) {
  // Unigrams and bigrams of the customer's words.
  std::unordered_set<std::string> grams;
  std::string product;
  bool any_word = false;
  for (const std::string_view text : input.user_texts) {
    const std::vector<ScanToken> tokens = ScanTokens(text);
    const ScanToken* prev = nullptr;
    for (const ScanToken& tok : tokens) {
      if (!IsWordLike(tok) || tok.kind == TokenKind::kHandle) {
        prev = nullptr;
        continue;
      }
      any_word = true;
      grams.insert(tok.lower);
      if (prev != nullptr) grams.insert(prev->lower + "_" + tok.lower);
      prev = &tok;
    }
    if (product.empty()) {
      for (const ScanToken& tok : tokens) {
        for (const std::string_view p : kProducts) {
          if (tok.lower == p || (tok.lower.size() == p.size() + 1 && tok.lower.starts_with(p) &&
                                 tok.lower.back() == 's')) {
            product = std::string(p);
            break;
          }
        }
        if (!product.empty()) break;
      }
    }
  }
  if (!any_word) return std::string(kFallbackTitle);
  const bool negative = input.sentiment == "negative" || input.sentiment == "urgent";

  std::string_view topic;
  for (const Topic& t : kTopics) {
    if (t.needs_negative && !negative) continue;
    for (const std::string& w : SplitSpaces(t.words)) {
      if (grams.contains(w)) {
        topic = t.title;
        break;
      }
    }
    if (!topic.empty()) break;
  }

  std::vector<std::string> words;
  if (!input.company.empty()) {
    for (const std::string& w : SplitSpaces(CompanyDetector::DisplayName(input.company))) {
      words.push_back(w);
    }
  }
  const std::size_t company_words = words.size();
  std::string company_lower;
  for (const std::string& w : words) {
    for (const char c : w) {
      company_lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
    }
    company_lower.push_back(' ');
  }
  if (topic.empty()) {
    if (words.empty()) return std::string(kFallbackTitle);
    for (const std::string_view w : {"Customer", "Support", "Conversation"}) {
      words.emplace_back(w);
    }
  } else {
    for (const std::string& w : SplitSpaces(topic)) {
      if (w == "{P}") {
        // A product adds detail unless it is generic next to a company or part of its name.
        if (product.empty() || company_lower.find(product) != std::string::npos) continue;
        if (company_words > 0 && (product == "item" || product == "order")) continue;
        words.push_back(TitleWord(product));
        continue;
      }
      words.push_back(w);
    }
  }
  // Too long: drop the product, then the company.
  if (words.size() > kMaxWords && company_words > 0) {
    words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(company_words));
  }
  while (words.size() > kMaxWords) words.pop_back();
  if (words.size() < kMinWords) words.insert(words.begin(), "Customer");
  if (words.size() < kMinWords) words.insert(words.begin(), "General");
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out.append(w);
  }
  return out;
}

}  // namespace carevoice::nlu
