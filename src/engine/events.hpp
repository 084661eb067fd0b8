#pragma once

// The one change feed. Every change to a conversation (created, a stored message, typing, a
// streamed token, escalation, status/title/analytics change, deletion) comes out of the engine as
// one Event. Subscribers: the conversation-list cache, Socket.IO rooms and the staff inbox
// (realtime/), and later other processes through Redis.
//
// Delivery contract:
// - Events of one conversation are published in the order they happened (the engine publishes
//   while it holds the conversation's lock), so a subscriber that handles them synchronously and
//   in call order preserves that order.
// - Publish runs the subscribers synchronously on the publishing thread (an I/O thread or a
//   worker thread). Subscribers must be cheap and must not block or call back into the engine.
// - A subscriber sees a change only after it has been committed to the Store.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "voice/tts.hpp"

namespace carevoice::engine {

enum class EventType {
  kConversationStarted,  // conversation, message = the welcome message
  kMessage,              // conversation, message: a stored user, assistant or human message
  kTyping,               // conversation, typing, text = who: "assistant" | "human" | "customer"
  kToken,                // conversation, text = a streamed piece of the assistant's reply
  kEscalated,            // conversation (status escalated), text = reason
  kConversationUpdated,  // conversation after a change of status, title, analytics or company
  kConversationDeleted,  // conversation = its last state
  // Reply audio, published after the reply's kMessage and outside the conversation's lock
  // (synthesis never holds up the conversation):
  kSpeech,      // conversation, message = the reply, audio = one sentence (WAV), sequence 0, 1...
  kReplyAudio,  // conversation, message = the reply, audio = the whole reply (MP3), or null when
                // synthesis failed
};

// Returns "conversation_started", "message", "typing", "token", "escalated",
// "conversation_updated", "conversation_deleted", "speech" or "reply_audio".
std::string_view EventTypeName(EventType type);

struct Event {
  EventType type = EventType::kConversationUpdated;
  // Always set. Its user_id is the owner; visitor_id is set for a visitor's conversation.
  std::shared_ptr<const core::Conversation> conversation;
  std::shared_ptr<const core::Message> message;  // kMessage, kConversationStarted.
  std::shared_ptr<const voice::Audio> audio;     // kMessage of a spoken reply, when synthesised.
  std::string text;                              // kToken delta, kEscalated reason, kTyping role.
  bool typing = false;                           // kTyping.
  // kMessage of an assistant reply whose audio follows (kSpeech..., then kReplyAudio).
  bool audio_pending = false;
  int sequence = 0;  // kSpeech.
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnEvent(const Event& event) = 0;
};

// Fans every published event out to its subscribers, in subscription order. Thread-safe.
class EventFeed final : public EventSink {
 public:
  // REQUIRES: `sink` outlives the feed or is unsubscribed first.
  void Subscribe(EventSink* sink);
  void Unsubscribe(EventSink* sink);
  void OnEvent(const Event& event) override { Publish(event); }
  void Publish(const Event& event);

 private:
  std::mutex mu_;  // Guards the pointer; the list it points to is never modified (copy on write).
  std::shared_ptr<const std::vector<EventSink*>> sinks_ =
      std::make_shared<const std::vector<EventSink*>>();
};

}  // namespace carevoice::engine
