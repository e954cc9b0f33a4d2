#!/usr/bin/env bash
# Container health check: healthy once rtorrent answers over SCGI with every torrent of
# /torrents loaded and, for a seeder (SWARMLAB_ROLE=seeder), every one of them complete.
set -euo pipefail
shopt -s nullglob
torrents=(/torrents/*.torrent)
expected=${#torrents[@]}
[ "$expected" -gt 0 ] || exit 1
body='<?xml version="1.0"?><methodCall><methodName>d.multicall2</methodName><params><param><value><string></string></value></param><param><value><string>main</string></value></param><param><value><string>d.complete=</string></value></param></params></methodCall>'
length=${#body}
header_length=$((23 + ${#length}))
exec 3<>/dev/tcp/127.0.0.1/5000
printf '%d:CONTENT_LENGTH\0%d\0SCGI\0001\0,%s' "$header_length" "$length" "$body" >&3
reply=$(cat <&3)
loaded=$(grep -o '<i8>[01]</i8>' <<<"$reply" | wc -l)
complete=$(grep -o '<i8>1</i8>' <<<"$reply" | wc -l)
if [ "${SWARMLAB_ROLE:-leecher}" = seeder ]; then
  [ "$complete" -eq "$expected" ]
else
  [ "$loaded" -eq "$expected" ]
fi
