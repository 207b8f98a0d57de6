#include "actors/controllers/deployment/core/pod_template_hash.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "actors/controllers/deployment/core/deployment_util.hpp"

namespace convoy::controllers::deployment {

namespace {

/// Serialization with map entries sorted, so two equal messages always
/// produce the same bytes whatever their maps' insertion order.
std::string deterministic_bytes(const google::protobuf::Message& msg) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream raw(&out);
    google::protobuf::io::CodedOutputStream coded(&raw);
    coded.SetSerializationDeterministic(true);
    msg.SerializeToCodedStream(&coded);
  }
  return out;
}

uint32_t fnv1a(uint32_t h, const std::string& bytes) {
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

/// rand.SafeEncodeString: every character mapped into a vowel-free alphabet.
std::string safe_encode(const std::string& s) {
  static const std::string alphabet = "bcdfghjklmnpqrstvwxz2456789";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s)
    out.push_back(alphabet[c % alphabet.size()]);
  return out;
}

} // namespace

std::string pod_template_hash(const api::PodTemplateSpec& tmpl, int32_t collision_count) {
  uint32_t h = fnv1a(2166136261u, deterministic_bytes(tmpl));
  if (collision_count != 0) {
    std::string bytes(8, '\0');
    auto v = static_cast<uint32_t>(collision_count);
    for (int i = 0; i < 4; ++i)
      bytes[static_cast<size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xffu);
    h = fnv1a(h, bytes);
  }
  return safe_encode(std::to_string(h));
}

api::PodTemplateSpec without_hash_label(const api::PodTemplateSpec& tmpl) {
  api::PodTemplateSpec copy = tmpl;
  copy.mutable_metadata()->mutable_labels()->erase(pod_template_hash_label);
  return copy;
}

bool equal_ignore_hash(const api::PodTemplateSpec& a, const api::PodTemplateSpec& b) {
  return deterministic_bytes(without_hash_label(a)) == deterministic_bytes(without_hash_label(b));
}

} // namespace convoy::controllers::deployment
