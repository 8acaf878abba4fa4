#!/usr/bin/python3
"""Bounded mutation fuzz of valid inputs (issue #9).

Mutates the repository's own structures (structures/*.cif) and a POSCAR written from one of
them, with a fixed seed, and runs `channelmap describe --no-energy` on every mutant. Each run
must end within LIMIT_S seconds with status 0 (a row) or 1 (every stderr line an "error: FILE"
or "warning" line naming the file); never a signal, a hang, status 3 (an internal error) or
anything else.
Usage: fuzz.py CHANNELMAP_BIN SOURCE_DIR [COUNT] [SEED]
"""
import os
import random
import re
import subprocess
import sys
import tempfile

LIMIT_S = 60
NASTY_NUMBERS = ["nan", "-nan", "inf", "-inf", "1e999", "-1e999", "0", "-0", "-1", "1e300",
                 "1e-300", "?", ".", "abc", "4.2(", "1/0", "", "99999999999999999999",
                 "0x10", "1e9"]


def mutate(text, rng):
    lines = text.split("\n")
    kind = rng.randrange(9)
    if kind == 0:  # replace a number by a nasty token
        tokens = [(i, m) for i, l in enumerate(lines) for m in re.finditer(r"-?\d+\.?\d*(\(\d+\))?", l)]
        if tokens:
            i, m = rng.choice(tokens)
            l = lines[i]
            lines[i] = l[:m.start()] + rng.choice(NASTY_NUMBERS) + l[m.end():]
    elif kind == 1 and lines:  # delete a line
        del lines[rng.randrange(len(lines))]
    elif kind == 2 and lines:  # duplicate a line
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    elif kind == 3:  # truncate
        return text[: rng.randrange(len(text) + 1)]
    elif kind == 4 and lines:  # insert a quote or a semicolon somewhere
        i = rng.randrange(len(lines))
        j = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:j] + rng.choice(["'", '"', ";", "#", "loop_", "_", "data_"]) + lines[i][j:]
    elif kind == 5:  # flip random bytes
        b = bytearray(text.encode())
        for _ in range(rng.randrange(1, 8)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
        return b.decode("latin-1")
    elif kind == 6 and lines:  # swap two lines
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 7:  # change an element symbol
        syms = [(i, m) for i, l in enumerate(lines) for m in re.finditer(r"\b[A-Z][a-z]?\b", l)]
        if syms:
            i, m = rng.choice(syms)
            l = lines[i]
            lines[i] = l[:m.start()] + rng.choice(["Xx", "Q", "D", "Mg", "O", "H", "Og", "e"]) + l[m.end():]
    else:  # scale a number wildly
        tokens = [(i, m) for i, l in enumerate(lines) for m in re.finditer(r"\d+\.\d+", l)]
        if tokens:
            i, m = rng.choice(tokens)
            v = float(m.group(0)) * rng.choice([1e-6, 1e-3, 0.5, 2, 10, 1e3, 1e6])
            lines[i] = lines[i][:m.start()] + repr(v) + lines[i][m.end():]
    return "\n".join(lines)


def poscar_of_cif_free():
    # MgO periclase (Hazen 1976), conventional cell.
    a = 4.2112
    fcc = [(0, 0, 0), (0, .5, .5), (.5, 0, .5), (.5, .5, 0)]
    s = f"MgO\n1.0\n{a} 0 0\n0 {a} 0\n0 0 {a}\nMg O\n4 4\nDirect\n"
    s += "".join(f"{x} {y} {z}\n" for x, y, z in fcc)
    s += "".join(f"{(x+.5)%1} {(y+.5)%1} {(z+.5)%1}\n" for x, y, z in fcc)
    return s


def main():
    binary, source = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 150
    if os.environ.get("CHANNELMAP_SANITIZED") == "1":  # ASan runs are several times slower
        count = max(1, count // 3)
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20261202
    rng = random.Random(seed)
    seeds = []
    sdir = os.path.join(source, "structures")
    for name in sorted(os.listdir(sdir)):
        if name.endswith(".cif"):
            seeds.append((".cif", open(os.path.join(sdir, name), encoding="utf-8").read()))
    seeds.append((".vasp", poscar_of_cif_free()))
    failures = 0
    statuses = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(count):
            ext, text = rng.choice(seeds)
            mutant = text
            for _ in range(rng.randrange(1, 4)):
                mutant = mutate(mutant, rng)
            path = os.path.join(tmp, f"mutant{n:04d}{ext}")
            with open(path, "w", encoding="latin-1", newline="") as f:
                f.write(mutant)
            try:
                p = subprocess.run([binary, "describe", "--no-energy", path], capture_output=True,
                                   timeout=LIMIT_S)
                rc = p.returncode
            except subprocess.TimeoutExpired:
                rc = "timeout"
            statuses[rc] = statuses.get(rc, 0) + 1
            problem = None
            if rc not in (0, 1):
                problem = f"status {rc}"
            elif rc == 1:
                for line in p.stderr.decode("utf-8", "replace").splitlines():
                    if not line.startswith(("error: ", "warning: ")) or os.path.basename(path) not in line:
                        problem = f"stderr line without the file: {line[:120]}"
                        break
            if problem:
                failures += 1
                keep = os.path.join(os.environ.get("FUZZ_KEEP", tmp), os.path.basename(path))
                if keep != path:
                    with open(keep, "w", encoding="latin-1", newline="") as f:
                        f.write(mutant)
                print(f"FAIL {os.path.basename(path)} (seed {seed}): {problem}")
    print(f"{count} mutants, statuses {statuses}, {failures} failures (seed {seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
