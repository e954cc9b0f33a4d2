#!/bin/bash
# The lab's tracker: opentracker, started again on SIGUSR1 knowing no peer and no download, for
# swarmlab rerun (LabContract.TRACKER_AFRESH_SIGNAL): in milliseconds, where a restart of the
# container takes seconds (its network and published port are set up again). SIGTERM or SIGINT
# ends it; opentracker itself exits on SIGINT only. The signal's trap only kills opentracker and
# notes it; the loop below starts the next one, so signals close together start one, not several.
set -u
child=""
again=""
start() {
  opentracker -f /etc/swarmlab/opentracker.conf &
  child=$!
}
end() {
  [ -z "$child" ] || kill -INT "$child" 2>/dev/null
  wait 2>/dev/null
  exit 0
}
trap 'again=1; [ -z "$child" ] || kill -KILL "$child" 2>/dev/null' USR1
trap end TERM INT
start
while true; do
  code=0
  wait "$child" || code=$?
  # a signal ends the wait early: wait again until opentracker has ended
  kill -0 "$child" 2>/dev/null && continue
  if [ -n "$again" ]; then
    again=""
    start
    continue
  fi
  exit "$code"
done
