"""Decoded samples in, chunk files and chunk records out: where to cut, and writing the chunks."""
