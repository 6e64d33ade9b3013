"""The one door for a user's files: everything tradeoffs reads from or writes to disk passes
here, and no other module opens, reads, writes, renames or removes a file (``tests/test_io.py``
walks the package's code to keep it so).

Reading:

- :func:`list_files`: which files a catalog, a records folder or an import source holds, by
  rules written down once (:mod:`.listing`: sub-folders included, symlinks followed, a dangling
  one an error, suffixes in any case, hidden names skipped);
- :func:`read_text`: one file's text, safely (regular files only, a size limit, UTF-8);
- :func:`load_yaml` (and :func:`compose`, :func:`key_problems`, :func:`construct`,
  :func:`line_of` for a reader that needs the nodes): YAML written by people, with anchors,
  tags, over-long numbers and deep nesting refused before PyYAML builds anything;
- :func:`read_package_text`: a file shipped inside the package (the map's script).

Writing (:mod:`.write`): :func:`write_file`, :func:`write_files` (a folder or zip, replaced as a
whole), :func:`write_into` (files beside others, as card files are), :func:`write_new` (a file
that must not exist yet, as a decision record), and :func:`check_target` to refuse early. Each
is all or nothing; an existing path is replaced only with ``force``, and only when it carries
tradeoffs' mark (:mod:`.marks`: a hash of its content, so an edited output is not taken for
ours either) and still matches it: :func:`is_own`. A single-file format writes
:data:`UNSTAMPED` in a comment near its start; :func:`write_file` fills in the hash.

Every failure is a :class:`~tradeoffs.errors.CatalogError` (reading: one
:class:`~tradeoffs.errors.Problem` per file, naming path and line) or an
:class:`~tradeoffs.errors.OutputError` (writing: the path and the reason).
"""

from tradeoffs.io.listing import (
    CARD_SUFFIXES,
    RECORD_SUFFIXES,
    Listing,
    card_files,
    list_files,
)
from tradeoffs.io.marks import MARKER_FILE, UNSTAMPED, is_own, stamp
from tradeoffs.io.read import (
    MAX_COLLECTION_BYTES,
    MAX_FILE_BYTES,
    read_package_text,
    read_text,
)
from tradeoffs.io.safe_yaml import (
    MAX_DEPTH,
    compose,
    construct,
    dump_yaml,
    key_problems,
    line_of,
    load_yaml,
)
from tradeoffs.io.write import (
    Files,
    check_target,
    write_file,
    write_files,
    write_into,
    write_new,
)

__all__ = [
    "CARD_SUFFIXES",
    "MARKER_FILE",
    "MAX_COLLECTION_BYTES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "RECORD_SUFFIXES",
    "UNSTAMPED",
    "Files",
    "Listing",
    "card_files",
    "check_target",
    "compose",
    "construct",
    "dump_yaml",
    "is_own",
    "key_problems",
    "line_of",
    "list_files",
    "load_yaml",
    "read_package_text",
    "read_text",
    "stamp",
    "write_file",
    "write_files",
    "write_into",
    "write_new",
]
