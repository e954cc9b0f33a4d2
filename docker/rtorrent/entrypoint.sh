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
# as it is after SWARMLAB_LINK_WAIT seconds.
if [ "${SWARMLAB_LINK_WAIT:-0}" -gt 0 ] 2>/dev/null; then
  shaped() { [ "$(cat /sys/class/net/swl-ifb/ifalias 2>/dev/null)" = swarmlab-shaped ]; }
  for _ in $(seq 1 $((SWARMLAB_LINK_WAIT * 10))); do
    shaped && break
    sleep 0.1
  done
  shaped ||
    echo "swarmlab peer: my link was not shaped within ${SWARMLAB_LINK_WAIT}s; starting as it is" >&2
fi
export SWARMLAB_SCGI_SOCKET="$control/$address.sock"
# rtorrent's log of every block it receives or sends, and from or to which peer (see rtorrent.rc).
# rtorrent truncates the file it opens: the log of an earlier start of this peer is kept aside.
export SWARMLAB_BLOCK_LOG="$control/$address.blocks.log"
if [ -e "$SWARMLAB_BLOCK_LOG" ] && [ ! -L "$SWARMLAB_BLOCK_LOG" ]; then
  mv -f "$SWARMLAB_BLOCK_LOG" "$SWARMLAB_BLOCK_LOG.$(date +%s%N)"
fi
rm -f "$SWARMLAB_BLOCK_LOG"
export SWARMLAB_PEER_FILE="$control/$address.peer"
printf 'peer %s %s %s\n' "$(date +%s)" "$(cat /proc/sys/kernel/hostname)" "${SWARMLAB_ROLE:-leecher}" >>"$SWARMLAB_PEER_FILE"
# A socket left by an earlier container that had this address: rtorrent cannot bind over it.
rm -f "$SWARMLAB_SCGI_SOCKET"
# The session's lock of an earlier start of this container that was killed: it names this host and
# pid 1, which is alive (it is this very process), so rtorrent would take it as held and refuse to
# start. This container runs one rtorrent: a lock found now is stale. The session itself is kept,
# so a restarted peer resumes what it had.
rm -f /session/rtorrent.lock
exec rtorrent -n -o import=/etc/swarmlab/rtorrent.rc
