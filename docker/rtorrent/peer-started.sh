#!/bin/bash
# Notes a start of this peer's run in its peer file: when, its host name and its role (the torrents
# it then loads follow, see torrent-loaded.sh). The entrypoint sources it before it starts rtorrent.
# swarmlab rerun, when it loads a new run's torrents into the rtorrent that ran the run before,
# writes the same line itself (dev.swarmlab.rtorrent.PeerFile). Builtins only.
if [ -n "${SWARMLAB_PEER_FILE:-}" ]; then
  IFS= read -r peer_host </proc/sys/kernel/hostname
  printf -v peer_now '%(%s)T' -1
  printf 'peer %s %s %s\n' "$peer_now" "$peer_host" "${SWARMLAB_ROLE:-leecher}" >>"$SWARMLAB_PEER_FILE"
fi
