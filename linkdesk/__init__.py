"""LinkDesk: the desk of a CAMHS / NHS CYPMHS link worker."""

__version__ = "0.1.0"
