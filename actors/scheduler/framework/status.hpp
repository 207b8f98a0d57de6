#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace convoy::scheduler {

/// What a plugin says about a pod (and a node), as kube-scheduler's
/// framework.Code:
///  - success: go on.
///  - unschedulable: this node does not fit now, but could after a change on
///    it (pods leave, resources free up). Preemption could help.
///  - unresolvable: (UnschedulableAndUnresolvable) this node cannot fit
///    whatever happens to its pods (wrong labels, untolerated taint); from a
///    pre-filter it means no node can.
///  - error: something broke (not the pod's fault); the pod is retried
///    after back-off.
///  - skip: from a pre-filter or pre-score, "nothing to check for this pod":
///    the plugin's filter or score is not called in this cycle.
enum class code : uint8_t { success, unschedulable, unresolvable, error, skip };

/// A plugin's verdict with the reasons users read in the pod's
/// PodScheduled condition ("Insufficient cpu"). Success carries no strings,
/// so the common case does not allocate.
class status {
public:
  status() = default;

  static status ok() {
    return {};
  }
  static status skip() {
    return status{code::skip, {}};
  }
  static status unschedulable(std::string reason) {
    return status{code::unschedulable, {std::move(reason)}};
  }
  static status unresolvable(std::string reason) {
    return status{code::unresolvable, {std::move(reason)}};
  }
  static status error(std::string reason) {
    return status{code::error, {std::move(reason)}};
  }

  code get_code() const noexcept {
    return code_;
  }
  bool is_success() const noexcept {
    return code_ == code::success;
  }
  bool is_skip() const noexcept {
    return code_ == code::skip;
  }
  /// Unschedulable or unresolvable.
  bool is_rejected() const noexcept {
    return code_ == code::unschedulable || code_ == code::unresolvable;
  }

  const std::vector<std::string>& reasons() const noexcept {
    return reasons_;
  }
  void add_reason(std::string reason) {
    reasons_.push_back(std::move(reason));
  }

  /// The plugin that returned this status (set by the framework).
  const std::string& plugin() const noexcept {
    return plugin_;
  }
  void set_plugin(std::string name) {
    plugin_ = std::move(name);
  }

private:
  status(code c, std::vector<std::string> reasons) : code_(c), reasons_(std::move(reasons)) {}

  code code_ = code::success;
  std::vector<std::string> reasons_;
  std::string plugin_;
};

} // namespace convoy::scheduler
