#pragma once

// Conversation titles made from the content: 3-6 words, Title Case, no quotes, deterministic
// ("Netflix Refund Request", "Late Pizza Delivery Complaint", "Password Reset Help").

#include <string>
#include <string_view>
#include <vector>

namespace carevoice::nlu {

inline constexpr std::string_view kFallbackTitle = "Customer Service Conversation";

struct TitleInput {
  std::vector<std::string_view> user_texts;  // The customer's messages, oldest first.
  std::string company;    // Catalogue key or agent company name; empty = unknown.
  std::string sentiment;  // Conversation sentiment: positive|negative|neutral|urgent.
};

// Returns a 3-6 word Title Case title naming the main issue (and the product or company when
// known), or kFallbackTitle when there is no content.
std::string MakeConversationTitle(const TitleInput& input);

}  // namespace carevoice::nlu
