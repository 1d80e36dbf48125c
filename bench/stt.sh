#!/usr/bin/env bash
# au-split | au-stt vs faster-whisper on the whole file (same model, int8 CPU, beam 1, word times):
# accuracy (WER, key word count) and speed, medians of 3 runs. Builds a ~3.3-minute two-voice
# talk with espeak-ng (54 sentences, "banana" said 18 times) unless bench/work/talk.wav exists.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
mkdir -p bench/work
[ -s bench/work/talk.wav ] || python3 examples/make_talk.py bench/work/talk.wav 54 > /dev/null
python3 bench/stt.py bench/work/talk.wav \
  " | " \
  " | --batch-size 1" \
  "--max-len 30 | " \
  "--max-len 120 | " \
  " | --vad" \
  " | --no-context" \
  " | --beam-size 2" \
  " | --hotwords banana"
