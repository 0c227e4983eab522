"""Name keys: how place names are folded so that spelling variants meet.

Two keys are used. :func:`fold_name` is exact up to case, diacritics, punctuation and
hyphenation ("Mazār-e Sharīf" and "Mazar-e-Sharif" give the same key). :func:`skeleton`
is looser and only a candidate generator: it also forgives vowel and common
transliteration differences ("Shir Khan Bandar" / "Sherkhan Bandar", "Kyiv" / "Kiev").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold_name", "skeleton", "name_variants", "index_keys", "VARIANT_MARK"]

_DROP = str.maketrans("", "", "'’‘`ʻʼ′.")
_SPACE = re.compile(r"[^0-9a-z]+")
_SKELETON_RULES = [
    ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("sch", "sh"),
    ("tch", "ch"), ("ck", "k"), ("q", "k"), ("c", "k"), ("w", "v"), ("x", "ks"),
]
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"(.)\1+")
VARIANT_MARK = "~"  # marks a derived key ("st louis" for "saint louis") in a key list
_PREFIX_VARIANTS = [
    ("saint ", "st "), ("sainte ", "ste "), ("fort ", "ft "), ("mount ", "mt "),
    ("port ", "pt "),
]


@lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Fold a name to its lookup key.

    Examples
    --------
    >>> fold_name("Mazār-e Sharīf")
    'mazar e sharif'
    >>> fold_name("  Côte d’Ivoire ")
    'cote divoire'
    >>> fold_name("U.S.")
    'us'
    """
    text = name
    if not text.isascii():
        from anyascii import anyascii

        text = name.translate(_DROP)  # before anyascii turns ’ into '
        text = anyascii(unicodedata.normalize("NFC", text))
    text = text.lower().translate(_DROP)
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """Reduce a folded key to a transliteration-blind consonant skeleton.

    Examples
    --------
    >>> skeleton(fold_name("Shir Khan Bandar")) == skeleton(fold_name("Sherkhan Bandar"))
    True
    >>> skeleton("mazar i sharif") == skeleton("mazari sharif")
    True
    >>> skeleton("kyiv") == skeleton("kiev")
    True
    """
    text = key.replace(" ", "")
    if not text:
        return ""
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    head, rest = text[0], text[1:]
    rest = _VOWELS.sub("", rest)
    return _DOUBLE.sub(r"\1", head + rest)


def name_variants(key: str) -> list[str]:
    """Other keys a folded name is commonly written as ("saint louis" -> "st louis").

    Examples
    --------
    >>> name_variants("saint petersburg")
    ['st petersburg']
    >>> name_variants("the hague")
    ['hague']
    """
    out = []
    for long, short in _PREFIX_VARIANTS:
        if key.startswith(long):
            out.append(short + key[len(long):])
        elif key.startswith(short):
            out.append(long + key[len(short):])
    if key.startswith("the ") and len(key) > 6:
        out.append(key[4:])
    return out


def index_keys(name: str, alt_names: list[str] | tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """The lookup keys of a place and, aligned with them, their skeletons.

    The first key is the primary name's; derived variants carry :data:`VARIANT_MARK`;
    keys shorter than four characters get an empty skeleton (too ambiguous to index).

    Examples
    --------
    >>> index_keys("Saint-Louis", ["St. Louis", "Saint Louis", "SL"])
    (['saint louis', 'st louis', 'sl'], ['sntls', 'stls', ''])
    """
    keys: list[str] = []
    seen: set[str] = set()
    for n in (name, *alt_names):
        key = fold_name(n)
        if key and key not in seen:
            seen.add(key)
            keys.append(key)
    for key in list(keys):
        for v in name_variants(key):
            if v not in seen:
                seen.add(v)
                keys.append(VARIANT_MARK + v)
    skels = [skeleton(k.lstrip(VARIANT_MARK)) if len(k.lstrip(VARIANT_MARK)) >= 4 else "" for k in keys]
    return keys, skels
