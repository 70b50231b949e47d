// The verbs that talk to a running manager, as an admin: publish, list,
// resolve --manager. Same login, key pinning and exit codes as flu-command.
#include "commands.hpp"
#include "inspect_output.hpp"

#include "bundle/signing.hpp"
#include "cli/json.hpp"
#include "files/atomic_file.hpp"
#include "message/codec.hpp"
#include "session/admin_session.hpp"
#include "session/credentials.hpp"

#include <filesystem>
#include <iostream>
#include <random>

namespace flu::bundle_tool {
namespace {

namespace fs = std::filesystem;
using message::Type;

// Under the manager's 1 MiB frame limit, with room for the envelope.
constexpr std::size_t chunk_bytes = 512 * 1024;

session::SessionOptions session_options(const Options &o) {
  session::SessionOptions s = o.session;
  try {
    session::complete_from_local_manager(s);
  } catch (const std::exception &e) {
    throw Failure(unreachable, e.what());
  }
  return s;
}

// An answer that does not decode: another version of flu, or a broken peer.
void undecodable(session::AdminSession &s, const std::exception &error) {
  std::cerr << "flu-bundle: undecodable answer from the manager: " << error.what()
            << "\n";
  s.finish(unreachable);
}

bool is(const message::Envelope &e, Type t) { return e.type == static_cast<uint16_t>(t); }

int exit_for(message::ReplyCode admin_code) {
  switch (admin_code) {
  case message::ReplyCode::done:
    return ok;
  case message::ReplyCode::no_target:
    return not_found;
  case message::ReplyCode::not_now:
    return conflict;
  case message::ReplyCode::malformed:
    return usage;
  case message::ReplyCode::failed:
    break;
  }
  return invalid;
}

// One bundle file, chunk by chunk, each answered before the next goes.
int publish_one(const Options &o, const fs::path &file) {
  std::string bytes;
  try {
    bytes = files::read_file(file);
  } catch (const std::exception &e) {
    throw Failure(not_found, e.what());
  }
  message::BundlePublish piece;
  piece.sha256 = bundle::sha256_hex(bytes);
  piece.total = bytes.size();
  session::AdminSession s(session_options(o), o.timeout_ms);
  const uint32_t request = std::random_device{}() | 1u;
  auto send_next = [&] {
    piece.data = bytes.substr(piece.offset, chunk_bytes);
    s.send(message::pack(piece, request));
  };
  s.on_login([&] {
    piece.offset = 0; // a new login starts over
    send_next();
  });
  s.on_message([&](const message::Envelope &e) {
    if (!is(e, Type::admin_reply) || e.request_id != request)
      return;
    try {
      const auto reply = message::decode<message::AdminReply>(e.payload);
      const uint64_t next = piece.offset + piece.data.size();
      if (reply.code != message::ReplyCode::done || next >= bytes.size()) {
        (reply.code == message::ReplyCode::done ? std::cout : std::cerr)
            << (reply.code == message::ReplyCode::done ? "" : "flu-bundle: ")
            << file.string() << ": " << reply.text << "\n";
        return s.finish(exit_for(reply.code));
      }
      s.answered();
      piece.offset = next;
      send_next();
    } catch (const std::exception &error) {
      undecodable(s, error);
    }
  });
  return s.run();
}

} // namespace

int publish(const Options &o) {
  if (o.operands.empty())
    throw UsageError("publish takes at least one BUNDLE");
  int code = ok;
  for (const auto &file : o.operands) {
    const int c = publish_one(o, file);
    if (c == unreachable)
      return c;
    if (code == ok)
      code = c;
  }
  return code;
}

int list(const Options &o) {
  if (!o.operands.empty())
    throw UsageError("list takes no operand");
  session::AdminSession s(session_options(o), o.timeout_ms);
  const uint32_t request = std::random_device{}() | 1u;
  s.on_login([&] {
    s.send(message::pack(message::AdminRequest{"bundles", "", {}}, request));
  });
  s.on_message([&](const message::Envelope &e) {
    if (!is(e, Type::admin_reply) || e.request_id != request)
      return;
    try {
      const auto reply = message::decode<message::AdminReply>(e.payload);
      if (reply.code != message::ReplyCode::done) {
        std::cerr << "flu-bundle: " << reply.text << "\n";
        return s.finish(exit_for(reply.code));
      }
      // values: sha256 → name, version, size, signer, platform, types...
      if (o.json) {
        cli::Json j(std::cout);
        j.begin_array();
        for (const auto &[sha, v] : reply.values) {
          if (v.size() < 5)
            continue;
          j.begin_object().key("name").value(v[0]).key("version").value(v[1]);
          j.key("sha256").value(sha).key("size").number(std::stoll(v[2]));
          j.key("signer").value(v[3]).key("platform").value(v[4]);
          j.key("component-types").strings({v.begin() + 5, v.end()}).end_object();
        }
        j.end_array();
        std::cout << "\n";
      } else {
        for (const auto &[sha, v] : reply.values)
          if (v.size() >= 5)
            std::cout << v[0] << " " << v[1] << "  " << sha.substr(0, 16) << "  " << v[2]
                      << " bytes  " << v[4] << "  signed by " << v[3] << "\n";
      }
      s.finish(ok);
    } catch (const std::exception &error) {
      undecodable(s, error);
    }
  });
  return s.run();
}

int resolve_with_manager(const Options &o) {
  if (o.operands.size() != 1)
    throw UsageError("resolve takes one TYPE (or, with --bundle, one NAME)");
  message::BundleResolve ask;
  (o.bundle_name ? ask.bundle : ask.component_type) = o.operands[0];
  ask.range = o.range;
  session::AdminSession s(session_options(o), o.timeout_ms);
  const uint32_t request = std::random_device{}() | 1u;
  s.on_login([&] { s.send(message::pack(ask, request)); });
  s.on_message([&](const message::Envelope &e) {
    if (!is(e, Type::bundle_resolution) || e.request_id != request)
      return;
    try {
      const auto r = message::decode<message::BundleResolution>(e.payload);
      if (!r.ok) {
        std::cerr << "flu-bundle: " << r.error << "\n";
        return s.finish(conflict);
      }
      print_resolution(std::cout, r, o.json);
      s.finish(ok);
    } catch (const std::exception &error) {
      undecodable(s, error);
    }
  });
  return s.run();
}

} // namespace flu::bundle_tool
