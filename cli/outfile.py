"""Files a command writes (`--out FILE`): refused before any work when they cannot be written, and written whole.

A report or chart of a large store takes a while to make; a mistyped folder should be said at once, in one line,
not after the work and not as a traceback. The text is written to a file beside the target that takes its name
at the end, so a write that fails half-way (a full disk) leaves the file that was there, not half of a new one.
"""

import os
from collections.abc import Iterable
from pathlib import Path

import typer

from cli.options import fail


def writable(out: str, hint: str = "--out") -> Path:
    """The path of `out`, or a usage error if its folder does not exist or it names a folder."""
    path = Path(out)
    if path.is_dir():
        raise typer.BadParameter(f"'{out}' is a folder; give a file name", param_hint=hint)
    if not path.parent.is_dir():
        raise typer.BadParameter(f"'{out}': the folder {str(path.parent)!r} does not exist", param_hint=hint)
    return path


def write_whole(path: Path, pieces: Iterable[str] | Iterable[bytes], binary: bool = False) -> None:
    """Write `pieces` (text, or bytes if `binary`) to `path` as they come. A path that is not a regular file (a
    device, a named pipe) is written directly."""
    mode, encoding = ("b", None) if binary else ("", "utf-8")
    try:
        if path.exists() and not path.is_file():
            with open(path, "w" + mode, encoding=encoding) as f:
                f.writelines(pieces)
            return
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:
            with open(partial, "x" + mode, encoding=encoding) as f:
                f.writelines(pieces)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    except OSError as e:
        raise fail(f"cannot write {path}: {e.strerror or e}") from None
