#!/usr/bin/env bash
# Slow check: proves the two README commands need nothing but this repository. Builds a bare Debian 12
# (debootstrap --variant=minbase) in a folder, clones the repository into it, and runs `.ci/run` there
# as CI would: every build and test dependency must come from packaging/setup.sh.
# Usage (as root): packaging/check_bare_debian.sh [WORK_DIR]    (about 5 minutes and 1.5 GB)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=${1:-$(mktemp -d /tmp/bare-debian.XXXXXX)}
[ "$(id -u)" -eq 0 ] || { echo "check_bare_debian: needs root (debootstrap, chroot, mounts)" >&2; exit 64; }
command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null

unmount() {
  for m in dev sys proc; do umount -R "$root/$m" 2>/dev/null || umount -lR "$root/$m" 2>/dev/null || true; done
}
trap unmount EXIT

[ -x "$root/bin/bash" ] || debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
rm -rf "$root/root/kiosk"
git clone -q "$here" "$root/root/kiosk"
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  bash -c 'cd /root/kiosk && bash .ci/run < /dev/null'
echo "check_bare_debian: .ci/run passed on a bare Debian 12 in $root (unmounted; remove it with rm -rf once done)"
