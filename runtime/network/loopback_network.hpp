#pragma once

#include "runtime/network/pod_network.hpp"

namespace convoy::network {

/// Today's default: a pod's IP is an address of 127.0.0.0/8, which the
/// host's loopback already answers for, so there is nothing to create and
/// the containers stay in the host's network namespace.
class loopback_network : public pod_network {
public:
  std::string name() const override {
    return "loopback";
  }
  setup_result setup(const std::string&, const std::string&, const std::string&, int) override {
    return {};
  }
  std::string teardown(const std::string&) override {
    return {};
  }
  std::vector<std::string> list() override {
    return {};
  }
};

} // namespace convoy::network
