#!/usr/bin/env bash
# Latency of the data-quality page at province scale: `tally serve` on loopback answering `/quality` (the full audit
# of the unit and its children, the units' scores, the reporting rates, and the WHO data quality review with its
# previous years) for the province and for one county, one request after another, timed by hyperfine around curl
# (each time includes starting curl, about 5 ms). Prints the medians.
#
#   bench/quality.sh [--villages 40000] [--runs 5] [--period 202609] [--db sqlite|postgres] [--tally PATH] [--keep]
#
# It builds the release program (a no-op when it is up to date; --tally names another build instead), writes the
# demo province (`tally demo --scale province --villages N --files-only`) into bench/out/quality/ and loads it into
# SQLite or, with --db postgres, the schema `tally_bench_quality` of TALLY_TEST_POSTGRES; with --keep a province
# loaded by an earlier run is used again. It adds an analyst at the province with an API token, starts `tally serve`
# on a free port of 127.0.0.1 and times the page of the period (default: the demo's last month). Needs hyperfine. A
# benchmark, not a test: it never asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."

villages=40000
runs=5
period=202609
backend=sqlite
tally=
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --villages) villages="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --period) period="$2"; shift 2 ;;
        --db) backend="$2"; shift 2 ;;
        --tally) tally=$(realpath "$2"); shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install -y hyperfine" >&2; exit 2; }

. bench/province.sh
province_tally
out=bench/out/quality
province_db tally_bench_quality
if [ "$keep" = 0 ] || [ ! -f "$out/loaded-$backend" ]; then
    rm -rf "$out"
    mkdir -p "$out"
    province_load
    touch "$out/loaded-$backend"
fi
province_units
token=$("$tally" user token bench.analyst --label "bench-$$" --db "$db")
# A county: level 3 (province, prefectures, counties, towns, villages), the first in the file.
county=$(awk -F, -v root="$root" 'NR > 1 && $3 == root { p = $1 } NR > 1 && p != "" && $3 == p { print $1; exit }' \
    "$out/demo/orgunits.csv")

province_serve

auth="Authorization: Bearer $token"
for unit in "$root" "$county"; do
    code=$(curl -s -o "$out/page-$unit.html" -w '%{http_code}' -H "$auth" "$base/quality?orgunit=$unit&period=$period")
    [ "$code" = 200 ] || { echo "GET /quality?orgunit=$unit answered $code" >&2; head -c 2000 "$out/page-$unit.html" >&2; exit 1; }
done
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/times.json" \
    -n "province" "curl -sf -o /dev/null -H '$auth' '$base/quality?orgunit=$root&period=$period'" \
    -n "county" "curl -sf -o /dev/null -H '$auth' '$base/quality?orgunit=$county&period=$period'" \
    >"$out/hyperfine.txt"
python3 - "$out/times.json" "$backend" "$units" "$period" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"{sys.argv[2]}: {int(sys.argv[3]):,} org units, /quality for {sys.argv[4]}")
for r in results:
    print(f"  {r['command']:8} median {r['median'] * 1000:8.1f} ms  (min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f})")
PY
