#include "messages/redacted_text.hpp"

#include <array>
#include <string_view>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/text_format.h>

namespace convoy {

namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::TextFormat;

bool credential_name(std::string_view name) {
  static constexpr std::array<std::string_view, 6> names{
    "token", "password", "private_key", "secret", "credential", "string_data"};
  for (auto n : names)
    if (name == n)
      return true;
  return false;
}

/// Remembers the field being printed (PrintFieldName comes first) so the
/// value printers know whether to hide it. One instance per call.
class redacting_printer : public TextFormat::FastFieldValuePrinter {
public:
  void PrintFieldName(const Message& message, int field_index, int field_count,
                      const Reflection* reflection, const FieldDescriptor* field,
                      TextFormat::BaseTextGenerator* generator) const override {
    hide_ = field->type() == FieldDescriptor::TYPE_BYTES
            || (field->type() == FieldDescriptor::TYPE_STRING && credential_name(field->name()))
            || (field->name() == "value" && field->containing_type()->options().map_entry()
                && credential_name(parent_));
    if (field->is_map() || field->type() == FieldDescriptor::TYPE_MESSAGE)
      parent_ = field->name();
    FastFieldValuePrinter::PrintFieldName(message, field_index, field_count, reflection, field,
                                          generator);
  }

  void PrintString(const std::string& value,
                   TextFormat::BaseTextGenerator* generator) const override {
    if (hide_)
      generator->PrintString("\"<redacted>\"");
    else
      FastFieldValuePrinter::PrintString(value, generator);
  }

  void PrintBytes(const std::string& value,
                  TextFormat::BaseTextGenerator* generator) const override {
    generator->PrintString("\"<" + std::to_string(value.size()) + " bytes>\"");
  }

private:
  mutable bool hide_ = false;
  mutable std::string parent_;
};

} // namespace

std::string redacted_text(const Message& msg) {
  TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetDefaultFieldValuePrinter(new redacting_printer);
  std::string out;
  printer.PrintToString(msg, &out);
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

} // namespace convoy
