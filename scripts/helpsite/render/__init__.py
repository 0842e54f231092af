"""A record as Markdown in one language, and everything a page carries beside it."""
