// The http-server component (Flumotion's on-demand server): files from a
// directory, with Range requests, on its own port or behind a porter. No
// media flows: its pipeline idles, the FileServer works on its own thread.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/porter_client.hpp>

#include <memory>
#include <string>

namespace flu::http_server {

class FileServer;

class HttpServer {
public:
  static std::string pipeline(const flu::sdk::Host &config);

  HttpServer(const flu::sdk::Host &config, GstElement *pipeline);
  ~HttpServer();
  HttpServer(const HttpServer &) = delete;
  HttpServer &operator=(const HttpServer &) = delete;

private:
  std::unique_ptr<FileServer> server_;
  std::unique_ptr<flu::sdk::PorterClient> porter_;
};

} // namespace flu::http_server
