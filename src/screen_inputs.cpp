// The inputs of a screen: directories searched recursively, every entry either a structure
// file to analyse, an entry that becomes an error row, or an ignored (counted) file.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "channelmap/error.hpp"
#include "channelmap/read.hpp"
#include "channelmap/screen.hpp"

namespace channelmap {

namespace fs = std::filesystem;

namespace {

std::string file_type_name(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISCHR(mode)) return "a character device";
  return "of an unknown type";
}

struct Scanner {
  struct File {
    std::string path;
    dev_t dev;
    ino_t ino;
    std::string root;
  };
  std::vector<File> files;
  std::vector<ScreenInput> problems;
  std::set<std::pair<dev_t, ino_t>> visited_dirs;
  std::vector<std::string> links;  // symbolic links to directories, not followed
  int ignored = 0;

  // An entry that exists (lstat worked) but cannot be analysed.
  void problem(const std::string& path, const std::string& reason) {
    problems.push_back({path, reason, ""});
  }

  // Classifies an entry; `named` when the user named it (any name is a structure then).
  // `root`: the named directory the search is in ("" for a named entry).
  void entry(const std::string& path, bool named, const std::string& root) {
    struct stat lst, st;
    if (lstat(path.c_str(), &lst) != 0) {
      if (named) fail(path, ": no such file or directory");
      problem(path, cat("cannot stat (", std::strerror(errno), ")"));
      return;
    }
    const bool wanted = named || is_structure_file_name(path);
    if (stat(path.c_str(), &st) != 0) {
      int e = errno;
      if (!wanted) {
        ++ignored;
      } else if (S_ISLNK(lst.st_mode) && e == ELOOP) {
        problem(path, "symbolic link loop; not a file");
      } else if (S_ISLNK(lst.st_mode) && e == ENOENT) {
        std::error_code ec;
        problem(path, cat("dangling symbolic link (to ", fs::read_symlink(path, ec).string(),
                          "); not a file"));
      } else {
        problem(path, cat("cannot stat (", std::strerror(e), ")"));
      }
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      // Like find(1), a search does not follow symbolic links to directories (they may lead
      // out of the tree or round in a loop); a directory named directly is searched.
      if (named || !S_ISLNK(lst.st_mode))
        directory(path, named ? path : root);
      else
        links.push_back(path);
    } else if (!wanted) {
      ++ignored;
    } else if (S_ISREG(st.st_mode)) {
      files.push_back({path, st.st_dev, st.st_ino, root});
    } else {
      problem(path, "not a regular file (" + file_type_name(st.st_mode) + ")");
    }
  }

  void directory(const std::string& path, const std::string& root) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) return;
    // Each directory once: a directory named twice (or inside another named one) is not
    // searched again.
    if (!visited_dirs.insert({st.st_dev, st.st_ino}).second) return;
    std::error_code ec;
    fs::directory_iterator it(path, ec);
    if (ec) {
      problem(path, cat("cannot read the directory (", ec.message(), ")"));
      return;
    }
    std::vector<std::string> names;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) {
        problem(path, cat("cannot read the directory (", ec.message(), ")"));
        break;
      }
      names.push_back(it->path().string());
    }
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) entry(n, false, root);
  }
};
}  // namespace

InputScan scan_inputs(const std::vector<std::string>& paths) {
  Scanner s;
  for (const std::string& p : paths) s.entry(p, true, "");
  InputScan out;
  out.ignored = s.ignored;
  out.links_not_followed = s.links;
  std::sort(out.links_not_followed.begin(), out.links_not_followed.end());
  // Sorted by path; of the names of one file (device and inode) the first is kept.
  std::sort(s.files.begin(), s.files.end(),
            [](const auto& a, const auto& b) { return a.path < b.path; });
  std::map<std::pair<dev_t, ino_t>, std::string> kept;
  std::set<std::string> names;
  for (const auto& f : s.files) {
    auto [it, fresh] = kept.emplace(std::make_pair(f.dev, f.ino), f.path);
    if (fresh) {
      out.inputs.push_back({f.path, "", f.root});
      names.insert(f.path);
    } else if (f.path != it->second) {
      out.duplicates.emplace_back(f.path, it->second);
    }
  }
  for (const ScreenInput& in : s.problems)
    if (names.insert(in.path).second) out.inputs.push_back(in);
  std::stable_sort(out.inputs.begin(), out.inputs.end(),
                   [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

std::vector<ScreenInput> shard_inputs(const std::vector<ScreenInput>& inputs,
                                      const ScreenShard& shard) {
  if (!shard.sharded()) return inputs;
  if (shard.index < 1 || shard.index > shard.count)
    throw Error("", "", "usage", cat("shard ", shard.label(), ": not K/N with 1 <= K <= N"));
  std::vector<ScreenInput> out;
  for (size_t i = static_cast<size_t>(shard.index - 1); i < inputs.size();
       i += static_cast<size_t>(shard.count))
    out.push_back(inputs[i]);
  return out;
}

}  // namespace channelmap
