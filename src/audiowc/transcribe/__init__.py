"""Chunks in, transcript segments out: au-stt's input, resuming, the engines, and judging and redoing bad windows."""
