// Minimum-energy path between two positions: minimax on the grid (union-find in energy order),
// the shortest grid path below the saddle (A*), then a string-method relaxation on the field.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <unordered_map>

#include "channelmap/energy.hpp"
#include "channelmap/error.hpp"
#include "energy_grid_detail.hpp"
#include "periodic_union_find.hpp"

namespace channelmap {

namespace {
using detail::floor_div;
using detail::for_each_grid_neighbor;

// v in the integer lattice spanned by the echelon basis `rows` (IntLattice::basis)?
bool in_lattice(Offset v, const std::vector<Offset>& rows) {
  for (const Offset& r : rows) {
    int piv = r[0] ? 0 : r[1] ? 1 : 2;
    if (v[piv] % r[piv] != 0) return false;
    int q = v[piv] / r[piv];
    for (int k = 0; k < 3; ++k) v[k] -= q * r[k];
  }
  return v[0] == 0 && v[1] == 0 && v[2] == 0;
}

// Nearest grid point to fractional f: its index and the lattice shift of that image.
int nearest_point(const EnergyGrid& g, const Fractional& f, Offset* shift) {
  int r[3];
  for (int i = 0; i < 3; ++i) {
    int u = static_cast<int>(std::lround(f[i] * g.n[i]));
    (*shift)[i] = floor_div(u, g.n[i]);
    r[i] = u - (*shift)[i] * g.n[i];
  }
  return g.index(r[0], r[1], r[2]);
}

// Piecewise-linear resampling of a polyline to n points equally spaced in arc length.
std::vector<Position> resample(const std::vector<Position>& pts, int n) {
  std::vector<double> s(pts.size(), 0.0);
  for (size_t i = 1; i < pts.size(); ++i) s[i] = s[i - 1] + distance(pts[i], pts[i - 1]);
  std::vector<Position> out;
  if (pts.size() < 2 || s.back() <= 0) return std::vector<Position>(n, pts.front());
  size_t seg = 1;
  for (int k = 0; k < n; ++k) {
    double t = s.back() * k / (n - 1);
    while (seg + 1 < pts.size() && s[seg] < t) ++seg;
    double len = s[seg] - s[seg - 1];
    double u = len > 0 ? std::clamp((t - s[seg - 1]) / len, 0.0, 1.0) : 0.0;
    out.push_back(pts[seg - 1] + (pts[seg] - pts[seg - 1]) * u);
  }
  out.front() = pts.front();
  out.back() = pts.back();
  return out;
}

// The shortest path from (s, 0) to (t, T) through grid points with energy <= emax (A*), as
// Cartesian points; `base` is added to every offset. Empty when none within the offset box.
std::vector<Position> shortest_below(const EnergyGrid& g, const Lattice& L, int s, int t,
                                     const Offset& T, const Offset& base, double emax, int margin) {
  const long long N = static_cast<long long>(g.e.size());
  Offset lo, hi;
  for (int i = 0; i < 3; ++i) {
    lo[i] = std::min(0, T[i]) - margin;
    hi[i] = std::max(0, T[i]) + margin;
  }
  auto key = [&](int idx, const Offset& o) {
    long long w0 = hi[0] - lo[0] + 1, w1 = hi[1] - lo[1] + 1;
    return idx + N * ((o[0] - lo[0]) + w0 * ((o[1] - lo[1]) + w1 * (o[2] - lo[2])));
  };
  auto cart = [&](int idx, const Offset& o) {
    Fractional f = g.frac(idx);
    return L.orthogonalize(
        Fractional(f.x + o[0] + base[0], f.y + o[1] + base[1], f.z + o[2] + base[2]));
  };
  const Position goal = cart(t, T);
  struct State {
    double f, gcost;
    int idx;
    Offset o;
    bool operator>(const State& b) const { return f > b.f; }
  };
  struct Visit {
    double cost;
    long long parent;  // key, -1 at the start
    int idx;
    Offset o;
  };
  std::unordered_map<long long, Visit> best;
  best.reserve(1024);
  std::priority_queue<State, std::vector<State>, std::greater<State>> open;
  long long k0 = key(s, {0, 0, 0});
  best[k0] = {0.0, -1, s, {0, 0, 0}};
  open.push({distance(cart(s, {0, 0, 0}), goal), 0.0, s, {0, 0, 0}});
  const long long kgoal = key(t, T);
  bool found = false;
  while (!open.empty()) {
    State st = open.top();
    open.pop();
    long long k = key(st.idx, st.o);
    if (st.gcost > best.find(k)->second.cost + 1e-12) continue;
    if (k == kgoal) {
      found = true;
      break;
    }
    Position here = cart(st.idx, st.o);
    for_each_grid_neighbor(g, st.idx, [&](int q, const Offset& w) {
      if (g.e[q] > emax) return;
      Offset o{st.o[0] + w[0], st.o[1] + w[1], st.o[2] + w[2]};
      bool inside = true;
      for (int x = 0; x < 3; ++x) inside &= o[x] >= lo[x] && o[x] <= hi[x];
      if (!inside) return;
      Position there = cart(q, o);
      double cost = st.gcost + distance(here, there);
      long long kq = key(q, o);
      auto [it, fresh] = best.try_emplace(kq, Visit{cost, k, q, o});
      if (!fresh) {
        if (it->second.cost <= cost) return;
        it->second = Visit{cost, k, q, o};
      }
      open.push({cost + distance(there, goal), cost, q, o});
    });
  }
  std::vector<Position> path;
  if (!found) return path;
  for (long long k = kgoal; k != -1;) {
    const Visit& v = best.find(k)->second;
    path.push_back(cart(v.idx, v.o));
    k = v.parent;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

// String method (E, Ren & Vanden-Eijnden 2007, simplified): images move down the energy
// gradient perpendicular to the string, then are redistributed at equal arc length.
void relax_string(const BvseField& field, std::vector<Position>& x, double end_relax_A) {
  const int n = static_cast<int>(x.size());
  const Position a0 = x.front(), b0 = x.back();
  auto cap = [](Position step) {
    double len = step.length();
    return len > tol::bvse_string_max_step_A ? step * (tol::bvse_string_max_step_A / len) : step;
  };
  // Each image keeps the terms near it (BvseLocal), gathered again when it has moved
  // tol::bvse_local_skin_A from where they were.
  std::vector<BvseLocal> local(n);
  for (int it = 0; it < tol::bvse_string_iterations; ++it) {
    double moved = 0;
    for (int i = 0; i < n; ++i) {
      const bool end = i == 0 || i == n - 1;
      if (end && end_relax_A <= 0) continue;
      Vec3 g;
      if (!local[i].covers(x[i])) local[i] = BvseLocal(field, x[i], tol::bvse_local_skin_A);
      local[i].energy(x[i], &g);
      Vec3 f{-g.x, -g.y, -g.z};
      if (!end) {  // only the force perpendicular to the string
        Position tau = x[i + 1] - x[i - 1];
        double tl = tau.length();
        if (tl <= 0) continue;
        Vec3 t{tau.x / tl, tau.y / tl, tau.z / tl};
        double gt = g.dot(t);
        f = Vec3{-(g.x - gt * t.x), -(g.y - gt * t.y), -(g.z - gt * t.z)};
      }
      const double k = tol::bvse_string_step_A2_per_eV;
      Position step = cap(Position(f.x * k, f.y * k, f.z * k));
      Position next = x[i] + step;
      if (end) {  // stay within end_relax_A of the given point
        const Position& o = i == 0 ? a0 : b0;
        double d = distance(next, o);
        if (d > end_relax_A) next = o + (next - o) * (end_relax_A / d);
      }
      moved = std::max(moved, distance(next, x[i]));
      x[i] = next;
    }
    x = resample(x, n);
    if (moved < 1e-4) break;
  }
}
}  // namespace

namespace {
// One path's ends on the grid: the target image, the nearest grid points and the image T of
// the target's point relative to the start's.
struct GridEnds {
  Offset off{0, 0, 0};
  Position p_from, p_to;
  double hop_distance_A = 0;
  Offset ss{0, 0, 0};  // lattice shift of the start's grid point
  int s = 0, t = 0;
  Offset T{0, 0, 0};
};

GridEnds grid_ends(const Lattice& L, const EnergyGrid& g, const Fractional& from,
                   const Fractional& to, const EnergyPathOptions& opt) {
  GridEnds ge;
  // The target image: given, or the one nearest to `from`.
  Offset& off = ge.off;
  if (opt.offset) {
    off = *opt.offset;
  } else {
    Offset guess;
    for (int i = 0; i < 3; ++i) guess[i] = static_cast<int>(std::lround(from[i] - to[i]));
    double best = 1e300;
    for (int a = -1; a <= 1; ++a)
      for (int b = -1; b <= 1; ++b)
        for (int c = -1; c <= 1; ++c) {
          Offset o{guess[0] + a, guess[1] + b, guess[2] + c};
          double d = distance(L.orthogonalize(from),
                              L.orthogonalize(Fractional(to.x + o[0], to.y + o[1], to.z + o[2])));
          if (d < best) best = d, off = o;
        }
  }
  const Fractional target(to.x + off[0], to.y + off[1], to.z + off[2]);
  ge.p_from = L.orthogonalize(from);
  ge.p_to = L.orthogonalize(target);
  ge.hop_distance_A = distance(ge.p_from, ge.p_to);
  Offset ts;
  ge.s = nearest_point(g, from, &ge.ss);
  ge.t = nearest_point(g, target, &ts);
  ge.T = Offset{ts[0] - ge.ss[0], ts[1] - ge.ss[1], ts[2] - ge.ss[2]};
  return ge;
}

// Minimax energy of every path at once (NaN when its ends never join): grid points are added
// in energy order until s and the image T of t are in one component. Each path's answer is the
// energy of the first point after which that holds, as a sweep of its own would find: the
// sweeps add the same points in the same order. Only the component of the point just added
// changes, so a path is looked at again only when its start is in that component.
std::vector<double> grid_saddles(const EnergyGrid& g, const std::vector<GridEnds>& ends) {
  std::vector<double> saddle(ends.size(), std::nan(""));
  if (ends.empty()) return saddle;
  const int n = static_cast<int>(g.e.size());
  std::vector<int> scratch;
  const std::vector<int>& order = detail::energy_order(g, scratch);
  std::vector<char> added(n, 0);
  detail::PeriodicUnionFind uf(n);
  std::vector<size_t> open(ends.size());
  std::iota(open.begin(), open.end(), size_t{0});
  for (int idx : order) {
    added[idx] = 1;
    for_each_grid_neighbor(g, idx, [&](int q, const Offset& w) {
      if (added[q]) uf.unite(idx, q, w);
    });
    Offset oi;
    const int ri = uf.find(idx, &oi);
    for (size_t k = 0; k < open.size();) {
      const GridEnds& e = ends[open[k]];
      bool joined = false;
      if (added[e.s] && added[e.t]) {
        Offset os, ot;
        int rs = uf.find(e.s, &os);
        if (rs == ri) {
          int rt = uf.find(e.t, &ot);
          if (rs == rt) {
            Offset need{e.T[0] - ot[0] + os[0], e.T[1] - ot[1] + os[1], e.T[2] - ot[2] + os[2]};
            joined = in_lattice(need, uf.lattice(rs).basis());
          }
        }
      }
      if (joined) {
        saddle[open[k]] = g.e[idx];
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(k));
      } else {
        ++k;
      }
    }
    if (open.empty()) break;
  }
  return saddle;
}

// The rest of minimum_energy_path, once the grid saddle is known.
EnergyPath path_below(const BvseField& field, const EnergyGrid& g, const GridEnds& ge,
                      double saddle, const EnergyPathOptions& opt) {
  EnergyPath out;
  const Lattice& L = field.lattice();
  out.offset = ge.off;
  out.hop_distance_A = ge.hop_distance_A;
  const Position p_from = ge.p_from, p_to = ge.p_to;
  const int s = ge.s, t = ge.t;
  const Offset T = ge.T, ss = ge.ss;
  if (std::isnan(saddle)) {
    out.reason = "the two positions are not connected on the grid";
    return out;
  }
  out.grid_saddle_eV = saddle;
  std::vector<Position> grid_path;
  for (int margin = 1; margin <= 3 && grid_path.empty(); ++margin)
    grid_path = shortest_below(g, L, s, t, T, ss, saddle + tol::bvse_saddle_tie_eV, margin);
  if (grid_path.empty()) {
    out.reason = "no grid path below the saddle energy within 3 cells";
    return out;
  }
  grid_path.front() = p_from;
  grid_path.back() = p_to;
  if (grid_path.size() < 2) grid_path.push_back(p_to);
  double grid_length = 0;
  for (size_t i = 1; i < grid_path.size(); ++i)
    grid_length += distance(grid_path[i - 1], grid_path[i]);
  const int images = std::clamp(
      static_cast<int>(std::ceil(grid_length / tol::bvse_string_spacing_A)) + 1,
      std::max(3, opt.images), std::max(3, std::max(opt.images, tol::bvse_string_max_images)));
  std::vector<Position> x = opt.refine ? resample(grid_path, images) : grid_path;
  if (opt.refine) relax_string(field, x, opt.end_relax_A);
  // Profile, and its maximum between images.
  double s_acc = 0;
  out.e_max_eV = -1e300;
  out.e_min_eV = 1e300;
  BvseLocal local;  // the terms near the last point, as in relax_string
  auto energy_at = [&](const Position& p) {
    if (!local.covers(p)) local = BvseLocal(field, p, tol::bvse_local_skin_A);
    return local.energy(p);
  };
  for (size_t i = 0; i < x.size(); ++i) {
    if (i > 0) {
      for (int k = 1; k < tol::bvse_profile_subsamples; ++k) {
        double u = double(k) / tol::bvse_profile_subsamples;
        Position p = x[i - 1] + (x[i] - x[i - 1]) * u;
        double e = energy_at(p);
        if (e > out.e_max_eV) {
          out.e_max_eV = e;
          out.saddle_cart = p;
          out.saddle_s_A = s_acc + distance(x[i - 1], x[i]) * u;
        }
        out.e_min_eV = std::min(out.e_min_eV, e);
      }
      s_acc += distance(x[i - 1], x[i]);
    }
    EnergyPathPoint pt;
    pt.cart = x[i];
    pt.frac = L.fractionalize(x[i]);
    pt.s_A = s_acc;
    pt.energy_eV = energy_at(x[i]);
    if (pt.energy_eV > out.e_max_eV) {
      out.e_max_eV = pt.energy_eV;
      out.saddle_cart = x[i];
      out.saddle_s_A = s_acc;
    }
    out.e_min_eV = std::min(out.e_min_eV, pt.energy_eV);
    out.points.push_back(pt);
  }
  out.saddle_frac = L.fractionalize(out.saddle_cart);
  out.length_A = s_acc;
  out.e_start_given_eV = field.energy(p_from);
  out.e_end_given_eV = field.energy(p_to);
  out.start_shift_A = distance(x.front(), p_from);
  out.end_shift_A = distance(x.back(), p_to);
  out.e_start_eV = out.points.front().energy_eV;
  out.e_end_eV = out.points.back().energy_eV;
  out.barrier_eV = out.e_max_eV - std::min(out.e_start_eV, out.e_end_eV);
  out.found = true;
  return out;
}
}  // namespace

EnergyPath minimum_energy_path(const BvseField& field, const EnergyGrid& g, const Fractional& from,
                               const Fractional& to, const EnergyPathOptions& opt) {
  return minimum_energy_paths(field, g, {{from, to, opt}}).front();
}

std::vector<EnergyPath> minimum_energy_paths(const BvseField& field, const EnergyGrid& g,
                                             const std::vector<EnergyPathRequest>& requests) {
  std::vector<EnergyPath> out(requests.size());
  if (!field.ok()) {
    for (EnergyPath& p : out) p.reason = field.reason();
    return out;
  }
  std::vector<GridEnds> ends;
  for (const EnergyPathRequest& rq : requests)
    ends.push_back(grid_ends(field.lattice(), g, rq.from, rq.to, rq.options));
  const std::vector<double> saddle = grid_saddles(g, ends);
  for (size_t i = 0; i < requests.size(); ++i)
    out[i] = path_below(field, g, ends[i], saddle[i], requests[i].options);
  return out;
}

void add_path_geometry(EnergyPath& path, const Framework& framework) {
  ClearanceField field(framework);
  const AnionSpheres an = anion_spheres(framework);
  const std::vector<double>& rad = an.radius_A;
  std::shared_ptr<PeriodicIndex> anions;
  const double rmax = an.max_radius_A;
  if (!an.frac.empty()) anions = std::make_shared<PeriodicIndex>(framework.lattice, an.frac, 2.0);
  for (EnergyPathPoint& p : path.points) {
    p.clearance_A = field.clearance(p.cart);
    p.cn = 0;
    if (!anions) continue;
    double reach = p.clearance_A + tol::path_coordination_A;
    anions->for_each_within(p.cart, std::max(0.0, reach + rmax),
                            [&](int j, const Position& q, const Offset&) {
                              p.cn += distance(p.cart, q) <= reach + rad[j];
                            });
  }
}

}  // namespace channelmap
