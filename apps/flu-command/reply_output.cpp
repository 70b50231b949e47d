// Prints AdminReplies; see reply_output.hpp.
#include "reply_output.hpp"

#include "admin_request.hpp"
#include "cli/json.hpp"
#include "state_output.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iomanip>
#include <optional>

namespace flu::command {
using cli::Json;
namespace {

struct Keycard {
  std::string id, requester, username, address;
  std::optional<int64_t> expires_ms; // nullopt: never, or not a number
  std::string expires_text;
};

std::vector<Keycard> keycards(const message::Values &values) {
  std::vector<Keycard> found;
  for (const auto &[id, fields] : values) {
    Keycard card;
    card.id = id;
    auto field = [&](std::size_t i) { return i < fields.size() ? fields[i] : ""; };
    card.requester = field(0);
    card.username = field(1);
    card.address = field(2);
    card.expires_text = field(3);
    int64_t ms = 0;
    const auto &text = card.expires_text;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (error == std::errc() && end == text.data() + text.size() && ms > 0)
      card.expires_ms = ms;
    found.push_back(std::move(card));
  }
  return found;
}

void print_keycards(std::ostream &out, const message::Values &values) {
  const auto cards = keycards(values);
  std::size_t id = 10, requester = 12, username = 10, address = 10;
  for (const auto &card : cards) {
    id = std::max(id, card.id.size() + 2);
    requester = std::max(requester, card.requester.size() + 2);
    username = std::max(username, card.username.size() + 2);
    address = std::max(address, card.address.size() + 2);
  }
  auto row = [&](const std::string &a, const std::string &b, const std::string &c,
                 const std::string &d, const std::string &e) {
    out << std::left << std::setw(static_cast<int>(id)) << a
        << std::setw(static_cast<int>(requester)) << b
        << std::setw(static_cast<int>(username)) << c
        << std::setw(static_cast<int>(address)) << d << e << "\n";
  };
  row("KEYCARD", "REQUESTER", "USERNAME", "ADDRESS", "EXPIRES");
  for (const auto &card : cards)
    row(card.id, card.requester.empty() ? "-" : card.requester,
        card.username.empty() ? "-" : card.username,
        card.address.empty() ? "-" : card.address,
        card.expires_ms ? utc_time(*card.expires_ms)
        : card.expires_text.empty() || card.expires_text == "0" ? "never"
                                                                : card.expires_text);
}

// A check's table (the manager sends "columns", then rows "1", "2", ...).
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

Table table_of(const message::Values &values) {
  Table t;
  for (const auto &[key, cells] : values)
    if (key == "columns")
      t.columns = cells;
    else
      t.rows.push_back(cells);
  return t;
}

void print_table(std::ostream &out, const Table &t) {
  std::vector<std::size_t> width;
  for (const auto &c : t.columns)
    width.push_back(c.size() + 2);
  for (const auto &row : t.rows)
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], row[i].size() + 2);
  auto line = [&](const std::vector<std::string> &cells, bool head) {
    for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i) {
      std::string cell = cells[i].empty() ? "-" : cells[i];
      if (head)
        std::transform(cell.begin(), cell.end(), cell.begin(), [](unsigned char c) {
          return static_cast<char>(std::toupper(c));
        });
      out << std::left << std::setw(i + 1 < width.size() ? static_cast<int>(width[i]) : 0)
          << cell;
    }
    out << "\n";
  };
  if (!t.columns.empty())
    line(t.columns, true);
  for (const auto &row : t.rows)
    line(row, false);
}

void print_json(std::ostream &out, const message::AdminRequest &request,
                const message::AdminReply &reply) {
  Json json(out);
  json.begin_object();
  json.key("verb").value(request.verb);
  json.key("target").value(request.target);
  json.key("code").number(static_cast<int>(reply.code));
  json.key("text").value(reply.text);
  json.key("values").begin_object();
  for (const auto &[key, list] : reply.values)
    json.key(key).strings(list);
  json.end_object();
  if (request.verb == "check" || request.verb == "types") { // rows keyed by column
    const Table t = table_of(reply.values);
    json.key("columns").strings(t.columns);
    json.key("rows").begin_array();
    for (const auto &row : t.rows) {
      json.begin_object();
      for (std::size_t i = 0; i < row.size() && i < t.columns.size(); ++i)
        json.key(t.columns[i]).value(row[i]);
      json.end_object();
    }
    json.end_array();
  }
  if (request.verb == "keycards") {
    json.key("keycards").begin_array();
    for (const auto &card : keycards(reply.values)) {
      json.begin_object();
      json.key("id").value(card.id);
      json.key("requester").value(card.requester);
      json.key("username").value(card.username);
      json.key("address").value(card.address);
      json.key("expires_ms");
      if (card.expires_ms)
        json.number(*card.expires_ms);
      else
        json.null();
      json.end_object();
    }
    json.end_array();
  }
  json.end_object();
  out << "\n";
}

void print_text(std::ostream &out, const std::string &text) {
  if (text.empty())
    return;
  out << text;
  if (text.back() != '\n')
    out << "\n";
}

} // namespace

int print_reply(std::ostream &out, std::ostream &err,
                const message::AdminRequest &request, const message::AdminReply &reply,
                bool json) {
  const int code = exit_code(reply);
  if (json)
    print_json(out, request, reply);
  if (code != 0) {
    err << "flu-command: " << request.verb << (request.target.empty() ? "" : " ")
        << request.target << ": "
        << (reply.text.empty()
                ? "failed (code " + std::to_string(static_cast<int>(reply.code)) + ")"
                : reply.text)
        << "\n";
    return code;
  }
  if (json)
    return code;
  if (request.verb == "property") {
    for (const auto &[name, values] : reply.values)
      for (const auto &value : values)
        out << value << "\n";
    if (reply.values.empty())
      print_text(out, reply.text);
    return code;
  }
  print_text(out, reply.text);
  if (request.verb == "keycards")
    print_keycards(out, reply.values);
  else if (request.verb == "check" || request.verb == "types")
    print_table(out, table_of(reply.values));
  else
    for (const auto &[key, values] : reply.values) {
      out << key << ":";
      for (std::size_t i = 0; i < values.size(); ++i)
        out << (i ? ", " : " ") << values[i];
      out << "\n";
    }
  return code;
}

} // namespace flu::command
