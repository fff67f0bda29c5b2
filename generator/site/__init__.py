"""Stage 4, editions → the site: the build itself.

`build` runs the stages in order (load, decide what changed, build the editions, assemble);
`reuse` decides which editions and years a build may take as they are, from `editions` (a key per
edition) and `kept` (each year's facts kept between builds); `assemble` swaps the finished site
into place; `progress` reports each stage; `serve` previews the result. Imports only earlier
stages.
"""
