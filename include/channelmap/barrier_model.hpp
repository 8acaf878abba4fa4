// Predicted migration barrier (DESIGN.md section 6a): a model over channelmap's per-path
// descriptors, fitted by tools/fit_barrier_model.py on the published NEB barriers of
// ../shared/reference/barrier_paths.csv and stored as data (src/barrier_model_data.inc).
// docs/barrier_model.md gives the descriptors, the fit, its cross-validated quality and where it
// fails.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace channelmap {

// Per-path descriptors by name (the names of `channelmap path --json`'s "descriptors").
using DescriptorMap = std::map<std::string, double>;

// The descriptors the model reads, in the order it reads them.
const std::vector<std::string>& barrier_model_features();

// A one-line provenance of the model in use (what it was fitted on, by what).
std::string barrier_model_provenance();

// Replaces the built-in model, for every later prediction in this process, by one read from a
// JSON file that tools/fit_barrier_model.py writes (--out-json): a refit on other data, or the
// per-fold models of a cross-validation (tools/cv_screen_mg.py). It must read the built-in
// model's features in the same order. An empty path restores the built-in model. Throws Error
// naming the file and the reason. Not thread-safe: call it before any analysis starts.
void use_barrier_model_file(const std::string& path);

// "built-in", or the path given to use_barrier_model_file().
std::string barrier_model_source();

// The predicted NEB barrier (eV) of one path: a straight line in the BVSE barrier (clipped)
// plus boosted trees over all features, never falling as the BVSE barrier rises. A feature
// that is absent or not finite takes the median of the fitting data (the same rule as the
// fit); `missing`, when given, receives the names of such features. Deterministic: the trees
// compare as scikit-learn does, so the result equals scikit-learn's prediction.
double predict_barrier_eV(const DescriptorMap& descriptors,
                          std::vector<std::string>* missing = nullptr);

// The prediction split into one contribution per feature (eV), following each tree's decision
// path (Saabas): a split on feature f moves the prediction from the node's value to the child's
// value, and that change is f's; the line's departure from its value at the fitting data's mean
// BVSE barrier is the BVSE barrier's. bias + sum of contributions = predict_barrier_eV().
struct BarrierExplanation {
  double predicted_eV = 0;
  double bias_eV = 0;                   // the prediction before any split (the fit's baseline)
  std::vector<double> contribution_eV;  // per barrier_model_features()
  std::vector<double> value;            // the feature values used (medians for missing ones)
};
BarrierExplanation explain_barrier(const DescriptorMap& descriptors);

}  // namespace channelmap
