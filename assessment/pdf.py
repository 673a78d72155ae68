"""Every PDF the application makes goes through `render_pdf`: one place for WeasyPrint's
options, so every document is tagged for screen readers the same way."""

from __future__ import annotations


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render an HTML document to a tagged PDF/UA-1 file (WCAG for PDFs, as the public sector
    accessibility regulations expect): a structure tree of headings, lists and tables in
    reading order, marked content, the document language from `<html lang>` and the title from
    `<title>` (shown by viewers instead of the file name). Fonts are embedded."""
    from weasyprint import HTML  # slow to import; only PDF requests need it

    # pdf/ua-1 turns tagging on (pdf_tags) and adds the PDF/UA identification to the XMP.
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
