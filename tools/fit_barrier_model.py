#!/usr/bin/python3
"""Fit channelmap's predicted migration barrier (predicted_em_eV) on published NEB barriers.

Input: the JSON lines written by tools/run_barrier_paths.py (one per row of
../shared/reference/barrier_paths.csv: the row's file, ion, crystal class, formula, Em_eV and the
per-path descriptors of `channelmap path --json`).

What it does
- Groups rows by host (the cell's composition without the migrating ion, reduced) and by the
  dataset's crystal class; every cross-validation here keeps a group within one fold.
- Compares, by grouped cross-validation, the BVSE barrier alone (raw, and linearly calibrated
  inside each fold) with the model over channelmap's per-path descriptors.
- Fits the model on every row and writes it as C++ data (src/barrier_model_data.inc), which
  src/barrier_model.cpp evaluates deterministically, and the cross-validated quality as
  docs/barrier_model_cv.md (and JSON beside it for tests).

The model is a straight line in the (clipped) BVSE barrier, fitted as a median (L1) regression,
plus scikit-learn's HistGradientBoostingRegressor (absolute-error loss, shallow trees) fitted to
what the line leaves, with the constraint that the trees' output never falls as the BVSE
barrier rises (monotonic_cst). The fit is deterministic (no subsampling, no early stopping).

Usage: fit_barrier_model.py ROWS.jsonl [--out-model src/barrier_model_data.inc]
           [--out-report docs/barrier_model_cv.md] [--mg-hops HOPS.jsonl]
"""
import argparse
import json
import math
import re
import sys
from collections import defaultdict
from math import gcd
from functools import reduce

import numpy as np
from scipy.stats import spearmanr
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.linear_model import LinearRegression, QuantileRegressor
from sklearn.model_selection import GroupKFold

THRESHOLD_EV = 0.65  # the dataset authors' classification threshold (Em < 0.65 eV)

# The descriptors the model reads, by their names in `channelmap path --json` ("descriptors").
FEATURES = []  # filled from the command line or DEFAULT_FEATURES
DEFAULT_FEATURES = [
    # the ion's energy along the path (softBV BVSE, docs/energy.md)
    "bvse_barrier_eV",
    # geometry of the path: narrowest clearance relative to the ion, straight and path length
    "bottleneck_ratio",
    "hop_distance_A",
    "path_length_A",
    # coordination by anions: at the start, the lowest and highest along the path
    "cn_start",
    "cn_min",
    "cn_max",
    # the ion, the anions and the framework cations
    "mobile_charge",
    "mobile_radius_A",
    "volume_per_anion_A3",
    "anion_radius_A",
    "anion_charge",
    "cation_charge",
]

HGB_PARAMS = dict(loss="absolute_error", max_iter=200, learning_rate=0.05, max_depth=3,
                  min_samples_leaf=8, early_stopping=False, random_state=0)
# The baseline reads min(bvse_barrier_eV, BASE_CLIP_EV): above a few eV the BVSE barrier says
# little more (42 paths exceed 5 eV, several of them with NEB barriers below 0.3 eV).
BASE_CLIP_EV = 4.0


class BarrierModel:
    """Median line in min(BVSE barrier, clip) plus monotone boosted trees on the residual."""

    def __init__(self, features):
        assert features[0] == "bvse_barrier_eV", "the baseline reads the first feature"
        self.features = features

    def base_input(self, X):
        return np.minimum(X[:, 0], BASE_CLIP_EV).reshape(-1, 1)

    def fit(self, X, y):
        b = self.base_input(X)
        self.line = QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(b, y)
        self.base_mean = float(np.mean(b))
        cst = [1 if f == "bvse_barrier_eV" else 0 for f in self.features]
        self.trees = HistGradientBoostingRegressor(monotonic_cst=cst, **HGB_PARAMS).fit(
            X, y - self.line.predict(b))
        return self

    def predict(self, X):
        return self.line.predict(self.base_input(X)) + self.trees.predict(X)


def parse_formula(f):
    out = defaultdict(float)
    for el, n in re.findall(r"([A-Z][a-z]?)([0-9.]*)", f):
        out[el] += float(n) if n else 1.0
    return out


def host_key(formula, ion):
    comp = parse_formula(formula)
    comp.pop(ion, None)
    counts = [int(round(v * 1000)) for v in comp.values()]
    g = reduce(gcd, counts) if counts else 1
    return "".join(f"{el}{int(round(comp[el] * 1000)) // g}" for el in sorted(comp))


def metrics(y, p):
    y, p = np.asarray(y), np.asarray(p)
    if len(y) < 2:
        return dict(n=len(y), spearman=float("nan"), mae=float(np.mean(np.abs(y - p))) if len(y) else float("nan"),
                    r2=float("nan"), acc=float(np.mean((y < THRESHOLD_EV) == (p < THRESHOLD_EV))) if len(y) else float("nan"))
    rho = spearmanr(y, p).correlation
    ss = np.sum((y - y.mean()) ** 2)
    r2 = 1 - np.sum((y - p) ** 2) / ss if ss > 0 else float("nan")
    return dict(n=len(y), spearman=float(rho), mae=float(np.mean(np.abs(y - p))), r2=float(r2),
                acc=float(np.mean((y < THRESHOLD_EV) == (p < THRESHOLD_EV))))


def matrix(rows, features):
    X = np.array([[r["descriptors"].get(f, float("nan")) for f in features] for r in rows],
                 dtype=float)
    X = np.where(np.isfinite(X), X, np.nan)
    return X


def fill(X, medians):
    X = X.copy()
    for j in range(X.shape[1]):
        X[np.isnan(X[:, j]), j] = medians[j]
    return X


def column_medians(X):
    med = np.nanmedian(X, axis=0)
    return np.where(np.isfinite(med), med, 0.0)


def cross_validate(rows, groups, features, n_splits=5):
    """Out-of-fold predictions of the model and of the calibrated BVSE barrier."""
    y = np.array([r["Em_eV"] for r in rows])
    X = matrix(rows, features)
    bv = matrix(rows, ["bvse_barrier_eV"])[:, 0]
    pred = np.full(len(rows), np.nan)
    pred_bv = np.full(len(rows), np.nan)
    n_splits = min(n_splits, len(set(groups)))
    for train, test in GroupKFold(n_splits=n_splits).split(X, y, groups):
        med = column_medians(X[train])
        model = BarrierModel(features).fit(fill(X[train], med), y[train])
        pred[test] = model.predict(fill(X[test], med))
        ok = np.isfinite(bv[train])
        lin = LinearRegression().fit(bv[train][ok].reshape(-1, 1), y[train][ok])
        b = np.where(np.isfinite(bv[test]), bv[test], np.nanmedian(bv[train]))
        pred_bv[test] = lin.predict(b.reshape(-1, 1))
    return y, pred, pred_bv, bv


def tree_nodes(predictor):
    """One HistGradientBoosting tree as [feature (-1: leaf), threshold, left, right, value] rows.

    Leaf values already include the learning rate. With the absolute-error loss scikit-learn
    replaces the leaf values by residual medians after growing the tree, so the stored value of
    an inner node is on another scale than the leaves; each inner node gets instead the
    sample-weighted mean of the leaves below it, which keeps the per-feature terms (Saabas)
    consistent. Leaves keep their values, so predictions do not change."""
    nodes = predictor.nodes
    vals = [0.0] * len(nodes)

    def walk(i):
        n = nodes[i]
        if n["is_leaf"]:
            vals[i] = float(n["value"])
            return vals[i] * int(n["count"])
        total = walk(int(n["left"])) + walk(int(n["right"]))
        vals[i] = total / int(n["count"])
        return total

    walk(0)
    out = []
    for i, n in enumerate(nodes):
        assert not n["is_categorical"]
        if n["is_leaf"]:
            out.append([-1, 0.0, -1, -1, vals[i]])
        else:
            out.append([int(n["feature_idx"]), float(n["num_threshold"]), int(n["left"]),
                        int(n["right"]), vals[i]])
    return out


def tree_to_cpp(predictor):
    return "{" + ", ".join(f"{{{f}, {t!r}, {l}, {r}, {v!r}}}"
                           for f, t, l, r, v in tree_nodes(predictor)) + "}"


def write_model(model, features, medians, path, provenance):
    init = float(np.ravel(model.trees._baseline_prediction)[0])
    params = dict(HGB_PARAMS, monotonic_cst="+1 on bvse_barrier_eV")
    lines = [
        "// Generated by tools/fit_barrier_model.py; do not edit.",
        "// Predicted NEB migration barrier (eV) from channelmap's per-path descriptors: a median",
        "// line in min(bvse_barrier_eV, clip) plus gradient-boosted regression trees",
        "// (scikit-learn HistGradientBoostingRegressor) fitted to what the line leaves.",
        f"// Trees: {params}",
        "// Node: {feature (-1: leaf), threshold (go left when x <= threshold), left, right, value}",
        "// (value: at a leaf, what the tree predicts; inside, the mean of the leaves below it).",
        f"static const char* const kProvenance = {json.dumps(provenance)};",
        f"static const char* const kFeatures[] = {{{', '.join(json.dumps(f) for f in features)}}};",
        f"static const double kMedians[] = {{{', '.join(repr(float(m)) for m in medians)}}};",
        "// The line: kBaseIntercept + kBaseSlope * min(feature kBaseFeature, kBaseClip);",
        "// kBaseMean is the mean of min(feature, clip) over the fitting data (for the terms).",
        "static const int kBaseFeature = 0;",
        f"static const double kBaseClip = {BASE_CLIP_EV!r};",
        f"static const double kBaseIntercept = {float(model.line.intercept_)!r};",
        f"static const double kBaseSlope = {float(model.line.coef_[0])!r};",
        f"static const double kBaseMean = {model.base_mean!r};",
        f"static const double kInit = {init!r};",
        "static const double kLearningRate = 1.0;  // already in the leaf values",
        "static const bool kSinglePrecisionCompare = false;  // HistGradientBoosting compares doubles",
    ]
    trees = [tree_to_cpp(p[0]) for p in model.trees._predictors]
    for k, t in enumerate(trees):
        lines.append(f"static const TreeNode kTree{k}[] = {t};")
    lines.append("static const TreeNode* const kTrees[] = {" +
                 ", ".join(f"kTree{k}" for k in range(len(trees))) + "};")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def write_model_json(model, features, medians, path, provenance):
    """The same model as JSON, for `channelmap ... --barrier-model FILE`."""
    out = dict(provenance=provenance, features=list(features), medians=[float(m) for m in medians],
               base=dict(feature=features[0], clip=BASE_CLIP_EV, intercept=float(model.line.intercept_),
                         slope=float(model.line.coef_[0]), mean=model.base_mean),
               init=float(np.ravel(model.trees._baseline_prediction)[0]), learning_rate=1.0,
               single_precision_compare=False,
               trees=[tree_nodes(p[0]) for p in model.trees._predictors])
    with open(path, "w") as f:
        json.dump(out, f)


def write_check(model, features, medians, X, rows, path, n=40):
    """Rows of descriptors with scikit-learn's prediction, for the C++ test."""
    idx = np.linspace(0, len(rows) - 1, min(n, len(rows))).astype(int)
    pred = model.predict(fill(X[idx], medians))
    with open(path, "w") as f:
        f.write("# scikit-learn predictions of the fitted model (tools/fit_barrier_model.py); "
                "empty = missing descriptor\n")
        f.write("file," + ",".join(features) + ",predicted_em_eV\n")
        for k, i in enumerate(idx):
            vals = ["" if not np.isfinite(v) else repr(float(v)) for v in X[i]]
            f.write(rows[i]["file"] + "," + ",".join(vals) + f",{float(pred[k])!r}\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows")
    ap.add_argument("--out-model")
    ap.add_argument("--out-report")
    ap.add_argument("--out-json", help="the fitted model as JSON, for channelmap --barrier-model")
    ap.add_argument("--mg-train", help="mg_barriers_train.csv: structure-level check")
    ap.add_argument("--out-check", help="rows with scikit-learn's predictions for the C++ test")
    ap.add_argument("--features", default=",".join(DEFAULT_FEATURES))
    args = ap.parse_args()
    rows = [json.loads(l) for l in open(args.rows) if l.strip()]
    rows = [r for r in rows if "descriptors" in r and r.get("error") is None]
    features = args.features.split(",")
    print(f"{len(rows)} rows with descriptors", file=sys.stderr)
    report = {}
    for scheme in ("crystal_class", "host"):
        groups = [r["crystal_class"] if scheme == "crystal_class" else host_key(r["formula"], r["ion"])
                  for r in rows]
        y, pred, pred_bv, bv = cross_validate(rows, groups, features)
        res = {}
        ions = ["all"] + sorted(set(r["ion"] for r in rows), key=lambda i: -sum(r["ion"] == i for r in rows))
        for ion in ions:
            m = np.array([ion == "all" or r["ion"] == ion for r in rows])
            okb = m & np.isfinite(bv)
            res[ion] = dict(model=metrics(y[m], pred[m]), bvse_calibrated=metrics(y[m], pred_bv[m]),
                            bvse_raw_spearman=float(spearmanr(y[okb], bv[okb]).correlation) if okb.sum() > 2 else float("nan"))
        # Structure level: the Mg compounds of mg_barriers_train.csv whose published paths are
        # rows here (its `ids` are barrier_paths sys_names): the lowest out-of-fold prediction
        # over a structure's paths against its lowest published barrier.
        if args.mg_train:
            import csv
            by_sys = {r["sys_name"]: i for i, r in enumerate(rows)}
            em, pm, pb = [], [], []
            for t in csv.DictReader(open(args.mg_train)):
                idx = [by_sys[i] for i in t["ids"].split(";") if i in by_sys]
                if not idx:
                    continue
                em.append(float(t["Em_min_eV"]))
                pm.append(min(pred[i] for i in idx))
                pb.append(min(bv[i] for i in idx))
            res["mg_train_structures"] = dict(
                n=len(em), model_spearman=float(spearmanr(em, pm).correlation),
                bvse_raw_spearman=float(spearmanr(em, pb).correlation),
                model_mae=float(np.mean(np.abs(np.array(em) - np.array(pm)))))
        report[scheme] = res
    json.dump(report, sys.stdout, indent=1)
    if args.out_model or args.out_json:
        X = matrix(rows, features)
        med = column_medians(X)
        y = np.array([r["Em_eV"] for r in rows])
        model = BarrierModel(features).fit(fill(X, med), y)
        provenance = (f"fitted on {len(rows)} NEB paths of barrier_paths.csv (Devi et al., "
                      f"arXiv 2508.06459) by tools/fit_barrier_model.py")
        if args.out_model:
            write_model(model, features, med, args.out_model, provenance)
        if args.out_json:
            write_model_json(model, features, med, args.out_json, provenance)
        if args.out_check:
            write_check(model, features, med, X, rows, args.out_check)
    if args.out_report:
        with open(args.out_report, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
