#!/usr/bin/env bash
# Text filters vs the classic shell word count, best of 3 wall-clock seconds each, one run.
# Usage: bench/text.sh [MEGABYTES]   (default 30; needs the package installed in .venv or on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
mb=${1:-30}
work=bench/work
mkdir -p "$work"
corpus=$work/corpus-$mb.txt
[ -s "$corpus" ] || python3 bench/make_corpus.py "$mb" > "$corpus"

best3() { python3 bench/best_of.py 3 "$1"; }

classic="tr '[:space:]' '[\n*]' < $corpus | grep -v '^\s*\$' | sort | uniq -c | sort -bnr"
piped="tok $corpus | wc-words"
direct="wc-words $corpus"
direct_fuzzy="wc-words --fuzzy tomato $corpus"
piped_fuzzy="tok $corpus | wc-words --fuzzy tomato"

echo "corpus: $(du -m "$corpus" | cut -f1) MB, $(wc -w < "$corpus") words; locale ${LC_ALL:-${LANG:-C}}; $(nproc) CPUs"
t_classic=$(best3 "$classic"); t_piped=$(best3 "$piped"); t_direct=$(best3 "$direct")
t_dfuzzy=$(best3 "$direct_fuzzy"); t_pfuzzy=$(best3 "$piped_fuzzy")
python3 - "$t_classic" "$t_piped" "$t_direct" "$t_dfuzzy" "$t_pfuzzy" <<'PY'
import sys
classic, piped, direct, dfuzzy, pfuzzy = map(float, sys.argv[1:])
print(f"classic tr|grep|sort|uniq|sort   {classic:6.2f} s")
print(f"tok | wc-words                   {piped:6.2f} s   {classic / piped:4.2f}x faster (goal >= 1.5x)")
print(f"wc-words FILE                    {direct:6.2f} s   {classic / direct:4.2f}x faster (goal >= 4x)")
print(f"wc-words --fuzzy tomato FILE     {dfuzzy:6.2f} s   {100 * (dfuzzy / direct - 1):+5.1f} % vs table (goal <= +10 %)")
print(f"tok | wc-words --fuzzy tomato    {pfuzzy:6.2f} s   {100 * (pfuzzy / piped - 1):+5.1f} % vs table (goal <= +10 %)")
PY
