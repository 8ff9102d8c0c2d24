"""A small Wagtail site that shows the kultursamverkan plugin with the five example regions."""
