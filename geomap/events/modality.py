"""A frame's voice and modality, read from the words that govern its trigger: "denied
capturing", "tried to retake", "would", "will", "called on them to stop fighting"."""
from __future__ import annotations

from .clauses import PREPOSITIONS, Chunks, Clause
from .frames import Frame
from .lexicon import EventLexicon, Trigger
from .sentence import Sentence

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "'s", "’s", "'re"})
_DECLARING = frozenset({"declared", "reported", "said", "believed", "considered", "deemed", "thought", "confirmed",
                        "announced", "seen", "feared"})
_PURPOSE_CAUSATIVES = frozenset({"sent", "sending", "led", "leading"})  # "sent troops to retake X": a purpose
_REPEL = frozenset({"repel", "repels", "repelled", "repelling", "repulse", "repulsed", "repulses", "repulsing"})
_KEEP = frozenset({"keep", "keeps", "kept", "keeping", "bar", "bars", "ban", "banned", "deter", "deterred"})


def ch_start_of_host(ch: Chunks, clause: Clause) -> int:
    """Where the clause a coordinated clause shares its subject with begins."""
    return ch.clauses[clause.host].start if clause.host is not None else clause.start


class ModalityReader:
    """Voice and modality: passive or active; asserted, negated, disputed, attempted, hypothetical, future."""

    s: Sentence
    ch: Chunks
    lex: EventLexicon

    def _passive(self, trig: Trigger, start: int, end: int) -> bool:
        low = self.s.low
        if trig.pos == "pattern":
            return trig.words[-1] == "by"  # "held by", "occupied by"
        if trig.pos != "verb" or trig.form != "past":
            return False
        k = start - 1
        while k >= 0 and (low[k] in self.lex.words["adverbs"] or low[k].endswith("ly")):
            k -= 1
        if k >= 1 and low[k] in _DECLARING and low[k - 1] in _BE:
            k -= 1  # "was declared fully liberated", "were reported captured"
        if k >= 0 and low[k] in _BE:
            return True
        after = [w for w in low[end:end + 3] if w not in self.lex.words["adverbs"]]
        return bool(after) and after[0] == "by" and (k < 0 or low[k] in (",", "and") or not self.ch.verbish[k])

    def _modality(self, f: Frame) -> str:
        s, words = self.s, self.lex.words
        low = s.low
        c = f.clause
        window = [low[k] for k in range(max(c.start, f.start - 5), f.start) if not self._month_name(k)]
        group = [w for w in window if w in words["auxiliaries"] or w in words["negation"] or w in words["adverbs"]
                 or w.endswith("n't")]
        if any(w in words["negation"] or w.endswith("n't") for w in group) or (
                f.start > 0 and low[f.start - 1] == "without" and f.trigger.pos != "verb"):
            return "negated"
        if f.trigger.pos != "noun" and any(w in ("not", "never", "n't") or w.endswith("n't")
                                           for w in low[c.start:f.start]):
            return "negated"  # "has not ruled out using force to bring Taiwan under its control"
        if f.start > 0 and low[f.start - 1] in ("no", "never"):
            return "negated"
        head = self._governing_words(f)
        if any(w in words["disputing_verbs"] for w in head) and f.clause.kind in ("complement", "relative"):
            return "disputed"  # "the army dismissed reports that militants had overrun X"
        denials = [w for w in head if w in words["negating_verbs"]]
        if denials and all(w in _REPEL for w in denials):
            if f.spec.kind == "control":
                return "attempt"  # "repelled an attempt to capture X": fighting for X, no capture
        elif denials:
            return "negated"  # (a repelled attack happened)
        if any(w in words["attempt"] for w in head) or (f.start > 0 and low[f.start - 1] in ("attempted", "failed")):
            return "attempt"
        if f.trigger.pos == "noun" and self._subject_noun_with_modal(f):
            return "hypothetical"  # "The capture of Dessie would be a strategic gain"
        if any(w in words["hypothetical"] for w in head):
            return "hypothetical"
        if any(w in ("will", "shall", "'ll") for w in group) or " ".join(window[-3:]).endswith(
                ("is to", "are to", "set to", "due to", "expected to", "going to", "scheduled to")):
            return "future"
        if any(w in ("could", "would", "might", "may", "should", "must") for w in group):
            return "hypothetical"
        if low[c.start] in ("if", "unless", "whether"):
            return "hypothetical"
        return "asserted"

    def _month_name(self, k: int) -> bool:
        """'May' inside a sentence is the month ('in May', '3 May'), not the modal."""
        return k > 0 and self.s.low[k] in self.lex.months and self.s.tokens[k][:1].isupper()

    def _governing_words(self, f: Frame) -> list[str]:
        """The words that take the trigger as their complement: the verb before an
        infinitive ("tried to capture"), the noun before a gerund ("efforts on capturing"),
        the verbs of the clauses it is reported from ("denied reports that ...")."""
        s, words = self.s, self.lex.words
        low = s.low
        out: list[str] = []
        k = f.start - 1
        while k >= f.clause.start and low[k] in words["adverbs"]:
            k -= 1
        if k >= 0 and low[k] == "to":
            j = k - 1
            while j > 0 and (low[j] in words["vague_times"] or low[j] in ("for", "several", "many", "recent")):
                j -= 1  # "trying for weeks to recapture"
            while j >= 0 and (low[j] in words["adverbs"] or low[j] in words["determiners"]
                              or (j > 0 and low[j - 1] in ("forced", "forcing", "prompting", "prompted", "pushed")
                                  and not self.ch.verbish[j])):
                j -= 1
            by = next((t for t in range(j, max(-1, j - 5), -1) if low[t] == "by"), None)
            if by is not None and by > 0 and not any(self.ch.verbish[t] for t in range(by + 1, k)):
                j = by - 1  # "an attempt by the rebels to capture X": the attempt governs it
            gov = low[j] if j >= 0 else ""
            prev2 = " ".join(low[max(0, j - 1):j + 1])
            if gov in words["realizing"] or prev2 in words["realizing"] or self._forced(k):
                return []
            out.append(gov if gov else "want")
            if gov not in words["attempt"] and gov not in words["negating_verbs"] and prev2 not in words["attempt"]:
                out.append("want")  # an infinitive of purpose or intention: not (yet) an event
            return out
        if k >= 0 and (low[k] in words["hypothetical"] or low[k] in words["attempt"] or low[k] in words["negating_verbs"]) \
                and low[k] not in ("could", "would", "may", "might", "should", "must", "if"):
            out.append(low[k])  # "considered setting up camps", "denied capturing", "threatening attacks"
        lo = f.clause.start if f.clause.kind != "coordinate" else ch_start_of_host(self.ch, f.clause)
        for t in range(f.start - 1, max(lo, f.start - 15) - 1, -1):
            if low[t] in (".", ";"):
                break
            if low[t] == "to" and t > 0:
                before = low[max(0, t - 12):t]
                verb = next((low[v] for v in range(t - 1, max(-1, t - 8), -1)
                             if not (s.tokens[v][:1].isupper() or low[v] in words["determiners"])), "")
                if low[t - 1] in words["hypothetical"] or verb in words["hypothetical"] \
                        or any(w in words["directive"] for w in before):
                    out.append("want")  # "called on the army and the RSF to cease hostilities and sit for talks"
                break
        if f.trigger.form == "ing" or f.trigger.pos == "noun":
            prev = low[k] if k >= 0 else ""
            if prev in ("on", "at", "of", "in", "for", "to") and k > 0 and low[k - 1] in words["hypothetical"] | words["attempt"]:
                out.append(low[k - 1])
            if prev == "from" and any(w in words["negating_verbs"] or w in _KEEP for w in low[max(0, k - 6):k]):
                out.append("prevent")  # "to keep the militants from fleeing to X", "stopped them from crossing"
            if prev in words["determiners"] or prev in PREPOSITIONS:
                j = k - 1
                while j >= 0 and (low[j] in words["determiners"] or low[j] in ("a", "an", "the", "their", "its")):
                    j -= 1
                if j >= 0 and (low[j] in words["attempt"] or low[j] in words["negating_verbs"]
                               or low[j] in ("bid", "attempt", "attempts", "efforts", "effort", "drive", "plan", "plans",
                                             "threat", "threats", "goal", "aim", "prepare", "preparing")):
                    out.append(low[j])
        # a clause reported by a negating verb: "dismissed reports militants had overrun X"
        if f.clause.kind in ("complement", "main"):
            for k in range(max(0, f.clause.start - 8), f.clause.start):
                if low[k] in words["negating_verbs"] and low[k] not in _REPEL:
                    out.append(low[k])
        for k in range(f.clause.start, f.start):
            if low[k] in words["negating_verbs"] and f.clause.kind != "relative":
                out.append(low[k])
        return out

    def _subject_noun_with_modal(self, f: Frame) -> bool:
        low = self.s.low
        for k in range(f.end, f.clause.end):
            if low[k] in ("would", "could", "might", "may", "should") and not self._month_name(k):
                return True
            if self.ch.verbish[k]:
                return False
        return False

    def _forced(self, to_index: int) -> bool:
        """'forcing thousands of people to flee', 'forced its president ... to flee'."""
        low = self.s.low
        return any(low[j] in self.lex.words["causatives"] and low[j] not in self.lex.agent_class
                   and low[j] not in _PURPOSE_CAUSATIVES for j in range(max(0, to_index - 10), to_index))
