#!/usr/bin/env bash
# Latency of the analysis page at province scale: `tally serve` on loopback answering the state of the analysis page
# for the level of towns — GET /api/query (JSON), the same as a workbook, and the page itself (/analysis with its
# table and ranked bars) — one request after another, timed by hyperfine around curl (each time includes starting
# curl, about 5 ms). The target is 300 ms for the towns.
#
#   bench/analysis.sh [--villages 40000] [--runs 20] [--db sqlite|postgres] [--tally PATH]
#
# It builds the release program (a no-op when it is up to date; --tally names another build instead), writes the demo province (`tally demo --scale
# province --villages N --files-only`) into bench/out/analysis/, loads it (`tally init`, `tally import` of its data
# files) into SQLite or, with --db postgres, the schema `tally_bench_analysis` of TALLY_TEST_POSTGRES, adds an
# analyst at the province with an API token, starts `tally serve` on a free port of 127.0.0.1, checks once that the
# server's JSON and `tally query --format json` give the same rows, and prints the medians. Needs hyperfine. A
# benchmark, not a test: it never asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."

villages=40000
runs=20
backend=sqlite
tally=
while [ $# -gt 0 ]; do
    case "$1" in
        --villages) villages="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --db) backend="$2"; shift 2 ;;
        --tally) tally=$(realpath "$2"); shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install -y hyperfine" >&2; exit 2; }

. bench/province.sh
province_tally
out=bench/out/analysis
rm -rf "$out"
mkdir -p "$out"
province_db tally_bench_analysis
province_load
token=$("$tally" user token bench.analyst --label bench --db "$db")
province_serve

# The towns are level 4 of the province (province, prefectures, counties, towns, villages).
state="indicator=cbr&level=4&period=2025Oct&compare=last-year"
towns=$(curl -sf -H "Authorization: Bearer $token" "$base/api/query?$state" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
curl -sf -H "Authorization: Bearer $token" "$base/api/query?$state" >"$out/server.json"
"$tally" query --db "$db" --indicator cbr --level 4 --period 2025Oct --compare last-year --format json >"$out/cli.json"
python3 - "$out/server.json" "$out/cli.json" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
rows = lambda answer: [(r["orgunit"], r["value"], r.get("compare_value")) for r in answer]
assert rows(a) == rows(b), "the server and tally query give different rows"
EOF

auth="Authorization: Bearer $token"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/times.json" \
    -n "json" "curl -sf -o /dev/null -H '$auth' '$base/api/query?$state'" \
    -n "xlsx" "curl -sf -o /dev/null -H '$auth' '$base/api/query?$state&rows=unit&columns=subject&format=xlsx'" \
    -n "page" "curl -sf -o /dev/null -H '$auth' '$base/analysis?$state&scope=level&rows=unit&columns=subject&chart=bars'" \
    >"$out/hyperfine.txt"
python3 - "$out/times.json" "$backend" "$units" "$towns" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"{sys.argv[2]}: {int(sys.argv[3]):,} org units, {int(sys.argv[4]):,} towns (cbr over 2025Oct with last year)")
for r in results:
    print(f"  {r['command']:5} median {r['median'] * 1000:7.1f} ms  (min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f})")
EOF
