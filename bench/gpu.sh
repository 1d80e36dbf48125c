#!/usr/bin/env bash
# GPU checks for au-stt --device cuda, on a CUDA machine with no network, from a bundle made by
# bench/gpu_bundle.sh (default folder bench/work/gpu/, git-ignored; GPU_BUNDLE=DIR names another).
#
#   bash bench/gpu.sh [AU-STT OPTIONS]
#
# Each run installs whatever parts of the bundle it finds (checked against SHA256SUMS) into a state
# folder (GPU_STATE, default /tmp/audiowc-gpu), and once all are there runs the checks. A machine that
# can take the whole bundle at once needs one run. Where a transfer is limited to 64 MiB, send it in
# three parts, running this script after each (the state folder must survive between them):
#   1. site-a.tar.xz model/part-aa                   (ctranslate2, numpy; first part of the model)
#   2. site-b.tar.xz site-c.tar.xz model/part-ab     (PyAV; faster-whisper and the rest)
#   3. model/part-ac long-150m.opus long-150m.layout.json speech-dev.tar.xz refs.tar.xz
# SHA256SUMS and this script go with every part.
#
# The checks, printed at the end and added to $GPU_STATE/out/summary.txt:
#   - the GPU, CTranslate2's CUDA devices and compute types;
#   - the 2.5-hour recording through `au-split | au-stt --device cuda`, end to end: seconds, x real time;
#   - its word error rate piece by piece (bench/long_wer.py), and fuzzy "banana" against the layout;
#   - speech-dev, 14 real recordings in one run: WER on cuda and on the CPU (bench/speech_dev.py);
#   - a batch of episodes (the 2.5-hour file cut in 30 five-minute FLAC files), split by 8 au-split
#     processes into one au-stt --device cuda: seconds and x real time.
# CTranslate2 4.x loads libcublas.so.12; on a CUDA 13-only host the .13 libraries are linked under the
# .12 names in a private folder on LD_LIBRARY_PATH. Python 3.12 is needed (the bundle holds cp312 builds).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$(cd "${GPU_BUNDLE:-$ROOT/bench/work/gpu}" && pwd)
G=${GPU_STATE:-/tmp/audiowc-gpu}
SITE=$G/site
OUT=$G/out
MODEL=$G/tiny.en
STAGE=checks
mkdir -p "$G" "$SITE" "$OUT"

say() { printf '[gpu.sh %3ds] %s\n' "$SECONDS" "$*"; }
die() { printf 'gpu.sh: error: %s\n' "$*" >&2; exit 1; }
[[ -f "$HERE/SHA256SUMS" ]] || die "no SHA256SUMS in $HERE: build the bundle (bench/gpu_bundle.sh) and send SHA256SUMS"

pick_python() {
    local c p
    for c in "${PYTHON:-}" python3.12 python3; do
        [[ -n "$c" ]] || continue
        p=$(command -v "$c" 2> /dev/null) || continue
        if "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2> /dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}
PY=$(pick_python) || die "no Python 3.12 here (the bundle holds cp312 builds); set PYTHON=/path/to/python3.12"
export PYTHONPATH="$SITE:$ROOT/src${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1

sum_of() { awk -v n="$1" '$2 == n { print $1 }' "$HERE/SHA256SUMS"; }
check() { # NAME FILE: FILE must have NAME's sha256 from SHA256SUMS
    local want got
    want=$(sum_of "$1")
    [[ -n "$want" ]] || die "SHA256SUMS has no line for $1"
    got=$(sha256sum "$2" | cut -d' ' -f1)
    [[ "$got" == "$want" ]] || die "$1 ($2): sha256 $got, expected $want: incomplete or stale copy, send it again"
}
done_for() { [[ -f "$G/.$1.done" && "$(cat "$G/.$1.done")" == "$(sum_of "$2")" ]]; } # MARK NAME
mark() { sum_of "$2" > "$G/.$1.done"; }

untar() { # ARCHIVE DEST
    "$PY" - "$1" "$2" << 'EOF'
import sys, tarfile
with tarfile.open(sys.argv[1]) as archive:
    archive.extractall(sys.argv[2], filter="data")
EOF
}

env_file=$G/env.sh
load_env() {
    # shellcheck disable=SC1090
    [[ -f "$env_file" ]] && source "$env_file"
    return 0
}

setup_cublas() {
    # CTranslate2 4.x from PyPI is built for CUDA 12 and dlopens libcublas.so.12; a CUDA 13 image has
    # libcublas.so.13. Use a real .12 if there is one, else link the .13 libraries under the .12 names.
    local dir=$G/cublas lib found libdirs=() d
    rm -rf "$dir" && mkdir -p "$dir"
    mapfile -t found < <({
        ldconfig -p 2> /dev/null | awk '$1 ~ /^libcublas(Lt)?\.so\.1[23]$/ { print $NF }' || true
        ls /usr/local/cuda*/lib64/libcublas*.so.1[23] /usr/local/cuda*/targets/*/lib/libcublas*.so.1[23] \
            /usr/lib/x86_64-linux-gnu/libcublas*.so.1[23] /usr/lib64/libcublas*.so.1[23] 2> /dev/null || true
        "$PY" -c '
import glob, os, site, sys
roots = set(sys.path) | set(site.getsitepackages()) | {site.getusersitepackages()}
for root in sorted(r for r in roots if r and os.path.isdir(r)):
    for pattern in ("nvidia/*/lib/libcublas*.so.1[23]", "nvidia/*/*/lib/libcublas*.so.1[23]"):
        print("\n".join(glob.glob(os.path.join(root, pattern))))
' 2> /dev/null || true
    } | grep -v '^$' | sort -u || true)
    for lib in libcublas libcublasLt; do
        local pick=""
        for want in 12 13; do
            for f in "${found[@]}"; do
                if [[ "$(basename "$f")" == "$lib.so.$want" && -e "$f" ]]; then
                    pick=$(readlink -f "$f")
                    break 2
                fi
            done
        done
        if [[ -z "$pick" ]]; then
            [[ "${NO_CUDA_OK:-0}" == 1 ]] && { say "no $lib.so.12/.13 found (NO_CUDA_OK=1: going on)"; continue; }
            die "no $lib.so.12 or $lib.so.13 found (looked in ldconfig -p, /usr/local/cuda*, pip nvidia packages)"
        fi
        ln -sf "$pick" "$dir/$lib.so.12"
        d=$(dirname "$pick")
        [[ " ${libdirs[*]:-} " == *" $d "* ]] || libdirs+=("$d")
        say "$dir/$lib.so.12 -> $pick"
    done
    local path=$dir
    for d in "${libdirs[@]:-}"; do [[ -n "$d" ]] && path=$path:$d; done
    printf 'export LD_LIBRARY_PATH=%q"${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"\n' "$path" > "$env_file"
    load_env
    if [[ -e "$dir/libcublas.so.12" ]]; then
        "$PY" - << 'EOF'
import ctypes
ctypes.CDLL("libcublasLt.so.12", mode=ctypes.RTLD_GLOBAL)
lib = ctypes.CDLL("libcublas.so.12")
parts = []
for prop in (0, 1, 2):  # MAJOR_VERSION, MINOR_VERSION, PATCH_LEVEL
    value = ctypes.c_int()
    status = lib.cublasGetProperty(prop, ctypes.byref(value))
    if status:
        raise SystemExit(f"cublasGetProperty failed with status {status}")
    parts.append(str(value.value))
print("libcublas.so.12 loads: cuBLAS", ".".join(parts))
EOF
    fi
}

cuda_check() {
    command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap \
        --format=csv,noheader 2> /dev/null | sed 's/^/GPU: /' || true
    "$PY" - "${NO_CUDA_OK:-0}" << 'EOF'
import sys
import ctranslate2
n = ctranslate2.get_cuda_device_count()
print("ctranslate2", ctranslate2.__version__, "from", ctranslate2.__file__)
print("CUDA devices seen by ctranslate2:", n)
if n:
    print("compute types on cuda:", ", ".join(sorted(ctranslate2.get_supported_compute_types("cuda"))))
elif sys.argv[1] != "1":
    raise SystemExit("ctranslate2 sees no CUDA device")
EOF
}


store() { # NAME: copy a bundle file into the state folder once, checked
    local name=$1
    if [[ -f "$G/$name" ]] && [[ "$(sha256sum "$G/$name" | cut -d' ' -f1)" == "$(sum_of "$name")" ]]; then
        return 0
    fi
    [[ -f "$HERE/$name" ]] || return 0
    check "$name" "$HERE/$name"
    mkdir -p "$(dirname "$G/$name")"
    cp "$HERE/$name" "$G/$name"
    say "stored $name"
}

install_parts() {
    local part
    for part in site-a site-b site-c; do
        done_for "$part" "$part.tar.xz" && continue
        [[ -f "$HERE/$part.tar.xz" ]] || continue
        check "$part.tar.xz" "$HERE/$part.tar.xz"
        untar "$HERE/$part.tar.xz" "$SITE"
        mark "$part" "$part.tar.xz"
        say "$part installed"
    done
    for part in model/part-aa model/part-ab model/part-ac long-150m.opus long-150m.layout.json \
        speech-dev.tar.xz refs.tar.xz; do
        store "$part"
    done
    if ! done_for model model.tar.xz && [[ -f $G/model/part-aa && -f $G/model/part-ab && -f $G/model/part-ac ]]; then
        cat "$G/model/part-aa" "$G/model/part-ab" "$G/model/part-ac" > "$G/model.tar.xz"
        check model.tar.xz "$G/model.tar.xz"
        rm -rf "$MODEL" && untar "$G/model.tar.xz" "$G" && rm -f "$G/model.tar.xz"
        check tiny.en/model.bin "$MODEL/model.bin"
        mark model model.tar.xz
        say "model joined and unpacked to $MODEL; model.bin sha256 checked"
    fi
    local data
    for data in speech-dev refs; do
        if [[ -f "$G/$data.tar.xz" && ! -d "$G/$data" ]]; then untar "$G/$data.tar.xz" "$G"; fi
    done
}

missing_parts() {
    local part
    for part in site-a site-b site-c; do done_for "$part" "$part.tar.xz" || echo "$part.tar.xz"; done
    done_for model model.tar.xz || echo "model/part-a?"
    for part in long-150m.opus long-150m.layout.json; do [[ -f "$G/$part" ]] || echo "$part"; done
    [[ -d "$G/speech-dev" ]] || echo speech-dev.tar.xz
    [[ -d "$G/refs" ]] || echo refs.tar.xz
}

make_commands() { # the console scripts of pyproject.toml, as pip would write them
    mkdir -p "$G/bin"
    local spec name
    for spec in au-split:au_split au-stt:au_stt tok:tok wc-words:wc_words; do
        name=${spec%%:*}
        printf '#!%s\nimport sys\nsys.path[:0] = ["%s", "%s"]\nfrom audiowc.commands.%s import main\nsys.argv[0] = "%s"\nsys.exit(main())\n' \
            "$PY" "$SITE" "$ROOT/src" "${spec#*:}" "$name" > "$G/bin/$name"
        chmod +x "$G/bin/$name"
    done
    export PATH="$G/bin:$PATH"
}

time_long() { # AU-STT OPTIONS: the 2.5-hour file end to end
    local start end
    rm -rf "$G/chunks"
    start=$(date +%s.%N)
    au-split -o "$G/chunks" "$G/long-150m.opus" 2> "$OUT/split.err" |
        au-stt --device cuda --model "$MODEL" "$@" > "$OUT/long.jsonl" 2> "$OUT/stt.err"
    end=$(date +%s.%N)
    "$PY" - "$start" "$end" "$G/chunks" << 'PY'
import glob, sys
import soundfile
start, end = float(sys.argv[1]), float(sys.argv[2])
audio = sum(soundfile.info(p).duration for p in glob.glob(sys.argv[3] + "/*.wav"))
print(f"2.5-hour file, au-split | au-stt --device cuda: {end - start:.1f} s for {audio:.0f} s of audio, "
      f"{audio / (end - start):.0f}x real time")
PY
    local said
    said=$("$PY" -c 'import json, sys; print(sum(p["banana"] for p in json.load(open(sys.argv[1]))))' \
        "$G/long-150m.layout.json")
    echo "fuzzy banana: $(tok "$OUT/long.jsonl" | wc-words --fuzzy banana | cut -f1) heard, $said said"
    "$PY" "$ROOT/bench/long_wer.py" "$OUT/long.jsonl" "$G/long-150m.layout.json" "$G/refs"
}

time_episodes() { # AU-STT OPTIONS: 30 five-minute episodes, one au-stt
    local start end
    if [[ ! -f "$G/episodes/ep29.flac" ]]; then
        "$PY" - "$G/long-150m.opus" "$G/episodes" << 'PY'
import os, sys
import soundfile
os.makedirs(sys.argv[2], exist_ok=True)
with soundfile.SoundFile(sys.argv[1]) as source:
    for i in range(30):
        block = source.read(source.samplerate * 300, dtype="float32")
        soundfile.write(f"{sys.argv[2]}/ep{i:02d}.flac", block, source.samplerate)
PY
    fi
    rm -rf "$G/ep-chunks"
    start=$(date +%s.%N)
    printf '%s\n' "$G"/episodes/ep*.flac | xargs -P 8 -n 4 au-split -o "$G/ep-chunks" 2> "$OUT/ep-split.err" |
        au-stt --device cuda --model "$MODEL" "$@" > "$OUT/episodes.jsonl" 2> "$OUT/ep-stt.err"
    end=$(date +%s.%N)
    "$PY" -c 'import sys; s = float(sys.argv[2]) - float(sys.argv[1]); print(f"30 episodes of 5 min (9000 s), '\
'8 au-split processes into one au-stt --device cuda: {s:.1f} s, {9000 / s:.0f}x real time")' "$start" "$end"
    echo "episodes in the transcript: $("$PY" -c 'import json, sys; print(len({json.loads(l)["source"] for l in open(sys.argv[1])}))' "$OUT/episodes.jsonl") of 30"
}

speech_dev() { # DEVICE
    "$PY" "$ROOT/bench/speech_dev.py" --no-alone --stt-opts "--device $1 --model $MODEL" "$G/speech-dev" | tail -1
}

install_parts
mapfile -t missing < <(missing_parts)
if ((${#missing[@]})); then
    say "installed what came; still missing: ${missing[*]} (send them next)"
    exit 0
fi
[[ -f "$env_file" ]] || setup_cublas
load_env
make_commands
{
    echo "== $(date -u +%FT%TZ), au-stt --device cuda ${*:-(defaults otherwise)}"
    cuda_check
    time_long "$@"
    time_episodes "$@"
    echo "speech-dev on cuda: $(speech_dev cuda)"
    echo "speech-dev on cpu:  $(speech_dev cpu)"
} 2>&1 | tee -a "$OUT/summary.txt"
tail -3 "$OUT/stt.err" | sed 's/^/stt.err: /'
