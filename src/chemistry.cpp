// Chemistry: Shannon radius look-up, bond-valence parameters and sums, oxidation states.
// The Shannon rows are in shannon_table.cpp; the search for oxidation states is described in
// chemistry.hpp (assign_oxidation_states).
#include "channelmap/chemistry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "channelmap/error.hpp"
#include "channelmap/neighbors.hpp"

namespace channelmap {

const char* to_string(Spin s) {
  return s == Spin::High ? "high" : s == Spin::Low ? "low" : "";
}
const char* to_string(RadiusFallback f) {
  return f == RadiusFallback::Exact       ? "exact"
         : f == RadiusFallback::NearestCn ? "nearest-cn"
                                          : "default";
}
const char* to_string(BvSource s) {
  return s == BvSource::BrownAltermatt1985 ? "brown-altermatt-1985" : "brese-okeeffe-1991";
}
const char* to_string(BvMatch m) {
  return m == BvMatch::State ? "state" : m == BvMatch::AnyState ? "any-state" : "nearest-state";
}
const char* to_string(StateSource s) {
  return s == StateSource::Cif ? "cif" : s == StateSource::BondValence ? "bond-valence" : "default";
}

// ---------------------------------------------------------------------------------------------
// Shannon radii

ShannonRadius shannon_radius(const std::string& element, int oxidation, int cn, Spin spin,
                             double default_A) {
  std::vector<const ShannonEntry*> rows;
  for (const ShannonEntry& e : shannon_table())
    if (element == e.element && e.oxidation == oxidation) rows.push_back(&e);
  ShannonRadius out;
  if (rows.empty()) {
    out.radius_A = default_A;
    out.fallback = RadiusFallback::Default;
    return out;
  }
  int best_cn = rows.front()->cn;
  for (const ShannonEntry* e : rows) {
    int d = std::abs(e->cn - cn), db = std::abs(best_cn - cn);
    if (d < db || (d == db && e->cn > best_cn)) best_cn = e->cn;
  }
  // Rank rows of that CN: requested spin, no spin, other spin; plain label before SQ/PY.
  auto rank = [&](const ShannonEntry* e) {
    int r = e->spin == spin ? 0 : e->spin == Spin::None ? 1 : 2;
    bool plain = std::string(e->cn_label).find_first_not_of("IVX") == std::string::npos;
    return 2 * r + (plain ? 0 : 1);
  };
  const ShannonEntry* pick = nullptr;
  for (const ShannonEntry* e : rows)
    if (e->cn == best_cn && (!pick || rank(e) < rank(pick))) pick = e;
  out.radius_A = pick->ionic_A;
  out.crystal_A = pick->crystal_A;
  out.cn = pick->cn;
  out.cn_label = pick->cn_label;
  out.spin = pick->spin;
  out.fallback = best_cn == cn ? RadiusFallback::Exact : RadiusFallback::NearestCn;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bond-valence parameters

namespace {

constexpr BvSource BA = BvSource::BrownAltermatt1985;
constexpr BvSource BO = BvSource::BreseOKeeffe1991;

struct BvRow {
  const char* cation;
  int state;  // 0: given without an oxidation state
  const char* anion;
  double r0_A;
  BvSource source;
};

// R0 (A, b = 0.37 A) for cation-anion pairs: Brown & Altermatt, Acta Cryst. B41, 244 (1985)
// [BA] and Brese & O'Keeffe, Acta Cryst. B47, 192 (1991) [BO]; values checked against
// I. D. Brown's accumulated table (bvparm.cif, IUCr, refs a and b). Where both papers give a
// value for one cation state, the row listed first is used: Brown's table lists Brown &
// Altermatt's first (more reliable) for every such pair except Si(4)-O. The anion's state is
// implied (bv_anion_state). Misprints of the accumulated table (an anion state of -1 for Se in
// Mn/Pr/Rh-Se, -2 for Cl in As(5)-Cl, b = 0.35 for Co-I) are read as Se(-2), Cl(-1), b = 0.37.
// clang-format off
const BvRow kBv[] = {
  {"Li",1,"O",1.466,BA}, {"Li",1,"S",1.94,BO}, {"Li",1,"Se",2.09,BO}, {"Li",1,"Te",2.30,BO},
  {"Li",1,"F",1.360,BA}, {"Li",1,"Cl",1.91,BO}, {"Li",1,"Br",2.02,BO}, {"Li",1,"I",2.22,BO},
  {"Li",1,"N",1.61,BO},
  {"Na",1,"O",1.803,BA}, {"Na",1,"S",2.300,BA}, {"Na",1,"S",2.28,BO}, {"Na",1,"Se",2.41,BO},
  {"Na",1,"Te",2.64,BO}, {"Na",1,"F",1.677,BA}, {"Na",1,"Cl",2.15,BO}, {"Na",1,"Br",2.33,BO},
  {"Na",1,"I",2.56,BO}, {"Na",1,"N",1.93,BO},
  {"K",1,"O",2.132,BA}, {"K",1,"S",2.59,BO}, {"K",1,"Se",2.72,BO}, {"K",1,"Te",2.93,BO},
  {"K",1,"F",1.992,BA}, {"K",1,"Cl",2.519,BA}, {"K",1,"Br",2.66,BO}, {"K",1,"I",2.88,BO},
  {"K",1,"N",2.26,BO},
  {"Rb",1,"O",2.263,BA}, {"Rb",1,"S",2.70,BO}, {"Rb",1,"Se",2.81,BO}, {"Rb",1,"Te",3.00,BO},
  {"Rb",1,"F",2.16,BO}, {"Rb",1,"Cl",2.652,BA}, {"Rb",1,"Br",2.78,BO}, {"Rb",1,"I",3.01,BO},
  {"Rb",1,"N",2.37,BO},
  {"Cs",1,"O",2.417,BA}, {"Cs",1,"S",2.89,BO}, {"Cs",1,"Se",2.98,BO}, {"Cs",1,"Te",3.16,BO},
  {"Cs",1,"F",2.33,BO}, {"Cs",1,"Cl",2.791,BA}, {"Cs",1,"Br",2.95,BO}, {"Cs",1,"I",3.18,BO},
  {"Cs",1,"N",2.53,BO},
  {"Be",2,"O",1.381,BA}, {"Be",2,"S",1.83,BO}, {"Be",2,"Se",1.97,BO}, {"Be",2,"Te",2.21,BO},
  {"Be",2,"F",1.281,BA}, {"Be",2,"Cl",1.76,BO}, {"Be",2,"Br",1.90,BO}, {"Be",2,"I",2.10,BO},
  {"Be",2,"N",1.50,BO},
  {"Mg",2,"O",1.693,BA}, {"Mg",2,"S",2.18,BO}, {"Mg",2,"Se",2.32,BO}, {"Mg",2,"Te",2.53,BO},
  {"Mg",2,"F",1.578,BA}, {"Mg",2,"Cl",2.08,BO}, {"Mg",2,"Br",2.28,BO}, {"Mg",2,"I",2.46,BO},
  {"Mg",2,"N",1.85,BO},
  {"Ca",2,"O",1.967,BA}, {"Ca",2,"S",2.45,BO}, {"Ca",2,"Se",2.56,BO}, {"Ca",2,"Te",2.76,BO},
  {"Ca",2,"F",1.842,BA}, {"Ca",2,"Cl",2.37,BO}, {"Ca",2,"Br",2.49,BO}, {"Ca",2,"I",2.72,BO},
  {"Ca",2,"N",2.14,BO},
  {"Sr",2,"O",2.118,BA}, {"Sr",2,"S",2.59,BO}, {"Sr",2,"Se",2.72,BO}, {"Sr",2,"Te",2.87,BO},
  {"Sr",2,"F",2.019,BO}, {"Sr",2,"Cl",2.51,BO}, {"Sr",2,"Br",2.68,BO}, {"Sr",2,"I",2.88,BO},
  {"Sr",2,"N",2.23,BO},
  {"Ba",2,"O",2.285,BA}, {"Ba",2,"S",2.769,BA}, {"Ba",2,"Se",2.88,BO}, {"Ba",2,"Te",3.08,BO},
  {"Ba",2,"F",2.188,BA}, {"Ba",2,"Cl",2.69,BO}, {"Ba",2,"Br",2.88,BO}, {"Ba",2,"I",3.13,BO},
  {"Ba",2,"N",2.47,BO},
  {"Zn",2,"O",1.704,BA}, {"Zn",2,"S",2.09,BO}, {"Zn",2,"Se",2.22,BO}, {"Zn",2,"Te",2.45,BO},
  {"Zn",2,"F",1.62,BO}, {"Zn",2,"Cl",2.01,BO}, {"Zn",2,"Br",2.15,BO}, {"Zn",2,"I",2.36,BO},
  {"Cd",2,"O",1.904,BA}, {"Cd",2,"S",2.304,BA}, {"Cd",2,"Se",2.40,BO}, {"Cd",2,"Te",2.59,BO},
  {"Cd",2,"F",1.811,BO}, {"Cd",2,"Cl",2.212,BA}, {"Cd",2,"Cl",2.23,BO}, {"Cd",2,"Br",2.35,BO},
  {"Cd",2,"I",2.57,BO}, {"Cd",2,"N",1.96,BO},
  {"Al",3,"O",1.651,BA}, {"Al",3,"S",2.13,BO}, {"Al",3,"Se",2.27,BO}, {"Al",3,"Te",2.48,BO},
  {"Al",3,"F",1.545,BA}, {"Al",3,"Cl",2.032,BA}, {"Al",3,"Br",2.20,BO}, {"Al",3,"I",2.41,BO},
  {"Al",3,"N",1.79,BO},
  {"Ga",3,"O",1.730,BA}, {"Ga",3,"S",2.163,BA}, {"Ga",3,"F",1.62,BO}, {"Ga",3,"Cl",2.07,BO},
  {"Ga",0,"Br",2.24,BO}, {"Ga",0,"I",2.45,BO}, {"Ga",0,"S",2.17,BO}, {"Ga",0,"Se",2.30,BO},
  {"Ga",0,"Te",2.54,BO}, {"Ga",0,"N",1.84,BO},
  {"In",3,"O",1.902,BA}, {"In",3,"S",2.370,BA}, {"In",3,"F",1.792,BA}, {"In",3,"Cl",2.28,BO},
  {"In",0,"Br",2.41,BO}, {"In",0,"I",2.63,BO}, {"In",0,"S",2.36,BO}, {"In",0,"Se",2.47,BO},
  {"In",0,"Te",2.69,BO}, {"In",0,"N",2.03,BO},
  {"Sc",3,"O",1.849,BA}, {"Sc",3,"S",2.321,BA}, {"Sc",3,"Se",2.44,BO}, {"Sc",3,"Te",2.64,BO},
  {"Sc",3,"F",1.76,BO}, {"Sc",3,"Cl",2.23,BO}, {"Sc",3,"Br",2.38,BO}, {"Sc",3,"I",2.59,BO},
  {"Sc",3,"N",1.98,BO},
  {"Y",3,"O",2.019,BA}, {"Y",3,"O",2.014,BO}, {"Y",3,"S",2.48,BO}, {"Y",3,"Se",2.61,BO},
  {"Y",3,"Te",2.80,BO}, {"Y",3,"F",1.904,BO}, {"Y",3,"Cl",2.40,BO}, {"Y",3,"Br",2.55,BO},
  {"Y",3,"I",2.77,BO}, {"Y",3,"N",2.17,BO},
  {"La",3,"O",2.172,BA}, {"La",3,"S",2.643,BA}, {"La",3,"Se",2.74,BO}, {"La",3,"Te",2.94,BO},
  {"La",3,"Cl",2.545,BO}, {"La",3,"Br",2.72,BO}, {"La",3,"I",2.93,BO}, {"La",3,"N",2.34,BO},
  {"Ce",3,"O",2.151,BO}, {"Ce",3,"F",2.036,BO}, {"Ce",3,"Cl",2.52,BO}, {"Ce",4,"O",2.028,BO},
  {"Ce",4,"F",1.995,BO}, {"Ce",0,"Cl",2.41,BO}, {"Ce",0,"Br",2.69,BO}, {"Ce",0,"I",2.92,BO},
  {"Ce",0,"S",2.62,BO}, {"Ce",0,"Se",2.74,BO}, {"Ce",0,"Te",2.92,BO}, {"Ce",0,"N",2.34,BO},
  {"Pr",3,"O",2.138,BA}, {"Pr",3,"S",2.60,BO}, {"Pr",3,"Se",2.72,BO}, {"Pr",3,"Te",2.90,BO},
  {"Pr",3,"F",2.022,BO}, {"Pr",3,"Cl",2.50,BO}, {"Pr",3,"Br",2.67,BO}, {"Pr",3,"I",2.89,BO},
  {"Pr",3,"N",2.30,BO},
  {"Nd",3,"O",2.105,BA}, {"Nd",3,"O",2.117,BO}, {"Nd",3,"S",2.59,BO}, {"Nd",3,"Se",2.71,BO},
  {"Nd",3,"Te",2.89,BO}, {"Nd",3,"F",2.008,BO}, {"Nd",3,"Cl",2.492,BO}, {"Nd",3,"Br",2.66,BO},
  {"Nd",3,"I",2.87,BO}, {"Nd",3,"N",2.30,BO},
  {"Sm",3,"O",2.088,BO}, {"Sm",3,"S",2.55,BO}, {"Sm",3,"Se",2.67,BO}, {"Sm",3,"Te",2.86,BO},
  {"Sm",3,"Cl",2.466,BO}, {"Sm",3,"Br",2.66,BO}, {"Sm",3,"I",2.84,BO}, {"Sm",3,"N",2.24,BO},
  {"Eu",2,"O",2.147,BO}, {"Eu",2,"S",2.584,BA}, {"Eu",2,"F",2.04,BO}, {"Eu",2,"Cl",2.53,BO},
  {"Eu",3,"O",2.074,BA}, {"Eu",3,"F",1.961,BO}, {"Eu",3,"Cl",2.455,BO},
  {"Eu",0,"Br",2.61,BO}, {"Eu",0,"I",2.83,BO}, {"Eu",0,"S",2.53,BO}, {"Eu",0,"Se",2.66,BO},
  {"Eu",0,"Te",2.85,BO}, {"Eu",0,"N",2.24,BO},
  {"Gd",3,"O",2.065,BO}, {"Gd",3,"F",1.95,BO}, {"Gd",3,"Cl",2.445,BO},
  {"Gd",0,"Br",2.60,BO}, {"Gd",0,"I",2.82,BO}, {"Gd",0,"S",2.53,BO}, {"Gd",0,"Se",2.65,BO},
  {"Gd",0,"Te",2.84,BO}, {"Gd",0,"N",2.22,BO},
  {"Tb",3,"O",2.032,BA}, {"Tb",3,"O",2.049,BO}, {"Tb",3,"S",2.51,BO}, {"Tb",3,"Se",2.63,BO},
  {"Tb",3,"Te",2.82,BO}, {"Tb",3,"F",1.936,BO}, {"Tb",3,"Cl",2.427,BO}, {"Tb",3,"Br",2.58,BO},
  {"Tb",3,"I",2.80,BO}, {"Tb",3,"N",2.20,BO},
  {"Dy",3,"O",2.001,BA}, {"Dy",3,"F",1.922,BO}, {"Dy",3,"Cl",2.410,BO},
  {"Dy",0,"Br",2.56,BO}, {"Dy",0,"I",2.77,BO}, {"Dy",0,"S",2.47,BO}, {"Dy",0,"Se",2.61,BO},
  {"Dy",0,"Te",2.80,BO}, {"Dy",0,"N",2.18,BO},
  {"Ho",3,"O",2.025,BA}, {"Ho",3,"F",1.908,BO}, {"Ho",3,"Cl",2.401,BO},
  {"Ho",0,"Br",2.55,BO}, {"Ho",0,"I",2.77,BO}, {"Ho",0,"S",2.48,BO}, {"Ho",0,"Se",2.61,BO},
  {"Ho",0,"Te",2.80,BO}, {"Ho",0,"N",2.18,BO},
  {"Er",3,"O",1.988,BA}, {"Er",3,"O",2.010,BO}, {"Er",3,"F",1.904,BA}, {"Er",3,"Cl",2.390,BO},
  {"Er",0,"Br",2.54,BO}, {"Er",0,"I",2.75,BO}, {"Er",0,"S",2.46,BO}, {"Er",0,"Se",2.59,BO},
  {"Er",0,"Te",2.78,BO}, {"Er",0,"N",2.16,BO},
  {"Tm",3,"O",2.000,BO}, {"Tm",3,"S",2.45,BO}, {"Tm",3,"Se",2.58,BO}, {"Tm",3,"Te",2.77,BO},
  {"Tm",3,"F",1.842,BO}, {"Tm",3,"Cl",2.38,BO}, {"Tm",3,"Br",2.53,BO}, {"Tm",3,"I",2.74,BO},
  {"Tm",3,"N",2.14,BO},
  {"Yb",3,"O",1.965,BA}, {"Yb",3,"O",1.985,BO}, {"Yb",3,"S",2.43,BO}, {"Yb",3,"Se",2.56,BO},
  {"Yb",3,"Te",2.76,BO}, {"Yb",3,"F",1.875,BO}, {"Yb",3,"Cl",2.371,BO}, {"Yb",3,"Br",2.451,BO},
  {"Yb",3,"I",2.72,BO}, {"Yb",3,"N",2.12,BO},
  {"Lu",3,"O",1.971,BO}, {"Lu",3,"S",2.43,BO}, {"Lu",3,"Se",2.56,BO}, {"Lu",3,"Te",2.75,BO},
  {"Lu",3,"F",1.876,BO}, {"Lu",3,"Cl",2.361,BO}, {"Lu",3,"Br",2.50,BO}, {"Lu",3,"I",2.73,BO},
  {"Lu",3,"N",2.11,BO},
  {"Ti",3,"O",1.791,BO}, {"Ti",3,"F",1.723,BO}, {"Ti",3,"Cl",2.17,BO}, {"Ti",4,"O",1.815,BA},
  {"Ti",4,"F",1.76,BO}, {"Ti",4,"Cl",2.19,BO},
  {"Ti",0,"Br",2.32,BO}, {"Ti",0,"I",2.54,BO}, {"Ti",0,"S",2.24,BO}, {"Ti",0,"Se",2.38,BO},
  {"Ti",0,"Te",2.60,BO}, {"Ti",0,"N",1.93,BO},
  {"Zr",4,"O",1.928,BA}, {"Zr",4,"O",1.937,BO}, {"Zr",4,"S",2.41,BO}, {"Zr",4,"Se",2.53,BO},
  {"Zr",4,"Te",2.67,BO}, {"Zr",4,"F",1.846,BA}, {"Zr",4,"F",1.854,BO}, {"Zr",4,"Cl",2.33,BO},
  {"Zr",4,"Br",2.48,BO}, {"Zr",4,"I",2.69,BO}, {"Zr",4,"N",2.11,BO},
  {"Hf",4,"O",1.923,BO}, {"Hf",4,"F",1.85,BO}, {"Hf",4,"Cl",2.30,BO},
  {"Hf",0,"Br",2.47,BO}, {"Hf",0,"I",2.68,BO}, {"Hf",0,"S",2.39,BO}, {"Hf",0,"Se",2.52,BO},
  {"Hf",0,"Te",2.72,BO}, {"Hf",0,"N",2.09,BO},
  {"V",3,"O",1.743,BA}, {"V",3,"F",1.702,BO}, {"V",3,"Cl",2.19,BO}, {"V",4,"O",1.784,BA},
  {"V",4,"F",1.70,BO}, {"V",4,"Cl",2.16,BO}, {"V",5,"O",1.803,BA}, {"V",5,"Cl",2.16,BO},
  {"V",0,"Br",2.30,BO}, {"V",0,"I",2.51,BO}, {"V",0,"S",2.23,BO}, {"V",0,"Se",2.33,BO},
  {"V",0,"Te",2.57,BO}, {"V",0,"N",1.86,BO},
  {"Nb",5,"O",1.911,BA}, {"Nb",5,"F",1.87,BO}, {"Nb",5,"Cl",2.27,BO},
  {"Nb",0,"Br",2.45,BO}, {"Nb",0,"I",2.68,BO}, {"Nb",0,"S",2.37,BO}, {"Nb",0,"Se",2.51,BO},
  {"Nb",0,"Te",2.70,BO}, {"Nb",0,"N",2.06,BO},
  {"Ta",5,"O",1.920,BA}, {"Ta",5,"F",1.88,BO}, {"Ta",5,"Cl",2.30,BO},
  {"Ta",0,"Br",2.45,BO}, {"Ta",0,"I",2.66,BO}, {"Ta",0,"S",2.39,BO}, {"Ta",0,"Se",2.51,BO},
  {"Ta",0,"Te",2.70,BO}, {"Ta",0,"N",2.01,BO},
  {"Cr",2,"O",1.73,BO}, {"Cr",2,"F",1.67,BO}, {"Cr",2,"Cl",2.09,BO}, {"Cr",3,"O",1.724,BA},
  {"Cr",3,"F",1.657,BA}, {"Cr",3,"F",1.64,BO}, {"Cr",3,"Cl",2.08,BO}, {"Cr",6,"O",1.794,BA},
  {"Cr",6,"F",1.74,BO}, {"Cr",6,"Cl",2.12,BO},
  {"Cr",0,"Br",2.26,BO}, {"Cr",0,"I",2.45,BO}, {"Cr",0,"S",2.18,BO}, {"Cr",0,"Se",2.29,BO},
  {"Cr",0,"Te",2.52,BO}, {"Cr",0,"N",1.85,BO},
  {"Mo",6,"O",1.907,BA}, {"Mo",6,"F",1.81,BO}, {"Mo",6,"Cl",2.28,BO},
  {"Mo",0,"Br",2.43,BO}, {"Mo",0,"I",2.64,BO}, {"Mo",0,"S",2.35,BO}, {"Mo",0,"Se",2.49,BO},
  {"Mo",0,"Te",2.69,BO}, {"Mo",0,"N",2.04,BO},
  {"W",6,"O",1.917,BA}, {"W",6,"O",1.921,BO}, {"W",6,"F",1.83,BO}, {"W",6,"Cl",2.27,BO},
  {"W",0,"Br",2.45,BO}, {"W",0,"I",2.66,BO}, {"W",0,"S",2.39,BO}, {"W",0,"Se",2.51,BO},
  {"W",0,"Te",2.71,BO}, {"W",0,"N",2.06,BO},
  {"Mn",2,"O",1.790,BA}, {"Mn",2,"F",1.698,BA}, {"Mn",2,"Cl",2.133,BA}, {"Mn",3,"O",1.760,BA},
  {"Mn",3,"F",1.66,BO}, {"Mn",3,"Cl",2.14,BO}, {"Mn",4,"O",1.753,BA}, {"Mn",4,"F",1.71,BO},
  {"Mn",4,"Cl",2.13,BO}, {"Mn",7,"O",1.79,BO}, {"Mn",7,"F",1.72,BO}, {"Mn",7,"Cl",2.17,BO},
  {"Mn",0,"Br",2.26,BO}, {"Mn",0,"I",2.49,BO}, {"Mn",0,"S",2.20,BO}, {"Mn",0,"Se",2.32,BO},
  {"Mn",0,"Te",2.55,BO}, {"Mn",0,"N",1.87,BO},
  {"Fe",2,"O",1.734,BA}, {"Fe",2,"F",1.65,BO}, {"Fe",2,"Cl",2.06,BO}, {"Fe",3,"O",1.759,BA},
  {"Fe",3,"S",2.149,BA}, {"Fe",3,"F",1.679,BA}, {"Fe",3,"Cl",2.09,BO},
  {"Fe",0,"Br",2.26,BO}, {"Fe",0,"I",2.47,BO}, {"Fe",0,"S",2.16,BO}, {"Fe",0,"Se",2.28,BO},
  {"Fe",0,"Te",2.53,BO}, {"Fe",0,"N",1.86,BO},
  {"Co",2,"O",1.692,BA}, {"Co",2,"F",1.64,BO}, {"Co",2,"Cl",2.033,BA}, {"Co",2,"Cl",2.01,BO},
  {"Co",3,"O",1.70,BO}, {"Co",3,"F",1.62,BO}, {"Co",3,"Cl",2.05,BO},
  {"Co",0,"Br",2.18,BO}, {"Co",0,"I",2.37,BO}, {"Co",0,"S",2.06,BO}, {"Co",0,"Se",2.24,BO},
  {"Co",0,"Te",2.46,BO}, {"Co",0,"N",1.84,BO},
  {"Ni",2,"O",1.654,BA}, {"Ni",2,"F",1.596,BA}, {"Ni",2,"Cl",2.02,BO},
  {"Ni",0,"Br",2.16,BO}, {"Ni",0,"I",2.34,BO}, {"Ni",0,"S",2.04,BO}, {"Ni",0,"Se",2.14,BO},
  {"Ni",0,"Te",2.43,BO}, {"Ni",0,"N",1.75,BO},
  {"Cu",1,"S",1.898,BA}, {"Cu",1,"F",1.6,BO}, {"Cu",1,"I",2.108,BA}, {"Cu",2,"O",1.679,BA},
  {"Cu",2,"S",2.054,BA}, {"Cu",2,"S",1.86,BO}, {"Cu",2,"Se",2.02,BO}, {"Cu",2,"Te",2.27,BO},
  {"Cu",2,"F",1.594,BA}, {"Cu",2,"Cl",2.00,BO}, {"Cu",2,"Br",1.99,BO}, {"Cu",2,"I",2.16,BO},
  {"Cu",2,"N",1.61,BO},
  {"Ag",1,"O",1.842,BA}, {"Ag",1,"O",1.805,BO}, {"Ag",1,"S",2.119,BA}, {"Ag",1,"F",1.80,BO},
  {"Ag",1,"Cl",2.09,BO}, {"Ag",0,"Br",2.22,BO}, {"Ag",0,"I",2.38,BO}, {"Ag",0,"Se",2.26,BO},
  {"Ag",0,"Te",2.51,BO}, {"Ag",0,"N",1.85,BO},
  {"Si",4,"O",1.624,BO}, {"Si",4,"O",1.640,BA}, {"Si",4,"S",2.126,BA}, {"Si",4,"Se",2.26,BO},
  {"Si",4,"Te",2.49,BO}, {"Si",4,"F",1.58,BO}, {"Si",4,"Cl",2.03,BO}, {"Si",4,"Br",2.20,BO},
  {"Si",4,"I",2.41,BO}, {"Si",4,"N",1.724,BA}, {"Si",4,"N",1.77,BO},
  {"Ge",4,"O",1.748,BA}, {"Ge",4,"S",2.217,BA}, {"Ge",4,"F",1.66,BO}, {"Ge",4,"Cl",2.14,BO},
  {"Ge",0,"Br",2.30,BO}, {"Ge",0,"I",2.50,BO}, {"Ge",0,"S",2.23,BO}, {"Ge",0,"Se",2.35,BO},
  {"Ge",0,"Te",2.56,BO}, {"Ge",0,"N",1.88,BO},
  {"Sn",2,"O",1.984,BO}, {"Sn",2,"F",1.925,BA}, {"Sn",2,"Cl",2.36,BO}, {"Sn",4,"O",1.905,BA},
  {"Sn",4,"S",2.399,BA}, {"Sn",4,"F",1.843,BA}, {"Sn",4,"Cl",2.276,BA},
  {"Sn",0,"Br",2.55,BO}, {"Sn",0,"I",2.76,BO}, {"Sn",0,"S",2.45,BO}, {"Sn",0,"Se",2.59,BO},
  {"Sn",0,"Te",2.76,BO}, {"Sn",0,"N",2.14,BO},
  {"Pb",2,"O",2.112,BA}, {"Pb",2,"S",2.541,BA}, {"Pb",2,"F",2.03,BO}, {"Pb",2,"Cl",2.53,BO},
  {"Pb",4,"O",2.042,BA}, {"Pb",4,"F",1.94,BO}, {"Pb",4,"Cl",2.43,BO},
  {"Pb",0,"Br",2.64,BO}, {"Pb",0,"I",2.78,BO}, {"Pb",0,"S",2.55,BO}, {"Pb",0,"Se",2.67,BO},
  {"Pb",0,"Te",2.84,BO}, {"Pb",0,"N",2.22,BO},
  {"B",3,"O",1.371,BA}, {"B",3,"S",1.82,BO}, {"B",3,"Se",1.95,BO}, {"B",3,"Te",2.20,BO},
  {"B",3,"F",1.281,BA}, {"B",3,"F",1.31,BO}, {"B",3,"Cl",1.74,BO}, {"B",3,"Br",1.88,BO},
  {"B",3,"I",2.10,BO}, {"B",3,"N",1.47,BO},
  {"C",4,"O",1.390,BA}, {"C",4,"F",1.32,BO}, {"C",4,"Cl",1.76,BO}, {"C",4,"N",1.442,BA},
  {"C",0,"Se",1.97,BO}, {"C",0,"I",2.12,BO}, {"C",0,"Br",1.90,BO}, {"C",0,"S",1.82,BO},
  {"C",0,"Te",2.21,BO}, {"C",0,"N",1.47,BO},
  {"N",3,"O",1.361,BA}, {"N",3,"F",1.37,BO}, {"N",3,"Cl",1.75,BO}, {"N",5,"O",1.432,BA},
  {"N",5,"F",1.36,BO}, {"N",5,"Cl",1.80,BO},
  {"P",5,"O",1.617,BA}, {"P",5,"O",1.604,BO}, {"P",5,"S",2.145,BA}, {"P",5,"N",1.704,BA},
  {"P",0,"Br",2.15,BO}, {"P",0,"I",2.40,BO}, {"P",0,"S",2.11,BO}, {"P",0,"Se",2.26,BO},
  {"P",0,"Te",2.44,BO}, {"P",0,"N",1.73,BO},
  {"As",3,"O",1.789,BA}, {"As",3,"S",2.272,BA}, {"As",3,"F",1.70,BO}, {"As",3,"Cl",2.16,BO},
  {"As",5,"O",1.767,BA}, {"As",5,"F",1.620,BA}, {"As",5,"Cl",2.14,BO},
  {"Sb",3,"S",2.474,BA}, {"Sb",3,"F",1.883,BA}, {"Sb",3,"F",1.90,BO}, {"Sb",3,"Cl",2.35,BO},
  {"Sb",5,"O",1.942,BA}, {"Sb",5,"F",1.797,BA}, {"Sb",5,"Cl",2.30,BO},
  {"Sb",0,"S",2.45,BO}, {"Sb",0,"Se",2.57,BO}, {"Sb",0,"Te",2.78,BO}, {"Sb",0,"Br",2.50,BO},
  {"Sb",0,"I",2.72,BO}, {"Sb",0,"N",2.12,BO},
  {"Bi",3,"O",2.094,BA}, {"Bi",3,"S",2.570,BA}, {"Bi",3,"F",1.99,BO}, {"Bi",3,"Cl",2.48,BO},
  {"Bi",5,"O",2.06,BO}, {"Bi",5,"F",1.97,BO}, {"Bi",5,"Cl",2.44,BO},
  {"Bi",0,"Br",2.62,BO}, {"Bi",0,"I",2.84,BO}, {"Bi",0,"S",2.55,BO}, {"Bi",0,"Se",2.72,BO},
  {"Bi",0,"Te",2.87,BO}, {"Bi",0,"N",2.24,BO},
  {"S",4,"O",1.644,BA}, {"S",4,"F",1.60,BO}, {"S",4,"Cl",2.02,BO}, {"S",4,"N",1.762,BA},
  {"S",6,"O",1.624,BA}, {"S",6,"F",1.56,BO}, {"S",6,"Cl",2.03,BO},
  {"S",0,"Br",2.17,BO}, {"S",0,"I",2.36,BO}, {"S",0,"S",2.07,BO}, {"S",0,"Se",2.21,BO},
  {"S",0,"Te",2.45,BO}, {"S",0,"N",1.74,BO},
  {"Se",4,"O",1.811,BA}, {"Se",4,"F",1.73,BO}, {"Se",4,"Cl",2.22,BO}, {"Se",6,"O",1.788,BA},
  {"Se",6,"F",1.69,BO}, {"Se",6,"Cl",2.16,BO},
  {"Se",0,"Br",2.33,BO}, {"Se",0,"I",2.54,BO}, {"Se",0,"S",2.25,BO}, {"Se",0,"Se",2.36,BO},
  {"Se",0,"Te",2.55,BO},
  {"Te",4,"O",1.977,BA}, {"Te",4,"F",1.87,BO}, {"Te",4,"Cl",2.37,BO}, {"Te",6,"O",1.917,BA},
  {"Te",6,"F",1.82,BO}, {"Te",6,"Cl",2.30,BO},
  {"Te",0,"Br",2.53,BO}, {"Te",0,"I",2.76,BO}, {"Te",0,"S",2.45,BO}, {"Te",0,"Se",2.53,BO},
  {"Te",0,"Te",2.76,BO}, {"Te",0,"N",2.12,BO},
  {"I",5,"O",2.003,BA}, {"I",5,"F",1.90,BO}, {"I",5,"Cl",2.38,BO}, {"I",7,"O",1.93,BO},
  {"I",7,"F",1.83,BO}, {"I",7,"Cl",2.31,BO},
  {"Ru",4,"O",1.834,BO}, {"Ru",4,"F",1.74,BO}, {"Ru",4,"Cl",2.21,BO},
  {"Ru",0,"Br",2.26,BO}, {"Ru",0,"I",2.48,BO}, {"Ru",0,"S",2.16,BO}, {"Ru",0,"Se",2.33,BO},
  {"Ru",0,"Te",2.54,BO}, {"Ru",0,"N",1.88,BO},
  {"Rh",3,"O",1.793,BO}, {"Rh",3,"F",1.71,BO}, {"Rh",3,"Cl",2.17,BO},
  {"Rh",0,"Br",2.25,BO}, {"Rh",0,"I",2.48,BO}, {"Rh",0,"S",2.15,BO}, {"Rh",0,"Se",2.33,BO},
  {"Rh",0,"Te",2.55,BO}, {"Rh",0,"N",1.88,BO},
  {"Ir",5,"O",1.916,BO}, {"Ir",5,"F",1.82,BO}, {"Ir",5,"Cl",2.30,BO},
  {"Ir",0,"S",2.38,BO}, {"Ir",0,"Se",2.51,BO}, {"Ir",0,"Te",2.71,BO}, {"Ir",0,"Br",2.45,BO},
  {"Ir",0,"I",2.66,BO}, {"Ir",0,"N",2.06,BO},
};
// clang-format on

}  // namespace

int bv_anion_state(const std::string& el) {
  if (el == "O" || el == "S" || el == "Se" || el == "Te") return -2;
  if (el == "F" || el == "Cl" || el == "Br" || el == "I") return -1;
  if (el == "N") return -3;
  return 0;
}

std::optional<BondValenceParam> bond_valence_param(const std::string& cation, int cation_state,
                                                   const std::string& anion, int anion_state) {
  if (cation_state <= 0 || anion_state >= 0 || bv_anion_state(anion) != anion_state)
    return std::nullopt;
  const BvRow* any = nullptr;
  const BvRow* nearest = nullptr;
  for (const BvRow& r : kBv) {
    if (cation != r.cation || anion != r.anion) continue;
    if (r.state == cation_state)  // the first row of this state is the preferred one
      return BondValenceParam{r.r0_A, tol::bv_b_A, r.source, BvMatch::State, r.state};
    if (r.state == 0) {
      if (!any) any = &r;
      continue;
    }
    int d = std::abs(r.state - cation_state);
    if (!nearest || d < std::abs(nearest->state - cation_state) ||
        (d == std::abs(nearest->state - cation_state) && r.state > nearest->state))
      nearest = &r;
  }
  if (any) return BondValenceParam{any->r0_A, tol::bv_b_A, any->source, BvMatch::AnyState, 0};
  if (nearest)
    return BondValenceParam{nearest->r0_A, tol::bv_b_A, nearest->source, BvMatch::NearestState,
                            nearest->state};
  return std::nullopt;
}

std::optional<double> bond_valence_max_r0(const std::string& cation, const std::string& anion) {
  std::optional<double> best;
  for (const BvRow& r : kBv)
    if (cation == r.cation && anion == r.anion && (!best || r.r0_A > *best)) best = r.r0_A;
  return best;
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
// Mo3+..Mo5+, Ru3+..Ru5+, Ir3+..Ir5+, Ce4+, Eu2+, ...). Peroxide/persulfide (O-, S-) and other
// anion-anion bonded states are not tried; such structures come out unassigned.
const std::vector<StatesRow>& states_table() {
  static const std::vector<StatesRow> t = {
      {"H", {-1, 1}, 1},       {"Li", {1}, 1},          {"Be", {2}, 2},
      {"B", {3}, 3},           {"C", {-4, 4}, 4},       {"N", {-3, 3, 5}, -3},
      {"O", {-2}, -2},         {"F", {-1}, -1},         {"Na", {1}, 1},
      {"Mg", {2}, 2},          {"Al", {3}, 3},          {"Si", {4}, 4},
      {"P", {-3, 3, 5}, 5},    {"S", {-2, 4, 6}, -2},   {"Cl", {-1, 5, 7}, -1},
      {"K", {1}, 1},           {"Ca", {2}, 2},          {"Sc", {3}, 3},
      {"Ti", {2, 3, 4}, 4},    {"V", {2, 3, 4, 5}, 3},  {"Cr", {2, 3, 4, 6}, 3},
      {"Mn", {2, 3, 4, 7}, 2}, {"Fe", {2, 3}, 3},       {"Co", {2, 3, 4}, 2},
      {"Ni", {2, 3, 4}, 2},    {"Cu", {1, 2}, 2},       {"Zn", {2}, 2},
      {"Ga", {3}, 3},          {"Ge", {4}, 4},          {"As", {-3, 3, 5}, 5},
      {"Se", {-2, 4, 6}, -2},  {"Br", {-1, 5}, -1},     {"Rb", {1}, 1},
      {"Sr", {2}, 2},          {"Y", {3}, 3},           {"Zr", {4}, 4},
      {"Nb", {3, 4, 5}, 5},    {"Mo", {3, 4, 5, 6}, 6}, {"Tc", {4, 7}, 4},
      {"Ru", {3, 4, 5}, 4},    {"Rh", {3, 4}, 3},       {"Pd", {2, 4}, 2},
      {"Ag", {1}, 1},          {"Cd", {2}, 2},          {"In", {3}, 3},
      {"Sn", {2, 4}, 4},       {"Sb", {-3, 3, 5}, 5},   {"Te", {-2, 4, 6}, -2},
      {"I", {-1, 5, 7}, -1},   {"Cs", {1}, 1},          {"Ba", {2}, 2},
      {"La", {3}, 3},          {"Ce", {3, 4}, 3},       {"Pr", {3, 4}, 3},
      {"Nd", {3}, 3},          {"Pm", {3}, 3},          {"Sm", {2, 3}, 3},
      {"Eu", {2, 3}, 3},       {"Gd", {3}, 3},          {"Tb", {3, 4}, 3},
      {"Dy", {3}, 3},          {"Ho", {3}, 3},          {"Er", {3}, 3},
      {"Tm", {3}, 3},          {"Yb", {2, 3}, 3},       {"Lu", {3}, 3},
      {"Hf", {4}, 4},          {"Ta", {5}, 5},          {"W", {4, 5, 6}, 6},
      {"Re", {4, 6, 7}, 7},    {"Os", {4}, 4},          {"Ir", {3, 4, 5}, 4},
      {"Pt", {2, 4}, 4},       {"Au", {1, 3}, 3},       {"Hg", {1, 2}, 2},
      {"Tl", {1, 3}, 1},       {"Pb", {2, 4}, 2},       {"Bi", {3, 5}, 3},
      {"Po", {4}, 4},          {"Fr", {1}, 1},          {"Ra", {2}, 2},
      {"Ac", {3}, 3},          {"Th", {4}, 4},          {"Pa", {5}, 5},
      {"U", {4, 5, 6}, 6},     {"Np", {5}, 5},          {"Pu", {3, 4}, 4},
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

// ---------------------------------------------------------------------------------------------
// Neighbours for bond valence

namespace {

double pair_cutoff(const std::string& cation, const std::string& anion) {
  static thread_local std::map<std::pair<std::string, std::string>, double> cache;
  auto key = std::make_pair(cation, anion);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto r0 = bond_valence_max_r0(cation, anion);
  return cache[key] = r0 ? *r0 + tol::bv_cutoff_margin_A : tol::bv_missing_pair_A;
}

struct SiteNeighbour {
  int site;
  double d;
};

// Every site within the longest pair cutoff the elements of the crystal can need.
std::vector<std::vector<SiteNeighbour>> site_neighbours(const Crystal& c) {
  std::set<std::string> els;
  for (const Site& s : c.sites)
    for (const Species& sp : s.species) els.insert(sp.element);
  double rmax = tol::bv_missing_pair_A;
  for (const auto& a : els)
    for (const auto& b : els) rmax = std::max(rmax, pair_cutoff(a, b));
  std::vector<Fractional> fr;
  for (const Site& s : c.sites) fr.push_back(s.frac);
  PeriodicIndex index(c.lattice, fr);
  std::vector<std::vector<SiteNeighbour>> out(c.sites.size());
  for (size_t i = 0; i < c.sites.size(); ++i) {
    Position p = index.position(static_cast<int>(i));
    index.for_each_within(p, rmax, [&](int j, const Position& q, const Offset& off) {
      if (j == static_cast<int>(i) && off == Offset{0, 0, 0}) return;
      out[i].push_back({j, distance(p, q)});
    });
  }
  return out;
}

std::string ion_name(const std::string& el, int q) {
  return cat(el, std::abs(q), q > 0 ? "+" : "-");
}

void check_shape(const Crystal& c, const OxidationStates& states) {
  if (states.size() != c.sites.size())
    fail("oxidation states for ", states.size(), " sites, the crystal has ", c.sites.size());
  for (size_t i = 0; i < states.size(); ++i)
    if (states[i].size() != c.sites[i].species.size())
      fail("oxidation states for ", states[i].size(), " species on site ", i, " (",
           c.sites[i].label(), "), it has ", c.sites[i].species.size());
}

BondValenceSum site_sum(const Crystal& c, const std::vector<SiteNeighbour>& nbs,
                        const OxidationStates& states, size_t i, size_t s) {
  BondValenceSum out;
  const Species& me = c.sites[i].species[s];
  int q = states[i][s];
  if (q == 0) return out;
  std::set<std::string> missing;
  for (const SiteNeighbour& nb : nbs) {
    const Site& other = c.sites[nb.site];
    for (size_t t = 0; t < other.species.size(); ++t) {
      int qt = states[nb.site][t];
      if (q * qt >= 0) continue;
      const std::string& el_t = other.species[t].element;
      const std::string& cat_el = q > 0 ? me.element : el_t;
      const std::string& an_el = q > 0 ? el_t : me.element;
      int qc = q > 0 ? q : qt, qa = q > 0 ? qt : q;
      if (nb.d > pair_cutoff(cat_el, an_el)) continue;
      auto p = bond_valence_param(cat_el, qc, an_el, qa);
      if (!p) {
        missing.insert(ion_name(cat_el, qc) + "-" + ion_name(an_el, qa));
        continue;
      }
      out.value += other.species[t].occupancy * std::exp((p->r0_A - nb.d) / p->b_A);
      ++out.bonds;
    }
  }
  out.missing.assign(missing.begin(), missing.end());
  out.complete = out.missing.empty();
  return out;
}

}  // namespace

BondValenceSum bond_valence_sum(const Crystal& crystal, size_t site, const OxidationStates& states,
                                size_t species) {
  check_shape(crystal, states);
  if (site >= crystal.sites.size() || species >= crystal.sites[site].species.size())
    fail("bond_valence_sum: no species ", species, " on site ", site);
  auto nbs = site_neighbours(crystal);
  return site_sum(crystal, nbs[site], states, site, species);
}

std::vector<std::vector<BondValenceSum>> bond_valence_sums(const Crystal& crystal,
                                                           const OxidationStates& states) {
  check_shape(crystal, states);
  auto nbs = site_neighbours(crystal);
  std::vector<std::vector<BondValenceSum>> out(crystal.sites.size());
  for (size_t i = 0; i < crystal.sites.size(); ++i)
    for (size_t s = 0; s < crystal.sites[i].species.size(); ++s)
      out[i].push_back(site_sum(crystal, nbs[i], states, i, s));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Oxidation states

namespace {

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
  size_t m = 0;
  for (size_t i = 0; i < c_.sites.size(); ++i) {
    for (size_t s = 0; s < c_.sites[i].species.size(); ++s, ++m) {
      const std::string& el = c_.sites[i].species[s].element;
      std::map<int, Link> links;
      for (const SiteNeighbour& nb : nbs[i]) {
        const Site& other = c_.sites[nb.site];
        for (size_t t = 0; t < other.species.size(); ++t) {
          int h = member_group_[nb.site][t];
          const std::string& el_t = other.species[t].element;
          double v = other.species[t].occupancy * std::exp(-nb.d / tol::bv_b_A);
          Link& l = links.try_emplace(h, Link{h, 0, 0}).first->second;
          if (nb.d <= pair_cutoff(el, el_t)) l.as_cation += v;
          if (nb.d <= pair_cutoff(el_t, el)) l.as_anion += v;
        }
      }
      for (auto& kv : links)
        if (kv.second.as_cation > 0 || kv.second.as_anion > 0)
          members_[m].links.push_back(kv.second);
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
