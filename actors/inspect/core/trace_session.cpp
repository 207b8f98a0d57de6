#include "actors/inspect/core/trace_session.hpp"

#include <utility>

namespace convoy::inspect {

trace_session::trace_session(size_t count, std::string filter)
  : count_(count), filter_(std::move(filter)) {
  if (count_ == 0)
    full_ = true;
}

bool trace_session::wants(std::string_view text) const noexcept {
  return filter_.empty() || text.find(filter_) != std::string_view::npos;
}

bool trace_session::add(trace_record r) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (kept_ >= count_) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  if (r.message.size() > max_message_chars) {
    r.message.resize(max_message_chars - 3);
    r.message += "...";
  }
  records_.push_back(std::move(r));
  if (++kept_ >= count_)
    full_.store(true, std::memory_order_release);
  return true;
}

std::vector<trace_record> trace_session::take() {
  std::lock_guard<std::mutex> guard{mutex_};
  return std::exchange(records_, {});
}

} // namespace convoy::inspect
