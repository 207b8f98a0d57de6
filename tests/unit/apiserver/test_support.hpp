#pragma once

// Builders and table helpers shared by the apiserver policy tests.

#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <vector>

#include "actors/apiserver/defaulting/object_defaults.hpp"
#include "actors/apiserver/validation/field_error.hpp"
#include "api/pod.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"

namespace convoy::apiserver::test {

/// Rendered errors, for exact comparison with Kubernetes' texts.
inline std::vector<std::string> render(const field_error_list& errs) {
  std::vector<std::string> out;
  out.reserve(errs.size());
  for (const auto& e : errs)
    out.push_back(e.to_string());
  return out;
}

/// A row of a validation table: mutate a valid object, expect exactly these
/// rendered errors (in order).
template <class T>
struct validation_case {
  const char* name;
  std::function<void(T&)> mutate;
  std::vector<std::string> expected;
};

/// Runs every row against a fresh copy of `base`.
template <class T, class Validate>
void run_cases(const T& base, const std::vector<validation_case<T>>& cases, Validate validate) {
  for (const auto& c : cases) {
    T obj = base;
    c.mutate(obj);
    auto got = render(validate(obj));
    BOOST_TEST_CONTEXT("case: " << c.name) {
      BOOST_TEST(got == c.expected, boost::test_tools::per_element());
    }
  }
}

inline api::Container container(const char* name, const char* image) {
  api::Container c;
  c.set_name(name);
  c.set_image(image);
  return c;
}

/// A valid, defaulted pod "web" in "default" with one container.
inline api::Pod valid_pod() {
  api::Pod pod;
  pod.mutable_metadata()->set_name("web");
  pod.mutable_metadata()->set_namespace_("default");
  (*pod.mutable_metadata()->mutable_labels())["app"] = "web";
  auto& c = *pod.mutable_spec()->add_containers();
  c = container("web", "nginx:1.25");
  c.add_ports()->set_container_port(80);
  default_pod(pod);
  return pod;
}

/// A valid, defaulted pod template labelled app=web.
inline api::PodTemplateSpec valid_template() {
  api::PodTemplateSpec tmpl;
  (*tmpl.mutable_metadata()->mutable_labels())["app"] = "web";
  *tmpl.mutable_spec()->add_containers() = container("web", "nginx:1.25");
  default_pod_spec(*tmpl.mutable_spec());
  return tmpl;
}

/// A valid, defaulted ClusterIP service "web" with one port.
inline api::Service valid_service() {
  api::Service svc;
  svc.mutable_metadata()->set_name("web");
  svc.mutable_metadata()->set_namespace_("default");
  (*svc.mutable_spec()->mutable_selector())["app"] = "web";
  svc.mutable_spec()->add_ports()->set_port(80);
  apply_defaults(svc);
  return svc;
}

/// Kubernetes' DNS-1123 subdomain message for a value.
inline std::string subdomain_msg() {
  return R"(a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'))";
}

inline std::string label_msg() {
  return R"(a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?'))";
}

} // namespace convoy::apiserver::test
