#include "channelmap/screen.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "channelmap/error.hpp"
#include "channelmap/read.hpp"
#include "channelmap/table.hpp"
#include "channelmap/version.hpp"
#include "isolate.hpp"
#include "screen_output.hpp"

namespace channelmap {

namespace {

std::string key(const std::string& file, const std::string& block) {
  return file + "#" + block;
}

// What one input file produced: result rows and error rows, in block order.
struct Chunk {
  std::vector<std::string> rows, errors;
};

std::string error_row(const Error& e) {
  std::string msg = e.what();
  std::replace(msg.begin(), msg.end(), '\n', ' ');
  return csv_quote(e.file()) + "," + csv_quote(e.block()) + "," + csv_quote(e.stage()) + "," +
         csv_quote(msg);
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

// Messages from the child analysing one file (isolate.hpp).
constexpr char msg_block = 'B';  // starts analysing a block (payload: its name)
constexpr char msg_row = 'R';    // a result row
constexpr char msg_error = 'E';  // an error row
constexpr char msg_done = 'D';   // every block handled

// Analyses one structure file in child processes: one per attempt, where an attempt ends when
// a structure times out or crashes (an error row for it) and the next attempt goes on with the
// file's remaining blocks.
class FileAnalysis {
 public:
  FileAnalysis(const ScreenOptions& opt, const std::set<std::string>& done,
               const std::atomic<bool>& stop)
      : opt_(opt), done_(done), stop_(stop) {}

  void run(const std::string& path, const std::string& root, Chunk& chunk) {
    // A row without a block is the whole file: a POSCAR's structure, or a failure of the whole
    // file (unreadable, a timeout while reading, ...). Nothing left to do then.
    if (done_.count(key(path, "")) != 0) return;
    std::set<std::string> handled;  // keys written by earlier attempts
    for (;;) {
      std::string block;
      bool started = false, in_block = false;
      auto on_message = [&](const ChildMessage& m) {
        if (m.type == msg_block) {
          block = m.payload;
          started = in_block = true;
          return true;  // the time limit is per structure
        }
        if (m.type == msg_row || m.type == msg_error) {
          (m.type == msg_row ? chunk.rows : chunk.errors).push_back(m.payload);
          handled.insert(row_key(m.payload));
          in_block = false;
        }
        return false;
      };
      auto work = [&](const ChildChannel& ch) { child(path, root, handled, ch); };
      ChildOutcome out = run_in_child(work, opt_.timeout_s, opt_.max_memory_gb, on_message, &stop_);
      if (out.kind == ChildOutcome::Finished || out.kind == ChildOutcome::Stopped) return;
      std::string why;
      if (out.kind == ChildOutcome::TimedOut)
        why = "timed out after " + number(opt_.timeout_s) + " s";
      else if (out.kind == ChildOutcome::Signaled)
        why =
            "crashed (signal " + std::to_string(out.status) + ": " + signal_name(out.status) + ")";
      else if (out.kind == ChildOutcome::Exited)
        why = "the analysing process exited with status " + std::to_string(out.status);
      else
        why = cat("cannot start a process (", std::strerror(out.status), ")");
      const char* stage = out.kind == ChildOutcome::ForkFailed ? "internal"
                          : started                            ? "analyze"
                                                               : "read";
      chunk.errors.push_back(error_row(Error(path, in_block ? block : "", stage, why)));
      // Go on with the other blocks only when the failure belongs to one block.
      if (!in_block) return;
      handled.insert(key(path, block));
    }
  }

 private:
  bool skip(const std::string& k, const std::set<std::string>& handled) const {
    return done_.count(k) != 0 || handled.count(k) != 0;
  }

  std::string out_of_memory() const {
    return "out of memory (limit " + number(opt_.max_memory_gb) + " GB)";
  }

  // In the child: reads the file and analyses its blocks, sending rows as they are made.
  void child(const std::string& path, const std::string& root, const std::set<std::string>& handled,
             const ChildChannel& ch) const {
    const bool limited = opt_.max_memory_gb > 0 && memory_limit_supported();
    try {
      // A trailing '#' selects every block: the name itself may hold a '#' (read_structures
      // reads "file#block" as one block of a file).
      ReadResult rr = read_structures(path.find('#') == std::string::npos ? path : path + "#",
                                      FileFormat::Auto, opt_.read);
      for (const Error& e : rr.errors)
        if (!skip(key(e.file(), e.block()), handled)) ch.send(msg_error, error_row(e));
      set_structure_ids(rr.crystals, path, root);  // as describe writes them
      for (Crystal& c : rr.crystals) {
        if (skip(key(c.file, c.block), handled)) continue;
        ch.send(msg_block, c.block);
        std::string row;
        try {
          row = opt_.row(analyze(c, opt_.analysis));
        } catch (const Error& e) {
          // analyze() reports std::bad_alloc as an Error with its what().
          bool oom = limited && std::strcmp(e.what(), std::bad_alloc().what()) == 0;
          ch.send(msg_error,
                  error_row(oom ? Error(c.file, c.block, e.stage(), out_of_memory()) : e));
          continue;
        } catch (const std::bad_alloc&) {
          ch.send(msg_error, error_row(Error(c.file, c.block, "analyze",
                                             limited ? out_of_memory() : "out of memory")));
          continue;
        }
        ch.send(msg_row, row);
      }
    } catch (const std::bad_alloc&) {
      ch.send(msg_error,
              error_row(Error(path, "", "read", limited ? out_of_memory() : "out of memory")));
    } catch (const std::exception& e) {  // not bad input: a failure of the program itself
      ch.send(msg_error, error_row(Error(path, "", "internal", e.what())));
    }
    ch.send(msg_done, "");
  }

  const ScreenOptions& opt_;
  const std::set<std::string>& done_;
  const std::atomic<bool>& stop_;
};

}  // namespace

std::vector<std::string> csv_records(const std::string& text, size_t* complete) {
  std::vector<std::string> out;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      quoted = !quoted;  // "" inside a quoted field toggles twice
    } else if (c == '\n' && !quoted) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (complete) *complete = start;
  return out;
}

std::vector<std::string> csv_split(const std::string& record) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < record.size(); ++i) {
    char c = record[i];
    if (quoted) {
      if (c == '"' && i + 1 < record.size() && record[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string row_key(const std::string& csv_record) {
  auto f = csv_split(csv_record);
  return key(f[0], f.size() > 1 ? f[1] : "");
}

std::string ranked_path(const std::string& output) {
  const bool csv = output.size() > 4 && output.compare(output.size() - 4, 4, ".csv") == 0;
  return output.substr(0, output.size() - (csv ? 4 : 0)) + ".ranked.csv";
}

std::vector<std::vector<std::string>> write_screen_ranking(const std::string& table,
                                                           bool by_barrier) {
  return write_ranking(table, ranked_path(table), by_barrier ? "score" : "geometry_score",
                       "in_domain");
}

std::vector<std::vector<std::string>> write_ranking(const std::string& table,
                                                    const std::string& ranked,
                                                    const std::string& score_column,
                                                    const std::string& require_column) {
  std::ifstream in(table, std::ios::binary);
  if (!in) fail(table, ": cannot read");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> records = csv_records(text);
  if (records.empty()) fail(table, ": empty");
  std::vector<std::string> header = csv_split(records[0]);
  auto it = std::find(header.begin(), header.end(), score_column);
  if (it == header.end()) fail(table, ": no column ", score_column);
  size_t col = static_cast<size_t>(it - header.begin());
  std::vector<std::pair<std::vector<std::string>, std::string>> rows;  // fields, record
  for (size_t i = 1; i < records.size(); ++i)
    if (!records[i].empty()) rows.emplace_back(csv_split(records[i]), records[i]);
  auto score = [&](const std::vector<std::string>& f) {
    return col < f.size() && !f[col].empty() ? std::stod(f[col])
                                             : -std::numeric_limits<double>::infinity();
  };
  auto req = std::find(header.begin(), header.end(), require_column);
  size_t rcol = static_cast<size_t>(req - header.begin());
  auto has = [&](const std::vector<std::string>& f) {
    if (require_column.empty() || req == header.end()) return true;
    return rcol < f.size() && !f[rcol].empty() && f[rcol] != "0";
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    bool ha = has(a.first), hb = has(b.first);
    if (ha != hb) return ha;
    return score(a.first) > score(b.first);
  });
  std::string out = "rank";
  for (const std::string& h : header) out += "," + csv_quote(h);
  out += '\n';
  std::vector<std::vector<std::string>> result;
  result.push_back(header);
  for (size_t i = 0; i < rows.size(); ++i) {
    out += std::to_string(i + 1) + "," + rows[i].second + "\n";
    result.push_back(rows[i].first);
  }
  write_file_atomically(ranked, out);
  return result;
}

ScreenSummary run_screen(const std::vector<ScreenInput>& all_inputs, const ScreenOptions& opt) {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  const std::vector<ScreenInput> inputs = shard_inputs(all_inputs, opt.shard);
  ScreenSummary sum;
  sum.files = static_cast<int>(inputs.size());
  const std::string err_path = opt.output + ".errors.csv";
  const std::string meta_path = opt.output + ".meta.json";
  const std::string err_header = screen_errors_header;
  const std::string options = options_line(opt.analysis, opt.read);
  // A shard's sidecar says which inputs it was taken from and, once its tables are complete,
  // that they are (rewritten at the start and at the end of every run of the shard).
  ShardRecord record;
  record.shard = opt.shard;
  record.inputs = sum.files;
  if (opt.shard.sharded()) {
    record.inputs_total = static_cast<int>(all_inputs.size());
    record.inputs_digest = inputs_digest(all_inputs);
  }
  const ShardRecord* shard_record = opt.shard.sharded() ? &record : nullptr;

  // Everything is checked before anything is written: a refused run leaves the files as they
  // were.
  OutputLock lock(opt.output);
  const bool earlier = path_exists(opt.output) || path_exists(err_path);
  if (opt.resume && earlier) check_meta(meta_path, opt.output, version(), options, opt.shard);
  check_table(opt.output, opt.header, opt.resume);
  check_table(err_path, err_header, opt.resume);
  if (!opt.resume || !earlier || shard_record)
    write_file_atomically(meta_path,
                          screen_meta_text(opt.output, options, opt.header, shard_record));
  std::set<std::string> done = open_table(opt.output, opt.header, &sum.previous_rows);
  for (const std::string& k : open_table(err_path, err_header, &sum.previous_failures))
    done.insert(k);
  CheckedFile out(opt.output), err(err_path);

  // Workers take files in order; the writer emits chunks strictly in input order.
  std::vector<std::optional<Chunk>> results(inputs.size());
  std::mutex m;
  std::condition_variable cv;
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  auto work = [&]() {
    FileAnalysis analysis(opt, done, stop);
    while (!stop) {
      size_t i = next.fetch_add(1);
      if (i >= inputs.size()) return;
      Chunk chunk;
      const ScreenInput& in = inputs[i];
      if (!in.problem.empty()) {
        if (!done.count(key(in.path, "")))
          chunk.errors.push_back(error_row(Error(in.path, "", "input", in.problem)));
      } else {
        analysis.run(in.path, in.root, chunk);
      }
      {
        std::lock_guard<std::mutex> lk(m);
        results[i] = std::move(chunk);
      }
      cv.notify_all();
    }
  };
  int jobs = std::max(1, std::min<int>(opt.jobs, static_cast<int>(inputs.size())));
  std::vector<std::thread> pool;
  pool.reserve(jobs);
  for (int j = 0; j < jobs; ++j) pool.emplace_back(work);
  auto finish = [&] {
    stop = true;
    for (std::thread& t : pool) t.join();
  };
  ScreenProgress prog;
  prog.files_total = sum.files;
  try {
    for (size_t i = 0; i < inputs.size(); ++i) {
      Chunk chunk;
      {
        std::unique_lock<std::mutex> lk(m);
        cv.wait(lk, [&] { return results[i].has_value(); });
        chunk = std::move(*results[i]);
        results[i].reset();
      }
      if (chunk.rows.empty() && chunk.errors.empty()) ++sum.files_skipped;
      std::string rows, errors;
      for (const std::string& row : chunk.rows) rows += row + '\n';
      for (const std::string& row : chunk.errors) errors += row + '\n';
      // One file's rows are written whole or not at all: a failed write cuts both tables back
      // to the end of the previous file, so that --resume redoes this one.
      const off_t out_size = out.size(), err_size = err.size();
      try {
        out.write(rows);
        err.write(errors);
      } catch (const Error&) {
        out.truncate(out_size);
        err.truncate(err_size);
        throw;
      }
      sum.structures += static_cast<int>(chunk.rows.size());
      sum.failures += static_cast<int>(chunk.errors.size());
      prog.files_done = static_cast<int>(i + 1);
      prog.structures = sum.structures;
      prog.failures = sum.failures;
      prog.seconds = std::chrono::duration<double>(clock::now() - t0).count();
      if (opt.progress) opt.progress(prog);
    }
    out.close();
    err.close();
    if (shard_record) {
      record.complete = true;
      record.rows = sum.previous_rows + sum.structures;
      record.error_rows = sum.previous_failures + sum.failures;
      write_file_atomically(meta_path,
                            screen_meta_text(opt.output, options, opt.header, shard_record));
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
  sum.seconds = std::chrono::duration<double>(clock::now() - t0).count();
  return sum;
}

ScreenOptions screen_table_options(const AnalysisOptions& analysis, const ReadOptions& read) {
  ScreenOptions so;
  so.analysis = analysis;
  so.analysis.all_environments = false;  // the screen table shows only the mobile sites'
  so.analysis.wyckoff_letters = false;   // and no Wyckoff letters
  so.read = read;
  std::ostringstream header;
  write_csv_header(header, screen_columns());
  so.header = header.str();
  so.header.pop_back();  // newline
  so.row = [](const Report& r) {
    std::ostringstream os;
    write_csv_row(os, screen_columns(), r);
    std::string s = os.str();
    s.pop_back();
    return s;
  };
  return so;
}

}  // namespace channelmap
