// merge_screens(): the tables of the shards of one screen joined into the table of one screen
// of all the inputs, byte for byte. docs/screen.md, "Screening on a cluster".
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"
#include "channelmap/version.hpp"
#include "screen_output.hpp"

namespace channelmap {

namespace {

// One shard as given: its table, its sidecar and the records of its two tables.
struct ShardFiles {
  std::string table;
  ScreenMeta meta;
  std::vector<std::string> rows, errors;  // records without the header
};

// The records of a complete table of a finished shard, without its header; throws "usage"
// naming the file when it is missing, does not start with `header`, ends in a cut record or
// holds another number of rows than its sidecar says.
std::vector<std::string> read_table(const std::string& path, const std::string& header,
                                    long expected_rows) {
  bool exists = false;
  std::string text = read_whole_file(path, &exists);
  if (!exists) refuse(cat(path, ": missing"));
  if (text.compare(0, header.size() + 1, header + "\n") != 0)
    refuse(cat(path, ": not a table of this channelmap screen (its first line is not the header",
               " of this version)"));
  size_t complete = 0;
  std::vector<std::string> records = csv_records(text, &complete);
  if (complete < text.size())
    refuse(cat(path, ": ends in an unfinished row (cut by a kill?); finish the shard with its ",
               "command and --resume"));
  records.erase(records.begin());
  records.erase(std::remove(records.begin(), records.end(), std::string()), records.end());
  if (static_cast<long>(records.size()) != expected_rows)
    refuse(cat(path, ": ", records.size(), " rows, its sidecar says ", expected_rows,
               "; the table was changed after its screen finished (screen the shard again)"));
  return records;
}

// The records of all shards' tables (`part` selects rows or errors) in input order: sorted by
// file as scan_inputs() sorts the inputs, a file's records in their order. Throws "usage" when
// a file has records in two shards (they cannot be shards of one screen).
std::string merged(const std::vector<ShardFiles>& shards, const std::string& header,
                   std::vector<std::string> ShardFiles::*part) {
  struct Rec {
    std::string file;
    size_t shard;
    const std::string* record;
  };
  std::vector<Rec> recs;
  for (size_t s = 0; s < shards.size(); ++s)
    for (const std::string& r : shards[s].*part)  // the `file` column, unquoted
      recs.push_back({csv_split(r).front(), s, &r});
  std::stable_sort(recs.begin(), recs.end(),
                   [](const Rec& a, const Rec& b) { return a.file < b.file; });
  std::string out = header + "\n";
  for (size_t i = 0; i < recs.size(); ++i) {
    if (i > 0 && recs[i].file == recs[i - 1].file && recs[i].shard != recs[i - 1].shard)
      refuse(cat(recs[i].file, " has rows in ", shards[recs[i - 1].shard].table, " and in ",
                 shards[recs[i].shard].table, ": not shards of one screen"));
    out += *recs[i].record;
    out += '\n';
  }
  return out;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// How many of `total` inputs shard `index` of `count` takes (shard_inputs()).
int shard_size(int total, int index, int count) {
  return total >= index ? (total - index) / count + 1 : 0;
}

}  // namespace

MergeSummary merge_screens(const std::vector<std::string>& shard_tables, const MergeOptions& opt) {
  if (shard_tables.empty()) refuse("no shard tables to merge");
  const std::string err_header = screen_errors_header;
  const std::string err_path = opt.output + ".errors.csv";
  const std::string meta_path = opt.output + ".meta.json";
  OutputLock lock(opt.output);
  for (const std::string& p : {opt.output, err_path, meta_path})
    if (path_exists(p)) refuse(cat(p, ": exists; remove it, or merge into another output"));

  // The sidecars first: a set of finished shards of one screen, by this version.
  std::vector<ShardFiles> shards(shard_tables.size());
  const std::vector<std::string> columns = csv_split(opt.header);
  for (size_t i = 0; i < shard_tables.size(); ++i) {
    ShardFiles& s = shards[i];
    s.table = shard_tables[i];
    // A shell pattern (shard_*.csv) also catches the error tables and rankings beside them.
    for (const char* side : {".errors.csv", ".ranked.csv"})
      if (ends_with(s.table, side) && !path_exists(s.table + ".meta.json"))
        refuse(cat(s.table, ": not a result table of a shard (an error table or a ranking); ",
                   "name only the shards' result tables (shard_{1..N}.csv, not shard_*.csv)"));
    s.meta = read_screen_meta(s.table + ".meta.json", s.table);
    const ShardRecord& r = s.meta.shard;
    if (s.meta.program != "channelmap screen")
      refuse(cat(s.table, ": made by ", s.meta.program, ", not by channelmap screen"));
    if (s.meta.version != version())
      refuse(cat(s.table, ": made by channelmap ", s.meta.version, ", this is ", version(),
                 "; merge with the channelmap that screened the shards"));
    if (s.meta.columns != columns)
      refuse(cat(s.table, ": its sidecar lists other columns than this version's table"));
    if (!s.meta.sharded) refuse(cat(s.table, ": not a shard (screened without --shard)"));
    if (!r.complete)
      refuse(cat(s.table, ": shard ", r.shard.label(), " is unfinished (its screen stopped or ",
                 "is still running); finish it with its command and --resume"));
    if (r.inputs != shard_size(r.inputs_total, r.shard.index, r.shard.count))
      refuse(cat(s.table, ": shard ", r.shard.label(), " of ", r.inputs_total, " inputs with ",
                 r.inputs, " inputs: a malformed sidecar"));
    if (i == 0) continue;
    const ShardFiles& first = shards[0];
    const ShardRecord& f = first.meta.shard;
    if (s.meta.options != first.meta.options) {
      auto [a, b] = options_difference(first.meta.options, s.meta.options);
      refuse(cat(s.table, ": made with other options than ", first.table, " (", first.table, ": ",
                 a, "; ", s.table, ": ", b, "); screen every shard with the same options"));
    }
    if (r.shard.count != f.shard.count)
      refuse(cat(s.table, " is shard ", r.shard.label(), ", ", first.table, " is shard ",
                 f.shard.label(), ": shards of one screen have one count"));
    if (r.inputs_total != f.inputs_total || r.inputs_digest != f.inputs_digest)
      refuse(cat(s.table, ": made from other inputs than ", first.table, " (", r.inputs_total,
                 " inputs, ", r.inputs_digest, "; ", f.inputs_total, " inputs, ", f.inputs_digest,
                 "): screen every shard with the same input paths"));
  }
  const int count = shards[0].meta.shard.shard.count;
  std::map<int, std::string> by_index;
  for (const ShardFiles& s : shards) {
    auto [it, fresh] = by_index.emplace(s.meta.shard.shard.index, s.table);
    if (!fresh)
      refuse(cat(it->second, " and ", s.table, " are both shard ", s.meta.shard.shard.label()));
  }
  std::string missing;
  for (int k = 1; k <= count; ++k)
    if (!by_index.count(k))
      missing += (missing.empty() ? "" : ", ") + ScreenShard{k, count}.label();
  if (!missing.empty())
    refuse(cat("shard", missing.find(',') == std::string::npos ? " " : "s ", missing,
               " missing: merge needs all ", count, " shards of the screen"));

  // Then the tables, each complete, with the rows its sidecar counts.
  MergeSummary sum;
  sum.shards = count;
  sum.options = shards[0].meta.options;
  for (ShardFiles& s : shards) {
    s.rows = read_table(s.table, opt.header, s.meta.shard.rows);
    s.errors = read_table(s.table + ".errors.csv", err_header, s.meta.shard.error_rows);
    sum.rows += static_cast<int>(s.rows.size());
    sum.failures += static_cast<int>(s.errors.size());
  }
  const std::string table = merged(shards, opt.header, &ShardFiles::rows);
  const std::string errors = merged(shards, err_header, &ShardFiles::errors);
  write_file_atomically(opt.output, table);
  write_file_atomically(err_path, errors);
  write_file_atomically(meta_path, screen_meta_text(opt.output, sum.options, opt.header, nullptr));
  return sum;
}

}  // namespace channelmap
