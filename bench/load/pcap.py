"""A minimal pcap reader: UDP over IPv4 from a tcpdump file (Ethernet, Linux cooked, raw IP or BSD loopback).

Enough for what `tcpdump -i lo -w` writes; no third-party packet library needed.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_LINK_ETHERNET = 1
_LINK_NULL = 0
_LINK_RAW = 101
_LINK_LINUX_SLL = 113
_LINK_LINUX_SLL2 = 276


@dataclass(frozen=True, slots=True)
class Datagram:
    t: float  # capture time, seconds since the epoch
    src: tuple[str, int]
    dst: tuple[str, int]
    payload: bytes


def _ip_offset(linktype: int, frame: bytes) -> int | None:
    """Where the IPv4 header starts in a captured frame, or None if the frame is not IPv4."""
    if linktype == _LINK_ETHERNET:
        offset, ethertype = 14, struct.unpack_from("!H", frame, 12)[0]
        while ethertype == 0x8100 and len(frame) >= offset + 4:  # VLAN tags
            ethertype = struct.unpack_from("!H", frame, offset + 2)[0]
            offset += 4
        return offset if ethertype == 0x0800 else None
    if linktype == _LINK_LINUX_SLL:
        return 16 if struct.unpack_from("!H", frame, 14)[0] == 0x0800 else None
    if linktype == _LINK_LINUX_SLL2:
        return 20 if struct.unpack_from("!H", frame, 0)[0] == 0x0800 else None
    if linktype == _LINK_NULL:
        family = struct.unpack_from("=I", frame, 0)[0]
        return 4 if family == 2 else None
    if linktype == _LINK_RAW:
        return 0
    raise ValueError(f"unsupported pcap link type {linktype}")


def read_udp(path: Path) -> Iterator[Datagram]:
    """Every complete IPv4 UDP datagram in the file, in capture order (fragments are skipped)."""
    with open(path, "rb") as f:
        header = f.read(24)
        if len(header) < 24:
            return
        magic = header[:4]
        if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
            endian = "<"
        elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
            endian = ">"
        else:
            raise ValueError(f"{path}: not a pcap file (pcapng is not supported; use tcpdump -w)")
        nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
        linktype = struct.unpack(endian + "I", header[20:24])[0] & 0x0FFFFFFF
        record = struct.Struct(endian + "IIII")
        scale = 1e-9 if nano else 1e-6
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, caplen, _length = record.unpack(rec)
            frame = f.read(caplen)
            if len(frame) < caplen:
                return  # a file cut short by the capture's end
            ip = _ip_offset(linktype, frame)
            if ip is None or len(frame) < ip + 20:
                continue
            version_ihl = frame[ip]
            if version_ihl >> 4 != 4 or frame[ip + 9] != 17:
                continue
            flags_fragment = struct.unpack_from("!H", frame, ip + 6)[0]
            if flags_fragment & 0x3FFF:  # a fragment (more-fragments bit or an offset)
                continue
            udp = ip + (version_ihl & 0x0F) * 4
            if len(frame) < udp + 8:
                continue
            sport, dport, ulen = struct.unpack_from("!HHH", frame, udp)
            src = ".".join(str(b) for b in frame[ip + 12 : ip + 16])
            dst = ".".join(str(b) for b in frame[ip + 16 : ip + 20])
            yield Datagram(sec + frac * scale, (src, sport), (dst, dport), frame[udp + 8 : udp + ulen])
