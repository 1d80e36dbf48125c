"""Bytes in, text out: whole lines and text blocks as they arrive, and the tokenising rules every stage shares."""
