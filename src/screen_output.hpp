// The files of a screen's output: the lock against a second writer, the sidecar with version
// and options, and tables written with every write checked. Used by screen.cpp.
#pragma once
#include <sys/types.h>

#include <set>
#include <string>

namespace channelmap {

// Throws Error with stage "usage" (the screen cannot start: nothing written) or "write" (a
// write failed), the message naming the file and the reason.
[[noreturn]] void refuse(const std::string& message);
[[noreturn]] void write_failed(const std::string& path, int errnum);

// An exclusive lock on OUTPUT.lock (flock), holding the pid of its owner. Released (and the
// file removed) by the destructor; the kernel releases it when the process dies.
class OutputLock {
 public:
  explicit OutputLock(const std::string& output);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

// A file opened for appending; every write is checked.
class CheckedFile {
 public:
  explicit CheckedFile(const std::string& path);
  ~CheckedFile();
  CheckedFile(const CheckedFile&) = delete;
  CheckedFile& operator=(const CheckedFile&) = delete;
  off_t size() const;
  void write(const std::string& text);  // throws (write_failed)
  void truncate(off_t size) const;      // best effort: cuts a partly written chunk
  void close();                         // throws when the close reports a failed write

 private:
  std::string path_;
  int fd_ = -1;
};

// Writes `text` to `path` through a temporary file and a rename (checked).
void write_file_atomically(const std::string& path, const std::string& text);

// The check of an existing sidecar OUTPUT.meta.json (meta_sidecar_text(), write.hpp) for
// --resume (throws "usage" naming what differs).
void check_meta(const std::string& meta_path, const std::string& output, const std::string& version,
                const std::string& options);

// A table for a screen: `resume` false: must not exist. `resume` true: when it exists it must
// start with `header` (or be empty, or a cut header). Throws "usage" otherwise. Writes nothing.
void check_table(const std::string& path, const std::string& header, bool resume);

// Opens a checked table: cuts an unfinished last record, writes the header into an empty file,
// and returns the keys of the rows already there (row_key) and their number.
std::set<std::string> open_table(const std::string& path, const std::string& header, int* rows);

// Whether a file (or a symbolic link) exists at `path`.
bool path_exists(const std::string& path);

}  // namespace channelmap
