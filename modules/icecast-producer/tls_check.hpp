// icecast-producer over https://: what it trusts and why a server was not
// trusted.
//
// souphttpsrc (GStreamer 1.22 on libsoup 3) checks the server's certificate
// against a GTlsDatabase: GIO's default, the system's CA certificates,
// unless its `tls-database` is set (its `ssl-ca-file` is libsoup 2's and
// does nothing on libsoup 3). When the certificate does not verify it says
// no more than any other failure ("Internal data stream error"), and it has
// no signal that hands out the certificate's errors. So when an https pull
// fails without an HTTP status, tls_problem() shakes hands with the server
// itself (GIO, the same TLS backend and database) and names what was wrong.
#pragma once

#include <gio/gio.h>

#include <memory>
#include <string>

namespace flu::modules {

struct TlsDatabaseUnref {
  void operator()(GTlsDatabase *database) const { g_object_unref(database); }
};
using TlsDatabase = std::unique_ptr<GTlsDatabase, TlsDatabaseUnref>;

// A database that trusts the PEM certificates in `ca_file` and nothing
// else; throws naming the file and why it cannot be used (not an absolute
// path, unreadable, no certificate in it).
TlsDatabase ca_database(const std::string &ca_file);

// Connects to `url`'s host and port and shakes hands as souphttpsrc does,
// trusting `database` (nullptr: the system's CA certificates, GIO's
// default), which `trusted` names. Returns why the handshake failed, e.g.
// "TLS: the server's certificate is not trusted (trusting the system's CA
// certificates): signed by an unknown authority", or "" when it succeeded or
// nothing answered at all (then it is not a TLS matter). Blocks up to a few
// seconds.
std::string tls_problem(const std::string &url, GTlsDatabase *database,
                        const std::string &trusted);

} // namespace flu::modules
