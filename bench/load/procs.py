"""CPU and memory of the processes under test, sampled from /proc every half second (no psutil needed).

CPU is in percent of one core (200 % is both cores of a 2-vCPU machine): the CPU time (user + system)
the group's processes used between two samples, over the wall time between them. Memory is resident
memory (RSS, from /proc/PID/statm) summed over the group's processes, in MB. Not PSS: reading
/proc/PID/smaps_rollup walks the process's page tables under its memory-map lock, and the bot, whose
threads fault and map pages all the time, stalled for 60-230 ms at every sample (measured: the prompt gaps
of a paced run fell on the sampler's ticks, each ending when the sample did).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")


def cpu_seconds(pid: int) -> float | None:
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) "; comm may hold spaces
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime


_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_mb(pid: int) -> float:
    try:
        return int((_PROC / str(pid) / "statm").read_text().split()[1]) * _PAGE_MB
    except (OSError, IndexError, ValueError):
        return 0.0


def parent_of(pid: int) -> int | None:
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return int(text[text.rindex(")") + 2 :].split()[1])


def with_descendants(root: int) -> list[int]:
    """`root` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            parent = parent_of(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def find_asterisk() -> int | None:
    """The sandbox's Asterisk daemon (`/usr/sbin/asterisk -C ...`), not a remote console (`-r`, `-rx`)."""
    best: tuple[float, int] | None = None
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            started = float((entry / "stat").read_text().rsplit(")", 1)[1].split()[19])
        except (OSError, IndexError, ValueError):
            continue
        if argv and argv[0].endswith(b"/asterisk") and not any(a.startswith(b"-r") for a in argv[1:]):
            if best is None or started < best[0]:
                best = (started, int(entry.name))
    return best[1] if best else None


def host_cpu() -> tuple[float, float, float]:
    """(busy, steal, total) jiffies since boot, over all CPUs."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (values + [0] * 8)[:8]
    busy = user + nice + system + irq + softirq
    return busy, steal, busy + idle + iowait + steal


@dataclass
class Sample:
    t: float  # wall clock (time.time())
    cpu: dict[str, float]  # group -> % of one core over the interval before this sample
    rss: dict[str, float]  # group -> MB
    host_busy: float  # % of the whole machine (all cores) busy, excluding steal
    host_steal: float


class Sampler:
    """Samples named process groups every `interval` seconds in a thread; `stop()` returns the samples."""

    def __init__(self, groups: dict[str, Callable[[], list[int]]], interval: float = 0.5) -> None:
        self.groups = groups
        self.interval = interval
        self.samples: list[Sample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="proc-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> list[Sample]:
        self._stop.set()
        self._thread.join()
        return self.samples

    def _run(self) -> None:
        # Primed with what each process has used so far: only use during the sampling counts.
        last: dict[str, dict[int, float]] = {
            name: {pid: cpu for pid in pids_of() if (cpu := cpu_seconds(pid)) is not None}
            for name, pids_of in self.groups.items()
        }
        last_t = time.monotonic()
        last_host = host_cpu()
        next_at = last_t
        while not self._stop.is_set():
            next_at += self.interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))
            now = time.monotonic()
            host = host_cpu()
            elapsed = now - last_t
            cpu: dict[str, float] = {}
            rss: dict[str, float] = {}
            for name, pids_of in self.groups.items():
                used, seen, mem = 0.0, {}, 0.0
                for pid in pids_of():
                    total = cpu_seconds(pid)
                    if total is None:
                        continue
                    seen[pid] = total
                    # A process new since the last sample counts from its start (at most the interval).
                    used += total - last[name].get(pid, 0.0)
                    mem += rss_mb(pid)
                last[name] = seen
                cpu[name] = 100.0 * used / elapsed if elapsed > 0 else 0.0
                rss[name] = mem
            d_total = host[2] - last_host[2]
            busy = 100.0 * (host[0] - last_host[0]) / d_total if d_total else 0.0
            steal = 100.0 * (host[1] - last_host[1]) / d_total if d_total else 0.0
            last_t, last_host = now, host
            self.samples.append(Sample(time.time(), cpu, rss, busy, steal))


def others_cpu(seconds: float, exclude: list[int]) -> float:
    """% of one core the machine spent over `seconds` on anything but the `exclude` processes."""
    cores = os.cpu_count() or 1
    before_host = host_cpu()
    before = {pid: cpu_seconds(pid) or 0.0 for pid in exclude}
    t = time.monotonic()
    time.sleep(seconds)
    elapsed = time.monotonic() - t
    after_host = host_cpu()
    ours = sum((cpu_seconds(pid) or before[pid]) - before[pid] for pid in exclude)
    total = after_host[2] - before_host[2]
    busy = (after_host[0] - before_host[0]) / total * cores * 100 if total else 0.0
    return max(0.0, busy - 100.0 * ours / elapsed)


def wait_for_quiet(threshold: float, patience: float, exclude: list[int], window: float = 3.0) -> float:
    """Wait (at most `patience` s) until other work uses under `threshold` % of a core; the last reading."""
    deadline = time.monotonic() + patience
    while True:
        load = others_cpu(window, exclude)
        if load < threshold or time.monotonic() >= deadline:
            return load
