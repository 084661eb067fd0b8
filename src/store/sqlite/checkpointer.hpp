#pragma once

// WAL checkpoints off the commit path. By default SQLite checkpoints inside the COMMIT that
// pushes the WAL past 1,000 frames: that commit copies the WAL into the database file and syncs
// it while holding the write lock, so every write queued behind it (a turn's group commit) waits
// several milliseconds. The Checkpointer turns the writer's auto-checkpoint off and runs PASSIVE
// checkpoints on its own connection and thread instead, which never block a writer; commits only
// append to the WAL. Durability is unchanged: a commit is durable once it is in the WAL.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/db.hpp"

namespace carevoice::store::sqlite {

class Checkpointer {
 public:
  // Takes over checkpointing from `writer` (which must outlive the Checkpointer) and checkpoints
  // `options.path` whenever a commit leaves at least `frames` frames in the WAL. Falls back to a
  // RESTART checkpoint (which waits for writers) when the WAL reaches 16 × `frames` because
  // passive checkpoints could not keep up. Errors are kUnavailable.
  static Result<std::unique_ptr<Checkpointer>> Start(Connection& writer,
                                                     const ConnectionOptions& options,
                                                     int frames = 1000);
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;
  // Stops the thread and gives checkpointing back to the writer (auto-checkpoint on again), so
  // its close still checkpoints what is left.
  ~Checkpointer();

  // Checkpoints run so far (any mode).
  std::uint64_t Checkpoints() const { return checkpoints_.load(std::memory_order_relaxed); }

 private:
  struct Key {};

 public:
  Checkpointer(Key, Connection& writer, std::unique_ptr<Connection> own, int frames);

 private:
  static int OnCommit(void* self, sqlite3* db, const char* schema, int frames);
  void Run();

  Connection& writer_;
  const std::unique_ptr<Connection> own_;  // Used only by thread_.
  const int frames_;
  std::mutex mu_;
  std::condition_variable cv_;
  int wal_frames_ = 0;  // Guarded by mu_: the WAL's size after the last commit that asked.
  bool stop_ = false;   // Guarded by mu_.
  std::atomic<std::uint64_t> checkpoints_{0};
  std::thread thread_;  // Last: started once everything above is initialised.
};

}  // namespace carevoice::store::sqlite
