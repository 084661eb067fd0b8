#include "realtime/adapter.hpp"

#include <mutex>

#include "realtime/socketio_server.hpp"

namespace carevoice::realtime {

void LocalAdapter::Join(const SocketPtr& socket, const std::string& room) {
  std::unique_lock lock(mu_);
  rooms_[room].emplace(socket.get(), socket);
  memberships_[socket.get()].insert(room);
}

void LocalAdapter::Leave(const Socket* socket, const std::string& room) {
  std::unique_lock lock(mu_);
  if (auto it = rooms_.find(room); it != rooms_.end()) {
    it->second.erase(socket);
    if (it->second.empty()) rooms_.erase(it);
  }
  if (auto it = memberships_.find(socket); it != memberships_.end()) {
    it->second.erase(room);
    if (it->second.empty()) memberships_.erase(it);
  }
}

void LocalAdapter::LeaveAll(const Socket* socket) {
  std::unique_lock lock(mu_);
  const auto it = memberships_.find(socket);
  if (it == memberships_.end()) return;
  for (const std::string& room : it->second) {
    if (auto r = rooms_.find(room); r != rooms_.end()) {
      r->second.erase(socket);
      if (r->second.empty()) rooms_.erase(r);
    }
  }
  memberships_.erase(it);
}

void LocalAdapter::Broadcast(const std::vector<std::string>& rooms, const EncodedPacket& packet,
                             const Socket* except) {
  std::vector<SocketPtr> targets;
  {
    std::shared_lock lock(mu_);
    for (const std::string& room : rooms) {
      const auto it = rooms_.find(room);
      if (it == rooms_.end()) continue;
      for (const auto& [raw, weak] : it->second) {
        if (raw == except) continue;
        if (SocketPtr s = weak.lock()) targets.push_back(std::move(s));
      }
    }
  }
  if (rooms.size() > 1) {  // A socket in several of the rooms gets the packet once.
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  }
  for (const SocketPtr& s : targets) s->Send(packet);
}

std::size_t LocalAdapter::RoomSize(const std::string& room) const {
  std::shared_lock lock(mu_);
  const auto it = rooms_.find(room);
  return it == rooms_.end() ? 0 : it->second.size();
}

}  // namespace carevoice::realtime
