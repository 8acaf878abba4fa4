#include "channelmap/screen.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "channelmap/error.hpp"
#include "channelmap/read.hpp"
#include "channelmap/table.hpp"

namespace channelmap {

namespace fs = std::filesystem;

namespace {

// CSV field i of a line (handles quoted fields).
std::vector<std::string> csv_fields(const std::string& line, size_t max_fields) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size() && out.size() < max_fields; ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
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
  if (out.size() < max_fields) out.push_back(cur);
  return out;
}

// Reads an existing table for --resume: checks the header, cuts an unfinished last line, and
// returns the keys of its rows. Creates the file with the header when it does not exist.
std::set<std::string> prepare_table(const std::string& path, const std::string& header, bool resume,
                                    int* rows) {
  std::set<std::string> keys;
  *rows = 0;
  if (!fs::exists(path)) {
    std::ofstream f(path);
    if (!f) fail(path, ": cannot write");
    f << header << '\n';
    return keys;
  }
  if (!resume) fail(path, ": exists; use --resume to finish it, or remove it");
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t complete = text.rfind('\n');
  complete = complete == std::string::npos ? 0 : complete + 1;
  if (complete < text.size()) fs::resize_file(path, complete);  // a row cut by a kill
  std::istringstream lines(text.substr(0, complete));
  std::string line;
  if (!std::getline(lines, line)) {
    std::ofstream f(path);
    f << header << '\n';
    return keys;
  }
  if (line != header) fail(path, ": its columns differ from this version's; cannot resume");
  while (std::getline(lines, line))
    if (!line.empty()) {
      keys.insert(row_key(line));
      ++*rows;
    }
  return keys;
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
}  // namespace

std::vector<std::string> csv_split(const std::string& line) {
  return csv_fields(line, std::string::npos);
}

std::vector<std::vector<std::string>> write_ranking(const std::string& table,
                                                    const std::string& ranked,
                                                    const std::string& score_column,
                                                    const std::string& require_column) {
  std::ifstream in(table);
  if (!in) fail(table, ": cannot read");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = csv_split(line);
  auto it = std::find(header.begin(), header.end(), score_column);
  if (it == header.end()) fail(table, ": no column ", score_column);
  size_t col = static_cast<size_t>(it - header.begin());
  std::vector<std::pair<std::vector<std::string>, std::string>> rows;  // fields, line
  while (std::getline(in, line))
    if (!line.empty()) rows.emplace_back(csv_split(line), line);
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
  std::ofstream out(ranked);
  if (!out) fail(ranked, ": cannot write");
  out << "rank";
  for (const std::string& h : header) out << ',' << csv_quote(h);
  out << '\n';
  std::vector<std::vector<std::string>> result;
  result.push_back(header);
  for (size_t i = 0; i < rows.size(); ++i) {
    out << i + 1 << ',' << rows[i].second << '\n';
    result.push_back(rows[i].first);
  }
  return result;
}

std::string row_key(const std::string& csv_line) {
  auto f = csv_fields(csv_line, 2);
  return f[0] + "#" + (f.size() > 1 ? f[1] : "");
}

std::vector<std::string> find_inputs(const std::vector<std::string>& paths) {
  std::set<std::string> found;
  for (const std::string& p : paths) {
    fs::path path(p);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      for (auto it = fs::recursive_directory_iterator(path, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) && is_structure_file_name(it->path()))
          found.insert(it->path().string());
      }
    } else if (fs::exists(path, ec)) {
      found.insert(path.string());
    } else {
      fail(p, ": no such file or directory");
    }
  }
  return {found.begin(), found.end()};
}

ScreenSummary run_screen(const std::vector<std::string>& inputs, const ScreenOptions& opt) {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  ScreenSummary sum;
  sum.files = static_cast<int>(inputs.size());
  const std::string err_path = opt.output + ".errors.csv";
  const std::string err_header = "file,block,stage,message";
  std::set<std::string> done_rows =
      prepare_table(opt.output, opt.header, opt.resume, &sum.previous_rows);
  std::set<std::string> done_errors =
      prepare_table(err_path, err_header, opt.resume, &sum.previous_failures);
  std::ofstream out(opt.output, std::ios::app | std::ios::binary);
  std::ofstream err(err_path, std::ios::app | std::ios::binary);
  if (!out || !err) fail(opt.output, ": cannot append");
  auto done = [&](const std::string& key) {
    return done_rows.count(key) != 0 || done_errors.count(key) != 0;
  };

  // Workers take files in order; the writer emits chunks strictly in input order.
  std::vector<std::optional<Chunk>> results(inputs.size());
  std::mutex m;
  std::condition_variable cv;
  std::atomic<size_t> next{0};
  auto process = [&](size_t i, Chunk& chunk) {
    ReadResult rr = read_structures(inputs[i]);
    for (const Error& e : rr.errors)
      if (!done(e.file() + "#" + e.block())) chunk.errors.push_back(error_row(e));
    for (const Crystal& c : rr.crystals) {
      if (done(c.file + "#" + c.block)) continue;
      try {
        Report r = analyze(c, opt.analysis);
        chunk.rows.push_back(opt.row(r));
      } catch (const Error& e) {
        chunk.errors.push_back(error_row(e));
      }
    }
  };
  auto work = [&]() {
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= inputs.size()) return;
      Chunk chunk;
      try {
        process(i, chunk);
      } catch (const std::exception& e) {  // not bad input: a failure of the program itself
        chunk.errors.push_back(error_row(Error(inputs[i], "", "internal", e.what())));
      }
      {
        std::lock_guard<std::mutex> lock(m);
        results[i] = std::move(chunk);
      }
      cv.notify_all();
    }
  };
  int jobs = std::max(1, std::min<int>(opt.jobs, static_cast<int>(inputs.size())));
  std::vector<std::thread> pool;
  pool.reserve(jobs);
  for (int j = 0; j < jobs; ++j) pool.emplace_back(work);
  ScreenProgress prog;
  prog.files_total = sum.files;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Chunk chunk;
    {
      std::unique_lock<std::mutex> lock(m);
      cv.wait(lock, [&] { return results[i].has_value(); });
      chunk = std::move(*results[i]);
      results[i].reset();
    }
    if (chunk.rows.empty() && chunk.errors.empty()) ++sum.files_skipped;
    for (const std::string& row : chunk.rows) out << row << '\n';
    for (const std::string& row : chunk.errors) err << row << '\n';
    out.flush();
    err.flush();
    sum.structures += static_cast<int>(chunk.rows.size());
    sum.failures += static_cast<int>(chunk.errors.size());
    prog.files_done = static_cast<int>(i + 1);
    prog.structures = sum.structures;
    prog.failures = sum.failures;
    prog.seconds = std::chrono::duration<double>(clock::now() - t0).count();
    if (opt.progress) opt.progress(prog);
  }
  for (std::thread& t : pool) t.join();
  sum.seconds = std::chrono::duration<double>(clock::now() - t0).count();
  return sum;
}

}  // namespace channelmap
