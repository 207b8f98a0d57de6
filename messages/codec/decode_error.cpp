#include "messages/codec/decode_error.hpp"

#include "caf/error.hpp"
#include "messages/error.hpp"

namespace convoy::codec {

std::string decode_error::to_string() const {
  std::string out;
  auto sep = [&out] {
    if (!out.empty())
      out += ", ";
  };
  if (document >= 0)
    out += "document " + std::to_string(document + 1);
  if (item >= 0) {
    sep();
    out += "items[" + std::to_string(item) + "]";
  }
  if (line > 0) {
    sep();
    out += "line " + std::to_string(line);
  }
  if (!out.empty())
    out += ": ";
  if (!path.empty())
    out += path + ": ";
  out += message;
  return out;
}

caf::error to_caf_error(const decode_error& err) {
  return make_error(errc::invalid_argument, err.to_string());
}

} // namespace convoy::codec
