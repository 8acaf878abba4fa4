#!/usr/bin/python3
"""channelmap's descriptor tables computed on a Dask cluster (docs/python.md, "Dask").

    tools/dask_describe.py PATH... -o OUT.csv [--sites S.csv] [--hops H.csv] [--errors E.csv]
        [--scheduler tcp://HOST:8786 | --workers N] [--mobile EL] [--no-energy] [--grid A]

Each input file (directories are searched as `channelmap describe` searches them) is one task:
channelmap.describe_input() on a Dask worker, which reads and analyses it and returns its table
lines. This process writes them in input order as they arrive, so the tables are the bytes
`channelmap describe PATH... -o OUT.csv --sites S.csv --hops H.csv --errors E.csv` writes,
whatever the number of workers or machines. A file that fails is a row of the error table; the
run goes on. Without --scheduler a LocalCluster of --workers processes runs on this machine
(on 127.0.0.1); with it, workers started elsewhere (`dask-scheduler`, `dask-worker`; each
needs `import channelmap`) do the work.

Exit status: 0 when every input was described, 1 when some failed, 2 on a usage error.
"""
import argparse
import os
import sys

import channelmap


def describe_one(item, options):
    """The task: one input's table lines (runs on a worker)."""
    import channelmap as cm  # the worker's own import

    return cm.describe_input(item, **options)


def run(paths, output, sites=None, hops=None, errors=None, client=None, options=None):
    """Describes `paths` with `client` (a dask.distributed Client) into the named files.
    Returns the number of failed inputs."""
    options = dict(options or {})
    options["all_environments"] = bool(sites or hops)  # as describe: shapes only when shown
    inputs = channelmap.describe_inputs(paths)
    if not inputs:
        raise channelmap.UsageError("", "", "usage", "no structure files found")
    from dask.distributed import as_completed

    futures = client.map(describe_one, inputs, options=options, pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    files = {"rows": output, "sites": sites, "hops": hops, "errors": errors}
    headers = {"rows": "descriptors", "sites": "sites", "hops": "hops", "errors": "errors"}
    out = {k: open(p, "w", newline="", encoding="utf-8", errors="surrogateescape")
           for k, p in files.items() if p}
    failures = 0
    try:
        for k, f in out.items():
            f.write(channelmap.table_header(headers[k]))
        done, next_i = {}, 0
        for fut in as_completed(futures):
            done[index[fut.key]] = fut.result()
            fut.release()
            while next_i in done:  # input order, as soon as each is ready
                chunk = done.pop(next_i)
                sys.stderr.write(chunk["messages"])
                failures += 1 if chunk["failures"] else 0
                for k, f in out.items():
                    f.write(chunk[k])
                    f.flush()
                next_i += 1
    finally:
        for f in out.values():
            f.close()
    return failures


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--sites")
    ap.add_argument("--hops")
    ap.add_argument("--errors")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="workers of the LocalCluster (default: every core)")
    ap.add_argument("--mobile", default="Mg")
    ap.add_argument("--no-energy", action="store_true")
    ap.add_argument("--grid", type=float)
    a = ap.parse_args(argv)
    from dask.distributed import Client, LocalCluster

    options = {"mobile": a.mobile, "energy": not a.no_energy, "grid": a.grid}
    try:
        channelmap._options(**options)  # an invalid option: a usage error here, not per task
        if a.scheduler:
            with Client(a.scheduler) as client:
                failed = run(a.paths, a.output, a.sites, a.hops, a.errors, client, options)
        else:
            with LocalCluster(n_workers=a.workers, threads_per_worker=1, host="127.0.0.1",
                              dashboard_address=None) as cluster, Client(cluster) as client:
                failed = run(a.paths, a.output, a.sites, a.hops, a.errors, client, options)
    except channelmap.UsageError as e:
        print(f"dask_describe: {e}", file=sys.stderr)
        return 2
    print(f"described {a.output}: {failed} inputs failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
