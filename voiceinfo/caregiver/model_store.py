"""Speech models and voices for users with internet: a catalogue, a resumable download, a check.

Nothing here runs unless the user asks (`voiceinfo models download NAME`). Each file goes to
`models/.downloads/FILE.part` and resumes from there after an interruption (HTTP Range). It
is https only (redirects included), bounded in size and in time, and verified against its
pinned SHA-256. A Vosk model's archive is then checked (every member's CRC, the unpacked size,
no path escaping the folder) and unpacked; a Piper voice's model and config are put together.
Either is staged in a hidden folder, loaded once, and only then renamed into place in one
step: an interrupted, forged or corrupt download never leaves a half model that a later run
would try to load, nor a part that a retry would trip on.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Literal

from voiceinfo.errors import VoiceinfoError
from voiceinfo.hearing.vosk import ModelError, VoskRecogniser, check_model_folder
from voiceinfo.speaking.synthesiser import SpeechUnavailable

_CHUNK = 1 << 16
DEADLINE = 30 * 60.0  # seconds for a whole download: a server that drips bytes is given up on
_READ_TIMEOUT = 30.0  # seconds without a byte


@dataclass(frozen=True)
class RemoteFile:
    name: str  # as installed, and its part's name while it downloads
    url: str
    sha256: str  # as published
    max_bytes: int


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    kind: Literal["vosk", "piper"]  # a Vosk model's zip archive, or a Piper voice's model and config
    about_mb: int
    description: str
    files: tuple[RemoteFile, ...]
    max_unpacked_bytes: int = 0  # what a Vosk archive may unpack to

    def mirrored(self, url: str, sha256: str | None = None) -> CatalogueEntry:
        """The entry fetched from a mirror: for one file, its address (and its SHA-256 when the
        mirror holds another build); for several, the folder that holds them by the same names."""
        if len(self.files) == 1:
            file = self.files[0]
            return replace(self, files=(replace(file, url=url, sha256=(sha256 or file.sha256).lower()),))
        if sha256:
            raise DownloadError(f"{self.name} is {len(self.files)} files: --sha256 is for a one-file model")
        folder = url.rstrip("/")
        return replace(self, files=tuple(replace(f, url=f"{folder}/{f.name}") for f in self.files))


_PIPER_VOICES = "https://huggingface.co/rhasspy/piper-voices/resolve/v1.0.0/en/en_US"


def _piper_voice(name: str, description: str, model_sha256: str, config_sha256: str) -> CatalogueEntry:
    speaker, quality = name.split("-")[1:]
    folder = f"{_PIPER_VOICES}/{speaker}/{quality}"
    return CatalogueEntry(name, "piper", 63, description, (
        RemoteFile(f"{name}.onnx", f"{folder}/{name}.onnx", model_sha256, max_bytes=80_000_000),
        RemoteFile(f"{name}.onnx.json", f"{folder}/{name}.onnx.json", config_sha256, max_bytes=100_000)))


# Only files whose checksum is pinned: anything else could be anyone's file. The Piper voices'
# are those Hugging Face publishes for the v1.0.0 tag (the LFS objects' SHA-256).
CATALOGUE = (
    CatalogueEntry("vosk-model-small-en-us-0.15", "vosk", 40,
                   "speech model: US English, small: right for a Raspberry Pi",
                   (RemoteFile("vosk-model-small-en-us-0.15.zip",
                               "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
                               "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
                               max_bytes=60_000_000),),
                   max_unpacked_bytes=150_000_000),
    _piper_voice("en_US-amy-medium", "voice piper/amy: a woman's US English voice (Piper, medium)",
                 "b3a6e47b57b8c7fbe6a0ce2518161a50f59a9cdd8a50835c02cb02bdd6206c18",
                 "95a23eb4d42909d38df73bb9ac7f45f597dbfcde2d1bf9526fdeaf5466977d77"),
    _piper_voice("en_US-lessac-medium", "voice piper/lessac: a woman's US English voice (Piper, medium)",
                 "5efe09e69902187827af646e1a6e9d269dee769f9877d17b16b1b46eeaaf019f",
                 "efe19c417bed055f2d69908248c6ba650fa135bc868b0e6abb3da181dab690a0"),
)


class DownloadError(VoiceinfoError):
    """A download that did not finish or did not verify; the message says what to do."""

    problem = "download"


def entry(name: str) -> CatalogueEntry:
    """The catalogue's entry of that name; DownloadError names the ones there are."""
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


def _fetch(file: RemoteFile, part: Path, progress: Callable[[int, int | None], None], ends_at: float) -> None:
    """Append the rest of the file to part, resuming where it stopped."""
    _https_only(file.url)
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(file.url, headers={"Range": f"bytes={have}-"} if have else {})
    opener = urllib.request.build_opener(_HttpsRedirects)
    try:
        with opener.open(request, timeout=_READ_TIMEOUT) as response:
            if have and response.status != 206:  # the server ignored Range: start again
                have = 0
            length = response.headers.get("Content-Length")
            total = have + int(length) if length is not None else None
            if total is not None and total > file.max_bytes:
                raise _TooBig(file)
            with part.open("ab" if have else "wb") as out:
                _copy(response, out, have, total, progress, file, ends_at)
            if total is not None and part.stat().st_size != total:
                raise DownloadError(_stopped(part, "the connection closed early"))
    except urllib.error.HTTPError as err:
        if err.code == 416 and have:  # nothing left to fetch: the part is already whole
            return
        raise DownloadError(f"the server answered {err.code} {err.reason} for {file.url}") from err
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as err:
        raise DownloadError(_stopped(part, str(err))) from err


def _stopped(part: Path, reason: str) -> str:
    got = part.stat().st_size if part.exists() else 0
    return f"the download stopped after {got / 1e6:.1f} MB ({reason}); run the same command again to resume"


class _TooBig(DownloadError):
    """More than the file can be: not worth keeping to resume."""

    def __init__(self, file: RemoteFile) -> None:
        super().__init__(f"the download is larger than {file.max_bytes / 1e6:.0f} MB, more "
                         f"than {file.name} can be; it was stopped and removed")


def _copy(source: http.client.HTTPResponse, out: BinaryIO, done: int, total: int | None,
          progress: Callable[[int, int | None], None], file: RemoteFile, ends_at: float) -> None:
    # read1: whatever has arrived, so that a server sending a byte at a time meets the deadline.
    while chunk := source.read1(_CHUNK):
        done += len(chunk)
        if done > file.max_bytes:
            raise _TooBig(file)
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


def _unpack(archive_path: Path, item: CatalogueEntry, staging: Path) -> Path:
    """A Vosk model's archive unpacked into staging; returns the model's folder in it."""
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
    except (zipfile.BadZipFile, EOFError) as err:
        raise DownloadError(f"the download is not a valid zip archive ({err})") from err
    tops = [p for p in staging.iterdir()]
    return tops[0] if len(tops) == 1 and tops[0].is_dir() else staging


def check_folder(folder: Path) -> None:
    """Load what a model folder holds, a Piper voice or a Vosk model, once; raises ModelError."""
    voices = list(folder.glob("*.onnx"))
    if not voices:
        VoskRecogniser(folder)
        return
    from voiceinfo.speaking.piper import load

    try:
        load.__wrapped__(voices[0])  # not kept: this is a check
    except SpeechUnavailable as err:
        raise ModelError(f"{folder} does not hold a usable voice: {err}") from err


def _install(parts: list[Path], item: CatalogueEntry, models_dir: Path) -> Path:
    staging = models_dir / f".unpacking-{item.name}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        if item.kind == "vosk":
            folder = _unpack(parts[0], item, staging)
        else:
            folder = staging
            folder.mkdir()
            for part, file in zip(parts, item.files):
                os.replace(part, folder / file.name)
        check_folder(folder)  # loaded once here, not first by a kiosk at boot
        target = models_dir / item.name
        folder.rename(target)  # one step: the model is either wholly there or not at all
        return target
    except ModelError as err:
        raise DownloadError(f"the download does not hold a usable model: {err}") from err
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
    """Fetch, verify, load-test and install a catalogue entry's model or voice; return its folder."""
    target = models_dir / item.name
    if target.exists():
        if item.kind == "vosk":
            check_model_folder(target)
        return target
    downloads = models_dir / ".downloads"
    try:
        downloads.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DownloadError(f"cannot make {downloads} ({err.strerror or err})") from err
    parts = [downloads / f"{file.name}.part" for file in item.files]
    ends_at = time.monotonic() + deadline
    for file, part in zip(item.files, parts):  # what has arrived is kept, to resume from
        try:
            _fetch(file, part, progress or PrintedProgress(), ends_at)
        except _TooBig:
            part.unlink(missing_ok=True)
            raise
        finally:
            print(file=sys.stderr)
    try:
        for file, part in zip(item.files, parts):
            if (found := _sha256(part)) != file.sha256:
                raise DownloadError(f"the download is not the published {file.name} (its SHA-256 is "
                                    f"{found}, not {file.sha256}); it was removed: run the same command again")
        return _install(parts, item, models_dir)
    except OSError as err:
        raise DownloadError(f"cannot read the download ({err.strerror or err})") from err
    finally:  # installed, or damaged: a damaged file cannot be resumed into a good one
        for part in parts:
            part.unlink(missing_ok=True)
