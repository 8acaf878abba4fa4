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
}  // namespace

const std::vector<std::string>& barrier_model_features() {
  static const std::vector<std::string> names(std::begin(kFeatures), std::end(kFeatures));
  return names;
}

std::string barrier_model_provenance() {
  return kProvenance;
}

double predict_barrier_eV(const DescriptorMap& d, std::vector<std::string>* missing) {
  double x[kNumFeatures];
  for (size_t j = 0; j < kNumFeatures; ++j) {
    auto it = d.find(kFeatures[j]);
    if (it != d.end() && std::isfinite(it->second)) {
      x[j] = it->second;
    } else {
      x[j] = kMedians[j];
      if (missing) missing->push_back(kFeatures[j]);
    }
  }
  double sum = 0;
  for (const TreeNode* t : kTrees) sum += tree_value(t, x);
  return kInit + kLearningRate * sum;
}

}  // namespace channelmap
