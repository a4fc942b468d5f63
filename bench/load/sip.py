"""Just enough SIP for reading a capture: start line, headers, and the audio address of an SDP body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_COMPACT = {"i": "call-id", "f": "from", "t": "to", "v": "via", "l": "content-length", "c": "content-type"}


@dataclass
class SipMessage:
    method: str | None  # "INVITE", "BYE"... for requests
    status: int | None  # 200, 401... for responses
    reason: str
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names, first value
    body: str = ""

    @property
    def call_id(self) -> str:
        return self.headers.get("call-id", "")

    @property
    def cseq_method(self) -> str:
        parts = self.headers.get("cseq", "").split()
        return parts[1].upper() if len(parts) == 2 else ""

    @property
    def from_user(self) -> str:
        match = re.search(r"sip:([^@;>]+)@", self.headers.get("from", ""))
        return match.group(1) if match else ""

    def sdp_audio(self) -> tuple[str, int] | None:
        """(address, port) of the SDP's audio stream, if the message carries one."""
        address, port = None, None
        for line in self.body.splitlines():
            line = line.strip()
            if line.startswith("c=IN IP4 "):
                address = address or line.split()[2]
            elif line.startswith("m=audio "):
                port = int(line.split()[1])
        return (address, port) if address and port is not None else None


def parse(data: bytes) -> SipMessage | None:
    """A SIP message from a UDP payload, or None if it is not one."""
    try:
        text = data.decode("utf-8", errors="replace")
    except Exception:  # pragma: no cover - decode with errors="replace" does not raise
        return None
    head, _, body = text.partition("\r\n\r\n")
    lines = head.split("\r\n")
    if not lines or not lines[0]:
        return None
    start = lines[0].split(" ", 2)
    if start[0] == "SIP/2.0" and len(start) >= 2 and start[1].isdigit():
        message = SipMessage(None, int(start[1]), start[2] if len(start) > 2 else "")
    elif len(start) == 3 and start[2].startswith("SIP/2.0"):
        message = SipMessage(start[0].upper(), None, "")
    else:
        return None
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            continue
        name = name.strip().lower()
        name = _COMPACT.get(name, name)
        message.headers.setdefault(name, value.strip())
    message.body = body
    return message
