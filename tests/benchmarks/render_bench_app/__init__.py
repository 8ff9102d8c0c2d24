"""A test-only app for the render benchmark: a page that holds HTML in one rich-text block."""
