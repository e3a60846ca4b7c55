"""Speech models for users with internet: a catalogue, a resumable download, a check.

Nothing here runs unless the user asks (`voiceinfo models download NAME`). A download
goes to `models/.downloads/NAME.zip.part` and resumes from there after an interruption
(HTTP Range). It is https only (redirects included), bounded in size and in time, and a
finished archive is verified (its pinned SHA-256, every member's CRC, the unpacked size,
no path escaping the folder), unpacked into a hidden folder, loaded once, and only then
renamed into place in one step: an interrupted, forged or corrupt download never leaves a
half model that a later run would try to load, nor a part that a retry would trip on.
"""

from __future__ import annotations

import hashlib
import http.client
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from voiceinfo.errors import VoiceinfoError
from voiceinfo.hearing.vosk import ModelError, VoskRecogniser, check_model_folder
from voiceinfo.paths import user_dir


def _models_dir() -> Path:
    """The checkout's models/ folder; for an installed package, the user's data folder."""
    checkout = Path(__file__).resolve().parents[2] / "models"
    if (checkout / "README.md").is_file():
        return checkout
    return user_dir("data") / "models"


MODELS_DIR = _models_dir()
_CHUNK = 1 << 16
DEADLINE = 30 * 60.0  # seconds for a whole download: a server that drips bytes is given up on
_READ_TIMEOUT = 30.0  # seconds without a byte


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    about_mb: int
    url: str
    description: str
    sha256: str  # of the archive, as published
    max_archive_bytes: int
    max_unpacked_bytes: int


# Only models whose archive checksum is pinned: anything else could be anyone's file.
CATALOGUE = (
    CatalogueEntry("vosk-model-small-en-us-0.15", 40,
                   "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
                   "US English, small: right for a Raspberry Pi",
                   "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
                   max_archive_bytes=60_000_000, max_unpacked_bytes=150_000_000),
)


class DownloadError(VoiceinfoError):
    """A download that did not finish or did not verify; the message says what to do."""

    problem = "download"


def entry(name: str) -> CatalogueEntry:
    for item in CATALOGUE:
        if item.name == name:
            return item
    known = ", ".join(e.name for e in CATALOGUE)
    raise DownloadError(f"there is no model called '{name}'; the catalogue has: {known}")


def _https_only(url: str) -> None:
    if urllib.parse.urlsplit(url).scheme != "https":
        raise DownloadError(f"{url} is not an https address; models are downloaded over https only")


class _HttpsRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001 (urllib's API)
        _https_only(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(item: CatalogueEntry, part: Path, progress: Callable[[int, int | None], None],
           deadline: float) -> None:
    """Append the rest of the entry's archive to part, resuming where it stopped."""
    _https_only(item.url)
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(item.url, headers={"Range": f"bytes={have}-"} if have else {})
    opener = urllib.request.build_opener(_HttpsRedirects)
    ends_at = time.monotonic() + deadline
    try:
        with opener.open(request, timeout=_READ_TIMEOUT) as response:
            if have and response.status != 206:  # the server ignored Range: start again
                have = 0
            length = response.headers.get("Content-Length")
            total = have + int(length) if length is not None else None
            if total is not None and total > item.max_archive_bytes:
                raise _TooBig(item)
            with part.open("ab" if have else "wb") as out:
                _copy(response, out, have, total, progress, item, ends_at)
            if total is not None and part.stat().st_size != total:
                raise DownloadError(_stopped(part, "the connection closed early"))
    except urllib.error.HTTPError as err:
        if err.code == 416 and have:  # nothing left to fetch: the part is already whole
            return
        raise DownloadError(f"the server answered {err.code} {err.reason} for {item.url}") from err
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as err:
        raise DownloadError(_stopped(part, str(err))) from err


def _stopped(part: Path, reason: str) -> str:
    got = part.stat().st_size if part.exists() else 0
    return f"the download stopped after {got / 1e6:.1f} MB ({reason}); run the same command again to resume"


class _TooBig(DownloadError):
    """More than the model can be: not worth keeping to resume."""

    def __init__(self, item: CatalogueEntry) -> None:
        super().__init__(f"the download is larger than {item.max_archive_bytes / 1e6:.0f} MB, more "
                         f"than {item.name} can be; it was stopped and removed")


def _copy(source: http.client.HTTPResponse, out: BinaryIO, done: int, total: int | None,
          progress: Callable[[int, int | None], None], item: CatalogueEntry, ends_at: float) -> None:
    # read1: whatever has arrived, so that a server sending a byte at a time meets the deadline.
    while chunk := source.read1(_CHUNK):
        done += len(chunk)
        if done > item.max_archive_bytes:
            raise _TooBig(item)
        if time.monotonic() > ends_at:
            raise DownloadError("the download is taking too long (the server is very slow); "
                                "run the same command again to resume")
        out.write(chunk)
        progress(done, total)


def _safe_members(archive: zipfile.ZipFile, into: Path) -> None:
    root = into.resolve()
    for name in archive.namelist():
        if not (root / name).resolve().is_relative_to(root):
            raise DownloadError(f"the archive holds a path outside its folder: {name}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as archive:
        while block := archive.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _unpack(archive_path: Path, item: CatalogueEntry, models_dir: Path) -> Path:
    staging = models_dir / f".unpacking-{item.name}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with zipfile.ZipFile(archive_path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > item.max_unpacked_bytes:
                raise DownloadError(f"the archive would unpack to {unpacked / 1e6:.0f} MB, more than "
                                    f"{item.name} can be ({item.max_unpacked_bytes / 1e6:.0f} MB); refused")
            bad = archive.testzip()
            if bad is not None:
                raise DownloadError(f"the archive is damaged (bad data in {bad})")
            _safe_members(archive, staging)
            archive.extractall(staging)
        tops = [p for p in staging.iterdir()]
        folder = tops[0] if len(tops) == 1 and tops[0].is_dir() else staging
        VoskRecogniser(folder)  # loaded once here, not first by a kiosk at boot
        target = models_dir / item.name
        folder.rename(target)  # one step: the model is either wholly there or not at all
        return target
    except (zipfile.BadZipFile, EOFError) as err:
        raise DownloadError(f"the download is not a valid zip archive ({err})") from err
    except ModelError as err:
        raise DownloadError(f"the archive does not hold a usable model: {err}") from err
    except OSError as err:
        raise DownloadError(f"cannot unpack the model into {models_dir} ({err.strerror or err}); "
                            "free some space and run the same command again") from err
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


def download(item: CatalogueEntry, models_dir: Path,
             progress: Callable[[int, int | None], None] | None = None, deadline: float = DEADLINE) -> Path:
    """Fetch, verify, load-test and install a catalogue entry's model; return its folder."""
    target = models_dir / item.name
    if target.exists():
        check_model_folder(target)
        return target
    downloads = models_dir / ".downloads"
    try:
        downloads.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DownloadError(f"cannot make {downloads} ({err.strerror or err})") from err
    part = downloads / f"{item.name}.zip.part"
    try:
        _fetch(item, part, progress or PrintedProgress(), deadline)
    except _TooBig:
        part.unlink(missing_ok=True)
        raise
    finally:
        print(file=sys.stderr)
    try:
        if (found := _sha256(part)) != item.sha256:
            raise DownloadError(f"the download is not the published {item.name} (its SHA-256 is {found}, "
                                f"not {item.sha256}); it was removed: run the same command again")
        installed = _unpack(part, item, models_dir)
    except (DownloadError, OSError) as err:
        part.unlink(missing_ok=True)  # a damaged archive cannot be resumed into a good one
        if isinstance(err, DownloadError):
            raise
        raise DownloadError(f"cannot read the download ({err.strerror or err})") from err
    part.unlink()
    return installed
