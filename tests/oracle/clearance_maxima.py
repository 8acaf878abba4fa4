#!/usr/bin/python3
"""Independent oracle for the largest included sphere (issue #12): the global maximum of the
clearance c(p) = min_i (|p - x_i| - r_i) over channelmap's own framework spheres, found by
local maximisation, without the void network.

Input: `channelmap inspect FILE --json --no-energy` (the spheres of `framework.spheres`, their
sites' fractional coordinates, the cell). Method, sharing no code with channelmap:
1. c on a grid of spacing <= H (A) over the unit cell, from a k-d tree of the sphere images
   (scipy), every value certified: a sphere not among the k nearest centres lies at least d_k
   away, so it cannot beat min(d - r) when that is <= d_k - r_max; otherwise the point is
   recomputed from a ball query.
2. G = the largest grid value, D/2 = half the longest grid-cell diagonal. c is 1-Lipschitz, so
   the true maximum M lies within D/2 of a grid point g with c(g) >= M - D/2 >= G - D/2, and
   M <= G + D/2 (the certified upper bound, checked too).
3. From every grid local maximum (26 neighbours) with c >= G - D/2, and from the 20 highest grid
   points, SLSQP (scipy) maximises t subject to |p - x_i| - r_i >= t for the
   spheres near it. The found point's clearance, evaluated again over every image, is a valid
   value of c; the largest is the oracle's Di / 2 (a lower bound of the true maximum that meets
   it when the local maximisation converges; the grid gives the upper bound G + D/2).

Usage: clearance_maxima.py JSON [--spacing H]  ->  prints one JSON object:
  {"di_A": ..., "grid_di_upper_A": ..., "point_frac": [...], "starts": n}
"""
import argparse
import json
import math
import sys

import numpy as np
from scipy.optimize import minimize
from scipy.spatial import cKDTree


def lattice_matrix(cell):
    a, b, c = cell["a_A"], cell["b_A"], cell["c_A"]
    al, be, ga = (math.radians(cell[k]) for k in ("alpha_deg", "beta_deg", "gamma_deg"))
    va = np.array([a, 0.0, 0.0])
    vb = np.array([b * math.cos(ga), b * math.sin(ga), 0.0])
    cx = c * math.cos(be)
    cy = c * (math.cos(al) - math.cos(be) * math.cos(ga)) / math.sin(ga)
    cz = math.sqrt(max(c * c - cx * cx - cy * cy, 0.0))
    return np.array([va, vb, [cx, cy, cz]])  # rows: lattice vectors


def load_report(text):
    """The first structure's report of `channelmap inspect --json` output (a file with several
    data blocks prints one JSON document, or a list, per block)."""
    rep, _ = json.JSONDecoder().raw_decode(text)
    return rep[0] if isinstance(rep, list) else rep


class MarginTooSmall(Exception):
    pass


class Field:
    def __init__(self, report, margin_A):
        self.L = lattice_matrix(report["cell"])
        sites = report["sites"]
        spheres = report["framework"]["spheres"]
        frac = np.array([sites[s["site"]]["frac"] for s in spheres], dtype=float) % 1.0
        rad = np.array([s["radius_A"] for s in spheres], dtype=float)
        # Images: every translate whose fractional coordinates are within margin of [0, 1).
        spacing = [1.0 / np.linalg.norm(np.linalg.inv(self.L)[:, k]) for k in range(3)]
        ext = [margin_A / spacing[k] for k in range(3)]
        n = [int(math.ceil(e)) for e in ext]
        pos, rr = [], []
        for i in range(-n[0], n[0] + 1):
            for j in range(-n[1], n[1] + 1):
                for k in range(-n[2], n[2] + 1):
                    f = frac + np.array([i, j, k])
                    keep = np.all((f > -np.array(ext)) & (f < 1 + np.array(ext)), axis=1)
                    pos.append(f[keep] @ self.L)
                    rr.append(rad[keep])
        self.pos = np.concatenate(pos)
        self.rad = np.concatenate(rr)
        self.rmax = float(rad.max())
        self.margin = margin_A
        self.tree = cKDTree(self.pos)

    def clearance(self, pts):
        """Exact c at each point (rows of pts), over the images within the margin."""
        pts = np.atleast_2d(pts)
        k = min(24, len(self.pos))
        d, idx = self.tree.query(pts, k=k)
        d = d.reshape(len(pts), k)
        idx = idx.reshape(len(pts), k)
        val = np.min(d - self.rad[idx], axis=1)
        dk = d[:, -1]
        bad = np.nonzero(val > dk - self.rmax)[0]
        for b in bad:
            r = val[b] + self.rmax + 1e-9
            near = self.tree.query_ball_point(pts[b], r)
            val[b] = np.min(np.linalg.norm(self.pos[near] - pts[b], axis=1) - self.rad[near])
        if np.any(val + self.rmax > self.margin):
            raise MarginTooSmall()
        return val

    def box_max(self, p0, half, extra=()):
        """One SLSQP maximisation of t subject to |p - x_i| - r_i >= t for every sphere that can
        bind in the box |p - p0|_inf <= half (p0 in the cell's margin), and to the `extra`
        inequality constraints (scipy's dicts, on z = (p, t)); returns the point found."""
        c0 = float(self.clearance(p0)[0])
        near = self.tree.query_ball_point(p0, c0 + 2 * math.sqrt(3) * half + self.rmax + 0.01)
        X, R = self.pos[near], self.rad[near]

        def cons(z):
            return np.linalg.norm(X - z[:3], axis=1) - R - z[3]

        def jac(z):
            d = z[:3] - X
            n = np.linalg.norm(d, axis=1)[:, None]
            return np.hstack([d / n, -np.ones((len(X), 1))])

        bounds = [(p0[k] - half, p0[k] + half) for k in range(3)] + [(None, None)]
        res = minimize(lambda z: -z[3], np.append(p0, c0),
                       jac=lambda z: np.array([0, 0, 0, -1.0]), bounds=bounds,
                       constraints=[{"type": "ineq", "fun": cons, "jac": jac}] + list(extra),
                       method="SLSQP", options={"ftol": 1e-14, "maxiter": 500})
        return res.x[:3]

    def local_max(self, p0):
        """SLSQP within the box |p - p0|_inf <= 1 A, with every sphere that can bind there;
        started again from the result while it lies on the box's boundary."""
        c0 = float(self.clearance(p0)[0])
        for _ in range(20):
            half = 1.0
            p = self.box_max(p0, half)
            # The value is c at the point found, over every image (whatever the solver claims).
            c = float(self.clearance(p)[0])
            if c < c0:
                return c0, p0
            on_edge = np.any(np.abs(p - p0) > half - 1e-6)
            p0, c0 = p, c
            if not on_edge:
                break
        return c0, p0


def oracle(report, spacing_A):
    # Margin: enough images for any clearance met (grown and started again when one is not).
    margin = 6.0
    while True:
        try:
            return oracle_with_margin(report, spacing_A, margin)
        except MarginTooSmall:
            margin *= 1.6


def oracle_with_margin(report, spacing_A, margin):
    f = Field(report, margin)
    L = f.L
    n = [max(1, int(math.ceil(np.linalg.norm(L[k]) / spacing_A))) for k in range(3)]
    g = np.stack(np.meshgrid(*[np.arange(m) / m for m in n], indexing="ij"), -1).reshape(-1, 3)
    val = f.clearance(g @ L)
    steps = [L[k] / n[k] for k in range(3)]
    diag = max(np.linalg.norm(steps[0] + s1 * steps[1] + s2 * steps[2])
               for s1 in (-1, 1) for s2 in (-1, 1))
    G = float(val.max())
    # Starts: the grid's local maxima (26 neighbours, periodic) within D/2 of G, and the 20
    # highest grid points.
    cube = val.reshape(n)
    is_max = np.ones(n, dtype=bool)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            for dk in (-1, 0, 1):
                if di or dj or dk:
                    is_max &= cube >= np.roll(cube, (di, dj, dk), axis=(0, 1, 2))
    cand = np.nonzero(is_max.reshape(-1) & (val >= G - diag / 2))[0]
    top = np.argsort(val)[-20:]
    starts = np.unique(np.concatenate([cand, top]))
    best, best_p = -1e300, None
    for s in starts:
        c, p = f.local_max(g[s] @ L)
        if c > best:
            best, best_p = c, p
    frac = np.linalg.solve(L.T, best_p) % 1.0
    return {"di_A": 2 * best, "grid_di_upper_A": 2 * (G + diag / 2),
            "point_frac": [float(x) for x in frac], "starts": int(len(starts))}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("--spacing", type=float, default=0.25)
    a = ap.parse_args()
    with open(a.json) as fh:
        rep = load_report(fh.read())
    print(json.dumps(oracle(rep, a.spacing)))


if __name__ == "__main__":
    sys.exit(main())
