#!/bin/bash
# Called by rtorrent for each torrent it loads (rtorrent.rc): notes the torrent's info-hash, this
# peer's own id for it (rtorrent uses one per torrent; other peers' block logs name this peer by
# it), its size, piece size and name in the peer file beside the block log, so that a run's logs
# can be read after the fact without asking any peer anything. Builtins only: a hundred peers load
# their torrents at once, and each process started costs milliseconds. swarmlab rerun, when it
# resets rtorrent in place, removes the hook that runs this while it loads the run's torrents,
# writes their lines itself, then sets the hook again for whatever is loaded later.
# Arguments: HASH LOCAL_ID SIZE_BYTES PIECE_BYTES NAME
[ -n "${SWARMLAB_PEER_FILE:-}" ] || exit 0
printf -v now '%(%s)T' -1
printf 'torrent %s %s %s %s %s %s\n' "$now" "$1" "$2" "$3" "$4" "${5//[[:cntrl:]]/}" >>"$SWARMLAB_PEER_FILE"
