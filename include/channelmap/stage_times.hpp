// Wall time per analysis stage, for the benchmark (tools/benchmark/). Off unless a caller sets
// AnalysisOptions::stage_times; then analyze() adds one entry per stage it runs.
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace channelmap {

// Stages in the order analyze() runs them; a stage that did not run (energy when off) is absent.
struct StageTimes {
  std::vector<std::pair<std::string, double>> seconds;  // (stage, wall seconds)

  // Adds `s` to `stage` (a new entry the first time; a stage timed twice adds up).
  void add(const std::string& stage, double s) {
    for (auto& e : seconds)
      if (e.first == stage) {
        e.second += s;
        return;
      }
    seconds.emplace_back(stage, s);
  }
  // Seconds of `stage`, 0 when it did not run.
  double get(const std::string& stage) const {
    for (const auto& e : seconds)
      if (e.first == stage) return e.second;
    return 0;
  }
};

// Times consecutive stages into `times`: the running stage ends at next() or at destruction.
// With a null `times` it never reads the clock, so an analysis nobody times pays one branch per
// stage boundary.
class StageTimer {
 public:
  StageTimer(StageTimes* times, const char* stage) : times_(times) { start(stage); }
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;
  ~StageTimer() { stop(); }

  // Ends the running stage and starts `stage`.
  void next(const char* stage) {
    stop();
    start(stage);
  }
  // Ends the running stage (nothing runs until next()).
  void stop() {
    if (!times_ || !stage_) return;
    std::chrono::duration<double> d = std::chrono::steady_clock::now() - start_;
    times_->add(stage_, d.count());
    stage_ = nullptr;
  }

 private:
  void start(const char* stage) {
    if (!times_) return;
    stage_ = stage;
    start_ = std::chrono::steady_clock::now();
  }
  StageTimes* times_;
  const char* stage_ = nullptr;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace channelmap
