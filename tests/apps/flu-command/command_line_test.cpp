// flu-command's command lines: what each verb takes, the request it sends,
// and usage errors (exit code 2) that name the verb.
#define BOOST_TEST_MODULE flu_command
#include "admin_request.hpp"
#include "command_line.hpp"

#include <boost/test/unit_test.hpp>

#include "temp_dir.hpp"

#include <filesystem>
#include <fstream>

using namespace flu::command;
namespace message = flu::message;
using Strings = std::vector<std::string>;

namespace {

// Stands in for session::peer_option(): --manager HOST and --insecure.
bool fake_peer_option(const std::string &arg, const std::function<std::string()> &next,
                      flu::session::SessionOptions &options) {
  if (arg == "--manager") {
    options.manager = next();
    return true;
  }
  if (arg == "--insecure") {
    options.security.insecure = true;
    return true;
  }
  return false;
}

CommandLine parse(const Strings &args) {
  return parse_command_line(args, fake_peer_option);
}

// Parsing must fail with `wording`; returns the verb the error names.
const Verb *usage_error(const Strings &args, const std::string &wording) {
  try {
    parse(args);
    BOOST_ERROR("parsed: " << wording);
  } catch (const UsageError &error) {
    BOOST_TEST(std::string(error.what()).find(wording) != std::string::npos,
               error.what());
    return error.verb();
  }
  return nullptr;
}

flu::message::AdminRequest request(const Strings &args) {
  return make_request(parse(args));
}

} // namespace

BOOST_AUTO_TEST_CASE(options_go_before_or_after_the_verb) {
  auto line = parse({"--manager", "m.example.org:7600", "list", "--json", "--timeout-ms",
                     "250", "--insecure"});
  BOOST_TEST(line.verb->name == std::string("list"));
  BOOST_TEST(line.json);
  BOOST_TEST(line.timeout_ms == 250);
  BOOST_TEST(line.session.manager == "m.example.org:7600");
  BOOST_TEST(line.session.security.insecure);
  BOOST_TEST((line.session.role == message::PeerRole::admin));
  BOOST_TEST(line.session.max_backoff_ms == 20000);
  BOOST_TEST(parse({"-m", "h:1", "workers"}).session.manager == "h:1");
  BOOST_TEST(parse({"list"}).timeout_ms == 5000);
  BOOST_TEST(!parse({"list"}).json);
}

BOOST_AUTO_TEST_CASE(help_for_the_tool_and_for_each_verb) {
  BOOST_TEST(parse({"--help"}).help);
  BOOST_TEST(!parse({"-h"}).verb);
  auto stop = parse({"stop", "--help"});
  BOOST_TEST(stop.help);
  BOOST_TEST(stop.verb->name == std::string("stop"));
  BOOST_TEST(parse({"help", "invoke"}).verb->name == std::string("invoke"));
  usage_error({"help", "frobnicate"}, "unknown verb 'frobnicate'");

  const std::string help = help_text("  --manager HOST[:PORT]  the manager\n");
  for (const auto &verb : verbs())
    BOOST_TEST(help.find(std::string("  ") + verb.name + " ") != std::string::npos,
               verb.name);
  for (const char *part :
       {"--manager HOST[:PORT]", "--json", "--timeout-ms", "--count", "--output",
        "exit codes", "  0  done", "  1  could not reach or log into the manager",
        "  2  usage error", "  3  no such component", "  4  not possible now",
        "  5  the component or the manager"})
    BOOST_TEST(help.find(part) != std::string::npos, part);
  BOOST_TEST(verb_help(*find_verb("invoke")) ==
             "usage: flu-command [OPTIONS] invoke TARGET METHOD [ARG...]\n"
             "  call a method of a running component\n");
  BOOST_TEST(usage_line(*find_verb("list")) == "usage: flu-command [OPTIONS] list");
}

BOOST_AUTO_TEST_CASE(usage_errors_name_the_verb) {
  BOOST_TEST(!usage_error({}, "no verb given"));
  BOOST_TEST(!usage_error({"frobnicate"}, "unknown verb 'frobnicate'"));
  BOOST_TEST(!usage_error({"list", "--frob"}, "unknown option --frob"));
  BOOST_TEST(!usage_error({"list", "--timeout-ms"}, "--timeout-ms needs a value"));
  BOOST_TEST(
      !usage_error({"list", "--timeout-ms", "soon"}, "--timeout-ms takes a whole"));
  BOOST_TEST(!usage_error({"watch", "--count", "0"}, "--count takes a whole number"));
  BOOST_TEST(usage_error({"stop"}, "stop needs an operand")->name == std::string("stop"));
  BOOST_TEST(usage_error({"list", "extra"}, "list takes no operand, got 'extra'")->name ==
             std::string("list"));
  BOOST_TEST(
      usage_error({"stop", "/a/b", "/c/d"}, "stop takes at most 1, got '/c/d'")->name ==
      std::string("stop"));
  BOOST_TEST(usage_error({"property", "/a/b"}, "property needs more operands")->name ==
             std::string("property"));
  usage_error({"stop", "default/http"}, "'default/http' is not a component id");
  usage_error({"list", "--count", "3"}, "--count is for watch");
  usage_error({"list", "--output", "x.xml"}, "--output is for export");
  usage_error({"expire", "manager"}, "expire needs more operands");
}

BOOST_AUTO_TEST_CASE(watch_takes_a_count) {
  auto line = parse({"watch", "--count", "3", "--json"});
  BOOST_TEST((line.verb->kind == Verb::Kind::watch));
  BOOST_TEST(*line.count == 3);
  BOOST_TEST(!parse({"watch"}).count);
  BOOST_TEST((parse({"watch", "/default/http", "--count", "1"}).operands ==
              Strings{"/default/http"}));
  usage_error({"watch", "http"}, "'http' is not a component id");
  usage_error({"watch", "/a/b", "/c/d"}, "watch takes at most 1");
}

BOOST_AUTO_TEST_CASE(component_verbs_send_their_target) {
  for (const char *verb : {"start", "stop", "restart", "delete"}) {
    auto r = request({verb, "/default/http"});
    BOOST_TEST(r.verb == verb);
    BOOST_TEST(r.target == "/default/http");
    BOOST_TEST(r.args.empty());
  }
  auto property = request({"property", "/default/http", "mount-point"});
  BOOST_TEST(property.target == "/default/http");
  BOOST_TEST((property.args == Strings{"mount-point"}));
}

BOOST_AUTO_TEST_CASE(invoke_sends_method_and_arguments_even_negative_ones) {
  auto r = request({"invoke", "/default/video-encoder", "set-bitrate", "300000"});
  BOOST_TEST(r.verb == "invoke");
  BOOST_TEST(r.target == "/default/video-encoder");
  BOOST_TEST((r.args == Strings{"set-bitrate", "300000"}));
  BOOST_TEST((request({"invoke", "/a/b", "nudge", "-5", "-0.5"}).args ==
              Strings{"nudge", "-5", "-0.5"}));
  BOOST_TEST((request({"invoke", "/a/b", "say", "--", "--json"}).args ==
              Strings{"say", "--json"}));
  BOOST_TEST((request({"invoke", "/a/b", "ping"}).args == Strings{"ping"}));
}

BOOST_AUTO_TEST_CASE(load_sends_the_file_text_and_name) {
  const flu::test::TempDir dir;
  const auto file = dir.write("load-test.xml", "<planet><flow name=\"x\"/></planet>\n");
  auto r = request({"load", file.string()});
  BOOST_TEST(r.verb == "load");
  BOOST_TEST(r.target == "");
  BOOST_TEST((r.args == Strings{"<planet><flow name=\"x\"/></planet>\n", file.string()}));
  try {
    request({"load", "/nonexistent/flow.xml"});
    BOOST_ERROR("loaded a missing file");
  } catch (const UsageError &error) {
    BOOST_TEST(error.what() == std::string("cannot read /nonexistent/flow.xml"));
    BOOST_TEST(error.verb()->name == std::string("load"));
  }
}

BOOST_AUTO_TEST_CASE(export_keycards_and_expire) {
  auto line = parse({"export", "--output", "planet.xml"});
  BOOST_TEST(line.output == "planet.xml");
  auto r = make_request(line);
  BOOST_TEST(r.verb == "export");
  BOOST_TEST(r.target == "");
  BOOST_TEST(r.args.empty());

  BOOST_TEST(request({"keycards"}).target == "");
  BOOST_TEST(request({"keycards", "manager"}).target == "");
  BOOST_TEST(request({"keycards", "viewers"}).target == "viewers");
  BOOST_TEST(request({"keycards", "/atmosphere/viewers"}).target ==
             "/atmosphere/viewers");

  auto expire = request({"expire", "viewers", "kc-17"});
  BOOST_TEST(expire.target == "viewers");
  BOOST_TEST((expire.args == Strings{"kc-17"}));
  BOOST_TEST(request({"expire", "manager", "kc-1"}).target == "");
  BOOST_TEST(request({"expire", "", "kc-1"}).target == "");
}

BOOST_AUTO_TEST_CASE(reply_codes_are_exit_codes) {
  for (int code : {0, 2, 3, 4, 5})
    BOOST_TEST(exit_code({static_cast<message::ReplyCode>(code), "", {}}) == code);
  // The codec refuses these; a reply made in-process with one still fails.
  for (int code : {1, 6, -1, 255})
    BOOST_TEST(exit_code({static_cast<message::ReplyCode>(code), "", {}}) == 5);
}

BOOST_AUTO_TEST_CASE(upgrade_takes_a_target_and_maybe_a_version_and_waits_longer) {
  const CommandLine plain = parse({"upgrade", "/default/http"});
  BOOST_TEST(std::string(plain.verb->name) == "upgrade");
  BOOST_TEST(plain.operands == (Strings{"/default/http"}));
  BOOST_TEST(plain.timeout_ms == 60000);
  const CommandLine versioned =
      parse({"--timeout-ms", "900", "upgrade", "/d/h", "1.2.0"});
  BOOST_TEST(versioned.operands == (Strings{"/d/h", "1.2.0"}));
  BOOST_TEST(versioned.timeout_ms == 900);
  BOOST_CHECK_THROW(parse({"upgrade"}), UsageError);
  BOOST_CHECK_THROW(parse({"upgrade", "/d/h", "1", "2"}), UsageError);
  BOOST_CHECK_THROW(parse({"upgrade", "d/h"}), UsageError);
}
