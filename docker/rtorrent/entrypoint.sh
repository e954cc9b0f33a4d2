#!/bin/bash
# Starts rtorrent with its SCGI on a unix socket named after the container's address on the lab's
# network: /run/swarmlab/<address>.sock, and its block log beside it: <address>.blocks.log. swarmlab finds each peer's socket from the address the
# engine reports, and so does anything started from the rendered compose file.
set -euo pipefail
umask 077
control=/run/swarmlab
if [ ! -d "$control" ] || [ ! -w "$control" ]; then
  echo "swarmlab peer: $control is not a writable directory (uid $(id -u)); it must be the lab's control directory" >&2
  exit 1
fi
address=""
for _ in $(seq 1 50); do
  address="$(getent hosts "$(cat /proc/sys/kernel/hostname)" | awk '{print $1; exit}')"
  [ -n "$address" ] && break
  sleep 0.1
done
if [ -z "$address" ]; then
  echo "swarmlab peer: cannot find this container's address" >&2
  exit 1
fi
export SWARMLAB_SCGI_SOCKET="$control/$address.sock"
# rtorrent's log of every block it receives or sends, and from or to which peer (see rtorrent.rc).
export SWARMLAB_BLOCK_LOG="$control/$address.blocks.log"
# A socket left by an earlier container that had this address: rtorrent cannot bind over it.
rm -f "$SWARMLAB_SCGI_SOCKET"
exec rtorrent -n -o import=/etc/swarmlab/rtorrent.rc
