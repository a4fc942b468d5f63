"""Capacity measured on the wire and out of process: `python -m bench.load --calls 10,20,30 [--rate 10]`.

For each N: a fresh bot (`python -m bot.cli --home HOME run`, its own process, data in a temporary folder,
TTS cache warmed with the flow's prompts), `tcpdump -i lo` writing a pcap, and N callers, each its own
`sipp` process started at `--rate` calls per second. Each caller dials the extension (200: the Korean
survey) as `clearcall-test` and streams, with sipp's `rtp_stream` (PCMU, payload type 0), line noise and
then espeak-ng speech ("네", or "전화 하지 마세요" for the `--optout-share` of callers) once the bot's
opening and question are over (rendered lengths + `--margin`). The bot's and Asterisk's CPU and memory are
sampled from /proc every 0.5 s. After the run the bot gets SIGTERM and the pcap is analysed. The callers
stand in for phones on other machines: they and the bench run at the lowest CPU weight (`priority.py`,
`--callers-nice`), the bot at full weight.

Everything is read from the packets (capture timestamps):
- answer: the 200 OK to the caller's INVITE.
- loud packet: a PCMU packet whose decoded RMS exceeds 300 (16-bit scale). Silence is 0, the callers'
  line noise ~30, speech 1000-8000.
- caller speech: the caller's first to last loud packet; its end is the capture time of the last one.
- prompt: a render of the bot's TTS found in the Asterisk->caller stream by matching 20 ms frame levels
  (dB) against the render after 8 kHz µ-law: the first second aligned at the next loud packet, the last
  second searched where the render should end. A prompt whose last second never appears was cut.
- bot speech onset: capture time of the prompt's first loud packet.
- answer -> onset: the opening's onset minus the answer.
- reply: end of the caller's "네" -> onset of the first prompt that starts after the caller started
  speaking (it must be the expected closing line). Answering callers only.
- opt-out -> BYE: end of the caller's opt-out phrase -> the BYE Asterisk sends to the caller.
- prompt stretch: a complete prompt's wire duration (first to last packet of its frames, + 20 ms) over
  its rendered duration (frames x 20 ms). 1.000 = played in real time.
- gap: consecutive packets of a complete prompt more than 60 ms apart. The bot sends a frame every 20 ms
  during its pauses too, so espeak's pauses are never gaps (they are inside the render and the match);
  a gap is a stall somewhere between the bot's pacer and the wire. "ctl" counts the same in the caller's
  (sipp's) stream over the same spans: a control for stalls of the whole machine, not of the bot (with
  the callers stepped back it mostly counts their own waits for the CPU).
- failed call: anything short of the script (answered, opening, question, the caller's words on the wire,
  the expected reply, the bot's BYE, sipp exit 0), with the first thing that went wrong as its reason.
  A call the bot refused with busy (SIP 486, its admission control) is counted as busy instead.
  Every call placed is measured, busy or failed; percentiles come from the measured calls.
- CPU: percent of one core (user + system) per 0.5 s sample, averaged over the load window (first call
  started .. last call ended); memory: RSS (procs.py says why not PSS).

Output (in --out, default .local/bench/load-TIME/): per N a pcap, the per-call CSV and per-prompt CSV
next to it, the bot's log and database, the run record (JSON, for `--reanalyse`), and summary.txt.
No imports from tests/: the caller scenario and codec live here.
"""
