#!/usr/bin/env bash
# Installs the Debian 12 packages OpenSFN needs to build and test (idempotent; needs root or sudo).
set -euo pipefail
PKGS=(g++ cmake ninja-build pkg-config ccache
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libcurl4-openssl-dev libpugixml-dev
  libsqlite3-dev libpq-dev
  zlib1g-dev libzstd-dev libsnappy-dev liblz4-dev libbrotli-dev
  libcli11-dev libfmt-dev libspdlog-dev libpcre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-boto3 python3-moto)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# boto3/moto may come from pip on the image instead of Debian packages.
if python3 -c 'import boto3, moto' 2>/dev/null; then
  missing=("${missing[@]/python3-boto3}"); missing=("${missing[@]/python3-moto}")
fi
clean=(); for p in "${missing[@]}"; do [ -n "$p" ] && clean+=("$p"); done
if [ ${#clean[@]} -eq 0 ]; then exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing: ${clean[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${clean[@]}" >/dev/null
