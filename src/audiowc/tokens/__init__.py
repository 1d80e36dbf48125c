"""Any text input in (plain text, tok's tokens, a transcript), batches of tokens with their times and sources out."""
