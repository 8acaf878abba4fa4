// The sidecar OUTPUT.meta.json of a screen's table: written with the version and options (and,
// for a shard, the shard's record), read back by --resume and by merge_screens().
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"
#include "channelmap/write.hpp"
#include "screen_output.hpp"

namespace channelmap {

namespace {
using nlohmann::ordered_json;

// FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/): a fingerprint, not a security
// measure.
constexpr std::uint64_t fnv_offset = 14695981039346656037ULL;
constexpr std::uint64_t fnv_prime = 1099511628211ULL;

void fnv_add(std::uint64_t& h, const std::string& s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= fnv_prime;
  }
}

// The JSON of a sidecar; throws "usage" naming `meta_path` when it is not JSON.
ordered_json parse_meta(const std::string& text, const std::string& meta_path) {
  ordered_json j = ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    refuse(cat(meta_path, ": not a channelmap screen sidecar (not a JSON object)"));
  return j;
}

// The record under "shard" (shard count 0 when there is none).
ShardRecord shard_record(const ordered_json& j, const std::string& meta_path) {
  ShardRecord r;
  auto it = j.find("shard");
  if (it == j.end()) return r;
  const ordered_json& s = *it;
  auto integer = [&](const char* key, bool required) -> long {
    auto f = s.find(key);
    if (f == s.end() && !required) return 0;
    if (f == s.end() || !f->is_number_integer())
      refuse(cat(meta_path, ": malformed shard record (no integer \"", key, "\")"));
    return f->get<long>();
  };
  if (!s.is_object()) refuse(cat(meta_path, ": malformed shard record (not an object)"));
  r.shard.index = static_cast<int>(integer("index", true));
  r.shard.count = static_cast<int>(integer("count", true));
  r.inputs = static_cast<int>(integer("inputs", true));
  r.inputs_total = static_cast<int>(integer("inputs_total", true));
  auto digest = s.find("inputs_digest");
  auto complete = s.find("complete");
  if (digest == s.end() || !digest->is_string() || complete == s.end() || !complete->is_boolean())
    refuse(cat(meta_path, ": malformed shard record (no \"inputs_digest\" or \"complete\")"));
  r.inputs_digest = digest->get<std::string>();
  r.complete = complete->get<bool>();
  r.rows = integer("rows", r.complete);
  r.error_rows = integer("error_rows", r.complete);
  if (r.shard.count < 1 || r.shard.index < 1 || r.shard.index > r.shard.count)
    refuse(cat(meta_path, ": malformed shard record (shard ", r.shard.label(), ")"));
  return r;
}
}  // namespace

std::string inputs_digest(const std::vector<ScreenInput>& inputs) {
  std::uint64_t h = fnv_offset;
  for (const ScreenInput& in : inputs) {
    fnv_add(h, in.path);
    fnv_add(h, std::string(1, '\0'));
    fnv_add(h, in.root);
    fnv_add(h, "\n");
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "fnv1a64:%016" PRIx64, h);
  return buf;
}

std::string screen_meta_text(const std::string& output, const std::string& options,
                             const std::string& header, const ShardRecord* shard) {
  std::string text = meta_sidecar_text(output, "channelmap screen", options, csv_split(header));
  if (!shard) return text;
  // The same sidecar with one more key, last; written as meta_sidecar_text() writes.
  ordered_json j = ordered_json::parse(text);
  ordered_json s = {{"index", shard->shard.index},
                    {"count", shard->shard.count},
                    {"inputs", shard->inputs},
                    {"inputs_total", shard->inputs_total},
                    {"inputs_digest", shard->inputs_digest},
                    {"complete", shard->complete}};
  if (shard->complete) {
    s["rows"] = shard->rows;
    s["error_rows"] = shard->error_rows;
  }
  j["shard"] = s;
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + '\n';
}

ScreenShard meta_shard(const std::string& text, const std::string& meta_path) {
  return shard_record(parse_meta(text, meta_path), meta_path).shard;
}

ScreenMeta read_screen_meta(const std::string& meta_path, const std::string& output) {
  bool exists = false;
  std::string text = read_whole_file(meta_path, &exists);
  if (!exists)
    refuse(cat(output, ": no ", meta_path, " beside it: not a table of channelmap screen"));
  ordered_json j = parse_meta(text, meta_path);
  ScreenMeta m;
  for (auto [key, value] :
       {std::make_pair("program", &m.program), std::make_pair("version", &m.version),
        std::make_pair("options", &m.options)}) {
    auto f = j.find(key);
    if (f == j.end() || !f->is_string())
      refuse(cat(meta_path, ": not a channelmap screen sidecar (no \"", key, "\")"));
    *value = f->get<std::string>();
  }
  auto cols = j.find("columns");
  if (cols == j.end() || !cols->is_array())
    refuse(cat(meta_path, ": not a channelmap screen sidecar (no \"columns\")"));
  for (const ordered_json& c : *cols)
    if (c.is_string()) m.columns.push_back(c.get<std::string>());
  m.shard = shard_record(j, meta_path);
  m.sharded = m.shard.shard.sharded();
  return m;
}

}  // namespace channelmap
