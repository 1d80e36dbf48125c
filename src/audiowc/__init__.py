"""audiowc: count and locate words in long recordings with four Unix filters."""

__version__ = "0.1.0"
