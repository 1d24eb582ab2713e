"""Stage 6b, PDF: each adopted version's print page -> `/<doc>/<version>.pdf` (PDF/A-3b).

Runs after the engine has built the site and before publish swaps it in. The
print pages are rendered by the site stage from `templates/pdf/version.html`;
WeasyPrint prints them, fetching nothing but files of the built site
(`files.py`). A PDF already made from the same page and files is taken from
the cache (`cache.py`), so an unchanged version is never printed twice.
WeasyPrint is imported only when a PDF has to be made (`printer.py`).
"""

from generator.pdf.stage import PdfError, PdfReport, make_pdfs, take_print_pages

__all__ = ["PdfError", "PdfReport", "make_pdfs", "take_print_pages"]
