#include "screen_ranking.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "channelmap/error.hpp"
#include "channelmap/screen.hpp"

namespace channelmap::cli {

bool write_and_print_ranking(const std::string& program, const std::string& output, bool by_barrier,
                             const std::string& mobile, int top, const std::string& hint) {
  const std::string ranked = ranked_path(output);
  try {
    // Structures outside the calibrated domain (no anion, no mobile site, organic framework,
    // implausible density, unknown states) are ranked after all others (docs/ranking.md);
    // without the energy (--no-energy) the geometric score ranks.
    auto rows = write_screen_ranking(output, by_barrier);
    const auto& head = rows[0];
    auto col = [&](const char* name) {
      return static_cast<size_t>(std::find(head.begin(), head.end(), name) - head.begin());
    };
    size_t c_score = col(by_barrier ? "score" : "geometry_score"), c_formula = col("formula"),
           c_file = col("file"), c_block = col("block"), c_em = col("predicted_em_eV"),
           c_bvse = col("best_hop_bvse_barrier_eV"), c_vpa = col("volume_per_anion_A3"),
           c_cal = col("score_calibrated"), c_out = col("out_of_domain");
    std::printf("%-5s %-7s %-8s %-9s %-22s %-8s  %s\n", "rank", "score", "Em_pred", "E_bvse",
                "formula", "V/anion", "structure");
    bool uncalibrated = false;
    for (size_t i = 1; i < rows.size() && static_cast<int>(i) <= top; ++i) {
      const auto& f = rows[i];
      auto get = [&](size_t c) { return c < f.size() ? f[c] : std::string(); };
      uncalibrated |= get(c_cal) == "0";
      std::string where = get(c_file) + (get(c_block).empty() ? "" : "#" + get(c_block));
      for (size_t p = 0; (p = where.find('\n', p)) != std::string::npos; p += 2)
        where.replace(p, 1, "\\n");  // one line per structure
      if (!get(c_out).empty()) where += "  [outside: " + get(c_out) + "]";
      std::printf("%-5zu %-7s %-8s %-9s %-22s %-8s  %s\n", i, get(c_score).c_str(),
                  get(c_em).c_str(), get(c_bvse).c_str(), get(c_formula).c_str(),
                  get(c_vpa).c_str(), where.c_str());
    }
    if (uncalibrated)
      std::printf(
          "note: the barrier model was calibrated on Li, Na, K, Rb, Mg, Ca, Sr, Zn and Al; "
          "%s is outside it (docs/ranking.md)\n",
          mobile.c_str());
    std::fprintf(stderr, "ranking of %zu structures written to %s\n", rows.size() - 1,
                 ranked.c_str());
  } catch (const Error& e) {
    std::cerr << program << ": " << e.what() << '\n' << program << ": " << hint << '\n';
    return false;
  }
  return true;
}

}  // namespace channelmap::cli
