#pragma once

#include <utility>

#include "messages/error.hpp"
#include "messages/malformed.hpp"

namespace convoy {

/// Wraps a typed-actor request handler for request type `Request` so a request
/// whose bytes did not parse (see protobuf_inspect.hpp) is answered with
/// errc::malformed_message instead of reaching `handler`; the actor keeps
/// serving. `handler` must return a caf::result<...> (or anything a caf::error
/// converts to). Use for every handler that a remote peer can reach:
///
///     checked<NodeInfoRequest>([=](const NodeInfoRequest& req)
///                                -> caf::result<NodeInfoResponse> { ... })
template <class Request, class Handler>
auto checked(Handler handler) {
  using result_type = decltype(handler(std::declval<const Request&>()));
  return [handler = std::move(handler)](const Request& request) mutable -> result_type {
    if (auto why = malformed_reason(request))
      return make_error(errc::malformed_message, std::move(*why));
    return handler(request);
  };
}

} // namespace convoy
