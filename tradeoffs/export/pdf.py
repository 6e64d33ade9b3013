"""HTML to PDF with WeasyPrint, imported only here and only when a PDF is wanted."""

from __future__ import annotations

from tradeoffs.errors import ExportError

INSTALL_HINT = (
    "the workshop pack's PDFs need WeasyPrint: pip install 'tradeoffs[pdf]', with the Pango "
    "libraries it uses (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)


class Typesetter:
    """Lays out HTML pages as PDFs.

    The documents of one typesetter share a font configuration: every WeasyPrint document
    otherwise loads its own fonts again."""

    def __init__(self) -> None:
        try:
            from weasyprint import HTML
            from weasyprint.text.fonts import FontConfiguration
        except (ImportError, OSError) as exc:  # OSError: the package is there but Pango is not
            raise ExportError(INSTALL_HINT) from exc
        self._html = HTML
        self._fonts = FontConfiguration()

    def typeset(self, html: str, *, title: str) -> tuple[bytes, int]:
        """``html`` as a PDF titled ``title``, and its number of pages. The page must be
        self-contained: with no base URL, nothing is read from disk or network."""
        document = self._html(string=html).render(font_config=self._fonts)
        document.metadata.title = title
        pdf: bytes = document.write_pdf()
        return pdf, len(document.pages)
