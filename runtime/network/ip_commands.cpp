#include "runtime/network/ip_commands.hpp"

#include <cstdio>

#include "runtime/network/ipv4.hpp"

namespace convoy::network {

namespace {

constexpr size_t tag_length = 12;

std::string hex(uint64_t value, int digits) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(value));
  return std::string{buf + 16 - digits};
}

} // namespace

uint32_t fnv1a(const std::string& text) {
  uint32_t h = 2166136261u;
  for (unsigned char c : text) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

std::string bridge_name(const std::string& node_name) {
  return "cvb-" + hex(fnv1a(node_name), 8);
}

std::string pod_tag(const std::string& pod_uid) {
  std::string tag;
  for (char c : pod_uid) {
    if (tag.size() == tag_length)
      break;
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      tag += c;
  }
  if (tag.size() == tag_length)
    return tag;
  // Short or odd uids: two hashes (the second of the reversed text) give
  // 12 digits that still depend on every character.
  std::string reversed{pod_uid.rbegin(), pod_uid.rend()};
  uint64_t h = (static_cast<uint64_t>(fnv1a(pod_uid)) << 32) | fnv1a(reversed);
  return hex(h, tag_length);
}

std::string netns_name(const std::string& pod_uid) {
  return "cv-" + pod_tag(pod_uid);
}

std::string veth_host_name(const std::string& pod_uid) {
  return "cvh" + pod_tag(pod_uid);
}

std::string veth_pod_name(const std::string& pod_uid) {
  return "cvp" + pod_tag(pod_uid);
}

pod_plan make_pod_plan(const std::string& node_name, const std::string& pod_uid, uint32_t ip,
                       int prefix_len) {
  pod_plan p;
  p.netns = netns_name(pod_uid);
  p.veth_host = veth_host_name(pod_uid);
  p.veth_pod = veth_pod_name(pod_uid);
  p.bridge = bridge_name(node_name);
  p.address = format_cidr({ip, prefix_len});
  p.gateway = format_ipv4(gateway_of(ip, prefix_len));
  return p;
}

std::vector<argv_t> bridge_commands(const std::string& bridge, const std::string& gateway_cidr) {
  return {{"ip", "link", "add", bridge, "type", "bridge"},
          {"ip", "addr", "replace", gateway_cidr, "dev", bridge},
          {"ip", "link", "set", bridge, "up"}};
}

std::vector<argv_t> pod_commands(const pod_plan& p) {
  return {{"ip", "netns", "add", p.netns},
          {"ip", "link", "add", p.veth_host, "type", "veth", "peer", "name", p.veth_pod, "netns",
           p.netns},
          {"ip", "link", "set", p.veth_host, "master", p.bridge},
          {"ip", "link", "set", p.veth_host, "up"},
          {"ip", "-n", p.netns, "link", "set", p.veth_pod, "name", "eth0"},
          {"ip", "-n", p.netns, "addr", "add", p.address, "dev", "eth0"},
          {"ip", "-n", p.netns, "link", "set", "lo", "up"},
          {"ip", "-n", p.netns, "link", "set", "eth0", "up"},
          {"ip", "-n", p.netns, "route", "replace", "default", "via", p.gateway}};
}

std::vector<argv_t> pod_teardown_commands(const std::string& netns,
                                          const std::string& veth_host) {
  return {{"ip", "link", "del", veth_host}, {"ip", "netns", "del", netns}};
}

argv_t pod_address_query(const std::string& netns) {
  return {"ip", "-n", netns, "-4", "-o", "addr", "show", "dev", "eth0"};
}

argv_t route_replace_command(const std::string& cidr, const std::string& via) {
  return {"ip", "route", "replace", cidr, "via", via, "proto", std::to_string(route_proto)};
}

argv_t route_delete_command(const std::string& cidr) {
  return {"ip", "route", "del", cidr, "proto", std::to_string(route_proto)};
}

argv_t route_list_command() {
  return {"ip", "-4", "route", "show", "proto", std::to_string(route_proto)};
}

std::string join(const argv_t& argv) {
  std::string out;
  for (const auto& a : argv)
    out += (out.empty() ? "" : " ") + a;
  return out;
}

} // namespace convoy::network
