// Hermetic tests of the scale module's parsing of untrusted and configured bytes: REDIS_URL, the
// adapter's broadcast messages and the revocation messages. The Redis paths themselves run
// against a real redis-server in tests/integration/multinode.test.mjs.

#include <gtest/gtest.h>

#include "scale/redis.hpp"
#include "scale/redis_adapter.hpp"
#include "scale/redis_services.hpp"

namespace carevoice::scale {
namespace {

TEST(RedisUrlTest, ParsesEveryPart) {
  auto u = ParseRedisUrl("redis://:s%40cret@cache.internal:6380/2");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->host, "cache.internal");
  EXPECT_EQ(u->port, 6380);
  EXPECT_EQ(u->password, "s@cret");
  EXPECT_EQ(u->username, "");
  EXPECT_EQ(u->db, 2);

  auto d = ParseRedisUrl("redis://localhost");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port, 6379);
  EXPECT_EQ(d->db, 0);

  auto acl = ParseRedisUrl("redis://app:pw@[::1]:7000/");
  ASSERT_TRUE(acl);
  EXPECT_EQ(acl->host, "::1");
  EXPECT_EQ(acl->port, 7000);
  EXPECT_EQ(acl->username, "app");
  EXPECT_EQ(acl->password, "pw");
}

TEST(RedisUrlTest, RejectsBadUrlsWithoutEchoingThem) {
  for (const char* bad : {"http://localhost", "redis://host:0", "redis://host:65536",
                          "redis://host:port", "redis://host/db", "redis://:p%zz@host",
                          "redis://:p%4@host", "redis://[::1", "redis://:pw@host:x"}) {
    auto u = ParseRedisUrl(bad);
    EXPECT_FALSE(u) << bad;
    if (!u) {
      EXPECT_EQ(u.error().message.find("pw"), std::string::npos);
    }
  }
}

realtime::EncodedPacket Packet(std::vector<std::pair<bool, std::string>> frames) {
  realtime::EncodedPacket p;
  for (auto& [binary, data] : frames) {
    realtime::Frame f;
    f.binary = binary;
    f.data = std::make_shared<const std::string>(std::move(data));
    p.frames.push_back(std::move(f));
  }
  return p;
}

TEST(BroadcastMessageTest, RoundTripsTextAndBinaryFrames) {
  const std::string bytes("\x00\x01\xff\x80 raw", 8);
  const std::string encoded =
      EncodeBroadcast("proc-1", {"user:1", "conv:2"},
                      Packet({{false, R"(51-["speech",{"_placeholder":true}])"}, {true, bytes}}));
  std::string error;
  auto decoded = DecodeBroadcast(encoded, &error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->origin, "proc-1");
  EXPECT_EQ(decoded->rooms, (std::vector<std::string>{"user:1", "conv:2"}));
  ASSERT_EQ(decoded->packet.frames.size(), 2U);
  EXPECT_FALSE(decoded->packet.frames[0].binary);
  EXPECT_EQ(*decoded->packet.frames[0].data, R"(51-["speech",{"_placeholder":true}])");
  EXPECT_TRUE(decoded->packet.frames[1].binary);
  EXPECT_EQ(*decoded->packet.frames[1].data, bytes);
}

// A broadcast to several rooms travels as one message per room, each skipping the sockets of
// the rooms before it: the except list survives the trip, and the frames are encoded once.
TEST(BroadcastMessageTest, RoundTripsExceptRooms) {
  const auto packet = Packet({{false, R"(2["message",{"id":1}])"}});
  const std::string frames = EncodeFrames(packet);
  const std::string encoded = EncodeBroadcast("proc-2", frames, {"user:1"}, {"conv:2"});
  EXPECT_EQ(encoded, EncodeBroadcast("proc-2", {"user:1"}, packet, {"conv:2"}));
  std::string error;
  auto decoded = DecodeBroadcast(encoded, &error);
  ASSERT_TRUE(decoded) << error;
  EXPECT_EQ(decoded->rooms, (std::vector<std::string>{"user:1"}));
  EXPECT_EQ(decoded->except_rooms, (std::vector<std::string>{"conv:2"}));
  ASSERT_EQ(decoded->packet.frames.size(), 1U);
  EXPECT_EQ(*decoded->packet.frames[0].data, R"(2["message",{"id":1}])");
  // Absent "except" (as some writers leave it) means none.
  auto bare = DecodeBroadcast(R"(["a", {"frames": [["t", "2[]"]]}, {"rooms": ["r"]}])", &error);
  ASSERT_TRUE(bare) << error;
  EXPECT_TRUE(bare->except_rooms.empty());
}

TEST(BroadcastMessageTest, RejectsMalformedMessages) {
  for (const char* bad : {
           "",
           "not json",
           "[]",
           "[1,2,3]",
           R"(["a", {}, {}])",
           R"(["a", {"frames": []}, {"rooms": []}])",
           R"(["a", {"frames": [["t", "2[]"]]}, {"rooms": "r"}])",
           R"(["a", {"frames": [["t", "2[]"]]}, {"rooms": [1]}])",
           R"(["a", {"frames": [["t", "2[]"]]}, {}])",
           R"(["a", {"frames": [["b", "AAAA"]]}, {"rooms": ["r"]}])",
           R"(["a", {"frames": [["t", "2[]"], ["b", "%%%"]]}, {"rooms": ["r"]}])",
           R"(["a", {"frames": [["t", "2[]"], ["t", "2[]"]]}, {"rooms": ["r"]}])",
           R"(["a", {"frames": [["t", ""]]}, {"rooms": ["r"]}])",
           R"(["a", {"frames": [["x", "2[]"]]}, {"rooms": ["r"]}])",
           R"(["a", {"frames": [["t"]]}, {"rooms": ["r"]}])",
           R"([7, {"frames": [["t", "2[]"]]}, {"rooms": ["r"]}])",
           R"(["a", {"frames": [["t", "2[]"]]}, {"rooms": ["r"], "except": "r"}])",
           R"(["a", {"frames": [["t", "2[]"]]}, {"rooms": ["r"], "except": [1]}])",
       }) {
    std::string error;
    EXPECT_FALSE(DecodeBroadcast(bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
}

TEST(RevocationMessageTest, RoundTripsAndRejectsMalformed) {
  RevocationMessage s;
  s.origin = "p";
  s.id = "family-1";
  s.until = 1234;
  auto ds = DecodeRevocation(EncodeRevocation(s));
  ASSERT_TRUE(ds);
  EXPECT_TRUE(ds->session);
  EXPECT_EQ(ds->id, "family-1");
  EXPECT_EQ(ds->until, 1234);

  RevocationMessage u;
  u.origin = "p";
  u.session = false;
  u.id = "user-1";
  u.issued_at = 99;
  u.until = 5;
  auto du = DecodeRevocation(EncodeRevocation(u));
  ASSERT_TRUE(du);
  EXPECT_FALSE(du->session);
  EXPECT_EQ(du->id, "user-1");
  EXPECT_EQ(du->issued_at, 99);

  for (const char* bad :
       {"", "[]", R"({"o":"p","k":"s","until":1})", R"({"o":"p","k":"s","sid":"","until":1})",
        R"({"o":"p","k":"u","user":"x","until":1})", R"({"o":"p","k":"z","sid":"x","until":1})",
        R"({"o":"p","k":"s","sid":"x","until":"1"})", R"({"k":"s","sid":"x","until":1})"}) {
    EXPECT_FALSE(DecodeRevocation(bad)) << bad;
  }
}

// EVALSHA names a script by the SHA-1 of its body, in lower-case hex (Redis's SCRIPT LOAD
// "return 1" answers this one).
TEST(RedisScriptTest, Sha1IsTheOneRedisComputes) {
  const RedisScript script("return 1");
  EXPECT_EQ(script.sha1(), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
  EXPECT_EQ(script.body(), "return 1");
}

// With no Redis listening, every call fails fast and nothing throws or blocks for long.
TEST(RedisTest, UnreachableRedisFailsFast) {
  Redis::Options options;
  options.url.host = "127.0.0.1";
  options.url.port = 1;  // Nothing listens there.
  options.timeout = std::chrono::milliseconds(200);
  Redis redis(options);
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) EXPECT_FALSE(redis.Command({"PING"}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_FALSE(redis.Reachable());
  RedisCounters counters(redis, "p");
  EXPECT_FALSE(counters.Apply(auth::SharedCounters::Op::kAcquire, "k", 1000, 60'000, 3));
  RedisConversationLocks locks(redis, "p", std::chrono::milliseconds(1000));
  const auto attempt = locks.TryAcquire("c");
  EXPECT_EQ(attempt.state, engine::ConversationLocks::State::kUnavailable);
  EXPECT_TRUE(attempt.foreign_writer);
  EXPECT_EQ(locks.Leases(), 0u);  // Nothing kept from a failed attempt.
  locks.Release("c", 1);          // Unknown: a compare-and-delete for the writer, no throw.
  redis.Start();
  redis.Send({"PUBLISH", "x", "y"});
  redis.Stop();
}

TEST(RoomsMessageTest, RoundTripsEveryKind) {
  RoomsMessage add = RoomsMessage::Of(RoomsMessage::Op::kAdd, "p1");
  add.seq = 7;
  add.room = "conv:a b\"c";
  auto a = DecodeRoomsMessage(EncodeRoomsMessage(add));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->op, RoomsMessage::Op::kAdd);
  EXPECT_EQ(a->from, "p1");
  EXPECT_EQ(a->seq, 7u);
  EXPECT_EQ(a->room, add.room);

  RoomsMessage state = RoomsMessage::Of(RoomsMessage::Op::kState, "p2");
  state.seq = 18'446'744'073'709'551'615ull;  // Past int64.
  state.rooms = {"user:1", "conv:2"};
  state.to = "p1";
  state.req = 3;
  auto s = DecodeRoomsMessage(EncodeRoomsMessage(state));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->op, RoomsMessage::Op::kState);
  EXPECT_EQ(s->seq, state.seq);
  EXPECT_EQ(s->rooms, state.rooms);
  EXPECT_EQ(s->to, "p1");
  EXPECT_EQ(s->req, 3u);

  RoomsMessage ack = RoomsMessage::Of(RoomsMessage::Op::kAck, "p2");
  ack.seq = 7;
  ack.to = "p1";
  auto k = DecodeRoomsMessage(EncodeRoomsMessage(ack));
  ASSERT_TRUE(k);
  EXPECT_EQ(k->op, RoomsMessage::Op::kAck);
  EXPECT_EQ(k->to, "p1");

  RoomsMessage sync = RoomsMessage::Of(RoomsMessage::Op::kSync, "p3");
  sync.req = 9;
  auto y = DecodeRoomsMessage(EncodeRoomsMessage(sync));
  ASSERT_TRUE(y);
  EXPECT_EQ(y->op, RoomsMessage::Op::kSync);
  EXPECT_EQ(y->req, 9u);
}

TEST(RoomsMessageTest, RejectsMalformedAnnouncements) {
  for (const char* bad :
       {"", "[]", "{}", R"({"op":"add","from":"p"})", R"({"op":"add","from":"p","seq":1})",
        R"({"op":"add","from":"","seq":1,"room":"r"})",
        R"({"op":"add","from":"p","seq":-1,"room":"r"})",
        R"({"op":"add","from":"p","seq":"1","room":"r"})",
        R"({"op":"add","from":"p","seq":1.5,"room":"r"})",
        R"({"op":"nope","from":"p","seq":1,"room":"r"})", R"({"op":"ack","from":"p","seq":1})",
        R"({"op":"state","from":"p","seq":1})", R"({"op":"state","from":"p","seq":1,"rooms":[1]})",
        R"({"op":"state","from":"p","seq":1,"rooms":[],"to":"q"})", R"({"op":"sync","from":"p"})",
        R"({"op":"add","from":"p","seq":1,"room":"r")"}) {
    EXPECT_FALSE(DecodeRoomsMessage(bad)) << bad;
  }
}

TEST(RoomInterestTest, ALateMessageNeverUndoesANewerOne) {
  RoomInterest interest;
  EXPECT_FALSE(interest.Listens("r"));
  interest.Add("b", 5, "r");
  EXPECT_TRUE(interest.Listens("r"));
  interest.Remove("b", 3, "r");  // An older del, delivered late: the room stays.
  EXPECT_TRUE(interest.Listens("r"));
  interest.Add("c", 1, "r");
  interest.Remove("b", 6, "r");
  EXPECT_TRUE(interest.Listens("r")) << "c still listens";
  interest.Remove("c", 2, "r");
  EXPECT_FALSE(interest.Listens("r"));
  EXPECT_EQ(interest.Origins(), 0u);
  interest.Remove("c", 9, "unknown");  // Harmless.
}

TEST(RoomInterestTest, AStateReplacesOnlyWhatItIsNewerThan) {
  RoomInterest interest;
  interest.Add("b", 1, "old");
  interest.Add("b", 10, "joined-after-the-state");
  interest.Add("c", 2, "theirs");
  interest.Replace("b", 5, {"listed"});
  EXPECT_FALSE(interest.Listens("old")) << "announced before the state, not in it: gone";
  EXPECT_TRUE(interest.Listens("joined-after-the-state")) << "announced after the state: kept";
  EXPECT_TRUE(interest.Listens("listed"));
  EXPECT_TRUE(interest.Listens("theirs")) << "another process's rooms are untouched";
  EXPECT_EQ(interest.Origins(), 2u);
  interest.Remove("b", 4, "listed");  // Older than the state that listed it.
  EXPECT_TRUE(interest.Listens("listed"));
  interest.Replace("b", 11, {});
  EXPECT_FALSE(interest.Listens("joined-after-the-state"));
  EXPECT_FALSE(interest.Listens("listed"));
  EXPECT_EQ(interest.Origins(), 1u);
  interest.Clear();
  EXPECT_FALSE(interest.Listens("theirs"));
  EXPECT_EQ(interest.Origins(), 0u);
}

}  // namespace
}  // namespace carevoice::scale
