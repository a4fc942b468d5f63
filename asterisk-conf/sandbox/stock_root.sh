#!/usr/bin/env bash
# A second Asterisk root made from the sandbox's: Debian's stock /etc/asterisk (the asterisk-config package,
# cached by build.sh) and Asterisk's folders owned by the asterisk user, as on a Debian host. It takes about
# a second: hard links for the system files nobody writes, real copies where Asterisk writes (so nothing in
# the sandbox's root changes owner or content). Used by tests/e2e/test_stock_asterisk.py.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(cd "$HERE/../.." && pwd)
SRC=${SANDBOX_ROOT:-$PROJECT/.sandbox/root}
DEST=${1:?usage: stock_root.sh DEST}
CACHE_DIR=${CLEARCALL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clearcall}

version=$(chroot "$SRC" dpkg-query -W -f='${Version}' asterisk-config)
deb=$CACHE_DIR/asterisk-config_$version.deb
[[ -f $deb ]] || { echo "stock: $deb is missing: run 'make asterisk-up' once with network (build.sh fetches it)" >&2; exit 1; }

rm -rf "$DEST"
mkdir -p "$DEST"
for entry in "$SRC"/*; do
  name=${entry##*/}
  case $name in
    proc|sys|run|tmp) mkdir "$DEST/$name" ;;  # mounts and run-time state: the new root's own
    *) cp -al "$entry" "$DEST/$name" ;;
  esac
done
chmod 1777 "$DEST/tmp"
for dir in var/lib/asterisk var/log/asterisk var/spool/asterisk var/cache/asterisk; do
  rm -rf "${DEST:?}/$dir"
  cp -a "$SRC/$dir" "$DEST/$dir"
done
rm -f "$DEST"/var/lib/asterisk/astdb.sqlite3 "$DEST"/var/log/asterisk/messages.log "$DEST"/var/log/asterisk/queue_log
rm -rf "${DEST:?}/etc/asterisk"
unpacked=$(mktemp -d)
dpkg-deb -x "$deb" "$unpacked"
cp -a "$unpacked/etc/asterisk" "$DEST/etc/asterisk"
rm -rf "$unpacked"
mkdir -p "$DEST/run/asterisk"
# As Debian's postinst does: the configuration and Asterisk's folders belong to the asterisk user.
chroot "$DEST" chown -R asterisk:asterisk /etc/asterisk /var/lib/asterisk /var/log/asterisk \
  /var/spool/asterisk /var/cache/asterisk /run/asterisk
echo "stock: Asterisk root with Debian's stock configuration ($version) at $DEST"
