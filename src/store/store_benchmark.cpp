// Throughput of the SQLite store on the hot paths of a chat turn. Files live in a temp folder.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/ids.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace carevoice::store {
namespace {

namespace fs = std::filesystem;

constexpr core::TimeMs kT0 = 1'700'000'000'000;

// A file-backed store in a fresh temp folder, removed on destruction.
class Fixture {
 public:
  explicit Fixture(bool synchronous_full) {
    dir_ = fs::temp_directory_path() / "cv_store_bench";
    dir_ += core::RandomHex(8);
    SqliteOptions options;
    options.path = (dir_ / "bench.db").string();
    options.synchronous_full = synchronous_full;
    store_ = std::move(OpenSqliteStore(options).value());
    store_->CreateUser(user_).value();
  }
  ~Fixture() {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string NewConversation(core::TimeMs t, const std::string& company = "") {
    core::Conversation c;
    c.id = core::NewObjectId();
    c.user_id = user_.id;
    c.company = company;
    c.created_at = t;
    c.updated_at = t;
    store_->CreateConversation(c).value();
    return c.id;
  }

  core::Message NewMessage(const std::string& conversation_id, core::TimeMs t) {
    core::Message m;
    m.id = core::NewObjectId();
    m.conversation_id = conversation_id;
    m.role = core::MessageRole::kUser;
    m.content = "My order #1234 has not arrived yet, can you check where it is?";
    m.timestamp = t;
    m.metadata = core::MessageMetadata{"negative",    -0.4, "support", {"support"},
                                       "track_order", "",   0.8,       "amazon"};
    return m;
  }

  Store& Db() { return *store_; }
  const std::string& UserId() const { return user_.id; }

 private:
  fs::path dir_;
  const core::User user_{.id = core::NewObjectId(),
                         .name = "Bench",
                         .email = "bench@example.com",
                         .password_hash = "x",
                         .avatar = "",
                         .role = core::UserRole::kUser,
                         .created_at = kT0,
                         .updated_at = kT0};
  std::unique_ptr<Store> store_;
};

void BmAppendMessage(benchmark::State& state) {
  Fixture f(/*synchronous_full=*/state.range(0) != 0);
  const std::string conversation = f.NewConversation(kT0);
  core::TimeMs t = kT0;
  for (auto _ : state) {
    f.Db().AppendMessage(f.NewMessage(conversation, ++t), f.UserId()).value();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BmAppendMessage)->ArgName("sync_full")->Arg(0)->Arg(1)->UseRealTime();

void BmGetConversation(benchmark::State& state) {
  Fixture f(false);
  std::string id;
  for (int i = 0; i < 1000; ++i) id = f.NewConversation(kT0 + i);
  for (auto _ : state) benchmark::DoNotOptimize(f.Db().GetConversation(id, f.UserId()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BmGetConversation)->UseRealTime();

void BmListMessages(benchmark::State& state) {
  Fixture f(false);
  const std::string conversation = f.NewConversation(kT0);
  for (int i = 0; i < state.range(0); ++i) {
    f.Db().AppendMessage(f.NewMessage(conversation, kT0 + i), f.UserId()).value();
  }
  for (auto _ : state) benchmark::DoNotOptimize(f.Db().ListMessages(conversation, f.UserId()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BmListMessages)->Arg(20)->Arg(200)->UseRealTime();

void BmGetUserStats(benchmark::State& state) {
  Fixture f(false);
  for (int i = 0; i < state.range(0); ++i) {
    const std::string c = f.NewConversation(kT0 + i, i % 3 == 0 ? "netflix" : "amazon");
    for (int j = 0; j < 10; ++j) {
      f.Db().AppendMessage(f.NewMessage(c, kT0 + i + j), f.UserId()).value();
    }
  }
  for (auto _ : state) benchmark::DoNotOptimize(f.Db().GetUserStats(f.UserId(), {}));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BmGetUserStats)->Arg(100)->Arg(1000)->UseRealTime();

// Concurrent readers against one store (the reader pool), e.g. GET /conversations/:id.
void BmConcurrentGetConversation(benchmark::State& state) {
  // Shared by the benchmark's threads: thread 0 sets it up before the loop's start barrier and
  // tears it down after the end barrier (Google Benchmark's multi-threaded fixture pattern).
  static std::unique_ptr<Fixture> shared;
  static std::string id;
  if (state.thread_index() == 0) {
    shared = std::make_unique<Fixture>(false);
    id = shared->NewConversation(kT0);
  }
  for (auto _ : state) benchmark::DoNotOptimize(shared->Db().GetConversation(id, ""));
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) shared.reset();
}
BENCHMARK(BmConcurrentGetConversation)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

}  // namespace
}  // namespace carevoice::store

BENCHMARK_MAIN();
