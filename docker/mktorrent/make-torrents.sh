#!/usr/bin/env bash
# Makes /torrents/<name>.torrent for every top-level entry of /data, /torrents/whitelist, and
# /torrents/manifest.sha256: the SHA-256 of every file shared, by its path below /data (./NAME or
# ./DIR/...), which is where every peer keeps it too (swarmlab verify checks each peer against it).
# Torrents are written under a hidden temporary name and renamed, so a watching client never
# loads half a file.
set -euo pipefail
announce="${SWARMLAB_ANNOUNCE:-http://tracker:6969/announce}"
data=/data
out=/torrents

find "$out" -mindepth 1 -delete
if [ ! -r "$data" ] || [ ! -x "$data" ]; then
  echo "mktorrent job: cannot read $data as uid $(id -u): make the payload readable to that user" >&2
  exit 1
fi
shopt -s nullglob
entries=("$data"/*)
if [ ${#entries[@]} -eq 0 ]; then
  echo "mktorrent job: nothing to share: $data is empty" >&2
  exit 1
fi
: > "$out/.whitelist.tmp"
for entry in "${entries[@]}"; do
  name="$(basename "$entry")"
  if [ -z "$(find -L "$entry" -type f -print -quit)" ]; then
    echo "mktorrent job: nothing to share in $name: it holds no files" >&2
    exit 1
  fi
  tmp="$out/.$name.torrent.tmp"
  if ! mktorrent -a "$announce" -o "$tmp" "$entry" >/dev/null; then
    echo "mktorrent job: mktorrent failed on $name" >&2
    exit 1
  fi
  python3 /usr/local/lib/swarmlab/infohash.py "$tmp" >> "$out/.whitelist.tmp"
  mv "$tmp" "$out/$name.torrent"
  echo "made $name.torrent"
done
mv "$out/.whitelist.tmp" "$out/whitelist"
names=()
for entry in "${entries[@]}"; do
  names+=("./$(basename "$entry")")
done
(cd "$data" && find -L "${names[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) > "$out/.manifest.tmp"
mv "$out/.manifest.tmp" "$out/manifest.sha256"
echo "made manifest.sha256 ($(wc -l < "$out/manifest.sha256") files)"
echo "made ${#entries[@]} torrent(s)"
