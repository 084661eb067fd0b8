#pragma once

#include <functional>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace carevoice::store {

// Called with the owner's user id after a write that changed that user's conversations (create,
// update, delete, a new message) has been committed. Must be cheap and must not call the Store.
using ConversationsChanged = std::function<void(const std::string& user_id)>;

// Returns a Store that forwards every call to `inner` and reports conversation changes to
// `on_change` AFTER they are committed, so that a cache keyed on the reported version can never
// hold data older than a committed write. REQUIRES: `inner` and `on_change` non-null.
std::unique_ptr<Store> MakeNotifyingStore(std::unique_ptr<Store> inner,
                                          ConversationsChanged on_change);

}  // namespace carevoice::store
