// The files of a screen's output: the lock against a second writer, the sidecar with version
// and options (and a shard's record), and tables written with every write checked. Used by
// screen.cpp and screen_merge.cpp.
#pragma once
#include <sys/types.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "channelmap/screen.hpp"

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

// The header of a screen's error table.
constexpr const char* screen_errors_header = "file,block,stage,message";

// The whole file; `exists` false when there is none. Throws "usage" when it cannot be read.
std::string read_whole_file(const std::string& path, bool* exists);

// What the sidecar of a shard's table records besides the version and options (docs/screen.md).
struct ShardRecord {
  ScreenShard shard;
  int inputs = 0;             // inputs of this shard
  int inputs_total = 0;       // inputs of the whole screen (all shards)
  std::string inputs_digest;  // inputs_digest() of the whole screen's inputs
  bool complete = false;      // every input of the shard has its rows in the tables
  long rows = 0;              // with `complete`: the rows of the result table
  long error_rows = 0;        // with `complete`: the rows of the error table
};

// A fingerprint of a list of inputs (their paths and roots, in order): "fnv1a64:" and 16 hex
// digits. Shards of one screen were made from the same list.
std::string inputs_digest(const std::vector<ScreenInput>& inputs);

// The sidecar of a screen's table: meta_sidecar_text() (write.hpp), and for a shard a last key
// "shard" with the record.
std::string screen_meta_text(const std::string& output, const std::string& options,
                             const std::string& header, const ShardRecord* shard);

// A screen's sidecar as read back.
struct ScreenMeta {
  std::string program, version, options;
  std::vector<std::string> columns;
  bool sharded = false;
  ShardRecord shard;  // when `sharded`
};

// Reads the sidecar `meta_path` of the table `output`; throws "usage" naming it when it is
// missing or is not a screen's sidecar.
ScreenMeta read_screen_meta(const std::string& meta_path, const std::string& output);

// The shard a sidecar's text records (count 0: none); throws "usage" naming `meta_path` when the
// text is not JSON or its shard record is malformed.
ScreenShard meta_shard(const std::string& text, const std::string& meta_path);

// The "key=value" words of options line `a` missing from `b`, and those of `b` missing from
// `a`, each joined by ", ".
std::pair<std::string, std::string> options_difference(const std::string& a, const std::string& b);

// The check of an existing sidecar OUTPUT.meta.json (screen_meta_text()) for --resume: the same
// version, options and shard (throws "usage" naming what differs).
void check_meta(const std::string& meta_path, const std::string& output, const std::string& version,
                const std::string& options, const ScreenShard& shard);

// A table for a screen: `resume` false: must not exist. `resume` true: when it exists it must
// start with `header` (or be empty, or a cut header). Throws "usage" otherwise. Writes nothing.
void check_table(const std::string& path, const std::string& header, bool resume);

// Opens a checked table: cuts an unfinished last record, writes the header into an empty file,
// and returns the keys of the rows already there (row_key) and their number.
std::set<std::string> open_table(const std::string& path, const std::string& header, int* rows);

// Whether a file (or a symbolic link) exists at `path`.
bool path_exists(const std::string& path);

}  // namespace channelmap
