#include "engine/events.hpp"

#include <algorithm>

namespace carevoice::engine {

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kConversationStarted:
      return "conversation_started";
    case EventType::kMessage:
      return "message";
    case EventType::kTyping:
      return "typing";
    case EventType::kToken:
      return "token";
    case EventType::kEscalated:
      return "escalated";
    case EventType::kConversationUpdated:
      return "conversation_updated";
    case EventType::kConversationDeleted:
      return "conversation_deleted";
    case EventType::kSpeech:
      return "speech";
    case EventType::kReplyAudio:
      return "reply_audio";
  }
  return "unknown";
}

void EventFeed::Subscribe(EventSink* sink) {
  std::lock_guard lock(mu_);
  auto next = std::make_shared<std::vector<EventSink*>>(*sinks_);
  next->push_back(sink);
  sinks_ = std::move(next);
}

void EventFeed::Unsubscribe(EventSink* sink) {
  std::lock_guard lock(mu_);
  auto next = std::make_shared<std::vector<EventSink*>>(*sinks_);
  next->erase(std::remove(next->begin(), next->end(), sink), next->end());
  sinks_ = std::move(next);
}

void EventFeed::Publish(const Event& event) {
  std::shared_ptr<const std::vector<EventSink*>> sinks;
  {
    std::lock_guard lock(mu_);
    sinks = sinks_;
  }
  for (EventSink* sink : *sinks) sink->OnEvent(event);
}

}  // namespace carevoice::engine
