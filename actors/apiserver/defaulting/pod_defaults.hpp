#pragma once

#include <cstdint>
#include <string_view>

#include "api/pod.pb.h"

/// Kubernetes' defaulting of pods and pod specs (SetDefaults_Pod,
/// SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe, ...) and
/// the DefaultTolerationSeconds admission plugin. Pure functions that fill
/// unset fields in place and never overwrite a set one; applying them twice
/// changes nothing. The apiserver defaults before it validates.
namespace convoy::apiserver {

/// The scheduler a pod gets when spec.schedulerName is empty; convoy's
/// scheduler serves this name.
inline constexpr std::string_view default_scheduler_name = "default-scheduler";

/// spec.terminationGracePeriodSeconds when unset.
inline constexpr int64_t default_termination_grace_period_seconds = 30;

/// The not-ready/unreachable NoExecute toleration seconds Kubernetes' API
/// server adds to every pod (--default-not-ready-toleration-seconds and
/// --default-unreachable-toleration-seconds).
inline constexpr int64_t default_toleration_seconds = 300;

/// The taints the node controller puts on failing nodes.
inline constexpr std::string_view taint_node_not_ready = "node.kubernetes.io/not-ready";
inline constexpr std::string_view taint_node_unreachable = "node.kubernetes.io/unreachable";

/// Always for an image without tag or with tag "latest", IfNotPresent
/// otherwise (including digests), as Kubernetes decides imagePullPolicy.
std::string_view default_image_pull_policy(std::string_view image);

/// SetDefaults_Container: imagePullPolicy, terminationMessagePath
/// (/dev/termination-log), terminationMessagePolicy (File), port protocol
/// TCP, probe timings (timeout 1, period 10, success 1, failure 3) and
/// httpGet path "/" and scheme HTTP, env fieldRef apiVersion v1.
void default_container(api::Container& container);

/// SetDefaults_PodSpec (what templates get too): dnsPolicy ClusterFirst,
/// restartPolicy Always, schedulerName default-scheduler,
/// terminationGracePeriodSeconds 30, an empty securityContext, hostPort =
/// containerPort under hostNetwork, volume defaults (no source -> emptyDir,
/// secret/configMap/downwardAPI/projected defaultMode 0644), every
/// container and init container defaulted, serviceAccount and
/// serviceAccountName kept in sync.
void default_pod_spec(api::PodSpec& spec);

/// SetDefaults_Pod (pods only, not templates): the spec defaults, plus each
/// container's requests default to its limits, enableServiceLinks true,
/// and metadata.namespace "default" when empty.
void default_pod(api::Pod& pod);

/// DefaultTolerationSeconds admission: unless the pod already tolerates
/// them, adds `node.kubernetes.io/not-ready:NoExecute op=Exists for
/// not_ready_seconds` and the same for unreachable, so pods leave a failed
/// node after that long.
void add_default_tolerations(api::PodSpec& spec,
                             int64_t not_ready_seconds = default_toleration_seconds,
                             int64_t unreachable_seconds = default_toleration_seconds);

/// Kubernetes' QoS class of a pod: BestEffort (no cpu/memory requests or
/// limits), Guaranteed (every container has cpu and memory limits equal to
/// its requests), Burstable otherwise.
std::string_view pod_qos_class(const api::PodSpec& spec);

/// The pod strategy's PrepareForCreate: status reset to phase Pending with
/// its qosClass.
void prepare_pod_for_create(api::Pod& pod);

} // namespace convoy::apiserver
