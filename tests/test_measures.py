"""Counts and dates, pure functions over tokens."""
from datetime import date

import pytest

from geomap.events.measures import parse_number, read_date, read_quantities


def counts(text, extra=frozenset()):
    return [(q.value, q.unit) for q in read_quantities(text.split(), extra)]


@pytest.mark.parametrize(
    "text, expected",
    [("almost 350 refugees crossed", [(350.0, "refugees")]),
     ("more than 1,000 government troops fled", [(1000.0, "troops")]),
     ("1,037 servicemen arrived", [(1037.0, "servicemen")]),
     ("two babies had died", [(2.0, "babies")]),
     ("Twenty-four bodies were found", [(24.0, "bodies")]),
     ("more than 2 million people fled", [(2000000.0, "people")]),
     ("estimated at 2,500-5,000 people", [(2500.0, "people")]),
     ("hundreds of families left", [(None, "families")]),
     ("tens of thousands of people sought refuge", [(None, "people")])],
    ids=["almost", "more-than", "thousands-sep", "word", "hyphen-word", "million", "range", "vague", "vague-nested"],
)
def test_quantities(text, expected):
    assert counts(text) == expected


def test_demonyms_as_units():
    assert counts("6,000 lebanese and around 15,000 syrians entered", {"lebanese", "syrians"}) == [
        (6000.0, "lebanese"), (15000.0, "syrians")]


@pytest.mark.parametrize("text", ["in 2012 the deal", "some 50km north", "at 00:05 units", "240 miles away"])
def test_not_counts(text):
    assert counts(text) == []


def test_parse_number():
    assert parse_number("1,500.5") == 1500.5 and parse_number("forty-two") == 42 and parse_number("x") is None


PUB = date(2021, 7, 14)  # a Wednesday


@pytest.mark.parametrize(
    "text, expected",
    [("said on Wednesday", "2021-07-14"), ("on Monday , officials", "2021-07-12"),
     ("late Sunday night", "2021-07-11"), ("yesterday", "2021-07-13"), ("earlier today", "2021-07-14"),
     ("On 13 September , at 00:05", "2020-09-13"), ("July 14 , 2021", "2021-07-14"), ("Aug. 7 ,", "2020-08-07"),
     ("on 2021-06-30", "2021-06-30"), ("last week", None), ("earlier this month", None), ("in July", None),
     ("they will meet on Friday", "2021-07-16"), ("next Friday", "2021-07-16"),
     ("Taliban now control the crossing", "2021-07-14"), ("until now no one crossed", None),
     ("by now the camp was full", None), ("On 13 September 2022 , shelling", "2022-09-13"),
     ("September 2022", None)],
)
def test_dates(text, expected):
    assert read_date(text.split(), PUB) == expected


def test_dates_without_a_published_date():
    assert read_date("on Wednesday".split(), None) is None
    assert read_date("July 14 , 2021".split(), None) == "2021-07-14"
