"""Bring an existing constitution in: Markdown or Word -> a validated YAML document.

One job per module, in the order the data flows:

    sources.py             open a file safely (type, size, encoding) and pick a reader
    markdown_source.py     Markdown -> outline (markdown-it-py tokens, with line numbers)
    docx_source.py         Word -> HTML (mammoth) -> the same outline (paragraph numbers)
    outline.py             the outline's plain data, and runs -> the safe Markdown subset
    labels.py              recognise written numbers: "Article. IV.", "4.1", "(a)", "iii."
    outline_to_document.py decide the structure; readable ids (ids.py) -> model articles
    align.py               --onto: carry ids over from the previous version (rapidfuzz)
    compare.py             two versions by id: kept, changed, moved, new, gone
    importing.py           the `charters import` operation: validate, then write atomically
    history_import.py      `charters import-history`: versions -> git commits with dates
    report.py, printing.py what to check by hand, and the terminal output
    plaintext.py           a document read back as words, to check an import
"""
