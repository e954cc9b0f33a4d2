#!/usr/bin/env bash
# The test command: makes sure everything the tests need is here, then runs them all.
#
#   scripts/test.sh            set up (as root or with sudo), then mvn verify: unit tests, then
#                              integration tests against the real Docker engine
#   scripts/test.sh ARGS...    the same, with ARGS passed to Maven (e.g. -Dit.test=LabIT)
#
# Set-up, each step skipped when its result is there: a JDK 17 and Maven, tmux (the terminal test),
# docker-compose (the compose interop test), Chromium, Node.js and npm (the report's browser
# test), then scripts/setup-engine.sh (a Docker engine, the kernel's neighbour-table limit, the
# base image). Debian or Ubuntu.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
case "${1:-}" in -h|--help) sed -n '2,11p' "$0"; exit 0 ;; esac

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
say() { echo "test.sh: $*"; }

missing=()
java_ok() { command -v javac >/dev/null 2>&1 && javac -version 2>&1 | grep -Eq 'javac (1[7-9]|[2-9][0-9])'; }
java_ok || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

$SUDO bash scripts/setup-engine.sh

exec mvn -B verify "$@"
