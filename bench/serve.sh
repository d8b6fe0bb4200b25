#!/usr/bin/env bash
# Load test of `tally serve` on loopback, on SQLite and on PostgreSQL: throughput and latency (p50, p99) of the
# query and write endpoints under wrk, the same query as a whole `tally query` process (hyperfine) for
# comparison, and the ratio of the two backends.
#
#   bench/serve.sh [--db sqlite,postgres] [--scale county|province] [--runs 3] [--duration 10s] [--connections 8]
#                  [--threads 2] [--batch 50] [--tally PATH]
#
# --db is a comma-separated list of backends, measured one after the other: `sqlite` (a fresh file), `postgres`
# (the server named by TALLY_TEST_POSTGRES when it is set, else a throwaway PostgreSQL 15 on 127.0.0.1 started
# by scripts/postgres and stopped at the end) or a `postgres://…` URL; on PostgreSQL the county goes into the
# schema `tally_bench_serve` (replaced each time) unless the URL names one.
#
# --scale county (the default) serves the demo county (250 villages), written into bench/out/serve/; --scale
# province the generator's province (41,111 org units, 11.7 million values: `tally demo --scale province
# --villages 40000 --files-only`, the files bench/run.py uses, in bench/data/province/, written there when missing).
# It builds the release program (a no-op when it is up to date; --tally PATH measures that program instead). For each
# backend it loads the files (`tally init`, `tally import`), adds an analyst and a clerk at the top unit with API
# tokens, starts `tally serve` on a free port of 127.0.0.1, checks once that the server's and the CLI's answers
# to the query are the same (and the same on every backend), and measures, each --runs times (the medians are printed):
#   1. GET /api/query for the towns (the birth rates of one county's towns over four months, with last year; in
#      the demo, the county's own towns), for the villages (one town's villages, the same months) and GET
#      /dashboard (the page, for that county and the last of the months), each with one connection (the latency
#      of one request after another) and with --connections (throughput);
#   2. POST /api/values (one value per request, a clerk's bearer token, each a real change kept in history,
#      bench/wrk/post-value.lua) with --connections;
#   3. POST /api/values/batch (--batch values per request, every row a real change, the same script) with
#      --connections;
#   4. the same query as `tally query … --format json`, a whole process each time (hyperfine).
# Needs wrk and hyperfine (apt-get install -y wrk hyperfine). Only 127.0.0.1 is used. A benchmark, not a test:
# it never asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."

backends=sqlite,postgres
scale=county
tally=
runs=3
duration=10s
connections=8
threads=2
batch=50
while [ $# -gt 0 ]; do
    case "$1" in
        --db) backends="$2"; shift 2 ;;
        --scale) scale="$2"; shift 2 ;;
        --tally) tally="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --batch) batch="$2"; shift 2 ;;
        -h|--help) sed -n '2,34p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
for tool in wrk hyperfine; do
    command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install -y $tool" >&2; exit 2; }
done
case "$scale" in county | province) ;; *) echo "--scale takes county or province, not '$scale'" >&2; exit 2 ;; esac
IFS=, read -r -a backend_list <<<"$backends"
for backend in "${backend_list[@]}"; do
    case "$backend" in
        sqlite | postgres | postgres://* | postgresql://*) ;;
        *) echo "--db takes sqlite, postgres or postgres://… (comma-separated), not '$backend'" >&2; exit 2 ;;
    esac
done

if [ -z "$tally" ]; then
    swift build -c release --product tally >&2
    tally=$PWD/.build/release/tally
fi
tally=$(cd "$(dirname "$tally")" && pwd)/$(basename "$tally")
out=bench/out/serve
rm -rf "$out"
mkdir -p "$out"

# What runs in the background, stopped on exit: the server under test and a PostgreSQL started here.
server=
postgres_dir=
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
    if [ -n "$postgres_dir" ]; then scripts/postgres stop "$postgres_dir"; fi
}
trap cleanup EXIT

# The files, the same for every backend: metadata, org units and the values.
if [ "$scale" = county ]; then
    files=$out/demo
    "$tally" demo --dir "$files" --files-only >/dev/null
    demo_data=("$files/data.csv")
    [ -f "$files/campaign.csv" ] && demo_data+=("$files/campaign.csv")
else
    files=bench/data/province
    if [ ! -f "$files/data-period.csv" ]; then
        echo "== writing the province's files into $files (once; bench/run.py uses them too)" >&2
        "$tally" demo --files-only --dir "$files" --scale province --villages 40000 >/dev/null
        mv "$files/data.csv" "$files/data-period.csv"
    fi
    demo_data=("$files/data-period.csv")
fi
# The top unit, the first county (level 2 of the demo, 3 of the province) and its first town, and the villages
# (the deepest level), which the writes go to.
read -r root county town < <(python3 - "$files/orgunits.csv" "$out/villages.txt" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
parent = {r["code"]: r["parent"] for r in rows}
def level(c):
    n = 1
    while parent.get(c):
        c, n = parent[c], n + 1
    return n
levels = {c: level(c) for c in parent}
deepest = max(levels.values())
county = next(c for c in parent if levels[c] == deepest - 2)
town = next(c for c in parent if parent[c] == county)
open(sys.argv[2], "w").write("".join(c + "\n" for c in parent if levels[c] == deepest))
print(next(c for c in parent if levels[c] == 1), county, town)
EOF
)
month=$(date -u +%Y%m)
query_period=202510..202601
query_path="/api/query?indicator=cbr&period=$query_period&orgunit=$county&scope=children&compare=last-year"
villages_path="/api/query?indicator=cbr&period=$query_period&orgunit=$town&scope=children&compare=last-year"
dashboard_path="/dashboard?orgunit=$county&period=${query_period#*..}"

# Sets $db to the database of a backend: a file, or a PostgreSQL URL with the benchmark's schema.
choose_database() {
    local url
    case "$1" in
        sqlite) db=$out/sqlite/tally.sqlite; return ;;
        postgres)
            if [ -n "${TALLY_TEST_POSTGRES:-}" ]; then
                url=$TALLY_TEST_POSTGRES
            else
                if [ -z "$postgres_dir" ]; then
                    eval "$(scripts/postgres start)"
                    postgres_dir=$TALLY_POSTGRES_DIR
                    postgres_url=$TALLY_TEST_POSTGRES
                    unset TALLY_TEST_POSTGRES
                fi
                url=$postgres_url
            fi
            ;;
        *) url=$1 ;;
    esac
    case "$url" in
        *schema=*) db=$url ;;
        *\?*) db="$url&schema=tally_bench_serve" ;;
        *) db="$url?schema=tally_bench_serve" ;;
    esac
}

# Whether two answers to the query (JSON) have the same rows: every unit's value and last year's, as numbers.
same_rows() {
    python3 - "$@" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
rows = lambda answer: [(r["orgunit"], r["value"], r.get("compare_value")) for r in answer]
assert rows(a) == rows(b), f"{sys.argv[1]} and {sys.argv[2]} give different rows"
print(f"{sys.argv[1]} and {sys.argv[2]}: the same {len(a)} rows.", file=sys.stderr)
EOF
}

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

# Runs one wrk measurement --runs times into $dir/NAME-i.txt; prints the medians "requests/s p50 p99 errors(total)".
measure() {
    local name=$1; shift
    for i in $(seq "$runs"); do
        TALLY_RUN=$i wrk --latency "$@" >"$dir/$name-$i.txt" 2>"$dir/$name-$i.err"
        summarize <"$dir/$name-$i.txt"
    done | python3 -c '
import statistics, sys
rows = [[float(x) for x in line.split()] for line in sys.stdin if line.strip()]
rps, p50, p99, errors = zip(*rows)
print("%.0f %.2f %.2f %d" % (statistics.median(rps), statistics.median(p50), statistics.median(p99), sum(errors)))'
}

stored_values() { curl -sf "$base/health" | python3 -c 'import json, sys; print(json.load(sys.stdin)["values"])'; }

# The figures of each backend, by "backend.measure".
declare -A result

# Loads the county into one backend, serves it and measures it.
bench() {
    local label=$1 db=$2
    dir=$out/$label
    mkdir -p "$dir"
    echo "== $label: loading the demo county into $db" >&2
    "$tally" init --force --db "$db" --metadata "$files/tally.yaml" --orgunits "$files/orgunits.csv" >/dev/null
    for file in "${demo_data[@]}"; do "$tally" import --db "$db" "$file" >/dev/null; done
    printf 'analyst-password\n' | "$tally" user add bench.analyst --role analyst --orgunit "$root" --db "$db" >/dev/null
    printf 'clerk-password\n' | "$tally" user add bench.clerk --role clerk --orgunit "$root" --db "$db" >/dev/null
    local analyst_token clerk_token port
    analyst_token=$("$tally" user token bench.analyst --label bench --db "$db")
    clerk_token=$("$tally" user token bench.clerk --label bench --db "$db")

    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base=http://127.0.0.1:$port
    # As many heavy requests at once as wrk has connections, so that the query's throughput is measured, not the
    # server's 503s beyond its default of 3.
    "$tally" serve --db "$db" --host 127.0.0.1 --port "$port" --log-level error \
        --max-heavy-requests "$connections" >"$dir/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 100); do
        curl -sf "$base/health" >/dev/null && break
        sleep 0.1
    done
    curl -sf "$base/health" >/dev/null || { echo "tally serve did not start:" >&2; cat "$dir/serve.log" >&2; exit 1; }

    local cli_query=("$tally" query --db "$db" --indicator cbr --period "$query_period" --orgunit "$county" --children
        --compare last-year --format json)
    # The same answer from the server and the CLI, and from every backend.
    curl -sf -H "Authorization: Bearer $analyst_token" "$base$query_path" >"$dir/server-query.json"
    "${cli_query[@]}" >"$dir/cli-query.json"
    same_rows "$dir/server-query.json" "$dir/cli-query.json"
    if [ -n "${first_answer:-}" ]; then same_rows "$first_answer" "$dir/cli-query.json"; fi
    first_answer=${first_answer:-$dir/cli-query.json}

    result[$label.load]=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "Measuring $label (each $runs × $duration; the machine's load now: ${result[$label.load]}) …" >&2
    result[$label.q1]=$(measure query-c1 -t1 -c1 -d"$duration" -H "Authorization: Bearer $analyst_token" "$base$query_path")
    result[$label.qn]=$(measure query-c"$connections" -t"$threads" -c"$connections" -d"$duration" \
        -H "Authorization: Bearer $analyst_token" "$base$query_path")
    result[$label.v1]=$(measure villages-c1 -t1 -c1 -d"$duration" -H "Authorization: Bearer $analyst_token" \
        "$base$villages_path")
    result[$label.vn]=$(measure villages-c"$connections" -t"$threads" -c"$connections" -d"$duration" \
        -H "Authorization: Bearer $analyst_token" "$base$villages_path")
    result[$label.d1]=$(measure dashboard-c1 -t1 -c1 -d"$duration" -H "Authorization: Bearer $analyst_token" \
        "$base$dashboard_path")
    result[$label.dn]=$(measure dashboard-c"$connections" -t"$threads" -c"$connections" -d"$duration" \
        -H "Authorization: Bearer $analyst_token" "$base$dashboard_path")
    result[$label.values_before]=$(stored_values)
    export TALLY_TOKEN=$clerk_token TALLY_PERIOD=$month TALLY_UNITS=$out/villages.txt TALLY_THREADS=$threads
    result[$label.w]=$(measure write-c"$connections" -t"$threads" -c"$connections" -d"$duration" \
        -s bench/wrk/post-value.lua "$base")
    result[$label.b]=$(TALLY_BATCH=$batch measure batch-c"$connections" -t"$threads" -c"$connections" \
        -d"$duration" -s bench/wrk/post-value.lua "$base")
    result[$label.values_after]=$(stored_values)
    result[$label.batch_rows]=$(cat "$dir"/batch-c"$connections"-*.txt | awk '/^Batch rows:/ {
        n += $3; c += $5; u += $7 } END { printf "%d new, %d changed, %d unchanged", n, c, u }')

    hyperfine --warmup 2 --runs $((runs * 10)) --export-json "$dir/cli-query.hyperfine.json" -N \
        "$(printf '%q ' "${cli_query[@]}")" >"$dir/cli-query.hyperfine.txt" 2>&1
    result[$label.cli]=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["median"] * 1000))' \
        "$dir/cli-query.hyperfine.json")

    kill "$server"
    wait "$server" 2>/dev/null || true
    server=
}

labels=()
for backend in "${backend_list[@]}"; do
    case "$backend" in sqlite) label=sqlite ;; *) label=postgres ;; esac
    choose_database "$backend"
    bench "$label" "$db"
    result[$label.db]=$db
    labels+=("$label")
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "–" }'; }

for label in "${labels[@]}"; do
    read -r q1_rps q1_p50 q1_p99 q1_err <<<"${result[$label.q1]}"
    read -r qn_rps qn_p50 qn_p99 qn_err <<<"${result[$label.qn]}"
    read -r v1_rps v1_p50 v1_p99 v1_err <<<"${result[$label.v1]}"
    read -r vn_rps vn_p50 vn_p99 vn_err <<<"${result[$label.vn]}"
    read -r d1_rps d1_p50 d1_p99 d1_err <<<"${result[$label.d1]}"
    read -r dn_rps dn_p50 dn_p99 dn_err <<<"${result[$label.dn]}"
    read -r w_rps w_p50 w_p99 w_err <<<"${result[$label.w]}"
    read -r b_rps b_p50 b_p99 b_err <<<"${result[$label.b]}"
    cat <<EOF

Backend: $label (${result[$label.db]}); $(nproc) cores; wrk $duration per run, medians of $runs runs; load before: ${result[$label.load]}.
Scale: $scale ($files). Towns: GET $query_path
Villages: GET $villages_path
Dashboard: GET $dashboard_path
Write: POST /api/values, one value per request (births.male of a village, $month), clerk's bearer token
Batch: POST /api/values/batch, $batch values per request (births.female of $batch villages, $month), clerk's bearer token

| measure | requests/s | values/s | p50 | p99 | errors |
|---|---:|---:|---:|---:|---:|
| towns, 1 connection | $q1_rps | | $q1_p50 ms | $q1_p99 ms | $q1_err |
| towns, $connections connections ($threads threads) | $qn_rps | | $qn_p50 ms | $qn_p99 ms | $qn_err |
| villages, 1 connection | $v1_rps | | $v1_p50 ms | $v1_p99 ms | $v1_err |
| villages, $connections connections ($threads threads) | $vn_rps | | $vn_p50 ms | $vn_p99 ms | $vn_err |
| dashboard page, 1 connection | $d1_rps | | $d1_p50 ms | $d1_p99 ms | $d1_err |
| dashboard page, $connections connections ($threads threads) | $dn_rps | | $dn_p50 ms | $dn_p99 ms | $dn_err |
| write, $connections connections ($threads threads) | $w_rps | $w_rps | $w_p50 ms | $w_p99 ms | $w_err |
| batch of $batch, $connections connections ($threads threads) | $b_rps | $((b_rps * batch)) | $b_p50 ms | $b_p99 ms | $b_err |
| \`tally query\` (the towns, whole process, hyperfine median of $((runs * 10))) | | | ${result[$label.cli]} ms | | |

The CLI takes $(ratio "${result[$label.cli]}" "$q1_p50") × the server's median latency for the same query (it opens the
database and loads the metadata, tree and catalog each time; the server has them loaded). Values stored:
${result[$label.values_before]} before the writes, ${result[$label.values_after]} after. Batch rows, all runs: ${result[$label.batch_rows]}.
EOF
done

if [ -n "${result[sqlite.q1]:-}" ] && [ -n "${result[postgres.q1]:-}" ]; then
    echo
    echo "SQLite ÷ PostgreSQL (requests/s: above 1 when SQLite serves more; latency: below 1 when SQLite answers sooner)"
    echo
    echo "| measure | requests/s SQLite | requests/s PostgreSQL | ratio | p50 SQLite | p50 PostgreSQL | ratio | p99 ratio |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for m in q1 qn v1 vn d1 dn w b; do
        read -r s_rps s_p50 s_p99 _ <<<"${result[sqlite.$m]}"
        read -r p_rps p_p50 p_p99 _ <<<"${result[postgres.$m]}"
        case $m in
            q1) name="towns, 1 connection" ;;
            qn) name="towns, $connections connections" ;;
            v1) name="villages, 1 connection" ;;
            vn) name="villages, $connections connections" ;;
            d1) name="dashboard page, 1 connection" ;;
            dn) name="dashboard page, $connections connections" ;;
            w) name="write, $connections connections" ;;
            b) name="batch of $batch, $connections connections" ;;
        esac
        echo "| $name | $s_rps | $p_rps | $(ratio "$s_rps" "$p_rps") | $s_p50 ms | $p_p50 ms | $(ratio "$s_p50" "$p_p50") | $(ratio "$s_p99" "$p_p99") |"
    done
    echo "| \`tally query\`, whole process | | | | ${result[sqlite.cli]} ms | ${result[postgres.cli]} ms | $(ratio "${result[sqlite.cli]}" "${result[postgres.cli]}") | |"
fi
