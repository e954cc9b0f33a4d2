#!/usr/bin/env bash
# Makes a local Docker engine and swarmlab's base image available on a Debian or Ubuntu machine.
#
#   scripts/setup-engine.sh            install docker.io if needed, start dockerd, raise the kernel's
#                                      neighbour-table limit, build the base image
#   scripts/setup-engine.sh --pull     try `docker pull` for the base image before building it locally
#
# Needs root (or sudo). Safe to run again: every step is skipped when its result is already there.
set -euo pipefail

BASE_IMAGE="${SWARMLAB_BASE_IMAGE:-debian:bookworm-slim}"
SUITE="${SWARMLAB_BASE_SUITE:-bookworm}"
LOG="${SWARMLAB_DOCKERD_LOG:-/var/log/swarmlab-dockerd.log}"
PULL=false
for arg in "$@"; do
  case "$arg" in
    --pull) PULL=true ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "setup-engine: unknown option: $arg" >&2; exit 2 ;;
  esac
done

export NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
say() { echo "setup-engine: $*"; }
engine_up() { docker info >/dev/null 2>&1; }

wait_for_engine() {
  for _ in $(seq 1 60); do
    if engine_up; then return 0; fi
    sleep 1
  done
  say "the Docker engine did not answer within 60 s; see $LOG" >&2
  tail -n 20 "$LOG" >&2 || true
  return 1
}

if engine_up; then
  say "Docker engine already running"
else
  if ! command -v dockerd >/dev/null 2>&1; then
    say "installing docker.io"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io >/dev/null
  fi
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    say "starting docker.service"
    $SUDO systemctl start docker
  else
    say "starting dockerd in the background (log: $LOG)"
    # The log's path is passed as an argument, never pasted into the command that root runs.
    $SUDO sh -c 'nohup dockerd >"$1" 2>&1 &' setup-engine "$LOG"
  fi
  wait_for_engine
  say "Docker engine is up"
fi
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && ! id -nG "$SUDO_USER" 2>/dev/null | grep -qw docker; then
  say "to use the engine as $SUDO_USER without sudo: usermod -aG docker $SUDO_USER, then log in again"
fi

# All containers of a host share one neighbour (ARP) table; its default hard limit (1024 entries)
# lets only ~30 peers reach each other. Raise it (never lower it) for labs of hundreds of peers.
# This lasts until reboot; put the same keys in /etc/sysctl.d/ to keep them.
raise_sysctl() {
  local key="$1" want="$2" have
  have="$(sysctl -n "$key" 2>/dev/null || echo "")"
  if [ -n "$have" ] && [ "$have" -lt "$want" ]; then
    if $SUDO sysctl -q -w "$key=$want" 2>/dev/null; then
      say "raised $key from $have to $want"
    else
      say "could not raise $key (now $have); labs of more than ~30 peers will be refused" >&2
    fi
  fi
}
raise_sysctl net.ipv4.neigh.default.gc_thresh1 4096
raise_sysctl net.ipv4.neigh.default.gc_thresh2 65536
raise_sysctl net.ipv4.neigh.default.gc_thresh3 131072

if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  say "base image $BASE_IMAGE present"
  exit 0
fi
if $PULL && docker pull "$BASE_IMAGE"; then
  exit 0
fi

say "building $BASE_IMAGE locally with debootstrap (about a minute)"
if ! command -v debootstrap >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq debootstrap >/dev/null
fi
root="$(mktemp -d /tmp/swarmlab-rootfs.XXXXXX)"
trap '$SUDO rm -rf "$root"' EXIT
$SUDO debootstrap --variant=minbase "$SUITE" "$root" >/dev/null
# Keep the image small and like the official slim image: no apt lists, no docs.
$SUDO rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
$SUDO tar -C "$root" -c . | docker import -c 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
say "base image $BASE_IMAGE built"
