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
    m.role = "user";
    m.content = "My order #1234 has not arrived yet, can you check where it is?";
    m.timestamp = t;
    m.metadata = core::MessageMetadata{"negative",    -0.4, "support", {"support"},
                                       "track_order", "",   0.8,       "amazon"};
    return m;
  }

  Store& store() { return *store_; }
  const std::string& user_id() const { return user_.id; }

 private:
  fs::path dir_;
  const core::User user_{.id = core::NewObjectId(),
                         .name = "Bench",
                         .email = "bench@example.com",
                         .password_hash = "x",
                         .avatar = "",
                         .role = "user",
                         .created_at = kT0,
                         .updated_at = kT0};
  std::unique_ptr<Store> store_;
};

void BM_AppendMessage(benchmark::State& state) {
  Fixture f(/*synchronous_full=*/state.range(0) != 0);
  const std::string conversation = f.NewConversation(kT0);
  core::TimeMs t = kT0;
  for (auto _ : state) {
    f.store().AppendMessage(f.NewMessage(conversation, ++t), f.user_id()).value();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AppendMessage)->ArgName("sync_full")->Arg(0)->Arg(1)->UseRealTime();

void BM_GetConversation(benchmark::State& state) {
  Fixture f(false);
  std::string id;
  for (int i = 0; i < 1000; ++i) id = f.NewConversation(kT0 + i);
  for (auto _ : state) benchmark::DoNotOptimize(f.store().GetConversation(id, f.user_id()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetConversation)->UseRealTime();

void BM_ListMessages(benchmark::State& state) {
  Fixture f(false);
  const std::string conversation = f.NewConversation(kT0);
  for (int i = 0; i < state.range(0); ++i) {
    f.store().AppendMessage(f.NewMessage(conversation, kT0 + i), f.user_id()).value();
  }
  for (auto _ : state) benchmark::DoNotOptimize(f.store().ListMessages(conversation, f.user_id()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ListMessages)->Arg(20)->Arg(200)->UseRealTime();

void BM_GetUserStats(benchmark::State& state) {
  Fixture f(false);
  for (int i = 0; i < state.range(0); ++i) {
    const std::string c = f.NewConversation(kT0 + i, i % 3 == 0 ? "netflix" : "amazon");
    for (int j = 0; j < 10; ++j) {
      f.store().AppendMessage(f.NewMessage(c, kT0 + i + j), f.user_id()).value();
    }
  }
  for (auto _ : state) benchmark::DoNotOptimize(f.store().GetUserStats(f.user_id()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetUserStats)->Arg(100)->Arg(1000)->UseRealTime();

// Concurrent readers against one store (the reader pool), e.g. GET /conversations/:id.
void BM_ConcurrentGetConversation(benchmark::State& state) {
  // Shared by the benchmark's threads: thread 0 sets it up before the loop's start barrier and
  // tears it down after the end barrier (Google Benchmark's multi-threaded fixture pattern).
  static std::unique_ptr<Fixture> shared;
  static std::string id;
  if (state.thread_index() == 0) {
    shared = std::make_unique<Fixture>(false);
    id = shared->NewConversation(kT0);
  }
  for (auto _ : state) benchmark::DoNotOptimize(shared->store().GetConversation(id, ""));
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) shared.reset();
}
BENCHMARK(BM_ConcurrentGetConversation)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

}  // namespace
}  // namespace carevoice::store

BENCHMARK_MAIN();
