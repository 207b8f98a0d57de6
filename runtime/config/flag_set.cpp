#include "runtime/config/flag_set.hpp"

#include <charconv>
#include <fstream>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "runtime/config/duration.hpp"

namespace convoy::config {

namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty())
    return out;
  size_t start = 0;
  for (;;) {
    auto comma = text.find(',', start);
    out.push_back(text.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos)
      return out;
    start = comma + 1;
  }
}

std::string join_list(const std::vector<std::string>& xs) {
  std::string out;
  for (const auto& x : xs)
    out += (out.empty() ? "" : ",") + x;
  return out;
}

std::string default_text(const flag_set::flag& f) {
  switch (f.type) {
    case flag_set::kind::string:
      return std::get<std::string>(f.current);
    case flag_set::kind::boolean:
      return std::get<bool>(f.current) ? "true" : "";
    case flag_set::kind::integer:
      return std::to_string(std::get<int64_t>(f.current));
    case flag_set::kind::duration:
      return format_duration(std::get<std::chrono::nanoseconds>(f.current));
    case flag_set::kind::list:
      return join_list(std::get<std::vector<std::string>>(f.current));
  }
  return "";
}

} // namespace

flag_set::flag_set(std::string usage, std::string summary)
  : usage_(std::move(usage)), summary_(std::move(summary)) {
  add_string("config", "", "read settings from this YAML file (keys are flag names)", "FILE");
  add_bool("help", "show this help").alias('h');
}

flag_set::flag& flag_set::define(std::string name, kind type, value fallback,
                                 std::string help, std::string value_name,
                                 validator check) {
  if (index_.count(name))
    throw std::logic_error("flag --" + name + " defined twice");
  index_.emplace(name, flags_.size());
  flags_.push_back(flag{std::move(name), 0, type, std::move(fallback), std::move(help),
                        std::move(value_name), std::move(check), false});
  return flags_.back();
}

flag_set& flag_set::add_string(std::string name, std::string fallback, std::string help,
                               std::string value_name, validator check) {
  define(std::move(name), kind::string, std::move(fallback), std::move(help),
         std::move(value_name), std::move(check));
  return *this;
}

flag_set& flag_set::add_bool(std::string name, std::string help) {
  define(std::move(name), kind::boolean, false, std::move(help), "", {});
  return *this;
}

flag_set& flag_set::add_int(std::string name, int64_t fallback, int64_t min, int64_t max,
                            std::string help) {
  auto check = [min, max](const std::string& text) -> std::optional<std::string> {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
      return "'" + text + "' is not an integer";
    if (v < min || v > max)
      return std::to_string(v) + " is out of range " + std::to_string(min) + "-"
             + std::to_string(max);
    return std::nullopt;
  };
  define(std::move(name), kind::integer, fallback, std::move(help), "N", check);
  return *this;
}

flag_set& flag_set::add_duration(std::string name, std::chrono::nanoseconds fallback,
                                 std::string help) {
  define(std::move(name), kind::duration, fallback, std::move(help), "DURATION", {});
  return *this;
}

flag_set& flag_set::add_list(std::string name, std::vector<std::string> fallback,
                             std::string help, std::string value_name,
                             validator check_item) {
  define(std::move(name), kind::list, std::move(fallback), std::move(help),
         std::move(value_name), std::move(check_item));
  return *this;
}

flag_set& flag_set::alias(char letter) {
  flags_.back().alias = letter;
  return *this;
}

flag_set& flag_set::allow_positional(std::string description) {
  allow_positional_ = true;
  positional_description_ = std::move(description);
  return *this;
}

flag_set& flag_set::stop_at_positional() {
  stop_at_positional_ = true;
  return *this;
}

flag_set::flag* flag_set::find(const std::string& name) {
  auto i = index_.find(name);
  return i == index_.end() ? nullptr : &flags_[i->second];
}

flag_set::flag* flag_set::find_alias(char letter) {
  for (auto& f : flags_)
    if (f.alias == letter)
      return &f;
  return nullptr;
}

const flag_set::flag& flag_set::get(const std::string& name) const {
  auto i = index_.find(name);
  if (i == index_.end())
    throw std::logic_error("no flag --" + name);
  return flags_[i->second];
}

std::optional<std::string> flag_set::assign(flag& f, const std::string& text,
                                            const std::string& origin) {
  auto fail = [&](const std::string& why) {
    return origin + "--" + f.name + ": " + why;
  };
  std::string error;
  switch (f.type) {
    case kind::string:
      if (f.check)
        if (auto why = f.check(text))
          return fail(*why);
      f.current = text;
      break;
    case kind::boolean:
      if (text != "true" && text != "false")
        return fail("'" + text + "' is not a boolean (true or false)");
      f.current = text == "true";
      break;
    case kind::integer:
      if (auto why = f.check(text))
        return fail(*why);
      f.current = static_cast<int64_t>(std::stoll(text));
      break;
    case kind::duration: {
      auto d = parse_duration(text, error);
      if (!d)
        return fail(error);
      f.current = *d;
      break;
    }
    case kind::list: {
      auto items = split_list(text);
      for (const auto& item : items) {
        if (item.empty())
          return fail("empty item in list '" + text + "'");
        if (f.check)
          if (auto why = f.check(item))
            return fail(*why);
      }
      f.current = std::move(items);
      break;
    }
  }
  f.set_by_user = true;
  return std::nullopt;
}

std::optional<std::string> flag_set::parse(const std::vector<std::string>& args) {
  // The config file is applied first so command-line flags override it.
  for (size_t i = 0; i < args.size(); ++i) {
    std::string path;
    if (args[i] == "--config" && i + 1 < args.size())
      path = args[i + 1];
    else if (args[i].rfind("--config=", 0) == 0)
      path = args[i].substr(9);
    else
      continue;
    if (auto err = load_file(path))
      return err;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--") {
      if (!allow_positional_ && i + 1 < args.size())
        return "unexpected argument '" + args[i + 1] + "'";
      positional_.insert(positional_.end(), args.begin() + i + 1, args.end());
      break;
    }
    flag* f = nullptr;
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0) {
      auto eq = arg.find('=');
      auto name = arg.substr(2, eq == std::string::npos ? eq : eq - 2);
      if (eq != std::string::npos)
        inline_value = arg.substr(eq + 1);
      f = find(name);
      if (!f)
        return "unknown flag --" + name;
    } else if (arg.size() == 2 && arg[0] == '-' && arg[1] != '-') {
      f = find_alias(arg[1]);
      if (!f)
        return "unknown flag " + arg;
    } else {
      if (!allow_positional_)
        return "unexpected argument '" + arg + "'";
      if (stop_at_positional_) {
        positional_.insert(positional_.end(), args.begin() + i, args.end());
        break;
      }
      positional_.push_back(arg);
      continue;
    }
    if (f->name == "help") {
      help_requested_ = true;
      continue;
    }
    std::string text;
    if (inline_value) {
      text = *inline_value;
    } else if (f->type == kind::boolean) {
      text = "true";
    } else {
      if (i + 1 >= args.size())
        return "--" + f->name + ": missing value (" + f->value_name + ")";
      text = args[++i];
    }
    if (f->name == "config")
      continue; // already applied
    if (auto err = assign(*f, text, ""))
      return err;
  }
  return std::nullopt;
}

std::optional<std::string> flag_set::load_file(const std::string& path) {
  std::ifstream in{path};
  if (!in)
    return "--config: cannot open '" + path + "': no such file or not readable";
  YAML::Node root;
  try {
    root = YAML::Load(in);
  } catch (const YAML::Exception& e) {
    return "--config: '" + path + "' is not valid YAML: " + e.what();
  }
  if (root.IsNull())
    return std::nullopt;
  if (!root.IsMap())
    return "--config: '" + path + "' must be a map of flag names to values";
  std::string origin = "config file '" + path + "': ";
  for (const auto& entry : root) {
    auto name = entry.first.as<std::string>();
    auto* f = find(name);
    if (!f || name == "config" || name == "help")
      return origin + "unknown setting '" + name + "'";
    std::string text;
    if (entry.second.IsSequence()) {
      std::vector<std::string> items;
      for (const auto& item : entry.second)
        items.push_back(item.as<std::string>());
      text = join_list(items);
    } else if (entry.second.IsScalar()) {
      text = entry.second.as<std::string>();
    } else {
      return origin + "--" + name + ": expected a value or a list";
    }
    if (auto err = assign(*f, text, origin))
      return err;
  }
  return std::nullopt;
}

const std::string& flag_set::str(const std::string& name) const {
  return std::get<std::string>(get(name).current);
}

bool flag_set::boolean(const std::string& name) const {
  return std::get<bool>(get(name).current);
}

int64_t flag_set::integer(const std::string& name) const {
  return std::get<int64_t>(get(name).current);
}

std::chrono::nanoseconds flag_set::duration(const std::string& name) const {
  return std::get<std::chrono::nanoseconds>(get(name).current);
}

const std::vector<std::string>& flag_set::list(const std::string& name) const {
  return std::get<std::vector<std::string>>(get(name).current);
}

bool flag_set::is_set(const std::string& name) const {
  return get(name).set_by_user;
}

std::string flag_set::help() const {
  std::string out = "Usage: " + usage_ + "\n\n" + summary_ + "\n";
  if (allow_positional_)
    out += "\n" + positional_description_ + "\n";
  out += "\nFlags:\n";
  for (const auto& f : flags_) {
    std::string left = "  ";
    left += f.alias ? std::string{"-"} + f.alias + ", " : "    ";
    left += "--" + f.name;
    if (f.type != kind::boolean)
      left += " " + f.value_name;
    if (left.size() < 34)
      left.resize(34, ' ');
    else
      left += "\n" + std::string(34, ' ');
    out += left + f.help;
    auto fallback = default_text(f);
    if (!fallback.empty())
      out += " (default " + fallback + ")";
    out += "\n";
  }
  return out;
}

} // namespace convoy::config
