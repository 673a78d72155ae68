#!/usr/bin/env bash
# The system (Debian) packages the test suite needs besides its Python packages:
#   chromium                      the browser tests (Playwright drives Debian's Chromium:
#                                 /usr/bin/chromium, or set CHROMIUM_PATH)
#   libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
#                                 WeasyPrint, which writes the PDFs
#   fonts-dejavu-core             a font for the PDFs
# (PDFs are read back with pypdf, a Python package: no poppler-utils. PostgreSQL, which the
# race tests need, is found or started by scripts/test_database.py.)
#
# Installs the missing ones when run as root where apt-get is available; otherwise names them
# and exits 1. `make test` and .ci/run run it first. Usage: scripts/system-packages.sh
set -euo pipefail

PACKAGES=(chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core)

if ! command -v dpkg-query >/dev/null; then
  echo "system-packages: not a Debian-like system, so the packages cannot be checked here." >&2
  echo "  The tests need: Chromium (set CHROMIUM_PATH to it), Pango and HarfBuzz (for" >&2
  echo "  WeasyPrint) and a TrueType font; on Debian: ${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for package in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
# Chromium elsewhere (not from Debian's package) is fine too.
if [[ " ${missing[*]} " == *" chromium "* ]] && [ -x "${CHROMIUM_PATH:-/nonexistent}" ]; then
  missing=("${missing[@]/chromium}")
  read -r -a missing <<<"${missing[*]}"
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "system-packages: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  exit 0
fi

echo "system-packages: the tests need these packages, which are not installed:" >&2
echo "  ${missing[*]}" >&2
echo "Install them (as root) with:" >&2
echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
exit 1
