#!/usr/bin/env bash
# Installs the Debian 12 packages airlock needs to build and test, when missing.
# As root: apt-get install. Otherwise: prints the list and the command, and fails.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config python3
  libarchive-dev libyara-dev yara libre2-dev libssl-dev
  nlohmann-json3-dev libfmt-dev libcli11-dev libyaml-cpp-dev libtomlplusplus-dev
  libsimdjson-dev libsqlite3-dev libseccomp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
if [[ "${1:-}" == "--with-fuzz" ]]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "airlock setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "airlock setup: missing Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
