#include "screen_output.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"

namespace channelmap {

namespace {
// Attempts to take the lock when its file is replaced under us (by a finishing owner).
constexpr int lock_attempts = 5;

// The value of `"key": "..."` on its own line of a sidecar written by meta_text (unescaped);
// `found` false when there is no such line.
std::string meta_value(const std::string& text, const std::string& key, bool* found) {
  *found = false;
  std::string tag = "\"" + key + "\": \"";
  size_t p = text.find(tag);
  if (p == std::string::npos) return {};
  std::string out;
  for (size_t i = p + tag.size(); i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      *found = true;
      return out;
    }
    if (c == '\\' && i + 1 < text.size()) {
      char n = text[++i];
      if (n == 'u' && i + 4 < text.size()) {
        out += static_cast<char>(std::stoi(text.substr(i + 1, 4), nullptr, 16));
        i += 4;
      } else {
        out += n;
      }
    } else {
      out += c;
    }
  }
  return {};
}

// "key=value" pairs of an options line, split at spaces.
std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}
}  // namespace

void refuse(const std::string& message) {
  throw Error("", "", "usage", message);
}

void write_failed(const std::string& path, int errnum) {
  throw Error("", "", "write", cat(path, ": cannot write (", std::strerror(errnum), ")"));
}

std::string read_whole_file(const std::string& path, bool* exists) {
  *exists = false;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return {};
    refuse(cat(path, ": cannot read (", std::strerror(errno), ")"));
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    refuse(cat(path, ": not a regular file"));
  }
  *exists = true;
  std::string text;
  char buf[1 << 16];
  for (;;) {
    ssize_t got = read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int e = errno;
      close(fd);
      refuse(cat(path, ": cannot read (", std::strerror(e), ")"));
    }
    if (got == 0) break;
    text.append(buf, static_cast<size_t>(got));
  }
  close(fd);
  return text;
}

bool path_exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

OutputLock::OutputLock(const std::string& output) : path_(output + ".lock") {
  for (int attempt = 0; attempt < lock_attempts; ++attempt) {
    fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd_ < 0) {
      int e = errno;
      // The usual cause: the output's directory does not exist (say so, not "lock file").
      std::string dir = output.substr(0, output.find_last_of('/') + 1);
      struct stat st;
      if (e == ENOENT && !dir.empty() && stat(dir.c_str(), &st) != 0)
        refuse(cat(output, ": the output's directory ", dir, " does not exist"));
      refuse(cat(path_, ": cannot create the lock file (", std::strerror(e), ")"));
    }
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      std::string pid;
      char buf[32];
      ssize_t got = pread(fd_, buf, sizeof buf - 1, 0);
      if (got > 0) pid.assign(buf, static_cast<size_t>(got));
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
      close(fd_);
      fd_ = -1;
      if (e == EWOULDBLOCK)
        refuse(cat(output, " is being written by another channelmap (pid ",
                   pid.empty() ? "unknown" : pid, ", holding ", path_, "); wait for it to end"));
      refuse(cat(path_, ": cannot lock (", std::strerror(e), ")"));
    }
    // The owner before us removes the file when it ends: make sure we hold the current one.
    struct stat held, now;
    if (fstat(fd_, &held) == 0 && stat(path_.c_str(), &now) == 0 && held.st_ino == now.st_ino &&
        held.st_dev == now.st_dev) {
      std::string pid = std::to_string(getpid()) + "\n";
      // The pid is for the message of a second writer; the lock works without it (full disk).
      if (ftruncate(fd_, 0) == 0 && pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
      }
      return;
    }
    close(fd_);
    fd_ = -1;
  }
  refuse(cat(path_, ": cannot take the lock (the file keeps changing)"));
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  unlink(path_.c_str());  // while still holding it: a waiting process then retries
  close(fd_);
}

CheckedFile::CheckedFile(const std::string& path) : path_(path) {
  fd_ = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) write_failed(path, errno);
}

CheckedFile::~CheckedFile() {
  if (fd_ >= 0) ::close(fd_);
}

off_t CheckedFile::size() const {
  return lseek(fd_, 0, SEEK_END);
}

void CheckedFile::write(const std::string& text) {
  const char* p = text.data();
  size_t n = text.size();
  while (n > 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      write_failed(path_, errno);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
}

void CheckedFile::truncate(off_t size) const {
  if (ftruncate(fd_, size) != 0) {
  }
}

void CheckedFile::close() {
  int fd = fd_;
  fd_ = -1;
  if (fd >= 0 && ::close(fd) != 0) write_failed(path_, errno);
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  try {
    unlink(tmp.c_str());
    CheckedFile f(tmp);
    f.write(text);
    f.close();
  } catch (...) {
    unlink(tmp.c_str());
    throw;
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    unlink(tmp.c_str());
    write_failed(path, e);
  }
}

void check_meta(const std::string& meta_path, const std::string& output, const std::string& version,
                const std::string& options, const ScreenShard& shard) {
  bool exists = false;
  std::string text = read_whole_file(meta_path, &exists);
  if (!exists)
    refuse(cat(output, ": no ", meta_path,
               " beside it: not a table of this version of channelmap screen; cannot resume"));
  bool has_version = false, has_options = false;
  std::string v = meta_value(text, "version", &has_version);
  std::string o = meta_value(text, "options", &has_options);
  if (!has_version || !has_options)
    refuse(
        cat(meta_path, ": not a channelmap screen sidecar (no version or options); cannot resume"));
  if (v != version)
    refuse(cat(output, ": made by channelmap ", v, ", this is ", version,
               "; cannot resume (start a new output)"));
  if (o != options) {
    auto [was, diff] = options_difference(o, options);
    refuse(cat(output, ": made with other options (", was, "; this run: ", diff,
               "); cannot resume (use the same options, or start a new output)"));
  }
  // A shard resumes only as the same shard; a whole screen only as a whole screen.
  const ScreenShard recorded = meta_shard(text, meta_path);
  if (recorded.label() != shard.label())
    refuse(cat(output, ": made ",
               recorded.sharded() ? "as shard " + recorded.label() : std::string("without --shard"),
               ", this run is ",
               shard.sharded() ? "shard " + shard.label() : std::string("without --shard"),
               "; cannot resume (use the same --shard, or start a new output)"));
}

std::pair<std::string, std::string> options_difference(const std::string& a, const std::string& b) {
  std::vector<std::string> wa = words(a), wb = words(b);
  auto only = [](const std::vector<std::string>& x, const std::vector<std::string>& y) {
    std::string out;
    for (const std::string& w : x)
      if (std::find(y.begin(), y.end(), w) == y.end()) out += (out.empty() ? "" : ", ") + w;
    return out;
  };
  return {only(wa, wb), only(wb, wa)};
}

void check_table(const std::string& path, const std::string& header, bool resume) {
  if (!resume) {
    if (path_exists(path)) refuse(cat(path, ": exists; use --resume to finish it, or remove it"));
    return;
  }
  bool exists = false;
  std::string text = read_whole_file(path, &exists);
  if (!exists || text.empty()) return;
  const std::string head = header + "\n";
  if (text.size() < head.size() ? head.compare(0, text.size(), text) != 0
                                : text.compare(0, head.size(), head) != 0)
    refuse(cat(path, ": not a table of this channelmap screen (its first line is not the header",
               " of this version); left untouched, cannot resume"));
}

std::set<std::string> open_table(const std::string& path, const std::string& header, int* rows) {
  *rows = 0;
  std::set<std::string> keys;
  bool exists = false;
  std::string text = read_whole_file(path, &exists);
  size_t complete = 0;
  std::vector<std::string> records = csv_records(text, &complete);
  if (complete < text.size() && truncate(path.c_str(), static_cast<off_t>(complete)) != 0)
    write_failed(path, errno);  // a record cut by a kill
  CheckedFile f(path);
  if (records.empty()) {
    f.write(header + "\n");
  } else {
    for (size_t i = 1; i < records.size(); ++i)
      if (!records[i].empty()) {
        keys.insert(row_key(records[i]));
        ++*rows;
      }
  }
  f.close();
  return keys;
}

}  // namespace channelmap
