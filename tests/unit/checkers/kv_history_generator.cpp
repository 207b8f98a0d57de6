#include "kv_history_generator.hpp"

#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace convoy::checkers::testing {

namespace {

/// The sequential store the generated clients run against.
class reference_store {
public:
  explicit reference_store(bool report) : report_(report) {
  }

  int64_t mod_of(const std::string& key) const {
    auto it = data_.find(key);
    return it == data_.end() ? 0 : it->second.second;
  }

  kv_output apply(const kv_input& in) {
    auto it = data_.find(in.key);
    bool found = it != data_.end();
    switch (in.op) {
      case kv_op::get:
        return found ? kv_output::found(it->second.first, rev(it->second.second), rev(revision_))
                     : kv_output::absent(rev(revision_));
      case kv_op::put:
        data_[in.key] = {in.value, ++revision_};
        return kv_output::put(rev(revision_));
      case kv_op::erase:
        if (!found)
          return kv_output::erased(false, rev(revision_));
        data_.erase(it);
        return kv_output::erased(true, rev(++revision_));
      case kv_op::compare_and_put:
      case kv_op::compare_and_erase:
        return compare(in, found ? it->second.second : 0);
    }
    return {};
  }

private:
  kv_output compare(const kv_input& in, int64_t mod) {
    if (in.expected_mod_revision != mod)
      return kv_output::compared(false, rev(revision_));
    if (in.op == kv_op::compare_and_put)
      data_[in.key] = {in.value, ++revision_};
    else if (mod != 0) {
      data_.erase(in.key);
      ++revision_;
    }
    return kv_output::compared(true, rev(revision_));
  }

  int64_t rev(int64_t r) const {
    return report_ ? r : 0;
  }

  bool report_;
  int64_t revision_ = 1;
  std::map<std::string, std::pair<std::string, int64_t>> data_;
};

struct client {
  enum class phase { idle, invoked, applied } at = phase::idle;
  size_t op = 0;
  bool crashes = false;
};

kv_input random_input(std::mt19937_64& rng, const reference_store& store, int keys, size_t serial) {
  auto key = "k" + std::to_string(std::uniform_int_distribution<int>{0, keys - 1}(rng));
  auto value = "v" + std::to_string(serial);
  auto expected = store.mod_of(key);
  // Mostly the current mod_revision (may be stale by the time it applies),
  // sometimes an older one or "create".
  auto roll = std::uniform_int_distribution<int>{0, 99}(rng);
  if (roll % 10 == 0)
    expected = 0;
  else if (roll % 10 == 1 && expected > 1)
    expected -= 1;
  switch (std::uniform_int_distribution<int>{0, 19}(rng)) {
    case 0:
    case 1:
      return kv_input::erase(key);
    case 2:
      return kv_input::compare_and_erase(key, expected);
    case 3:
    case 4:
    case 5:
    case 6:
      return kv_input::compare_and_put(key, expected, value);
    case 7:
    case 8:
    case 9:
    case 10:
    case 11:
      return kv_input::put(key, value);
    default:
      return kv_input::get(key);
  }
}

} // namespace

kv_history generate_kv_history(const kv_generator_options& options) {
  std::mt19937_64 rng{options.seed};
  reference_store store{options.report_revisions};
  std::vector<client> clients(static_cast<size_t>(options.clients));
  std::bernoulli_distribution crash{options.pending_probability};
  std::bernoulli_distribution coin{0.5};
  std::uniform_int_distribution<size_t> pick{0, clients.size() - 1};
  kv_history h;
  time_ns now = 0;
  size_t busy = 0;
  while (h.size() < options.operations || busy > 0) {
    auto id = pick(rng);
    auto& c = clients[id];
    switch (c.at) {
      case client::phase::idle:
        if (h.size() >= options.operations)
          break;
        c.op = h.size();
        c.crashes = crash(rng);
        c.at = client::phase::invoked;
        ++busy;
        h.push_back({static_cast<int>(id),
                     ++now,
                     std::nullopt,
                     random_input(rng, store, options.keys, h.size()),
                     {}});
        break;
      case client::phase::invoked:
        if (c.crashes) {
          if (coin(rng))
            store.apply(h[c.op].input);
          c.at = client::phase::idle; // never returns
          --busy;
          break;
        }
        h[c.op].output = store.apply(h[c.op].input);
        c.at = client::phase::applied;
        break;
      case client::phase::applied:
        h[c.op].ret = ++now;
        c.at = client::phase::idle;
        --busy;
        break;
    }
  }
  return h;
}

uint64_t seed_from_env(uint64_t fallback) {
  if (const char* env = std::getenv("CONVOY_SEED"))
    return std::strtoull(env, nullptr, 10);
  return fallback;
}

bool seed_pinned() {
  return std::getenv("CONVOY_SEED") != nullptr;
}

} // namespace convoy::checkers::testing
