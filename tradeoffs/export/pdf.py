"""HTML to PDF with WeasyPrint, imported only here and only when a PDF is wanted."""

from __future__ import annotations

from typing import Any

from tradeoffs.errors import ExportError

INSTALL_HINT = (
    "the PDF handouts need WeasyPrint: pip install 'tradeoffs[pdf]', with the Pango "
    "libraries it uses (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)


class Typesetter:
    """Lays out HTML pages and binds them into one PDF.

    The layouts of one typesetter share a font configuration: every WeasyPrint document
    otherwise loads its own fonts, which for a pack of many cards costs memory by the GB."""

    def __init__(self) -> None:
        try:
            from weasyprint import HTML
            from weasyprint.text.fonts import FontConfiguration
        except (ImportError, OSError) as exc:  # OSError: the package is there but Pango is not
            raise ExportError(INSTALL_HINT) from exc
        self._html = HTML
        self._fonts = FontConfiguration()

    def lay_out(self, html: str) -> Any:
        """``html`` in pages (a ``weasyprint.Document``). The page must be self-contained:
        with no base URL, nothing is read from disk or network."""
        return self._html(string=html).render(font_config=self._fonts)

    @staticmethod
    def page_count(document: Any) -> int:
        return len(document.pages)

    @staticmethod
    def write_pdf(documents: list[Any], *, title: str) -> bytes:
        """One PDF of every page of ``documents``, in order."""
        pages = [page for document in documents for page in document.pages]
        combined = documents[0].copy(pages)
        combined.metadata.title = title
        pdf: bytes = combined.write_pdf()
        return pdf
