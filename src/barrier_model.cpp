#include "channelmap/barrier_model.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>

#include "channelmap/error.hpp"

namespace channelmap {

namespace {
struct TreeNode {
  int feature;       // -1: leaf
  double threshold;  // go left when x <= threshold
  int left, right;
  double value;  // at a leaf, the tree's output; inside, the mean of the leaves below
};
#include "barrier_model_data.inc"

constexpr size_t kNumFeatures = std::size(kFeatures);
static_assert(std::size(kMedians) == kNumFeatures, "one median per feature");
static_assert(kBaseFeature >= 0 && kBaseFeature < static_cast<int>(kNumFeatures), "a feature");

// A fitted model: the built-in one (barrier_model_data.inc) or one read from a JSON file.
struct Model {
  std::string provenance;
  std::vector<std::string> features;
  std::vector<double> medians;
  int base_feature = 0;
  double base_clip = 0, base_intercept = 0, base_slope = 0, base_mean = 0;
  double init = 0, learning_rate = 1;
  bool single_precision = false;
  std::vector<std::vector<TreeNode>> trees;

  // The value a split compares: GradientBoostingRegressor casts X to float32 first,
  // HistGradientBoostingRegressor compares doubles.
  double split_value(double x) const {
    return single_precision ? static_cast<double>(static_cast<float>(x)) : x;
  }
  // The straight-line baseline's input: the clipped BVSE barrier.
  double base_input(const std::vector<double>& x) const {
    return std::min(x[base_feature], base_clip);
  }
  // One tree's output; with `contrib`, each split's change of value is added to its feature's.
  double tree_value(const std::vector<TreeNode>& t, const std::vector<double>& x,
                    std::vector<double>* contrib) const {
    int i = 0;
    while (t[i].feature >= 0) {
      int next = split_value(x[t[i].feature]) <= t[i].threshold ? t[i].left : t[i].right;
      if (contrib) (*contrib)[t[i].feature] += t[next].value - t[i].value;
      i = next;
    }
    return t[i].value;
  }
  // The prediction from the inputs and the trees' summed output.
  double predicted(const std::vector<double>& x, double tree_sum) const {
    return base_intercept + base_slope * base_input(x) + init + learning_rate * tree_sum;
  }
  std::vector<double> inputs(const DescriptorMap& d, std::vector<std::string>* missing) const {
    std::vector<double> x(features.size());
    for (size_t j = 0; j < features.size(); ++j) {
      auto it = d.find(features[j]);
      if (it != d.end() && std::isfinite(it->second)) {
        x[j] = it->second;
      } else {
        x[j] = medians[j];
        if (missing) missing->push_back(features[j]);
      }
    }
    return x;
  }
};

std::shared_ptr<const Model> builtin_model() {
  static const std::shared_ptr<const Model> m = [] {
    auto b = std::make_shared<Model>();
    b->provenance = kProvenance;
    b->features.assign(std::begin(kFeatures), std::end(kFeatures));
    b->medians.assign(std::begin(kMedians), std::end(kMedians));
    b->base_feature = kBaseFeature;
    b->base_clip = kBaseClip;
    b->base_intercept = kBaseIntercept;
    b->base_slope = kBaseSlope;
    b->base_mean = kBaseMean;
    b->init = kInit;
    b->learning_rate = kLearningRate;
    b->single_precision = kSinglePrecisionCompare;
    // Each tree is an array; its length is one past the largest child index it names.
    for (const TreeNode* t : kTrees) {
      int n = 1;
      for (int i = 0; i < n; ++i) n = std::max({n, t[i].left + 1, t[i].right + 1});
      b->trees.emplace_back(t, t + n);
    }
    return std::shared_ptr<const Model>(b);
  }();
  return m;
}

std::shared_ptr<const Model>& active_model() {
  static std::shared_ptr<const Model> m = builtin_model();
  return m;
}

// Where the active model came from: "built-in" or the file's path.
std::string& active_source() {
  static std::string s = "built-in";
  return s;
}

[[noreturn]] void bad_model(const std::string& path, const std::string& why) {
  throw Error(path, "", "barrier model", "not a barrier model file: " + why);
}

std::shared_ptr<const Model> read_model(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(path, "", "barrier model", "cannot open");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const std::exception& e) {
    bad_model(path, e.what());
  }
  auto m = std::make_shared<Model>();
  try {
    m->provenance = j.at("provenance").get<std::string>();
    m->features = j.at("features").get<std::vector<std::string>>();
    m->medians = j.at("medians").get<std::vector<double>>();
    const auto& b = j.at("base");
    std::string base_feature = b.at("feature").get<std::string>();
    m->base_clip = b.at("clip").get<double>();
    m->base_intercept = b.at("intercept").get<double>();
    m->base_slope = b.at("slope").get<double>();
    m->base_mean = b.at("mean").get<double>();
    m->init = j.at("init").get<double>();
    m->learning_rate = j.at("learning_rate").get<double>();
    m->single_precision = j.at("single_precision_compare").get<bool>();
    auto it = std::find(m->features.begin(), m->features.end(), base_feature);
    if (it == m->features.end()) bad_model(path, "base feature " + base_feature + " not a feature");
    m->base_feature = static_cast<int>(it - m->features.begin());
    for (const auto& t : j.at("trees")) {
      std::vector<TreeNode> nodes;
      for (const auto& n : t)
        nodes.push_back({n.at(0).get<int>(), n.at(1).get<double>(), n.at(2).get<int>(),
                         n.at(3).get<int>(), n.at(4).get<double>()});
      m->trees.push_back(std::move(nodes));
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    bad_model(path, e.what());
  }
  // The tables' em_term_* columns are the built-in model's features: a replacement must read
  // the same ones, in the same order.
  if (m->features != builtin_model()->features)
    bad_model(path, "its features differ from the built-in model's (" +
                        std::to_string(m->features.size()) + " against " +
                        std::to_string(builtin_model()->features.size()) + ")");
  if (m->medians.size() != m->features.size()) bad_model(path, "one median per feature needed");
  if (m->trees.empty()) bad_model(path, "no trees");
  for (const auto& t : m->trees) {
    const int n = static_cast<int>(t.size());
    if (n == 0) bad_model(path, "an empty tree");
    for (int i = 0; i < n; ++i) {
      const TreeNode& node = t[i];
      if (node.feature < 0) continue;
      // Children come after their parent, so every walk ends at a leaf.
      if (node.feature >= static_cast<int>(m->features.size()) || node.left <= i ||
          node.right <= i || node.left >= n || node.right >= n)
        bad_model(path, "a tree node with an invalid feature or child");
    }
  }
  return m;
}
}  // namespace

void use_barrier_model_file(const std::string& path) {
  active_model() = path.empty() ? builtin_model() : read_model(path);
  active_source() = path.empty() ? "built-in" : path;
}

std::string barrier_model_source() {
  return active_source();
}

BarrierExplanation explain_barrier(const DescriptorMap& d) {
  const Model& m = *active_model();
  std::vector<double> x = m.inputs(d, nullptr);
  BarrierExplanation e;
  e.value = x;
  std::vector<double> c(m.features.size(), 0.0);
  double sum = 0, root = 0;
  for (const auto& t : m.trees) {
    sum += m.tree_value(t, x, &c);
    root += t[0].value;
  }
  // The line's part: its value at the fitting data's mean goes to the bias, the rest to the
  // feature it reads.
  e.bias_eV = m.base_intercept + m.base_slope * m.base_mean + m.init + m.learning_rate * root;
  e.contribution_eV.resize(m.features.size());
  for (size_t j = 0; j < m.features.size(); ++j) e.contribution_eV[j] = m.learning_rate * c[j];
  e.contribution_eV[m.base_feature] += m.base_slope * (m.base_input(x) - m.base_mean);
  e.predicted_eV = m.predicted(x, sum);
  return e;
}

const std::vector<std::string>& barrier_model_features() {
  return builtin_model()->features;
}

std::string barrier_model_provenance() {
  return active_model()->provenance;
}

double predict_barrier_eV(const DescriptorMap& d, std::vector<std::string>* missing) {
  const Model& m = *active_model();
  std::vector<double> x = m.inputs(d, missing);
  double sum = 0;
  for (const auto& t : m.trees) sum += m.tree_value(t, x, nullptr);
  return m.predicted(x, sum);
}

}  // namespace channelmap
