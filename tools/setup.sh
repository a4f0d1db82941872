#!/bin/sh
# Install what is missing from Debian's packages, then configure and build
# rxsim in ./build.  Safe to run again: it installs nothing already there.
#   tools/setup.sh            release build in ./build
#   BUILD_DIR=b CMAKE_ARGS="-DRXSIM_SANITIZE=ON" tools/setup.sh
#   RXSIM_WERROR=ON tools/setup.sh      warnings are errors (as in CI)
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential cmake pkgconf libev-dev libcjson-dev check libpcap-dev gnuplot-nox parallel"
[ -n "${RXSIM_EXTRA_PKGS:-}" ] && PKGS="$PKGS $RXSIM_EXTRA_PKGS"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "setup: installing:$missing" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

BUILD_DIR="${BUILD_DIR:-build}"
# shellcheck disable=SC2086
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRXSIM_WERROR="${RXSIM_WERROR:-OFF}" \
	${CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" >/dev/null
echo "setup: built $BUILD_DIR/rxsim" >&2
