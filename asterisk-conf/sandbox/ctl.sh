#!/usr/bin/env bash
# Start, stop or attach to the sandbox Asterisk (a Debian sid chroot under .sandbox/root).
# The sandbox uses the same asterisk-conf/ and dialplans/ files a deployer #includes.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PROJECT=$(cd "$HERE/../.." && pwd)
ROOT=${SANDBOX_ROOT:-$PROJECT/.sandbox/root}
SECRETS=$PROJECT/.local
ARI_PORT=8088

ast() { chroot "$ROOT" /usr/sbin/asterisk "$@"; }
running() { ast -rx "core show version" >/dev/null 2>&1; }
PIDFILE=$ROOT/run/asterisk/asterisk.pid  # Debian's build keeps its run directory in /run

# The sandbox's own Asterisk, by its pidfile, and only if that process really runs inside this root:
# never another Asterisk on the host (a production PBX), whatever its command line says.
sandbox_pid() {
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ "$(readlink "/proc/$pid/root" 2>/dev/null)" == "$(readlink -f "$ROOT")" ]] || return 1
  echo "$pid"
}

sync_config() {
  local etc=$ROOT/etc/asterisk
  rm -rf "$etc"
  mkdir -p "$etc/clearcall/dialplans" "$etc/clearcall-secrets"
  cp "$HERE"/etc/*.conf "$etc/"
  # A test may start the sandbox with another modules.conf (autoload = no and Clearcall's list).
  [[ -z ${SANDBOX_MODULES_CONF:-} ]] || cp "$SANDBOX_MODULES_CONF" "$etc/modules.conf"
  cp "$PROJECT"/asterisk-conf/*.conf "$etc/clearcall/"
  cp "$PROJECT"/dialplans/*.conf "$etc/clearcall/dialplans/"
  [[ -f $SECRETS/asterisk/ari_password.conf ]] || { echo "sandbox: no secrets yet; run 'make secrets' first" >&2; exit 1; }
  install -m 0600 "$SECRETS"/asterisk/*.conf "$etc/clearcall-secrets/"
  chmod 0700 "$etc/clearcall-secrets"
}

mount_fs() {
  for fs in proc dev; do
    mountpoint -q "$ROOT/$fs" || mount --bind "/$fs" "$ROOT/$fs"
  done
}

umount_fs() {
  for fs in dev proc; do
    mountpoint -q "$ROOT/$fs" && umount -l "$ROOT/$fs" || true
  done
}

port_busy() { ss -Hltn "sport = :$1" | grep -q . || ss -Hlun "sport = :$1" | grep -q .; }

wait_for_ari() {
  local password
  password=$(sed -n 's/^CLEARCALL_ARI_PASSWORD=//p' "$SECRETS/secrets.env")
  # Poll (no fixed sleep): ARI answers once res_ari and the HTTP server are up.
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null -u "clearcall:$password" "http://127.0.0.1:$ARI_PORT/ari/asterisk/info" 2>/dev/null; then
      return 0
    fi
    if ! sandbox_pid >/dev/null; then
      echo "sandbox: asterisk exited during start-up; see $ROOT/var/log/asterisk/messages.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "sandbox: ARI did not answer on 127.0.0.1:$ARI_PORT within 30 s" >&2
  return 1
}

case ${1:-} in
  up)
    bash "$HERE/build.sh" "$ROOT"
    sync_config
    if running; then
      ast -rx "core reload" >/dev/null
      wait_for_ari
      echo "sandbox: Asterisk already running; configuration reloaded"
      exit 0
    fi
    for port in $ARI_PORT 5060 5038; do
      if port_busy "$port"; then
        echo "sandbox: port $port is already in use by another program (ss -ltnup 'sport = :$port' shows it); stop it or free the port" >&2
        exit 1
      fi
    done
    mount_fs
    mkdir -p "$ROOT/var/run/asterisk" "$ROOT/var/log/asterisk" "$ROOT/var/spool/asterisk" "$ROOT/var/lib/asterisk"
    rm -f "$ROOT/var/log/asterisk/messages.log"
    ast -C /etc/asterisk/asterisk.conf
    wait_for_ari
    echo "sandbox: Asterisk is up (ARI http://127.0.0.1:$ARI_PORT, SIP udp 127.0.0.1:5060)"
    ;;
  down)
    if running; then
      ast -rx "core stop now" >/dev/null 2>&1 || true
      for _ in $(seq 1 100); do running || break; sleep 0.1; done
    fi
    if pid=$(sandbox_pid); then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    umount_fs
    echo "sandbox: Asterisk stopped"
    ;;
  cli)
    shift
    if [[ $# -gt 0 ]]; then ast -rx "$*"; else ast -r; fi
    ;;
  *)
    echo "usage: ctl.sh up|down|cli [COMMAND]" >&2
    exit 2
    ;;
esac
