#!/usr/bin/env bash
# A --method for bench/count_recall.py: au-count over a cached transcript (DIR/transcript.jsonl), its
# hits as they count (a confirmed candidate loses the "uncounted-" of its kind).
# usage: verified.sh METHOD_DIR_WITH_TRANSCRIPT [au-count options]
# au-count prints the hits that count; a confirmed candidate counts, so its kind loses "uncounted-".
dir=$1; shift
args=(); while IFS= read -r q; do args+=(-w "$q"); done < "$QUERIES"
cp "$dir/transcript.jsonl" "$TRANSCRIPT"
cp "$dir/transcript.jsonl" "$WORK/t.jsonl"
au-count --hits "$@" "${args[@]}" "$WORK/t.jsonl" | awk -F'\t' 'BEGIN{OFS="\t"} {sub(/^uncounted-/, "confirmed-", $7); print}'
