#!/bin/sh
# Installs py-wacz (`wacz validate`) and pywb into a virtual environment of their own, once per
# requirements file, for the WACZ test:
# ${ARCHIVER_WARC_TOOLS:-${XDG_CACHE_HOME:-~/.cache}/article-archiver/warc-tools}.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv="${ARCHIVER_WARC_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/article-archiver/warc-tools}"
stamp=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ -x "$venv/bin/wacz" ] && [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.requirements-sha256" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"
echo "$stamp" > "$venv/.requirements-sha256"
