"""A prose policy (.docx, .pdf, .md, .txt) -> a draft protocol that confide can check.

The pipeline runs one way, module by module:

- documents: ``read_document`` (with the readers ``read_docx``, ``read_pdf``, ``read_text`` and
  their helpers ``layout``, ``columns``, ``furniture``) turns a file into located paragraphs;
- statements: ``assemble`` and ``sentences`` cut paragraphs into statements; ``statements``,
  ``clauses``, ``cues``, ``kinds``, ``tables`` and ``words`` classify each one; ``carry``
  applies the carry-over the text itself declares (consent in the next paragraph, steps by
  cross-reference);
- draft: ``items`` gives the draft items (the JSON Lines that the project's scorer reads) and
  ``draft`` writes them as protocol text, with a ``# from:`` comment quoting each source.

Nothing here judges a protocol: standards and their signals come from the law library, and the
draft is checked by the check core like any protocol.
"""
