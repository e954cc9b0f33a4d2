#!/bin/bash
# The lab's tracker: opentracker, started again on SIGUSR1 knowing no peer and no download, for
# swarmlab rerun (LabContract.TRACKER_AFRESH_SIGNAL): in milliseconds, where a restart of the
# container takes seconds (its network and published port are set up again). SIGTERM or SIGINT
# ends it; opentracker itself exits on SIGINT only.
set -u
child=""
start() {
  opentracker -f /etc/swarmlab/opentracker.conf &
  child=$!
}
again() {
  kill -KILL "$child" 2>/dev/null
  wait "$child" 2>/dev/null
  start
}
end() {
  kill -INT "$child" 2>/dev/null
  wait "$child" 2>/dev/null
  exit 0
}
trap again USR1
trap end TERM INT
start
while true; do
  code=0
  wait "$child" || code=$?
  # a signal ends the wait early, and its trap may have started another opentracker: wait for it
  kill -0 "$child" 2>/dev/null || exit "$code"
done
