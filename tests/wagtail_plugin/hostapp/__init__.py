"""A host site's app for the tests: a page of its own with the plugin's blocks in its StreamField."""
