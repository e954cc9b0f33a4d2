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
IFS= read -r host </proc/sys/kernel/hostname
address=""
for _ in $(seq 1 50); do
  address="$(getent hosts "$host" | awk '{print $1; exit}')" || true
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
# as it is after SWARMLAB_LINK_WAIT seconds. A rerun that resets rtorrent where it runs keeps the
# namespace, and so the shaping.
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

# swarmlab rerun: a fresh swarm on the same containers. swarmlab resets a running peer's rtorrent
# itself, over SCGI: it erases every download (rtorrent drops their session files), empties a
# leecher's downloads, and later opens a new block log, notes the start and the torrents in the
# peer file itself (as peer-started.sh and torrent-loaded.sh would) and loads the torrents again.
# Meanwhile the lab's rerun file says "stop RUN", then "go RUN START SEEDER_UP SEEDER_DOWN
# LEECHER_UP LEECHER_DOWN TORRENTS BYTES" (the run's start, each role's rates, what it shares).
# This script reads it only when the container starts (a peer swarmlab starts again for the
# rerun: one that was not running, or that it could not reset so): on "stop RUN ..." it drops
# what the run before left (its session, and a leecher its downloads), says so with
# <address>.stopped, and waits for "go RUN ..." or for <address>.go (rerun --stagger lets peers go
# one by one); then rtorrent starts with its role's rates from that line. A change to what this
# reads or writes of it is a new version of the rerun protocol (the peers' label
# swarmlab.rerun-protocol, LabContract.RERUN_PROTOCOL).
#
# A hundred peers start together on a few cores, so each step here is a builtin where one will do:
# every process started costs milliseconds (bench/README.md, finding 18).
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
  local dirs=(/session)
  if [ "${SWARMLAB_ROLE:-leecher}" = leecher ] && [ -d "${SWARMLAB_DIRECTORY:-}" ] &&
    ! [ "$SWARMLAB_DIRECTORY" -ef / ]; then
    dirs+=("$SWARMLAB_DIRECTORY")
  fi
  find "${dirs[@]}" -mindepth 1 -delete
}
# Waits while a rerun stops the peers.
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
# rtorrent closes every descriptor below its open-files limit in each process it starts (the
# torrent-loaded hook, once per torrent): at an engine's default of a million that is seconds of CPU
# per peer. rtorrent sizes its sockets from the same limit (the limit less 256, less 512 from 8096
# up), so this leaves room for 256 connections to each torrent (it keeps at most 200 per torrent)
# and 512 more at least. Only the soft limit: one above the engine's hard limit is not raised.
# swarmlab reads SWARMLAB_SIZED_FOR from rtorrent's environment, and starts a peer sized for fewer
# torrents than a rerun shares again instead of resetting it.
fd_limit() {
  local torrents=(/torrents/*.torrent)
  ulimit -Sn $((${#torrents[@]} * 256 + 1024)) 2>/dev/null || true
  export SWARMLAB_SIZED_FOR=${#torrents[@]}
}

await_go
await_link
go_rates
fd_limit
# rtorrent's log of every block it receives or sends, and from or to which peer (see rtorrent.rc).
# rtorrent truncates the file it opens: the log of an earlier start of this peer is kept aside,
# named after the time (nanoseconds) it is set aside (swarmlab rerun does the same).
if [ -e "$SWARMLAB_BLOCK_LOG" ] && [ ! -L "$SWARMLAB_BLOCK_LOG" ]; then
  mv -f "$SWARMLAB_BLOCK_LOG" "$SWARMLAB_BLOCK_LOG.${EPOCHREALTIME/./}000"
fi
. /usr/local/lib/swarmlab/peer-started
# In one go: this peer's word to a rerun; a block log that is a link; a socket left by an earlier
# start, or by an earlier container that had this address (rtorrent cannot bind over it); the
# session's lock of an earlier start of this container that was killed (it names this host and a
# pid of this container, which may be alive, so rtorrent would take it as held and refuse to start:
# this container runs one rtorrent at a time, so a lock found now is stale; the session itself is
# kept, so a restarted peer resumes what it had).
rm -f "$control/$address.stopped" "$control/$address.go" "$SWARMLAB_BLOCK_LOG" \
  "$SWARMLAB_SCGI_SOCKET" /session/rtorrent.lock
exec {waitfd}<&-
# rtorrent takes this process's place: a stop's SIGTERM reaches it, and it quits as it does.
exec rtorrent -n -o import=/etc/swarmlab/rtorrent.rc
