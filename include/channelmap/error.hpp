// Errors and warnings. The library throws channelmap::Error through fail();
// non-fatal remarks go to a Logger callback. The library never prints.
#pragma once
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace channelmap {

// An error about one input: where (file, block) and what went wrong.
class Error : public std::runtime_error {
 public:
  Error(std::string file, std::string block, std::string stage, const std::string& what)
      : std::runtime_error(what),
        file_(std::move(file)),
        block_(std::move(block)),
        stage_(std::move(stage)) {}
  const std::string& file() const { return file_; }
  const std::string& block() const { return block_; }
  const std::string& stage() const { return stage_; }
  // "file.cif#block: message" -- one line, suitable for an error table.
  std::string one_line() const {
    std::string s = file_;
    if (!block_.empty()) s += "#" + block_;
    if (!s.empty()) s += ": ";
    return s + what();
  }

 private:
  std::string file_, block_, stage_;
};

template <typename... Args>
std::string cat(Args const&... args) {
  std::ostringstream os;
  (os << ... << args);
  return os.str();
}

// Throws an Error with no location; callers that know the file re-throw with it.
// `msg` on one line: control characters (line breaks, tabs, vertical tabs -- quoted input can
// hold any) become spaces.
inline std::string one_line_message(std::string msg) {
  for (char& ch : msg)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
  return msg;
}

// Messages are one line (one_line_message).
template <typename... Args>
[[noreturn]] void fail(Args const&... args) {
  throw Error("", "", "", one_line_message(cat(args...)));
}

// Receives warnings (for example "site O3 has zero occupancy; dropped").
struct Logger {
  std::function<void(const std::string&)> callback;
  void warn(const std::string& msg) const {
    if (callback) callback(msg);
  }
};

}  // namespace channelmap
