#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
# wait until a TCP port accepts connections (wait-for-it style probe)
HOST=localhost
PORT=5432
for i in 1 2 3 4 5; do
  (echo -n > /dev/tcp/$HOST/$PORT) >/dev/null 2>&1 && break
  sleep 1
done
