#!/usr/bin/python3
"""Independent oracle for the percolation radii (issue #12, item 3): Rf along each axis and
Rf_1D/2D/3D of the clearance c(p) = min_i (|p - x_i| - r_i) over channelmap's own framework
spheres, from the critical points of c, without the void network.

Why saddles are enough. c is the minimum of the distances to the sphere surfaces. Its critical
points are the points p equally clear of k+1 spheres and inside the convex hull of their centres
(the gradients |p - x_i|' = (p - x_i)/|p - x_i| then have 0 in their hull); with k = 3 they are
the maxima, with k = 2 the saddles at which the set {c >= t} gains a connection as t falls
(a 1-cell: two pieces join, or a loop closes), with k = 1 the points where it fills a hole. So
the set {c >= t} first percolates (in some direction, or in k independent ones) at the value of
a three-sphere saddle, and which saddles join which maxima decides it. The oracle:

1. Saddles: for every triple of spheres near each other (one of them in the unit cell), the point
   of their centres' plane equally clear of the three (two linear equations and a quadratic in
   t, solved in closed form), kept when it lies inside the triangle of the centres (tolerance
   1e-9 in barycentric coordinates, so a square window of four equal spheres counts) and no
   other sphere is closer (c evaluated over every image, k-d tree, as clearance_maxima.py).
   Only saddles with t >= T_LO are needed (a lower threshold given by the caller).
2. From each saddle s, on each side of the plane: a straight step along the plane's normal
   (the three spheres' distances only grow along it, since their centres lie in the plane),
   then an ascent by local maximisation (SLSQP, clearance_maxima.Field.local_max's constraints)
   in a box around the current point, each step a straight segment whose exact minimum of c
   (min over spheres of distance to the segment minus radius) is checked to stay above the
   level halfway between t(s) and c at the first point: a step that dipped to t(s) could pass
   back through the saddle and end on the other side's maximum. The ascent ends at a local
   maximum of c, identified by its position (periodic, within 1e-3 A). Every connection the
   oracle uses is therefore a real path at level >= t(s), the saddle's value is where that path
   is narrowest, and the maximum it ends on is in the part of {c > t(s)} on that side.
3. Kruskal over the saddles from the highest down with a periodic union-find (each maximum
   carries its lattice offset to its root; a loop with a non-zero offset adds a translation):
   Rf_kD = the value at which some component's translations first reach rank k, Rf along axis
   a = the value at which they first include a vector with a non-zero a component (channelmap's
   definitions, DESIGN.md 5 and src/channels.cpp).

The values are exact for the sphere model when every saddle above T_LO is found (the triples
are all those within reach) and every ascent ends (failures are counted and reported). Below
T_LO the oracle says nothing (None).

Usage: clearance_saddles.py JSON --t-lo T  ->  one JSON object
  {"rf_axis_A": [...], "rf_kd_A": [...], "saddles": n, "maxima": m, "failed_ascents": f}
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clearance_maxima import Field, MarginTooSmall, lattice_matrix, load_report  # noqa: E402

# SLSQP clips steps to the box and says so; the box is ours, so that is expected.
warnings.filterwarnings("ignore", message="Values in x were outside bounds")


class Oracle:
    def __init__(self, report, margin_A):
        self.f = Field(report, margin_A)
        self.L = lattice_matrix(report["cell"])
        self.Linv = np.linalg.inv(self.L)

    # c at points anywhere (translated into the unit cell first).
    def clearance(self, pts):
        pts = np.atleast_2d(pts)
        frac = pts @ self.Linv
        return self.f.clearance(pts - np.floor(frac) @ self.L)

    def segment_minimum(self, p, q):
        """Exact min over spheres of (distance from the sphere's centre to segment pq - r)."""
        shift = np.floor(((p + q) / 2) @ self.Linv) @ self.L
        p, q = p - shift, q - shift
        ln = np.linalg.norm(q - p)
        mid = (p + q) / 2
        cp = float(self.f.clearance(p)[0])
        cq = float(self.f.clearance(q)[0])
        reach = max(cp, cq) + ln / 2 + self.f.rmax + 1e-6
        near = self.f.tree.query_ball_point(mid, reach)
        X, R = self.f.pos[near], self.f.rad[near]
        d = q - p
        if ln == 0:
            return cp
        s = np.clip(((X - p) @ d) / (ln * ln), 0.0, 1.0)
        foot = p + s[:, None] * d
        return float(np.min(np.linalg.norm(X - foot, axis=1) - R))

    def saddles(self, t_lo, t_hi):
        """Every uncovered three-sphere saddle with t_lo <= t <= t_hi, one per point of the
        unit cell: list of (position (cartesian, in the cell), t, unit normal)."""
        f = self.f
        frac_all = f.pos @ self.Linv
        in_cell = np.nonzero(np.all((frac_all >= 0) & (frac_all < 1), axis=1))[0]
        reach_pair = lambda ri, rj: ri + rj + 2 * t_hi  # noqa: E731
        found = {}
        for a in in_cell:
            xa, ra = f.pos[a], f.rad[a]
            near = np.array(f.tree.query_ball_point(xa, ra + f.rmax + 2 * t_hi + 1e-9))
            near = near[near != a]
            dn = np.linalg.norm(f.pos[near] - xa, axis=1)
            near = near[dn < reach_pair(ra, f.rad[near])]
            if len(near) < 2:
                continue
            I, J = np.triu_indices(len(near), 1)
            b, c = near[I], near[J]
            xb, xc, rb, rc = f.pos[b], f.pos[c], f.rad[b], f.rad[c]
            dbc = np.linalg.norm(xb - xc, axis=1)
            keep = dbc < reach_pair(rb, rc)
            b, c, xb, xc, rb, rc = b[keep], c[keep], xb[keep], xc[keep], rb[keep], rc[keep]
            u, v = xb - xa, xc - xa
            uu, uv, vv = (u * u).sum(1), (u * v).sum(1), (v * v).sum(1)
            det = uu * vv - uv * uv
            ok = det > 1e-12 * (uu * vv)
            u, v, uu, uv, vv, det = u[ok], v[ok], uu[ok], uv[ok], vv[ok], det[ok]
            rb, rc = rb[ok], rc[ok]
            # 2 w.u = |u|^2 - (rb^2 - ra^2) - 2 t (rb - ra), likewise for v; w = al u + be v.
            gu0 = (uu - (rb * rb - ra * ra)) / 2
            gu1 = -(rb - ra)
            gv0 = (vv - (rc * rc - ra * ra)) / 2
            gv1 = -(rc - ra)
            al0 = (vv * gu0 - uv * gv0) / det
            al1 = (vv * gu1 - uv * gv1) / det
            be0 = (uu * gv0 - uv * gu0) / det
            be1 = (uu * gv1 - uv * gu1) / det
            w0 = al0[:, None] * u + be0[:, None] * v
            w1 = al1[:, None] * u + be1[:, None] * v
            A = (w1 * w1).sum(1) - 1.0
            B = 2 * ((w0 * w1).sum(1) - ra)
            C = (w0 * w0).sum(1) - ra * ra
            disc = B * B - 4 * A * C
            for sign in (-1.0, 1.0):
                with np.errstate(divide="ignore", invalid="ignore"):
                    sq = np.sqrt(np.maximum(disc, 0.0))
                    # Stable roots of A t^2 + B t + C.
                    qq = -0.5 * (B + np.copysign(sq, B))
                    t = qq / A if sign < 0 else C / qq
                    lin = np.abs(A) < 1e-12
                    t = np.where(lin, -C / B, t)
                t = np.where(disc >= 0, t, np.nan)
                al = al0 + al1 * t
                be = be0 + be1 * t
                tol = 1e-9
                good = (np.isfinite(t) & (t >= t_lo) & (t <= t_hi) & (al >= -tol) & (be >= -tol)
                        & (al + be <= 1 + tol) & (t + np.minimum(ra, np.minimum(rb, rc)) > 0))
                if not np.any(good):
                    continue
                s = xa + al[good, None] * u[good] + be[good, None] * v[good]
                tg = t[good]
                # The solved point must be equally clear of the three (guards the algebra).
                n = np.cross(u[good], v[good])
                n /= np.linalg.norm(n, axis=1)[:, None]
                cs = self.clearance(s)
                cover = cs >= tg - 1e-9
                for p, tt, nn in zip(s[cover], tg[cover], n[cover]):
                    fr = p @ self.Linv
                    p = p - np.floor(fr) @ self.L
                    key = tuple(np.round((p @ self.Linv) * 2e4).astype(int) % 20000)
                    if key not in found:
                        found[key] = (p, float(tt), nn)
        return list(found.values())

    def local_max_step(self, p0, half, halfspace=None):
        """One SLSQP maximisation of t subject to |p - x_i| - r_i >= t in the box
        |p - p0|_inf <= half (and, given halfspace = (n, side), to side * n.(p - p0) >= 0);
        returns the point found (cartesian)."""
        shift = np.floor(p0 @ self.Linv) @ self.L
        q0 = p0 - shift
        extra = ()
        if halfspace is not None:
            hn = halfspace[1] * halfspace[0]
            extra = ({"type": "ineq", "fun": lambda z: np.array([hn @ (z[:3] - q0)]),
                      "jac": lambda z: np.append(hn, 0.0)[None, :]},)
        return self.f.box_max(q0, half, extra) + shift

    def ascend(self, s, t0, n, side):
        """A path from saddle s at level >= t0 up to a local maximum; returns its point or None.
        Returns s itself when c rises nowhere on that side of the plane (s is then a maximum
        of that side: a degenerate saddle, e.g. the centre of an octahedron of equal spheres,
        or a four-sphere point on a face of its tetrahedron)."""
        q = None
        for delta in (0.2, 0.05, 0.0125, 0.003, 0.001):
            cand = s + side * delta * n
            if (self.segment_minimum(s, cand) >= t0 - 1e-9
                    and float(self.clearance(cand)[0]) > t0 + 1e-12):
                q = cand
                break
        if q is None:
            # The straight step is blocked by a sphere off the plane: the best point of that
            # side in a small box, reached straight from s.
            for half in (0.05, 0.01, 0.002):
                cand = self.local_max_step(s, half, (n, side))
                if (float(self.clearance(cand)[0]) > t0 + 1e-10
                        and self.segment_minimum(s, cand) >= t0 - 1e-9):
                    q = cand
                    break
            if q is None:
                return s
        cq = float(self.clearance(q)[0])
        # Beyond q every step stays above the level halfway between the saddle and c(q), so
        # that the path cannot pass back through the saddle to the other side.
        level = t0 + 0.5 * (cq - t0)
        half = 0.5
        for _ in range(400):
            p = self.local_max_step(q, half)
            cp = float(self.clearance(p)[0])
            if cp <= cq + 1e-11:
                if half < 1e-3:
                    return q
                half /= 2
                continue
            if self.segment_minimum(q, p) < level:
                half /= 2
                if half < 1e-5:
                    return None
                continue
            inside = np.all(np.abs(p - q) < half - 1e-7)
            q, cq = p, cp
            if inside and half >= 0.5:
                return q
            half = min(0.5, half * 2)
        return None


class PeriodicUF:
    def __init__(self):
        self.parent, self.off, self.lat = [], [], []

    def add(self):
        self.parent.append(len(self.parent))
        self.off.append(np.zeros(3, dtype=int))
        self.lat.append([])
        return len(self.parent) - 1

    def find(self, i):
        acc = np.zeros(3, dtype=int)
        while self.parent[i] != i:
            acc = acc + self.off[i]
            i = self.parent[i]
        return i, acc

    def unite(self, a, b, o):
        ra, oa = self.find(a)
        rb, ob = self.find(b)
        if ra == rb:
            t = oa + o - ob
            if np.any(t != 0):
                self.lat[ra].append(t)
            return ra
        self.parent[rb] = ra
        self.off[rb] = oa + o - ob
        self.lat[ra].extend(self.lat[rb])
        return ra


def oracle(report, t_lo, t_hi=None, margin=None):
    L = lattice_matrix(report["cell"])
    rad = max(s["radius_A"] for s in report["framework"]["spheres"])
    if t_hi is None:
        t_hi = report["di_A"] / 2 + 1e-6
    if margin is None:
        margin = max(6.0, 2 * (t_hi + rad) + 2.0)
    while True:
        try:
            return oracle_with_margin(report, t_lo, t_hi, margin, L)
        except MarginTooSmall:
            margin *= 1.6


def oracle_with_margin(report, t_lo, t_hi, margin, L):
    o = Oracle(report, margin)
    sad = o.saddles(t_lo, t_hi)
    sad.sort(key=lambda x: -x[1])
    maxima = []  # cartesian positions in the unit cell
    uf = PeriodicUF()
    images = np.array([[i, j, k] for i in (-1, 0, 1) for j in (-1, 0, 1) for k in (-1, 0, 1)])
    img_cart = images @ L

    def node_of(p):
        fr = p @ o.Linv
        cell = np.floor(fr).astype(int)
        pc = p - cell @ L
        if maxima:
            M = np.array(maxima)
            d = np.linalg.norm(M[:, None, :] + img_cart[None, :, :] - pc[None, None, :], axis=2)
            m, k = np.unravel_index(np.argmin(d), d.shape)
            if d[m, k] < 1e-3:
                # p = maxima[m] + images[k] + cell
                return int(m), cell + images[k]
        maxima.append(pc)
        uf.add()
        return len(maxima) - 1, cell

    rf_kd = [None, None, None]
    rf_axis = [None, None, None]
    at_axis = [None, None, None]
    failed = 0
    for s, t0, n in sad:
        ends = []
        for side in (1.0, -1.0):
            q = o.ascend(s, t0, n, side)
            if q is None:
                failed += 1
                break
            ends.append(node_of(q))
        if len(ends) < 2:
            continue
        (m1, c1), (m2, c2) = ends
        root = uf.unite(m1, m2, c2 - c1)
        lat = uf.lat[root]
        rank = np.linalg.matrix_rank(np.array(lat, dtype=float)) if lat else 0
        for k in range(rank):
            if rf_kd[k] is None:
                rf_kd[k] = t0
        for a in range(3):
            if rf_axis[a] is None and any(v[a] != 0 for v in lat):
                rf_axis[a] = t0
                at_axis[a] = [float(x) for x in s @ o.Linv]
        if all(x is not None for x in rf_kd + rf_axis):
            break
    return {"rf_axis_A": rf_axis, "rf_kd_A": rf_kd, "saddle_frac": at_axis,
            "saddles": len(sad), "maxima": len(maxima),
            "failed_ascents": failed, "t_lo_A": t_lo}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json")
    ap.add_argument("--t-lo", type=float, required=True)
    a = ap.parse_args()
    with open(a.json) as fh:
        rep = load_report(fh.read())
    print(json.dumps(oracle(rep, a.t_lo)))


if __name__ == "__main__":
    sys.exit(main())
