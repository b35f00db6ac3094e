"""vereinbar: programmes for family- and care-friendly employers."""

__version__ = "0.1.0"  # kept equal to the version in pyproject.toml (a test checks)
