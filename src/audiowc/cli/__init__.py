"""What every command shares: the runner (argv in, exit status out), input lists, progress, signals."""
