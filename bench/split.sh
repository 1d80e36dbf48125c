#!/usr/bin/env bash
# au-split vs bare streaming decode + resample, best of 3, on a >= 20-minute 44.1 kHz stereo MP3;
# then au-split's peak RSS on a 10-hour recording. Usage: bench/split.sh [MINUTES] [HOURS]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
minutes=${1:-20}; hours=${2:-10}
work=bench/work; mkdir -p "$work"
mp3=$work/talk-${minutes}min.mp3; long=$work/talk-${hours}h.flac
[ -s "$mp3" ] || python3 bench/make_audio.py "$mp3" $((minutes * 60)) 44100 2
[ -s "$long" ] || python3 bench/make_audio.py "$long" $((hours * 3600)) 22050 1

best3() { python3 bench/best_of.py 3 "$1"; }
out=$work/chunks; rm -rf "$out"
t_bare=$(best3 "python3 bench/bare_decode.py $mp3")
t_split=$(best3 "rm -rf $out; au-split -o $out $mp3")
python3 - "$minutes" "$t_bare" "$t_split" <<'PY'
import sys
minutes, bare, split = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"{minutes}-min 44.1 kHz stereo MP3: bare decode+resample {bare:.2f} s, au-split {split:.2f} s, "
      f"au-split runs at {bare / split:.2f}x the bare speed (goal >= 0.5x), {minutes * 60 / split:.0f}x real time")
PY
rm -rf "$out"
/usr/bin/time -v au-split -o "$out" "$long" 2> "$work/time.txt" > "$work/long.jsonl"
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
echo "${hours}-hour 22.05 kHz FLAC: peak RSS $((rss / 1024)) MB (goal < 200 MB), $(wc -l < "$work/long.jsonl") chunks, wall $wall"
rm -rf "$out"
