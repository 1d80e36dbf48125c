"""One thin typer module per command."""
