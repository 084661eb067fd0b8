#pragma once

// A small Redis client on hiredis (synchronous API, one thread per role): a pool of command
// connections for blocking round trips (rate-limit counters, locks), one pipelined writer
// connection for fire-and-forget commands, sent in order (PUBLISH of Socket.IO broadcasts, lock
// releases, revocations): the calling thread writes them at once without blocking (the socket
// is non-blocking; whoever holds the connection writes what others queued meanwhile) and their
// replies are read later, without waiting for them; a writer thread only (re)connects and
// finishes what a full socket buffer left. And one subscriber
// thread that hands each message to a handler. The subscriber SUBSCRIBEs to fixed channels and to
// a set of dynamic channels that can change at run time (AddChannel / RemoveChannel: written on
// the subscriber's socket at once), so a process is woken only for channels it has a use for.
//
// Redis loss never stops the caller: Command answers kUnavailable at once (a new connection is
// tried at most every `retry`), the writer drops volatile commands and keeps durable ones
// (bounded) until Redis returns, and the subscriber reconnects and re-subscribes by itself.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/error.hpp"

struct redisContext;

namespace carevoice::scale {

// Milliseconds of the steady clock (deadlines and ages that a wall-clock step must not move).
std::int64_t SteadyMs();

// REDIS_URL: redis://[[user]:password@]host[:port][/db]
struct RedisUrl {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string username;
  std::string password;
  int db = 0;
};
core::Result<RedisUrl> ParseRedisUrl(std::string_view url);

// A Lua script, run with EVALSHA (its SHA-1 is computed once here) and with EVAL only when Redis
// answers NOSCRIPT (it restarted, or SCRIPT FLUSH): the body crosses the socket once per Redis
// start-up instead of with every call, and Redis does not hash it on every call either.
class RedisScript {
 public:
  explicit RedisScript(std::string body);
  const std::string& body() const { return body_; }
  const std::string& sha1() const { return sha1_; }

 private:
  std::string body_;
  std::string sha1_;  // Lower-case hex, as EVALSHA wants it.
};

struct RedisReply {
  enum class Type { kNil, kInteger, kString, kStatus, kError, kArray };
  Type type = Type::kNil;
  std::int64_t integer = 0;
  std::string str;  // kString, kStatus, kError
  std::vector<RedisReply> elements;
};

class Redis {
 public:
  struct Options {
    RedisUrl url;
    std::size_t connections = 4;             // Command connections.
    std::chrono::milliseconds timeout{500};  // Connect and command timeout.
    std::chrono::milliseconds retry{500};    // Between connection attempts when down.
    std::size_t max_durable = 10'000;        // Durable commands kept while Redis is away.
    std::size_t max_queue = 100'000;         // Queued commands (volatile beyond: dropped).
  };
  using Handler = std::function<void(std::string_view channel, std::string_view message)>;

  explicit Redis(Options options);
  ~Redis();
  Redis(const Redis&) = delete;
  Redis& operator=(const Redis&) = delete;

  // Runs one command on a pooled connection and returns its reply (a Redis error reply is an
  // ordinary reply of type kError). kUnavailable when Redis cannot be reached. Blocking.
  core::Result<RedisReply> Command(const std::vector<std::string>& argv);
  // Runs `script` on KEYS `keys` and ARGV `args`: EVALSHA, then EVAL if Redis does not know it.
  core::Result<RedisReply> Eval(const RedisScript& script, std::vector<std::string> keys,
                                std::vector<std::string> args);
  // Queues `argv` for the writer thread: sent in order, pipelined, replies ignored (errors
  // logged). Volatile commands are dropped while Redis is away; durable ones are kept (at most
  // max_durable) and sent when it returns. Never blocks.
  void Send(std::vector<std::string> argv, bool durable = false);
  // Several volatile commands at once, in order (one write for all of them).
  void SendAll(std::vector<std::vector<std::string>> commands);
  // Subscribes to one channel; `handler` runs on the subscriber thread, in publication order.
  // REQUIRES: before Start.
  void Subscribe(std::string channel, Handler handler);
  // `handler` receives the messages of the dynamic channels that start with `prefix` (added with
  // AddChannel). REQUIRES: before Start.
  void SubscribeDynamic(std::string prefix, Handler handler);
  // Adds (removes) a dynamic channel: SUBSCRIBE (UNSUBSCRIBE) now if connected, and again after
  // every reconnection. Never blocks on Redis for long (one write on a local socket). Calls are
  // applied in the order they are made; adding a channel twice is harmless.
  void AddChannel(const std::string& channel);
  void RemoveChannel(const std::string& channel);
  // Runs on the subscriber thread after each successful (re)subscription, e.g. to re-read state
  // missed while Redis was away. REQUIRES: before Start.
  void OnSubscribed(std::function<void()> fn);
  // Runs on the subscriber thread when Redis confirms the SUBSCRIBE of a dynamic channel (after
  // AddChannel, and again for every channel after each resubscription). REQUIRES: before Start.
  void OnChannelSubscribed(std::function<void(std::string_view channel)> fn);
  // Starts the writer and subscriber threads. Stop joins them (idempotent; the destructor stops).
  void Start();
  void Stop();

  // Whether the last command or connection attempt succeeded.
  bool Reachable() const { return !down_.load(); }
  // Odd while the subscription is confirmed, and a different odd number after each
  // resubscription: a state that holds only while this process hears its channels (a lock
  // lease, which another process asks for on a channel) is valid while this number is unchanged.
  std::uint64_t SubscriptionEpoch() const { return sub_epoch_.load(); }

 private:
  struct Connection {
    std::mutex mu;
    redisContext* ctx = nullptr;  // Guarded by mu.
  };
  struct Queued {
    std::vector<std::string> argv;
    bool durable = false;
  };
  struct Pending {                  // Sent (or being sent), reply not read yet.
    std::string name;               // The command, for the log.
    std::optional<Queued> durable;  // Kept until its reply is read.
  };

  redisContext* Connect(bool select_db);
  void MarkDown(const std::string& why);
  void MarkUp();
  void WriterLoop();
  // Writes what is queued on the writer connection if no other thread is at it, without
  // blocking; hands the rest to the writer thread.
  void Kick();
  // REQUIRES: wmu_, wctx_. Sends the queued commands and what is left of wbuf_ (waiting for the
  // socket when `blocking`), and reads the replies that have arrived. False: the connection
  // failed (then closed, and its unconfirmed durable commands queued again).
  bool FlushLocked(bool blocking);
  bool DrainLocked(bool blocking);
  void FailLocked(const char* why);
  void SubscriberLoop();
  // Writes a SUBSCRIBE or UNSUBSCRIBE of `channels` on the subscriber's socket. REQUIRES: sub_mu_.
  void WriteSubscription(const char* verb, const std::vector<std::string>& channels);
  void Dispatch(std::string_view channel, std::string_view message) const;
  // Sleeps `retry` unless stopping.
  void Pause();

  const Options options_;
  std::vector<std::unique_ptr<Connection>> pool_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> down_{false};
  std::atomic<std::uint64_t> sub_epoch_{0};   // Even: not subscribed.
  std::atomic<std::int64_t> retry_at_ms_{0};  // Steady clock; no connection attempt before.

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Queued> queue_;            // Guarded by mu_.
  bool kick_ = false;                   // Guarded by mu_: the writer thread has work.
  std::mutex wmu_;                      // The writer connection; try-locked by Send.
  redisContext* wctx_ = nullptr;        // Guarded by wmu_; its socket is non-blocking.
  std::string wbuf_;                    // Guarded by wmu_: formatted, not yet written.
  std::deque<Pending> inflight_;        // Guarded by wmu_, oldest first.
  bool stopping_ = false;               // Guarded by mu_.
  redisContext* subscriber_ = nullptr;  // Guarded by mu_ (Stop shuts its socket down).

  std::vector<std::pair<std::string, Handler>> subscriptions_;  // Fixed channels.
  std::vector<std::pair<std::string, Handler>> dynamic_;        // Prefixes of dynamic channels.
  std::mutex sub_mu_;                                           // Orders subscription writes.
  std::set<std::string> channels_;                              // Dynamic; guarded by sub_mu_.
  int sub_fd_ = -1;  // The subscriber's socket while connected; guarded by sub_mu_.
  std::vector<std::function<void()>> on_subscribed_;
  std::function<void(std::string_view)> on_channel_subscribed_;
  std::thread writer_;
  std::thread subscriber_thread_;
  bool started_ = false;
};

}  // namespace carevoice::scale
