#pragma once

// Customer-service sentences with prices, order numbers and policy words: the TTS → STT round
// trip's test set (voice tests and bench/voice_benchmark).

#include <array>
#include <string_view>

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

}  // namespace carevoice::voice
