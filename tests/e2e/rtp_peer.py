"""The test caller's media: an RTP peer that records what it hears and can speak (PCMU) and press keys.

sipp does the SIP signalling and advertises this peer's port in its SDP, so the test owns both
directions of the caller's audio.
"""

from __future__ import annotations

import asyncio
import random
import socket
import struct
import time

import numpy as np

_BIAS = 0x84
_CLIP = 32635


def ulaw_decode(data: bytes) -> np.ndarray:
    u = ~np.frombuffer(data, dtype=np.uint8)
    sign = u & 0x80
    exponent = (u >> 4) & 0x07
    mantissa = u & 0x0F
    magnitude = (((mantissa.astype(np.int32) << 3) + _BIAS) << exponent) - _BIAS
    return np.where(sign != 0, -magnitude, magnitude).astype(np.int16)


def ulaw_encode(samples: np.ndarray) -> bytes:
    x = samples.astype(np.int32)
    sign = np.where(x < 0, 0x80, 0)
    magnitude = np.minimum(np.abs(x), _CLIP) + _BIAS
    exponent = np.floor(np.log2(magnitude)).astype(np.int32) - 7
    exponent = np.clip(exponent, 0, 7)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8).tobytes()


class RtpPeer(asyncio.DatagramProtocol):
    """Receives PCMU from Asterisk (learning its address from the first packet) and sends back."""

    def __init__(self) -> None:
        self.transport: asyncio.DatagramTransport | None = None
        self.remote: tuple[str, int] | None = None
        self.received: list[tuple[float, np.ndarray]] = []  # (arrival monotonic time, 160 samples at 8 kHz)
        self._seq = random.randint(0, 0xFFFF)
        self._ts = random.randint(0, 0xFFFFFFFF)
        self._ssrc = random.randint(0, 0xFFFFFFFF)
        self.first_packet = asyncio.Event()
        self.last_loud_sent_at: float | None = None  # monotonic time the last loud packet left

    @classmethod
    async def open(cls) -> tuple[RtpPeer, int]:
        loop = asyncio.get_running_loop()
        transport, peer = await loop.create_datagram_endpoint(
            cls, local_addr=("127.0.0.1", 0), family=socket.AF_INET
        )
        return peer, transport.get_extra_info("sockname")[1]

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        if len(data) < 12 or data[0] >> 6 != 2:
            return
        if self.remote is None:
            self.remote = addr
            self.first_packet.set()
        payload_type = data[1] & 0x7F
        header = 12 + 4 * (data[0] & 0x0F)
        if payload_type == 0:
            self.received.append((time.monotonic(), ulaw_decode(data[header:])))

    def audio(self) -> np.ndarray:
        return np.concatenate([s for _, s in self.received]) if self.received else np.zeros(0, np.int16)

    def speech_seconds(self, threshold: float = 500.0) -> float:
        """Seconds of received 20 ms frames whose RMS is above `threshold` (silence is ~0)."""
        loud = sum(1 for _, s in self.received if np.sqrt(np.mean(s.astype(np.float64) ** 2)) > threshold)
        return loud * 0.02

    async def wait_heard(self, seconds: float, threshold: float = 500.0, timeout: float = 60.0) -> None:
        """Wait until `seconds` have passed since the first non-silent packet from the bot."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while loop.time() < end:
            loud = [t for t, s in self.received if np.sqrt(np.mean(s.astype(np.float64) ** 2)) > threshold]
            if loud and time.monotonic() - loud[0] >= seconds:
                return
            await asyncio.sleep(0.02)
        raise TimeoutError(f"the bot did not speak for {seconds} s within {timeout} s")

    def _send(self, payload_type: int, payload: bytes, marker: bool = False, advance: int = 160) -> None:
        assert self.transport is not None and self.remote is not None
        header = struct.pack(
            "!BBHII", 0x80, (0x80 if marker else 0) | payload_type, self._seq, self._ts, self._ssrc
        )
        self.transport.sendto(header + payload, self.remote)
        self._seq = (self._seq + 1) & 0xFFFF
        self._ts = (self._ts + advance) & 0xFFFFFFFF

    async def speak(self, samples_8k: np.ndarray) -> None:
        """Send audio paced in real time (20 ms PCMU packets)."""
        await asyncio.wait_for(self.first_packet.wait(), 10)
        loop = asyncio.get_running_loop()
        deadline = loop.time()
        for i in range(0, len(samples_8k), 160):
            chunk = samples_8k[i : i + 160]
            if len(chunk) < 160:
                chunk = np.pad(chunk, (0, 160 - len(chunk)))
            self._send(0, ulaw_encode(chunk), marker=(i == 0))
            if np.sqrt(np.mean(chunk.astype(np.float64) ** 2)) > 500:
                self.last_loud_sent_at = time.monotonic()
            deadline += 0.02
            await asyncio.sleep(max(0.0, deadline - loop.time()))

    async def silence(self, seconds: float) -> None:
        await self.speak(np.zeros(int(seconds * 8000), np.int16))

    async def press(self, digit: str, duration_ms: int = 160) -> None:
        """RFC 4733 telephone-event: a few packets with growing duration, then three end packets."""
        await asyncio.wait_for(self.first_packet.wait(), 10)
        event = "0123456789*#".index(digit)
        steps = duration_ms // 20
        for n in range(1, steps + 1):
            self._send(101, struct.pack("!BBH", event, 10, n * 160), marker=(n == 1), advance=0)
            await asyncio.sleep(0.02)
        for _ in range(3):
            self._send(101, struct.pack("!BBH", event, 0x80 | 10, steps * 160), advance=0)
        self._ts = (self._ts + steps * 160) & 0xFFFFFFFF

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
