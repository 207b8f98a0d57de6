#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/meta.pb.h"

/// The Kubernetes Status objects the watch cache answers with, built the
/// way k8s.io/apimachinery's errors package builds them, so clients
/// (client-go's reflector in particular) react as they do to Kubernetes:
/// 410 Expired makes a reflector relist, 429 makes it back off and
/// re-watch from its last resourceVersion, 504 with ResourceVersionTooLarge
/// makes it retry.
namespace convoy::apiserver::cache_status {

/// 410 Expired "too old resource version: N (M)" (errors.NewResourceExpired
/// as watch_cache.go words it): M is the oldest revision a watch can still
/// resume from.
api::Status too_old(int64_t requested, int64_t oldest);

/// 410 Expired for a continue token whose revision left the window
/// (Kubernetes' inconsistentContinue text); the caller puts a token that
/// continues at the latest revision into metadata.continue.
api::Status continue_expired();

/// 400 BadRequest "continue key is not valid: <detail>".
api::Status continue_invalid(std::string_view detail);

/// 422 Invalid for a resourceVersion that is not a non-negative integer.
api::Status invalid_resource_version(std::string_view resource, std::string_view text);

/// 429 TooManyRequests "storage is (re)initializing", retry after 1s: a
/// request before the cache's first replace.
api::Status not_ready();

/// 429 TooManyRequests ending a watch whose client fell `pending` events
/// behind (limit `limit`); the client backs off and re-watches.
api::Status slow_watcher(size_t pending, size_t limit);

/// 409 AlreadyExists: the actor reused a watch id the cache still has.
api::Status watch_exists(int64_t id);

/// 504 Timeout "Too large resource version: N, current: M" with cause
/// ResourceVersionTooLarge (storage.NewTooLargeResourceVersionError): for
/// the actor to send when a request waited too long for the cache to reach
/// N.
api::Status too_large(int64_t requested, int64_t current);

} // namespace convoy::apiserver::cache_status
