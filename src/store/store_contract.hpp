#pragma once

// The Store contract suite (store_contract_test.cpp): the same cases run against every adapter.
// A test binary instantiates it once per backend:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest, ::testing::Values(&kSqliteBackend),
//                            BackendName);
//
// cv_store_test runs it on SQLite (hermetic); cv_store_pgtest on a real PostgreSQL server.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "core/domain.hpp"
#include "core/ids.hpp"
#include "store/store.hpp"

namespace carevoice::store {

struct StoreBackend {
  std::string name;
  // Returns the location (a file path, a URL) of a new, empty database.
  std::function<Result<std::string>()> create;
  // Opens (and migrates) the database at `location`.
  std::function<Result<std::unique_ptr<Store>>(const std::string& location)> open;
  // Removes the database at `location` (after its stores are closed).
  std::function<void(const std::string& location)> drop;
};

inline std::string BackendName(const ::testing::TestParamInfo<const StoreBackend*>& info) {
  return info.param->name;
}

inline constexpr core::TimeMs kT0 = 1'700'000'000'000;

inline core::User MakeUser(const std::string& email, core::TimeMs t = kT0) {
  core::User u;
  u.id = core::NewObjectId();
  u.name = "Ada";
  u.email = email;
  u.password_hash = "$2b$10$abcdefghijklmnopqrstuv";
  u.created_at = t;
  u.updated_at = t;
  return u;
}

inline core::Agent MakeAgent(const std::string& user_id, core::TimeMs t = kT0) {
  core::Agent a;
  a.id = core::NewObjectId();
  a.user_id = user_id;
  a.name = "Sam";
  a.company = "Acme";
  a.created_at = t;
  a.updated_at = t;
  return a;
}

inline core::Conversation MakeConversation(const std::string& user_id, core::TimeMs t = kT0) {
  core::Conversation c;
  c.id = core::NewObjectId();
  c.user_id = user_id;
  c.title = "Chat";
  c.created_at = t;
  c.updated_at = t;
  return c;
}

inline core::Message MakeMessage(const std::string& conversation_id, const std::string& content,
                                 core::TimeMs t = kT0,
                                 core::MessageRole role = core::MessageRole::kUser) {
  core::Message m;
  m.id = core::NewObjectId();
  m.conversation_id = conversation_id;
  m.role = role;
  m.content = content;
  m.timestamp = t;
  return m;
}

class StoreContractTest : public ::testing::TestWithParam<const StoreBackend*> {
 protected:
  void SetUp() override {
    Result<std::string> location = GetParam()->create();
    ASSERT_TRUE(location) << location.error().message;
    location_ = *location;
    store_ = Reopen();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    if (!location_.empty()) GetParam()->drop(location_);
  }

  // Opens another store on this test's database.
  std::unique_ptr<Store> Reopen() {
    Result<std::unique_ptr<Store>> store = GetParam()->open(location_);
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  // Creates a user and returns its id.
  std::string NewUser(const std::string& email) {
    core::User u = MakeUser(email);
    EXPECT_TRUE(store_->CreateUser(u));
    return u.id;
  }

  // Creates an agent owned by `user_id` ("" = a demo agent) and returns it.
  core::Agent NewAgent(const std::string& user_id, bool demo = false) {
    core::Agent a;
    a.id = core::NewObjectId();
    a.user_id = user_id;
    a.name = "Sam";
    a.is_demo = demo;
    a.created_at = a.updated_at = kT0;
    EXPECT_TRUE(store_->CreateAgent(a));
    return a;
  }

  std::string location_;
  std::unique_ptr<Store> store_;
  const std::string owner_ = core::NewObjectId();
};

}  // namespace carevoice::store
