#!/usr/bin/env bash
# Makes sure the browser tests have what they need: a Chromium for Playwright to drive and
# pdftoppm (poppler-utils) to turn the printed summary into pictures. Safe to run again: it does
# nothing when both are there. Installs Debian's packages when run as root; otherwise says how.
set -euo pipefail

chromium="${CHROMIUM:-/usr/bin/chromium}"
playwright_browsers="${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"
packages=()
if [ ! -x "$chromium" ]; then
  # With CHROMIUM unset, a Chromium downloaded by `playwright install chromium` will do.
  if [ -n "${CHROMIUM:-}" ] || ! compgen -G "$playwright_browsers/chromium*" >/dev/null; then
    packages+=(chromium)
  fi
fi
command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${packages[*]} for the browser tests"
  exec bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" "${packages[@]}"
fi

echo "The browser tests need: ${packages[*]}, and this script can only install them as root on" >&2
echo "Debian or Ubuntu. Install them with your system's package manager, or set CHROMIUM to a" >&2
echo "Chromium binary. Where browsers can be downloaded, Playwright's own Chromium works too:" >&2
echo "  .venv/bin/python -m playwright install chromium" >&2
echo "(then unset CHROMIUM; the tests use Playwright's download when /usr/bin/chromium is absent)." >&2
exit 1
