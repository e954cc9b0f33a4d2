#!/usr/bin/env bash
# swarmlab benchmarks: named scenarios, one JSON result per run in bench/results/, a table on stdout.
#
#   bench/run.sh                     the quick set: startup status-10 swarm-10x64 bound-10x64
#   bench/run.sh all                 every scenario below (hours on 2 cores; what does not fit the disk is skipped)
#   bench/run.sh SCENARIO...         e.g. bench/run.sh swarm-100x64 status-100
#
# Scenarios
#   startup             `swarmlab --version`, whole process, 10 runs
#   status-N            one `status --json` (whole process) at N peers (N-2 leechers, 1 MiB), 10 runs
#   swarm-LxS           L leechers, S MiB payload. Runs the lab twice from the same compose file:
#                       swarmlab up, then Debian's docker-compose 1.29 up -d; for each: all running,
#                       all complete, memory (docker stats) and down. Prints ratios compose/swarmlab.
#                       Also measures, in the same run, the floor: L+3 containers of the leechers'
#                       image started idle on a network of their own (2 x cores at once), plus
#                       bound-LxS; and the leechers' share of the bytes leechers received (from the
#                       block logs, swarmlab's run). BENCH_CLIENT=rtorrent-have-now runs the labs
#                       with that client (--client), BENCH_ORDER=leechers-first|seeders-first with
#                       that start order (default: swarmlab's), BENCH_COMPOSE=0 skips docker-compose.
#   rerun-LxS           the same lab run again: `rerun --wait` against `down` + `up --wait`, each
#                       BENCH_RUNS times (default 2) interleaved, after a first up; and bound-LxS
#   bound-LxS           the machine's lower bound for swarm-LxS: SHA-1 hash and write L copies of the
#                       payload with both cores (every leecher does at least that)
#   dashboard-N         the dashboard of a lab of N peers (N-2 leechers, 16 MiB) while it transfers
#                       and after: the page's cost per update (bench/dashboard.js in Chromium, 60 s
#                       each), an update's size, the server's poll time
#   blocklog-LxS        what the peers' block logs cost: the same lab by swarmlab as of BENCH_BEFORE
#                       (default 070ee1a, the last without them; built in a git worktree) and by
#                       this checkout: all complete, down, the logs' size live and packed in the
#                       run, and how long `report` takes
#   link-M              how close a shaped link comes to its bandwidth: 1 seeder, 1 leecher whose link
#                       is M Mbit/s (up --bandwidth leecher=Mmbit), a payload of about 30 s at that
#                       rate; the leecher's receive rate over the middle of its download, from its
#                       block log, against M
#
# Needs: a Docker engine and the base image (scripts/setup-engine.sh is run when either is missing),
# jq, and docker-compose for the compose half (both installed with apt-get when missing and root).
# Labs are named bench-*; each is removed after use.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,38p' "$0"; exit 0 ;; esac
root=$PWD
results=$root/bench/results
mkdir -p "$results"
export COMPOSE_HTTP_TIMEOUT=900 # docker-compose's default (60 s) gives up on labs of 100 peers

need() { # command, apt package
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "bench: needs $1 (apt-get install $2)" >&2; exit 2; }
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
stamp() { date -u +%Y%m%dT%H%M%SZ; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
row() { printf '%-34s %12s %12s %8s\n' "$@"; }

# Wall time in ms of each of RUNS runs of a command, one per line.
time_runs() {
  local runs=$1; shift
  for _ in $(seq 1 "$runs"); do
    local t0; t0=$(now_ms); "$@" >/dev/null; echo $(( $(now_ms) - t0 ))
  done
}

# Polls status until every leecher is complete; prints the ms it took, or fails after LIMIT s.
until_complete() {
  local project=$1 limit=$2 t0; t0=$(now_ms)
  while true; do
    local s; s=$(./swarmlab status -p "$project" --json 2>/dev/null | jq -c .summary || true)
    if [ -n "$s" ] && [ "$(jq '.leechers == .leechersComplete' <<<"$s")" = true ]; then
      echo $(( $(now_ms) - t0 )); return 0
    fi
    if [ $(( $(now_ms) - t0 )) -gt $(( limit * 1000 )) ]; then
      echo "bench: $project did not complete within $limit s: $s" >&2; return 1
    fi
    sleep 1
  done
}

# Until every container of the project (but the one-shot job) is running; ms.
until_running() {
  local project=$1 want=$2 t0; t0=$(now_ms)
  while [ "$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter status=running | wc -l)" -lt "$want" ]; do
    sleep 0.2
  done
  echo $(( $(now_ms) - t0 ))
}

# Anonymous memory of the peers' processes themselves (MiB, read from /proc of a local engine),
# without the page cache of the data they wrote, which docker stats counts: "total". A peer's
# process is its entrypoint, and rtorrent is that entrypoint's child: both are counted.
process_memory() {
  docker inspect -f '{{.State.Pid}}' \
    $(docker ps -q --filter "label=com.docker.compose.project=$1" --filter label=swarmlab.role) |
    while read -r pid; do
      for p in "$pid" $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
        awk '/^RssAnon:/ {print $2}' "/proc/$p/status" 2>/dev/null || true
      done
    done |
    awk '{t+=$1} END {printf "%.0f\n", t/1024}'
}

# Memory of the rtorrent containers as docker stats reports it (MiB): "total max mean".
memory() {
  docker stats --no-stream --format '{{.Name}} {{.MemUsage}}' \
    $(docker ps -q --filter "label=com.docker.compose.project=$1" --filter label=swarmlab.role) |
    awk '{ v=$2; u=v; gsub(/[0-9.]/,"",u); gsub(/[A-Za-z]/,"",v);
           v += 0; m = (u=="GiB") ? v*1024 : (u=="KiB") ? v/1024 : (u=="B") ? v/1048576 : v;
           t+=m; if (m>x) x=m; n++ } END { printf "%.0f %.1f %.1f\n", t, x, (n ? t/n : 0) }'
}

write() { # name, json
  local out="$results/$1-$(stamp).json"
  jq --arg cores "$(nproc)" '. + {cores: ($cores|tonumber)}' <<<"$2" >"$out"
  echo "  -> $out"
}

# Whether MIB MiB fit on the filesystem of DIR; if not, says so in the table and in a result, and
# the scenario is skipped (a lab or bound that fills the disk takes the engine down with it).
fits() { # name, MiB, dir, what
  local avail; avail=$(( $(df --output=avail -k "$3" | tail -1) / 1024 ))
  [ "$2" -le "$avail" ] && return 0
  local why="$4 needs $2 MiB under $3, $avail MiB free"
  row "$1" "skipped: $why" "" ""
  write "$1" "$(jq -n --arg s "$1" --arg w "$why" '{scenario: $s, skipped: $w}')"
  return 1
}

scenario_startup() {
  ./swarmlab --version >/dev/null # builds the jar and its class-data archive if needed
  local times; times=$(time_runs 10 ./swarmlab --version)
  local med; med=$(median <<<"$times")
  row "startup (--version)" "$med ms" "" ""
  write startup "$(jq -n --argjson m "$med" --arg all "$(tr '\n' ' ' <<<"$times")" \
    '{scenario: "startup", medianMs: $m, runsMs: ($all | split(" ") | map(select(. != "") | tonumber))}')"
}

scenario_status() { # peers
  local peers=$1 project="bench-status-$1"
  ./swarmlab down -p "$project" --volumes >/dev/null
  ./swarmlab up -p "$project" --leechers $(( peers - 2 )) --payload-size 1MiB --wait --timeout 30m >/dev/null 2>>"$results/bench.log"
  local times; times=$(time_runs 10 ./swarmlab status -p "$project" --json)
  local med; med=$(median <<<"$times")
  ./swarmlab down -p "$project" --volumes >/dev/null
  row "status --json at $peers peers" "$med ms" "" ""
  write "status-$peers" "$(jq -n --argjson p "$peers" --argjson m "$med" --arg all "$(tr '\n' ' ' <<<"$times")" \
    '{scenario: "status", peers: $p, medianMs: $m, runsMs: ($all | split(" ") | map(select(. != "") | tonumber))}')"
}

# The options the labs of swarm-LxS are made with: BENCH_CLIENT, BENCH_ORDER.
lab_options() {
  echo --client "${BENCH_CLIENT:-rtorrent}" ${BENCH_ORDER:+--start-order "$BENCH_ORDER"}
}

# One run of a lab; prints JSON {runningMs, completeMs, downMs, memory}; swarmlab's also
# {leecherShare}: of the bytes leechers received, the share other leechers sent (its run record).
run_lab() { # tool project leechers size
  local tool=$1 project=$2 leechers=$3 size=$4 t0 running complete down mem anon share=null
  local want=$(( leechers + 3 )) # tracker, 2 seeders, leechers
  t0=$(now_ms)
  if [ "$tool" = swarmlab ]; then
    # shellcheck disable=SC2046
    ./swarmlab up -p "$project" --leechers "$leechers" --payload-size "${size}MiB" $(lab_options) >/dev/null 2>>"$results/bench.log"
  else
    (cd ".swarmlab/$project" && docker-compose -p "$project" up -d >/dev/null 2>&1)
  fi
  until_running "$project" "$want" >/dev/null
  running=$(( $(now_ms) - t0 ))
  complete=$(( $(until_complete "$project" 3600) + running ))
  mem=$(memory "$project")
  anon=$(process_memory "$project")
  local logs; logs=$(cat .swarmlab/"$project"/peers/*.blocks.log* 2>/dev/null | wc -c)
  t0=$(now_ms)
  if [ "$tool" = swarmlab ]; then
    ./swarmlab down -p "$project" --volumes >/dev/null
  else
    (cd ".swarmlab/$project" && docker-compose -p "$project" down -v >/dev/null 2>&1)
  fi
  down=$(( $(now_ms) - t0 ))
  if [ "$tool" = swarmlab ]; then
    share=$(./swarmlab report -p "$project" --format json 2>/dev/null |
      jq '.totals | if (.fromSeeders + .fromLeechers) > 0 then (.fromLeechers / (.fromSeeders + .fromLeechers) * 1000 | round) / 1000 else null end' || echo null)
  fi
  read -r total max mean <<<"$mem"
  if [ -n "${BENCH_LOG_BYTES:-}" ]; then echo "$logs" >"$BENCH_LOG_BYTES"; fi
  jq -n --argjson r "$running" --argjson c "$complete" --argjson d "$down" \
    --argjson t "$total" --argjson x "$max" --argjson m "$mean" --argjson a "$anon" --argjson sh "$share" \
    '{runningMs: $r, completeMs: $c, downMs: $d, leecherShare: $sh,
      memoryMiB: {rtorrentTotal: $t, rtorrentMax: $x, rtorrentMean: $m, rtorrentProcessesAnon: $a}}'
}

# ms to start N containers of IMAGE doing nothing, on a network of their own, 2 x cores at once
# (swarmlab's default): what starting a lab's containers costs the engine with no transfer running.
idle_start() { # containers image
  local n=$1 image=$2 net="bench-floor-$$" t0 ms
  docker network create --label swarmlab.bench=floor "$net" >/dev/null
  t0=$(now_ms)
  seq 1 "$n" | xargs -P "$(( 2 * $(nproc) ))" -I{} \
    docker run -d --network "$net" --label swarmlab.bench=floor --entrypoint sleep "$image" infinity >/dev/null
  ms=$(( $(now_ms) - t0 ))
  docker ps -aq --filter label=swarmlab.bench=floor | xargs -r docker rm -f >/dev/null
  # the engine may still be releasing the removed containers' endpoints (Docker 20.10 can keep a
  # stale one until it restarts: then the empty network stays, and says so)
  local gone=""
  for _ in $(seq 1 30); do docker network rm "$net" >/dev/null 2>&1 && { gone=1; break; }; sleep 1; done
  [ -n "$gone" ] || echo "bench: could not remove network $net (the engine holds a stale endpoint)" >&2
  echo "$ms"
}

# ms to SHA-1 hash and write L copies of S MiB with every core: what every leecher does at least.
bound_ms() { # leechers size; empty when it does not fit the disk
  local leechers=$1 size=$2 dir t0 ms
  dir=$(mktemp -d "${TMPDIR:-/var/tmp}/swarmlab-bound.XXXXXX")
  fits "bound-${leechers}x${size}" $(( (leechers + 1) * size )) "$dir" "$leechers copies and the payload" >&2 ||
    { rmdir "$dir"; return 0; }
  head -c "$(( size * 1048576 ))" /dev/urandom >"$dir/payload"
  sync
  t0=$(now_ms)
  seq 1 "$leechers" | xargs -P "$(nproc)" -I{} sh -c "tee '$dir/copy-{}' <'$dir/payload' | sha1sum >/dev/null"
  sync
  ms=$(( $(now_ms) - t0 ))
  rm -rf "$dir"
  echo "$ms"
}

scenario_swarm() { # leechers size
  local leechers=$1 size=$2 project="bench-swarm-$1x$2"
  fits "swarm-${leechers}x${size}" $(( leechers * size )) "$(docker info -f '{{.DockerRootDir}}')" \
    "the leechers' downloads" || return 0
  ./swarmlab down -p "$project" --volumes >/dev/null
  # Images and the generated payload are made once and cached: make them before timing anything.
  # shellcheck disable=SC2046
  ./swarmlab up -p "$project" --leechers 0 --payload-size "${size}MiB" $(lab_options) >/dev/null 2>>"$results/bench.log"
  ./swarmlab down -p "$project" --volumes >/dev/null
  local client=${BENCH_CLIENT:-rtorrent} order image idle bound floor s c=null
  # shellcheck disable=SC2046
  image=$(./swarmlab render -p "$project" --leechers 1 $(lab_options) | awk '/^  leecher:/ {l=1} l && /image:/ {print $2; exit}')
  order=$(./swarmlab render -p "$project" --leechers 1 $(lab_options) | awk '/^  seeder:/ {s=1} s && /depends_on:/ {getline; gsub(/[ :]/, ""); print ($0 == "leecher" ? "leechers-first" : "seeders-first"); exit}')
  idle=$(idle_start $(( leechers + 3 )) "$image")
  bound=$(bound_ms "$leechers" "$size")
  floor=$(( idle + ${bound:-0} ))
  echo "bench: swarm-${leechers}x${size} $client $order floor: idle start $idle + bound ${bound:-?} ms" >>"$results/bench.log"
  s=$(run_lab swarmlab "$project" "$leechers" "$size")
  # Said at once, so a long run stopped during the docker-compose half keeps swarmlab's figures.
  echo "bench: swarm-${leechers}x${size} $client $order swarmlab: $(jq -c . <<<"$s")" >>"$results/bench.log"
  if [ "${BENCH_COMPOSE:-1}" != 0 ]; then
    need docker-compose docker-compose
    c=$(run_lab compose "$project" "$leechers" "$size")
  fi
  local what="swarm ${leechers}x${size}MiB" ratio_run=null ratio_done=null
  if [ "$c" != null ]; then
    ratio_run=$(jq -n --argjson s "$s" --argjson c "$c" '($c.runningMs / $s.runningMs * 100 | round) / 100')
    ratio_done=$(jq -n --argjson s "$s" --argjson c "$c" '($c.completeMs / $s.completeMs * 100 | round) / 100')
  fi
  over() { jq -rn --argjson a "$1" --argjson b "$2" 'if $a == null then "-" else ($a / $b * 100 | round) / 100 end'; }
  echo "  ($client, $order)"
  row "$what all running" "$(jq .runningMs <<<"$s") ms" "$(jq -r '.runningMs // "-"' <<<"$c") ms" "${ratio_run/null/-}x"
  row "$what all complete" "$(jq .completeMs <<<"$s") ms" "$(jq -r '.completeMs // "-"' <<<"$c") ms" "${ratio_done/null/-}x"
  row "$what floor (idle start + bound)" "$floor ms" "$idle + ${bound:-?}" ""
  row "$what complete / floor" "$(over "$(jq .completeMs <<<"$s")" "$floor")" "$(over "$(jq .completeMs <<<"$c")" "$floor")" ""
  row "$what leechers' share" "$(jq .leecherShare <<<"$s")" "" ""
  row "$what down" "$(jq .downMs <<<"$s") ms" "$(jq -r '.downMs // "-"' <<<"$c") ms" ""
  row "$what rtorrent memory" "$(jq .memoryMiB.rtorrentTotal <<<"$s") MiB" "$(jq -r '.memoryMiB.rtorrentTotal // "-"' <<<"$c") MiB" ""
  row "  of which rtorrent's own (anon)" "$(jq .memoryMiB.rtorrentProcessesAnon <<<"$s") MiB" "$(jq -r '.memoryMiB.rtorrentProcessesAnon // "-"' <<<"$c") MiB" ""
  write "swarm-${leechers}x${size}" "$(jq -n --argjson l "$leechers" --argjson z "$size" --argjson s "$s" --argjson c "$c" \
    --argjson rr "$ratio_run" --argjson rd "$ratio_done" --arg client "$client" --arg order "$order" \
    --argjson idle "$idle" --argjson bound "${bound:-null}" --argjson floor "$floor" \
    '{scenario: "swarm", leechers: $l, payloadMiB: $z, client: $client, startOrder: $order,
      floor: {idleStartMs: $idle, boundMs: $bound, ms: $floor},
      swarmlab: $s, dockerCompose: $c,
      composeOverSwarmlab: {running: $rr, complete: $rd}}')"
}

# The same lab run again: `rerun --wait` on its containers against `down` + `up --wait`, each
# BENCH_RUNS times (default 2), interleaved, after a first up that builds and writes what is cached;
# and the hash+write bound, measured after.
scenario_rerun() { # leechers size
  local leechers=$1 size=$2 project="bench-rerun-$1x$2" t0 reruns="" ups="" r u bound
  ./swarmlab down -p "$project" --volumes >/dev/null
  # shellcheck disable=SC2046
  ./swarmlab up -p "$project" --leechers "$leechers" --payload-size "${size}MiB" $(lab_options) \
    --wait --timeout 60m >/dev/null 2>>"$results/bench.log"
  for _ in $(seq 1 "${BENCH_RUNS:-2}"); do
    t0=$(now_ms)
    ./swarmlab rerun -p "$project" --wait --timeout 60m >/dev/null 2>>"$results/bench.log"
    reruns="$reruns $(( $(now_ms) - t0 ))"
    t0=$(now_ms)
    ./swarmlab down -p "$project" --volumes >/dev/null
    # shellcheck disable=SC2046
    ./swarmlab up -p "$project" --leechers "$leechers" --payload-size "${size}MiB" $(lab_options) \
      --wait --timeout 60m >/dev/null 2>>"$results/bench.log"
    ups="$ups $(( $(now_ms) - t0 ))"
  done
  ./swarmlab down -p "$project" --volumes >/dev/null
  bound=$(bound_ms "$leechers" "$size")
  r=$(tr ' ' '\n' <<<"$reruns" | grep . | median)
  u=$(tr ' ' '\n' <<<"$ups" | grep . | median)
  row "rerun ${leechers}x${size}MiB --wait" "$r ms" "" "$(awk -v a="$u" -v b="$r" 'BEGIN {printf "%.2f", a/b}')x"
  row "down + up ${leechers}x${size}MiB --wait" "$u ms" "" ""
  row "bound ${leechers}x${size}MiB; rerun / bound" "${bound:-?} ms" "" "$(awk -v a="$r" -v b="${bound:-0}" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "-"}')"
  write "rerun-${leechers}x${size}" "$(jq -n --argjson l "$leechers" --argjson z "$size" \
    --arg reruns "$reruns" --arg ups "$ups" --argjson r "$r" --argjson u "$u" --argjson b "${bound:-null}" \
    --arg client "${BENCH_CLIENT:-rtorrent}" \
    '{scenario: "rerun", leechers: $l, payloadMiB: $z, client: $client,
      rerunMs: ($reruns | split(" ") | map(select(. != "") | tonumber)), rerunMedianMs: $r,
      downUpMs: ($ups | split(" ") | map(select(. != "") | tonumber)), downUpMedianMs: $u,
      boundMs: $b}')"
}

scenario_bound() { # leechers size
  local leechers=$1 size=$2 ms
  ms=$(bound_ms "$leechers" "$size")
  [ -n "$ms" ] || return 0
  row "bound ${leechers}x${size}MiB (hash+write)" "$ms ms" "" ""
  write "bound-${leechers}x${size}" "$(jq -n --argjson l "$leechers" --argjson z "$size" --argjson m "$ms" \
    '{scenario: "bound", leechers: $l, payloadMiB: $z, ms: $m}')"
}

scenario_dashboard() { # peers
  local peers=$1 project="bench-dash-$1" log url pid during after
  need node nodejs
  [ -d src/test/browser/node_modules/playwright-core ] || (cd src/test/browser && npm ci --silent >/dev/null)
  ./swarmlab --version >/dev/null # builds the jar if needed, before anything is timed
  ./swarmlab down -p "$project" --volumes >/dev/null
  ./swarmlab up -p "$project" --leechers $(( peers - 2 )) --payload-size 16MiB >/dev/null 2>>"$results/bench.log"
  log=$(mktemp)
  ./swarmlab dashboard -p "$project" --port 0 >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" || true)
    [ -n "$url" ] && break
    sleep 0.2
  done
  if [ -z "$url" ]; then
    cat "$log" >&2; kill "$pid" || true; rm -f "$log"
    ./swarmlab down -p "$project" --volumes >/dev/null
    return 1
  fi
  during=$(node bench/dashboard.js "$url" 60)
  until_complete "$project" 3600 >/dev/null
  after=$(node bench/dashboard.js "$url" 60)
  kill "$pid"; wait "$pid" || true # TERM: a background job of a script ignores SIGINT
  rm -f "$log"
  ./swarmlab down -p "$project" --volumes >/dev/null
  for phase in during after; do
    local j=${!phase}
    row "dashboard $peers peers ($phase): update" "$(jq .updateMs.p50 <<<"$j") ms" "p90 $(jq .updateMs.p90 <<<"$j")" ""
    row "  update size" "$(( $(jq .updateBytes.p50 <<<"$j") / 1024 )) KiB" "" ""
    row "  server poll" "$(jq .pollMs.p50 <<<"$j") ms" "p90 $(jq .pollMs.p90 <<<"$j")" ""
  done
  write "dashboard-$peers" "$(jq -n --argjson p "$peers" --argjson d "$during" --argjson a "$after" \
    '{scenario: "dashboard", peers: $p, payloadMiB: 16, during: $d, after: $a}')"
}

scenario_blocklog() { # leechers size
  local leechers=$1 size=$2 project="bench-blocklog-$1x$2" rev=${BENCH_BEFORE:-070ee1a} wt b a
  fits "blocklog-${leechers}x${size}" $(( leechers * size )) "$(docker info -f '{{.DockerRootDir}}')" \
    "the leechers' downloads" || return 0
  wt=$(mktemp -d "${TMPDIR:-/var/tmp}/swarmlab-before.XXXXXX")
  git worktree add --detach "$wt/src" "$rev" >/dev/null 2>&1
  for dir in "$wt/src" "$root"; do # images and payload first, untimed
    (cd "$dir" && ./swarmlab down -p "$project" --volumes >/dev/null &&
      ./swarmlab up -p "$project" --leechers 0 --payload-size "${size}MiB" >/dev/null 2>>"$results/bench.log" &&
      ./swarmlab down -p "$project" --volumes >/dev/null)
  done
  b=$(cd "$wt/src" && run_lab swarmlab "$project" "$leechers" "$size")
  echo "bench: blocklog-${leechers}x${size} before ($rev): $(jq -c . <<<"$b")" >>"$results/bench.log"
  a=$(BENCH_LOG_BYTES="$wt/log-bytes" run_lab swarmlab "$project" "$leechers" "$size")
  local live packed t0 report run
  live=$(cat "$wt/log-bytes")
  run=$(ls -d .swarmlab/"$project"/runs/* | tail -1)
  packed=$(du -sb "$run/peers" | cut -f1)
  t0=$(now_ms); ./swarmlab report -p "$project" >/dev/null; report=$(( $(now_ms) - t0 ))
  (cd "$wt/src" && ./swarmlab down -p "$project" --volumes --purge >/dev/null) || true
  git worktree remove --force "$wt/src" >/dev/null 2>&1 || true
  rm -rf "$wt" .swarmlab/"$project"
  row "blocklog ${leechers}x${size}MiB all complete" "$(jq .completeMs <<<"$a") ms" "$(jq .completeMs <<<"$b") ms" "before"
  row "blocklog ${leechers}x${size}MiB down" "$(jq .downMs <<<"$a") ms" "$(jq .downMs <<<"$b") ms" "before"
  row "blocklog logs live / packed" "$(( live / 1048576 )) MiB" "$(( packed / 1048576 )) MiB" ""
  row "blocklog report (html)" "$report ms" "" ""
  write "blocklog-${leechers}x${size}" "$(jq -n --argjson l "$leechers" --argjson z "$size" --argjson a "$a" --argjson b "$b" \
    --arg rev "$rev" --argjson live "$live" --argjson packed "$packed" --argjson report "$report" \
    '{scenario: "blocklog", leechers: $l, payloadMiB: $z, before: ($b + {revision: $rev}), after: $a,
      logBytesLive: $live, logBytesPacked: $packed, reportMs: $report}')"
}

scenario_link() { # mbit
  local mbit=$1 project="bench-link-$1" size log t0 t1 bytes achieved
  size=$(( mbit * 30 / 8 )); [ "$size" -lt 16 ] && size=16; [ "$size" -gt 2048 ] && size=2048
  ./swarmlab down -p "$project" --volumes --purge >/dev/null 2>&1 || true
  ./swarmlab up -p "$project" --seeders 1 --leechers 1 --payload-size "${size}MiB" \
    --bandwidth "leecher=${mbit}mbit" --wait --timeout 30m >/dev/null 2>>"$results/bench.log"
  log=$(grep -l ' leecher$' .swarmlab/"$project"/peers/*.peer | head -1)
  log=${log%.peer}.blocks.log
  # the seconds with blocks, less the first and last fifth (start-up, endgame)
  read -r t0 t1 bytes < <(awk '/\(down\) completed/ {print $1, $NF}' "$log" | sort -n | awk '
    {t[NR]=$1; b[NR]=$2} END {n=NR; lo=t[1]+(t[n]-t[1])/5; hi=t[n]-(t[n]-t[1])/5
      for (i=1;i<=n;i++) if (t[i]>=lo && t[i]<hi) s+=b[i]; printf "%d %d %d\n", lo, hi, s}')
  achieved=$(awk -v b="$bytes" -v a="$t0" -v z="$t1" 'BEGIN {printf "%.2f", b*8/(z-a)/1e6}')
  ./swarmlab down -p "$project" --volumes --purge >/dev/null 2>&1
  row "link-$mbit received (Mbit/s)" "$achieved" "$mbit" "$(awk -v a="$achieved" -v m="$mbit" 'BEGIN {printf "%.2f", a/m}')"
  write "link-$mbit" "$(jq -n --argjson m "$mbit" --argjson a "$achieved" --argjson z "$size" \
    '{scenario: "link", mbit: $m, achievedMbit: $a, payloadMiB: $z}')"
}

scenarios=("$@")
if [ ${#scenarios[@]} -eq 0 ]; then
  scenarios=(startup status-10 swarm-10x64 bound-10x64)
elif [ "${scenarios[0]}" = all ]; then
  scenarios=(startup status-10 status-100 status-250
    bound-10x64 bound-10x256 bound-100x64 bound-100x256 bound-250x64 bound-250x256
    swarm-10x64 swarm-10x256 swarm-100x64 swarm-100x256 swarm-250x64 swarm-250x256)
fi

for s in "${scenarios[@]}"; do
  case "$s" in
    startup|status-[0-9]*|swarm-[0-9]*x[0-9]*|rerun-[0-9]*x[0-9]*|bound-[0-9]*x[0-9]*|blocklog-[0-9]*x[0-9]*|dashboard-[0-9]*|link-[0-9]*) ;;
    *) echo "bench: unknown scenario: $s (see bench/run.sh --help)" >&2; exit 2 ;;
  esac
done
if ! docker info >/dev/null 2>&1 || ! docker image inspect "${SWARMLAB_BASE_IMAGE:-debian:bookworm-slim}" >/dev/null 2>&1; then
  bash scripts/setup-engine.sh >&2
fi
need jq jq

row "measure" "swarmlab" "compose" "ratio"
for s in "${scenarios[@]}"; do
  case "$s" in
    startup) scenario_startup ;;
    status-[0-9]*) scenario_status "${s#status-}" ;;
    swarm-[0-9]*x[0-9]*) x=${s#swarm-}; scenario_swarm "${x%x*}" "${x#*x}" ;;
    rerun-[0-9]*x[0-9]*) x=${s#rerun-}; scenario_rerun "${x%x*}" "${x#*x}" ;;
    bound-[0-9]*x[0-9]*) x=${s#bound-}; scenario_bound "${x%x*}" "${x#*x}" ;;
    blocklog-[0-9]*x[0-9]*) x=${s#blocklog-}; scenario_blocklog "${x%x*}" "${x#*x}" ;;
    dashboard-[0-9]*) scenario_dashboard "${s#dashboard-}" ;;
    link-[0-9]*) scenario_link "${s#link-}" ;;
    *) echo "bench: unknown scenario: $s (see bench/run.sh --help)" >&2; exit 2 ;;
  esac
done
