// The process runtime against real processes and the real convoy-shim.
// Every wait polls a condition with a deadline; nothing sleeps to sync.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "runtime/containers/process/process_runtime.hpp"
#include "runtime/containers/process/state_files.hpp"

using namespace convoy::containers;
namespace fs = std::filesystem;

namespace {

bool wait_until(const std::function<bool()>& cond, std::chrono::milliseconds limit
                                                    = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return cond();
}

std::optional<container_status> status_of(process_runtime& rt, const std::string& id) {
  for (auto& s : rt.list())
    if (s.id == id)
      return s;
  return std::nullopt;
}

container_status wait_state(process_runtime& rt, const std::string& id, container_state want) {
  std::optional<container_status> s;
  bool ok = wait_until([&] {
    s = status_of(rt, id);
    return s && s->state == want;
  });
  BOOST_REQUIRE_MESSAGE(ok, "container " << id << " never reached " << to_string(want));
  return *s;
}

/// Live (non-zombie) members of process group `pgid`, from /proc.
int group_size(int pgid) {
  int n = 0;
  DIR* d = ::opendir("/proc");
  while (auto* e = d ? ::readdir(d) : nullptr) {
    int pid = std::atoi(e->d_name);
    if (pid <= 0)
      continue;
    auto text = state_files::read_small("/proc/" + std::to_string(pid) + "/stat");
    auto pos = text ? text->rfind(')') : std::string::npos;
    if (pos == std::string::npos)
      continue;
    std::istringstream is(text->substr(pos + 1));
    char state;
    int ppid, pgrp;
    if (is >> state >> ppid >> pgrp && pgrp == pgid && state != 'Z' && state != 'X')
      ++n;
  }
  if (d)
    ::closedir(d);
  return n;
}

state_files::pid_record pids_of(process_runtime& rt, const std::string& id) {
  auto text = state_files::read_small(rt.container_dir(id) + "/pid");
  BOOST_REQUIRE(text);
  auto rec = state_files::parse_pid(*text);
  BOOST_REQUIRE(rec);
  return *rec;
}

struct runtime_fixture {
  std::string root;
  process_runtime_config cfg;
  std::unique_ptr<process_runtime> rt;

  runtime_fixture() {
    char tmpl[] = "/tmp/convoy-rt-XXXXXX";
    root = ::mkdtemp(tmpl);
    cfg.root_dir = root;
    cfg.shim_path = CONVOY_SHIM_PATH;
    cfg.node_name = "test";
    rt = std::make_unique<process_runtime>(cfg);
  }

  ~runtime_fixture() {
    process_runtime cleanup(cfg);
    for (const auto& s : cleanup.list())
      cleanup.remove(s.id);
    std::error_code ec;
    fs::remove_all(root, ec);
  }

  container_spec spec(std::vector<std::string> argv) const {
    container_spec s;
    s.pod_uid = "uid-1";
    s.pod_namespace = "default";
    s.pod_name = "web";
    s.container_name = "main";
    s.image = "busybox";
    s.argv = std::move(argv);
    return s;
  }

  std::string start(const container_spec& s) {
    auto r = rt->start(s);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.error_reason << ": " << r.error_message);
    return r.id;
  }

  std::string log(const std::string& id) {
    return rt->read_log(id, log_query{}).data;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(process_runtime_tests, runtime_fixture)

BOOST_AUTO_TEST_CASE(exit_code_reason_and_log) {
  auto id = start(spec({"sh", "-c", "echo hi; echo err >&2; exit 3"}));
  auto s = wait_state(*rt, id, container_state::exited);
  BOOST_TEST(s.exit_code == 3);
  BOOST_TEST(s.signal == 0);
  BOOST_TEST(s.reason == "Error");
  BOOST_TEST(log(id) == "hi\nerr\n");
  auto ok = wait_state(*rt, start(spec({"true"})), container_state::exited);
  BOOST_TEST(ok.exit_code == 0);
  BOOST_TEST(ok.reason == "Completed");
  BOOST_TEST(ok.pod_uid == "uid-1");
  BOOST_TEST(ok.pod_name == "web");
  BOOST_TEST(ok.container_name == "main");
  BOOST_TEST(ok.image == "busybox");
  BOOST_TEST(ok.started_at >= ok.created_at);
  BOOST_TEST(ok.finished_at >= ok.started_at);
  BOOST_TEST(ok.id != id);
  BOOST_TEST(ok.id.size() == 16u);
}

BOOST_AUTO_TEST_CASE(namespaces_give_the_container_its_own_pids_and_host_name) {
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: namespaces need root");
    return;
  }
  cfg.namespaces = true;
  rt = std::make_unique<process_runtime>(cfg);
  // In its pid namespace the shell is pid 1, and its /proc lists only the
  // shell and the pipeline's ls and grep (pid 2 was `hostname`).
  auto id = start(spec({"sh", "-c", "echo $$; hostname; ls /proc | grep '^[0-9]'"}));
  auto s = wait_state(*rt, id, container_state::exited);
  BOOST_TEST(s.exit_code == 0);
  BOOST_TEST(log(id) == "1\nweb\n1\n3\n4\n");
  // The host keeps its own host name and /proc.
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  BOOST_TEST(std::string{host} != "web");
  BOOST_TEST(fs::exists("/proc/" + std::to_string(::getpid())));
  // Stopping reaches the namespaced process group from the host.
  auto sleeper = start(spec({"sleep", "100"}));
  wait_state(*rt, sleeper, container_state::running);
  rt->stop(sleeper, true);
  BOOST_TEST(wait_state(*rt, sleeper, container_state::exited).signal == SIGKILL);
}

BOOST_AUTO_TEST_CASE(env_working_dir_and_pod_ip_reach_the_process) {
  auto s = spec({"sh", "-c", "echo $FOO; pwd; echo $POD_IP"});
  s.env = {{"FOO", "one"}, {"FOO", "bar"}};
  s.working_dir = root;
  s.pod_ip = "10.1.2.3";
  auto id = start(s);
  wait_state(*rt, id, container_state::exited);
  BOOST_TEST(log(id) == "bar\n" + fs::canonical(root).string() + "\n10.1.2.3\n");
}

BOOST_AUTO_TEST_CASE(start_errors_are_reported_not_crashed) {
  auto missing = rt->start(spec({"convoy-no-such-command"}));
  BOOST_TEST(!missing.ok());
  BOOST_TEST(missing.error_reason == "RunContainerError");
  BOOST_TEST(missing.error_message.find("convoy-no-such-command") != std::string::npos);
  std::ofstream(root + "/data.txt") << "not a program\n";
  fs::permissions(root + "/data.txt", fs::perms::owner_read | fs::perms::owner_write);
  auto not_exec = rt->start(spec({root + "/data.txt"}));
  BOOST_TEST(not_exec.error_reason == "RunContainerError");
  BOOST_TEST(not_exec.error_message.find("ermission denied") != std::string::npos);
  auto bad_dir = spec({"true"});
  bad_dir.working_dir = root + "/nope";
  auto r = rt->start(bad_dir);
  BOOST_TEST(r.error_reason == "CreateContainerError");
  BOOST_TEST(r.error_message.find("workingDir") != std::string::npos);
  BOOST_TEST(rt->start(spec({})).error_message.find("argv") != std::string::npos);
  auto cfg2 = cfg;
  cfg2.shim_path = root + "/no-shim";
  process_runtime no_shim(cfg2);
  BOOST_TEST(no_shim.start(spec({"true"})).error_reason == "CreateContainerError");
  BOOST_TEST(rt->list().empty()); // failed starts leave nothing behind
}

BOOST_AUTO_TEST_CASE(stop_terminates_the_whole_process_group) {
  auto id = start(spec({"sh", "-c", "sleep 100 & sleep 100"}));
  auto pgid = pids_of(*rt, id).child_pid;
  BOOST_REQUIRE(wait_until([&] { return group_size(pgid) >= 3; }));
  rt->stop(id, false);
  auto s = wait_state(*rt, id, container_state::exited);
  BOOST_TEST(s.signal == SIGTERM);
  BOOST_TEST(s.exit_code == 143);
  BOOST_TEST(s.reason == "Error");
  BOOST_TEST(wait_until([&] { return group_size(pgid) == 0; }));
  rt->stop(id, true); // exited: ignored
  rt->stop("0000000000000000", false);
}

BOOST_AUTO_TEST_CASE(force_stop_kills_what_ignores_sigterm) {
  auto id = start(spec({"sh", "-c", "trap '' TERM; echo ready; sleep 100"}));
  BOOST_REQUIRE(wait_until([&] { return log(id) == "ready\n"; }));
  rt->stop(id, false);
  // Observation window, not synchronisation: it must still run afterwards.
  BOOST_TEST(!wait_until([&] { return status_of(*rt, id)->state != container_state::running; },
                         std::chrono::milliseconds(300)));
  rt->stop(id, true);
  auto s = wait_state(*rt, id, container_state::exited);
  BOOST_TEST(s.signal == SIGKILL);
  BOOST_TEST(s.exit_code == 137);
}

BOOST_AUTO_TEST_CASE(containers_survive_a_runtime_restart) {
  auto id = start(spec({"sleep", "100"}));
  wait_state(*rt, id, container_state::running);
  auto pids = pids_of(*rt, id);
  // The shim is not our child: nothing for us to reap, no zombies.
  BOOST_TEST(::waitpid(-1, nullptr, WNOHANG) == -1);
  BOOST_TEST(state_files::process_alive(pids.shim_pid, pids.shim_start));
  rt.reset();
  process_runtime again(cfg);
  auto listed = again.list();
  BOOST_REQUIRE(listed.size() == 1u);
  BOOST_TEST(listed[0].id == id);
  BOOST_TEST(to_string(listed[0].state) == std::string("running"));
  BOOST_TEST(listed[0].pod_name == "web");
  again.stop(id, true);
  auto s = wait_state(again, id, container_state::exited);
  BOOST_TEST(s.signal == SIGKILL);
}

BOOST_AUTO_TEST_CASE(a_container_whose_shim_vanished_is_reported_lost) {
  auto id = start(spec({"sleep", "100"}));
  auto pids = pids_of(*rt, id);
  ::kill(pids.shim_pid, SIGKILL);
  ::kill(pids.child_pid, SIGKILL);
  auto s = wait_state(*rt, id, container_state::exited);
  BOOST_TEST(s.reason == "ContainerStatusUnknown");
  BOOST_TEST(s.exit_code == 137);
}

BOOST_AUTO_TEST_CASE(remove_deletes_directory_and_cgroups) {
  auto s = spec({"sleep", "100"});
  s.memory_limit_bytes = 64 << 20;
  auto id = start(s);
  auto cgs = rt->cgroup_dirs(id);
  auto pgid = pids_of(*rt, id).child_pid;
  rt->remove(id); // running: killed first
  BOOST_TEST(!fs::exists(rt->container_dir(id)));
  for (const auto& dir : cgs)
    BOOST_TEST(!fs::exists(dir), dir);
  BOOST_TEST(rt->list().empty());
  BOOST_TEST(!rt->read_log(id, {}).found);
  BOOST_TEST(wait_until([&] { return group_size(pgid) == 0; }));
  auto done = start(spec({"true"}));
  wait_state(*rt, done, container_state::exited);
  rt->remove(done);
  BOOST_TEST(!fs::exists(rt->container_dir(done)));
}

BOOST_AUTO_TEST_CASE(log_rotation_and_tail) {
  cfg.log_max_bytes = 100;
  cfg.log_max_files = 3;
  process_runtime small(cfg);
  auto r = small.start(spec({"sh", "-c", "i=1; while [ $i -le 200 ]; do echo line$i; i=$((i+1)); done"}));
  BOOST_REQUIRE(r.ok());
  wait_state(small, r.id, container_state::exited);
  int files = 0;
  for (const auto& e : fs::directory_iterator(small.container_dir(r.id))) {
    auto name = e.path().filename().string();
    files += name == "log" || (name.rfind("log.", 0) == 0 && name != "log.index");
  }
  BOOST_TEST(files == 3);
  log_query q;
  q.tail_lines = 3;
  auto tail = small.read_log(r.id, q);
  BOOST_TEST(tail.data == "line198\nline199\nline200\n");
  uint64_t total = 0;
  for (int i = 1; i <= 200; ++i)
    total += ("line" + std::to_string(i) + "\n").size();
  BOOST_TEST(tail.next_offset == total);
  auto all = small.read_log(r.id, log_query{});
  BOOST_TEST(all.data.size() <= 300u);
  BOOST_TEST(all.data.size() > 200u);
}

BOOST_AUTO_TEST_CASE(following_returns_only_new_data) {
  auto go = root + "/GO";
  auto id = start(spec({"sh", "-c", "echo first; while [ ! -e " + go + " ]; do sleep 0.02; done; echo second"}));
  BOOST_REQUIRE(wait_until([&] { return log(id) == "first\n"; }));
  auto offset = rt->read_log(id, log_query{}).next_offset;
  BOOST_TEST(offset == 6u);
  log_query follow;
  follow.from_offset = offset;
  BOOST_TEST(rt->read_log(id, follow).data.empty());
  std::ofstream(go).put('x');
  log_chunk next;
  BOOST_REQUIRE(wait_until([&] {
    next = rt->read_log(id, follow);
    return !next.data.empty();
  }));
  BOOST_TEST(next.data == "second\n");
  BOOST_TEST(next.next_offset == 13u);
}

BOOST_AUTO_TEST_CASE(memory_limit_reaches_the_cgroup) {
  auto s = spec({"sleep", "100"});
  s.memory_limit_bytes = 64 << 20;
  s.pids_limit = 50;
  s.cpu_limit_millis = 500;
  auto id = start(s);
  if (rt->cgroup_mode() == cgroups::mode::none) {
    BOOST_TEST_MESSAGE("cgroups not writable here: limit assertions skipped");
    return;
  }
  auto pid = std::to_string(pids_of(*rt, id).child_pid);
  bool found = false;
  for (const auto& dir : rt->cgroup_dirs(id)) {
    auto procs = state_files::read_small(dir + "/cgroup.procs");
    BOOST_TEST((procs && procs->find(pid) != std::string::npos), dir);
    for (const char* f : {"/memory.limit_in_bytes", "/memory.max"})
      if (auto v = state_files::read_small(dir + f)) {
        BOOST_TEST(std::stoll(*v) == 64 << 20);
        found = true;
      }
  }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_CASE(oom_kill_is_reported, runtime_fixture) {
  if (rt->cgroup_mode() == cgroups::mode::none) {
    BOOST_TEST_MESSAGE("cgroups not writable here: OOMKilled not checked");
    return;
  }
  auto s = spec({"sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived"});
  s.memory_limit_bytes = 16 << 20;
  auto id = start(s);
  auto st = wait_state(*rt, id, container_state::exited);
  BOOST_TEST(st.reason == "OOMKilled");
  BOOST_TEST(st.signal == SIGKILL);
}
