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

__all__ = ["fold_name", "skeleton", "name_variants", "index_keys", "with_variants", "VARIANT_MARK",
           "ARABIC_NAME_COUNTRIES"]

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


# Countries whose place names carry Arabic articles and spellings ("Al Fallujah", "Tall Abyad").
ARABIC_NAME_COUNTRIES = frozenset(
    "AE BH DJ DZ EG EH IL IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TD TN YE".split())
_ARABIC_ARTICLES = ("al", "el", "as", "ash", "ad", "adh", "an", "ar", "at", "ath", "az")
# Water bodies named "Strait of X" that news also calls "X Strait".
_WATER_HEADS = {"strait", "straits", "gulf", "sea", "bay"}
# Transliterations of a name's first word that news writes differently from GeoNames.
_ARABIC_FIRST_WORDS = {"tall": ("tal", "tel", "tell"), "dayr": ("deir",), "ayn": ("ain",), "jabal": ("jebel",),
                       "bayt": ("beit",), "kafr": ("kfar",), "umm": ("um",), "khirbat": ("khirbet",)}


def name_variants(key: str, country: str | None = None) -> list[str]:
    """Other keys a folded name is commonly written as ("saint louis" -> "st louis"); in
    water bodies in both word orders ("strait of malacca" -> "malacca strait"); in countries
    of :data:`ARABIC_NAME_COUNTRIES`, also without the article ("al fallujah" -> "fallujah",
    written "al-Fallujah" or "Fallujah"), with the news spelling of the first word ("tall
    abyad" -> "tal abyad") and without the final h ("shabwah" -> "shabwa").

    Examples
    --------
    >>> name_variants("saint petersburg")
    ['st petersburg']
    >>> name_variants("the hague")
    ['hague']
    >>> name_variants("al fallujah", "IQ")[0]
    'fallujah'
    >>> name_variants("tall abyad", "SY")
    ['tal abyad', 'tel abyad', 'tell abyad']
    >>> name_variants("al fallujah", "IQ")[-2:]
    ['al falluja', 'falluja']
    >>> name_variants("strait of malacca")
    ['malacca strait']
    """
    out = []
    for long, short in _PREFIX_VARIANTS:
        if key.startswith(long):
            out.append(short + key[len(long):])
        elif key.startswith(short):
            out.append(long + key[len(short):])
    if key.startswith("the ") and len(key) > 6:
        out.append(key[4:])
    first, _, rest = key.partition(" ")
    if first in _WATER_HEADS and rest.startswith("of ") and len(rest) > 5:
        out.append("%s %s" % (rest[3:], first))  # "strait of malacca" -> "malacca strait"
    if country in ARABIC_NAME_COUNTRIES:
        if first in _ARABIC_ARTICLES and len(rest) >= 4:
            out.append(rest)
        out.extend("%s %s" % (alt, rest) for alt in _ARABIC_FIRST_WORDS.get(first, ()) if rest)
        if key.endswith("ah") and len(key) > 5:  # the feminine ending: "shabwah" -> "shabwa"
            out.extend(v[:-1] for v in [key, *out] if v.endswith("ah"))
    return list(dict.fromkeys(out))


def index_keys(name: str, alt_names: list[str] | tuple[str, ...] = (),
               country: str | None = None) -> tuple[list[str], list[str]]:
    """The lookup keys of a place and, aligned with them, their skeletons.

    The first key is the primary name's; derived variants (:func:`name_variants`, which
    reads the place's ``country``) carry :data:`VARIANT_MARK`; keys shorter than four
    characters get an empty skeleton (too ambiguous to index).

    Examples
    --------
    >>> index_keys("Saint-Louis", ["St. Louis", "Saint Louis", "SL"])
    (['saint louis', 'sl', '~st louis'], ['sntls', '', 'stls'])
    """
    keys: list[str] = []
    for n in (name, *alt_names):
        key = fold_name(n)
        if key and key not in keys:
            keys.append(key)
    return with_variants(keys, country)


def with_variants(keys: list[str], country: str | None = None) -> tuple[list[str], list[str]]:
    """Folded keys (primary first) followed by their variants, and the skeletons of all.

    An alternate name that is a variant of the primary name ("fallujah" of "al fallujah")
    is listed as a variant: the place's own name in another spelling, not an alias.
    """
    primary = set(name_variants(keys[0], country)) if keys else set()
    keys = [k for i, k in enumerate(keys) if i == 0 or k not in primary]
    seen = set(keys)
    for key in list(keys):
        for v in name_variants(key, country):
            if v not in seen:
                seen.add(v)
                keys.append(VARIANT_MARK + v)
    skels = [skeleton(k.lstrip(VARIANT_MARK)) if len(k.lstrip(VARIANT_MARK)) >= 4 else "" for k in keys]
    return keys, skels
