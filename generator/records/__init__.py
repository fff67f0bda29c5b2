"""Stage 1, content → checked records: reading and checking what clerks wrote.

The YAML subset and its lines (`load`), the record format as typed models (`models`) and its
published JSON Schema (`schema`), the rules a record must keep (`rules`), contact details that must
never be published (`contact_details`, on text `folding` has made uniform), the characters clerks'
tools slip in (`characters`), the problems reported with file, line and field (`problems`,
`pydantic_problems`), which texts of a record would be published (`disclosure`) and how a
clerk's Markdown reads (`clerk_text`, so that the check sees a text as the page shows it), and
the check itself (`validate`), which keeps its results per file between builds (`check_cache`)
and runs in worker processes (`workers`). Nothing here knows of pages, HTML or the site.
"""
