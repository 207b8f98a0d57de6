#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runtime/cli/console_commands.hpp"
#include "runtime/cli/console_completion.hpp"
#include "runtime/cli/console_server_info.hpp"

using namespace convoy::cli;

namespace {

using words = std::vector<std::string>;

std::string joined(const words& w) {
  std::string out = "[";
  for (size_t i = 0; i < w.size(); ++i)
    out += (i ? "|" : "") + w[i];
  return out + "]";
}

/// Splits a test line at single blanks (the table's lines hold no quotes).
words split(const std::string& line) {
  words out;
  std::string cur;
  for (char c : line) {
    if (c == ' ') {
      if (!cur.empty())
        out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty())
    out.push_back(cur);
  return out;
}

/// write_command_of(split(line)), with "-" for read-only, so tables compare
/// plain strings.
std::string write_of(const std::string& line) {
  return write_command_of(split(line)).value_or("-");
}

struct write_case {
  const char* line;
  const char* expected; // "-": read-only
};

} // namespace

BOOST_AUTO_TEST_SUITE(tokenize)

BOOST_AUTO_TEST_CASE(words_quotes_and_escapes_split_as_documented) {
  struct tcase {
    const char* line;
    words expected;
  };
  const std::vector<tcase> cases{
    {"", {}},
    {"   \t ", {}},
    {"get pods", {"get", "pods"}},
    {"  get \t pods\n", {"get", "pods"}},
    {"store put /k 'a b  c'", {"store", "put", "/k", "a b  c"}},
    {"x 'a\\b\"c'", {"x", "a\\b\"c"}},               // '...' is literal
    {"x \"a \\\"b\\\" \\\\c\"", {"x", "a \"b\" \\c"}}, // \" and \\ escape
    {"x \"a\\nb\"", {"x", "a\\nb"}},                   // other escapes stay
    {"x a\\ b", {"x", "a b"}},                         // backslash outside quotes
    {"x \\'q", {"x", "'q"}},
    {"ab'cd'\"ef\"g", {"abcdefg"}}, // adjacent parts join into one word
    {"x '' \"\" y", {"x", "", "", "y"}},
    {"trace --for 5s 'GET /api'", {"trace", "--for", "5s", "GET /api"}},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("line <" << c.line << ">") {
      words out;
      auto err = tokenize_console_line(c.line, out);
      BOOST_CHECK_MESSAGE(!err, "unexpected error: " << err.value_or(""));
      BOOST_CHECK_EQUAL(joined(out), joined(c.expected));
    }
  }
}

BOOST_AUTO_TEST_CASE(unclosed_quotes_and_a_lone_backslash_are_errors) {
  struct tcase {
    const char* line;
    const char* error_mentions;
  };
  const std::vector<tcase> cases{
    {"store put /k 'abc", "'"},
    {"'", "'"},
    {"store put /k \"abc", "\""},
    {"x \"abc\\\"", "\""}, // the escaped quote does not close it
    {"x \"abc\\", "\""},
    {"get pods\\", "backslash"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("line <" << c.line << ">") {
      words out;
      auto err = tokenize_console_line(c.line, out);
      BOOST_REQUIRE(err.has_value());
      BOOST_CHECK_MESSAGE(err->find(c.error_mentions) != std::string::npos,
                          "error '" << *err << "' should mention " << c.error_mentions);
    }
  }
}

BOOST_AUTO_TEST_CASE(tokenizing_appends_to_the_given_vector) {
  words out{"before"};
  BOOST_REQUIRE(!tokenize_console_line("a b", out));
  BOOST_CHECK_EQUAL(joined(out), "[before|a|b]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(alias)

BOOST_AUTO_TEST_CASE(watch_becomes_get_with_w_after_the_kind) {
  struct tcase {
    words in;
    words expected;
  };
  const std::vector<tcase> cases{
    {{"watch", "pods"}, {"get", "-w", "pods"}},
    {{"watch", "pods", "web", "-o", "wide"}, {"get", "-w", "pods", "web", "-o", "wide"}},
    {{"watch", "-n", "kube-system", "pods"}, {"get", "-w", "-n", "kube-system", "pods"}},
    {{"watch"}, {"get", "-w"}},
    {{"get", "pods"}, {"get", "pods"}},
    {{"get", "watch"}, {"get", "watch"}},
    {{"store", "watch", "/k"}, {"store", "watch", "/k"}},
    {{"watchers"}, {"watchers"}},
    {{}, {}},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("words " << joined(c.in)) {
      BOOST_CHECK_EQUAL(joined(expand_console_alias(c.in)), joined(c.expected));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(read_only_guard)

BOOST_AUTO_TEST_CASE(writing_commands_are_named) {
  const std::vector<write_case> cases{
    {"delete pods web", "delete"},
    {"apply -f web.yaml", "apply"},
    {"create -f web.yaml", "create"},
    {"scale deployment web --replicas 3", "scale"},
    {"label pods web app=x", "label"},
    {"cordon n1", "cordon"},
    {"uncordon n1", "uncordon"},
    {"edit pods web", "edit"},
    {"rollout undo deployment web", "rollout undo"},
    {"store put /k v", "store put"},
    {"store del /k", "store del"},
    {"store compact 10", "store compact"},
    {"token create", "token create"},
    {"token delete abc123", "token delete"},
    {"kill scheduler", "kill"},
    {"kill 42@n2 --reason stuck", "kill"},
    {"raft step-down", "raft step-down"},
    {"raft -o json step-down --to n2", "raft step-down"},
    // Common ctl flags before the verb, with separate or inline values.
    {"-o json delete pods web", "delete"},
    {"--output yaml apply -f x.yaml", "apply"},
    {"--timeout 5s store put /k v", "store put"},
    {"--server 10.0.0.1:7000 --token t cordon n1", "cordon"},
    {"--output=json scale rc web --replicas 0", "scale"},
    {"-h delete pods web", "delete"},
    // Flags between the verb and its subcommand.
    {"rollout --output json undo deployment web", "rollout undo"},
    {"token -o json create", "token create"},
    {"rollout --to-revision=2 undo deployment web", "rollout undo"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("line <" << c.line << ">") {
      BOOST_CHECK_EQUAL(write_of(c.line), c.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(reading_commands_are_not_writes) {
  const std::vector<write_case> cases{
    {"", "-"},
    {"get pods", "-"},
    {"get pods -w", "-"},
    {"describe pods web", "-"},
    {"logs web -c app --tail 10", "-"},
    {"actors", "-"},
    {"inspect scheduler", "-"},
    {"top", "-"},
    {"trace apiserver --count 5", "-"},
    {"raft", "-"},
    {"nodes", "-"},
    {"node", "-"},
    {"store get /k", "-"},
    {"store watch /k --prefix", "-"},
    {"store status", "-"},
    {"store members", "-"},
    {"store", "-"},
    {"rollout history deployment web", "-"},
    {"rollout", "-"},
    {"token list", "-"},
    {"token", "-"},
    {"help", "-"},
    {"-o json get pods", "-"},
    {"--timeout 5s", "-"},
    {"-o", "-"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("line <" << c.line << ">") {
      BOOST_CHECK_EQUAL(write_of(c.line), c.expected);
    }
  }
}

/// Flags ctl accepts with a separate value: a guard that parsed flags would
/// read the value as the verb or subcommand and let the write through. Every flag_set has --config FILE;
/// rollout has -n/--namespace and --to-revision; token has --ttl and
/// --description. These lines all run a write in ctl (see
/// ctl_command.cpp, ctl_rollout.cpp, ctl_token.cpp, config/flag_set.cpp).
/// The guard judges every word, so none of these hides the write.
BOOST_AUTO_TEST_CASE(value_flags_ctl_knows_hide_no_writes) {
  const std::vector<write_case> cases{
    {"--config ctl.yaml delete pods web", "delete"},
    {"rollout -n default undo deployment web", "rollout undo"},
    {"rollout --namespace default undo deployment web", "rollout undo"},
    {"rollout --to-revision 2 undo deployment web", "rollout undo"},
    {"token --ttl 1h create", "token create"},
    {"token --description ci create", "token create"},
    {"get pods delete", "delete"}, // a pod named delete: refused, the safe mistake
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("line <" << c.line << ">") {
      BOOST_CHECK_EQUAL(write_of(c.line), c.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_watch_alias_never_hides_a_write) {
  // The session expands aliases before guarding: the expanded line of a
  // console line must be judged like the line itself.
  for (const char* line : {"watch pods", "watch deployments web"}) {
    BOOST_TEST_CONTEXT("line <" << line << ">") {
      BOOST_CHECK(!write_command_of(expand_console_alias(split(line))));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(verbs_and_kinds)

BOOST_AUTO_TEST_CASE(verbs_are_unique_and_include_the_console_commands) {
  std::set<std::string> names;
  for (const auto& v : console_verbs()) {
    BOOST_CHECK_MESSAGE(names.insert(v.name).second, "duplicate verb " << v.name);
    BOOST_CHECK_MESSAGE(v.summary != nullptr && *v.summary != '\0', "no summary: " << v.name);
  }
  for (const char* n : {"get", "describe", "watch", "inspect", "help", "exit", "quit", "store",
                        "rollout", "token", "delete"})
    BOOST_CHECK_MESSAGE(names.count(n) == 1, "missing verb " << n);
}

BOOST_AUTO_TEST_CASE(kinds_are_sorted_unique_and_hold_short_names) {
  const auto& k = console_kinds();
  BOOST_CHECK(std::is_sorted(k.begin(), k.end()));
  BOOST_CHECK(std::adjacent_find(k.begin(), k.end()) == k.end());
  for (const char* n : {"pods", "po", "deployments", "deploy", "svc", "nodes", "all"})
    BOOST_CHECK_MESSAGE(std::count(k.begin(), k.end(), n) == 1, "missing kind " << n);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(completion)

BOOST_AUTO_TEST_CASE(the_first_word_completes_to_sorted_verbs) {
  console_completion c;
  auto all = c.candidates({}, "");
  BOOST_CHECK_EQUAL(all.size(), console_verbs().size());
  BOOST_CHECK(std::is_sorted(all.begin(), all.end()));
  struct tcase {
    const char* prefix;
    words expected;
  };
  const std::vector<tcase> cases{
    {"d", {"delete", "describe"}},
    {"de", {"delete", "describe"}},
    {"des", {"describe"}},
    {"t", {"token", "top", "trace"}},
    {"no", {"node", "nodes"}},
    {"nodes", {"nodes"}},
    {"w", {"watch"}},
    {"q", {"quit"}},
    {"x", {}},
    {"getx", {}},
    {"G", {}}, // case matters
  };
  for (const auto& t : cases) {
    BOOST_TEST_CONTEXT("prefix <" << t.prefix << ">") {
      BOOST_CHECK_EQUAL(joined(c.candidates({}, t.prefix)), joined(t.expected));
    }
  }
}

BOOST_AUTO_TEST_CASE(later_words_complete_by_what_the_verb_takes) {
  console_completion c;
  c.set_actor_words({"scheduler", "kubelet-n1", "apiserver", "7", "kubelet-n2"});
  struct tcase {
    words before;
    const char* prefix;
    words expected;
  };
  const std::vector<tcase> cases{
    {{"get"}, "p", {"po", "pods"}},
    {{"get"}, "dep", {"deploy", "deployments"}},
    {{"describe"}, "svc", {"svc"}},
    {{"watch"}, "rs", {"rs"}},
    {{"get", "pods"}, "n", {"namespaces", "no", "nodes", "ns"}}, // every later word
    {{"get"}, "kube", {}},                          // no actor words for kinds
    {{"inspect"}, "kube", {"kubelet-n1", "kubelet-n2"}},
    {{"inspect"}, "", {"7", "apiserver", "kubelet-n1", "kubelet-n2", "scheduler"}},
    {{"top"}, "s", {"scheduler"}},
    {{"trace"}, "a", {"apiserver"}},
    {{"inspect"}, "p", {}}, // no kinds for actors
    {{"logs"}, "", {}},
    {{"raft"}, "p", {}},
    {{"help"}, "", {}},
    // Unknown verbs offer both lists, merged and sorted.
    {{"frobnicate"}, "s", {"sa", "scheduler", "secrets", "serviceaccounts", "services", "svc"}},
  };
  for (const auto& t : cases) {
    BOOST_TEST_CONTEXT("before " << joined(t.before) << " prefix <" << t.prefix << ">") {
      BOOST_CHECK_EQUAL(joined(c.candidates(t.before, t.prefix)), joined(t.expected));
    }
  }
}

BOOST_AUTO_TEST_CASE(actor_words_are_deduplicated_and_replaced) {
  console_completion c;
  BOOST_CHECK_EQUAL(c.actor_word_count(), 0u);
  BOOST_CHECK(c.candidates({"inspect"}, "").empty());
  c.set_actor_words({"b", "", "a", "b", "a", ""});
  BOOST_CHECK_EQUAL(c.actor_word_count(), 2u);
  BOOST_CHECK_EQUAL(joined(c.candidates({"inspect"}, "")), "[a|b]");
  c.set_actor_words({"c"});
  BOOST_CHECK_EQUAL(c.actor_word_count(), 1u);
  BOOST_CHECK_EQUAL(joined(c.candidates({"inspect"}, "")), "[c]");
  c.set_actor_words({});
  BOOST_CHECK(c.candidates({"inspect"}, "").empty());
}

BOOST_AUTO_TEST_CASE(an_unknown_verb_merges_duplicates_once) {
  console_completion c;
  c.set_actor_words({"pods", "podman"});
  BOOST_CHECK_EQUAL(joined(c.candidates({"frobnicate"}, "pod")), "[podman|pods]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(server_info)

BOOST_AUTO_TEST_CASE(the_child_report_parses_into_name_and_actor_words) {
  struct tcase {
    const char* text;
    const char* node_name;
    words actor_words;
  };
  const std::vector<tcase> cases{
    {"", "", {}},
    {"node\tn1\n", "n1", {}},
    {"node\tn1", "n1", {}}, // no final newline
    {"node\tn1\nactor\tscheduler\nactor\t12\nactor\tscheduler\n", "n1",
     {"scheduler", "12", "scheduler"}}, // order kept; completion deduplicates
    {"actor\tstore\n", "", {"store"}},
    {"garbage\nnode n1\n\nnode\t\nactor\t\nother\tx\n", "", {}}, // ignored lines
    {"node\ta\nnode\tb\n", "b", {}},                            // the last name wins
    {"actor\ta\tb\n", "", {"a\tb"}},                            // split at the first tab
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("text <" << c.text << ">") {
      auto info = parse_server_info(c.text);
      BOOST_CHECK_EQUAL(info.node_name, c.node_name);
      BOOST_CHECK_EQUAL(joined(info.actor_words), joined(c.actor_words));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
