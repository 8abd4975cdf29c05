#!/usr/bin/env bash
# Installs everything ogi needs on a fresh Debian machine: the system packages for PDF/DOC work
# (LibreOffice headless, CJK fonts, poppler) when run as root with apt, then the package itself.
set -euo pipefail
cd "$(dirname "$0")"
if [ "${OGI_SKIP_APT:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  need=()
  for pkg in libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk poppler-utils libharfbuzz-subset0; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
fi
python3 -m pip install -q -e '.[dev]'
