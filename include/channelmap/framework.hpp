// The framework: the spheres the mobile ion moves between (mobile ion removed), and the
// clearance field they define. Knows nothing about CIF or CGAL.
#pragma once
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "channelmap/crystal.hpp"
#include "channelmap/neighbors.hpp"
#include "channelmap/radii.hpp"
#include "channelmap/tolerances.hpp"

namespace channelmap {

struct Sphere {
  Fractional frac;  // wrapped into [0, 1)
  double radius_A = 0;
  int site = -1;  // index of the Crystal site it comes from
  // An anion position (is_anion_site(), chemistry.hpp).
  bool anion = false;
};

struct Framework {
  Lattice lattice;
  std::vector<Sphere> spheres;
  std::vector<int> mobile_sites;   // Crystal sites holding the mobile ion (removed here)
  std::vector<std::string> notes;  // what was done (e.g. partial sites dropped)
};

// The framework's anion spheres (Sphere::anion), in sphere order: what the coordination of a
// point along a path counts.
struct AnionSpheres {
  std::vector<Fractional> frac;
  std::vector<double> radius_A;
  double max_radius_A = 0;  // 0 without anions
};
AnionSpheres anion_spheres(const Framework& fw);

struct FrameworkOptions {
  std::string mobile_element = "Mg";  // "" keeps every atom
  double min_occupancy = tol::framework_min_occupancy;
  // A position holding the mobile element is a mobile site when the mobile occupancy is at
  // least this times that of every other species there; otherwise it is framework.
  double mobile_min_share = tol::mobile_site_min_share;
};

// Spheres of every framework position: a position's radius is the occupancy-weighted mean
// over its non-mobile species of species_radius_A[site][species]; it is kept when that
// non-mobile occupancy >= min_occupancy. anion[site] marks anion positions. Sites where the
// mobile element is the majority (opt.mobile_min_share) are listed in mobile_sites (mixed sites
// keep their framework part); where it is a minority the position is framework (its occupancy,
// mobile part included, decides whether it is kept; its radius is that of the other species).
// Throws Error when nothing is left.
Framework build_framework(const Crystal& c,
                          const std::vector<std::vector<double>>& species_radius_A,
                          const std::vector<char>& anion, const FrameworkOptions& opt);

// The same with one radius per element from `radii`, and anions by the input's oxidation state
// or else the element's most common one. Throws Error when an element has no radius.
Framework build_framework(const Crystal& c, const RadiusTable& radii, const FrameworkOptions& opt);

// The point p equally clear of four spheres, |p - x_k| - r_k = t for k = 0..3: the vertex of
// their additively weighted (Apollonius) diagram, where a sphere of radius t touches all four.
// Closed form: the three differences of the equations are linear in (p, t), which leaves a
// quadratic in t. Of the solutions with t + r_k >= 0 for every k, the one nearest `near`.
// False when there is none or the centres are (nearly) coplanar.
bool apollonius_vertex(const Position x[4], const double r[4], const Position& near, Position* p,
                       double* t);

// Is p inside the tetrahedron x[0..3] (or on its boundary, up to rounding)? A point equally
// clear of four spheres is a local maximum of the clearance exactly when it is inside the
// tetrahedron of their centres.
bool inside_tetrahedron(const Position x[4], const Position& p);

// Known maxima of the clearance that an ascent (ClearanceField::local_maximum) stops at:
// target k at position(k), with clearance value(k).
class AscentTargets {
 public:
  virtual ~AscentTargets() = default;
  // Appends to `out` the targets that may be within r of x: every one that is, and perhaps
  // others, each once, in any order.
  virtual void near(const Position& x, double r, std::vector<int>* out) const = 0;
  virtual Position position(int k) const = 0;
  virtual double value(int k) const = 0;
  // At least every target's value (-infinity without targets).
  virtual double max_value() const = 0;
};

// Targets from a list (position, clearance); near() gives them all.
class TargetList final : public AscentTargets {
 public:
  explicit TargetList(const std::vector<std::pair<Position, double>>& list) : list_(list) {}
  void near(const Position&, double, std::vector<int>* out) const override {
    for (size_t k = 0; k < list_.size(); ++k) out->push_back(static_cast<int>(k));
  }
  Position position(int k) const override { return list_[k].first; }
  double value(int k) const override { return list_[k].second; }
  double max_value() const override { return std::numeric_limits<double>::infinity(); }

 private:
  const std::vector<std::pair<Position, double>>& list_;
};

// Distance from points to the nearest sphere surface, over all periodic images.
class ClearanceField {
 public:
  explicit ClearanceField(const Framework& fw);
  // min_i (|x - p_i| - r_i) over all spheres i and their images (A).
  double clearance(const Position& x) const;
  // The same, also giving the sphere index attaining it. `upper_bound`: a value known to be at
  // least the clearance (e.g. the distance to some sphere's surface); it bounds the search, so
  // points in large pores cost no more than others.
  double clearance(const Position& x, int* nearest,
                   double upper_bound = std::numeric_limits<double>::infinity()) const;
  // min over the segment [a, b] of the clearance, computed exactly (no sampling):
  // min_i (dist(p_i, segment) - r_i). `at` receives the point where it is attained.
  // `upper_bound`: a value known to be at least the clearance at a or at b (optional).
  // `stop_at` (optional): the caller needs the minimum only when it is above this value; the
  // search stops as soon as a sphere comes that close, and returns a value <= stop_at (not the
  // minimum) then. Above it the result is the same as without.
  double segment_minimum(const Position& a, const Position& b, Position* at,
                         double upper_bound = std::numeric_limits<double>::infinity(),
                         double stop_at = -std::numeric_limits<double>::infinity()) const;
  // Whether the clearance stays at least `keep` along [a, b]: segment_minimum, stopped as soon
  // as a sphere comes closer than that. `upper_bound` as there.
  bool segment_keeps(const Position& a, const Position& b, double keep,
                     double upper_bound = std::numeric_limits<double>::infinity()) const {
    return segment_minimum(a, b, nullptr, upper_bound, std::nextafter(keep, -HUGE_VAL)) >= keep;
  }
  // A local maximum of the clearance, reached by ascent from `start`: the centre of a largest
  // sphere that fits there. `at` receives the point. Generic maxima touch four spheres, and the
  // ascent ends on the exact point equally clear of them (apollonius_vertex) when it converges
  // to one; otherwise on the best point it reached (a value <= the maximum, within 1e-9 A of it
  // in practice).
  // `upper_bound`: a value known to be at least the clearance at `start` (optional).
  // `targets` (optional): known maxima (position, clearance). The ascent stops as soon as a
  // straight segment to one keeps the clearance c it has reached (shown by the 1-Lipschitz
  // bound within (clearance - c) of it, else by segment_minimum to the nearest target whose
  // empty ball meets its own); `reached` gets that target's index (else -1) and the value
  // returned is the clearance where it stopped.
  double local_maximum(const Position& start, Position* at,
                       double upper_bound = std::numeric_limits<double>::infinity(),
                       const AscentTargets* targets = nullptr, int* reached = nullptr) const;
  double max_radius() const { return max_r_; }
  const Framework& framework() const { return fw_; }
  const PeriodicIndex& index() const { return index_; }

 private:
  const Framework& fw_;
  PeriodicIndex index_;
  double max_r_ = 0;
};

}  // namespace channelmap
