"""Decision records (ADRs) in Markdown, the registry's ``records``: how their files are named
(:mod:`.names`), reading them in any common template (:mod:`.read`), and writing a new one or
a link into one (:mod:`.write`). Text in, records out, and back: the files are read and
written by :mod:`tradeoffs.loaders` and :mod:`tradeoffs.queries.records`."""

from tradeoffs.formats.adr.names import (
    RecordName,
    is_index_or_template,
    markdown_stem,
    next_record_name,
    record_name,
)
from tradeoffs.formats.adr.read import Resolve, parse_record, plain, record_id, resolver
from tradeoffs.formats.adr.write import (
    Watch,
    applied_ids,
    fill_template,
    render_madr,
    render_nygard,
    set_applies,
)

__all__ = [
    "RecordName",
    "Resolve",
    "Watch",
    "applied_ids",
    "fill_template",
    "is_index_or_template",
    "markdown_stem",
    "next_record_name",
    "parse_record",
    "plain",
    "record_id",
    "record_name",
    "render_madr",
    "render_nygard",
    "resolver",
    "set_applies",
]
