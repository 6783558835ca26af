"""`dossier calendar --out`: write the calendars, and nothing that is not ours.

Like `dossier share --out`, it refuses a folder inside the dossiers folder or one
that is a symbolic link, and replaces only calendars it wrote itself (known by their
PRODID); a file of anyone else, or a link, stays as it is and nothing is written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..render.calendars import PRODID


class CalendarOutError(Exception):
    """A folder or file `dossier calendar` may not write; the message says why."""


def _ours(path: Path) -> bool:
    """A regular file that a previous `dossier calendar` wrote."""
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(1024)
    return head.startswith(b"BEGIN:VCALENDAR") and f"PRODID:{PRODID}".encode() in head


def check_target(out: Path, names: Sequence[str], dossiers_dir: Path) -> None:
    """Raise CalendarOutError unless every calendar can be written to `out` safely."""
    if out.is_symlink():
        raise CalendarOutError(f"--out {out}: is a symbolic link; choose a real folder")
    if out.exists() and not out.is_dir():
        raise CalendarOutError(f"--out {out}: exists and is not a folder")
    out_r, dossiers_r = out.resolve(), dossiers_dir.resolve()
    if out_r == dossiers_r or dossiers_r in out_r.parents:
        raise CalendarOutError(f"--out {out}: refusing to write inside the dossiers folder")
    for name in names:
        target = out / name
        if target.is_symlink():
            raise CalendarOutError(f"{target}: is a symbolic link; nothing written")
        if target.exists() and not _ours(target):
            raise CalendarOutError(
                f"{target}: exists and was not written by `dossier calendar`; "
                "move it away or choose another folder (nothing written)"
            )


def write_calendars(out: Path, files: Mapping[str, bytes], dossiers_dir: Path) -> None:
    """Write each calendar into `out`, each file replaced whole or not at all."""
    check_target(out, list(files), dossiers_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        handle, temp = tempfile.mkstemp(prefix=f".{name}-", suffix=".partial", dir=out)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temp, out / name)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
