"""Writing files: the only code that writes, renames or removes a file. All or nothing, and
never over what tradeoffs did not write.

- Content is written into a hidden temporary sibling of the destination (same folder, so same
  filesystem) and renamed into place only once complete; on any error the sibling, and any
  folder made on the way, is removed: a failed write leaves the disk exactly as it was (no
  ``.tmp`` file, no half-written folder, no empty file).
- An existing path is replaced only with ``force``, and even then only when it carries
  tradeoffs' mark and is unchanged since (:mod:`.marks`: a hash of the content, never a
  phrase). A user's file or folder, an output edited since, the current folder and its parents
  are refused (:class:`~tradeoffs.errors.OutputNotOurs`).
- Operating-system failures (a read-only folder, a parent that is a file, a full disk) become
  one :class:`~tradeoffs.errors.OutputError` naming the path.
- :func:`check_target` runs those checks, a trial write included, before long work.
- Signals: while anything is staged, SIGTERM and SIGHUP raise as SIGINT does, so the same
  clean-up runs (no ``.tmp`` left behind) before the process dies of the signal as it would
  have; while staged files are renamed into place, the three are held back until the last
  rename, so a run is never cut in the middle (all or nothing, not some).
- :func:`write_new` makes a file that must not exist yet (a decision record): it appears whole
  or not at all, and an existing file of that name is never replaced, not even by a race.

The library raises :class:`~tradeoffs.errors.OutputExists`; the CLI adds the ``--force`` hint.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import tarfile
import tempfile
import threading
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from tradeoffs.errors import ExportError, OutputError, OutputExists, OutputNotOurs
from tradeoffs.io.marks import (
    MARKER_FILE,
    Content,
    as_bytes,
    content_hash,
    is_own,
    listed,
    manifest,
    manifest_of,
    stamp,
    zip_mark,
)

# Zip entries get a fixed timestamp so the same pack is byte-for-byte the same archive.
ZIP_TIMESTAMP = (2000, 1, 1, 0, 0, 0)

Files = Mapping[str, Content]
"""Relative POSIX path inside a folder or zip -> its content (str is written as UTF-8)."""


def write_file(path: Path, content: Content, *, force: bool = False) -> Path:
    """Write one file at ``path``, stamped (:func:`~tradeoffs.io.marks.stamp`) when its content
    holds :data:`~tradeoffs.io.marks.UNSTAMPED`, so that a later ``force`` may replace it."""
    stamped = stamp(content)
    return _replace(path, lambda staging: _write(staging, stamped), force=force, folder=False)


def write_files(path: Path, files: Files, *, force: bool = False) -> Path:
    """Write ``files`` into the folder ``path`` (with :data:`MARKER_FILE`, their manifest), or
    into a zip archive (marked in its comment) when it ends in ``.zip``. The folder or zip is
    replaced as a whole, never merged."""
    for name in files:
        _check_relative(name)
    files = {name: stamp(content) for name, content in files.items()}
    if path.suffix.lower() == ".zip":
        return _replace(path, lambda staging: _write_zip(staging, files), force=force, folder=False)

    def fill(staging: Path) -> None:
        _write_tree(staging, files)
        _write(staging / MARKER_FILE, manifest(files))

    return _replace(path, fill, force=force, folder=True)


def write_into(folder: Path, files: Files, *, force: bool = False) -> list[Path]:
    """Write each of ``files`` into ``folder`` (made if missing, kept if there), replacing a
    file of the same name only with ``force``. Used for card files, which live beside others.

    All of them or none, under signals too: every file is written into one hidden staging
    folder first (beside ``folder`` when it is new, then renamed into place whole; inside it
    when it exists, so on the same filesystem), and only then moved into place, with SIGINT,
    SIGTERM and SIGHUP held back until the last one is in. A failure or a signal before that
    removes the staging folder; nothing of the run is left in ``folder``.
    """
    for name in files:
        _check_relative(name)
    targets = {name: folder.joinpath(*PurePosixPath(name).parts) for name in files}
    _refuse_cwd(folder)
    existing = [path for path in targets.values() if path.exists() or path.is_symlink()]
    for path in existing:
        if not path.is_file() or path.is_symlink():
            raise OutputNotOurs(path, "is not a plain file; not replacing it")
    if existing and not force:
        raise OutputExists(existing[0])
    _check_parent(folder / ".probe")
    with _cleanup(folder) as made:
        new = not folder.exists()
        if new:
            made.extend(_make_folders(folder.parent))
        staging = Path(
            tempfile.mkdtemp(
                prefix=f".{folder.name}." if new else ".tradeoffs-staging.",
                suffix=".tmp",
                dir=folder.parent if new else folder,
            )
        )
        try:
            _write_tree(staging, files)
            with _signals_held():
                if new:
                    os.chmod(staging, 0o755)  # mkdtemp makes a private folder
                    os.rename(staging, folder)
                    return list(targets.values())
                for name, target in targets.items():
                    made.extend(_make_folders(target.parent))
                    os.replace(staging / name, target)
        finally:
            _remove(staging)
    return list(targets.values())


def update_files(folder: Path, files: Files, *, remove: Collection[str] = ()) -> list[Path]:
    """Replace or add ``files`` in ``folder`` and take away the files named in ``remove``,
    in a folder :func:`write_files` wrote: the rest stays as it is, and the manifest is
    rewritten to list what the folder holds now (a site rebuilt after one card changed).

    Refused (:class:`OutputNotOurs`) unless the folder is tradeoffs' output, unchanged since
    (:func:`~tradeoffs.io.marks.is_own`): a file edited or added by someone is never
    overwritten. Everything is staged in a hidden folder inside ``folder`` first, then moved
    into place with SIGINT, SIGTERM and SIGHUP held back, the manifest last.
    """
    for name in [*files, *remove]:
        _check_relative(name)
    if not is_own(folder):
        raise OutputNotOurs(
            folder,
            "is not tradeoffs' output as written (a file in it was added, edited or removed); "
            "not updating it (write it again as a whole, or choose another folder)",
        )
    hashes = listed(folder) or {}
    for name in remove:
        hashes.pop(name, None)
    hashes |= {name: content_hash(content) for name, content in files.items()}
    targets = {name: folder.joinpath(*PurePosixPath(name).parts) for name in files}
    with _cleanup(folder) as made:
        staging = Path(tempfile.mkdtemp(prefix=".tradeoffs-staging.", suffix=".tmp", dir=folder))
        try:
            _write_tree(staging, files)
            _write(staging / MARKER_FILE, manifest_of(hashes))
            with _signals_held():
                for name, target in targets.items():
                    made.extend(_make_folders(target.parent))
                    os.replace(staging / name, target)
                for name in remove:
                    gone = folder.joinpath(*PurePosixPath(name).parts)
                    gone.unlink(missing_ok=True)
                    _remove_empty_folders(gone.parent, folder)
                os.replace(staging / MARKER_FILE, folder / MARKER_FILE)
        finally:
            _remove(staging)
    return list(targets.values())


def _remove_empty_folders(folder: Path, top: Path) -> None:
    """``folder`` and its parents below ``top``, while they are empty."""
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write_cache_file(path: Path, content: bytes) -> None:
    """Write one of tradeoffs' own cache files (never a user's): atomically, so a command
    reading it at the same time sees the old file or the new one, and over whatever is at
    ``path``, a symlink there replaced and never followed. Its folder is made private."""
    with _cleanup(path):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        staging = _staging_file(path)
        try:
            _write(staging, content)
            os.replace(staging, path)
        except BaseException:
            _remove(staging)
            raise


def check_target(path: Path, *, force: bool) -> None:
    """Refuse ``path`` now rather than after long work: it exists and may not be replaced
    (:class:`OutputNotOurs` when it is not tradeoffs' unchanged output, else
    :class:`OutputExists` without ``force``), it is the current folder or a parent, or its
    folder cannot be written."""
    _refuse_cwd(path)
    if path.exists() or path.is_symlink():
        # Not ours: say so now, since --force would not change the answer.
        if not is_own(path):
            raise OutputNotOurs(
                path,
                "exists and was not written by tradeoffs; "
                "not replacing it, even with --force (choose another path)",
            )
        if not force:
            raise OutputExists(path)
    _check_parent(path)


def _refuse_cwd(path: Path) -> None:
    resolved, here = path.resolve(), Path.cwd().resolve()
    if resolved == here or resolved in here.parents:
        raise OutputNotOurs(
            path,
            "is the current folder or one of its parents; "
            "not replacing it, even with --force (name a new file or folder)",
        )


def _check_parent(path: Path) -> None:
    """The nearest existing folder above ``path`` must be a folder we can write in: tried
    with a real (removed) file, since permissions alone do not tell (root, read-only mounts)."""
    ancestor = path.parent
    while not ancestor.exists() and not ancestor.is_symlink():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise OutputError(path, f"cannot write here: {ancestor} is not a folder")
    try:
        handle, probe = tempfile.mkstemp(prefix=".tradeoffs-probe.", dir=ancestor)
    except OSError as exc:
        raise OutputError(path, f"cannot write in {ancestor}: {_reason(exc)}") from exc
    os.close(handle)
    os.unlink(probe)


def _replace(
    path: Path,
    fill: Callable[[Path], None],
    *,
    force: bool,
    folder: bool,
) -> Path:
    check_target(path, force=force)
    with _cleanup(path) as made:
        made.extend(_make_folders(path.parent))
        if folder:
            staging = Path(
                tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            )
        else:
            staging = _staging_file(path)
        try:
            fill(staging)
            # mkstemp and mkdtemp make private entries; output is as readable as any new file.
            os.chmod(staging, 0o755 if folder else 0o644)
            check_target(path, force=force)
            with _signals_held():
                _swap_in(staging, path)
        except BaseException:
            _remove(staging)
            raise
    return path


@contextmanager
def _cleanup(path: Path) -> Iterator[list[Path]]:
    """Folders made while writing ``path`` (the list the block fills) are removed again if
    the block fails or a signal ends it, and an operating-system error becomes one line
    naming ``path``."""
    made: list[Path] = []
    with _signals_raise():
        try:
            yield made
        except BaseException as exc:
            with _signals_held():
                for folder in reversed(made):
                    shutil.rmtree(folder, ignore_errors=True)
            if isinstance(exc, OSError):
                raise OutputError(path, f"cannot write: {_reason(exc)}") from exc
            raise


SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals that end a run with a clean-up: Ctrl-C, kill, a closed terminal."""


class _Signalled(BaseException):
    """SIGTERM or SIGHUP, raised where the run is so that its clean-up runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`_Signalled` in the block (SIGINT already raises
    KeyboardInterrupt). Once the block has cleaned up, the process gets the signal again
    under the handler it had before, so it ends as it would have (killed by that signal)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a library caller's thread keeps its own
        return

    def raise_it(signum: int, frame: object) -> None:
        raise _Signalled(signum)

    # A signal the run was started ignoring (nohup ignores SIGHUP) stays ignored: the person
    # asked for the run to survive it.
    previous: dict[signal.Signals, Any] = {
        sig: signal.signal(sig, raise_it)
        for sig in SIGNALS
        if sig != signal.SIGINT and signal.getsignal(sig) is not signal.SIG_IGN
    }
    try:
        yield
    except _Signalled as exc:
        _restore(previous)
        previous = {}
        os.kill(os.getpid(), exc.signum)
        raise SystemExit(128 + exc.signum) from None  # the caller's own handler chose to go on
    finally:
        _restore(previous)


def _restore(handlers: dict[signal.Signals, Any]) -> None:
    for sig, handler in handlers.items():
        signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP wait until the block is done: renames into place are never
    cut in the middle. A signal that came meanwhile is delivered as the block ends."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _make_folders(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents; return those made, outermost first."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    missing.reverse()
    made = []
    for each in missing:
        each.mkdir()
        made.append(each)
    return made


def _staging_file(path: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    return Path(name)


def _swap_in(staging: Path, path: Path) -> None:
    """Rename ``staging`` to ``path``. An old file is replaced atomically; an old folder (or
    a file where a folder goes) is first moved aside, then deleted once the new one is in."""
    if path.is_dir() and not path.is_symlink():
        aside = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
        os.replace(path, aside / path.name)
        try:
            os.replace(staging, path)
        except BaseException:
            os.replace(aside / path.name, path)
            _remove(aside)
            raise
        _remove(aside)
    elif staging.is_dir() and (path.exists() or path.is_symlink()):
        path.unlink()
        os.replace(staging, path)
    else:
        os.replace(staging, path)


def _write(path: Path, content: Content) -> None:
    path.write_bytes(as_bytes(content))


def _write_tree(folder: Path, files: Files) -> None:
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, content)


def _write_zip(path: Path, files: Files) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.comment = zip_mark((name, as_bytes(content)) for name, content in files.items())
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)


def _check_relative(name: str) -> None:
    """Only plain relative names: an entry must never land outside the folder or archive."""
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]:
        raise ExportError("refusing to write {value}: entries must be relative names", value=name)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def write_new(path: Path, content: Content) -> Path:
    """Make the file ``path``, which must not exist, with ``content`` (and its missing folders).

    The file is written beside its destination and then hard-linked into place, so it appears
    whole, and a file of that name (made meanwhile by another run, too) is never replaced.
    Any failure (the name taken, a parent that is a file, a read-only folder, a full disk) is
    one :class:`OutputError` and leaves nothing behind, no folder made on the way either.
    """
    if path.exists() or path.is_symlink():
        raise _taken(path)
    _check_parent(path)
    with _cleanup(path) as made:
        made.extend(_make_folders(path.parent))
        staging = _staging_file(path)
        try:
            _write(staging, content)
            os.chmod(staging, 0o644)
            try:
                os.link(staging, path)
            except FileExistsError:
                raise _taken(path) from None
        finally:
            staging.unlink(missing_ok=True)
    return path


def _taken(path: Path) -> OutputError:
    return OutputError(path, "already exists; not replaced")


def update_file(path: Path, before: str, after: str) -> Path:
    """Replace a user's text file with ``after``, only while it still holds ``before`` (what
    the caller read and changed: an edit made meanwhile is never lost), keeping its permission
    bits and its byte-order mark if it has one; a symlink's target is what changes. All or
    nothing, like every write here."""
    target = path.resolve()
    with _cleanup(path):
        data = target.read_bytes()
        bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
        if data.decode("utf-8", "replace") != bom + before:
            raise OutputError(path, "changed while tradeoffs was editing it; nothing written")
        mode = target.stat().st_mode & 0o7777
        staging = _staging_file(target)
        try:
            _write(staging, bom + after)
            os.chmod(staging, mode)
            os.replace(staging, target)
        except BaseException:
            staging.unlink(missing_ok=True)
            raise
    return path


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` (or its nearest existing parent) while the block runs:
    two processes that each pick the next free name there (``decide``'s record numbers) take
    turns. The lock is the folder's own (``flock``), so no lock file is left behind; where the
    system has none, the block runs unlocked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(folder, f"cannot write: {_reason(exc)}") from exc
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


@contextmanager
def extracted(archive: bytes, folders: Sequence[str], *, prefix: str) -> Iterator[Path]:
    """A temporary folder holding the files of the tar ``archive`` (empty bytes: none), and an
    empty folder for each of ``folders`` (relative paths) it lacks; removed on leaving. The
    archive is extracted with tarfile's "data" filter: no absolute names, no links out of the
    folder, no devices."""
    with temporary_folder(prefix) as folder:
        if archive:
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(folder, filter="data")
        for relative in folders:
            (folder / relative).mkdir(parents=True, exist_ok=True)
        yield folder


@contextmanager
def temporary_folder(prefix: str) -> Iterator[Path]:
    """A new, empty, private folder, removed with all it holds on leaving (the site's preview
    is built in one)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as name:
        yield Path(name)
