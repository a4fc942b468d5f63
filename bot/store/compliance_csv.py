"""CSV import and export of the suppression list and consent records: all rows of a file, or none.

A file with any bad row changes nothing; :class:`CsvImportError` lists every bad line. Each import and
each audited export writes one audit row (bot/store/compliance_tables.py holds the tables and the log).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from bot.core.clock import utcnow
from bot.core.numbers import InvalidNumber, mask, normalize
from bot.store.compliance_tables import (
    INSERT_SUPPRESSION,
    SOURCES,
    ComplianceError,
    append_audit,
    insert_consent,
    parse_past_time,
    required_text,
    suppress_list,
)
from bot.store.database import Db, transaction


class CsvImportError(ComplianceError):
    """A CSV file had bad rows, so nothing was imported; ``problems`` holds one "path:LINE: reason" each."""

    def __init__(self, path: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"{path}: nothing imported, {len(self.problems)} problem(s):\n" + "\n".join(self.problems)
        )

    @classmethod
    def at_lines(cls, path: str, problems: Sequence[tuple[int, str]]) -> CsvImportError:
        """The error for (line, reason) pairs, in file order."""
        return cls(path, [f"{path}:{line}: {reason}" for line, reason in sorted(problems)])


@dataclass(frozen=True)
class ImportReport:
    """Result of a CSV import: data rows read, rows added, and rows that changed nothing (duplicates)."""

    path: str
    rows: int
    added: int
    unchanged: int


def export_suppression_csv(db: Db, path_or_file: str | Path | IO[str], *, actor: str | None = None) -> int:
    """Write the whole list as CSV (full numbers; a new file is created 0600); returns the row count.

    With ``actor``, the export is audited: the file carries every number out of the database.
    """
    rows = suppress_list(db)
    columns = ["number", "scope", "source", "words", "call_id", "created_at"]
    if isinstance(path_or_file, str | Path):
        fd = os.open(path_or_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", newline="", encoding="utf-8") as out:
            _write_csv(out, columns, rows)
        name = Path(path_or_file).name
    else:
        _write_csv(path_or_file, columns, rows)
        name = getattr(path_or_file, "name", "<stream>")
    if actor is not None:
        append_audit(
            db, actor=actor, action="suppress.export", subject=f"file:{name}", details={"rows": len(rows)}
        )
    return len(rows)


def _write_csv(out: IO[str], columns: list[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _read_csv(
    path: str | Path,
    required: Sequence[str],
    optional: Sequence[str],
    *,
    encoding: str = "utf-8-sig",
    hint: str = "",
) -> tuple[list[tuple[int, dict[str, str]]], list[tuple[int, str]], str]:
    """(line, row) pairs, structural problems, and the file's SHA-256. Raises CsvImportError on the header.

    The CSV is read strictly: a quote left open (which would swallow the rest of the file into one
    field) or text after a closing quote is a problem at the line where its record starts. ``hint`` is
    added to the error for a file that is not in ``encoding`` (UTF-8, a BOM allowed, by default).
    """
    shown, data = str(path), Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode(encoding)  # utf-8-sig: a BOM is what spreadsheet programs write
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        name = "UTF-8" if encoding == "utf-8-sig" else encoding
        raise CsvImportError(
            shown, [f"{shown}:{line}: not {name} (byte {exc.start}); save it as UTF-8 CSV{hint}"]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as exc:
        raise CsvImportError(
            shown, [f"{shown}:1: the header cannot be read: {exc}{_csv_hint(exc)}"]
        ) from None
    allowed = [*required, *optional]
    missing = [c for c in required if c not in header]
    unknown = [h for h in header if h not in allowed]
    if missing or unknown or len(set(header)) != len(header):
        found = ", ".join(repr(h) if _odd(h) else h for h in header)
        raise CsvImportError(
            shown,
            [
                f"{shown}:1: the header must name the columns {', '.join(required)} (optional: "
                f"{', '.join(optional)}), each once; found {found or 'nothing'}"
            ],
        )
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[tuple[int, str]] = []
    prev = reader.line_num
    try:
        for fields in reader:
            line, prev = prev + 1, reader.line_num  # a quoted field may span lines: report where it starts
            if not any(f.strip() for f in fields):
                continue
            if len(fields) > len(header):
                problems.append((line, f"{len(fields)} fields but the header names {len(header)}"))
                continue
            rows.append(
                (line, {h: (fields[i].strip() if i < len(fields) else "") for i, h in enumerate(header)})
            )
    except csv.Error as exc:  # in the record after the last one read
        problems.append((prev + 1, f"{exc}{_csv_hint(exc)}; the rest of the file was not read"))
    return rows, problems, digest


def _csv_hint(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return " (a quote is not closed)"
    if "expected" in text and "after" in text:
        return ' (text after a closing quote: double a quote inside a quoted field, "")'
    return ""


def _odd(text: str) -> bool:
    """A header name to show quoted: empty, or with characters a terminal would not show plainly."""
    return not text or not text.isprintable()


def _row_number(
    line: int, raw: str, default_region: str | None, problems: list[tuple[int, str]]
) -> str | None:
    try:
        return normalize(raw, default_region)
    except InvalidNumber as exc:  # its message names the input masked
        problems.append((line, str(exc)))
        return None


# For the other importers (bot/store/contact_csv.py): one reader, one row-error format.
read_csv, row_number = _read_csv, _row_number


def import_suppression_csv(
    db: Db,
    path: str | Path,
    *,
    default_region: str | None,
    actor: str,
    scope: str = "global",
    source: str = "import",
) -> ImportReport:
    """Import a CSV (``number``; optional ``scope``, ``words``); all rows or, on any bad row, none.

    The columns of :func:`export_suppression_csv` are accepted too; a valid ``created_at`` is kept (when
    the person asked matters), ``source`` and ``call_id`` are not. Duplicates change nothing.
    """
    if source not in SOURCES:
        raise ComplianceError(f"suppression source {source!r} is not one of {', '.join(sorted(SOURCES))}")
    shown, scope = str(path), required_text("scope", scope)
    rows, problems, digest = _read_csv(
        path, ["number"], ["scope", "words", "source", "call_id", "created_at"]
    )
    entries: dict[tuple[str, str], list[str]] = {}
    for line, rec in rows:
        number = _row_number(line, rec["number"], default_region, problems)
        created = utcnow()
        if rec.get("created_at"):
            try:
                created = parse_past_time(rec["created_at"])
            except ValueError as exc:
                problems.append((line, f"created_at {exc}"))
                continue
        if number is not None:
            row_scope = rec.get("scope") or scope
            entries.setdefault(
                (number, row_scope), [number, row_scope, source, rec.get("words", ""), "", created]
            )
    if problems:
        raise CsvImportError.at_lines(shown, problems)
    with transaction(db):
        added = db.conn.executemany(INSERT_SUPPRESSION, list(entries.values())).rowcount
        report = ImportReport(shown, len(rows), added, len(rows) - added)
        details = {"rows": report.rows, "added": added, "scope": scope, "source": source, "sha256": digest}
        append_audit(
            db, actor=actor, action="suppress.import", subject=f"file:{Path(path).name}", details=details
        )
    return report


def import_consent_csv(
    db: Db,
    path: str | Path,
    *,
    default_region: str | None,
    actor: str,
    scope: str = "global",
) -> ImportReport:
    """Import consent (``number, source, evidence``; optional ``scope``, ``granted_at``); all rows or none."""
    shown, scope = str(path), required_text("scope", scope)
    rows, problems, digest = _read_csv(path, ["number", "source", "evidence"], ["scope", "granted_at"])
    entries: list[list[str]] = []
    for line, rec in rows:
        number = _row_number(line, rec["number"], default_region, problems)
        if number is None:
            continue
        empty = [c for c in ("source", "evidence") if not rec[c]]
        if empty:
            problems.append((line, f"{mask(number)}: {' and '.join(empty)} must not be empty"))
            continue
        try:
            when = parse_past_time(rec["granted_at"]) if rec.get("granted_at") else utcnow()
        except ValueError as exc:
            problems.append((line, f"{mask(number)}: granted_at {exc}"))
            continue
        entries.append([number, rec.get("scope") or scope, rec["source"], rec["evidence"], when, actor])
    if problems:
        raise CsvImportError.at_lines(shown, problems)
    with transaction(db):
        added = sum(insert_consent(db, entry) for entry in entries)
        report = ImportReport(shown, len(rows), added, len(rows) - added)
        details = {"rows": report.rows, "added": added, "scope": scope, "sha256": digest}
        append_audit(
            db, actor=actor, action="consent.import", subject=f"file:{Path(path).name}", details=details
        )
    return report
