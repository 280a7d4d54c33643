#!/usr/bin/env bash
# Installs the test peers that nobody here wrote, from Debian's packages: SIPp (SIP interop and load), baresip (a real
# SIP phone), sox and espeak-ng (test prompts and audio checks). Needs root and apt-get; prints what it could not do.
set -uo pipefail

packages=()
command -v sipp >/dev/null || packages+=(sip-tester)
command -v baresip >/dev/null || packages+=(baresip-core)
command -v sox >/dev/null || packages+=(sox)
command -v espeak-ng >/dev/null || packages+=(espeak-ng)
if [ "${HOLDLESS_BENCH_PEERS:-0}" = "1" ]; then
  command -v rtpengine >/dev/null || packages+=(rtpengine)
fi

if [ "${#packages[@]}" -eq 0 ]; then
  echo "test peers: all present"
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "test peers: missing ${packages[*]}; install them with: sudo apt-get install -y --no-install-recommends ${packages[*]}" >&2
  exit 1
fi
echo "test peers: installing ${packages[*]}"
if ! apt-get install -y -q --no-install-recommends "${packages[@]}" >/tmp/holdless-apt.log 2>&1; then
  # The package lists may be missing or stale on a fresh machine.
  apt-get update -q >>/tmp/holdless-apt.log 2>&1
  apt-get install -y -q --no-install-recommends "${packages[@]}" >>/tmp/holdless-apt.log 2>&1 || {
    echo "test peers: apt-get failed (see /tmp/holdless-apt.log)" >&2
    exit 1
  }
fi
echo "test peers: installed"
