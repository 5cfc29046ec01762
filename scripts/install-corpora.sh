#!/usr/bin/env bash
# Installs the benchmark and end-to-end corpora (real public source trees from Debian and npm
# packages) with the shared installer next to this repository. Usage: install-corpora.sh [TIER...]
# Prints one line per tier: NAME PATH FILES MB. The directory is $REPOMAP_CORPORA or
# ~/.cache/repomap-corpora.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
installer="$here/../shared/corpora/install.sh"
if [ ! -x "$installer" ] && [ ! -f "$installer" ]; then
  echo "install-corpora: $installer not found (the shared directory must sit beside this repository)" >&2
  exit 1
fi
exec bash "$installer" "${REPOMAP_CORPORA:-$HOME/.cache/repomap-corpora}" "$@"
