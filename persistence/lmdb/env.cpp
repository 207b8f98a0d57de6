#include "persistence/lmdb/env.hpp"

#include <cerrno>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "persistence/lmdb/error.hpp"

namespace convoy::lmdb {

namespace {

std::size_t round_up(std::size_t bytes, std::size_t page) {
  return (bytes + page - 1) / page * page;
}

void create_directory(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec)
    throw error("create_directories", ec.value(), path);
}

/// Takes the exclusive flock of a single_owner env: the file descriptor, or
/// an error naming the lock file and who holds it.
int lock_owner(const std::string& path, bool subdir) {
  auto file = subdir ? path + "/owner.lock" : path + "-owner.lock";
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    throw error("open", errno, file);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int e = errno;
    ::close(fd);
    throw error("flock", e,
                file + (e == EWOULDBLOCK ? ": the environment is in use by another owner" : ""));
  }
  return fd;
}

} // namespace

env::env(std::unique_ptr<state> s) noexcept : state_(std::move(s)) {
  // nop
}

env env::open(const std::string& path, const env_options& options) {
  auto s = std::make_unique<state>();
  s->path = path;
  check("mdb_env_create", mdb_env_create(&s->handle), path);
  env result{std::move(s)}; // closes the handle if anything below throws
  MDB_env* h = result.handle();
  check("mdb_env_set_mapsize", mdb_env_set_mapsize(h, options.map_size_bytes), path);
  check("mdb_env_set_maxdbs", mdb_env_set_maxdbs(h, options.max_dbs), path);
  check("mdb_env_set_maxreaders", mdb_env_set_maxreaders(h, options.max_readers), path);
  unsigned flags = options.flags | MDB_NOTLS;
  if (!options.sync_on_commit)
    flags |= MDB_NOSYNC;
  bool subdir = (flags & MDB_NOSUBDIR) == 0;
  if (options.create_directory && subdir)
    create_directory(path);
  if (options.single_owner) {
    result.state_->owner_lock = lock_owner(path, subdir);
    flags |= MDB_NOLOCK;
  }
  check("mdb_env_open", mdb_env_open(h, path.c_str(), flags, options.mode), path);
  int dead = 0;
  if (!options.single_owner) // no reader table without locks
    check("mdb_reader_check", mdb_reader_check(h, &dead), path);
  return result;
}

env& env::operator=(env&& other) noexcept {
  if (this != &other) {
    close();
    state_ = std::move(other.state_);
  }
  return *this;
}

env::~env() {
  close();
}

void env::close() noexcept {
  if (state_ && state_->handle != nullptr) {
    mdb_env_close(state_->handle);
    state_->handle = nullptr;
  }
  if (state_ && state_->owner_lock >= 0) {
    ::close(state_->owner_lock); // releases the flock
    state_->owner_lock = -1;
  }
}

MDB_env* env::live(const char* call) const {
  if (handle() == nullptr)
    throw error(call, EINVAL, "environment is closed");
  return handle();
}

MDB_env* env::handle() const noexcept {
  return state_ ? state_->handle : nullptr;
}

const std::string& env::path() const noexcept {
  static const std::string none;
  return state_ ? state_->path : none;
}

void env::set_map_size(std::size_t bytes) {
  MDB_env* h = live("mdb_env_set_mapsize");
  if (int n = open_txns(); n > 0)
    throw error("mdb_env_set_mapsize", EBUSY,
                std::to_string(n) + " transaction(s) still open in this process");
  std::size_t page = stat().ms_psize;
  check("mdb_env_set_mapsize", mdb_env_set_mapsize(h, round_up(bytes, page)), path());
}

std::size_t env::grow(double factor) {
  if (!(factor > 1.0))
    throw error("mdb_env_set_mapsize", EINVAL, "grow factor must be > 1");
  auto bigger = static_cast<std::size_t>(static_cast<double>(map_size()) * factor);
  set_map_size(bigger);
  return map_size();
}

std::size_t env::map_size() const {
  return info().me_mapsize;
}

MDB_envinfo env::info() const {
  MDB_envinfo result;
  check("mdb_env_info", mdb_env_info(live("mdb_env_info"), &result), path());
  return result;
}

MDB_stat env::stat() const {
  MDB_stat result;
  check("mdb_env_stat", mdb_env_stat(live("mdb_env_stat"), &result), path());
  return result;
}

std::size_t env::used_bytes() const {
  return (info().me_last_pgno + 1) * stat().ms_psize;
}

void env::set_flag(unsigned int flag, bool on) {
  check("mdb_env_set_flags", mdb_env_set_flags(live("mdb_env_set_flags"), flag, on ? 1 : 0),
        path());
}

void env::sync(bool force) {
  check("mdb_env_sync", mdb_env_sync(live("mdb_env_sync"), force ? 1 : 0), path());
}

void env::copy_to(const std::string& dir, bool compact) const {
  check("mdb_env_copy2", mdb_env_copy2(live("mdb_env_copy2"), dir.c_str(), compact ? MDB_CP_COMPACT : 0u), dir);
}

int env::open_txns() const noexcept {
  return state_ ? state_->open_txns.load() : 0;
}

} // namespace convoy::lmdb
