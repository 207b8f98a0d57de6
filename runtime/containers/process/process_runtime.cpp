#include "runtime/containers/process/process_runtime.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <sys/stat.h>
#include <tuple>
#include <unistd.h>

#include <spdlog/logger.h>

#include "runtime/containers/process/container_record.hpp"
#include "runtime/containers/process/log_reader.hpp"
#include "runtime/containers/process/shim_launcher.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::containers {

namespace {

/// How long start() waits for the shim to report exec success or failure.
constexpr std::chrono::milliseconds launch_timeout{2000};

/// A container with neither pid nor exit record after this long was never
/// started (the kubelet died inside start()).
constexpr int64_t never_started_ms = 10000;

std::string exec_message(const launch_outcome& out, const container_spec& spec,
                         const std::string& shim_path) {
  const auto& cmd = spec.argv.front();
  if (out.stage == "exec") {
    if (out.err == ENOENT && cmd.find('/') == std::string::npos)
      return "exec: \"" + cmd + "\": executable file not found in $PATH";
    return "exec: \"" + cmd + "\": " + std::strerror(out.err);
  }
  if (out.stage == "chdir")
    return "workingDir \"" + spec.working_dir + "\": " + std::strerror(out.err);
  if (out.stage == "cgroup")
    return std::string("joining the container's cgroup: ") + std::strerror(out.err);
  if (out.stage == "network")
    return "joining the pod's network namespace " + spec.netns_path + ": "
           + std::strerror(out.err);
  if (out.stage == "namespaces")
    return std::string("entering the container's namespaces: ") + std::strerror(out.err);
  if (out.stage == "timeout")
    return "the shim did not report within 2s";
  return "starting shim \"" + shim_path + "\": " + std::strerror(out.err);
}

std::string validate(const container_spec& spec) {
  if (spec.argv.empty() || spec.argv.front().empty())
    return "argv: the command is empty";
  if (spec.container_name.empty())
    return "container_name: must not be empty";
  for (const auto& [name, value] : spec.env)
    if (name.empty() || name.find('=') != std::string::npos)
      return "env: invalid variable name \"" + name + "\"";
  return {};
}

void kill_if_alive(int pid, uint64_t start_ticks, int sig, bool group) {
  if (state_files::process_alive(pid, start_ticks))
    ::kill(group ? -pid : pid, sig);
}

} // namespace

process_runtime::process_runtime(process_runtime_config cfg)
  : cfg_(std::move(cfg)), containers_dir_(cfg_.root_dir + "/containers"),
    cgroups_(cfg_.cgroup_root, cfg_.use_cgroups),
    log_(log::get(cfg_.node_name, "process-runtime")) {
  std::error_code ec;
  std::filesystem::create_directories(containers_dir_, ec);
  if (ec)
    log_->error("cannot create {}: {}", containers_dir_, ec.message());
  if (cfg_.use_cgroups && cgroups_.current_mode() == cgroups::mode::none)
    log_->warn("running containers without resource limits: {}", cgroups_.unavailable_reason());
  std::random_device rd;
  rng_.seed((static_cast<uint64_t>(rd()) << 32) ^ rd()
            ^ static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())
            ^ static_cast<uint64_t>(::getpid()));
}

std::string process_runtime::container_dir(const std::string& id) const {
  return containers_dir_ + "/" + id;
}

std::string process_runtime::new_id() {
  auto now = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx",
                static_cast<unsigned long long>(rng_() ^ (now * 0x9e3779b97f4a7c15ULL)));
  return buf;
}

start_result process_runtime::fail(const std::string& id, const std::vector<std::string>& cgs,
                                   const char* reason, std::string message) {
  for (const auto& dir : cgroups::remove(cgs))
    log_->warn("could not remove cgroup {}", dir);
  if (!id.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(container_dir(id), ec);
  }
  log_->info("container start failed: {}: {}", reason, message);
  return {{}, reason, std::move(message)};
}

start_result process_runtime::start(const container_spec& spec) {
  if (auto err = validate(spec); !err.empty())
    return fail({}, {}, "CreateContainerError", err);
  std::string id;
  for (int i = 0; i < 5 && id.empty(); ++i) {
    id = new_id();
    if (::mkdir(container_dir(id).c_str(), 0755) != 0)
      id.clear(); // EEXIST is astronomically unlikely; anything else repeats
  }
  if (id.empty())
    return fail({}, {}, "CreateContainerError",
                "creating " + containers_dir_ + "/<id>: " + std::strerror(errno));
  container_record rec;
  rec.meta = created_status(spec, id, state_files::now_ms());
  rec.argv = spec.argv;
  auto cg_err = cgroups_.create(
    id, {spec.memory_limit_bytes, spec.cpu_limit_millis, spec.pids_limit}, rec.cgroup_dirs);
  if (!cg_err.empty())
    return fail(id, rec.cgroup_dirs, "CreateContainerError", "cgroup: " + cg_err);
  auto dir = container_dir(id);
  if (!state_files::write_atomic(dir, state_files::config_file, encode_record(rec)))
    return fail(id, rec.cgroup_dirs, "CreateContainerError",
                "writing " + dir + "/config.json: " + std::strerror(errno));
  launch_request req{cfg_.shim_path,
                     dir,
                     cfg_.log_max_bytes,
                     cfg_.log_max_files,
                     spec.working_dir,
                     cfg_.namespaces ? (spec.pod_name.empty() ? "container" : spec.pod_name) : "",
                     spec.netns_path,
                     rec.cgroup_dirs,
                     container_environment(spec, cfg_.extra_path),
                     spec.argv};
  auto out = launch_shim(req, launch_timeout);
  if (!out.ok()) {
    if (auto text = state_files::read_small(dir + "/" + state_files::pid_file))
      if (auto pids = state_files::parse_pid(*text)) {
        kill_if_alive(pids->child_pid, pids->child_start, SIGKILL, true);
        kill_if_alive(pids->shim_pid, pids->shim_start, SIGKILL, false);
      }
    return fail(id, rec.cgroup_dirs, out.stage == "exec" ? "RunContainerError" : "CreateContainerError",
                exec_message(out, spec, cfg_.shim_path));
  }
  auto& e = entries_[id];
  e.status = rec.meta;
  e.cgroup_dirs = rec.cgroup_dirs;
  refresh(e);
  log_->debug("started container {} ({}/{}:{})", id, spec.pod_namespace, spec.pod_name,
              spec.container_name);
  return {id, {}, {}, e.status.state == container_state::running ? e.status.started_at : 0};
}

process_runtime::entry* process_runtime::load(const std::string& id) {
  if (broken_.count(id) != 0)
    return nullptr;
  auto text = state_files::read_small(container_dir(id) + "/" + state_files::config_file);
  if (!text)
    return nullptr; // not a container dir, or removed meanwhile
  auto rec = decode_record(*text);
  if (!rec || rec->meta.id != id) {
    broken_.insert(id);
    log_->warn("ignoring {}: unreadable config.json", container_dir(id));
    return nullptr;
  }
  auto& e = entries_[id];
  e.status = rec->meta;
  e.cgroup_dirs = std::move(rec->cgroup_dirs);
  return &e;
}

process_runtime::entry* process_runtime::find(const std::string& id) {
  if (id.empty() || id.find('/') != std::string::npos || id[0] == '.')
    return nullptr;
  auto i = entries_.find(id);
  auto* e = i != entries_.end() ? &i->second : load(id);
  if (e)
    refresh(*e);
  return e;
}

void process_runtime::mark_exited(entry& e, const state_files::exit_record& ex) {
  auto& s = e.status;
  s.state = container_state::exited;
  s.exit_code = ex.exit_code;
  s.signal = ex.signal;
  s.finished_at = ex.finished_at_ms;
  if (ex.signal == SIGKILL && cgroups::oom_killed(e.cgroup_dirs))
    s.reason = "OOMKilled";
  else
    s.reason = (ex.exit_code == 0 && ex.signal == 0) ? "Completed" : "Error";
  e.final = true;
}

void process_runtime::mark_lost(entry& e) {
  auto& s = e.status;
  s.state = container_state::exited;
  s.exit_code = 137;
  s.signal = 0;
  s.finished_at = state_files::now_ms();
  s.reason = "ContainerStatusUnknown";
  s.message = "the container's process and shim are gone without an exit record";
  e.final = true;
}

void process_runtime::refresh(entry& e) {
  if (e.final)
    return;
  auto dir = container_dir(e.status.id) + "/";
  auto read_exit = [&] {
    auto text = state_files::read_small(dir + state_files::exit_file);
    return text ? state_files::parse_exit(*text) : std::nullopt;
  };
  if (!e.pids)
    if (auto text = state_files::read_small(dir + state_files::pid_file))
      e.pids = state_files::parse_pid(*text);
  if (e.pids)
    e.status.started_at = e.pids->started_at_ms;
  if (auto ex = read_exit())
    return mark_exited(e, *ex);
  if (!e.pids) {
    e.status.state = container_state::created;
    if (state_files::now_ms() - e.status.created_at > never_started_ms)
      mark_lost(e);
    return;
  }
  const auto& p = *e.pids;
  if (state_files::process_alive(p.shim_pid, p.shim_start)
      || state_files::process_alive(p.child_pid, p.child_start)) {
    e.status.state = container_state::running;
    return;
  }
  // The shim writes the exit record just before it exits: look once more.
  if (auto ex = read_exit())
    return mark_exited(e, *ex);
  mark_lost(e);
}

std::vector<container_status> process_runtime::list() {
  ++list_round_;
  std::vector<container_status> out;
  if (DIR* d = ::opendir(containers_dir_.c_str())) {
    while (auto* de = ::readdir(d)) {
      if (de->d_name[0] == '.')
        continue;
      if (auto* e = find(de->d_name)) {
        e->seen = list_round_;
        out.push_back(e->status);
      }
    }
    ::closedir(d);
  }
  // Forget entries whose directory vanished (removed by hand).
  for (auto i = entries_.begin(); i != entries_.end();)
    i = i->second.seen == list_round_ ? std::next(i) : entries_.erase(i);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return out;
}

void process_runtime::stop(const std::string& id, bool force) {
  auto* e = find(id);
  if (!e || e->status.state != container_state::running || !e->pids)
    return;
  // The container's pid leads its process group (setpgid in the shim).
  if (::kill(-e->pids->child_pid, force ? SIGKILL : SIGTERM) != 0 && errno != ESRCH)
    log_->warn("stop {}: kill: {}", id, std::strerror(errno));
}

void process_runtime::remove(const std::string& id) {
  auto* e = find(id);
  std::vector<std::string> cgs;
  if (e) {
    if (e->status.state == container_state::running && e->pids) {
      // Kill the shim too, so nothing writes into the directory we delete;
      // the container's leftovers are reaped by init.
      ::kill(-e->pids->child_pid, SIGKILL);
      kill_if_alive(e->pids->shim_pid, e->pids->shim_start, SIGKILL, false);
    }
    cgs = e->cgroup_dirs;
    entries_.erase(id);
  } else if (id.empty() || id.find('/') != std::string::npos || id[0] == '.') {
    return;
  }
  for (const auto& dir : cgroups::remove(cgs))
    log_->warn("remove {}: cgroup {} still busy, left behind", id, dir);
  std::error_code ec;
  std::filesystem::remove_all(container_dir(id), ec);
  if (ec)
    log_->warn("remove {}: {}", id, ec.message());
  broken_.erase(id);
}

log_chunk process_runtime::read_log(const std::string& id, const log_query& query) {
  if (!find(id)) {
    log_chunk none;
    none.found = false;
    return none;
  }
  return read_container_log(container_dir(id), query);
}

std::vector<std::string> process_runtime::cgroup_dirs(const std::string& id) {
  auto* e = find(id);
  return e ? e->cgroup_dirs : std::vector<std::string>{};
}

} // namespace convoy::containers
