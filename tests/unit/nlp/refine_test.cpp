// aiops: tests of the refined parser: token refinement, gap merging and what must not merge
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/nlp/parse.hpp>
#include <aiops/nlp/refine.hpp>

using aiops::nlp::refined_drain;

namespace {
// The group templates of the messages, in group order.
std::vector<std::string> templates_of(const std::vector<std::string>& messages) {
  refined_drain p;
  for (const auto& m : messages) p.add(m);
  std::vector<std::string> out;
  for (const auto& g : p.groups()) out.push_back(g.template_text);
  return out;
}
}  // namespace

TEST_CASE("refined templates keep the constant text around values", "[nlp][refine]") {
  CHECK(templates_of({"login ok user=alice (tty1):", "login ok user=bob (pts/0):"}) ==
        std::vector<std::string>{"login ok user=<*> (<*>):"});
  // Values that share letters only inside a word do not leave a fragment behind.
  CHECK(templates_of({"start service cron-daily", "start service crond"}) == std::vector<std::string>{"start service <*>"});
}

TEST_CASE("refined merges a run of parameters of varying length", "[nlp][refine]") {
  const auto t = templates_of({"ask <*> to delete <*>", "ask <*> to delete <*> <*> <*>", "ask <*> to delete <*> <*>"});
  CHECK(t == std::vector<std::string>{"ask <*> to delete <*>"});
  // An empty value (here a user name) is a value of varying length too, once it took many values.
  CHECK(templates_of({"Invalid user a1 from <*> port <*>", "Invalid user b2 from <*> port <*>", "Invalid user c3 from <*> port <*>",
                      "Invalid user from <*> port <*>"}) == std::vector<std::string>{"Invalid user <*> from <*> port <*>"});
}

TEST_CASE("refined merges a slot that Drain's tree split by its values", "[nlp][refine]") {
  CHECK(templates_of({"cups startup succeeded", "crond startup succeeded", "atd startup succeeded", "sshd startup succeeded"}) ==
        std::vector<std::string>{"<*> startup succeeded"});
  // Two values are not enough evidence: these stay two templates, as they are in Drain.
  CHECK(templates_of({"cups startup succeeded", "crond startup succeeded"}).size() == 2);
  // Quoted values of one to three words.
  CHECK(templates_of({"acquire tag=\"RILJ\", uid=<*>", "acquire tag=\"View Lock\", uid=<*>",
                      "acquire tag=\"Window Manager Lock\", uid=<*>", "acquire tag=\"AudioMix\", uid=<*>"}) ==
        std::vector<std::string>{"acquire tag=\"<*>\", uid=<*>"});
}

TEST_CASE("refined does not merge templates that differ in words", "[nlp][refine]") {
  // A sub-template, not a value: the fillers share "user".
  {
    aiops::nlp::refine_options o;
    o.drain.similarity = 0.9;  // keep Drain from merging them first
    refined_drain p(o);
    for (const char* m : {"Connection closed by invalid user a <*> port <*>", "Connection closed by authenticating user b <*> port <*>",
                          "Connection closed by guest user c <*> port <*>", "Connection closed by <*> port <*>"})
      p.add(m);
    CHECK(p.groups().size() == 4);
  }
  // Drain merges "Task" and "TaskAttempt" (one routing token, 4 of 7 equal); the job's line, one
  // token shorter, must not join them as if "Task" were a parameter that can be empty.
  CHECK(templates_of({"job_1Job Transitioned from NEW to INITED", "task_1 Task Transitioned from NEW to SCHEDULED",
                      "attempt_1 TaskAttempt Transitioned from NEW to UNASSIGNED"}) ==
        std::vector<std::string>{"job_1Job Transitioned from NEW to INITED", "<*> <*> Transitioned from NEW to <*>"});
}

// The cases below come from LogHub's real OpenSSH and HPC samples, where the refined parser once
// grouped worse than Drain (bench/README.md, nlp).
TEST_CASE("refined: a parameter that froze on one value rejoins its other values", "[nlp][refine]") {
  refined_drain p;
  std::vector<std::string> messages(40, "Failed password for root from <*> port <*> ssh2");
  for (const char* user : {"admin", "oracle", "test", "guest"}) messages.push_back(std::string("Failed password for ") + user + " from <*> port <*> ssh2");
  for (int i = 0; i < 40; ++i) messages.push_back("auth failure; tty=ssh rhost=<*> user=root");
  for (const char* user : {"admin", "oracle", "test"}) messages.push_back(std::string("auth failure; tty=ssh rhost=<*> user=") + user);
  for (int i = 0; i < 5; ++i) messages.push_back("auth failure; tty=ssh rhost=<*>");  // no user: another event
  for (const auto& m : messages) p.add(m);
  std::vector<std::string> templates;
  for (const auto& g : p.groups()) templates.push_back(g.template_text);
  CHECK(templates == std::vector<std::string>{"Failed password for <*> from <*> port <*> ssh2", "auth failure; tty=ssh rhost=<*> user=<*>",
                                              "auth failure; tty=ssh rhost=<*>"});
}

TEST_CASE("refined: the first words of frequent events name them, rare ones are values", "[nlp][refine]") {
  refined_drain p;
  for (int i = 0; i < 40; ++i) p.add("boot (command <*>)");
  for (int i = 0; i < 40; ++i) p.add("wait (command <*>)");
  for (const char* m : {"halt (command <*>)", "risBoot (command <*>)"}) p.add(m);
  const auto boot = p.add("boot (command <*>)"), wait = p.add("wait (command <*>)");
  CHECK(p.group_of(boot.cluster_id) != p.group_of(wait.cluster_id));
  // Values of one key are values wherever they stand.
  CHECK(templates_of({"ugi=root cmd=<*> src=<*>", "ugi=hive cmd=<*> src=<*>", "ugi=hbase cmd=<*> src=<*>", "ugi=etl cmd=<*> src=<*>"}) ==
        std::vector<std::string>{"ugi=<*> cmd=<*> src=<*>"});
}

TEST_CASE("refined: tokens and gaps", "[nlp][refine]") {
  using namespace aiops::nlp::detail;
  // Two values side by side are one ("rhost=<*>" and "rhost=<*>.dsl.example.net").
  CHECK(generalize_token("rhost=<*>", "rhost=<*>.dsl.example.net") == "rhost=<*>");
  CHECK(generalize_token("id=<*>-<*>", "id=<*>") == "id=<*>");
  CHECK(covers("user=<*>", "user=root"));
  CHECK(covers("<*>", "root"));
  CHECK(covers("<*>:<*>)", "12:7)"));
  CHECK_FALSE(covers("user=<*>", "uid=0"));
  CHECK_FALSE(covers("<*>:<*>)", "12)"));
  CHECK_FALSE(covers("<*>", "two words"));
  CHECK(constant_text("rhost=<*>") == "rhost=");
  CHECK(constant_text("user") == "user");
  CHECK(constant_text("<*>,").empty());
}

TEST_CASE("refined groups, group_of and parse_messages agree", "[nlp][refine]") {
  refined_drain p;
  const auto a = p.add("cups startup succeeded"), b = p.add("crond startup succeeded");
  p.add("atd startup succeeded");
  const auto c = p.add("something else entirely");
  CHECK(p.group_of(a.cluster_id) == p.group_of(b.cluster_id));
  CHECK(p.group_of(c.cluster_id) != p.group_of(a.cluster_id));
  CHECK(p.groups()[p.group_of(a.cluster_id)].size == 3);
  CHECK(p.groups()[p.group_of(a.cluster_id)].clusters == std::vector<std::size_t>{1, 2, 3});

  const std::vector<std::string> messages = {"cups startup succeeded", "crond startup succeeded", "atd startup succeeded",
                                             "port 22 open", "port 80 open"};
  const auto mask = aiops::nlp::masker::standard();
  const auto refined = aiops::nlp::parse_messages(messages, mask);
  CHECK(refined.templates == std::vector<std::string>{"<*> startup succeeded", "port <*> open"});
  CHECK(refined.group == std::vector<int>{0, 0, 0, 1, 1});
  CHECK(refined.occurrences == std::vector<std::size_t>{3, 2});
  CHECK(refined.template_of(4) == "port <*> open");
  aiops::nlp::parse_options plain;
  plain.parser = aiops::nlp::parser_kind::drain;
  const auto drain = aiops::nlp::parse_messages(messages, mask, plain);
  CHECK(drain.templates.size() == 4);
  CHECK(aiops::nlp::parser_kind_from_string("refined") == aiops::nlp::parser_kind::refined);
  CHECK_FALSE(aiops::nlp::parser_kind_from_string("spell"));
}
