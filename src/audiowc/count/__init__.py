"""Token batches and queries in, counts and hits out: word lists, matching, near runs, the counter, runs over inputs."""
