#!/usr/bin/env bash
# Regenerate the small audio fixtures in tests/data (committed; the tests need none of these tools).
# Needs espeak-ng, sox and ffmpeg (Debian packages of those names).
set -euo pipefail
cd "$(dirname "$0")/data"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

say() {  # say VOICE TEXT OUT.wav
  espeak-ng -v "$1" -s 150 -w "$3" "$2"
}
say en-us "Is a banana still a banana?" "$tmp/a.wav"
say en-gb "I bought three bananas and a tomato today." "$tmp/b.wav"
say en-us "The banana bread was very good." "$tmp/c.wav"
sox -n -r 22050 -c 1 "$tmp/gap.wav" trim 0 1.2
# speech, pause, speech, pause, speech: about 9 seconds at espeak's 22050 Hz
sox "$tmp/a.wav" "$tmp/gap.wav" "$tmp/b.wav" "$tmp/gap.wav" "$tmp/c.wav" "$tmp/talk.wav"
printf '%s\n' "Is a banana still a banana?" "I bought three bananas and a tomato today." \
  "The banana bread was very good." > talk.txt

sox "$tmp/talk.wav" -r 16000 -b 16 talk-16k.wav
sox "$tmp/talk.wav" -r 8000 -b 16 talk-8k-mono.wav
sox "$tmp/talk.wav" -r 44100 -c 2 talk-44k-stereo.flac
sox "$tmp/talk.wav" -r 48000 -c 2 talk-48k-stereo.ogg
sox "$tmp/talk.wav" -r 22050 -b 24 talk-24bit.wav
sox "$tmp/talk.wav" -r 22050 -e floating-point -b 32 talk-float.wav
ffmpeg -loglevel error -y -i "$tmp/talk.wav" -ar 44100 -ac 2 -b:a 64k talk-44k-stereo.mp3
ffmpeg -loglevel error -y -i "$tmp/talk.wav" -ar 48000 -c:a libopus -b:a 24k talk.opus
ffmpeg -loglevel error -y -i "$tmp/talk.wav" -ar 44100 -c:a aac -b:a 48k talk.m4a
ffmpeg -loglevel error -y -i talk-16k.wav -c:a libopus talk.webm
# silence with faint noise, where Whisper likes to invent "Thank you."
sox -n -r 16000 -b 16 silence.wav synth 4 whitenoise vol 0.002
sox -n -r 16000 -b 16 empty.wav trim 0 0
head -c 20000 /dev/urandom > corrupt.mp3
printf 'this is not audio\n' > not-audio.wav
