# Shared by bench/analysis.sh and bench/quality.sh (sourced, from the repository root): the release program, the
# demo province loaded into SQLite or a PostgreSQL schema with an analyst at the province, and `tally serve` on a
# free port of 127.0.0.1. The caller sets tally (empty: build), backend, out and villages.

# Builds the release program unless $tally names one (a no-op when it is up to date).
province_tally() {
    if [ -z "$tally" ]; then
        swift build -c release --product tally >&2
        tally=$PWD/.build/release/tally
    fi
}

# Sets $db for $backend: $out/tally.sqlite, or the schema $1 of TALLY_TEST_POSTGRES.
province_db() {
    case "$backend" in
        sqlite) db=$out/tally.sqlite ;;
        postgres)
            local url=${TALLY_TEST_POSTGRES:?"--db postgres needs TALLY_TEST_POSTGRES"}
            case "$url" in *\?*) db="$url&schema=$1" ;; *) db="$url?schema=$1" ;; esac ;;
        *) echo "--db takes sqlite or postgres, not '$backend'" >&2; exit 2 ;;
    esac
}

# Writes the demo province of $villages villages into $out/demo, loads it into $db (`tally init`, `tally import` of
# its data files) and adds the analyst bench.analyst at the province; sets $root (its code) and $units.
province_load() {
    echo "== the demo province ($villages villages) into $backend" >&2
    local start file
    start=$(date +%s)
    "$tally" demo --scale province --villages "$villages" --dir "$out/demo" --files-only >/dev/null
    "$tally" init --force --db "$db" --metadata "$out/demo/tally.yaml" --orgunits "$out/demo/orgunits.csv" >/dev/null
    for file in "$out"/demo/*.csv; do
        case "$(basename "$file")" in orgunits.csv | targets.csv | towns.csv) continue ;; esac
        "$tally" import --db "$db" "$file" >/dev/null
    done
    echo "   loaded in $(($(date +%s) - start)) s" >&2
    province_units
    printf 'analyst-password\n' | "$tally" user add bench.analyst --role analyst --orgunit "$root" --db "$db" >/dev/null
}

# Sets $root (the province's code) and $units (how many org units) from $out/demo/orgunits.csv.
province_units() {
    root=$(awk -F, 'NR > 1 && $3 == "" { print $1; exit }' "$out/demo/orgunits.csv")
    units=$(($(wc -l <"$out/demo/orgunits.csv") - 1))
}

# Starts `tally serve` on $db on a free port of 127.0.0.1 and waits for it: sets $server and $base; the EXIT trap
# stops it.
province_serve() {
    local port
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
}
