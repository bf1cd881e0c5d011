#!/usr/bin/env bash
# Install what building and testing svcquality needs, only when it is missing.
# Safe to run repeatedly; needs root (or sudo) only when something must be installed.
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
missing=()

server_h="/usr/include/postgresql/${PG_MAJOR}/server/postgres.h"
[ -f "$server_h" ] || missing+=("postgresql-server-dev-${PG_MAJOR}")
[ -x "/usr/lib/postgresql/${PG_MAJOR}/bin/postgres" ] || missing+=("postgresql-${PG_MAJOR}")
# PGXS compiles LLVM bitcode for JIT inlining when the server was built with LLVM.
command -v clang-14 >/dev/null || missing+=(clang-14)
command -v llvm-lto-14 >/dev/null || missing+=(llvm-14)
command -v make >/dev/null || missing+=(make)
command -v gcc >/dev/null || missing+=(gcc)
command -v python3 >/dev/null || missing+=(python3)
# Further packages the caller names; one counts as present when its
# command is, whatever package brought it (npm comes with NodeSource's
# nodejs, and as a package of its own with Debian's).
for extra in "$@"; do
    dpkg -s "$extra" >/dev/null 2>&1 || command -v "$extra" >/dev/null || missing+=("$extra")
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root to install ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
