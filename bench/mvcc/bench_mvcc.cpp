// convoy_bench_mvcc: how fast the MVCC key space is on LMDB with fsync on.
//
//   convoy_bench_mvcc [DIR]     (default: a fresh directory under /tmp,
//                                removed afterwards; DIR decides the disk)
//
// 1. Puts per second when N puts (1 KiB values, Kubernetes-like keys) are
//    applied per write txn -- one txn = apply() of N StoreCommands plus the
//    applied index, then commit (fsync): what the store replica does for N
//    committed Raft entries.
// 2. Time to list 10,000 keys under one prefix (three versions each, plus
//    other prefixes around it): full list, keys only, count only, the first
//    page of 500, and a list at an older revision.
// Figures only: compare runs side by side on the same machine.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "persistence/backend/lmdb_backend.hpp"
#include "persistence/backend/write_retry.hpp"
#include "persistence/mvcc/key_space.hpp"

namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;
using convoy::backend::kv_txn;
using convoy::backend::lmdb_backend;
using convoy::mvcc::key_space;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

std::string pod_key(const char* ns, int i) {
  char buf[96];
  std::snprintf(buf, sizeof(buf), "/registry/pods/%s/pod-%06d", ns, i);
  return buf;
}

void bench_puts(lmdb_backend& b, key_space& ks) {
  const std::string value(1024, 'v');
  const std::pair<int, int> runs[] = {{1, 1000}, {10, 5000}, {100, 20000}, {1000, 50000}};
  uint64_t index = 0;
  int key = 0;
  std::printf("puts, 1 KiB values, fsync on every commit:\n");
  for (auto [batch, total] : runs) {
    auto start = clock_type::now();
    for (int done = 0; done < total; done += batch) {
      convoy::backend::run_write(b, [&](kv_txn& t) {
        for (int i = 0; i < batch; ++i) {
          convoy::store::StoreCommand cmd;
          cmd.set_request_id(index + 1);
          cmd.mutable_put()->set_key(pod_key("bench", key + i));
          cmd.mutable_put()->set_value(value);
          ks.apply(t, cmd);
          ks.set_applied_index(t, index + i + 1);
        }
      });
      key += batch;
      index += batch;
    }
    double s = seconds_since(start);
    std::printf("  %4d puts/txn: %9.0f puts/s  %7.0f commits/s  (%d puts in %.2f s)\n", batch, total / s,
                total / batch / s, total, s);
  }
}

void fill_for_lists(lmdb_backend& b, key_space& ks, int64_t& old_revision) {
  const std::string value(1024, 'o');
  for (int version = 0; version < 3; ++version) {
    for (const char* ns : {"aaa", "list", "zzz"}) {
      int n = std::string{ns} == "list" ? 10000 : 2000;
      for (int first = 0; first < n; first += 1000) {
        convoy::backend::run_write(b, [&](kv_txn& t) {
          for (int i = first; i < first + 1000 && i < n; ++i) {
            convoy::store::StoreCommand cmd;
            cmd.mutable_put()->set_key(pod_key(ns, i));
            cmd.mutable_put()->set_value(value);
            ks.apply(t, cmd);
          }
        });
      }
    }
    if (version == 1) {
      auto t = b.begin_read();
      old_revision = ks.current_revision(*t);
    }
  }
}

void time_list(lmdb_backend& b, key_space& ks, const char* what, convoy::store::RangeRequest req) {
  req.set_key("/registry/pods/list/");
  req.set_range_end("/registry/pods/list0");
  const int rounds = 10;
  int64_t kvs = 0;
  auto start = clock_type::now();
  for (int i = 0; i < rounds; ++i) {
    auto t = b.begin_read();
    auto r = ks.range(*t, req);
    if (!r) {
      std::printf("  %s: error %s\n", what, r.error().message.c_str());
      return;
    }
    kvs = r->kvs_size();
    if (r->count() != 10000)
      std::printf("  %s: unexpected count %lld\n", what, static_cast<long long>(r->count()));
  }
  std::printf("  %-34s %8.2f ms  (%lld kvs returned)\n", what, seconds_since(start) * 1000 / rounds,
              static_cast<long long>(kvs));
}

void bench_lists(lmdb_backend& b, key_space& ks) {
  int64_t old_revision = 0;
  auto start = clock_type::now();
  fill_for_lists(b, ks, old_revision);
  std::printf("list 10,000 keys under a prefix (3 versions each, 14,000 keys around; filled in %.1f s):\n",
              seconds_since(start));
  convoy::store::RangeRequest req;
  time_list(b, ks, "latest, with values", req);
  req.set_keys_only(true);
  time_list(b, ks, "latest, keys only", req);
  req.set_keys_only(false);
  req.set_count_only(true);
  time_list(b, ks, "latest, count only", req);
  req.set_count_only(false);
  req.set_limit(500);
  time_list(b, ks, "latest, first page (limit 500)", req);
  req.set_limit(0);
  req.set_revision(old_revision);
  time_list(b, ks, "older revision, with values", req);
}

} // namespace

int main(int argc, char** argv) {
  bool own_dir = argc < 2;
  std::string dir = own_dir ? (fs::temp_directory_path() / ("convoy-bench-mvcc-" + std::to_string(::getpid()))).string()
                            : argv[1];
  {
    convoy::backend::lmdb_backend_options opts;
    opts.sync_on_commit = true;
    lmdb_backend b{dir, opts};
    key_space ks{b};
    std::printf("convoy_bench_mvcc: LMDB in %s\n", dir.c_str());
    bench_puts(b, ks);
    bench_lists(b, ks);
    std::printf("db size in use: %.1f MiB\n", static_cast<double>(ks.db_size_bytes()) / (1 << 20));
  }
  if (own_dir)
    fs::remove_all(dir);
  return 0;
}
