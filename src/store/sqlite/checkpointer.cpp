#include "store/sqlite/checkpointer.hpp"

#include <sqlite3.h>

#include <utility>

namespace carevoice::store::sqlite {

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(Connection& writer,
                                                          const ConnectionOptions& options,
                                                          int frames) {
  ConnectionOptions own_options = options;
  own_options.read_only = false;
  Result<std::unique_ptr<Connection>> own = Connection::Open(own_options);
  if (!own) return own.error();
  auto checkpointer = std::make_unique<Checkpointer>(Key{}, writer, std::move(*own), frames);
  // Replaces SQLite's own hook, which is what auto-checkpoints.
  sqlite3_wal_hook(writer.Raw(), &Checkpointer::OnCommit, checkpointer.get());
  return checkpointer;
}

Checkpointer::Checkpointer(Key /*key*/, Connection& writer, std::unique_ptr<Connection> own,
                           int frames)
    : writer_(writer), own_(std::move(own)), frames_(frames), thread_([this] { Run(); }) {}

Checkpointer::~Checkpointer() {
  sqlite3_wal_autocheckpoint(writer_.Raw(), 1000);  // Removes OnCommit; SQLite's default.
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

// Called by SQLite on the writer's thread after each commit, with the WAL's size in frames.
int Checkpointer::OnCommit(void* self, sqlite3* /*db*/, const char* /*schema*/, int frames) {
  auto& c = *static_cast<Checkpointer*>(self);
  if (frames < c.frames_) return SQLITE_OK;
  {
    std::lock_guard lock(c.mu_);
    c.wal_frames_ = frames;
  }
  c.cv_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || wal_frames_ > 0; });
    if (stop_) return;
    const int frames = wal_frames_;
    wal_frames_ = 0;
    lock.unlock();
    // PASSIVE copies what no reader still needs and never waits; RESTART (rare) waits for the
    // writer so that the next commit starts the WAL from its beginning again.
    const int mode = frames >= 16 * frames_ ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
    // A busy or failed checkpoint is retried at the next commit past the threshold.
    sqlite3_wal_checkpoint_v2(own_->Raw(), nullptr, mode, nullptr, nullptr);
    checkpoints_.fetch_add(1, std::memory_order_relaxed);
    lock.lock();
  }
}

}  // namespace carevoice::store::sqlite
