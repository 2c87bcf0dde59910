"""mbc-reader: an offline reader of patient cancer information."""

__version__ = "0.1.0"
