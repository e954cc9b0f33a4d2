#!/bin/bash
# Starts Flood on port 3000 with its own authentication, its one user ("swarmlab", an
# administrator) registered before anything outside this container can reach it: Flood first runs
# on this container's loopback only, the user is registered with the password swarmlab generated
# (read from a file, never from the command line), then Flood restarts on every address. Flood
# drives the peer SWARMLAB_FLOOD_PEER (a container name) through that peer's SCGI socket.
set -euo pipefail
peer="${SWARMLAB_FLOOD_PEER:?SWARMLAB_FLOOD_PEER names the peer to watch}"
password_file="${SWARMLAB_FLOOD_PASSWORD_FILE:-/run/secrets/flood-password}"
rundir=/tmp/flood
say() { echo "swarmlab flood: $*" >&2; }

if [ ! -s "$password_file" ]; then
  say "no password in $password_file"
  exit 1
fi
socket=""
for _ in $(seq 1 300); do
  address="$(getent hosts "$peer" | awk '{print $1; exit}')" || true
  if [ -n "$address" ] && [ -S "/run/swarmlab/$address.sock" ]; then
    socket="/run/swarmlab/$address.sock"
    break
  fi
  sleep 0.2
done
if [ -z "$socket" ]; then
  say "peer $peer has no SCGI socket in /run/swarmlab"
  exit 1
fi

mkdir -p "$rundir"
if [ ! -e "$rundir/.swarmlab-user" ]; then
  flood --rundir "$rundir" --host 127.0.0.1 --port 3001 --auth default >"$rundir/setup.log" 2>&1 &
  setup=$!
  if ! node /usr/local/lib/swarmlab/register.js http://127.0.0.1:3001 swarmlab "$socket" <"$password_file"; then
    kill "$setup" 2>/dev/null || true
    cat "$rundir/setup.log" >&2
    exit 1
  fi
  kill "$setup"
  wait "$setup" || true
  touch "$rundir/.swarmlab-user"
fi
say "watching $peer ($socket)"
exec flood --rundir "$rundir" --host 0.0.0.0 --port 3000 --auth default
