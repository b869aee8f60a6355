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
  # protocol and secrets
  libssh-dev qtkeychain-qt6-dev libsecret-1-0 openssl
  libssl-dev  # the agent makes its TLS key and self-signed certificate with OpenSSL 3 (Qt cannot)
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # real peers the tests start: sshd, a display, a session bus and a keyring
  openssh-server openssh-client xvfb xauth dbus dbus-x11 gnome-keyring
  # screenshots for the docs
  imagemagick
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
