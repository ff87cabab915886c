#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
# background job whose output is kept in a log
nohup ./server > server.log 2>&1 &
