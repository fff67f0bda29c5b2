"""Stage 3, pages → HTML → search index: MkDocs with Material, and Pagefind.

`mkdocs_build` runs one MkDocs build per edition with the shared settings, helped by the hooks
in `theme_hooks` and the Markdown extension in `markdown_ext`; `search_index` indexes each part of
a year with Pagefind's extended binary. Imports only earlier stages.
"""
