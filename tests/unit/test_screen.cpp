// Screen helpers (src/screen.cpp, src/screen_inputs.cpp): CSV records with quoted newlines and
// a record cut by a kill, keys of rows, the input search and the shards of the inputs (expected
// values written by hand from the entries made here).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"

using namespace channelmap;
namespace fs = std::filesystem;

TEST_CASE("csv_records: quoted newlines, doubled quotes, an unfinished record") {
  std::string text = "file,block\n\"a\nb.cif\",x\n\"q\"\"uote,.cif\",\nc.cif,y";
  size_t complete = 0;
  std::vector<std::string> r = csv_records(text, &complete);
  REQUIRE(r.size() == 3);
  CHECK(r[1] == "\"a\nb.cif\",x");
  CHECK(r[2] == "\"q\"\"uote,.cif\",");
  CHECK(complete == text.size() - std::string("c.cif,y").size());
  // Cut just after the newline inside a quoted field: that record is unfinished too.
  std::string cut = "h\n\"a\n";
  CHECK(csv_records(cut, &complete).size() == 1);
  CHECK(complete == 2);
}

TEST_CASE("csv_split and row_key round-trip quoted names") {
  auto f = csv_split("\"q\"\"uote,.cif\",blk,1.5");
  REQUIRE(f.size() == 3);
  CHECK(f[0] == "q\"uote,.cif");
  CHECK(f[1] == "blk");
  CHECK(row_key("\"a\nb.cif\",x,3") == "a\nb.cif#x");
  CHECK(row_key("POSCAR,,3") == "POSCAR#");
}

TEST_CASE("scan_inputs: special entries, duplicates, ignored files") {
  fs::path dir = fs::temp_directory_path() / ("cm_scan_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub.cif");
  auto touch = [](const fs::path& p) { std::ofstream(p) << "data_x\n"; };
  touch(dir / "a.cif");
  touch(dir / "sub.cif" / "POSCAR");
  touch(dir / "notes.txt");
  fs::create_symlink("a.cif", dir / "b.cif");          // same file as a.cif
  fs::create_hard_link(dir / "a.cif", dir / "h.cif");  // same file as a.cif
  fs::create_symlink("none.cif", dir / "dangling.cif");
  fs::create_symlink("loop2.cif", dir / "loop1.cif");
  fs::create_symlink("loop1.cif", dir / "loop2.cif");
  fs::create_symlink("sub.cif", dir / "link_dir");
  REQUIRE(mkfifo((dir / "y.cif").c_str(), 0600) == 0);
  const std::string d = dir.string();

  InputScan s = scan_inputs({d, d + "/a.cif"});
  std::vector<std::string> paths, problems;
  for (const ScreenInput& in : s.inputs) {
    paths.push_back(in.path.substr(d.size() + 1));
    problems.push_back(in.problem);
  }
  CHECK(paths == std::vector<std::string>{"a.cif", "dangling.cif", "loop1.cif", "loop2.cif",
                                          "sub.cif/POSCAR", "y.cif"});
  CHECK(problems[0].empty());
  CHECK(problems[1] == "dangling symbolic link (to none.cif); not a file");
  CHECK(problems[2] == "symbolic link loop; not a file");
  CHECK(problems[4].empty());
  CHECK(problems[5] == "not a regular file (a FIFO)");
  REQUIRE(s.duplicates.size() == 2);
  CHECK(s.duplicates[0].first == d + "/b.cif");
  CHECK(s.duplicates[0].second == d + "/a.cif");
  CHECK(s.duplicates[1].first == d + "/h.cif");
  CHECK(s.ignored == 1);  // notes.txt
  CHECK(s.links_not_followed == std::vector<std::string>{d + "/link_dir"});
  CHECK_THROWS(scan_inputs({d + "/missing.cif"}));
  fs::remove_all(dir);
}

TEST_CASE("shard_inputs: round-robin over the sorted inputs, every input in exactly one shard") {
  std::vector<ScreenInput> all;
  for (int i = 0; i < 7; ++i) all.push_back({"f" + std::to_string(i) + ".cif", "", ""});
  auto paths = [](const std::vector<ScreenInput>& v) {
    std::vector<std::string> out;
    for (const ScreenInput& in : v) out.push_back(in.path);
    return out;
  };
  // Expected by hand: shard K of 3 takes positions K-1, K+2, K+5.
  CHECK(paths(shard_inputs(all, {1, 3})) == std::vector<std::string>{"f0.cif", "f3.cif", "f6.cif"});
  CHECK(paths(shard_inputs(all, {2, 3})) == std::vector<std::string>{"f1.cif", "f4.cif"});
  CHECK(paths(shard_inputs(all, {3, 3})) == std::vector<std::string>{"f2.cif", "f5.cif"});
  CHECK(shard_inputs(all, {}).size() == 7);      // no shard: all
  CHECK(shard_inputs(all, {1, 1}).size() == 7);  // one shard of one: all
  CHECK(shard_inputs(all, {9, 9}).empty());      // more shards than inputs: the last are empty
  CHECK_THROWS_AS(shard_inputs(all, {0, 3}), Error);
  CHECK_THROWS_AS(shard_inputs(all, {4, 3}), Error);
}
