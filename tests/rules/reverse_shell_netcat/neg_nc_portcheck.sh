#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
# port probe only
nc -z -w 2 localhost 8080 && echo up
