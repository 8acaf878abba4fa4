#include "channelmap/coordination.hpp"

#include <algorithm>
#include <map>

#include "channelmap/environment.hpp"

namespace channelmap {

namespace {
SiteEnvironment summarize(const Environment& env) {
  SiteEnvironment se;
  se.cn = env.cn;
  se.econ = env.econ.econ;
  if (env.shape.shape) {
    se.polyhedron = env.shape.shape->symbol;
    se.polyhedron_name = env.shape.shape->name;
    se.csm = env.shape.csm;
  }
  return se;
}
}  // namespace

std::vector<SiteEnvironment> site_environments(const Crystal& c, const SymmetryInfo* sym,
                                               const std::vector<char>& anion, bool all_shapes,
                                               const std::string& shape_element) {
  std::vector<SiteEnvironment> out(c.sites.size());
  PeriodicIndex index = site_index(c);
  EnvironmentOptions by_anions, by_cations;
  by_anions.keep = [&](int j) { return anion[j] != 0; };
  by_cations.keep = [&](int j) { return anion[j] == 0; };
  std::map<int, int> done;  // class -> site computed
  for (size_t i = 0; i < c.sites.size(); ++i) {
    int cls = sym ? sym->site_class[i] : -1;
    if (cls >= 0) {
      auto it = done.find(cls);
      if (it != done.end()) {
        out[i] = out[it->second];
        continue;
      }
      done[cls] = static_cast<int>(i);
    }
    EnvironmentOptions& eo = anion[i] ? by_cations : by_anions;
    eo.shape = all_shapes || (!shape_element.empty() && c.sites[i].has_element(shape_element));
    Environment env = coordination_environment(index, index.position(static_cast<int>(i)), eo);
    out[i] = summarize(env);
  }
  return out;
}

std::vector<SiteEnvironment> node_environments(const Crystal& c, const std::vector<char>& anion,
                                               const VoidNetwork& network,
                                               const MobilePaths& mobile) {
  std::vector<SiteEnvironment> out(network.nodes.size());
  // Without an anion every face is filtered out (CN 0, ECoN 0) and no cell is needed; in large
  // empty voids (graphite sheets) a cell costs seconds.
  const bool any_anion = std::find(anion.begin(), anion.end(), 1) != anion.end();
  const bool all = network.nodes.size() <= static_cast<size_t>(tol::max_nodes_with_environment);
  std::vector<char> on_hop(out.size(), 0);
  for (const Hop& h : mobile.hops)
    for (int n : h.nodes) on_hop[n] = 1;
  PeriodicIndex index = site_index(c);
  EnvironmentOptions eo;
  eo.keep = [&](int j) { return anion[j] != 0; };
  for (size_t i = 0; i < out.size(); ++i) {
    if (on_hop[i]) {
      Environment env = coordination_environment(index, network.nodes[i].pos, eo);
      out[i] = summarize(env);
    } else if (all && !any_anion) {
      out[i].cn = 0;
      out[i].econ = 0;
    } else if (all) {
      VoronoiCell cell = voronoi_cell(index, network.nodes[i].pos);
      std::vector<Neighbor> kept = voronoi_neighbors(cell, eo.min_weight, eo.keep);
      std::vector<double> lengths;
      for (const Neighbor& nb : voronoi_neighbors(cell, 0.0, eo.keep))
        lengths.push_back(nb.distance_A);
      out[i].cn = static_cast<int>(kept.size());
      out[i].econ = effective_coordination(lengths).econ;
    }
  }
  return out;
}

HopCoordination hop_coordination(const Lattice& L, const Framework& framework,
                                 const VoidNetwork& network, const MobilePaths& mobile,
                                 bool shapes) {
  const size_t n = mobile.hops.size();
  HopCoordination hc;
  hc.node_cn.assign(n, {});
  hc.bottleneck_cn.assign(n, -1);
  hc.intermediate.assign(n, -1);
  hc.intermediate_env.assign(n, SiteEnvironment{});
  // Anions around the nodes and the bottleneck of each hop.
  const AnionSpheres an = anion_spheres(framework);
  const std::vector<double>& anion_rad = an.radius_A;
  if (!an.frac.empty()) {
    const double rmax = an.max_radius_A;
    PeriodicIndex anions(L, an.frac, 2.0);
    auto count = [&](const Position& p, double clearance) {
      int k = 0;
      anions.for_each_within(p, clearance + rmax + tol::path_coordination_A,
                             [&](int j, const Position& q, const Offset&) {
                               k += distance(p, q) <=
                                    clearance + anion_rad[j] + tol::path_coordination_A;
                             });
      return k;
    };
    for (size_t h = 0; h < n; ++h) {
      const Hop& hop = mobile.hops[h];
      for (size_t k = 0; k < hop.nodes.size(); ++k)
        hc.node_cn[h].push_back(count(network.node_position(hop.nodes[k], hop.node_offsets[k]),
                                      network.nodes[hop.nodes[k]].radius_A));
      hc.bottleneck_cn[h] = count(hop.bottleneck_point, hop.bottleneck_A);
    }
  }
  // The intermediate site of each hop and its coordination by the framework's anions.
  std::vector<Fractional> pos;
  std::vector<char> is_anion;
  for (const Sphere& s : framework.spheres) {
    pos.push_back(s.frac);
    is_anion.push_back(s.anion);
  }
  PeriodicIndex index(L, pos, 2.0);
  EnvironmentOptions eo;
  eo.keep = [&](int j) { return is_anion[j] != 0; };
  eo.shape = shapes;
  for (size_t h = 0; h < n; ++h) {
    const Hop& hop = mobile.hops[h];
    const Position a = L.orthogonalize(mobile.sites[hop.from].frac);
    const Position b = L.orthogonalize(mobile.end_site(hop).frac +
                                       Fractional(hop.offset[0], hop.offset[1], hop.offset[2]));
    auto radius = [&](size_t k) { return network.nodes[hop.nodes[k]].radius_A; };
    int best = -1;
    for (size_t k = 0; k < hop.nodes.size(); ++k) {
      Position p = network.node_position(hop.nodes[k], hop.node_offsets[k]);
      if (distance(p, a) < tol::site_cavity_A || distance(p, b) < tol::site_cavity_A) continue;
      if (best < 0 || radius(k) > radius(best)) best = static_cast<int>(k);
    }
    hc.intermediate[h] = best;
    if (best < 0) continue;
    Position p = network.node_position(hop.nodes[best], hop.node_offsets[best]);
    hc.intermediate_env[h] = summarize(coordination_environment(index, p, eo));
  }
  return hc;
}

}  // namespace channelmap
