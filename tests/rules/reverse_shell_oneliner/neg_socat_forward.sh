#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
# plain port forward for local development
socat TCP-LISTEN:8080,fork TCP:localhost:3000
