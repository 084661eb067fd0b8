#include "scale/redis.hpp"

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include "core/strings.hpp"

namespace carevoice::scale {
namespace {

std::int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

std::optional<int> ParseInt(std::string_view text, int min, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

// Percent-decodes a URL user-info part.
std::optional<std::string> Unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc{} || end != text.data() + i + 3) return std::nullopt;
    out += static_cast<char>(value);
    i += 2;
  }
  return out;
}

RedisReply Convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      out.type = r->type == REDIS_REPLY_STRING   ? RedisReply::Type::kString
                 : r->type == REDIS_REPLY_STATUS ? RedisReply::Type::kStatus
                                                 : RedisReply::Type::kError;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(Convert(r->element[i]));
      break;
    default:
      out.type = RedisReply::Type::kNil;
  }
  return out;
}

// Sends `argv` and reads its reply. Returns false on an I/O or protocol error (the context is
// then unusable).
bool RoundTrip(redisContext* c, const std::vector<std::string>& argv, RedisReply* reply) {
  std::vector<const char*> args;
  std::vector<std::size_t> lens;
  args.reserve(argv.size());
  lens.reserve(argv.size());
  for (const std::string& a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* r = static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(args.size()), args.data(), lens.data()));
  if (r == nullptr) return false;
  if (reply != nullptr) *reply = Convert(r);
  freeReplyObject(r);
  return true;
}

bool Append(redisContext* c, const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<std::size_t> lens;
  for (const std::string& a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  return redisAppendCommandArgv(c, static_cast<int>(args.size()), args.data(), lens.data()) ==
         REDIS_OK;
}

}  // namespace

core::Result<RedisUrl> ParseRedisUrl(std::string_view url) {
  const auto bad = [](const std::string& why) {
    return core::Error::BadRequest("REDIS_URL " + why +
                                   " (expected redis://[:password@]host[:port][/db])");
  };
  constexpr std::string_view kScheme = "redis://";
  if (!core::StartsWith(url, kScheme)) return bad("must start with redis://");
  std::string_view rest = url.substr(kScheme.size());
  RedisUrl out;
  if (const std::size_t slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    if (!db.empty()) {
      const auto n = ParseInt(db, 0, 1'000'000);
      if (!n) return bad("has a bad database number");
      out.db = *n;
    }
  }
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view user_info = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const std::size_t colon = user_info.find(':');
    auto user = Unescape(user_info.substr(0, colon));
    auto password = Unescape(colon == std::string_view::npos ? "" : user_info.substr(colon + 1));
    if (!user || !password) return bad("has a bad percent-escape");
    out.username = *user;
    out.password = *password;
  }
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return bad("has a bad IPv6 address");
    out.host = std::string(rest.substr(1, close - 1));
    rest = rest.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("has a bad port");
      const auto port = ParseInt(rest.substr(1), 1, 65535);
      if (!port) return bad("has a bad port");
      out.port = *port;
    }
  } else {
    const std::size_t colon = rest.find(':');
    if (colon != std::string_view::npos) {
      const auto port = ParseInt(rest.substr(colon + 1), 1, 65535);
      if (!port) return bad("has a bad port");
      out.port = *port;
      rest = rest.substr(0, colon);
    }
    if (!rest.empty()) out.host = std::string(rest);
  }
  if (out.host.empty()) return bad("has no host");
  return out;
}

Redis::Redis(Options options) : options_(std::move(options)) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.connections); ++i) {
    pool_.push_back(std::make_unique<Connection>());
  }
}

Redis::~Redis() {
  Stop();
  for (auto& c : pool_) {
    if (c->ctx != nullptr) redisFree(c->ctx);
  }
}

redisContext* Redis::Connect(bool select_db) {
  const RedisUrl& u = options_.url;
  redisContext* c = redisConnectWithTimeout(u.host.c_str(), u.port, ToTimeval(options_.timeout));
  if (c == nullptr || c->err != 0) {
    MarkDown(c == nullptr ? std::string("cannot allocate a context") : std::string(c->errstr));
    if (c != nullptr) redisFree(c);
    return nullptr;
  }
  redisSetTimeout(c, ToTimeval(options_.timeout));
  redisEnableKeepAlive(c);
  RedisReply reply;
  if (!u.password.empty()) {
    std::vector<std::string> auth{"AUTH"};
    if (!u.username.empty()) auth.push_back(u.username);
    auth.push_back(u.password);
    if (!RoundTrip(c, auth, &reply) || reply.type == RedisReply::Type::kError) {
      MarkDown("AUTH failed");
      redisFree(c);
      return nullptr;
    }
  }
  if (select_db && u.db != 0) {
    if (!RoundTrip(c, {"SELECT", std::to_string(u.db)}, &reply) ||
        reply.type == RedisReply::Type::kError) {
      MarkDown("SELECT failed");
      redisFree(c);
      return nullptr;
    }
  }
  return c;
}

void Redis::MarkDown(const std::string& why) {
  retry_at_ms_.store(SteadyMs() + options_.retry.count());
  if (!down_.exchange(true)) {
    spdlog::warn("redis: {}:{} unreachable ({}); local-only until it returns", options_.url.host,
                 options_.url.port, why);
  }
}

void Redis::MarkUp() {
  if (down_.exchange(false)) {
    spdlog::info("redis: {}:{} reachable again", options_.url.host, options_.url.port);
  }
}

core::Result<RedisReply> Redis::Command(const std::vector<std::string>& argv) {
  Connection& conn = *pool_[next_.fetch_add(1, std::memory_order_relaxed) % pool_.size()];
  std::lock_guard lock(conn.mu);
  // Two tries: a pooled connection may have died while idle (Redis restarted).
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool fresh = conn.ctx == nullptr;
    if (fresh) {
      if (down_.load() && SteadyMs() < retry_at_ms_.load()) break;
      conn.ctx = Connect(true);
      if (conn.ctx == nullptr) break;
    }
    RedisReply reply;
    if (RoundTrip(conn.ctx, argv, &reply)) {
      MarkUp();
      return reply;
    }
    const std::string why = conn.ctx->errstr;
    redisFree(conn.ctx);
    conn.ctx = nullptr;
    if (fresh) {
      MarkDown(why);
      break;
    }
  }
  return core::Error::Unavailable("Redis is unreachable");
}

void Redis::Send(std::vector<std::string> argv, bool durable) {
  {
    std::lock_guard lock(mu_);
    if (queue_.size() >= options_.max_queue && !durable) return;
    queue_.push_back({std::move(argv), durable});
  }
  cv_.notify_one();
}

void Redis::Subscribe(std::string pattern, Handler handler) {
  subscriptions_.emplace_back(std::move(pattern), std::move(handler));
}

void Redis::OnSubscribed(std::function<void()> fn) { on_subscribed_.push_back(std::move(fn)); }

void Redis::Start() {
  if (started_) return;
  started_ = true;
  writer_ = std::thread([this] { WriterLoop(); });
  subscriber_thread_ = std::thread([this] { SubscriberLoop(); });
}

void Redis::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    if (subscriber_ != nullptr) shutdown(subscriber_->fd, SHUT_RDWR);
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  if (subscriber_thread_.joinable()) subscriber_thread_.join();
}

void Redis::Pause() {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, options_.retry, [this] { return stopping_; });
}

void Redis::WriterLoop() {
  redisContext* ctx = nullptr;
  std::deque<Queued> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) break;
      batch.swap(queue_);
    }
    if (ctx == nullptr) ctx = Connect(true);
    bool ok = ctx != nullptr;
    if (ok) {
      for (const Queued& q : batch) ok = ok && Append(ctx, q.argv);
      for (std::size_t i = 0; ok && i < batch.size(); ++i) {
        void* raw = nullptr;
        if (redisGetReply(ctx, &raw) != REDIS_OK || raw == nullptr) {
          ok = false;
          break;
        }
        auto* r = static_cast<redisReply*>(raw);
        if (r->type == REDIS_REPLY_ERROR) {
          spdlog::warn("redis: {} failed: {}", batch[i].argv.front(), std::string(r->str, r->len));
        }
        freeReplyObject(r);
      }
    }
    if (ok) {
      MarkUp();
      batch.clear();
      continue;
    }
    if (ctx != nullptr) {
      MarkDown(ctx->errstr);
      redisFree(ctx);
      ctx = nullptr;
    }
    // Keep the durable commands (they are idempotent: resending is harmless), in order, ahead of
    // what was queued since.
    std::deque<Queued> keep;
    for (Queued& q : batch) {
      if (q.durable) keep.push_back(std::move(q));
    }
    batch.clear();
    {
      std::lock_guard lock(mu_);
      for (Queued& q : queue_) {
        if (q.durable) keep.push_back(std::move(q));
      }
      while (keep.size() > options_.max_durable) keep.pop_front();
      queue_.swap(keep);
    }
    Pause();
  }
  if (ctx != nullptr) redisFree(ctx);
}

void Redis::SubscriberLoop() {
  if (subscriptions_.empty()) return;
  while (true) {
    redisContext* ctx = Connect(false);
    if (ctx == nullptr) {
      Pause();
      std::lock_guard lock(mu_);
      if (stopping_) return;
      continue;
    }
    bool ok = true;
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        redisFree(ctx);
        return;
      }
      subscriber_ = ctx;
    }
    for (const auto& [pattern, handler] : subscriptions_) {
      ok = ok && Append(ctx, {"PSUBSCRIBE", pattern});
    }
    for (std::size_t i = 0; ok && i < subscriptions_.size(); ++i) {
      void* raw = nullptr;
      ok = redisGetReply(ctx, &raw) == REDIS_OK && raw != nullptr;
      if (raw != nullptr) freeReplyObject(raw);
    }
    if (ok) {
      redisSetTimeout(ctx, timeval{});  // Wait for messages without a deadline.
      MarkUp();
      for (const auto& fn : on_subscribed_) fn();
    }
    while (ok) {
      void* raw = nullptr;
      if (redisGetReply(ctx, &raw) != REDIS_OK || raw == nullptr) break;
      auto* r = static_cast<redisReply*>(raw);
      // ["pmessage", pattern, channel, message]; anything else is dropped.
      const bool valid =
          r->type == REDIS_REPLY_ARRAY && r->elements == 4 &&
          r->element[0]->type == REDIS_REPLY_STRING && r->element[1]->type == REDIS_REPLY_STRING &&
          r->element[2]->type == REDIS_REPLY_STRING && r->element[3]->type == REDIS_REPLY_STRING &&
          std::string_view(r->element[0]->str, r->element[0]->len) == "pmessage";
      if (valid) {
        const std::string_view pattern(r->element[1]->str, r->element[1]->len);
        const std::string_view channel(r->element[2]->str, r->element[2]->len);
        const std::string_view message(r->element[3]->str, r->element[3]->len);
        for (const auto& [p, handler] : subscriptions_) {
          if (p == pattern) handler(channel, message);
        }
      }
      freeReplyObject(r);
    }
    {
      std::lock_guard lock(mu_);
      subscriber_ = nullptr;
      if (stopping_) {
        redisFree(ctx);
        return;
      }
    }
    MarkDown(ctx->err != 0 ? ctx->errstr : "subscription lost");
    redisFree(ctx);
    Pause();
  }
}

}  // namespace carevoice::scale
