import sys, inspect
import bot.compliance.optout as o
from bot.compliance.optout import OptOutDetector as D, _search, _canonical, _CONTEXT, _CONTEXT_COMPACT, _word_starts
from bot.core.text import normalize_text
from tests.unit.test_optout_corpus import partials
lang=sys.argv[1]
d=D(lang)
def rules_hit(text, final=True):
    norm = _canonical(d.language, normalize_text(text))
    if d._compact:
        subject = norm.replace(" ", ""); starts = frozenset(_word_starts(norm)) if d._word_start else frozenset()
    else: subject, starts = norm, None
    w = _CONTEXT_COMPACT if d._compact else _CONTEXT
    return [(i, r.pattern.pattern[:70]) for i,r in enumerate(d._rules) if not (r.whole and not final) and _search(r, subject, starts, final, w)]
for arg in sys.argv[2:]:
    print(arg, '->', rules_hit(arg))
    for p in partials(lang,arg):
        h=rules_hit(p,False)
        if h: print('   partial', p, h); break
