// Bond valence: R0 parameters (Brown & Altermatt 1985, Brese & O'Keeffe 1991) and bond valence
// sums (conventions in chemistry.hpp).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "bond_valence_common.hpp"
#include "channelmap/chemistry.hpp"
#include "channelmap/error.hpp"
#include "channelmap/neighbors.hpp"

namespace channelmap {

const char* to_string(BvSource s) {
  return s == BvSource::BrownAltermatt1985 ? "brown-altermatt-1985" : "brese-okeeffe-1991";
}
const char* to_string(BvMatch m) {
  return m == BvMatch::State ? "state" : m == BvMatch::AnyState ? "any-state" : "nearest-state";
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

bool is_anion_site(const Site& site, const std::vector<int>& states, const std::string& mobile) {
  const Species* main = nullptr;
  int main_state = 0;
  for (size_t k = 0; k < site.species.size(); ++k) {
    const Species& sp = site.species[k];
    if (sp.element == mobile || (main && sp.occupancy <= main->occupancy)) continue;
    main = &sp;
    main_state = k < states.size() ? states[k] : 0;
  }
  if (!main) return false;
  return (main_state != 0 ? main_state : bv_anion_state(main->element)) < 0;
}

bool is_anion_site(const Site& site, const std::string& mobile) {
  std::vector<int> states;
  for (const Species& sp : site.species) states.push_back(sp.oxidation.value_or(0));
  return is_anion_site(site, states, mobile);
}

namespace {
// The table lookup behind bond_valence_param(): a scan of every row comparing strings.
std::optional<BondValenceParam> find_bond_valence_param(const std::string& cation, int cation_state,
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
}  // namespace

std::optional<BondValenceParam> bond_valence_param(const std::string& cation, int cation_state,
                                                   const std::string& anion, int anion_state) {
  // A structure has a few ion pairs and many bonds: each pair is looked up once (per thread),
  // as pair_cutoff() does.
  static thread_local std::map<std::tuple<std::string, int, std::string, int>,
                               std::optional<BondValenceParam>>
      cache;
  auto key = std::make_tuple(cation, cation_state, anion, anion_state);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  return cache[key] = find_bond_valence_param(cation, cation_state, anion, anion_state);
}

std::optional<double> bond_valence_max_r0(const std::string& cation, const std::string& anion) {
  std::optional<double> best;
  for (const BvRow& r : kBv)
    if (cation == r.cation && anion == r.anion && (!best || r.r0_A > *best)) best = r.r0_A;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Neighbours for bond valence

namespace detail {

double pair_cutoff(const std::string& cation, const std::string& anion) {
  static thread_local std::map<std::pair<std::string, std::string>, double> cache;
  auto key = std::make_pair(cation, anion);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto r0 = bond_valence_max_r0(cation, anion);
  return cache[key] = r0 ? *r0 + tol::bv_cutoff_margin_A : tol::bv_missing_pair_A;
}

std::vector<double> pair_cutoffs(const std::vector<std::string>& elements) {
  const size_t n = elements.size();
  std::vector<double> out(n * n);
  for (size_t a = 0; a < n; ++a)
    for (size_t b = 0; b < n; ++b) out[a * n + b] = pair_cutoff(elements[a], elements[b]);
  return out;
}

std::vector<std::vector<SiteNeighbour>> site_neighbours(const Crystal& c) {
  std::set<std::string> els;
  for (const Site& s : c.sites)
    for (const Species& sp : s.species) els.insert(sp.element);
  std::vector<Fractional> fr;
  for (const Site& s : c.sites) fr.push_back(s.frac);
  // The last answer of this thread, kept with what it depends on (the cell, the positions and
  // the elements): one analysis asks for the same crystal's neighbours two or three times (the
  // oxidation states, their mixed-valence notes, the cations' sums; issue #10).
  struct Last {
    std::array<Vec3, 3> cell;
    std::vector<Fractional> frac;
    std::set<std::string> elements;
    std::vector<std::vector<SiteNeighbour>> out;
  };
  static thread_local Last last;
  const std::array<Vec3, 3> cell = {c.lattice.vector(0), c.lattice.vector(1), c.lattice.vector(2)};
  auto same_vec = [](const Vec3& a, const Vec3& b) {
    return a.x == b.x && a.y == b.y && a.z == b.z;
  };
  bool same = last.frac.size() == fr.size() && last.elements == els;
  for (int k = 0; k < 3 && same; ++k) same = same_vec(last.cell[k], cell[k]);
  for (size_t i = 0; i < fr.size() && same; ++i) same = same_vec(last.frac[i], fr[i]);
  if (same && !fr.empty()) return last.out;
  double rmax = tol::bv_missing_pair_A;
  for (const auto& a : els)
    for (const auto& b : els) rmax = std::max(rmax, pair_cutoff(a, b));
  PeriodicIndex index(c.lattice, fr);
  std::vector<std::vector<SiteNeighbour>> out(c.sites.size());
  for (size_t i = 0; i < c.sites.size(); ++i) {
    Position p = index.position(static_cast<int>(i));
    index.for_each_within(p, rmax, [&](int j, const Position& q, const Offset& off) {
      if (j == static_cast<int>(i) && off == Offset{0, 0, 0}) return;
      out[i].push_back({j, distance(p, q)});
    });
  }
  last.cell = cell;
  last.frac = std::move(fr);
  last.elements = std::move(els);
  last.out = out;
  return out;
}

std::string ion_name(const std::string& el, int q) {
  return cat(el, std::abs(q), q > 0 ? "+" : "-");
}

}  // namespace detail

namespace {

using detail::ion_name;
using detail::site_neighbours;
using detail::SiteNeighbour;

void check_shape(const Crystal& c, const OxidationStates& states) {
  if (states.size() != c.sites.size())
    fail("oxidation states for ", states.size(), " sites, the crystal has ", c.sites.size());
  for (size_t i = 0; i < states.size(); ++i)
    if (states[i].size() != c.sites[i].species.size())
      fail("oxidation states for ", states[i].size(), " species on site ", i, " (",
           c.sites[i].label(), "), it has ", c.sites[i].species.size());
}

// What site_sum looks up for each bond, per structure: each species' element as an index, each
// element pair's cutoff and each ion pair's parameters (looked up by strings once, not per bond:
// issue #10).
class BondTables {
 public:
  explicit BondTables(const Crystal& c) {
    std::map<std::string, int> index;
    element_.resize(c.sites.size());
    for (size_t i = 0; i < c.sites.size(); ++i)
      for (const Species& sp : c.sites[i].species) {
        auto it = index.try_emplace(sp.element, static_cast<int>(names_.size())).first;
        if (it->second == static_cast<int>(names_.size())) names_.push_back(sp.element);
        element_[i].push_back(it->second);
      }
    cutoff_ = detail::pair_cutoffs(names_);
  }
  int element(size_t site, size_t species) const { return element_[site][species]; }
  const std::string& name(int e) const { return names_[e]; }
  double cutoff(int cation, int anion) const { return cutoff_[cation * names_.size() + anion]; }
  const std::optional<BondValenceParam>& param(int cation, int qc, int anion, int qa) {
    auto it = params_.find({cation, qc, anion, qa});
    if (it == params_.end())
      it = params_
               .emplace(std::array<int, 4>{cation, qc, anion, qa},
                        bond_valence_param(names_[cation], qc, names_[anion], qa))
               .first;
    return it->second;
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<int>> element_;
  std::vector<double> cutoff_;
  std::map<std::array<int, 4>, std::optional<BondValenceParam>> params_;
};

BondValenceSum site_sum(const Crystal& c, const std::vector<SiteNeighbour>& nbs,
                        const OxidationStates& states, size_t i, size_t s, BondTables& tables) {
  BondValenceSum out;
  const int me = tables.element(i, s);
  int q = states[i][s];
  if (q == 0) return out;
  std::set<std::string> missing;
  for (const SiteNeighbour& nb : nbs) {
    const Site& other = c.sites[nb.site];
    for (size_t t = 0; t < other.species.size(); ++t) {
      int qt = states[nb.site][t];
      if (q * qt >= 0) continue;
      const int el_t = tables.element(nb.site, t);
      const int cat_el = q > 0 ? me : el_t;
      const int an_el = q > 0 ? el_t : me;
      int qc = q > 0 ? q : qt, qa = q > 0 ? qt : q;
      if (nb.d > tables.cutoff(cat_el, an_el)) continue;
      const std::optional<BondValenceParam>& p = tables.param(cat_el, qc, an_el, qa);
      if (!p) {
        missing.insert(ion_name(tables.name(cat_el), qc) + "-" + ion_name(tables.name(an_el), qa));
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
  BondTables tables(crystal);
  return site_sum(crystal, nbs[site], states, site, species, tables);
}

std::vector<std::vector<BondValenceSum>> bond_valence_sums(const Crystal& crystal,
                                                           const OxidationStates& states) {
  check_shape(crystal, states);
  auto nbs = site_neighbours(crystal);
  BondTables tables(crystal);
  std::vector<std::vector<BondValenceSum>> out(crystal.sites.size());
  for (size_t i = 0; i < crystal.sites.size(); ++i)
    for (size_t s = 0; s < crystal.sites[i].species.size(); ++s)
      out[i].push_back(site_sum(crystal, nbs[i], states, i, s, tables));
  return out;
}

}  // namespace channelmap
