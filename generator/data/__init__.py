"""Open data made from published records: files for download and feeds (CSV, JSON, Atom).

Written with each year's edition from `generator.pages.publication`'s records only, so nothing the
publication gate holds back can reach them. Imports only `generator.records` and `generator.pages`.
"""
