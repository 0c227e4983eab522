"""Tables geomap's event reader derives from the PETRARCH2 / CAMEO dictionaries.

The dictionaries come from the public repository openeventdata/petrarch2 (MIT licence,
Open Event Data Alliance), directory ``petrarch2/data/dictionaries/``. This script turns
three of them into the small tables shipped in ``geomap/data/`` so each can be rebuilt
and checked against its source; none of PETRARCH's code is used::

    python lexicon/petrarch.py verbs  CAMEO.2.0.txt                > geomap/data/cameo_verbs.tsv
    python lexicon/petrarch.py agents Phoenix.agents.txt           > geomap/data/agents.tsv
    python lexicon/petrarch.py groups Phoenix.MilNonState.actors.txt > geomap/data/armed_groups.tsv
    python lexicon/petrarch.py organisations Phoenix.International.actors.txt > geomap/data/civil_organisations.tsv

- ``verbs``: the verb synonym blocks (``--- NAME [code] ---``) whose CAMEO code is one
  geomap's kinds use (consult 04x, de-escalate 087, force posture 15x, seize/expel 171/174,
  assault 18x, fight 19x, mass violence 20x), one row per verb with its irregular forms (separated by "|").
- ``agents``: generic agent nouns of the classes military (MIL), rebels (REB), irregular
  armed forces (UAF), police (COP), refugees (REF), civilians (CVL) and government (GOV).
- ``groups``: named armed non-state groups with their alternative names (``+`` lines).
- ``organisations``: intergovernmental and non-governmental organisations (codes ``IGO*``,
  ``NGO*`` with no date range: the bodies, not their office holders), every name and alias.
"""
from __future__ import annotations

import re
import sys

KEEP_CODES = re.compile(r"^(04[0-6]|087\d?|15\d|17[14]|18\d+|19\d|20\d)$")
AGENT_CLASSES = {"MIL", "REB", "UAF", "COP", "REF", "CVL", "GOV"}
_HEAD = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")


def _words(token: str) -> str:
    return token.lstrip("+").rstrip("_").replace("_", " ").lower().strip()


def verbs(lines: list[str]) -> list[tuple[str, ...]]:
    """(block, code, lemma, irregular forms) for the kept CAMEO codes."""
    rows, block, code, in_patterns = [], None, None, False
    for raw in lines:
        if raw.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        line = raw.split("#", 1)[0].rstrip()
        head = _HEAD.match(line)
        if head:
            block, code = head.group(1), head.group(2).split(":")[0].strip()
            continue
        if not in_patterns or block is None or not line.strip() or line.lstrip().startswith("-"):
            continue
        own = re.search(r"\[([^\]]*)\]", line)
        forms = re.search(r"\{([^}]*)\}", line)
        word = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
        verb_code = own.group(1).split(":")[0].strip() if own else code
        if word and verb_code and KEEP_CODES.match(verb_code):
            irregular = "|".join(_words(f) for f in (forms.group(1).split() if forms else []))
            rows.append((block, verb_code, _words(word[0]), irregular))
    return rows


def agents(lines: list[str]) -> list[tuple[str, ...]]:
    """(noun, class) for the kept agent classes; ``!PERSON!`` templates are left out."""
    rows = []
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^([A-Z][A-Z0-9_\-']*)\s*(\{[^}]*\})?\s*\[~(\w{3})", line)
        if m and m.group(3) in AGENT_CLASSES:
            for form in [m.group(1), *(m.group(2) or "{}").strip("{}").split()]:
                rows.append((_words(form), m.group(3)))
    return rows


def groups(lines: list[str]) -> list[tuple[str, ...]]:
    """(name, alternative name, country code) of named armed non-state groups."""
    rows, name, country = [], None, ""
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        code = re.search(r"\[([A-Z]{3})", line)
        if not line.startswith(("+", " ", "\t")):
            name = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", line).split()[0] if line.split() else None
            country = code.group(1) if code else ""
            if name:
                rows.append((_words(name), _words(name), country))
        elif name and line.lstrip().startswith("+"):
            alias = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", line.strip()).split()
            if alias:
                rows.append((_words(name), _words(alias[0]), country))
    return rows


def organisations(lines: list[str]) -> list[tuple[str, ...]]:
    """(name, code) of the IGO and NGO entries (an entry: a name line, its ``+`` aliases
    and the code lines after them)."""
    rows: list[tuple[str, ...]] = []
    names: list[str] = []
    codes: list[str] = []

    def flush() -> None:
        kept = [c for c in codes if re.fullmatch(r"(IGO|NGO)[A-Z]*", c)]
        if kept:
            rows.extend((n, kept[0]) for n in names if n)

    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        found = [c.strip() for c in re.findall(r"\[([^\]]*)\]", line)]
        body = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", line).strip()
        if not line.startswith(("+", " ", "\t")):
            flush()
            names, codes = [_words(body.split()[0])] if body else [], found
        elif line.lstrip().startswith("+"):
            names.append(_words(body.lstrip("+").split()[0]) if body.lstrip("+").split() else "")
            codes += found
        else:
            codes += found
    flush()
    return rows


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    header, rows = {"verbs": (("block", "code", "lemma", "forms"), verbs),
                    "agents": (("noun", "class"), agents),
                    "groups": (("name", "alias", "country"), groups),
                    "organisations": (("name", "code"), organisations)}[kind]
    print("\t".join(header))
    seen = set()
    for row in rows(lines):
        if row not in seen and all("\t" not in c for c in row):
            seen.add(row)
            print("\t".join(row))


if __name__ == "__main__":
    main()
