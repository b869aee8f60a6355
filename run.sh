#!/usr/bin/env bash
# Tandem's two entry points on a fresh Debian 12 machine:
#   ./run.sh demo   install deps, build, start a lab pair on loopback, open the GUI on it
#   ./run.sh test   install deps, build, run every test (and again under ASan + UBSan)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

usage() {
  echo "usage: ./run.sh demo|test|build" >&2
  exit 2
}

deps() {
  ./installer/deps-debian.sh
}

# configure + build one preset (default: build/, asan: build-asan/)
build() {
  local preset=${1:-default}
  local dir=build
  [[ $preset == asan ]] && dir=build-asan
  if [[ ! -f $dir/build.ninja ]]; then
    cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset"
}

demo() {
  # Say it before a long build, not after.
  if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    echo "run.sh demo: no display (DISPLAY and WAYLAND_DISPLAY are unset)." >&2
    echo "  The demo opens a window. Without a desktop, run it under a virtual display:" >&2
    echo "    xvfb-run -a ./run.sh demo" >&2
    exit 1
  fi
  deps
  build
  # The lab's state (configs, logs, lab.json) lives outside the source tree.
  local lab=${TANDEM_LAB_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/tandem/lab}
  mkdir -p "$lab"
  echo "run.sh demo: the lab's configs, logs and lab.json are in $lab (TANDEM_LAB_DIR sets another)"
  # A demo that was killed may have left its lab running: start afresh.
  if [[ -f $lab/lab.json ]]; then build/bin/tandemctl lab down --dir "$lab" >/dev/null 2>&1 || true; fi
  build/bin/tandemctl lab up --dir "$lab"
  # Expanded now: $lab is local and gone by the time the EXIT trap runs.
  trap "build/bin/tandemctl lab down --dir '$lab'" EXIT
  trap 'exit 130' INT TERM
  build/bin/tandem --lab "$lab"
}

run_tests() {
  deps
  build
  local status=0
  ctest --preset default || status=$?
  echo "== again with AddressSanitizer + UndefinedBehaviorSanitizer (non-GUI) =="
  build asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
    ctest --preset asan || status=$?
  return "$status"
}

case ${1:-} in
  demo) demo ;;
  test) run_tests ;;
  build) deps && build ;;
  *) usage ;;
esac
