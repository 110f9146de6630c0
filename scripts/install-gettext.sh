#!/usr/bin/env bash
# Makes sure GNU gettext is there: `manage.py compilemessages` runs its msgfmt to build the
# translations (.mo files) from the catalogues in triage/locale/. Safe to run again: it does nothing
# when msgfmt is found. Installs Debian's package when run as root; otherwise says what to install.
set -euo pipefail

command -v msgfmt >/dev/null 2>&1 && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing gettext to compile the translations"
  exec bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" gettext
fi

echo "Compiling the translations needs GNU gettext (msgfmt): the gettext package on Debian or" >&2
echo "Ubuntu, 'brew install gettext' on macOS." >&2
exit 1
