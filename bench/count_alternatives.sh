#!/usr/bin/env bash
# A --method for bench/count_recall.py: the candidates of a cached transcript, alternatives included.
dir=$1
cp "$dir/transcript.jsonl" "$TRANSCRIPT"
tok --alternatives "$TRANSCRIPT" | wc-words $FUZZY --hits --near
