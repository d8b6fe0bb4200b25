#!/usr/bin/env bash
# Load test of `tally serve` on loopback: throughput and latency (p50, p99) of the query and write endpoints
# under wrk, and the same query as a whole `tally query` process (hyperfine) for comparison.
#
#   bench/serve.sh [--db sqlite] [--runs 3] [--duration 10s] [--connections 8] [--threads 2]
#
# It builds the release program if needed, writes the demo county into bench/out/serve/ (a fresh database
# each time), adds an analyst and a clerk at the county with API tokens, starts `tally serve` on a free port of
# 127.0.0.1, and measures, each --runs times (the medians are printed):
#   1. GET /api/query (the towns' birth rates over four months, with last year) with one connection (the
#      latency of one request after another) and with --connections (throughput);
#   2. POST /api/values (one value per request, a clerk's bearer token, each a real change kept in history,
#      bench/wrk/post-value.lua) with --connections;
#   3. the same query as `tally query … --format json`, a whole process each time (hyperfine).
# Needs wrk and hyperfine (apt-get install -y wrk hyperfine). Only 127.0.0.1 is used. A benchmark, not a test:
# it checks once that the server's and the CLI's answers are the same, and never asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."

backend=sqlite
runs=3
duration=10s
connections=8
threads=2
while [ $# -gt 0 ]; do
    case "$1" in
        --db) backend="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
for tool in wrk hyperfine; do
    command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y $tool" >&2; exit 2; }
done

[ -x .build/release/tally ] || swift build -c release --product tally
tally=$PWD/.build/release/tally
out=bench/out/serve
rm -rf "$out"
mkdir -p "$out"

# The database under test. The embedded SQLite store gets the demo county; a PostgreSQL backend, when it
# exists, goes here: load the same demo files into `--db postgres://…` and set $db to that URL.
case "$backend" in
    sqlite)
        "$tally" demo --dir "$out/demo" >/dev/null
        db=$out/demo/tally.sqlite
        ;;
    postgres://*)
        echo "tally has no PostgreSQL backend yet; add its setup here (same demo files, db=\$backend)" >&2
        exit 2
        ;;
    *) echo "--db is sqlite or postgres://…" >&2; exit 2 ;;
esac

root=$(awk -F, 'NR > 1 && $3 == "" { print $1; exit }' "$out/demo/orgunits.csv")
# The villages: units whose parent has a parent.
awk -F, 'NR > 1 { parent[$1] = $3; order[++n] = $1 }
    END { for (i = 1; i <= n; i++) { c = order[i]; p = parent[c]; if (p != "" && parent[p] != "") print c } }' \
    "$out/demo/orgunits.csv" >"$out/villages.txt"
month=$(date -u +%Y%m)
printf 'analyst-password\n' | "$tally" user add bench.analyst --role analyst --orgunit "$root" --db "$db" >/dev/null
printf 'clerk-password\n' | "$tally" user add bench.clerk --role clerk --orgunit "$root" --db "$db" >/dev/null
analyst_token=$("$tally" user token bench.analyst --label bench --db "$db")
clerk_token=$("$tally" user token bench.clerk --label bench --db "$db")

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
"$tally" serve --db "$db" --host 127.0.0.1 --port "$port" --log-level error >"$out/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf "$base/health" >/dev/null && break
    sleep 0.1
done
curl -sf "$base/health" >/dev/null || { echo "tally serve did not start:" >&2; cat "$out/serve.log" >&2; exit 1; }

query_period=202510..202601
query_path="/api/query?indicator=cbr&period=$query_period&orgunit=$root&scope=children&compare=last-year"
cli_query=("$tally" query --db "$db" --indicator cbr --period "$query_period" --orgunit "$root" --children
    --compare last-year --format json)

# The same answer from both: every unit's value, compared as numbers.
curl -sf -H "Authorization: Bearer $analyst_token" "$base$query_path" >"$out/server-query.json"
"${cli_query[@]}" >"$out/cli-query.json"
python3 - "$out/server-query.json" "$out/cli-query.json" <<'EOF'
import json, sys
server, cli = (json.load(open(p)) for p in sys.argv[1:3])
assert [(r["orgunit"], r["value"], r.get("compare_value")) for r in server] == \
       [(r["orgunit"], r["value"], r.get("compare_value")) for r in cli], "the server's answer differs from the CLI's"
print(f"The server and the CLI give the same {len(cli)} rows.", file=sys.stderr)
EOF

# wrk's summary → "requests/s p50-ms p99-ms errors"
summarize() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
            if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
            return v
        }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        /Socket errors:/ { for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) errors += $i + 0 }
        END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, errors }'
}

# Runs one wrk measurement --runs times; prints the medians "requests/s p50 p99 errors(total)".
measure() {
    local name=$1; shift
    for i in $(seq "$runs"); do
        wrk --latency "$@" >"$out/$name-$i.txt" 2>"$out/$name-$i.err"
        summarize <"$out/$name-$i.txt"
    done | python3 -c '
import statistics, sys
rows = [[float(x) for x in line.split()] for line in sys.stdin if line.strip()]
rps, p50, p99, errors = zip(*rows)
print("%.0f %.2f %.2f %d" % (statistics.median(rps), statistics.median(p50), statistics.median(p99), sum(errors)))'
}

echo "Measuring (each $runs × $duration; the machine's load now: $(cut -d' ' -f1-3 /proc/loadavg)) …" >&2
read -r q1_rps q1_p50 q1_p99 q1_err < <(measure query-c1 -t1 -c1 -d"$duration" \
    -H "Authorization: Bearer $analyst_token" "$base$query_path")
read -r qn_rps qn_p50 qn_p99 qn_err < <(measure query-c"$connections" -t"$threads" -c"$connections" \
    -d"$duration" -H "Authorization: Bearer $analyst_token" "$base$query_path")
values_before=$(curl -sf "$base/health" | python3 -c 'import json, sys; print(json.load(sys.stdin)["values"])')
export TALLY_TOKEN=$clerk_token TALLY_PERIOD=$month TALLY_UNITS=$out/villages.txt
read -r w_rps w_p50 w_p99 w_err < <(measure write-c"$connections" -t"$threads" -c"$connections" -d"$duration" -s bench/wrk/post-value.lua "$base")
values_after=$(curl -sf "$base/health" | python3 -c 'import json, sys; print(json.load(sys.stdin)["values"])')

hyperfine --warmup 2 --runs $((runs * 10)) --export-json "$out/cli-query.hyperfine.json" -N \
    "$(printf '%q ' "${cli_query[@]}")" >"$out/cli-query.hyperfine.txt" 2>&1
cli_ms=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["median"] * 1000))' \
    "$out/cli-query.hyperfine.json")
ratio=$(awk -v a="$cli_ms" -v b="$q1_p50" 'BEGIN { printf "%.0f", a / b }')

cat <<EOF

Backend: $backend ($db); $(nproc) cores; wrk $duration per run, medians of $runs runs; load before: see above.
Query: GET $query_path
Write: POST /api/values, one value per request (births.male of a village, $month), clerk's bearer token

| measure | requests/s | p50 | p99 | errors |
|---|---:|---:|---:|---:|
| query, 1 connection | $q1_rps | $q1_p50 ms | $q1_p99 ms | $q1_err |
| query, $connections connections ($threads threads) | $qn_rps | $qn_p50 ms | $qn_p99 ms | $qn_err |
| write, $connections connections ($threads threads) | $w_rps | $w_p50 ms | $w_p99 ms | $w_err |
| \`tally query\` (same query, whole process, hyperfine median of $((runs * 10))) | | $cli_ms ms | | |

The CLI takes $ratio × the server's median latency for the same query (it opens the database and loads the
metadata, tree and catalog each time; the server has them loaded). Values stored: $values_before before the
writes, $values_after after (new village values for $month).
EOF
