// Oxidation states: the table of common states and the search for a charge-neutral assignment
// that bond valence sums prefer (described in chemistry.hpp, assign_oxidation_states).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>
#include <utility>

#include "bond_valence_common.hpp"
#include "channelmap/chemistry.hpp"
#include "channelmap/error.hpp"

namespace channelmap {

const char* to_string(StateSource s) {
  return s == StateSource::Cif ? "cif" : s == StateSource::BondValence ? "bond-valence" : "default";
}

// ---------------------------------------------------------------------------------------------
// Common oxidation states

namespace {
struct StatesRow {
  const char* element;
  std::vector<int> states;  // ascending
  int usual;                // the state taken for a neighbour's sign in the charge DP
};
// States tried for each element: those of pymatgen's Element.common_oxidation_states, widened
// with the states transition metals, p-block elements and lanthanides take in oxides,
// chalcogenides and halides of battery materials (Ti3+, V3+/V4+, Mn3+, Co3+/Co4+, Ni3+/Ni4+,
// Mo2+..Mo5+ (Mo2+/Mo3+: the Mo6 clusters of Chevrel phases, Mo +2.33 to +2.67 on average),
// Ru3+..Ru5+, Ir3+..Ir5+, Ce4+, Eu2+, ...). Peroxide/persulfide (O-, S-) and other
// anion-anion bonded states are not tried; such structures come out unassigned.
const std::vector<StatesRow>& states_table() {
  static const std::vector<StatesRow> t = {
      {"H", {-1, 1}, 1},       {"Li", {1}, 1},
      {"Be", {2}, 2},          {"B", {3}, 3},
      {"C", {-4, 4}, 4},       {"N", {-3, 3, 5}, -3},
      {"O", {-2}, -2},         {"F", {-1}, -1},
      {"Na", {1}, 1},          {"Mg", {2}, 2},
      {"Al", {3}, 3},          {"Si", {4}, 4},
      {"P", {-3, 3, 5}, 5},    {"S", {-2, 4, 6}, -2},
      {"Cl", {-1, 5, 7}, -1},  {"K", {1}, 1},
      {"Ca", {2}, 2},          {"Sc", {3}, 3},
      {"Ti", {2, 3, 4}, 4},    {"V", {2, 3, 4, 5}, 3},
      {"Cr", {2, 3, 4, 6}, 3}, {"Mn", {2, 3, 4, 7}, 2},
      {"Fe", {2, 3}, 3},       {"Co", {2, 3, 4}, 2},
      {"Ni", {2, 3, 4}, 2},    {"Cu", {1, 2}, 2},
      {"Zn", {2}, 2},          {"Ga", {3}, 3},
      {"Ge", {4}, 4},          {"As", {-3, 3, 5}, 5},
      {"Se", {-2, 4, 6}, -2},  {"Br", {-1, 5}, -1},
      {"Rb", {1}, 1},          {"Sr", {2}, 2},
      {"Y", {3}, 3},           {"Zr", {4}, 4},
      {"Nb", {3, 4, 5}, 5},    {"Mo", {2, 3, 4, 5, 6}, 6},
      {"Tc", {4, 7}, 4},       {"Ru", {3, 4, 5}, 4},
      {"Rh", {3, 4}, 3},       {"Pd", {2, 4}, 2},
      {"Ag", {1}, 1},          {"Cd", {2}, 2},
      {"In", {3}, 3},          {"Sn", {2, 4}, 4},
      {"Sb", {-3, 3, 5}, 5},   {"Te", {-2, 4, 6}, -2},
      {"I", {-1, 5, 7}, -1},   {"Cs", {1}, 1},
      {"Ba", {2}, 2},          {"La", {3}, 3},
      {"Ce", {3, 4}, 3},       {"Pr", {3, 4}, 3},
      {"Nd", {3}, 3},          {"Pm", {3}, 3},
      {"Sm", {2, 3}, 3},       {"Eu", {2, 3}, 3},
      {"Gd", {3}, 3},          {"Tb", {3, 4}, 3},
      {"Dy", {3}, 3},          {"Ho", {3}, 3},
      {"Er", {3}, 3},          {"Tm", {3}, 3},
      {"Yb", {2, 3}, 3},       {"Lu", {3}, 3},
      {"Hf", {4}, 4},          {"Ta", {5}, 5},
      {"W", {4, 5, 6}, 6},     {"Re", {4, 6, 7}, 7},
      {"Os", {4}, 4},          {"Ir", {3, 4, 5}, 4},
      {"Pt", {2, 4}, 4},       {"Au", {1, 3}, 3},
      {"Hg", {1, 2}, 2},       {"Tl", {1, 3}, 1},
      {"Pb", {2, 4}, 2},       {"Bi", {3, 5}, 3},
      {"Po", {4}, 4},          {"Fr", {1}, 1},
      {"Ra", {2}, 2},          {"Ac", {3}, 3},
      {"Th", {4}, 4},          {"Pa", {5}, 5},
      {"U", {4, 5, 6}, 6},     {"Np", {5}, 5},
      {"Pu", {3, 4}, 4},       {"Am", {3}, 3},
  };
  return t;
}
const StatesRow* states_row(const std::string& el) {
  for (const StatesRow& r : states_table())
    if (el == r.element) return &r;
  return nullptr;
}
}  // namespace

const std::vector<int>& common_oxidation_states(const std::string& element) {
  static const std::vector<int> none;
  const StatesRow* r = states_row(element);
  return r ? r->states : none;
}

int usual_oxidation_state(const std::string& element) {
  const StatesRow* r = states_row(element);
  return r ? r->usual : 0;
}

// ---------------------------------------------------------------------------------------------
// Oxidation states

namespace {

using detail::ion_name;
using detail::site_neighbours;
using detail::SiteNeighbour;

constexpr double kInf = std::numeric_limits<double>::infinity();

// The search over states. A group is one (CIF label, element): its species share a state,
// given as an index k into the element's list of states.
class StateSearch {
 public:
  explicit StateSearch(const Crystal& c) : c_(c) {}

  // Builds groups, members and neighbour sums; returns an error message, or "" when ready.
  std::string prepare();
  bool small(long max_combinations) const;
  void exhaustive();
  std::string charge_dp(long max_cells);

  struct Best {
    bool found = false;
    std::vector<int> k;  // state index per group
    double score = kInf;
    int terms = 0;  // members with a complete bond valence sum
  };
  const Best& best() const { return best_; }
  long neutral() const { return neutral_; }
  int state(int g, const std::vector<int>& k) const { return states_[groups_[g].el][k[g]]; }
  int group_of(size_t site, size_t species) const { return member_group_[site][species]; }

 private:
  struct Group {
    int el = 0;
    double weight = 0;  // sum of the occupancies of its species over the cell
    std::vector<int> members;
  };
  struct Link {
    int group;
    double as_cation = 0;  // sum of occ * exp(-d/b), this member the cation, within cutoff
    double as_anion = 0;   // the same with this member the anion
  };
  struct Member {
    int group;
    double occ;
    std::vector<Link> links;
  };

  // exp(R0/b) for (cation element, state index, anion element, state index): > 0 a bond with
  // parameters, 0 not a bond, -1 a bond without parameters.
  double ex(int e1, int k1, int e2, int k2) const {
    return ex_[((e1 * kmax_ + k1) * ne() + e2) * kmax_ + k2];
  }
  int ne() const { return static_cast<int>(els_.size()); }
  // Adds occ * (BVS - |q|)^2 of member m to `score` and returns true, or returns false when its
  // sum is incomplete.
  bool member_term(const Member& m, const std::vector<int>& k, double& score) const;
  void consider(const std::vector<int>& k);
  double charge(const std::vector<int>& k) const;
  bool element_ok(int e, int k) const;
  void dfs(size_t pos, double q);

  const Crystal& c_;
  std::vector<std::string> els_;
  std::vector<std::vector<int>> states_;  // per element
  std::vector<int> usual_;                // per element, index of its usual state
  int kmax_ = 1;
  std::vector<double> ex_;
  std::vector<Group> groups_;
  std::vector<Member> members_;
  std::vector<std::vector<int>> member_group_;
  double tol_q_ = 1e-6;
  Best best_;
  long neutral_ = 0;
  // exhaustive search state
  std::vector<int> order_, k_;
  std::vector<double> qmin_rest_, qmax_rest_;
  std::vector<std::vector<int>> used_;
};

std::string StateSearch::prepare() {
  std::map<std::string, int> el_index;
  std::map<std::pair<std::string, std::string>, int> group_index;
  member_group_.resize(c_.sites.size());
  for (size_t i = 0; i < c_.sites.size(); ++i) {
    for (const Species& sp : c_.sites[i].species) {
      if (!el_index.count(sp.element)) {
        const StatesRow* row = states_row(sp.element);
        if (!row) return cat("no oxidation states are known for ", sp.element);
        el_index[sp.element] = ne();
        els_.push_back(sp.element);
        states_.push_back(row->states);
        usual_.push_back(static_cast<int>(
            std::find(row->states.begin(), row->states.end(), row->usual) - row->states.begin()));
        kmax_ = std::max(kmax_, static_cast<int>(row->states.size()));
      }
      auto key = std::make_pair(sp.label, sp.element);
      auto it = group_index.find(key);
      if (it == group_index.end()) {
        it = group_index.emplace(key, static_cast<int>(groups_.size())).first;
        groups_.push_back(Group{el_index[sp.element], 0, {}});
      }
      Group& g = groups_[it->second];
      g.weight += sp.occupancy;
      g.members.push_back(static_cast<int>(members_.size()));
      members_.push_back(Member{it->second, sp.occupancy, {}});
      member_group_[i].push_back(it->second);
      if (sp.occupancy < 1 - 1e-9) {
        int qabs = 0;
        for (int q : states_[el_index[sp.element]]) qabs = std::max(qabs, std::abs(q));
        tol_q_ += tol::occupancy_uncertainty * qabs;
      }
    }
  }
  if (members_.empty()) return "the structure has no atoms";
  ex_.assign(static_cast<size_t>(ne()) * kmax_ * ne() * kmax_, 0.0);
  for (int e1 = 0; e1 < ne(); ++e1)
    for (int k1 = 0; k1 < static_cast<int>(states_[e1].size()); ++k1)
      for (int e2 = 0; e2 < ne(); ++e2)
        for (int k2 = 0; k2 < static_cast<int>(states_[e2].size()); ++k2) {
          int q1 = states_[e1][k1], q2 = states_[e2][k2];
          if (q1 <= 0 || q2 >= 0) continue;
          auto p = bond_valence_param(els_[e1], q1, els_[e2], q2);
          ex_[((e1 * kmax_ + k1) * ne() + e2) * kmax_ + k2] = p ? std::exp(p->r0_A / p->b_A) : -1;
        }
  auto nbs = site_neighbours(c_);
  // Each pair of the structure's elements' cutoff, looked up once (a lookup per bond compared
  // strings in a map: a tenth of the oxidation states' time; issue #10).
  const std::vector<double> cutoff = detail::pair_cutoffs(els_);
  // Each member's links by group, summed in the order of its neighbours and listed by group.
  std::vector<Link> link_of(groups_.size(), Link{});
  std::vector<char> linked(groups_.size(), 0);
  std::vector<int> touched;
  size_t m = 0;
  for (size_t i = 0; i < c_.sites.size(); ++i) {
    for (size_t s = 0; s < c_.sites[i].species.size(); ++s, ++m) {
      const int e = groups_[members_[m].group].el;
      touched.clear();
      for (const SiteNeighbour& nb : nbs[i]) {
        const Site& other = c_.sites[nb.site];
        for (size_t t = 0; t < other.species.size(); ++t) {
          int h = member_group_[nb.site][t];
          const int e_t = groups_[h].el;
          double v = other.species[t].occupancy * std::exp(-nb.d / tol::bv_b_A);
          if (!linked[h]) {
            linked[h] = 1;
            link_of[h] = Link{h, 0, 0};
            touched.push_back(h);
          }
          Link& l = link_of[h];
          if (nb.d <= cutoff[e * ne() + e_t]) l.as_cation += v;
          if (nb.d <= cutoff[e_t * ne() + e]) l.as_anion += v;
        }
      }
      std::sort(touched.begin(), touched.end());
      for (int h : touched) {
        linked[h] = 0;
        const Link& l = link_of[h];
        if (l.as_cation > 0 || l.as_anion > 0) members_[m].links.push_back(l);
      }
    }
  }
  return "";
}

bool StateSearch::member_term(const Member& m, const std::vector<int>& k, double& score) const {
  int e = groups_[m.group].el, km = k[m.group];
  int q = states_[e][km];
  double v = 0;
  for (const Link& l : m.links) {
    int eh = groups_[l.group].el, kh = k[l.group];
    int qh = states_[eh][kh];
    double x, w;
    if (q > 0 && qh < 0) {
      x = ex(e, km, eh, kh);
      w = l.as_cation;
    } else if (q < 0 && qh > 0) {
      x = ex(eh, kh, e, km);
      w = l.as_anion;
    } else {
      continue;
    }
    if (w == 0) continue;
    if (x < 0) return false;
    v += x * w;
  }
  double dev = v - std::abs(q);
  score += m.occ * dev * dev;
  return true;
}

double StateSearch::charge(const std::vector<int>& k) const {
  double q = 0;
  for (size_t g = 0; g < groups_.size(); ++g) q += groups_[g].weight * state(g, k);
  return q;
}

void StateSearch::consider(const std::vector<int>& k) {
  ++neutral_;
  double score = 0;
  int terms = 0;
  for (const Member& m : members_)
    if (member_term(m, k, score)) ++terms;
  if (!best_.found || score < best_.score) best_ = Best{true, k, score, terms};
}

bool StateSearch::small(long max_combinations) const {
  double n = 1;
  for (const Group& g : groups_) n *= static_cast<double>(states_[g.el].size());
  return n <= static_cast<double>(max_combinations);
}

// An element takes at most two states, adjacent in its list.
bool StateSearch::element_ok(int e, int k) const {
  int other = -1;
  for (int j = 0; j < static_cast<int>(used_[e].size()); ++j)
    if (used_[e][j] > 0 && j != k) {
      if (other >= 0) return false;
      other = j;
    }
  return other < 0 || std::abs(other - k) == 1;
}

void StateSearch::exhaustive() {
  // Groups with one state first; the charge bounds then prune the rest.
  for (size_t g = 0; g < groups_.size(); ++g)
    if (states_[groups_[g].el].size() == 1) order_.push_back(static_cast<int>(g));
  for (size_t g = 0; g < groups_.size(); ++g)
    if (states_[groups_[g].el].size() > 1) order_.push_back(static_cast<int>(g));
  size_t n = order_.size();
  qmin_rest_.assign(n + 1, 0);
  qmax_rest_.assign(n + 1, 0);
  for (size_t p = n; p-- > 0;) {
    const Group& g = groups_[order_[p]];
    const auto& st = states_[g.el];
    qmin_rest_[p] = qmin_rest_[p + 1] + g.weight * st.front();
    qmax_rest_[p] = qmax_rest_[p + 1] + g.weight * st.back();
  }
  k_.assign(groups_.size(), 0);
  used_.assign(ne(), std::vector<int>(kmax_, 0));
  dfs(0, 0.0);
}

void StateSearch::dfs(size_t pos, double q) {
  if (q + qmin_rest_[pos] > tol_q_ || q + qmax_rest_[pos] < -tol_q_) return;
  if (pos == order_.size()) {
    consider(k_);
    return;
  }
  int g = order_[pos];
  int e = groups_[g].el;
  for (int k = 0; k < static_cast<int>(states_[e].size()); ++k) {
    if (!element_ok(e, k)) continue;
    k_[g] = k;
    ++used_[e][k];
    dfs(pos + 1, q + groups_[g].weight * states_[e][k]);
    --used_[e][k];
  }
}

std::string StateSearch::charge_dp(long max_cells) {
  // Cost of each group in each state, its neighbours in their usual state.
  std::vector<int> usual_k(groups_.size());
  for (size_t g = 0; g < groups_.size(); ++g) usual_k[g] = usual_[groups_[g].el];
  std::vector<int> multi;  // groups with a choice
  for (size_t g = 0; g < groups_.size(); ++g)
    if (states_[groups_[g].el].size() > 1) multi.push_back(static_cast<int>(g));
  std::vector<std::vector<double>> cost(groups_.size());
  for (int g : multi) {
    std::vector<int> k = usual_k;
    for (size_t j = 0; j < states_[groups_[g].el].size(); ++j) {
      k[g] = static_cast<int>(j);
      double sc = 0;
      for (int m : groups_[g].members) member_term(members_[m], k, sc);
      cost[g].push_back(sc);
    }
  }
  // Charges in integer units: e, or 1e-3 e when some occupancy is fractional.
  bool integral = true;
  for (const Group& g : groups_)
    if (std::abs(g.weight - std::round(g.weight)) > 1e-9) integral = false;
  const double scale = integral ? 1.0 : 1000.0;
  const long slack = std::lround(tol_q_ * scale) + (integral ? 0 : static_cast<long>(multi.size()));
  long fixed = 0;
  for (size_t g = 0; g < groups_.size(); ++g)
    if (states_[groups_[g].el].size() == 1)
      fixed += std::lround(groups_[g].weight * states_[groups_[g].el][0] * scale);
  // Options per element with a choice: one state, or two adjacent states.
  std::vector<int> multi_els;
  for (int g : multi)
    if (std::find(multi_els.begin(), multi_els.end(), groups_[g].el) == multi_els.end())
      multi_els.push_back(groups_[g].el);
  std::vector<std::vector<std::vector<int>>> options(ne());
  for (int e : multi_els) {
    int n = static_cast<int>(states_[e].size());
    for (int k = 0; k < n; ++k) options[e].push_back({k});
    for (int k = 0; k + 1 < n; ++k) options[e].push_back({k, k + 1});
  }
  std::vector<size_t> pick(multi_els.size(), 0);
  long cells_used = 0;
  for (;;) {
    std::vector<std::vector<int>> allowed(ne());
    for (size_t i = 0; i < multi_els.size(); ++i)
      allowed[multi_els[i]] = options[multi_els[i]][pick[i]];
    // Range of the charge summed over the groups taken so far.
    long lo = fixed, hi = fixed;
    std::vector<std::vector<long>> val(multi.size());
    for (size_t gi = 0; gi < multi.size(); ++gi) {
      const Group& g = groups_[multi[gi]];
      long vmin = 0, vmax = 0;
      for (size_t j = 0; j < allowed[g.el].size(); ++j) {
        long v = std::lround(g.weight * states_[g.el][allowed[g.el][j]] * scale);
        val[gi].push_back(v);
        vmin = j ? std::min(vmin, v) : v;
        vmax = j ? std::max(vmax, v) : v;
      }
      lo += std::min(vmin, 0L);  // the range holds every partial sum, not only the total
      hi += std::max(vmax, 0L);
    }
    long width = hi - lo + 1;
    cells_used += width * static_cast<long>(multi.size() + 1);
    if (cells_used > max_cells)
      return cat("the charge search needs more than ", max_cells, " cells (", groups_.size(),
                 " distinct sites)");
    if (lo <= slack && hi >= -slack) {
      std::vector<double> cur(width, kInf), next(width);
      std::vector<std::vector<uint8_t>> choice(multi.size(), std::vector<uint8_t>(width, 0));
      cur[fixed - lo] = 0;
      for (size_t gi = 0; gi < multi.size(); ++gi) {
        const Group& g = groups_[multi[gi]];
        std::fill(next.begin(), next.end(), kInf);
        for (long b = 0; b < width; ++b) {
          if (cur[b] == kInf) continue;
          for (size_t j = 0; j < val[gi].size(); ++j) {
            long nb = b + val[gi][j];
            if (nb < 0 || nb >= width) continue;
            double cst = cur[b] + cost[multi[gi]][allowed[g.el][j]];
            if (cst < next[nb]) {
              next[nb] = cst;
              choice[gi][nb] = static_cast<uint8_t>(j);
            }
          }
        }
        std::swap(cur, next);
      }
      long end = -1;
      for (long b = std::max(0L, -slack - lo); b < width && b + lo <= slack; ++b)
        if (cur[b] < kInf && (end < 0 || cur[b] < cur[end])) end = b;
      if (end >= 0) {
        std::vector<int> k = usual_k;
        for (size_t g = 0; g < groups_.size(); ++g)
          if (states_[groups_[g].el].size() == 1) k[g] = 0;
        for (size_t gi = multi.size(); gi-- > 0;) {
          int j = choice[gi][end];
          k[multi[gi]] = allowed[groups_[multi[gi]].el][j];
          end -= val[gi][j];
        }
        if (std::abs(charge(k)) <= tol_q_) consider(k);
      }
    }
    size_t i = 0;  // next combination of options
    for (; i < pick.size(); ++i) {
      if (++pick[i] < options[multi_els[i]].size()) break;
      pick[i] = 0;
    }
    if (i == pick.size()) break;
  }
  return "";
}

// For each element given two states: how many atoms take each, and by how much the bond
// valence sums separate the two sets of sites (all computed with the lower state's R0, so that
// only the geometry differs).
void add_mixed_valence_notes(const Crystal& c, OxidationAssignment& out) {
  std::map<std::string, std::map<int, double>> atoms;  // element -> state -> atoms per cell
  for (size_t i = 0; i < c.sites.size(); ++i)
    for (size_t s = 0; s < c.sites[i].species.size(); ++s)
      atoms[c.sites[i].species[s].element][out.states[i][s]] += c.sites[i].species[s].occupancy;
  for (const auto& [el, st] : atoms) {
    if (st.size() != 2) continue;
    const int q1 = st.begin()->first, q2 = st.rbegin()->first;
    OxidationStates same = out.states;
    for (size_t i = 0; i < c.sites.size(); ++i)
      for (size_t s = 0; s < c.sites[i].species.size(); ++s)
        if (c.sites[i].species[s].element == el && same[i][s] == q2) same[i][s] = q1;
    auto sums = bond_valence_sums(c, same);
    double hi1 = -kInf, lo2 = kInf;
    for (size_t i = 0; i < c.sites.size(); ++i)
      for (size_t s = 0; s < c.sites[i].species.size(); ++s) {
        if (c.sites[i].species[s].element != el || !sums[i][s].complete) continue;
        if (out.states[i][s] == q1) hi1 = std::max(hi1, sums[i][s].value);
        if (out.states[i][s] == q2) lo2 = std::min(lo2, sums[i][s].value);
      }
    std::ostringstream msg;
    msg << el << " mixed valence: " << st.begin()->second << " " << ion_name(el, q1) << " and "
        << st.rbegin()->second << " " << ion_name(el, q2) << " per cell";
    if (hi1 > -kInf && lo2 < kInf) {
      double margin = lo2 - hi1;
      msg << std::fixed << std::setprecision(3) << "; bond valence sums (with the "
          << ion_name(el, q1) << " R0) put the " << ion_name(el, q2) << " sites " << margin
          << " v.u. above the " << ion_name(el, q1) << " sites";
      if (margin < tol::mixed_valence_margin_vu)
        msg << ", too little to tell which sites carry which state";
    }
    out.notes.push_back(msg.str());
  }
}

}  // namespace

OxidationAssignment assign_oxidation_states(const Crystal& crystal,
                                            const OxidationOptions& options) {
  OxidationAssignment out;
  bool all_given = !crystal.sites.empty();
  for (const Site& s : crystal.sites)
    for (const Species& sp : s.species)
      if (!sp.oxidation) all_given = false;
  if (all_given) {
    out.assigned = true;
    out.method = "cif";
    for (const Site& s : crystal.sites) {
      out.states.emplace_back();
      out.sources.emplace_back(s.species.size(), StateSource::Cif);
      for (const Species& sp : s.species) out.states.back().push_back(*sp.oxidation);
    }
    return out;
  }
  StateSearch search(crystal);
  if (std::string err = search.prepare(); !err.empty()) {
    out.reason = err;
    return out;
  }
  if (search.small(options.max_combinations)) {
    out.method = "exhaustive";
    search.exhaustive();
  } else {
    out.method = "charge-dp";
    if (std::string err = search.charge_dp(options.max_dp_cells); !err.empty()) {
      out.reason = err;
      return out;
    }
  }
  out.neutral_candidates = search.neutral();
  const auto& best = search.best();
  if (!best.found) {
    out.reason = cat("no combination of common oxidation states is charge neutral (",
                     crystal.reduced_formula(), ")");
    return out;
  }
  StateSource source = StateSource::BondValence;
  if (best.terms == 0) {
    if (search.neutral() > 1) {
      out.reason = cat(search.neutral(), " charge-neutral combinations and no bond-valence ",
                       "parameters to choose among them");
      return out;
    }
    source = StateSource::Default;
  }
  out.assigned = true;
  out.score = best.score;
  for (size_t i = 0; i < crystal.sites.size(); ++i) {
    out.states.emplace_back();
    out.sources.emplace_back(crystal.sites[i].species.size(), source);
    for (size_t s = 0; s < crystal.sites[i].species.size(); ++s)
      out.states.back().push_back(search.state(search.group_of(i, s), best.k));
  }
  add_mixed_valence_notes(crystal, out);
  return out;
}

}  // namespace channelmap
