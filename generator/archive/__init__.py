"""Archived editions: a year of the built site and its data as a verifiable BagIt bag.

Reads what the build made (`generator.site`); nothing in the build depends on it.
"""
