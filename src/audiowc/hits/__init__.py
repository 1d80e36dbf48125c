"""Hit lines in, verdicts, clips and the count to trust out: reading hits, their context, checking them on the audio."""
