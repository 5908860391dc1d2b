#!/usr/bin/env bash
# Installs what the kiosk needs to build, run and test on Debian 12, builds it, and then:
#   packaging/setup.sh run    starts the kiosk on its built-in default setup (a window; Escape quits)
#   packaging/setup.sh test   runs every test of the default tier (ctest -LE slow)
#   packaging/setup.sh slow   runs the slow tier: the full-size samples of the sync tests (ctest -L slow)
#   packaging/setup.sh side-by-side   a kiosk and a central store on this machine (packaging/side_by_side.sh)
#   packaging/setup.sh mutants   the slow tier of mutants (tests/mutants/run_mutants.sh; not part of `test`)
#   packaging/setup.sh build  only builds;  packaging/setup.sh deps  only installs the packages
# Idempotent; uses sudo when not root; needs no input (CI runs it with no standard input).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  build-essential cmake pkg-config ninja-build
  libsdl2-dev libimgui-dev libstb-dev libfreetype-dev libgl-dev libgl1-mesa-dri libglx-mesa0
  libqrencode-dev libsqlite3-dev libsqlitecpp-dev
  libtomlplusplus-dev libboost-locale-dev gettext libsodium-dev nlohmann-json3-dev
  libcurl4-openssl-dev liburiparser-dev libcpp-httplib-dev libssl-dev libcli11-dev libpq-dev libicu-dev postgresql openssl haproxy
  catch2 fonts-noto-core
  xvfb xauth sqlite3 xdotool clang-format
)

# The mutant tier builds its copy of the tree through ccache.
if [ "${1:-}" = mutants ]; then packages+=(ccache); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

action=${1:-build}
case "$action" in
  deps|--no-build) exit 0 ;;
  build|run|test|slow|side-by-side) ;;
  mutants) exec bash "$here/tests/mutants/run_mutants.sh" ;;  # builds a copy of its own
  *) echo "usage: $0 [deps|build|run|test|slow|side-by-side|mutants]" >&2; exit 64 ;;
esac

cmake -S "$here" -B "$here/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_WERROR=ON > /dev/null
cmake --build "$here/build" -j2

case "$action" in
  run)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "setup: no graphical session (DISPLAY is not set); starting the kiosk on a virtual screen instead." >&2
      echo "setup: screenshots of every screen are in docs/screenshots/." >&2
      exec xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" "$here/build/kiosk" --windowed
    fi
    exec "$here/build/kiosk" --windowed
    ;;
  side-by-side)
    exec bash "$here/packaging/side_by_side.sh"
    ;;
  test)
    cd "$here/build"
    exec ctest --output-on-failure -j2 --timeout 600 -LE slow
    ;;
  slow)
    cd "$here/build"
    exec ctest --output-on-failure -j2 --timeout 1800 -L slow
    ;;
esac
