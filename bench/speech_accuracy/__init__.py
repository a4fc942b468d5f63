"""What the bot makes of what callers say: intent heard against intent meant, per state of a flow.

    .venv/bin/python -m bench.speech_accuracy                              # phone path: the sandbox, up
    .venv/bin/python -m bench.speech_accuracy --offline --voices all       # no Asterisk: G.711 imitated
    .venv/bin/python -m bench.speech_accuracy --offline --parts heldout --json out.json --failures

The corpus (tests/fixtures/speech/<flow>.yaml, the development part, and <flow>.heldout.yaml, the held-out
part) is text: per state, utterances labelled with the intent the caller means (yes / no / opt_out / none)
and a group (in_grammar, refusal, offered, listed, other, noise, ...). The caller's audio is made at run
time with espeak-ng, in several voice variants, speeds and pitches, plus synthetic silence, noise, coughs,
breath, hum and clicks.

Phone path (the default; bench/speech_accuracy/phone.py): each utterance is one real SIP call to the flow's
extension on the sandbox Asterisk, G.711 µ-law on the wire, heard by the bot's own recogniser and answer
rules; the bot's call record says what it decided. Offline (--offline): each utterance goes 8 kHz -> G.711
µ-law -> 16 kHz into the bot's recogniser stream with the state's grammar, and the runner's own decisions.

Printed: a confusion matrix per state (rows: meant; columns: what the bot did), the groups, and the
headline rates for each corpus part and for both: false accept of a positive intent, opt-out recall (for
the phrasings the opening offers, the built-in lists, and others), in-grammar accuracy.
"""
