#!/bin/bash
# Starts rtorrent with its SCGI on a unix socket named after the container's address on the lab's
# network: /run/swarmlab/<address>.sock. swarmlab finds each peer's socket from the address the
# engine reports, and so does anything started from the rendered compose file. Beside it go the
# peer's record of the run: <address>.blocks.log (every block received or sent, see rtorrent.rc)
# and <address>.peer (who this peer is, and its own id for each torrent it loads).
set -euo pipefail
umask 077
control=/run/swarmlab
if [ ! -d "$control" ] || [ ! -w "$control" ]; then
  echo "swarmlab peer: $control is not a writable directory (uid $(id -u)); it must be the lab's control directory" >&2
  exit 1
fi
address=""
for _ in $(seq 1 50); do
  address="$(getent hosts "$(cat /proc/sys/kernel/hostname)" | awk '{print $1; exit}')" || true
  [ -n "$address" ] && break
  sleep 0.1
done
if [ -z "$address" ]; then
  echo "swarmlab peer: cannot find this container's address" >&2
  exit 1
fi
# A peer whose link is to be shaped (up --bandwidth and the like) moves no byte before it is:
# swarmlab shapes its network namespace from outside once it runs, and marks it done last by
# naming the device it adds "swarmlab-shaped" (see control/Links.java). A new start is a new
# namespace, so an earlier start's shaping never counts. Started without swarmlab, the peer starts
# as it is after SWARMLAB_LINK_WAIT seconds. Once per container: rtorrent started again for a
# rerun keeps the namespace.
await_link() {
  if [ "${SWARMLAB_LINK_WAIT:-0}" -gt 0 ] 2>/dev/null; then
    shaped() { [ "$(cat /sys/class/net/swl-ifb/ifalias 2>/dev/null)" = swarmlab-shaped ]; }
    for _ in $(seq 1 $((SWARMLAB_LINK_WAIT * 10))); do
      shaped && break
      sleep 0.1
    done
    shaped ||
      echo "swarmlab peer: my link was not shaped within ${SWARMLAB_LINK_WAIT}s; starting as it is" >&2
  fi
}
export SWARMLAB_SCGI_SOCKET="$control/$address.sock"
export SWARMLAB_BLOCK_LOG="$control/$address.blocks.log"
export SWARMLAB_PEER_FILE="$control/$address.peer"

# swarmlab rerun: a fresh swarm on the same containers. swarmlab writes "stop RUN" to the lab's
# rerun file and asks rtorrent to quit; each peer then drops what its run left (its session, and a
# leecher its downloads), says so with <address>.stopped, and waits. Once every peer has, swarmlab
# ends the old run's record, makes the payload and torrents again if the rerun changes them,
# restarts the tracker, writes "stop RUN START SEEDER_UP SEEDER_DOWN LEECHER_UP LEECHER_DOWN
# TORRENTS BYTES" (the run's start, each role's rates, what it shares), lets peers go one by one with
# <address>.go if asked to (rerun --stagger), and then all with "go RUN START ...": each peer starts
# rtorrent again, with its role's rates from that line. Anything else that ends rtorrent ends the
# container, as before. A change to what this reads or writes of it is a new version of the rerun
# protocol (the peers' label swarmlab.rerun-protocol, LabContract.RERUN_PROTOCOL).
rerun_file="$control/rerun"
# Waiting costs no process: a hundred peers polling with sleep and head forked thousands a second.
exec {waitfd}<> <(:)
pause() { read -r -t "$1" -u "$waitfd" _ || true; }
read_rerun() {
  rerun=""
  if [ -f "$rerun_file" ] && [ ! -L "$rerun_file" ]; then
    IFS= read -r -n 200 rerun <"$rerun_file" || true
  fi
}
stopping() {
  read_rerun
  case "$rerun" in "stop "*) return 0 ;; *) return 1 ;; esac
}
drop_run() {
  find /session -mindepth 1 -delete 2>/dev/null || true
  if [ "${SWARMLAB_ROLE:-leecher}" = leecher ] && [ -d "${SWARMLAB_DIRECTORY:-}" ] &&
    [ "$(realpath "$SWARMLAB_DIRECTORY")" != / ]; then
    find "$SWARMLAB_DIRECTORY" -mindepth 1 -delete
  fi
}
await_go() {
  stopping || return 0
  drop_run
  : >"$control/$address.stopped"
  # swarmlab ends the stop within seconds (or the stagger it was asked for); a swarmlab that died
  # meanwhile is not waited for long, but for as long as it says it makes the payload again
  local waited=0
  while stopping && [ ! -e "$control/$address.go" ]; do
    case "$rerun" in
      *" making") ;;
      *) waited=$((waited + 1)) && [ "$waited" -le 1500 ] || break ;;
    esac
    pause 0.2
  done
  rm -f "$control/$address.stopped" "$control/$address.go"
}
go_rates() {
  local word run start su sd lu ld rest
  read_rerun
  read -r word run start su sd lu ld rest <<<"$rerun" || true
  case "$word" in go | stop) ;; *) return 0 ;; esac
  for r in "$su" "$sd" "$lu" "$ld"; do
    case "$r" in '' | *[!0-9]*) return 0 ;; esac
  done
  if [ "${SWARMLAB_ROLE:-leecher}" = seeder ]; then
    export SWARMLAB_UP_RATE="$su" SWARMLAB_DOWN_RATE="$sd"
  else
    export SWARMLAB_UP_RATE="$lu" SWARMLAB_DOWN_RATE="$ld"
  fi
}

child=""
stop_child() {
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit 143
}
trap stop_child TERM INT

linked=""
while true; do
  await_go
  if [ -z "$linked" ]; then
    await_link
    linked=1
  fi
  go_rates
  # rtorrent's log of every block it receives or sends, and from or to which peer (see
  # rtorrent.rc). rtorrent truncates the file it opens: the log of an earlier start of this peer is
  # kept aside.
  if [ -e "$SWARMLAB_BLOCK_LOG" ] && [ ! -L "$SWARMLAB_BLOCK_LOG" ]; then
    mv -f "$SWARMLAB_BLOCK_LOG" "$SWARMLAB_BLOCK_LOG.$(date +%s%N)"
  fi
  rm -f "$SWARMLAB_BLOCK_LOG"
  printf 'peer %s %s %s\n' "$(date +%s)" "$(cat /proc/sys/kernel/hostname)" "${SWARMLAB_ROLE:-leecher}" >>"$SWARMLAB_PEER_FILE"
  # A socket left by an earlier start, or by an earlier container that had this address: rtorrent
  # cannot bind over it.
  rm -f "$SWARMLAB_SCGI_SOCKET"
  # The session's lock of an earlier start of this container that was killed: it names this host
  # and a pid of this container, which may be alive, so rtorrent would take it as held and refuse
  # to start. This container runs one rtorrent at a time: a lock found now is stale. The session
  # itself is kept, so a restarted peer resumes what it had.
  rm -f /session/rtorrent.lock
  rtorrent -n -o import=/etc/swarmlab/rtorrent.rc &
  child=$!
  code=0
  wait "$child" || code=$?
  child=""
  stopping || exit "$code"
done
