"""Bytes in, text out: lines and text blocks read without splitting a token, and the tokenising rules every stage shares."""
