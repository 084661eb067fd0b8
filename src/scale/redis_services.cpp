#include "scale/redis_services.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

namespace carevoice::scale {

namespace {

// KEYS[1]: the window; ARGV: op, now, window ms, max, unique member. Returns retry-after seconds.
constexpr const char* kCounterScript = R"lua(
local key = KEYS[1]
local op = ARGV[1]
if op == 'clear' then redis.call('DEL', key) return 0 end
local now = tonumber(ARGV[2])
local win = tonumber(ARGV[3])
local max = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - win)
local function retry()
  if redis.call('ZCARD', key) < max then return 0 end
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  local s = math.ceil((tonumber(oldest[2]) + win - now) / 1000)
  if s < 1 then s = 1 end
  return s
end
if op == 'retry' then return retry() end
if op == 'acquire' then
  local r = retry()
  if r > 0 then return r end
end
redis.call('ZADD', key, now, ARGV[5])
redis.call('ZREMRANGEBYRANK', key, 0, -(max + 1))
redis.call('PEXPIRE', key, win)
return 0
)lua";

// KEYS: lock, last writer, fence. ARGV: origin, ttl ms, the lock value this process may still
// hold ("<origin>:<token>", or ''). Returns {-1, ''} when that value still held it (renewed:
// nobody else wrote in between), {token, last writer} for a new grant, {0, holder} when busy.
// Tokens grow with every grant and never fall below Redis's clock in microseconds, so that they
// keep growing across a Redis restart that lost the counter: the store refuses a write whose
// token is lower than one already written (store::ConversationPatch::fence).
const RedisScript& AcquireScript() {
  static const RedisScript script(R"lua(
local cur = redis.call('GET', KEYS[1])
if cur then
  if ARGV[3] ~= '' and cur == ARGV[3] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {-1, ''}
  end
  return {0, cur}
end
local t = redis.call('INCR', KEYS[3])
local now = redis.call('TIME')
local floor = tonumber(now[1]) * 1000000 + tonumber(now[2])
if t < floor then
  t = string.format('%d', floor)
  redis.call('SET', KEYS[3], t)
  t = tonumber(t)
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. string.format('%d', t), 'PX', ARGV[2])
local last = redis.call('GET', KEYS[2])
redis.call('SET', KEYS[2], ARGV[1], 'PX', 86400000)
if not last then last = '' end
return {t, last}
)lua");
  return script;
}

// KEYS: lock. ARGV: "<origin>:<token>". Deletes the lock only if this holder still has it.
constexpr const char* kReleaseScript = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

// "<origin>:<token> <conversation id>": the process that holds that lease is asked to give it up.
constexpr const char* kYieldChannel = "carevoice#lock-yield";
// A process asks a holder again after this long if it still waits (a request can be lost while
// the holder's subscription reconnects).
constexpr std::int64_t kAskAgainMs = 100;

constexpr const char* kRevocationChannel = "carevoice#revocations";
constexpr const char* kRevokedSet = "cv:revoked";

std::string RevokedMember(const RevocationMessage& m) {
  return m.session ? "s|" + m.id : "u|" + m.id + "|" + std::to_string(m.issued_at);
}

}  // namespace

RedisCounters::RedisCounters(Redis& redis, std::string origin)
    : redis_(redis), origin_(std::move(origin)) {}

std::optional<std::int64_t> RedisCounters::Apply(Op op, std::string_view key, core::TimeMs now,
                                                 core::TimeMs window_ms, std::size_t max) {
  const char* name = op == Op::kRetryAfter ? "retry"
                     : op == Op::kRecord   ? "record"
                     : op == Op::kAcquire  ? "acquire"
                                           : "clear";
  std::string member = std::to_string(now) + "-" + origin_ + "-" +
                       std::to_string(sequence_.fetch_add(1, std::memory_order_relaxed));
  static const RedisScript script(kCounterScript);
  auto reply = redis_.Eval(script, {"cv:rl:" + std::string(key)},
                           {name, std::to_string(now), std::to_string(window_ms),
                            std::to_string(max), std::move(member)});
  if (!reply) return std::nullopt;
  if (reply->type != RedisReply::Type::kInteger) {
    spdlog::warn("redis: rate-limit script answered {}", reply->str);
    return std::nullopt;
  }
  return reply->integer;
}

RedisSessionRevocations::RedisSessionRevocations(Redis& redis,
                                                 std::unique_ptr<auth::SessionRevocations> inner,
                                                 std::string origin, const core::Clock& clock)
    : redis_(redis), inner_(std::move(inner)), origin_(std::move(origin)), clock_(clock) {
  redis_.Subscribe(kRevocationChannel, [this](std::string_view, std::string_view message) {
    auto m = DecodeRevocation(message);
    if (!m) {
      spdlog::warn("redis: dropped a malformed revocation ({} bytes)", message.size());
      return;
    }
    if (m->origin != origin_) Apply(*m);
  });
  redis_.OnSubscribed([this] { Resync(); });
}

bool RedisSessionRevocations::IsRevoked(std::string_view user_id, std::string_view session_id,
                                        std::int64_t issued_at) const {
  return inner_->IsRevoked(user_id, session_id, issued_at);
}

void RedisSessionRevocations::Apply(const RevocationMessage& m) {
  if (m.session) {
    inner_->RevokeSession(m.id, m.until);
  } else {
    inner_->RevokeUnboundTokens(m.id, m.issued_at, m.until);
  }
}

void RedisSessionRevocations::Share(const RevocationMessage& m) {
  if (!publish_) return;
  // Durable: kept and sent when Redis returns, if it is away now.
  redis_.Send({"ZADD", kRevokedSet, std::to_string(m.until), RevokedMember(m)}, true);
  redis_.Send({"PUBLISH", kRevocationChannel, EncodeRevocation(m)}, true);
}

void RedisSessionRevocations::RevokeSession(std::string_view session_id, core::TimeMs until) {
  inner_->RevokeSession(session_id, until);
  RevocationMessage m;
  m.origin = origin_;
  m.id = std::string(session_id);
  m.until = until;
  Share(m);
}

void RedisSessionRevocations::RevokeUnboundTokens(std::string_view user_id,
                                                  std::int64_t issued_at_or_before,
                                                  core::TimeMs until) {
  inner_->RevokeUnboundTokens(user_id, issued_at_or_before, until);
  RevocationMessage m;
  m.origin = origin_;
  m.session = false;
  m.id = std::string(user_id);
  m.issued_at = issued_at_or_before;
  m.until = until;
  Share(m);
}

void RedisSessionRevocations::Prune(core::TimeMs now) {
  inner_->Prune(now);
  if (publish_) redis_.Send({"ZREMRANGEBYSCORE", kRevokedSet, "-inf", std::to_string(now)});
}

std::size_t RedisSessionRevocations::Size() const { return inner_->Size(); }

void RedisSessionRevocations::Resync() {
  auto reply = redis_.Command(
      {"ZRANGEBYSCORE", kRevokedSet, "(" + std::to_string(clock_.NowMs()), "+inf", "WITHSCORES"});
  if (!reply || reply->type != RedisReply::Type::kArray) return;
  const auto& e = reply->elements;
  for (std::size_t i = 0; i + 1 < e.size(); i += 2) {
    const std::string& member = e[i].str;
    RevocationMessage m;
    try {
      m.until = static_cast<core::TimeMs>(std::stod(e[i + 1].str));
    } catch (const std::exception&) {
      continue;
    }
    if (member.rfind("s|", 0) == 0 && member.size() > 2) {
      m.id = member.substr(2);
    } else if (member.rfind("u|", 0) == 0) {
      const std::size_t bar = member.rfind('|');
      if (bar <= 2) continue;
      m.session = false;
      m.id = member.substr(2, bar - 2);
      try {
        m.issued_at = std::stoll(member.substr(bar + 1));
      } catch (const std::exception&) {
        continue;
      }
    } else {
      continue;
    }
    Apply(m);
  }
}

RedisConversationLocks::RedisConversationLocks(Redis& redis, std::string origin,
                                               std::chrono::milliseconds ttl)
    : redis_(redis),
      origin_(std::move(origin)),
      ttl_(ttl),
      reuse_ms_(std::max<std::int64_t>(1, ttl.count() / 4)),
      keep_ms_(std::max<std::int64_t>(1, ttl.count() / 2)) {
  redis_.Subscribe(kYieldChannel,
                   [this](std::string_view, std::string_view message) { OnYieldRequest(message); });
}

engine::ConversationLocks::Attempt RedisConversationLocks::TryAcquire(
    const std::string& conversation_id) {
  const std::int64_t now = SteadyMs();
  const std::uint64_t epoch = redis_.SubscriptionEpoch();
  std::string held;  // The value this process may still hold in Redis: renewed if so.
  std::uint64_t held_token = 0;
  {
    std::lock_guard lock(mu_);
    if (now >= next_sweep_ms_) SweepLocked(now);
    if (auto it = leases_.find(conversation_id); it != leases_.end()) {
      Lease& lease = it->second;
      // REQUIRES (the engine's local lock): no other call of this process holds it now.
      if (lease.Keepable(epoch, now, reuse_ms_)) {
        lease.in_use = true;  // Kept since this process last wrote: no round trip.
        return {State::kAcquired, lease.token, false};
      }
      held_token = lease.token;
      held = origin_ + ":" + std::to_string(held_token);
      lease.in_use = true;  // A yield request during the round trip waits for Release.
      lease.yield = false;
    }
    ++acquiring_[conversation_id];
  }
  auto reply = redis_.Eval(
      AcquireScript(), {"cv:lock:" + conversation_id, "cv:writer:" + conversation_id, "cv:fence"},
      {origin_, std::to_string(ttl_.count()), held});
  Attempt attempt;  // kUnavailable; foreign_writer stays true.
  std::unique_lock lock(mu_);
  // A yield request for this conversation that arrived during the round trip (see early_yield_).
  std::optional<std::uint64_t> early;
  if (--acquiring_[conversation_id] <= 0) {
    acquiring_.erase(conversation_id);
    if (auto e = early_yield_.find(conversation_id); e != early_yield_.end()) {
      early = e->second;
      early_yield_.erase(e);
    }
  }
  const bool valid = reply && reply->type == RedisReply::Type::kArray &&
                     reply->elements.size() == 2 &&
                     reply->elements[0].type == RedisReply::Type::kInteger;
  const std::int64_t token = valid ? reply->elements[0].integer : 0;
  // The token this process holds now (renewed or granted; 0: none).
  const std::uint64_t granted =
      token < 0 ? held_token : static_cast<std::uint64_t>(std::max<std::int64_t>(token, 0));
  // A yield that named another token than the one held now: that lock is not held by this
  // process any more (compare-and-delete is safe, as in OnYieldRequest).
  if (early && (granted == 0 || *early != granted)) {
    lock.unlock();
    SendRelease(conversation_id, *early);
    lock.lock();
    early.reset();
  }
  if (!valid) {
    if (reply) spdlog::warn("redis: lock script answered {}", reply->str);
    leases_.erase(conversation_id);
    return attempt;
  }
  if (token == 0) {  // Busy: another process (or this one's release, still in flight) has it.
    leases_.erase(conversation_id);
    const std::string& holder = reply->elements[1].str;
    attempt.state = State::kBusy;
    if (!holder.starts_with(origin_ + ":")) {
      auto& [asked_holder, asked_at] = asked_[conversation_id];
      if (asked_holder != holder || now - asked_at >= kAskAgainMs) {
        asked_holder = holder;
        asked_at = now;
        redis_.Send({"PUBLISH", kYieldChannel, holder + " " + conversation_id});
      }
    }
    return attempt;
  }
  attempt.state = State::kAcquired;
  Lease& lease = leases_[conversation_id];
  if (token < 0) {  // Renewed: this process held it all along.
    lease.token = held_token;
    attempt.foreign_writer = false;
    // (A yield request during the round trip found the lease in use and set lease.yield: kept.)
  } else {
    lease.token = granted;
    attempt.foreign_writer = reply->elements[1].str != origin_;
    lease.yield = false;
  }
  if (early) lease.yield = true;  // Asked for before this reply was read: given back after.
  lease.epoch = epoch;
  lease.renewed_ms = now;
  lease.in_use = true;
  asked_.erase(conversation_id);
  attempt.token = lease.token;
  return attempt;
}

void RedisConversationLocks::Release(const std::string& conversation_id, std::uint64_t token) {
  const std::int64_t now = SteadyMs();
  {
    std::lock_guard lock(mu_);
    auto it = leases_.find(conversation_id);
    if (it != leases_.end() && it->second.token == token) {
      Lease& lease = it->second;
      lease.in_use = false;
      // Kept (a lease) unless another process asked for it, the subscription that would carry
      // such a request changed, or it is old enough to be renewed anyway.
      if (lease.Keepable(redis_.SubscriptionEpoch(), now, keep_ms_)) return;
      leases_.erase(it);
    }
  }
  SendRelease(conversation_id, token);
}

void RedisConversationLocks::ReleaseAll() {
  std::vector<std::pair<std::string, std::uint64_t>> released;
  {
    std::lock_guard lock(mu_);
    for (auto it = leases_.begin(); it != leases_.end();) {
      if (it->second.in_use) {
        it->second.yield = true;  // Released when its turn ends.
        ++it;
        continue;
      }
      released.emplace_back(it->first, it->second.token);
      it = leases_.erase(it);
    }
  }
  for (const auto& [id, token] : released) SendRelease(id, token);
}

std::size_t RedisConversationLocks::Leases() const {
  std::lock_guard lock(mu_);
  return leases_.size();
}

void RedisConversationLocks::OnYieldRequest(std::string_view message) {
  // "<origin>:<token> <conversation id>"
  const std::size_t space = message.find(' ');
  const std::size_t colon = message.find(':');
  if (space == std::string_view::npos || colon == std::string_view::npos || colon > space ||
      message.substr(0, colon) != origin_) {
    return;  // Another process's lease (or malformed).
  }
  std::uint64_t token = 0;
  const std::string_view digits = message.substr(colon + 1, space - colon - 1);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), token);
  const std::string id(message.substr(space + 1));
  if (ec != std::errc{} || end != digits.data() + digits.size() || id.empty() || id.size() > 64) {
    return;
  }
  {
    std::lock_guard lock(mu_);
    auto it = leases_.find(id);
    if (it != leases_.end() && it->second.token == token) {
      if (it->second.in_use) {
        it->second.yield = true;  // Its turn is running: released by Release.
        return;
      }
      leases_.erase(it);
    } else if (acquiring_.contains(id)) {
      // Possibly for the grant whose reply is still on its way: settled when it is read.
      early_yield_[id] = token;
      return;
    }
  }
  // Idle, or not known here any more (a release still in flight): compare-and-delete is safe.
  SendRelease(id, token);
}

void RedisConversationLocks::SendRelease(const std::string& conversation_id, std::uint64_t token) {
  redis_.Send({"EVAL", kReleaseScript, "1", "cv:lock:" + conversation_id,
               origin_ + ":" + std::to_string(token)},
              true);  // Kept while Redis is away: compare-and-delete is safe to resend.
}

void RedisConversationLocks::SweepLocked(std::int64_t now) {
  next_sweep_ms_ = now + std::min<std::int64_t>(1000, reuse_ms_);
  for (auto it = leases_.begin(); it != leases_.end();) {
    if (!it->second.in_use && now - it->second.renewed_ms >= keep_ms_) {
      // Idle: given back (it would expire by itself; this frees it sooner for other processes).
      SendRelease(it->first, it->second.token);
      it = leases_.erase(it);
    } else {
      ++it;
    }
  }
  std::erase_if(asked_, [now](const auto& a) { return now - a.second.second >= kAskAgainMs; });
}

}  // namespace carevoice::scale
