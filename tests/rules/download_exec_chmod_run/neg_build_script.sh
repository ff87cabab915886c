#!/bin/sh
# airlock rule test sample: exits before doing anything.
exit 0
# downloads a source archive and builds it; nothing downloaded is made executable and run
curl -fsSL https://releases.example.invalid/src.tar.gz -o src.tar.gz
tar xzf src.tar.gz
chmod +x ./configure-helper.sh
make -C src
