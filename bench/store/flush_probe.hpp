#pragma once

#include <filesystem>

namespace convoy::bench {

/// What one durable append costs on the disk under the bench's data: the
/// part of a 1-client put that no store can batch away.
struct flush_figures {
  int writers = 0;
  double mean_us = 0; ///< per append, as each writer sees it
  double p50_us = 0;
};

/// `writers` threads (one per replica sharing the disk) each append
/// `appends` records of a WAL entry's size to their own zero-filled file in
/// `dir`, each made durable with fdatasync, as the store's WAL does.
/// Throws std::runtime_error naming the file on an I/O error.
flush_figures measure_flushes(const std::filesystem::path& dir, int writers, int appends);

} // namespace convoy::bench
