#include "runtime/containers/process/container_record.hpp"

#include <nlohmann/json.hpp>

namespace convoy::containers {

std::string encode_record(const container_record& r) {
  const auto& m = r.meta;
  nlohmann::json j{{"id", m.id},
                   {"pod_uid", m.pod_uid},
                   {"pod_namespace", m.pod_namespace},
                   {"pod_name", m.pod_name},
                   {"container_name", m.container_name},
                   {"attempt", m.attempt},
                   {"init", m.init},
                   {"image", m.image},
                   {"pod_ip", m.pod_ip},
                   {"created_at", m.created_at},
                   {"cgroups", r.cgroup_dirs},
                   {"argv", r.argv}};
  return j.dump() + "\n";
}

std::optional<container_record> decode_record(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("id"))
    return std::nullopt;
  try {
    container_record r;
    auto& m = r.meta;
    m.id = j.at("id").get<std::string>();
    m.pod_uid = j.value("pod_uid", "");
    m.pod_namespace = j.value("pod_namespace", "");
    m.pod_name = j.value("pod_name", "");
    m.container_name = j.value("container_name", "");
    m.attempt = j.value("attempt", 0);
    m.init = j.value("init", false);
    m.image = j.value("image", "");
    m.pod_ip = j.value("pod_ip", "");
    m.created_at = j.value("created_at", wall_ms{0});
    r.cgroup_dirs = j.value("cgroups", std::vector<std::string>{});
    return r;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

} // namespace convoy::containers
