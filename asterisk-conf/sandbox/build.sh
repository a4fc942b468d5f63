#!/usr/bin/env bash
# Build (or restore from cache) a Debian sid chroot holding Asterisk.
# Debian bookworm ships no Asterisk and installing sid's on the host would upgrade libc,
# so Asterisk lives in a chroot under the project's ignored .sandbox/ folder.
set -euo pipefail

ROOT=${1:?usage: build.sh SANDBOX_ROOT}
CACHE_DIR=${CLEARCALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clearcall}
TARBALL=$CACHE_DIR/asterisk-sid-root.v1.tar.zst
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# Debian's stock configuration (asterisk-config, of the version in the root) for the test that installs
# Clearcall beside it (stock_root.sh). apt checks it against the root's package lists.
fetch_stock_config() {
  local version deb
  version=$(chroot "$ROOT" dpkg-query -W -f='${Version}' asterisk-config)
  deb=$CACHE_DIR/asterisk-config_$version.deb
  [[ -f $deb ]] && return 0
  rm -rf "$ROOT/tmp/stock-config" && mkdir -p "$ROOT/tmp/stock-config"
  if chroot "$ROOT" /bin/sh -c "cd /tmp/stock-config && apt-get download -qq asterisk-config=$version" \
    >"$CACHE_DIR/stock-config.log" 2>&1; then
    mv "$ROOT"/tmp/stock-config/asterisk-config_*.deb "$deb"
  else
    echo "sandbox: could not fetch asterisk-config $version (see $CACHE_DIR/stock-config.log);" \
      "the stock-configuration test needs it" >&2
  fi
  rm -rf "$ROOT/tmp/stock-config"
}

if [[ -x $ROOT/usr/sbin/asterisk ]]; then
  mkdir -p "$CACHE_DIR"
  fetch_stock_config
  exit 0
fi
mkdir -p "$CACHE_DIR"
rm -rf "$ROOT.partial"
mkdir -p "$ROOT.partial"

if [[ -f $TARBALL ]]; then
  echo "sandbox: restoring Asterisk root from $TARBALL"
  tar --zstd -xpf "$TARBALL" -C "$ROOT.partial"
else
  command -v debootstrap >/dev/null || { echo "sandbox: debootstrap is missing (make deps installs it)" >&2; exit 1; }
  echo "sandbox: debootstrap sid into $ROOT (first time only, about a minute)"
  debootstrap --variant=minbase sid "$ROOT.partial" "$MIRROR" >"$CACHE_DIR/debootstrap.log" 2>&1 \
    || { echo "sandbox: debootstrap failed, see $CACHE_DIR/debootstrap.log" >&2; exit 1; }
  # sid's Release file is routinely past Valid-Until.
  echo 'Acquire::Check-Valid-Until "false";' >"$ROOT.partial/etc/apt/apt.conf.d/99no-valid-until"
  # Keep the packages' own init scripts from starting services inside the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$ROOT.partial/usr/sbin/policy-rc.d"
  chmod +x "$ROOT.partial/usr/sbin/policy-rc.d"
  printf '127.0.0.1 localhost\n::1 localhost\n' >"$ROOT.partial/etc/hosts"
  for fs in proc sys dev; do mount --bind "/$fs" "$ROOT.partial/$fs"; done
  trap 'for fs in dev sys proc; do umount -l "$ROOT.partial/$fs" 2>/dev/null || true; done' EXIT
  chroot "$ROOT.partial" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends asterisk asterisk-modules asterisk-core-sounds-en-wav && apt-get clean' \
    >"$CACHE_DIR/chroot-install.log" 2>&1 \
    || { echo "sandbox: apt-get in the chroot failed, see $CACHE_DIR/chroot-install.log" >&2; exit 1; }
  for fs in dev sys proc; do umount -l "$ROOT.partial/$fs"; done
  trap - EXIT
  # Drop the packaged configs: the sandbox writes its own, from asterisk-conf/.
  rm -rf "$ROOT.partial/etc/asterisk"
  tar --zstd -cpf "$TARBALL.tmp" -C "$ROOT.partial" . && mv "$TARBALL.tmp" "$TARBALL"
fi
mv "$ROOT.partial" "$ROOT"
fetch_stock_config
echo "sandbox: Asterisk root ready at $ROOT"
