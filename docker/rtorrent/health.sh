#!/bin/bash
# Container health check: healthy once rtorrent answers over its SCGI socket with every torrent of
# /torrents loaded and, for a seeder (SWARMLAB_ROLE=seeder), every one of them complete.
set -euo pipefail
shopt -s nullglob
torrents=(/torrents/*.torrent)
expected=${#torrents[@]}
[ "$expected" -gt 0 ] || exit 1
socket="/run/swarmlab/$(getent hosts "$(cat /proc/sys/kernel/hostname)" | awk '{print $1; exit}').sock"
reply=$(perl -MIO::Socket::UNIX -e '
  my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or exit 1;
  my $b = q(<?xml version="1.0"?><methodCall><methodName>d.multicall2</methodName><params>)
        . q(<param><value><string></string></value></param><param><value><string>main</string></value></param>)
        . q(<param><value><string>d.complete=</string></value></param></params></methodCall>);
  my $h = "CONTENT_LENGTH\0" . length($b) . "\0SCGI\0" . "1\0";
  print $s length($h) . ":" . $h . "," . $b;
  local $/;
  print <$s>;' "$socket")
loaded=$(grep -o '<i8>[01]</i8>' <<<"$reply" | wc -l)
complete=$(grep -o '<i8>1</i8>' <<<"$reply" | wc -l)
if [ "${SWARMLAB_ROLE:-leecher}" = seeder ]; then
  [ "$complete" -eq "$expected" ]
else
  [ "$loaded" -eq "$expected" ]
fi
