#include "actors/apiserver/validation/field_path.hpp"

namespace convoy::apiserver {

std::string field_path::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

void field_path::append_to(std::string& out) const {
  render(out, out.size());
}

void field_path::render(std::string& out, size_t start) const {
  // Paths are short (a handful of nodes); recurse to print the root first.
  if (parent_ != nullptr)
    parent_->render(out, start);
  switch (kind_) {
    case kind::name:
      if (out.size() > start && !text_.empty())
        out += '.';
      out += text_;
      break;
    case kind::index:
      out += '[';
      out += std::to_string(index_);
      out += ']';
      break;
    case kind::index_name:
      out += '[';
      out += std::to_string(index_);
      out += "].";
      out += text_;
      break;
    case kind::key:
      out += '[';
      out += text_;
      out += ']';
      break;
  }
}

} // namespace convoy::apiserver
