#!/usr/bin/env bash
# Long recordings: a 40-minute (default) or longer file built from varied pieces, transcribed whole
# and piece by piece; compares segments, repeated phrases, "banana" counts and words per span.
# Options go to bench/longform.py: --minutes M | --hours H, --bin DIR, --stt-opts "...", --keep,
# --build-only. Pieces and long files are cached in bench/work/longform/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
command -v espeak-ng > /dev/null || { echo "longform.sh: needs espeak-ng (Debian package espeak-ng)" >&2; exit 1; }
mkdir -p bench/work
python3 bench/longform.py "$@"
