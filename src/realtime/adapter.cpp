#include "realtime/adapter.hpp"

#include <algorithm>
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
  Broadcast(rooms, {}, packet, except);
}

void LocalAdapter::Broadcast(const std::vector<std::string>& rooms,
                             const std::vector<std::string>& except_rooms,
                             const EncodedPacket& packet, const Socket* except) {
  std::vector<SocketPtr> targets;
  {
    std::shared_lock lock(mu_);
    const auto excluded = [&](const Socket* raw) {
      if (raw == except) return true;
      const auto m = memberships_.find(raw);
      if (m == memberships_.end()) return false;
      return std::any_of(except_rooms.begin(), except_rooms.end(),
                         [&](const std::string& r) { return m->second.count(r) != 0; });
    };
    for (const std::string& room : rooms) {
      const auto it = rooms_.find(room);
      if (it == rooms_.end()) continue;
      for (const auto& [raw, weak] : it->second) {
        if (excluded(raw)) continue;
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

std::vector<std::string> LocalAdapter::RoomsOf(const Socket* socket) const {
  std::shared_lock lock(mu_);
  const auto it = memberships_.find(socket);
  if (it == memberships_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::size_t LocalAdapter::RoomSize(const std::string& room) const {
  std::shared_lock lock(mu_);
  const auto it = rooms_.find(room);
  return it == rooms_.end() ? 0 : it->second.size();
}

}  // namespace carevoice::realtime
