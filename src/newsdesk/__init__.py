"""newsdesk: read many articles about one event, write one trustworthy, cited story brief."""

__version__ = "0.1.0"
