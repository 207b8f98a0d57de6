#include "runtime/containers/simulated/simulated_runtime.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>

namespace convoy::containers {

namespace {

const std::string* env_value(const container_spec& spec, const std::string& name) {
  const std::string* found = nullptr;
  for (const auto& [k, v] : spec.env)
    if (k == name)
      found = &v; // later entries win, as in a process environment
  return found;
}

/// Parses a number of seconds; nullopt for text that is not one.
std::optional<double> seconds_of(const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v) || v < 0)
    return std::nullopt;
  return v;
}

std::string hex_id(uint64_t n) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(n));
  return buf;
}

/// Where the last `n` lines of `text` begin (n < 0: everything).
size_t tail_start(const std::string& text, int64_t n) {
  if (n < 0)
    return 0;
  size_t end = text.size();
  if (n == 0)
    return end;
  if (end > 0 && text[end - 1] == '\n')
    --end; // the last line's own newline
  int64_t seen = 0;
  for (size_t i = end; i > 0; --i)
    if (text[i - 1] == '\n' && ++seen == n)
      return i;
  return 0;
}

} // namespace

simulated_runtime::simulated_runtime(simulated_runtime_config cfg, std::function<wall_ms()> now)
  : cfg_(cfg), now_(std::move(now)) {
}

start_result simulated_runtime::start(const container_spec& spec) {
  if (auto err = env_value(spec, "SIM_START_ERROR"))
    return {"", "RunContainerError", *err};
  int code = 0;
  if (auto text = env_value(spec, "SIM_EXIT_CODE")) {
    char* end = nullptr;
    long v = std::strtol(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || v < 0 || v > 255)
      return {"", "CreateContainerConfigError",
              "SIM_EXIT_CODE: not an exit code (0-255): '" + *text + "'"};
    code = static_cast<int>(v);
  }
  std::optional<double> run_for;
  if (auto text = env_value(spec, "SIM_RUN_SECONDS")) {
    run_for = seconds_of(*text);
    if (!run_for)
      return {"", "CreateContainerConfigError",
              "SIM_RUN_SECONDS: not a number of seconds: '" + *text + "'"};
  }
  auto now = now_();
  entry e;
  e.status = created_status(spec, hex_id(next_id_++), now);
  const auto& s = e.status;
  e.runs_at = now + cfg_.start_latency_ms;
  if (run_for)
    e.exits_at = e.runs_at + static_cast<int64_t>(std::llround(*run_for * 1000));
  e.planned_exit_code = code;
  auto id = s.id;
  advance(e, now);
  auto started = s.state == container_state::running ? s.started_at : 0;
  containers_.emplace(id, std::move(e));
  return {id, "", "", started};
}

void simulated_runtime::advance(entry& e, wall_ms now) {
  auto& s = e.status;
  if (s.state == container_state::created && now >= e.runs_at) {
    s.state = container_state::running;
    s.started_at = e.runs_at;
    e.log += "started " + s.container_name + " attempt " + std::to_string(s.attempt) + "\n";
  }
  if (s.state == container_state::running && e.exits_at != 0 && now >= e.exits_at) {
    if (e.pending_signal != 0)
      finish(e, e.exits_at, 128 + e.pending_signal, e.pending_signal);
    else
      finish(e, e.exits_at, e.planned_exit_code, 0);
  }
}

void simulated_runtime::finish(entry& e, wall_ms at, int code, int signal) {
  auto& s = e.status;
  if (s.started_at == 0)
    s.started_at = at;
  s.state = container_state::exited;
  s.finished_at = at;
  s.exit_code = code;
  s.signal = signal;
  s.reason = code == 0 ? "Completed" : "Error";
  e.log += "exited with code " + std::to_string(code) + "\n";
}

void simulated_runtime::stop(const std::string& id, bool force) {
  auto i = containers_.find(id);
  if (i == containers_.end())
    return;
  auto& e = i->second;
  auto now = now_();
  advance(e, now);
  if (e.status.state == container_state::exited)
    return;
  int sig = force ? SIGKILL : SIGTERM;
  e.log += std::string{"signal "} + (force ? "KILL" : "TERM") + "\n";
  if (force || cfg_.stop_latency_ms == 0)
    return finish(e, now, 128 + sig, sig);
  auto at = now + cfg_.stop_latency_ms;
  if (e.exits_at == 0 || at < e.exits_at) {
    e.exits_at = at;
    e.pending_signal = sig;
  }
}

void simulated_runtime::remove(const std::string& id) {
  containers_.erase(id);
}

std::vector<container_status> simulated_runtime::list() {
  auto now = now_();
  std::vector<container_status> out;
  out.reserve(containers_.size());
  for (auto& [id, e] : containers_) {
    advance(e, now);
    out.push_back(e.status);
  }
  return out;
}

log_chunk simulated_runtime::read_log(const std::string& id, const log_query& query) {
  auto i = containers_.find(id);
  if (i == containers_.end())
    return {"", 0, false};
  advance(i->second, now_());
  const auto& log = i->second.log;
  size_t from = 0;
  if (query.from_offset) {
    from = std::min<size_t>(*query.from_offset, log.size());
  } else {
    from = tail_start(log, query.tail_lines);
  }
  auto len = std::min<size_t>(log.size() - from, query.limit_bytes);
  return {log.substr(from, len), from + len, true};
}

} // namespace convoy::containers
