#include "runtime/node/termination_signal.hpp"

#include <csignal>
#include <pthread.h>

namespace convoy {

namespace {

sigset_t termination_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

} // namespace

void block_termination_signals() {
  auto set = termination_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int wait_for_termination_signal() {
  auto set = termination_set();
  int sig = 0;
  while (sigwait(&set, &sig) != 0)
    ; // retry on EINTR
  return sig;
}

} // namespace convoy
