// A listener as internet radio players are: it asks for ICY metadata
// (`Icy-MetaData: 1`), reads `icy-metaint` from the response head, and
// splits what follows into the audio and the metadata blocks (a length byte
// L, then L × 16 bytes). Blocking, with a time limit on every read.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::modules::test {

class IcyReader {
public:
  IcyReader(int port, const std::string &path, bool ask = true) : socket_(io_) {
    socket_.connect(
        {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    timeval limit{10, 0}; // a silent server fails the test, never hangs it
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                (ask ? "Icy-MetaData: 1\r\n" : "") + "\r\n";
    boost::asio::write(socket_, boost::asio::buffer(request));
    const size_t end = boost::asio::read_until(
        socket_, boost::asio::dynamic_buffer(buffer_), "\r\n\r\n");
    head_ = buffer_.substr(0, end);
    buffer_.erase(0, end);
    const std::string field = "icy-metaint: ";
    if (const auto at = head_.find(field); at != std::string::npos)
      metaint_ = std::stoul(head_.substr(at + field.size()));
  }

  const std::string &head() const { return head_; }
  size_t metaint() const { return metaint_; }

  // Reads one stretch of audio and the block after it: the block's text
  // ("" for a block of length 0). Throws when the bytes break the framing.
  std::string next_block() {
    audio_ += take(metaint_);
    const auto length = static_cast<unsigned char>(take(1)[0]);
    std::string text = take(length * 16u);
    ++blocks_;
    if (length > 0) {
      if (text.rfind("StreamTitle='", 0) != 0)
        throw std::runtime_error("a metadata block that is no StreamTitle: " + text);
      const auto last = text.find_last_not_of('\0');
      text.resize(last + 1);
      titles_.push_back(text);
    }
    return text;
  }

  // Reads plain stream bytes (a listener that did not ask).
  std::string read(size_t n) { return take(n); }

  const std::string &audio() const { return audio_; }
  const std::vector<std::string> &titles() const { return titles_; }
  size_t blocks() const { return blocks_; }

private:
  std::string take(size_t n) {
    while (buffer_.size() < n) {
      char chunk[16384];
      boost::system::error_code ec;
      const size_t got = socket_.read_some(boost::asio::buffer(chunk), ec);
      if (ec)
        throw std::runtime_error("the stream ended: " + ec.message());
      buffer_.append(chunk, got);
    }
    std::string out = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return out;
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string buffer_, head_, audio_;
  size_t metaint_ = 0;
  size_t blocks_ = 0;
  std::vector<std::string> titles_;
};

} // namespace flu::modules::test
