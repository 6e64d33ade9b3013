"""The one door for a user's files: everything tradeoffs reads from or writes to disk passes
here, and no other module opens, reads, writes, renames, removes or lists a file
(``tests/test_io.py`` walks the package's code to keep it so). Nothing is imported here: a
command imports the module it needs (a query served from the cache reads no YAML and
writes nothing, so it imports neither :mod:`.safe_yaml` nor :mod:`.write`).

Reading:

- :func:`.listing.list_files`: which files a catalog, a records folder or an import source
  holds, by rules written down once (sub-folders included, symlinks followed, a dangling one
  an error, suffixes in any case, hidden names skipped);
- :func:`.read.read_text`: one file's text, safely (regular files only, a size limit, UTF-8);
  :func:`.read.read_cache_file` for our own cache; :func:`.read.read_package_text` for a
  file shipped inside the package (the map's script);
- :func:`.safe_yaml.load_yaml` (and :func:`.safe_yaml.read_yaml` for a reader that needs
  the lines of its keys): YAML written by people, read in one pass over libyaml's events,
  with anchors, tags, over-long numbers and deep nesting refused as they arrive, before
  anything is built from them.

- :func:`.git.files_at`: folders as a git commit holds them, written by ``git archive``
  into a temporary folder that is removed afterwards (``diff --git``), never the work tree;
  :func:`.git.last_changes`: when a commit last changed each file of a folder (the site's feed).

Writing (:mod:`.write`): ``write_file``, ``write_files`` (a folder or zip, replaced as a
whole), ``update_files`` (some files of a folder ``write_files`` wrote, its manifest kept
true), ``write_into`` (files beside others, as card files are), ``write_new`` (a file that
must not exist yet, as a decision record), ``update_file`` (a user's file, only while it
holds what was read), ``write_cache_file``, and ``check_target`` to refuse early. Each is all
or nothing, under SIGINT, SIGTERM and SIGHUP too; an existing path is replaced only with
``force``, and only when it carries tradeoffs' mark and still matches it
(:mod:`.marks`: a hash of its content, never a phrase, so an edited output is not taken for
ours either). A single-file format writes :data:`.marks.UNSTAMPED` in a comment or field near
its start; ``write_file`` fills in the hash.

Every failure is a :class:`~tradeoffs.errors.CatalogError` (reading: one
:class:`~tradeoffs.errors.Problem` per file, naming path and line) or an
:class:`~tradeoffs.errors.OutputError` (writing: the path and the reason).
"""
