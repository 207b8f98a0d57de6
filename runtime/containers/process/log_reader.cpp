#include "runtime/containers/process/log_reader.hpp"

#include <algorithm>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "runtime/containers/process/state_files.hpp"

namespace convoy::containers {

namespace {

/// One file of the log and where it sits in the logical byte stream.
struct segment {
  std::string path;
  uint64_t base = 0;
  uint64_t size = 0;
};

struct log_view {
  std::vector<segment> segments; // oldest first
  uint64_t generation = 0;

  uint64_t begin() const {
    return segments.empty() ? 0 : segments.front().base;
  }
  uint64_t end() const {
    return segments.empty() ? 0 : segments.back().base + segments.back().size;
  }
};

uint64_t file_size(const std::string& path, bool& exists) {
  struct stat st {};
  exists = ::stat(path.c_str(), &st) == 0;
  return exists ? static_cast<uint64_t>(st.st_size) : 0;
}

state_files::log_index read_index(const std::string& dir) {
  auto text = state_files::read_small(dir + "/" + state_files::log_index_file);
  auto idx = text ? state_files::parse_index(*text) : std::nullopt;
  return idx ? *idx : state_files::log_index{};
}

log_view make_view(const std::string& dir, const state_files::log_index& idx) {
  log_view view;
  view.generation = idx.generation;
  auto current = dir + "/" + state_files::log_file;
  bool exists = false;
  auto size = file_size(current, exists);
  std::vector<segment> newest_first{{current, idx.base, size}};
  uint64_t base = idx.base;
  for (int i = 1;; ++i) {
    auto path = current + "." + std::to_string(i);
    size = file_size(path, exists);
    if (!exists || size > base)
      break;
    base -= size;
    newest_first.push_back({path, base, size});
  }
  view.segments.assign(newest_first.rbegin(), newest_first.rend());
  return view;
}

/// Reads [from, from + limit) of the logical stream, clamped to what exists.
std::string read_range(const log_view& view, uint64_t from, uint64_t limit) {
  std::string out;
  for (const auto& seg : view.segments) {
    if (out.size() >= limit)
      break;
    if (from >= seg.base + seg.size)
      continue;
    auto offset = std::max(from, seg.base) - seg.base;
    auto want = std::min<uint64_t>(seg.size - offset, limit - out.size());
    int fd = ::open(seg.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    auto old = out.size();
    out.resize(old + want);
    auto n = ::pread(fd, &out[old], want, static_cast<off_t>(offset));
    ::close(fd);
    out.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    from = seg.base + offset + (n > 0 ? static_cast<uint64_t>(n) : 0);
  }
  return out;
}

/// The logical offset where the last `lines` lines start: scans backwards
/// block by block, so a tail of a huge log reads only what it returns.
uint64_t tail_start(const log_view& view, int64_t lines) {
  uint64_t end = view.end();
  if (lines == 0)
    return end;
  constexpr uint64_t block = 64 * 1024;
  int64_t seen = 0;
  uint64_t pos = end;
  while (pos > view.begin()) {
    auto from = pos - std::min(block, pos - view.begin());
    auto data = read_range(view, from, pos - from);
    if (data.size() != pos - from)
      break; // a file vanished under us: start at what we have
    for (auto i = data.size(); i-- > 0;) {
      auto at = from + i;
      if (data[i] != '\n' || at + 1 == end)
        continue; // the final newline ends the last line, it does not start one
      if (++seen == lines)
        return at + 1;
    }
    pos = from;
  }
  return view.begin();
}

} // namespace

log_chunk read_container_log(const std::string& dir, const log_query& query) {
  log_chunk chunk;
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto idx = read_index(dir);
    if (idx.generation % 2 == 1) {
      ::usleep(1000); // the shim is renaming files: a few syscalls
      continue;
    }
    auto view = make_view(dir, idx);
    uint64_t from;
    if (query.from_offset) {
      from = std::clamp(*query.from_offset, view.begin(), view.end());
    } else if (query.tail_lines >= 0) {
      from = tail_start(view, query.tail_lines);
      if (view.end() - from > query.limit_bytes)
        from = view.end() - query.limit_bytes;
    } else {
      from = view.begin();
    }
    chunk.data = read_range(view, from, query.limit_bytes);
    chunk.next_offset = from + chunk.data.size();
    if (read_index(dir).generation == idx.generation)
      break;
  }
  return chunk;
}

} // namespace convoy::containers
