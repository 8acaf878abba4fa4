// Progress of a long run on stderr, shared by `screen` and `describe`: a bar redrawn in place on
// a terminal, one line per 10 % otherwise.
#pragma once
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "channelmap/screen.hpp"

namespace channelmap::cli {

// "42s", "3m07s", "2h05m".
inline std::string format_seconds(double s) {
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%.0fs", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  else
    std::snprintf(buf, sizeof buf, "%dh%02dm", static_cast<int>(s) / 3600,
                  static_cast<int>(s) / 60 % 60);
  return buf;
}

// Progress on stderr: a bar redrawn in place on a terminal, one line per 10 % otherwise.
struct ProgressPrinter {
  bool tty = isatty(STDERR_FILENO) != 0;
  int last_decile = -1;
  void operator()(const ScreenProgress& p) {
    double frac = p.files_total ? static_cast<double>(p.files_done) / p.files_total : 1.0;
    double rate = p.seconds > 0 ? p.files_done / p.seconds : 0;
    double eta = rate > 0 ? (p.files_total - p.files_done) / rate : 0;
    char line[200];
    std::snprintf(line, sizeof line, "%d/%d files  %.1f files/s  ETA %s  %d failed", p.files_done,
                  p.files_total, rate, format_seconds(eta).c_str(), p.failures);
    if (tty) {
      const int width = 30;
      int fill = static_cast<int>(frac * width);
      std::string bar = "[" + std::string(fill, '#') + std::string(width - fill, '.') + "]";
      std::fprintf(stderr, "\r%s %s", bar.c_str(), line);
      if (p.files_done == p.files_total) std::fprintf(stderr, "\n");
    } else {
      int decile = static_cast<int>(std::floor(frac * 10));
      if (decile > last_decile) {
        last_decile = decile;
        std::fprintf(stderr, "%3d%%  %s\n", decile * 10, line);
      }
    }
  }
};

}  // namespace channelmap::cli
