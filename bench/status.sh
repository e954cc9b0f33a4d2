#!/usr/bin/env bash
# Benchmark: one full `swarmlab status --json` (the whole CLI process) against a lab of N peers.
#
#   bench/status.sh [LEECHERS] [RUNS]     default: 98 leechers + 2 seeders = 100 peers, 10 runs
#
# Starts a lab (project "bench-status", 1 MiB payload), waits until it is complete, times RUNS
# runs of `status --json`, and also `--version` (JVM start-up alone), then removes the lab.
# Prints a table and writes a JSON result to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
leechers="${1:-98}"
runs="${2:-10}"
project=bench-status
results=bench/results
mkdir -p "$results"

./swarmlab down -p "$project" --volumes >/dev/null
trap './swarmlab down -p "$project" --volumes >/dev/null' EXIT
start=$(date +%s%N)
./swarmlab up -p "$project" --leechers "$leechers" --payload-size 1MiB --wait --timeout 15m >/dev/null
up_ms=$(( ($(date +%s%N) - start) / 1000000 ))

time_runs() { # prints one wall time in ms per run of "$@"
  for _ in $(seq 1 "$runs"); do
    local t0; t0=$(date +%s%N)
    "$@" >/dev/null
    echo $(( ($(date +%s%N) - t0) / 1000000 ))
  done
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "%d %d %d\n", a[1], a[int((NR+1)/2)], a[NR]}'; }

read -r s_min s_med s_max < <(time_runs ./swarmlab status -p "$project" --json | stats)
read -r v_min v_med v_max < <(time_runs ./swarmlab --version | stats)
peers=$(./swarmlab status -p "$project" --json | grep -c '"name"')

printf '%-28s %8s %8s %8s\n' "measure ($peers peers)" "min ms" "median" "max"
printf '%-28s %8s %8s %8s\n' "status --json" "$s_min" "$s_med" "$s_max"
printf '%-28s %8s %8s %8s\n' "--version (start-up)" "$v_min" "$v_med" "$v_max"
printf '%-28s %8s\n' "up --wait (whole lab)" "$up_ms"

out="$results/status-$peers-$(date -u +%Y%m%dT%H%M%SZ).json"
cat > "$out" <<JSON
{"benchmark": "status", "peers": $peers, "runs": $runs, "cores": $(nproc),
 "statusMs": {"min": $s_min, "median": $s_med, "max": $s_max},
 "versionMs": {"min": $v_min, "median": $v_med, "max": $v_max},
 "upWaitMs": $up_ms}
JSON
echo "wrote $out"
