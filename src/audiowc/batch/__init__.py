"""Many recordings in, transcripts and merged counts out: one episode's step, au-count's pipeline, merging."""
