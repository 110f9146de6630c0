#!/usr/bin/env bash
# Makes sure WeasyPrint, which makes the summary's PDF, finds its system libraries: Pango (text
# layout), a font, and a font with Traditional Chinese for the summary in Chinese (Noto CJK). Safe to run again: it does nothing when they are there. Installs Debian's
# packages when run as root; otherwise says what to install.
set -euo pipefail

packages=()
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || packages+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || packages+=(libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi "dejavu" || packages+=(fonts-dejavu-core)
[ -n "$(fc-list :lang=zh-tw 2>/dev/null)" ] || packages+=(fonts-noto-cjk)
[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${packages[*]} for the summary's PDF (WeasyPrint)"
  exec bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" "${packages[@]}"
fi

echo "The PDF summary (WeasyPrint) needs Pango and fonts (one with Chinese): ${packages[*]} on Debian or Ubuntu." >&2
echo "Install them with your system's package manager; see" >&2
echo "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#installation" >&2
exit 1
