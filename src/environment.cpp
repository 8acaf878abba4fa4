// Voronoi cell of a point by clipping a box with bisector planes, VoronoiNN-style neighbour
// weights, Hoppe's ECoN, and the combined coordination environment. Shapes: shapes.cpp.
#include "channelmap/environment.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <utility>

#include "channelmap/chemistry.hpp"
#include "channelmap/error.hpp"

namespace channelmap {

namespace {

Vec3 sub(const Vec3& a, const Vec3& b) {
  return {a.x - b.x, a.y - b.y, a.z - b.z};
}
Vec3 add(const Vec3& a, const Vec3& b) {
  return {a.x + b.x, a.y + b.y, a.z + b.z};
}
Vec3 scale(const Vec3& a, double f) {
  return {a.x * f, a.y * f, a.z * f};
}

// A convex polyhedron around the origin (the centre): vertices and faces as cyclic vertex lists.
struct Polyhedron {
  struct Face {
    int id;              // candidate index, or -1 for a face of the initial box
    std::vector<int> v;  // vertex indices in cyclic order
  };
  std::vector<Vec3> vertices;
  std::vector<Face> faces;

  static Polyhedron box(double h) {
    Polyhedron p;
    for (int i = 0; i < 8; ++i) {
      p.vertices.push_back({i & 1 ? h : -h, i & 2 ? h : -h, i & 4 ? h : -h});
    }
    // Each face: the four corners with one coordinate fixed, in cyclic order.
    p.faces = {{-1, {0, 2, 6, 4}}, {-1, {1, 3, 7, 5}}, {-1, {0, 1, 5, 4}},
               {-1, {2, 3, 7, 6}}, {-1, {0, 1, 3, 2}}, {-1, {4, 5, 7, 6}}};
    return p;
  }

  double max_radius_sq() const {
    double r2 = 0;  // compact() leaves only vertices some face uses
    for (const Vec3& v : vertices) r2 = std::max(r2, v.length_sq());
    return r2;
  }

  // Keeps the half-space n.x <= h (|n| = 1). The new face gets `id`. eps: see voronoi_plane_A.
  // Returns false (and changes nothing) when no vertex lies beyond the plane, which is the
  // case for most candidate planes. Works in the scratch buffers below, so that a clip
  // allocates only when a buffer grows (issue #10).
  bool clip(const Vec3& n, double h, int id, double eps) {
    if (std::none_of(vertices.begin(), vertices.end(),
                     [&](const Vec3& v) { return n.dot(v) - h > eps; })) {
      return false;
    }
    std::vector<double>& s = s_;
    s.resize(vertices.size());
    for (size_t i = 0; i < vertices.size(); ++i) {
      s[i] = n.dot(vertices[i]) - h;
    }
    cut_.clear();  // edge (a < b) -> new vertex on the plane
    auto cut_vertex = [&](int a, int b) {
      const auto key = std::minmax(a, b);
      for (const std::array<int, 3>& c : cut_)
        if (c[0] == key.first && c[1] == key.second) return c[2];
      double t = s[a] / (s[a] - s[b]);
      vertices.push_back(add(vertices[a], scale(sub(vertices[b], vertices[a]), t)));
      s.push_back(0.0);
      int idx = static_cast<int>(vertices.size()) - 1;
      cut_.push_back({key.first, key.second, idx});
      return idx;
    };
    // Faces in their order, each cut back to the kept side; faces left with fewer than three
    // vertices are dropped.
    size_t kept = 0;
    for (size_t fi = 0; fi < faces.size(); ++fi) {
      Face& f = faces[fi];
      // A face wholly inside stays as it is (the loop below would rebuild the same list).
      if (!std::all_of(f.v.begin(), f.v.end(), [&](int a) { return s[a] < -eps; })) {
        std::vector<int>& g = face_;
        g.clear();
        const size_t m = f.v.size();
        for (size_t k = 0; k < m; ++k) {
          int a = f.v[k], b = f.v[(k + 1) % m];
          if (s[a] <= eps) {
            g.push_back(a);
          }
          if ((s[a] < -eps && s[b] > eps) || (s[a] > eps && s[b] < -eps)) {
            g.push_back(cut_vertex(a, b));
          }
        }
        if (g.size() < 3) continue;
        f.v.assign(g.begin(), g.end());
      }
      if (kept != fi) faces[kept] = std::move(f);
      ++kept;
    }
    faces.resize(kept);
    std::vector<int>& on_plane = on_plane_;  // vertices of the new face
    on_plane.clear();
    for (const Face& f : faces) {
      for (int i : f.v) {
        if (std::fabs(s[i]) <= eps) {
          on_plane.push_back(i);
        }
      }
    }
    std::sort(on_plane.begin(), on_plane.end());
    on_plane.erase(std::unique(on_plane.begin(), on_plane.end()), on_plane.end());
    if (on_plane.size() >= 3) {
      // Order the new face's vertices by angle around n.
      Vec3 c{};
      for (int i : on_plane) {
        c = add(c, vertices[i]);
      }
      c = scale(c, 1.0 / static_cast<double>(on_plane.size()));
      Vec3 u{};  // reference direction in the plane: towards the vertex farthest from c
      for (int i : on_plane) {
        if (sub(vertices[i], c).length_sq() > u.length_sq()) {
          u = sub(vertices[i], c);
        }
      }
      if (!(u.length() > eps)) {
        compact();  // all on one point: no face
        return true;
      }
      u = scale(u, 1.0 / u.length());
      Vec3 w = n.cross(u);
      std::vector<std::pair<double, int>>& ang = angle_;
      ang.clear();
      for (int i : on_plane) {
        Vec3 d = sub(vertices[i], c);
        ang.emplace_back(std::atan2(d.dot(w), d.dot(u)), i);
      }
      std::sort(ang.begin(), ang.end());
      Face g{id, {}};
      g.v.reserve(ang.size());
      for (const auto& a : ang) {
        g.v.push_back(a.second);
      }
      faces.push_back(std::move(g));
    }
    compact();
    return true;
  }

  // Drops vertices no face uses (renumbered in the order the faces meet them).
  void compact() {
    std::vector<int>& map = map_;
    map.assign(vertices.size(), -1);
    std::vector<Vec3>& nv = new_vertices_;
    nv.clear();
    for (Face& f : faces) {
      for (int& i : f.v) {
        if (map[i] < 0) {
          map[i] = static_cast<int>(nv.size());
          nv.push_back(vertices[i]);
        }
        i = map[i];
      }
    }
    vertices.swap(nv);
  }

 private:
  // Scratch buffers of clip() and compact(), kept between calls.
  std::vector<double> s_;
  std::vector<std::array<int, 3>> cut_;
  std::vector<int> face_, on_plane_, map_;
  std::vector<std::pair<double, int>> angle_;
  std::vector<Vec3> new_vertices_;
};

// Area of a planar polygon and its solid angle seen from the origin (triangle fan from vertex 0;
// Van Oosterom & Strackee, IEEE Trans. Biomed. Eng. 30, 125 (1983), as pymatgen's solid_angle).
std::pair<double, double> area_and_solid_angle(const std::vector<Vec3>& p) {
  Vec3 sum{};
  double omega = 0;
  const double r0 = p[0].length();
  for (size_t i = 1; i + 1 < p.size(); ++i) {
    const Vec3& a = p[0];
    const Vec3& b = p[i];
    const Vec3& c = p[i + 1];
    sum = add(sum, sub(b, a).cross(sub(c, a)));
    const double rb = b.length(), rc = c.length();
    const double num = std::fabs(a.dot(b.cross(c)));
    const double den = r0 * rb * rc + rc * a.dot(b) + rb * a.dot(c) + r0 * b.dot(c);
    omega += 2.0 * std::atan2(num, den);
  }
  return {0.5 * sum.length(), omega};
}

struct Candidate {
  int atom;
  Offset offset;
  Position pos;
  double dist;
};

}  // namespace

VoronoiCell voronoi_cell(const PeriodicIndex& atoms, const Position& centre,
                         const VoronoiOptions& opt) {
  if (atoms.size() == 0) {
    fail("Voronoi cell: no atoms");
  }
  if (!(opt.cutoff_A > 0)) {
    fail("Voronoi cell: cutoff must be positive, got ", opt.cutoff_A);
  }
  if (!(opt.first_shell_A > 0)) {
    fail("Voronoi cell: first shell must be positive, got ", opt.first_shell_A);
  }
  const Lattice& lat = atoms.lattice();
  const double max_cutoff = lat.a() + lat.b() + lat.c() + opt.cutoff_A;
  std::vector<Candidate> cand;
  for (double cutoff = opt.cutoff_A;; cutoff *= 2) {
    // The candidates within `cutoff`, met in shells of growing radius (issue #10): most cells
    // close long before the cutoff, so only the first shell or two are gathered and sorted.
    // The planes are clipped in the order of one sort of everything within the cutoff (by
    // distance, then atom and offset), whatever the shells, so the cell does not depend on them.
    cand.clear();
    Polyhedron poly = Polyhedron::box(cutoff);
    double r2 = poly.max_radius_sq();
    double inner2 = -1;  // squared radius already gathered
    double outer = std::min(cutoff, opt.first_shell_A);
    size_t k = 0;
    for (;;) {
      const size_t first = cand.size();
      const double outer2 = outer * outer;
      atoms.for_each_within(centre, outer, [&](int i, const Position& q, const Offset& off) {
        const double d2 = (q - centre).length_sq();
        if (d2 <= inner2 || d2 > outer2) return;
        double d = distance(q, centre);
        if (d >= opt.self_A) cand.push_back({i, off, q, d});
      });
      std::sort(cand.begin() + static_cast<std::ptrdiff_t>(first), cand.end(),
                [](const Candidate& a, const Candidate& b) {
                  return std::tie(a.dist, a.atom, a.offset) < std::tie(b.dist, b.atom, b.offset);
                });
      bool closed = false;
      for (; k < cand.size(); ++k) {
        const double h = 0.5 * cand[k].dist;
        if (h * h >= r2) {
          closed = true;  // this plane and all farther ones miss the cell
          break;
        }
        Vec3 n = scale(sub(cand[k].pos, centre), 1.0 / cand[k].dist);
        if (poly.clip(n, h, static_cast<int>(k), tol::voronoi_plane_A)) {
          r2 = poly.max_radius_sq();
        }
      }
      // Every candidate not gathered yet is farther than `outer`: its plane misses the cell
      // when (outer / 2)^2 >= r2 (with a margin for the rounding of its distance).
      if (closed || outer >= cutoff || 0.25 * outer2 >= r2 * (1 + 1e-9)) break;
      inner2 = outer2;
      // The next shell reaches where the farthest vertex says planes stop mattering, but at
      // most twice as far: a cell still open (r2 the box's) often closes well inside the
      // cutoff, and gathering and sorting everything within it was most of the time of the
      // cells of porous frameworks (issue #10).
      outer = std::min(
          cutoff, std::max(1.25 * outer, std::min(2.0 * outer, 2.0 * std::sqrt(r2) * (1 + 1e-9))));
    }
    if (4.0 * r2 > cutoff * cutoff) {  // open cell or a vertex beyond cutoff/2: search farther
      if (cutoff > max_cutoff) {
        fail("Voronoi cell not closed within ", cutoff, " A (lattice ", lat.a(), " ", lat.b(), " ",
             lat.c(), ")");
      }
      continue;
    }
    VoronoiCell cell;
    cell.centre = centre;
    cell.cutoff_A = cutoff;
    for (const auto& f : poly.faces) {
      if (f.id < 0) {
        fail("Voronoi cell: box face left in a closed cell");  // cannot happen
      }
      std::vector<Vec3> pts;
      for (int i : f.v) {
        pts.push_back(poly.vertices[i]);
      }
      auto [area, omega] = area_and_solid_angle(pts);
      const Candidate& c = cand[f.id];
      cell.volume_A3 += area * 0.5 * c.dist / 3.0;
      if (area <= 0) {
        continue;
      }
      VoronoiFace face;
      face.atom = c.atom;
      face.offset = c.offset;
      face.position = c.pos;
      face.distance_A = c.dist;
      face.area_A2 = area;
      face.solid_angle_sr = omega;
      cell.faces.push_back(face);
    }
    // By distance; ties (symmetry-equivalent neighbours) in a reproducible order.
    std::sort(cell.faces.begin(), cell.faces.end(), [](const VoronoiFace& a, const VoronoiFace& b) {
      return std::tie(a.distance_A, a.atom, a.offset) < std::tie(b.distance_A, b.atom, b.offset);
    });
    return cell;
  }
}

std::vector<Neighbor> voronoi_neighbors(const VoronoiCell& cell, double min_weight,
                                        const AtomFilter& keep) {
  double max_omega = 0;
  for (const VoronoiFace& f : cell.faces) {
    if (!keep || keep(f.atom)) {
      max_omega = std::max(max_omega, f.solid_angle_sr);
    }
  }
  std::vector<Neighbor> out;
  if (max_omega <= 0) {
    return out;
  }
  for (const VoronoiFace& f : cell.faces) {
    if (keep && !keep(f.atom)) {
      continue;
    }
    Neighbor n;
    static_cast<VoronoiFace&>(n) = f;
    n.weight = f.solid_angle_sr / max_omega;
    if (n.weight > min_weight) {
      out.push_back(n);
    }
  }
  return out;  // cell.faces are sorted by distance already
}

EffectiveCoordination effective_coordination(const std::vector<double>& l) {
  EffectiveCoordination r;
  if (l.empty()) {
    return r;
  }
  auto weight = [](double li, double lav) { return std::exp(1.0 - std::pow(li / lav, 6)); };
  double lav = *std::min_element(l.begin(), l.end());
  for (int iter = 0; iter < 1000; ++iter) {
    double sw = 0, swl = 0;
    for (double li : l) {
      double w = weight(li, lav);
      sw += w;
      swl += w * li;
    }
    double next = swl / sw;
    bool done = std::fabs(next - lav) < tol::econ_convergence_A;
    lav = next;
    if (done) {
      break;
    }
  }
  r.mean_bond_A = lav;
  for (double li : l) {
    r.econ += weight(li, lav);
  }
  return r;
}

Environment coordination_environment(const PeriodicIndex& atoms, const Position& centre,
                                     const EnvironmentOptions& opt) {
  Environment env;
  env.cell = voronoi_cell(atoms, centre, opt.voronoi);
  env.neighbors = voronoi_neighbors(env.cell, opt.min_weight, opt.keep);
  env.cn = static_cast<int>(env.neighbors.size());
  std::vector<double> lengths;
  for (const VoronoiFace& f : env.cell.faces) {
    if (!opt.keep || opt.keep(f.atom)) {
      lengths.push_back(f.distance_A);
    }
  }
  env.econ = effective_coordination(lengths);
  if (!opt.shape) {
    return env;
  }
  std::vector<Position> ligands;
  for (const Neighbor& n : env.neighbors) {
    ligands.push_back(n.position);
  }
  std::vector<ShapeMatch> fits = shape_measures(centre, ligands);
  if (!fits.empty()) {
    env.shape = fits.front();
  }
  return env;
}

AtomFilter anion_filter(const Crystal& crystal) {
  std::vector<bool> anion;
  for (const Site& s : crystal.sites) anion.push_back(is_anion_site(s));
  return [anion = std::move(anion)](int i) {
    return i >= 0 && static_cast<size_t>(i) < anion.size() && anion[i];
  };
}

PeriodicIndex site_index(const Crystal& crystal) {
  std::vector<Fractional> f;
  f.reserve(crystal.sites.size());
  for (const Site& s : crystal.sites) {
    f.push_back(s.frac);
  }
  return PeriodicIndex(crystal.lattice, f);
}

}  // namespace channelmap
