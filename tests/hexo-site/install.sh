#!/bin/sh
# Installs the Hexo of this folder (package.json + package-lock.json) into a cache folder, once per
# lock file, for the Hexo build test: ${ARCHIVER_HEXO_CACHE:-${XDG_CACHE_HOME:-~/.cache}/article-archiver/hexo-site}.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache="${ARCHIVER_HEXO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/article-archiver/hexo-site}"
stamp=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ -x "$cache/node_modules/.bin/hexo" ] && [ "$(cat "$cache/.lock-sha256" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "tests/hexo-site/install.sh: npm is not installed (the Hexo build test needs Node.js 18+ and npm)" >&2
  exit 1
fi
mkdir -p "$cache"
cp "$here/package.json" "$here/package-lock.json" "$cache/"
(cd "$cache" && npm ci --no-audit --no-fund --loglevel=error)
echo "$stamp" > "$cache/.lock-sha256"
