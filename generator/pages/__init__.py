"""Stage 2, checked records → published records → pages: what is published, and which pages exist.

`publication` is the one place that decides what of a record may be shown; `facts` sums up a year
for the portal; `taxonomy` groups records by year, unit and topic; `plan` decides every page and
`outputs` refuses a second page at one address; `render` fills one template per page kind
(`templates/`), with clerks' Markdown made safe by `generator.records.clerk_text` and headings
named by `anchors`; `write` puts the Markdown and attachments of one edition on disk;
`versions` names what builds the site. Imports only `generator.records`.
"""
