#!/usr/bin/env bash
# Installs exactly the Debian 12 packages that Tandem's build, tests and demo need.
# Idempotent: when everything is present it only checks and returns.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # Qt 6: Widgets, Charts, Network, Test, Svg, LinguistTools
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  libqt6opengl6-dev  # Qt Charts' CMake package needs Qt6OpenGL's
  qt6-qpa-plugins
  libqscintilla2-qt6-dev  # the config editor: lexer, indicators, margins, folding (issue 17)
  # protocol and secrets
  libssh-dev qtkeychain-qt6-dev libsecret-1-0 openssl
  libcli11-dev  # tandemctl's command-line parser (header-only)
  libssl-dev  # the agent makes its TLS key and self-signed certificate with OpenSSL 3 (Qt cannot)
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # real peers the tests start: sshd, a display, a session bus and a keyring
  openssh-server openssh-client xvfb xauth dbus dbus-x11 gnome-keyring
  # screenshots for the docs
  imagemagick
  # recommended: a CJK font, so that the zh_CN interface is text and not boxes (tandem says
  # so at start when it finds none)
  fonts-noto-cjk
)

# promtool (the metrics test checks /metrics with `promtool check metrics`) comes from Debian's
# prometheus package, but installing that package starts a Prometheus server. So the .deb is
# only downloaded and promtool alone extracted, into .deps/ of the source tree, where CMake
# looks for it: .deps/prometheus/usr/bin/promtool.
deps_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.deps"
promtool="$deps_dir/prometheus/usr/bin/promtool"

export DEBIAN_FRONTEND=noninteractive
sudo=()
need_root() {
  if ((EUID != 0)) && ((${#sudo[@]} == 0)); then
    command -v sudo >/dev/null || { echo "deps: need root or sudo to $1" >&2; exit 1; }
    sudo=(sudo)
  fi
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
    missing+=("$p")
  fi
done
updated=0
if ((${#missing[@]} > 0)); then
  need_root "install: ${missing[*]}"
  echo "deps: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  updated=1
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "deps: done"
fi

if [[ ! -x $promtool ]]; then
  echo "deps: fetching promtool (from the prometheus .deb, not installed) into $deps_dir"
  download="$deps_dir/download"
  rm -rf "$download" "$deps_dir/prometheus"
  mkdir -p "$download"
  # apt-get download needs no root, but a package list that knows prometheus.
  if ! (cd "$download" && apt-get download -qq prometheus 2>/dev/null) && ((updated == 0)); then
    need_root "update the package lists"
    "${sudo[@]}" apt-get update -qq
    (cd "$download" && apt-get download -qq prometheus)
  fi
  deb=("$download"/prometheus_*.deb)
  [[ -f ${deb[0]} ]] || { echo "deps: apt-get download prometheus fetched nothing" >&2; exit 1; }
  dpkg-deb --fsys-tarfile "${deb[0]}" | tar -x -C "$download" ./usr/bin/promtool
  mkdir -p "$(dirname "$promtool")"
  mv "$download/usr/bin/promtool" "$promtool"
  rm -rf "$download"
  "$promtool" --version >/dev/null
  echo "deps: $promtool"
fi
