"""A campaign's contact list from CSV: every row checked, and all rows stored or none.

Columns: ``number``; every contact field the flow needs (a column per field; fields with a default may
be left out); optional ``timezone`` (an IANA zone, for a number whose own data gives several: it must
be one of them); optional consent evidence ``consent_source``, ``consent_evidence``, ``consent_at``
(recorded as consent for this campaign). A row is rejected when its number does not parse to E.164,
repeats an earlier row's number, lacks a field the flow needs, names a zone the number cannot ring in,
or has no consent on record and none in the row. Any rejected row rejects the whole file, with every
reason listed as "path:LINE: reason" (the reader and error of bot/store/compliance_csv.py).

Encodings: UTF-8, with or without a BOM, is read as is. Any other encoding is refused (naming the line
and byte) unless the operator names it (``encoding="gbk"``, ``"latin-1"``...): guessing GBK against
Latin-1 from the bytes of a short list is unreliable, and a wrong guess would store garbled names that
the bot would then speak. A file that is valid UTF-8 with non-ASCII text is refused under another named
encoding, since decoding it so would garble it.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core import numbers
from bot.core.campaign_records import ConsentEvidence, ContactImport, ContactRow
from bot.store.campaign_store import CampaignStore
from bot.store.compliance_csv import CsvImportError, read_csv, row_number
from bot.store.compliance_tables import has_consent, parse_past_time

ZONE_COLUMN = "timezone"
CONSENT_COLUMNS = ("consent_source", "consent_evidence", "consent_at")
UTF8 = "utf-8-sig"
_ENCODING_HINT = ", or name its encoding (--encoding gbk, --encoding latin-1, ...)"


def contact_columns(fields: Sequence[str], needed: Sequence[str]) -> tuple[list[str], list[str]]:
    """(required, optional) header columns for a flow with contact ``fields``, of which ``needed``
    have no default."""
    optional = [f for f in fields if f not in needed]
    return ["number", *needed], [*optional, ZONE_COLUMN, *CONSENT_COLUMNS]


def check_encoding(path: str | Path, encoding: str | None) -> str:
    """The codec to read ``path`` with: UTF-8 (BOM allowed) unless another is named and fits."""
    if encoding is None:
        return UTF8
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise CsvImportError(
            str(path), [f"{path}:1: unknown encoding {encoding!r} (try utf-8, gbk, latin-1)"]
        ) from None
    if name == "utf-8":
        return UTF8
    data = Path(path).read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return name
    if not data.isascii():
        raise CsvImportError(
            str(path), [f"{path}:1: the file is UTF-8 text, not {encoding}: leave out --encoding"]
        )
    return name


def read_contacts(
    path: str | Path,
    *,
    fields: Sequence[str],
    missing: Callable[[Mapping[str, str]], list[str]],
    consent_on_record: Callable[[str], bool],
    default_region: str | None,
    encoding: str | None = None,
) -> tuple[list[ContactRow], str]:
    """Every row validated (see the module docstring) and the file's SHA-256; CsvImportError listing
    every problem when any row is bad. ``missing(fields)`` names the flow's needed fields a row lacks
    (bot.flow.contact.missing_contact_fields); ``consent_on_record(e164)`` asks the store."""
    shown = str(path)
    codec = check_encoding(path, encoding)
    if not Path(path).read_bytes().strip():
        raise CsvImportError(
            shown, [f"{shown}:1: the file is empty: give a header line (number, ...) and rows"]
        )
    required, optional = contact_columns(fields, missing({}))
    rows, problems, digest = read_csv(path, required, optional, encoding=codec, hint=_ENCODING_HINT)
    if not rows and not problems:
        raise CsvImportError(shown, [f"{shown}:2: no contacts: the file has a header and no rows"])
    seen: dict[str, int] = {}
    contacts: list[ContactRow] = []
    for line, rec in rows:
        number = row_number(line, rec["number"], default_region, problems)
        if number is None:
            continue
        label = numbers.mask(number)
        if number in seen:
            problems.append((line, f"{label}: the same number as line {seen[number]}"))
            continue
        seen[number] = line
        values = {f: rec[f] for f in fields if rec.get(f)}
        if lacking := missing(values):
            problems.append(
                (line, f"{label}: no {', '.join(lacking)} (the flow speaks it and has no default)")
            )
            continue
        zone, why = _zone(number, rec.get(ZONE_COLUMN, ""))
        if why:
            problems.append((line, f"{label}: {why}"))
            continue
        consent, why = _consent(rec)
        if why:
            problems.append((line, f"{label}: {why}"))
            continue
        if consent is None and not consent_on_record(number):
            problems.append(
                (
                    line,
                    f"{label}: no consent on record (clearcall consent import) and none in the row "
                    f"({', '.join(CONSENT_COLUMNS)})",
                )
            )
            continue
        contacts.append(ContactRow(line, number, values, zone, consent))
    if problems:
        raise CsvImportError.at_lines(shown, problems)
    return contacts, digest


def _zone(number: str, raw: str) -> tuple[str | None, str]:
    if not raw:
        return None, ""
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        return None, f"timezone {raw!r} is not an IANA time zone such as America/Chicago"
    own = numbers.time_zones(number)
    if own and raw not in own:
        return None, f"timezone {raw} is not one the number can ring in ({', '.join(own)})"
    return raw, ""


def _consent(rec: Mapping[str, str]) -> tuple[ConsentEvidence | None, str]:
    source, evidence, at = (rec.get(c, "") for c in CONSENT_COLUMNS)
    if not (source or evidence or at):
        return None, ""
    if not (source and evidence):
        return None, "consent_source and consent_evidence must both be given when a row carries consent"
    try:
        when = parse_past_time(at) if at else ""
    except ValueError as exc:
        return None, f"consent_at {exc}"
    if not when:
        return None, "consent_at is required with consent evidence (when the person agreed)"
    return ConsentEvidence(source, evidence, when), ""


def import_contacts_csv(
    store: CampaignStore,
    campaign: str,
    path: str | Path,
    *,
    fields: Sequence[str],
    missing: Callable[[Mapping[str, str]], list[str]],
    default_region: str | None,
    actor: str,
    encoding: str | None = None,
) -> ContactImport:
    """Validate the whole file, then store all its rows in one transaction (or raise, storing nothing)."""
    store.campaign(campaign)  # a clear error before reading a long file for a campaign that is not there
    rows, digest = read_contacts(
        path,
        fields=fields,
        missing=missing,
        consent_on_record=lambda e164: has_consent(store.db, e164, campaign),
        default_region=default_region,
        encoding=encoding,
    )
    return store.import_contacts(campaign, rows, path=str(path), digest=digest, actor=actor)
