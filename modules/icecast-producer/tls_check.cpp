// TLS checks of icecast-producer: see tls_check.hpp.
#include "tls_check.hpp"

#include <stdexcept>

namespace flu::modules {
namespace {

constexpr guint handshake_timeout_s = 3;

// What the handshake saw (the client's event and accept-certificate
// handlers run on the calling thread: GIO's synchronous connect).
struct Seen {
  GTlsDatabase *database = nullptr;
  bool handshaking = false;
  GTlsCertificateFlags errors = GTlsCertificateFlags(0);
};

gboolean on_accept_certificate(GTlsConnection *, GTlsCertificate *,
                               GTlsCertificateFlags errors, gpointer data) {
  static_cast<Seen *>(data)->errors = errors;
  return FALSE; // refused, as souphttpsrc refuses it
}

void on_event(GSocketClient *, GSocketClientEvent event, GSocketConnectable *,
              GIOStream *connection, gpointer data) {
  auto *seen = static_cast<Seen *>(data);
  if (event != G_SOCKET_CLIENT_TLS_HANDSHAKING || !G_IS_TLS_CONNECTION(connection))
    return;
  seen->handshaking = true;
  if (seen->database)
    g_tls_connection_set_database(G_TLS_CONNECTION(connection), seen->database);
  g_signal_connect(connection, "accept-certificate", G_CALLBACK(on_accept_certificate),
                   seen);
}

std::string host_of(const std::string &url) {
  GUri *uri = g_uri_parse(url.c_str(), G_URI_FLAGS_NONE, nullptr);
  std::string host = uri && g_uri_get_host(uri) ? g_uri_get_host(uri) : "";
  if (uri)
    g_uri_unref(uri);
  return host;
}

std::string described(GTlsCertificateFlags errors, const std::string &host) {
  const std::pair<GTlsCertificateFlags, std::string> words[] = {
      {G_TLS_CERTIFICATE_UNKNOWN_CA, "signed by an unknown authority"},
      {G_TLS_CERTIFICATE_BAD_IDENTITY, "not issued for '" + host + "'"},
      {G_TLS_CERTIFICATE_NOT_ACTIVATED, "not valid yet"},
      {G_TLS_CERTIFICATE_EXPIRED, "expired"},
      {G_TLS_CERTIFICATE_REVOKED, "revoked"},
      {G_TLS_CERTIFICATE_INSECURE, "signed with an insecure algorithm"},
      {G_TLS_CERTIFICATE_GENERIC_ERROR, "unusable"},
  };
  std::string text;
  for (const auto &[flag, word] : words)
    if (errors & flag)
      text += (text.empty() ? "" : ", ") + word;
  return text.empty() ? "refused" : text;
}

} // namespace

TlsDatabase ca_database(const std::string &ca_file) {
  const std::string named = "ca-file '" + ca_file + "'";
  if (!g_path_is_absolute(ca_file.c_str()))
    throw std::runtime_error(named + " is not an absolute path");
  // GIO's file database reads the file lazily and only warns; reading the
  // certificates here names what is wrong with it.
  GError *error = nullptr;
  GList *certificates = g_tls_certificate_list_new_from_file(ca_file.c_str(), &error);
  if (error) {
    const std::string why = error->message;
    g_error_free(error);
    throw std::runtime_error(named + ": " + why);
  }
  const bool none = certificates == nullptr;
  g_list_free_full(certificates, g_object_unref);
  if (none)
    throw std::runtime_error(named + " holds no PEM certificate");
  GTlsDatabase *database = g_tls_file_database_new(ca_file.c_str(), &error);
  if (!database) {
    const std::string why = error ? error->message : "unknown error";
    g_clear_error(&error);
    throw std::runtime_error(named + ": " + why);
  }
  return TlsDatabase(database);
}

std::string tls_problem(const std::string &url, GTlsDatabase *database,
                        const std::string &trusted) {
  Seen seen;
  seen.database = database;
  GSocketClient *client = g_socket_client_new();
  g_socket_client_set_tls(client, TRUE);
  g_socket_client_set_timeout(client, handshake_timeout_s);
  g_signal_connect(client, "event", G_CALLBACK(on_event), &seen);
  GError *error = nullptr;
  GSocketConnection *connection =
      g_socket_client_connect_to_uri(client, url.c_str(), 443, nullptr, &error);
  std::string problem;
  if (connection) {
    g_io_stream_close(G_IO_STREAM(connection), nullptr, nullptr);
    g_object_unref(connection);
  } else if (seen.errors)
    problem = "TLS: the server's certificate is not trusted (trusting " + trusted +
              "): " + described(seen.errors, host_of(url));
  else if (seen.handshaking)
    problem = std::string("TLS: ") + (error ? error->message : "the handshake failed");
  g_clear_error(&error);
  g_object_unref(client);
  return problem;
}

} // namespace flu::modules
