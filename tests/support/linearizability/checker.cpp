#include "linearizability/checker.hpp"

namespace convoy::checkers {

const char* to_string(check_verdict verdict) {
  switch (verdict) {
    case check_verdict::linearizable:
      return "linearizable";
    case check_verdict::not_linearizable:
      return "not linearizable";
    case check_verdict::unknown:
      return "unknown";
  }
  return "?";
}

namespace detail {

std::function<bool()> deadline_after(std::chrono::milliseconds budget) {
  auto deadline = std::chrono::steady_clock::now() + budget;
  return [deadline] { return std::chrono::steady_clock::now() >= deadline; };
}

std::string operation_prefix(size_t index, int client, time_ns call, const time_ns* ret) {
  std::string text = "op #" + std::to_string(index) + " client " + std::to_string(client) + " ["
                     + std::to_string(call) + ", ";
  text += ret ? std::to_string(*ret) : std::string{"-"};
  text += "] ";
  return text;
}

} // namespace detail

} // namespace convoy::checkers
