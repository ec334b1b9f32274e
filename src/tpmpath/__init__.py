"""tpmpath: a learning-path tracker for product managers becoming technical product managers."""

__version__ = "0.1.0"
