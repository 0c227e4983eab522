import io
import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.errors import InputError, InputUnreadable
from geomap.ingest import document_from_text, html_to_text, read_documents, read_path, read_stream


def read_all(*paths):
    return list(read_documents([str(p) for p in paths]))


def test_text_file_id_and_date_from_name(tmp_path):
    p = tmp_path / "afghan-border-2021-07-14.txt"
    p.write_text("Refugees reached Tajikistan.", encoding="utf-8")
    (doc,) = read_all(p)
    assert doc.id == "afghan-border-2021-07-14" and doc.published == date(2021, 7, 14)
    assert doc.text == "Refugees reached Tajikistan."


def test_text_is_kept_verbatim(tmp_path):
    text = "Line one\r\nLine two\x85 with odd \x07 characters\n"
    p = tmp_path / "odd.txt"
    p.write_bytes(text.encode("utf-8"))
    assert read_all(p)[0].text == text


def test_markdown_front_matter(tmp_path):
    p = tmp_path / "note.md"
    p.write_text("---\ntitle: Border news\ndate: 2022-09-16\n---\nClashes in Batken.", encoding="utf-8")
    (doc,) = read_all(p)
    assert doc.text == "Clashes in Batken." and doc.title == "Border news" and doc.published == date(2022, 9, 16)


def test_html_visible_text_only(tmp_path):
    html = """<html><head><title>Crossing news</title><meta property="article:published_time"
    content="2023-07-31T10:00:00Z"><script>var x = "Kabul";</script><style>p{}</style></head>
    <body><nav>Home | World</nav><article><h1>Migrants</h1><p>Migrants crossed the
    Darien Gap into Panama.</p><p>More &amp; more came.</p></article><footer>(c) Kenya</footer></body></html>"""
    text, title, published = html_to_text(html)
    assert "Darien Gap into Panama." in text and "More & more came." in text
    assert "Kabul" not in text and "Kenya" not in text and "Home" not in text
    assert title == "Crossing news" and published == "2023-07-31"
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    (doc,) = read_all(p)
    assert doc.published == date(2023, 7, 31) and doc.title == "Crossing news"


def test_jsonl_documents_and_a_broken_line(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text(
        json.dumps({"id": "a", "text": "Kunduz", "published": "2021-07-01"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "text": ""}) + "\n"
        + json.dumps({"text": "no id here"}) + "\n"
        + json.dumps({"id": "a", "text": "duplicate"}) + "\n"
        + json.dumps(["not", "an", "object"]) + "\n",
        encoding="utf-8",
    )
    items = read_all(p)
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "InputError", "Document", "InputError", "InputError"]
    assert items[0].published == date(2021, 7, 1)
    assert str(items[1]).startswith(str(p) + ":2:") and "not JSON" in str(items[1])
    assert "empty" in str(items[2]) and items[3].id == "batch-4"
    assert "duplicate id" in str(items[4])


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty"), (b"   \n\t ", "empty"), (b"\x00\x01\x02binary", "binary"), (b"caf\xe9 au lait", "UTF-8")],
    ids=["empty", "blank", "binary", "latin1"],
)
def test_bad_files_are_named(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    (err,) = read_all(p)
    assert isinstance(err, InputError) and message in str(err) and str(p) in str(err)


def test_missing_file_and_directory(tmp_path):
    missing, folder = read_all(tmp_path / "nope.txt", tmp_path)
    assert isinstance(missing, InputUnreadable) and "nope.txt" in str(missing)
    assert isinstance(folder, InputUnreadable) and "directory" in str(folder)


def test_too_large_is_an_error_and_the_rest_still_reads(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Kabul is a city. " * 300_000, encoding="utf-8")  # about 5 MB
    ok = tmp_path / "ok.txt"
    ok.write_text("Herat.", encoding="utf-8")
    err, doc = read_all(big, ok)
    assert isinstance(err, InputError) and "too large" in str(err) and "big.txt" in str(err)
    assert doc.text == "Herat."


def test_stdin():
    (doc,) = read_stream(io.BytesIO("Troops fled to Tajikistan.".encode()))
    assert doc.id == "stdin" and doc.text.startswith("Troops")


def test_bad_published_date():
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        document_from_text("text", "x", published="14/07/2021")


def test_utf8_bom_is_not_part_of_the_text(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffKabul".encode("utf-8"))
    assert read_all(p)[0].text == "Kabul"


@given(st.binary(max_size=200))
def test_any_bytes_give_a_document_or_a_named_error(tmp_path_factory, data):
    p = tmp_path_factory.mktemp("fuzz") / "x.jsonl"
    p.write_bytes(data)
    for item in read_path(p):
        assert item.__class__.__name__ in ("Document", "InputError") or isinstance(item, InputError)
        if isinstance(item, InputError):
            assert "x.jsonl" in str(item)


def test_jsonl_title_and_url_must_be_text(tmp_path):
    p = tmp_path / "t.jsonl"
    p.write_text('{"id": "a", "text": "Talks in Moscow.", "title": 123, "url": 42}\n'
                 '{"id": "b", "text": "Talks in Baku.", "title": ["x"]}\n'
                 '{"id": "c", "text": "Talks in Doha."}\n', encoding="utf-8")
    items = list(read_path(p))
    assert items[0].title == "123" and items[0].url == "42"
    assert isinstance(items[1], InputError) and "title must be a string" in str(items[1]) and items[1].line == 2
    assert items[2].id == "c"


def test_html_page_dates_that_are_not_days_are_left_aside(tmp_path):
    p = tmp_path / "page.html"
    p.write_text('<html><head><meta name="date" content="July 14, 2021"></head><body>'
                 '<time datetime="2021">2021</time><time datetime="2021-07-14T10:00">today</time>'
                 '<p>Refugees crossed into Tajikistan.</p></body></html>', encoding="utf-8")
    (doc,) = read_path(p)
    assert doc.published == date(2021, 7, 14) and "Tajikistan" in doc.text
    p.write_text('<html><head><meta name="date" content="soon"></head><body><p>Talks in Baku.</p></body></html>',
                 encoding="utf-8")
    (doc,) = read_path(p)
    assert doc.published is None


def test_html_headline_without_the_site_name(tmp_path):
    page = ("<html><head><title>Refugees cross the Panj into Tajikistan | The Border Times</title></head><body>"
            "<header><h1>The Border Times</h1></header><p>About 300 people crossed on Monday.</p></body></html>")
    assert html_to_text(page)[1] == "Refugees cross the Panj into Tajikistan"
    page = ("<html><head><title>The Border Times</title></head><body><header><h1>The Border Times</h1></header>"
            "<article><header><h1>Taliban take two districts in Takhar</h1></header><p>Fighting went on.</p>"
            "</article></body></html>")
    assert html_to_text(page)[1] == "Taliban take two districts in Takhar"  # the article's <h1>
    og = '<html><head><meta property="og:title" content="Talks open in Doha"><title>x</title></head><body>Text.</body></html>'
    assert html_to_text(og)[1] == "Talks open in Doha"


@pytest.mark.parametrize("text, title", [
    ("Thousands flee shelling in Kharkiv\n\nRussian forces shelled the city overnight.", "Thousands flee shelling in Kharkiv"),
    ("Thousands flee shelling in Kharkiv\nRussian forces shelled the city overnight.", "Thousands flee shelling in Kharkiv"),
    ("# Ceasefire talks resume in Cairo\n\nNegotiators met on Sunday.", "Ceasefire talks resume in Cairo"),
    ("Russian forces shelled Kharkiv overnight, officials said.\nMore than 3,000 people left.", None),
    ("By Jane Doe, Kharkiv correspondent\n\nRussian forces shelled the city.", None),
    ("Kharkiv\n\nRussian forces shelled the city overnight.", None),
    ("Russian forces shelled Kharkiv overnight", None),
], ids=["blank line", "no blank line", "markdown heading", "a sentence", "a byline", "one word", "one line"])
def test_text_headline(tmp_path, text, title):
    p = tmp_path / "article.txt"
    p.write_text(text, encoding="utf-8")
    (doc,) = read_all(p)
    assert doc.title == title and doc.text == text  # the text itself is kept as it is
