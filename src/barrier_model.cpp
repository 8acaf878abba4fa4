#include "channelmap/barrier_model.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace channelmap {

namespace {
struct TreeNode {
  int feature;       // -1: leaf
  double threshold;  // go left when x <= threshold
  int left, right;
  double value;  // leaf value
};
#include "barrier_model_data.inc"

constexpr size_t kNumFeatures = std::size(kFeatures);
static_assert(std::size(kMedians) == kNumFeatures, "one median per feature");
static_assert(kBaseFeature >= 0 && kBaseFeature < static_cast<int>(kNumFeatures), "a feature");

// The value a split compares: GradientBoostingRegressor casts X to float32 first,
// HistGradientBoostingRegressor compares doubles (kSinglePrecisionCompare says which fitted it).
double split_value(double x) {
  return kSinglePrecisionCompare ? static_cast<double>(static_cast<float>(x)) : x;
}

double tree_value(const TreeNode* tree, const double* x) {
  int i = 0;
  while (tree[i].feature >= 0)
    i = split_value(x[tree[i].feature]) <= tree[i].threshold ? tree[i].left : tree[i].right;
  return tree[i].value;
}

// The straight-line baseline in the clipped BVSE barrier (tools/fit_barrier_model.py).
double base_input(const double* x) {
  return std::min(x[kBaseFeature], kBaseClip);
}
// Walks one tree, adding each split's change of value to its feature's contribution.
double tree_explain(const TreeNode* tree, const double* x, std::vector<double>& contrib) {
  int i = 0;
  while (tree[i].feature >= 0) {
    int next = split_value(x[tree[i].feature]) <= tree[i].threshold ? tree[i].left : tree[i].right;
    contrib[tree[i].feature] += tree[next].value - tree[i].value;
    i = next;
  }
  return tree[i].value;
}

void features_of(const DescriptorMap& d, double* x, std::vector<std::string>* missing) {
  for (size_t j = 0; j < kNumFeatures; ++j) {
    auto it = d.find(kFeatures[j]);
    if (it != d.end() && std::isfinite(it->second)) {
      x[j] = it->second;
    } else {
      x[j] = kMedians[j];
      if (missing) missing->push_back(kFeatures[j]);
    }
  }
}
}  // namespace

BarrierExplanation explain_barrier(const DescriptorMap& d) {
  double x[kNumFeatures];
  features_of(d, x, nullptr);
  BarrierExplanation e;
  e.value.assign(x, x + kNumFeatures);
  std::vector<double> c(kNumFeatures, 0.0);
  double sum = 0, root = 0;
  for (const TreeNode* t : kTrees) {
    sum += tree_explain(t, x, c);
    root += t[0].value;
  }
  // The line's part: its value at the fitting data's mean goes to the bias, the rest to the
  // feature it reads.
  e.bias_eV = kBaseIntercept + kBaseSlope * kBaseMean + kInit + kLearningRate * root;
  e.contribution_eV.resize(kNumFeatures);
  for (size_t j = 0; j < kNumFeatures; ++j) e.contribution_eV[j] = kLearningRate * c[j];
  e.contribution_eV[kBaseFeature] += kBaseSlope * (base_input(x) - kBaseMean);
  e.predicted_eV = kBaseIntercept + kBaseSlope * base_input(x) + kInit + kLearningRate * sum;
  return e;
}

const std::vector<std::string>& barrier_model_features() {
  static const std::vector<std::string> names(std::begin(kFeatures), std::end(kFeatures));
  return names;
}

std::string barrier_model_provenance() {
  return kProvenance;
}

double predict_barrier_eV(const DescriptorMap& d, std::vector<std::string>* missing) {
  double x[kNumFeatures];
  features_of(d, x, missing);
  double sum = 0;
  for (const TreeNode* t : kTrees) sum += tree_value(t, x);
  return kBaseIntercept + kBaseSlope * base_input(x) + kInit + kLearningRate * sum;
}

}  // namespace channelmap
