#include "actors/store/raft/read_only.hpp"

#include <algorithm>

namespace convoy::raft {

void read_only::add_request(uint64_t index, Message request) {
  const auto& ctx = request.context();
  if (pending_.count(ctx) != 0)
    return;
  queue_.push_back(ctx);
  auto key = ctx;
  pending_.emplace(std::move(key), pending{std::move(request), index, {}});
}

const std::vector<uint64_t>* read_only::recv_ack(uint64_t id, const std::string& context) {
  auto i = pending_.find(context);
  if (i == pending_.end())
    return nullptr;
  auto& acks = i->second.acks;
  if (std::find(acks.begin(), acks.end(), id) == acks.end())
    acks.push_back(id);
  return &acks;
}

std::vector<read_only::pending> read_only::advance(const std::string& context) {
  std::vector<pending> result;
  auto pos = std::find(queue_.begin(), queue_.end(), context);
  if (pos == queue_.end())
    return result;
  auto n = static_cast<size_t>(pos - queue_.begin()) + 1;
  for (size_t i = 0; i < n; ++i) {
    auto node = pending_.extract(queue_.front());
    queue_.pop_front();
    if (!node.empty())
      result.push_back(std::move(node.mapped()));
  }
  return result;
}

const std::string& read_only::last_pending_context() const {
  static const std::string empty;
  return queue_.empty() ? empty : queue_.back();
}

} // namespace convoy::raft
