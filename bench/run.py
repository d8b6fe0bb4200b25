#!/usr/bin/env python3
"""Tally benchmark: the same work in Tally and in DuckDB, in one run, as medians and ratios.

    python3 bench/run.py [--scale county,quarter,province,10x] [--order period,unit,element,shuffled] [--runs 3]
                         [--postgres URL] [--keep] [--import-only] [--no-build | --tally PATH]

For each scale (county: the demo county, 250 villages; quarter: a quarter of the province, 10,000 villages; province:
40,000 villages; 10x: 400,000 villages) the demo generator writes the data (`tally demo [--scale province
--villages N] --files-only`, deterministic). Its rows come
period by period; the other orders are made from that file with GNU sort: grouped by org unit (village), grouped by
element, or shuffled (`sort -R` with a fixed random source, so the same on every run). For each order:
  1. import: `tally init` + `tally import data.csv` as a whole process (rows/s, peak memory) vs DuckDB loading
     the same CSV into a table of its own database file (the Python module, in this process);
  2. with --postgres: the same import into a new schema of that PostgreSQL server (rows/s; median of the runs);
  3. the full roll-up: `tally rollup` (a whole process) vs DuckDB's GROUP BY over a closure-table join,
     materialised; the answers are compared cell by cell once per scale (not at 10x: the file would be ~10 GB);
  4. one level's birth rate over a reporting year, for the towns and for the villages (levels 4 and 5 of a
     province, 2 and 3 of the county): `tally query --indicator cbr --period 2025Oct --level L` as a whole process
     vs the DuckDB CLI answering the same question from its database file; the answers agree to 1e-9.
The databases of the four orders must be the same: the SHA-256 of their `tally export` outputs is printed for each
order and compared among the orders of one run (at every scale, also with --import-only; at 10x, where `tally export`
would hold 18 GB, the SQLite file's stored blocks are hashed instead, with people by name: `block_digest`).
--import-only stops after steps 1 and 2 (the roll-up of DuckDB's closure join alone takes minutes at 10x).
Last, the cost growth from one scale to the next: the time per value of each measure at the larger scale ÷ that
at the smaller (1.0 is linear).
Needs bench/.venv with duckdb and duckdb-cli (created on first run), GNU sort, /usr/bin/time; psql for --postgres.
"""
import argparse, hashlib, os, re, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
VENV = os.path.join(BENCH, ".venv")
TALLY = os.path.join(ROOT, ".build", "release", "tally")
SCALES = {"county": None, "quarter": 10_000, "province": 40_000, "10x": 400_000}
ORDERS = ["period", "unit", "element", "shuffled"]
# Sort keys (GNU sort -k) of data.csv's columns dataelement,period,orgunit,categoryoptioncombo,value,…
SORT_KEYS = {"unit": ["-k3,3", "-k2,2", "-k1,1", "-k4,4"], "element": ["-k1,1", "-k4,4", "-k2,2", "-k3,3"]}


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(os.path.join(VENV, "bin", "duckdb")):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "duckdb==1.5.6", "duckdb-cli==1.5.6"], check=True)
    # The venv's python is a link to the system's, so compare the environments, not the executables.
    if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        os.execv(py, [py] + sys.argv)


def timed(cmd, **kw):
    """Runs a whole process; returns (seconds, stdout)."""
    t = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)
    return time.perf_counter() - t, out.stdout


def timed_peak(cmd):
    """Runs a whole process under /usr/bin/time; returns (seconds, peak MiB, stdout, stderr)."""
    t = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True)
    s = time.perf_counter() - t
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr[-3000:]}")
    lines = out.stderr.strip().splitlines()
    return s, int(lines[-1]) / 1024, out.stdout, "\n".join(lines[:-1])


def median_time(cmd, runs):
    times, out = [], ""
    for _ in range(runs):
        s, out = timed(cmd)
        times.append(s)
    return statistics.median(times), out


def remove(*paths):
    for p in paths:
        for f in (p, p + "-wal", p + "-shm"):
            if os.path.exists(f):
                os.remove(f)


def generate(scale, data, keep):
    csv = os.path.join(data, "data-period.csv")
    if keep and os.path.exists(csv):
        return
    os.makedirs(data, exist_ok=True)
    cmd = [TALLY, "demo", "--files-only", "--dir", data]
    if SCALES[scale]:
        cmd += ["--scale", "province", "--villages", str(SCALES[scale])]
    s, out = timed(cmd)
    print(f"  generated: {out.strip()} [{s:.1f} s]", flush=True)
    os.replace(os.path.join(data, "data.csv"), csv)


def reorder(data, order, keep):
    """The generator's file in another order: the header, then the rows sorted by GNU sort (byte order)."""
    src = os.path.join(data, "data-period.csv")
    dst = os.path.join(data, f"data-{order}.csv")
    if order == "period" or (keep and os.path.exists(dst)):
        return dst
    seed = os.path.join(data, "random-source")
    if not os.path.exists(seed):
        with open(seed, "wb") as f:
            block = b"tally-bench"
            for _ in range(1 << 14):
                block = hashlib.sha256(block).digest()
                f.write(block)
    keys = SORT_KEYS.get(order, [])
    how = ["-R", f"--random-source={seed}"] if order == "shuffled" else ["-t,"] + keys
    t = time.perf_counter()
    with open(src, "rb") as f:
        header = f.readline()
    with open(dst, "wb") as out:
        out.write(header)
        out.flush()
        tail = subprocess.Popen(["tail", "-n", "+2", src], stdout=subprocess.PIPE)
        subprocess.run(["sort", "-S", "1G", "-T", data] + how, stdin=tail.stdout, stdout=out, check=True,
                       env=dict(os.environ, LC_ALL="C"))
        tail.wait()
    print(f"  made the {order} order [{time.perf_counter() - t:.1f} s]", flush=True)
    return dst


def tally_import(db, data, csv):
    remove(db)
    sh([TALLY, "init", "--db", db, "--metadata", os.path.join(data, "tally.yaml"), "--orgunits",
        os.path.join(data, "orgunits.csv")])
    s, peak, out, err = timed_peak([TALLY, "import", "--db", db, csv])
    said = (out + "\n" + err).strip().splitlines()
    return s, peak, said[-1] if said else ""


def duck_load(duckdb, duck, csv):
    remove(duck)
    con = duckdb.connect(duck)
    con.execute("SET enable_progress_bar = false")
    t = time.perf_counter()
    con.execute(f"CREATE TABLE v AS SELECT * FROM read_csv('{csv}', header=true, all_varchar=false, "
                "columns={'dataelement':'VARCHAR','period':'VARCHAR','orgunit':'VARCHAR','categoryoptioncombo':'VARCHAR',"
                "'value':'DOUBLE','storedby':'VARCHAR','lastupdated':'VARCHAR'})")
    s = time.perf_counter() - t
    con.close()
    return s


def postgres_import(url, scale, order, data, csv):
    """Imports into a new schema of the PostgreSQL server; returns seconds. The schema is dropped afterwards."""
    schema = f"bench_{scale}_{order}".replace("10x", "tenfold")
    base = url.split("?")[0]
    sh(["psql", base, "-q", "-c", f"DROP SCHEMA IF EXISTS {schema} CASCADE"])
    db = url + ("&" if "?" in url else "?") + "schema=" + schema
    sh([TALLY, "init", "--db", db, "--metadata", os.path.join(data, "tally.yaml"), "--orgunits",
        os.path.join(data, "orgunits.csv")])
    s, _ = timed([TALLY, "import", "--db", db, csv])
    sh(["psql", base, "-q", "-c", f"DROP SCHEMA {schema} CASCADE"])
    return s


ROLLUP_SQL = """
    CREATE OR REPLACE TEMP TABLE mo AS
        SELECT m.e, m.c, cl.ancestor AS o, m.month, sum(m.value) AS value
        FROM m JOIN closure cl ON cl.descendant = m.o GROUP BY ALL;
    CREATE OR REPLACE TEMP TABLE r AS
    WITH t AS (SELECT * FROM mo UNION ALL SELECT e, '', o, month, sum(value) FROM mo WHERE c <> '' GROUP BY e, o, month),
    p AS (SELECT e, c, o, month,
                 substr(month, 1, 4) || 'Q' || ((cast(substr(month, 5, 2) AS INT) + 2) // 3) AS quarter,
                 CASE WHEN cast(substr(month, 5, 2) AS INT) >= 10 THEN substr(month, 1, 4)
                      ELSE cast(cast(substr(month, 1, 4) AS INT) - 1 AS VARCHAR) END || 'Oct' AS fy, value FROM t)
    SELECT e, c, o, month AS period, value FROM p
    UNION ALL SELECT e, c, o, quarter, sum(value) FROM p GROUP BY e, c, o, quarter
    UNION ALL SELECT e, c, o, fy, sum(value) FROM p GROUP BY e, c, o, fy;
    SELECT count(*) FROM r;
"""


def duck_tables(duckdb, duck, data):
    """DuckDB's side tables: closure (ancestor, descendant), levels, monthly values."""
    con = duckdb.connect(duck)
    con.execute(f"CREATE OR REPLACE TABLE ou AS SELECT * FROM read_csv('{os.path.join(data, 'orgunits.csv')}', header=true, all_varchar=true)")
    con.execute("""CREATE OR REPLACE TABLE closure AS
        WITH RECURSIVE c(ancestor, descendant) AS (
            SELECT code, code FROM ou
            UNION ALL SELECT ou.parent, c.descendant FROM c JOIN ou ON ou.code = c.ancestor WHERE ou.parent IS NOT NULL)
        SELECT * FROM c""")
    con.execute("""CREATE OR REPLACE TABLE lvl AS
        WITH RECURSIVE l(code, level) AS (SELECT code, 1 FROM ou WHERE parent IS NULL
            UNION ALL SELECT ou.code, l.level + 1 FROM ou JOIN l ON ou.parent = l.code) SELECT * FROM l""")
    con.execute("""CREATE OR REPLACE TABLE m AS SELECT dataelement AS e, coalesce(categoryoptioncombo, '') AS c, orgunit AS o,
        period AS month, value FROM v WHERE length(period) = 6""")
    levels = [r[0] for r in con.execute("SELECT DISTINCT level FROM lvl ORDER BY level").fetchall()]
    con.close()
    return levels


def rollup_check(duckdb, duck, db, data):
    check = os.path.join(data, "rollup.csv")
    sh([TALLY, "rollup", "--db", db, "--out", check])
    con = duckdb.connect(duck)
    con.execute(ROLLUP_SQL.replace("SELECT count(*) FROM r;", ""))
    con.execute(f"CREATE TEMP TABLE t AS SELECT * FROM read_csv('{check}', header=true, all_varchar=true)")
    bad = con.execute("""SELECT count(*) FROM r FULL JOIN (SELECT element AS e, coalesce(combo, '') AS c, orgunit AS o, period, cast(value AS DOUBLE) AS value
        FROM t WHERE element <> 'population') t USING (e, c, o, period) WHERE r.value IS DISTINCT FROM t.value""").fetchone()[0]
    cells = con.execute("SELECT count(*) FROM r").fetchone()[0]
    con.close()
    os.remove(check)
    print(f"  roll-up check: {cells:,} DuckDB cells, {bad} differ from Tally's", flush=True)
    if bad:
        sys.exit("roll-up results differ")


def query_sql(level):
    return f"""
        WITH b AS (SELECT cl.ancestor AS o, sum(m.value) AS births FROM m JOIN closure cl ON cl.descendant = m.o
                   WHERE m.e = 'births' AND m.month BETWEEN '202510' AND '202609' GROUP BY cl.ancestor),
        pv AS (SELECT orgunit AS o, period, value FROM v WHERE dataelement = 'population' AND period IN ('2025', '2026')),
        pw AS (SELECT o, (sum(CASE WHEN period = '2025' THEN value * 92 ELSE value * 273 END)
                          / sum(CASE WHEN period = '2025' THEN 92 ELSE 273 END)) AS pop FROM pv GROUP BY o),
        pa AS (SELECT cl.ancestor AS o, sum(pw.pop) AS pop FROM pw JOIN closure cl ON cl.descendant = pw.o GROUP BY cl.ancestor)
        SELECT lvl.code, b.births, pa.pop, b.births / pa.pop * 1000 AS cbr FROM lvl JOIN b ON b.o = lvl.code JOIN pa ON pa.o = lvl.code
        WHERE lvl.level = {level} ORDER BY cbr DESC;
    """


def query(duck, db, data, level, runs):
    """One level's birth rate over a reporting year, in Tally and in the DuckDB CLI; checks the answers agree."""
    path = os.path.join(data, f"query{level}.sql")
    with open(path, "w") as f:
        f.write(query_sql(level))
    duckcli = os.path.join(VENV, "bin", "duckdb")
    tq, out_q = median_time([TALLY, "query", "--db", db, "--indicator", "cbr", "--period", "2025Oct", "--level", str(level), "--format", "csv"], runs)
    dq, out_dq = median_time([duckcli, "-readonly", duck, "-csv", "-c", f".read {path}"], runs)
    tally_rows = {r.split(",")[0]: float(r.split(",")[4]) for r in out_q.splitlines()[1:]}
    duck_rows = {r.split(",")[0]: float(r.split(",")[3]) for r in out_dq.splitlines()[1:]}
    worst = max((abs(tally_rows[k] - duck_rows[k]) / max(abs(duck_rows[k]), 1e-300) for k in duck_rows), default=0) \
        if duck_rows.keys() == tally_rows.keys() else None
    if worst is None or worst > 1e-9:
        sys.exit(f"level-{level} query results differ (largest relative difference {worst})")
    return tq, dq, len(duck_rows)


def export_digest(db):
    """The SHA-256 of `tally export --format csv` of the whole database and the number of values, read as a stream."""
    digest, lines = hashlib.sha256(), 0
    with subprocess.Popen([TALLY, "export", "--db", db, "--format", "csv"], stdout=subprocess.PIPE) as p:
        while chunk := p.stdout.read(1 << 20):
            digest.update(chunk)
            lines += chunk.count(b"\n")
    if p.returncode != 0:
        sys.exit(f"tally export --db {db} failed")
    return digest.hexdigest()[:16], lines - 1


def block_digest(db):
    """The SHA-256 of the stored values of a SQLite database, read from its blocks, and their number: each block
    keyed by its element's, period's and combo's codes, in that order, with its columns as stored (org units,
    values, created, updated, batches, flags) and who stored each value by name (actor ids follow the order people
    are first met in a file), the history and comments counted. For 10x, where `tally export` — which holds the
    values it writes in memory, some 160 bytes each — would need 18 GB."""
    import sqlite3
    from array import array
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    actors = dict(con.execute("SELECT id, name FROM actor"))
    rank = {a: str(k) for k, a in enumerate(sorted(actors, key=actors.get))}
    digest, values = hashlib.sha256(), 0
    keys = sorted(con.execute(
        "SELECT e.code, p.identifier, c.code, b.id FROM value_block b JOIN element e ON e.id = b.element_id "
        "JOIN period p ON p.id = b.period_id JOIN combo c ON c.id = b.combo_id"))
    for element, period, combo, block in keys:
        count, units, vals, who, created, updated, batches, flags = con.execute(
            "SELECT count, org_units, vals, actors, created, updated, batches, flags FROM value_block WHERE id = ?",
            (block,)).fetchone()
        digest.update(f"{element},{period},{combo},{count}\n".encode())
        for column in (units, vals, created, updated, batches, flags):
            digest.update(column)
        digest.update(",".join(rank[a] for a in array("i", who)).encode())
        values += count
    for table in ("data_value_history", "value_comment", "text_value", "write_batch"):
        digest.update(f"{table} {con.execute(f'SELECT COUNT(*) FROM {table}').fetchone()[0]}".encode())
    con.close()
    return digest.hexdigest()[:16], values


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="county,province", help="county, quarter, province, 10x (comma-separated)")
    ap.add_argument("--order", default=",".join(ORDERS), help="period, unit, element, shuffled (comma-separated)")
    ap.add_argument("--runs", type=int, default=3, help="runs per import; queries run twice as often")
    ap.add_argument("--postgres", default=None, help="a postgres:// URL: measure the import into PostgreSQL too")
    ap.add_argument("--keep", action="store_true", help="reuse generated data in bench/data")
    ap.add_argument("--import-only", action="store_true",
                    help="measure the imports and DuckDB's load only: no roll-up, queries or export comparison")
    ap.add_argument("--no-build", action="store_true", help="use the release build as it is")
    ap.add_argument("--tally", default=None, help="a tally program to measure instead of the release build "
                    "(such as dist/tally from scripts/release); implies --no-build")
    args = ap.parse_args()
    scales = [s for s in args.scale.split(",") if s]
    orders = [o for o in args.order.split(",") if o]
    for s in scales:
        if s not in SCALES:
            sys.exit(f"--scale: '{s}' is not one of {', '.join(SCALES)}")
    for o in orders:
        if o not in ORDERS:
            sys.exit(f"--order: '{o}' is not one of {', '.join(ORDERS)}")
    ensure_venv()
    import duckdb  # noqa: E402

    if args.tally:
        global TALLY
        TALLY = os.path.abspath(args.tally)
    elif not args.no_build:
        print("building tally (release)…", flush=True)
        subprocess.run(["swift", "build", "-c", "release", "--product", "tally"], cwd=ROOT, check=True, capture_output=True)
    commit = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).stdout.strip()
    print(f"commit {commit}; load average before: {os.getloadavg()[0]:.1f}", flush=True)
    per_value = {}  # (scale, order, measure) -> seconds per value
    tables = []
    for scale in scales:
        data = os.path.join(BENCH, "data", scale)
        print(f"{scale}:", flush=True)
        generate(scale, data, args.keep)
        src = os.path.join(data, "data-period.csv")
        with open(src, "rb") as f:
            rows = sum(1 for _ in f) - 1
        runs = 1 if scale == "10x" else args.runs
        qruns = 1 if scale == "10x" else 2 * args.runs
        rows_out, digests = [], {}
        levels = None
        for order in orders:
            csv = reorder(data, order, args.keep)
            db = os.path.join(data, f"tally-{order}.sqlite")
            duck = os.path.join(data, f"bench-{order}.duckdb")
            imports, peaks, loads, line = [], [], [], ""
            for _ in range(runs):
                s, peak, line = tally_import(db, data, csv)
                imports.append(s)
                peaks.append(peak)
                loads.append(duck_load(duckdb, duck, csv))
            ti, td, peak = statistics.median(imports), statistics.median(loads), max(peaks)
            print(f"  {order}: import {ti:.2f} s ({rows / ti:,.0f} rows/s, peak {peak:.0f} MiB; {line}), "
                  f"DuckDB load {td:.2f} s", flush=True)
            pg = None
            if args.postgres:
                pg = statistics.median(postgres_import(args.postgres, scale, order, data, csv) for _ in range(runs))
                print(f"  {order}: PostgreSQL import {pg:.2f} s ({rows / pg:,.0f} rows/s)", flush=True)
            digests[order] = export_digest(db) if rows <= 20_000_000 else block_digest(db)
            what = "export" if rows <= 20_000_000 else "stored blocks"
            print(f"  {order}: {what} {digests[order][0]} ({digests[order][1]:,} values)", flush=True)
            if args.import_only:
                rows_out.append((order, ti, td, peak, pg, None, None, None, None, None, None))
                for name, value in [("import", ti), ("DuckDB load", td), ("PostgreSQL import", pg)]:
                    if value is not None:
                        per_value[(scale, order, name)] = value / rows
                remove(db, duck)
                continue
            if levels is None:
                levels = duck_tables(duckdb, duck, data)
                rollup_check(duckdb, duck, db, data) if scale != "10x" else None
            else:
                duck_tables(duckdb, duck, data)
            sql_file = os.path.join(data, "rollup.sql")
            with open(sql_file, "w") as f:
                f.write(ROLLUP_SQL)
            tr, out_t = median_time([TALLY, "rollup", "--db", db], runs)
            dr, _ = median_time([os.path.join(VENV, "bin", "duckdb"), duck, "-c", f".read {sql_file}"], runs)
            town, village = levels[-2], levels[-1]
            t4, d4, n4 = query(duck, db, data, town, qruns)
            t5, d5, n5 = query(duck, db, data, village, qruns)
            print(f"  {order}: roll-up {tr:.2f} s vs {dr:.2f} s; towns (level {town}, {n4:,}) {t4 * 1000:.0f} vs "
                  f"{d4 * 1000:.0f} ms; villages (level {village}, {n5:,}) {t5 * 1000:.0f} vs {d5 * 1000:.0f} ms",
                  flush=True)
            rows_out.append((order, ti, td, peak, pg, tr, dr, t4, d4, t5, d5))
            for name, value in [("import", ti), ("DuckDB load", td), ("PostgreSQL import", pg), ("roll-up", tr),
                                ("town level", t4), ("village level", t5)]:
                if value is not None:
                    per_value[(scale, order, name)] = value / rows
            remove(db, duck)
        if len(set(d for d, _ in digests.values())) > 1:
            sys.exit(f"the orders gave different databases: {digests}")
        tables.append((scale, rows, runs, qruns, rows_out, digests))

    print()
    for scale, rows, runs, qruns, rows_out, digests in tables:
        same = f"; the {len(digests)} orders' exports are identical ({next(iter(digests.values()))[1]:,} values)" \
            if len(digests) > 1 else ""
        print(f"### {scale}: {rows:,} values; medians of {runs} imports and {qruns} queries{same}")
        print()
        print("| order | import | rows/s | ÷ DuckDB load | peak memory | PostgreSQL rows/s | roll-up ÷ DuckDB | towns ÷ DuckDB CLI | villages ÷ DuckDB CLI |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for order, ti, td, peak, pg, tr, dr, t4, d4, t5, d5 in rows_out:
            pgs = f"{rows / pg:,.0f}" if pg else "—"
            if tr is None:
                print(f"| {order} | {ti:.2f} s | {rows / ti:,.0f} | {ti / td:.2f} ({td:.2f} s) | {peak:.0f} MiB | {pgs} | "
                      "— | — | — |")
                continue
            print(f"| {order} | {ti:.2f} s | {rows / ti:,.0f} | {ti / td:.2f} ({td:.2f} s) | {peak:.0f} MiB | {pgs} | "
                  f"{tr / dr:.2f} ({tr:.2f} / {dr:.2f} s) | {t4 / d4:.2f} ({t4 * 1000:.0f} / {d4 * 1000:.0f} ms) | "
                  f"{t5 / d5:.2f} ({t5 * 1000:.0f} / {d5 * 1000:.0f} ms) |")
        print()
    if len(tables) > 1:
        print("### cost growth: time per value at the larger scale ÷ at the smaller (1.00 = linear)")
        print()
        measures = ["import", "DuckDB load", "PostgreSQL import", "roll-up", "town level", "village level"]
        print("| scales | order | " + " | ".join(measures) + " |")
        print("|---|---|" + "---:|" * len(measures))
        for (a, *_), (b, *_) in zip(tables, tables[1:]):
            for order in orders:
                cells = []
                for m in measures:
                    x, y = per_value.get((a, order, m)), per_value.get((b, order, m))
                    cells.append(f"{y / x:.2f}" if x and y else "—")
                print(f"| {a} → {b} | {order} | " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
