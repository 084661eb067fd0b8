#pragma once

// Per-conversation ordering across server processes. In one process the engine's KeyedMutex
// serialises a conversation's turns; with several processes on one database an adapter of this
// port (Redis: SET NX PX with a fencing token, released by a compare-and-delete script; the
// design of Rasa's lock store) is taken as well, after the local lock. Thread-safe.

#include <cstdint>
#include <string>

namespace carevoice::engine {

class ConversationLocks {
 public:
  enum class State {
    kAcquired,     // The caller holds the lock until Release (or until it expires).
    kBusy,         // Another process holds it: try again shortly.
    kUnavailable,  // The lock service cannot be reached: proceed on the local lock alone.
  };
  struct Attempt {
    State state = State::kUnavailable;
    std::uint64_t token = 0;  // The fencing token (kAcquired): increases with every grant.
    // kAcquired: another process held the lock last, so anything this process cached about the
    // conversation may be older than the database.
    bool foreign_writer = true;
  };

  virtual ~ConversationLocks() = default;
  // One non-waiting attempt. Blocking (a local network round trip): call on the worker pool.
  virtual Attempt TryAcquire(const std::string& conversation_id) = 0;
  // Releases the lock if `token` still holds it. Does not block.
  virtual void Release(const std::string& conversation_id, std::uint64_t token) = 0;
};

}  // namespace carevoice::engine
