"""One structured log line per call event: `call=<id> event=<name> key=value ...` (or JSON)."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

_log = logging.getLogger("clearcall.calls")


def call_event(call_id: str, event: str, **fields: Any) -> None:
    """Log a call event. Never pass a full phone number here: mask it first (bot.core.numbers.mask)."""
    _log.info(event, extra={"call_id": call_id, "fields": fields})


class _Formatter(logging.Formatter):
    def __init__(self, as_json: bool) -> None:
        super().__init__()
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = dict(getattr(record, "fields", {}) or {})
        call_id = getattr(record, "call_id", None)
        if self.as_json:
            data = {"t": self.formatTime(record), "level": record.levelname, "logger": record.name}
            if call_id:
                data["call"] = call_id
            data["event" if call_id else "msg"] = record.getMessage()
            data.update(fields)
            if record.exc_info:
                data["exc"] = self.formatException(record.exc_info)
            return json.dumps(data, ensure_ascii=False, default=str)
        head = f"{self.formatTime(record)} {record.levelname:<7} "
        if call_id:
            body = f"call={call_id} event={record.getMessage()}"
            body += "".join(f" {k}={_plain(v)}" for k, v in fields.items())
        else:
            body = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            body += "\n" + self.formatException(record.exc_info)
        return head + body


def _plain(value: Any) -> str:
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if (" " in text or not text) else text


def setup_logging(level: str = "INFO", as_json: bool = False) -> None:
    """Logs go to stderr; stdout stays for command output."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter(as_json))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiohttp").setLevel("WARNING")
    # transitions logs every callback at INFO and re-raises callback errors after logging them at
    # ERROR; the flow runner logs those itself (a hangup mid-prompt is not an error).
    logging.getLogger("transitions").setLevel("CRITICAL")
