#include "channelmap/barrier_model.hpp"

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

double tree_value(const TreeNode* tree, const double* x) {
  int i = 0;
  while (tree[i].feature >= 0) {
    // scikit-learn casts X to float32 before comparing with the (float64) threshold.
    double xf = static_cast<double>(static_cast<float>(x[tree[i].feature]));
    i = xf <= tree[i].threshold ? tree[i].left : tree[i].right;
  }
  return tree[i].value;
}
// Walks one tree, adding each split's change of value to its feature's contribution.
double tree_explain(const TreeNode* tree, const double* x, std::vector<double>& contrib) {
  int i = 0;
  while (tree[i].feature >= 0) {
    double xf = static_cast<double>(static_cast<float>(x[tree[i].feature]));
    int next = xf <= tree[i].threshold ? tree[i].left : tree[i].right;
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
  e.bias_eV = kInit + kLearningRate * root;
  e.contribution_eV.resize(kNumFeatures);
  for (size_t j = 0; j < kNumFeatures; ++j) e.contribution_eV[j] = kLearningRate * c[j];
  e.predicted_eV = kInit + kLearningRate * sum;
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
  return kInit + kLearningRate * sum;
}

}  // namespace channelmap
