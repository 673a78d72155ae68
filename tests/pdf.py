"""Read a PDF's text back in tests, with pypdf (a dependency already): no system tool needed."""

import io

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """Every page's text, its runs of white space made one space: a narrow table cell may wrap
    a title onto two lines, and extraction spaces words as the layout placed them."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
