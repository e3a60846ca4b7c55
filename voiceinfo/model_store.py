"""Speech models for users with internet: a catalogue, a resumable download, a check.

Nothing here runs unless the user asks (`voiceinfo models download NAME`). A download
goes to `models/.downloads/NAME.zip.part` and resumes from there after an interruption
(HTTP Range). A finished archive is verified (its length, every member's CRC, the model
files inside, no path escaping the folder) and unpacked into a hidden folder that is
renamed into place in one step, so an interrupted or corrupt download never leaves a
half model that a later run would try to load.
"""

from __future__ import annotations

import http.client
import shutil
import sys
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from voiceinfo.vosk_recogniser import ModelError, check_model_folder

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
_CHUNK = 1 << 16


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    about_mb: int
    url: str
    description: str


CATALOGUE = (
    CatalogueEntry("vosk-model-small-en-us-0.15", 40,
                   "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
                   "US English, small: right for a Raspberry Pi"),
    CatalogueEntry("vosk-model-en-us-0.22-lgraph", 128,
                   "https://alphacephei.com/vosk/models/vosk-model-en-us-0.22-lgraph.zip",
                   "US English, larger and more accurate: for a laptop"),
)


class DownloadError(Exception):
    """A download that did not finish or did not verify; the message says what to do."""


def entry(name: str) -> CatalogueEntry:
    for item in CATALOGUE:
        if item.name == name:
            return item
    known = ", ".join(e.name for e in CATALOGUE)
    raise DownloadError(f"there is no model called '{name}'; the catalogue has: {known}")


def _fetch(url: str, part: Path, progress: Callable[[int, int | None], None]) -> None:
    """Append the rest of url to part, resuming where it stopped."""
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            if have and response.status != 206:  # the server ignored Range: start again
                have = 0
            length = response.headers.get("Content-Length")
            total = have + int(length) if length is not None else None
            with part.open("ab" if have else "wb") as out:
                _copy(response, out, have, total, progress)
            if total is not None and part.stat().st_size != total:
                raise DownloadError(_stopped(part, "the connection closed early"))
    except urllib.error.HTTPError as err:
        if err.code == 416 and have:  # nothing left to fetch: the part is already whole
            return
        raise DownloadError(f"the server answered {err.code} {err.reason} for {url}") from err
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as err:
        raise DownloadError(_stopped(part, str(err))) from err


def _stopped(part: Path, reason: str) -> str:
    got = part.stat().st_size if part.exists() else 0
    return f"the download stopped after {got / 1e6:.1f} MB ({reason}); run the same command again to resume"


def _copy(source: BinaryIO, out: BinaryIO, done: int, total: int | None,
          progress: Callable[[int, int | None], None]) -> None:
    while chunk := source.read(_CHUNK):
        out.write(chunk)
        done += len(chunk)
        progress(done, total)


def _safe_members(archive: zipfile.ZipFile, into: Path) -> None:
    root = into.resolve()
    for name in archive.namelist():
        if not (root / name).resolve().is_relative_to(root):
            raise DownloadError(f"the archive holds a path outside its folder: {name}")


def _unpack(archive_path: Path, name: str, models_dir: Path) -> Path:
    staging = models_dir / f".unpacking-{name}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with zipfile.ZipFile(archive_path) as archive:
            bad = archive.testzip()
            if bad is not None:
                raise DownloadError(f"the archive is damaged (bad data in {bad})")
            _safe_members(archive, staging)
            archive.extractall(staging)
        tops = [p for p in staging.iterdir()]
        folder = tops[0] if len(tops) == 1 and tops[0].is_dir() else staging
        check_model_folder(folder)
        target = models_dir / name
        folder.rename(target)  # one step: the model is either wholly there or not at all
        return target
    except (zipfile.BadZipFile, EOFError) as err:
        raise DownloadError(f"the download is not a valid zip archive ({err})") from err
    except ModelError as err:
        raise DownloadError(f"the archive does not hold a usable model: {err}") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class PrintedProgress:
    """One line on standard error, rewritten each whole percent (or megabyte, if no size)."""

    def __init__(self) -> None:
        self._shown = -1

    def __call__(self, done: int, total: int | None) -> None:
        step = 100 * done // total if total else done // 1_000_000
        if step != self._shown:
            self._shown = step
            size = f" of {total / 1e6:.1f} MB ({step}%)" if total else ""
            print(f"\r  {done / 1e6:6.1f} MB{size}", end="", file=sys.stderr, flush=True)


def download(name: str, models_dir: Path, url: str | None = None,
             progress: Callable[[int, int | None], None] | None = None) -> Path:
    """Fetch, verify and install a model; return its folder."""
    item = entry(name)
    target = models_dir / name
    if target.exists():
        check_model_folder(target)
        return target
    downloads = models_dir / ".downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    part = downloads / f"{name}.zip.part"
    _fetch(url or item.url, part, progress or PrintedProgress())
    print(file=sys.stderr)
    try:
        installed = _unpack(part, name, models_dir)
    except DownloadError:
        part.unlink(missing_ok=True)  # a damaged archive cannot be resumed into a good one
        raise
    part.unlink()
    return installed
