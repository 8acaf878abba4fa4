// The mobile ion: the element that moves, its charge and its radius, built once per analysis
// (mobile_ion()) and carried by the Report (Report::ion) instead of a bare element symbol.
#pragma once
#include <limits>
#include <string>

namespace channelmap {

// The usual charge of a mobile ion (Li, Na, K, Rb, Cs, Ag, Cu: +1; Mg, Ca, Sr, Ba, Zn: +2;
// Al, Y: +3); 0 when none is known. The one place this fact lives.
int default_mobile_charge(const std::string& element);

struct MobileIon {
  std::string element;  // element symbol; "" = none: every atom is framework
  // Its charge: the state the oxidation-state assignment gives the element (analyze() sets it
  // once the states are known), else default_mobile_charge(); 0 when unknown or without an ion.
  int charge = 0;
  // Reference radius (A): Shannon's ionic radius at CN 6 for default_mobile_charge(), or for
  // the element's usual state when it has no mobile charge (RadiusTable::shannon_default());
  // the default probe and the denominator of every *_ratio descriptor. NaN without an ion.
  double radius_A = std::numeric_limits<double>::quiet_NaN();

  bool none() const { return element.empty(); }
  // Whether `el` is the mobile element (never true without a mobile ion).
  bool is(const std::string& el) const { return !element.empty() && el == element; }
};

// The mobile ion of an element symbol ("" gives none). Throws Error for an element with no
// radius (RadiusTable::shannon_default() names it).
MobileIon mobile_ion(const std::string& element);

}  // namespace channelmap
