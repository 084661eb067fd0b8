#include "scale/redis.hpp"

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <openssl/evp.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <optional>

#include "core/strings.hpp"

namespace carevoice::scale {

std::int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

namespace {

// Replies outstanding on the writer connection beyond which the writer thread waits for them.
constexpr std::size_t kMaxInflight = 10'000;
// Replies are read once this many are outstanding (or by the writer thread): one recv for many.
constexpr std::size_t kDrainBatch = 64;

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

// Appends `verb` (if any) and `argv` to `out` as one command in Redis's protocol (RESP).
void AppendCommand(std::string* out, const std::vector<std::string>& argv,
                   std::string_view verb = {}) {
  const auto bulk = [out](std::string_view a) {
    *out += '$';
    *out += std::to_string(a.size());
    *out += "\r\n";
    *out += a;
    *out += "\r\n";
  };
  *out += '*';
  *out += std::to_string(argv.size() + (verb.empty() ? 0 : 1));
  *out += "\r\n";
  if (!verb.empty()) bulk(verb);
  for (const std::string& a : argv) bulk(a);
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

RedisScript::RedisScript(std::string body) : body_(std::move(body)) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(body_.data(), body_.size(), md, &len, EVP_sha1(), nullptr) == 1) {
    sha1_ = core::HexEncode(std::string_view(reinterpret_cast<const char*>(md), len));
  }
}

core::Result<RedisReply> Redis::Eval(const RedisScript& script, std::vector<std::string> keys,
                                     std::vector<std::string> args) {
  std::vector<std::string> argv;
  argv.reserve(3 + keys.size() + args.size());
  argv.emplace_back("EVALSHA");
  argv.push_back(script.sha1());
  argv.push_back(std::to_string(keys.size()));
  for (std::string& k : keys) argv.push_back(std::move(k));
  for (std::string& a : args) argv.push_back(std::move(a));
  auto reply = Command(argv);
  if (reply && reply->type == RedisReply::Type::kError && reply->str.starts_with("NOSCRIPT")) {
    argv[0] = "EVAL";  // Redis forgot it (restarted): the body once, which it caches again.
    argv[1] = script.body();
    reply = Command(argv);
  }
  return reply;
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
  Kick();
}

void Redis::SendAll(std::vector<std::vector<std::string>> commands) {
  {
    std::lock_guard lock(mu_);
    for (auto& argv : commands) {
      if (queue_.size() >= options_.max_queue) break;
      queue_.push_back({std::move(argv), false});
    }
  }
  Kick();
}

void Redis::Kick() {
  for (;;) {
    std::unique_lock w(wmu_, std::try_to_lock);
    if (!w.owns_lock()) return;  // The holder looks at the queue again after unlocking.
    const bool to_writer = wctx_ == nullptr || !FlushLocked(false) || !wbuf_.empty();
    w.unlock();
    {
      std::lock_guard lock(mu_);
      if (to_writer) {
        kick_ = true;
      } else if (queue_.empty()) {
        return;
      } else {
        continue;  // Queued by another thread while this one wrote.
      }
    }
    cv_.notify_one();
    return;
  }
}

void Redis::Subscribe(std::string channel, Handler handler) {
  subscriptions_.emplace_back(std::move(channel), std::move(handler));
}

void Redis::SubscribeDynamic(std::string prefix, Handler handler) {
  dynamic_.emplace_back(std::move(prefix), std::move(handler));
}

void Redis::AddChannel(const std::string& channel) {
  std::lock_guard lock(sub_mu_);
  channels_.insert(channel);
  WriteSubscription("SUBSCRIBE", {channel});
}

void Redis::RemoveChannel(const std::string& channel) {
  std::lock_guard lock(sub_mu_);
  if (channels_.erase(channel) == 0) return;
  WriteSubscription("UNSUBSCRIBE", {channel});
}

void Redis::WriteSubscription(const char* verb, const std::vector<std::string>& channels) {
  if (sub_fd_ < 0 || channels.empty()) return;  // Subscribed to on (re)connection.
  std::string cmd;
  AppendCommand(&cmd, channels, verb);
  const auto n = static_cast<long long>(cmd.size());
  // The subscriber thread only reads this socket; writers are ordered by sub_mu_.
  for (long long sent = 0; sent < n;) {
    const ssize_t w =
        send(sub_fd_, cmd.data() + sent, static_cast<std::size_t>(n - sent), MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {  // The reader sees the connection end, reconnects and re-subscribes.
      shutdown(sub_fd_, SHUT_RDWR);
      break;
    }
    sent += w;
  }
}

void Redis::Dispatch(std::string_view channel, std::string_view message) const {
  for (const auto& [c, handler] : subscriptions_) {
    if (c == channel) {
      handler(channel, message);
      return;
    }
  }
  for (const auto& [prefix, handler] : dynamic_) {
    if (core::StartsWith(channel, prefix)) {
      handler(channel, message);
      return;
    }
  }
}

void Redis::OnSubscribed(std::function<void()> fn) { on_subscribed_.push_back(std::move(fn)); }

void Redis::OnChannelSubscribed(std::function<void(std::string_view channel)> fn) {
  on_channel_subscribed_ = std::move(fn);
}

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

bool Redis::DrainLocked(bool blocking) {
  while (!inflight_.empty()) {
    void* raw = nullptr;
    if (redisReaderGetReply(wctx_->reader, &raw) != REDIS_OK) return false;
    if (raw == nullptr) {
      char buf[16 * 1024];
      const ssize_t n = recv(wctx_->fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!blocking) return true;
        pollfd pfd{wctx_->fd, POLLIN, 0};
        if (poll(&pfd, 1, static_cast<int>(options_.timeout.count())) > 0) continue;
        return false;  // No reply within the timeout.
      }
      if (n <= 0) return false;
      if (redisReaderFeed(wctx_->reader, buf, static_cast<std::size_t>(n)) != REDIS_OK) {
        return false;
      }
      continue;
    }
    auto* r = static_cast<redisReply*>(raw);
    if (r->type == REDIS_REPLY_ERROR) {
      spdlog::warn("redis: {} failed: {}", inflight_.front().name, std::string(r->str, r->len));
    }
    freeReplyObject(r);
    inflight_.pop_front();
  }
  return true;
}

void Redis::FailLocked(const char* why) {
  MarkDown(wctx_->err != 0 ? wctx_->errstr : why);
  redisFree(wctx_);
  wctx_ = nullptr;
  wbuf_.clear();
  // Keep the durable commands not confirmed (they are idempotent: resending is harmless), in
  // order, ahead of what was queued since; volatile ones are dropped.
  std::deque<Queued> keep;
  for (Pending& p : inflight_) {
    if (p.durable) keep.push_back(std::move(*p.durable));
  }
  inflight_.clear();
  std::lock_guard lock(mu_);
  for (Queued& q : queue_) {
    if (q.durable) keep.push_back(std::move(q));
  }
  while (keep.size() > options_.max_durable) keep.pop_front();
  queue_.swap(keep);
}

bool Redis::FlushLocked(bool blocking) {
  std::deque<Queued> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(queue_);
  }
  for (Queued& q : batch) {
    AppendCommand(&wbuf_, q.argv);
    Pending p{q.argv.front(), std::nullopt};
    if (q.durable) p.durable = std::move(q);
    inflight_.push_back(std::move(p));
  }
  // Replies that stopped coming (a hung server) end the connection like an error.
  if (inflight_.size() > options_.max_queue) {
    FailLocked("too many replies outstanding");
    return false;
  }
  if ((blocking || inflight_.size() >= kDrainBatch) &&
      !DrainLocked(blocking && inflight_.size() > kMaxInflight)) {
    FailLocked("connection lost");
    return false;
  }
  std::size_t sent = 0;
  while (sent < wbuf_.size()) {
    const ssize_t n =
        send(wctx_->fd, wbuf_.data() + sent, wbuf_.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!blocking) break;  // The writer thread finishes.
      pollfd pfd{wctx_->fd, POLLOUT, 0};
      if (poll(&pfd, 1, static_cast<int>(options_.timeout.count())) > 0) continue;
    }
    FailLocked("write failed");
    return false;
  }
  wbuf_.erase(0, sent);
  if (!batch.empty()) MarkUp();
  return true;
}

void Redis::WriterLoop() {
  for (;;) {
    bool work = false;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || kick_; });
      if (stopping_) break;
      kick_ = false;
      work = !queue_.empty();
    }
    bool ok = true;
    {
      std::lock_guard w(wmu_);
      if (wctx_ == nullptr && work) {
        wctx_ = Connect(true);
        if (wctx_ != nullptr) {
          fcntl(wctx_->fd, F_SETFL, fcntl(wctx_->fd, F_GETFL) | O_NONBLOCK);
        } else {
          ok = false;
          std::lock_guard lock(mu_);  // Volatile commands are dropped while Redis is away.
          std::erase_if(queue_, [](const Queued& q) { return !q.durable; });
        }
      }
      if (wctx_ != nullptr) ok = FlushLocked(true);
    }
    if (!ok) Pause();
    std::lock_guard lock(mu_);
    if (!queue_.empty()) kick_ = true;  // Queued while this thread held the connection.
  }
  std::lock_guard w(wmu_);
  if (wctx_ != nullptr) redisFree(wctx_);
  wctx_ = nullptr;
}

void Redis::SubscriberLoop() {
  if (subscriptions_.empty() && dynamic_.empty()) return;
  std::vector<std::string> fixed;
  for (const auto& [channel, handler] : subscriptions_) fixed.push_back(channel);
  while (true) {
    redisContext* ctx = Connect(false);
    if (ctx == nullptr) {
      Pause();
      std::lock_guard lock(mu_);
      if (stopping_) return;
      continue;
    }
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        redisFree(ctx);
        return;
      }
      subscriber_ = ctx;
    }
    redisSetTimeout(ctx, timeval{});  // Wait for messages without a deadline.
    {
      // From here on AddChannel / RemoveChannel write on this socket too, after this.
      std::lock_guard lock(sub_mu_);
      sub_fd_ = ctx->fd;
      std::vector<std::string> all = fixed;
      all.insert(all.end(), channels_.begin(), channels_.end());
      WriteSubscription("SUBSCRIBE", all);
    }
    // The fixed channels' confirmations come first (written first, answered in order): then
    // whatever was missed while unsubscribed is re-read.
    std::size_t confirmed = 0;
    bool resynced = false;
    const auto confirm = [&] {
      if (resynced || confirmed < fixed.size()) return;
      resynced = true;
      sub_epoch_.fetch_add(1);  // Odd: subscribed.
      MarkUp();
      for (const auto& fn : on_subscribed_) fn();
    };
    confirm();
    for (;;) {
      void* raw = nullptr;
      if (redisGetReply(ctx, &raw) != REDIS_OK || raw == nullptr) break;
      auto* r = static_cast<redisReply*>(raw);
      // ["message", channel, message] or ["subscribe" | "unsubscribe", channel, count].
      if (r->type == REDIS_REPLY_ARRAY && r->elements == 3 &&
          r->element[0]->type == REDIS_REPLY_STRING && r->element[1]->type == REDIS_REPLY_STRING) {
        const std::string_view kind(r->element[0]->str, r->element[0]->len);
        const std::string_view channel(r->element[1]->str, r->element[1]->len);
        if (kind == "message" && r->element[2]->type == REDIS_REPLY_STRING) {
          Dispatch(channel, std::string_view(r->element[2]->str, r->element[2]->len));
        } else if (kind == "subscribe" && !resynced) {
          ++confirmed;
          confirm();
        } else if (kind == "subscribe" && on_channel_subscribed_) {
          on_channel_subscribed_(channel);  // A dynamic channel (the fixed ones come first).
        }
      }
      freeReplyObject(r);
    }
    if (resynced) sub_epoch_.fetch_add(1);  // Even: no longer hears its channels.
    {
      std::lock_guard lock(sub_mu_);
      sub_fd_ = -1;
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
