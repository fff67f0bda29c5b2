"""Publishes government replies to deputies' suggestions and members' proposals as a static site."""

__version__ = "0.1.0"
