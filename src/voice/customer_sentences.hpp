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

// The set the recogniser's parameters are chosen on (voice_rtf --tuning), written after the two
// sets above and apart from them, so that neither is tuned on: customers and agents of several
// kinds of business, with prices, order numbers, dates and policy words.
inline constexpr std::array<std::string_view, 40> kTuningSentences{
    "Hi, I placed an order last week and it still says processing.",
    "Could you check whether my parcel has left the warehouse?",
    "The tracking number you sent me does not work.",
    "I ordered the blue jacket but received a green one.",
    "How much does express delivery cost?",
    "Your order KT-5582 will be delivered tomorrow before noon.",
    "I would like to speak to someone about my bill.",
    "The charge of $39.99 on my statement is wrong.",
    "We can offer you a twenty percent discount on your next order.",
    "My card was declined but the money left my account.",
    "Do you ship to Canada?",
    "The store closes at 8pm on weekdays.",
    "Can I exchange these shoes for a bigger size?",
    "Please send me a copy of my invoice.",
    "I forgot my password and cannot log in.",
    "Your appointment is booked for Tuesday at 10am.",
    "I need to cancel my booking for next Thursday.",
    "The delivery driver left the box in the rain.",
    "Is it possible to pay in monthly installments?",
    "We are sorry, that product has been discontinued.",
    "Your refund of $64 has been approved.",
    "I have been waiting on hold for forty minutes.",
    "Can you reset my account so I can sign in again?",
    "The screen on my new phone is cracked.",
    "Our returns policy gives you sixty days to send it back.",
    "I was promised a call back yesterday and nobody called.",
    "Please have your order number ready before you call.",
    "The gift card balance is $15.",
    "I would like to upgrade to the family plan.",
    "How do I change the name on my account?",
    "Your case number is 7306.",
    "We have added a credit to your account for the delay.",
    "The coffee machine leaks water from the bottom.",
    "Could I get a receipt sent to my email?",
    "Our technician will visit between noon and four.",
    "I think someone else used my card on your website.",
    "The sale ends on Sunday at midnight.",
    "Can you tell me which payment methods you accept?",
    "I just want my money back.",
    "Thanks for your help, that solves my problem.",
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
