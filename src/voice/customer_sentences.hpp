#pragma once

// Customer-service sentences with prices, order numbers and policy words: the TTS → STT round
// trip's test set (voice tests and bench/voice_rtf).

#include <array>
#include <string_view>

#include "core/domain.hpp"

namespace carevoice::voice {

inline constexpr std::array<std::string_view, 32> kCustomerSentences{
    "Thank you for calling, how can I help you today?",
    "I would like a refund for my last order.",
    "Your order HB-20417 has shipped and should arrive on Friday.",
    "The monthly plan costs $25 and you can cancel at any time.",
    "I was charged twice for the same purchase.",
    "Can I speak to a manager please?",
    "Our store is open from 9am to 5pm Monday through Saturday.",
    "Please confirm the email address on your account.",
    "The refund will appear on your card within five business days.",
    "I need to change my delivery address.",
    "Your subscription will renew on the first of next month.",
    "We offer free shipping on orders over $50.",
    "Could you tell me the status of my order?",
    "The package was damaged when it arrived.",
    "I am sorry for the inconvenience.",
    "You can return any item within thirty days of purchase.",
    "My password reset link does not work.",
    "Let me transfer you to our billing department.",
    "The premium plan includes priority support.",
    "I would like to cancel my subscription.",
    "Is there a discount for annual billing?",
    "Your ticket number is 4521.",
    "We will send a replacement at no extra cost.",
    "The item is out of stock right now.",
    "Please hold while I check your account.",
    "I have not received my order yet.",
    "Your balance is $120.",
    "Can you help me update my payment method?",
    "Our support team is available around the clock.",
    "Is there anything else I can help you with?",
    "The warranty covers repairs for one year.",
    "Thank you for your patience, have a great day.",
};

// What customers of TestStoreAgent() might say, written before any tuning and never used for
// it: the held-out set the recogniser's weights are checked on (voice_rtf).
inline constexpr std::array<std::string_view, 16> kStoreAgentRequests{
    "How long does standard delivery take?",
    "Can I pay with PayPal?",
    "My kettle arrived damaged, can I get a replacement?",
    "I want to change my payment method.",
    "Where can I find the tracking link?",
    "Does the warranty cover repairs on my blender?",
    "Is shipping free if I spend fifty dollars?",
    "I need to talk to the billing team about a charge.",
    "What is my order number?",
    "When will my refund go back to my card?",
    "Do you deliver across the country?",
    "Can I cancel my order before it ships?",
    "My email address has changed.",
    "Is your support team open on Sunday?",
    "The toaster I bought stopped working after a week.",
    "I would like to return a kitchen knife set.",
};

// A store's agent as a customer would configure it (policy and product words, nothing copied
// from the sentences above): the round trip's biased recogniser (cv_voice_test, voice_rtf).
inline core::Agent TestStoreAgent() {
  core::Agent agent;
  agent.id = "64b000000000000000000002";
  agent.name = "Ava";
  agent.company = "Northwind Goods";
  agent.company_info =
      "Northwind Goods is an online store for home and kitchen products. We deliver across the "
      "country; standard delivery takes three to five business days. Customers can pay by card "
      "or PayPal and change their payment method in their account settings.";
  agent.prompts = {"Always confirm the customer's order number and email before changing an order.",
                   "Offer a refund or a replacement when an item arrives damaged.",
                   "Transfer billing disputes to the billing team."};
  agent.knowledge = {
      {"How do I get a refund?", "Refunds go back to the original card in five to seven days."},
      {"Can I cancel my subscription?", "Yes, you can cancel your subscription in your account."},
      {"Where is my order?", "You can track your order with the tracking link in your email."},
      {"Do you have a warranty?", "Every appliance has a one year warranty covering repairs."},
      {"How much is shipping?", "Shipping is free over fifty dollars, otherwise five dollars."},
      {"What are your support hours?", "Our support team answers every day of the week."}};
  return agent;
}

}  // namespace carevoice::voice
