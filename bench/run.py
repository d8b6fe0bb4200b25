#!/usr/bin/env python3
"""Tally benchmark: the same work in Tally and in DuckDB, in one run, as medians and ratios.

    python3 bench/run.py [--villages 20000] [--runs 5]

Steps (all on this machine, same data):
  1. generate province-scale data with the demo generator (`tally demo --scale province --files-only`);
  2. import: `tally init` + `tally import data.csv` (rows/s, peak memory) vs DuckDB loading the same CSV
     into a table of its own database file;
  3. full roll-up: every element (and combo) for every org unit for every month, quarter and reporting
     year (`tally rollup`, a whole process) vs DuckDB's GROUP BY over a closure-table join, materialised;
     the answers are compared cell by cell once;
  4. one level's indicator table: `tally query --indicator cbr --period 2025Oct --level 4` as a whole
     process vs the DuckDB CLI answering the same question from its database file.
Needs bench/.venv with duckdb and duckdb-cli (created on first run).
"""
import argparse, os, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
VENV = os.path.join(BENCH, ".venv")
TALLY = os.path.join(ROOT, ".build", "release", "tally")


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
    s = time.perf_counter() - t
    return s, out.stdout


def peak_mib(cmd):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, check=True, capture_output=True, text=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024, out.stdout


def median_time(cmd, runs):
    times = []
    out = ""
    for _ in range(runs):
        s, out = timed(cmd)
        times.append(s)
    return statistics.median(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--villages", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="reuse generated data in bench/data")
    args = ap.parse_args()
    ensure_venv()
    import duckdb  # noqa: E402

    print("building tally (release)…", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "tally"], cwd=ROOT, check=True, capture_output=True)
    data = os.path.join(BENCH, "data")
    csv = os.path.join(data, "data.csv")
    if not (args.keep and os.path.exists(csv)):
        s, out = timed([TALLY, "demo", "--scale", "province", "--villages", str(args.villages), "--files-only", "--dir", data])
        print(out.strip(), f"[{s:.1f} s]", flush=True)
    rows = sum(1 for _ in open(csv, "rb")) - 1
    raw_mib = rows * 16 / 2**20
    db = os.path.join(data, "tally.sqlite")
    duck = os.path.join(data, "bench.duckdb")
    results = []

    # 1. Import.
    imp_t, imp_duck = [], []
    peak = 0
    for _ in range(max(1, args.runs // 2)):
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        sh([TALLY, "init", "--db", db, "--metadata", os.path.join(data, "tally.yaml"), "--orgunits", os.path.join(data, "orgunits.csv")])
        t = time.perf_counter()
        m, _ = peak_mib([TALLY, "import", "--db", db, csv])
        imp_t.append(time.perf_counter() - t)
        peak = max(peak, m)
        if os.path.exists(duck):
            os.remove(duck)
        con = duckdb.connect(duck)
        t = time.perf_counter()
        con.execute(f"CREATE TABLE v AS SELECT * FROM read_csv('{csv}', header=true, all_varchar=false, "
                    "columns={'dataelement':'VARCHAR','period':'VARCHAR','orgunit':'VARCHAR','categoryoptioncombo':'VARCHAR',"
                    "'value':'DOUBLE','storedby':'VARCHAR','lastupdated':'VARCHAR'})")
        imp_duck.append(time.perf_counter() - t)
        con.close()
    ti, td = statistics.median(imp_t), statistics.median(imp_duck)
    results.append(("import (whole process vs CSV load)", ti, td, f"{rows/ti:,.0f} rows/s; peak {peak:.0f} MiB = {peak/raw_mib:.2f}× raw ({raw_mib:.0f} MiB)"))
    print(f"import: tally {ti:.2f} s ({rows/ti:,.0f} rows/s, peak {peak:.0f} MiB), duckdb {td:.2f} s", flush=True)

    # DuckDB side tables: closure (ancestor, descendant, level), period mapping.
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
    con.close()

    # 2. Full roll-up (sum elements: months, quarters, reporting years; per combo and total).
    # The join is done once, for months; totals over combos, quarters and reporting years are then
    # derived from the monthly table, as an analyst would write it.
    rollup_sql = """
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
    sql_file = os.path.join(data, "rollup.sql")
    open(sql_file, "w").write(rollup_sql)
    duckcli = os.path.join(VENV, "bin", "duckdb")
    tr, out_t = median_time([TALLY, "rollup", "--db", db], args.runs)
    dr, out_d = median_time([duckcli, duck, "-c", f".read {sql_file}"], args.runs)
    print(f"rollup: tally {tr:.2f} s ({out_t.strip()}), duckdb {dr:.2f} s", flush=True)
    results.append(("full roll-up (whole process)", tr, dr, out_t.strip()))

    # Correctness: compare every sum-element cell once.
    check = os.path.join(data, "rollup.csv")
    sh([TALLY, "rollup", "--db", db, "--out", check])
    con = duckdb.connect(duck)
    con.execute(rollup_sql.replace("SELECT count(*) FROM r;", ""))
    con.execute(f"CREATE TEMP TABLE t AS SELECT * FROM read_csv('{check}', header=true, all_varchar=true)")
    bad = con.execute("""SELECT count(*) FROM r FULL JOIN (SELECT element AS e, coalesce(combo, '') AS c, orgunit AS o, period, cast(value AS DOUBLE) AS value
        FROM t WHERE element <> 'population') t USING (e, c, o, period) WHERE r.value IS DISTINCT FROM t.value""").fetchone()[0]
    cells = con.execute("SELECT count(*) FROM r").fetchone()[0]
    con.close()
    print(f"rollup check: {cells:,} DuckDB cells, {bad} differ from Tally's", flush=True)
    if bad:
        sys.exit("roll-up results differ")

    # 3. One level's indicator table over a reporting year.
    level = 4
    query_sql = os.path.join(data, "query.sql")
    open(query_sql, "w").write(f"""
        WITH b AS (SELECT cl.ancestor AS o, sum(m.value) AS births FROM m JOIN closure cl ON cl.descendant = m.o
                   WHERE m.e = 'births' AND m.month BETWEEN '202510' AND '202609' GROUP BY cl.ancestor),
        pv AS (SELECT orgunit AS o, period, value FROM v WHERE dataelement = 'population' AND period IN ('2025', '2026')),
        pw AS (SELECT o, (sum(CASE WHEN period = '2025' THEN value * 92 ELSE value * 273 END)
                          / sum(CASE WHEN period = '2025' THEN 92 ELSE 273 END)) AS pop FROM pv GROUP BY o),
        pa AS (SELECT cl.ancestor AS o, sum(pw.pop) AS pop FROM pw JOIN closure cl ON cl.descendant = pw.o GROUP BY cl.ancestor)
        SELECT lvl.code, b.births, pa.pop, b.births / pa.pop * 1000 AS cbr FROM lvl JOIN b ON b.o = lvl.code JOIN pa ON pa.o = lvl.code
        WHERE lvl.level = {level} ORDER BY cbr DESC;
    """)
    tq, out_q = median_time([TALLY, "query", "--db", db, "--indicator", "cbr", "--period", "2025Oct", "--level", str(level), "--format", "csv"], args.runs * 2)
    dq, out_dq = median_time([duckcli, "-readonly", duck, "-csv", "-c", f".read {query_sql}"], args.runs * 2)
    tally_rows = {r.split(",")[0]: float(r.split(",")[4]) for r in out_q.splitlines()[1:]}
    duck_rows = {r.split(",")[0]: float(r.split(",")[3]) for r in out_dq.splitlines()[1:]}
    worst = max(abs(tally_rows[k] - duck_rows[k]) for k in duck_rows) if duck_rows.keys() == tally_rows.keys() else None
    if worst is None or worst > 1e-9:
        sys.exit(f"query results differ (largest difference {worst})")
    print(f"query check: {len(duck_rows)} units agree (largest difference {worst:.1e})")
    print(f"query: tally {tq*1000:.0f} ms ({len(out_q.splitlines())-1} rows), duckdb cli {dq*1000:.0f} ms ({len(out_dq.splitlines())-1} rows)", flush=True)
    results.append((f"level-{level} cbr for 2025Oct (whole process)", tq, dq, f"{len(out_q.splitlines())-1} units"))

    # 4. The data-quality audit over the reporting year, as a multiple of one full roll-up (Tally only).
    tc, out_c = median_time([TALLY, "check", "--db", db, "--period", "2025Oct", "--as-of", "2026-11-29", "--format", "json"], args.runs)
    findings = out_c.count('"check":')
    print(f"check: tally {tc:.2f} s ({findings} findings) = {tc / tr:.2f} × the full roll-up", flush=True)
    results.append(("tally check --period 2025Oct (all checks) ÷ full roll-up", tc, tr, f"{findings} findings; ratio is check ÷ roll-up, both Tally"))

    print()
    print(f"rows {rows:,}; villages {args.villages:,}; median of {args.runs} runs (query: {args.runs*2})")
    print("| measure | Tally | DuckDB | Tally/DuckDB | note |")
    print("|---|---|---|---|---|")
    for name, t, d, note in results:
        print(f"| {name} | {t:.3f} s | {d:.3f} s | {t/d:.2f} | {note} |")


if __name__ == "__main__":
    main()
