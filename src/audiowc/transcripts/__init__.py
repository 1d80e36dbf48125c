"""Transcripts in any form in, segments out, and back: sniffing, reading and writing JSONL, SRT, WebVTT, TSV, JSON."""
