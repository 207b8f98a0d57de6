#include "messages/error.hpp"

#include "caf/actor_system_config.hpp"
#include "caf/make_message.hpp"
#include "caf/message.hpp"
#include "caf/exit_reason.hpp"
#include "caf/sec.hpp"

namespace convoy {

const char* to_string(errc code) {
  switch (code) {
    case errc::none: return "none";
    case errc::malformed_message: return "malformed message";
    case errc::invalid_argument: return "invalid";
    case errc::unavailable: return "unavailable";
    case errc::timeout: return "timeout";
    case errc::not_found: return "not found";
    case errc::already_exists: return "already exists";
    case errc::conflict: return "conflict";
    case errc::compacted: return "compacted";
    case errc::request_too_large: return "request too large";
    case errc::not_leader: return "not leader";
    case errc::unauthorized: return "unauthorized";
    case errc::forbidden: return "forbidden";
    case errc::internal: return "internal error";
  }
  return "unknown error";
}

caf::error make_error(errc code, std::string message) {
  return caf::error{static_cast<uint8_t>(code), errc_category,
                    caf::make_message(std::move(message))};
}

errc code_of(const caf::error& err) {
  if (!err || err.category() != errc_category)
    return errc::none;
  return static_cast<errc>(err.code());
}

namespace {

/// The context of an error if it is a plain message; CAF's own contexts
/// (tuples of call names and arguments) are left out of user-facing text.
std::string context_text(const caf::message& ctx) {
  if (ctx.size() == 1 && ctx.match_element<std::string>(0))
    return ctx.get_as<std::string>(0);
  return {};
}

/// The message of a convoy error says it all; the code name is the fallback.
std::string render(uint8_t code, const caf::message& ctx) {
  auto detail = context_text(ctx);
  return detail.empty() ? to_string(static_cast<errc>(code)) : detail;
}

std::string spaced(std::string text) {
  for (auto& c : text)
    if (c == '_')
      c = ' ';
  return text;
}

} // namespace

std::string describe(const caf::error& err) {
  if (!err)
    return "no error";
  if (err.category() == errc_category)
    return render(err.code(), err.context());
  if (err.category() == caf::atom("system")) {
    auto out = spaced(caf::to_string(static_cast<caf::sec>(err.code())));
    auto detail = context_text(err.context());
    return detail.empty() ? out : out + ": " + detail;
  }
  if (err.category() == caf::atom("exit"))
    return spaced(caf::to_string(static_cast<caf::exit_reason>(err.code())));
  return caf::to_string(err);
}

void register_error_category(caf::actor_system_config& cfg) {
  cfg.add_error_category(errc_category,
                         [](uint8_t code, caf::atom_value, const caf::message& ctx) {
                           return render(code, ctx);
                         });
}

} // namespace convoy
