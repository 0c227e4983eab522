"""Events as ACLED-style rows: CSV (RFC 4180), pandas, GeoPandas; `geomap extract --format csv`."""
import csv
import io
from datetime import date

import pytest
from click.testing import CliRunner

from geomap.maps.tables import (
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    event_rows,
    events_csv,
    geo_precision,
    place_rows,
    to_dataframe,
    to_geodataframe,
)
from geomap.model import Document, Event, Extraction, Place

TEXT = ('Refugees, "hundreds" of them, crossed from Badakhshan into Tajikistan at Sher Khan Bandar.\n'
        "Later the Taliban seized Kunduz, officials said.")


def place(name, lat, lon, feature, country, gid, *, occurrence=0, **kw):
    start = TEXT.index(name) if not occurrence else TEXT.index(name, TEXT.index(name) + 1)
    return Place(name, start, start + len(name), lat, lon, feature, country, gid, 0.9, **kw)


BADAKHSHAN = place("Badakhshan", 37.0357, 71.4412, "adm1", "AF", "geonames:1147745", admin1="AF.01")
TAJIKISTAN = place("Tajikistan", 39.0, 71.0, "country", "TJ", "geonames:1220409")
SHER_KHAN = place("Sher Khan Bandar", 37.19443, 68.57721, "crossing", "AF", "geomap:crossing:sher-khan-bandar",
                  admin1="AF.24")
KUNDUZ = place("Kunduz", 36.72895, 68.857, "city", "AF", "geonames:1135689", admin1="AF.24", place_name="Kunduz")
FIRST, SECOND = TEXT.split("\n")


def extraction(published=date(2021, 7, 14), crossing_date="2021-07-12", url=None):
    crossing = Event("crossing", ("Badakhshan", "Tajikistan"), FIRST, 0, len(FIRST), places=(BADAKHSHAN, TAJIKISTAN),
                     via="Sher Khan Bandar", via_place=SHER_KHAN, actor="Refugees", quantity=300.0, unit="people",
                     date=crossing_date, document="doc-1")
    control = Event("control", ("Kunduz",), SECOND, len(FIRST) + 1, len(TEXT), places=(KUNDUZ,), actor="Taliban",
                    document="doc-1")
    doc = Document("doc-1", TEXT, published=published, url=url)
    return Extraction(doc, (BADAKHSHAN, TAJIKISTAN, SHER_KHAN, KUNDUZ), (crossing, control))


def test_a_crossing_is_one_row_with_origin_destination_and_acled_names(small_gaz):
    crossing, control = event_rows(extraction(), gazetteer=small_gaz)
    assert tuple(crossing) == EVENT_COLUMNS
    assert crossing["event_type"] == "crossing" and crossing["actor1"] == "Refugees"
    assert (crossing["origin"], crossing["destination"], crossing["via"]) == ("Badakhshan", "Tajikistan", "Sher Khan Bandar")
    assert (crossing["origin_latitude"], crossing["destination_longitude"]) == (37.0357, 71.0)
    # Located at the border crossing the text names: a point, in Kunduz province.
    assert (crossing["location"], crossing["latitude"], crossing["longitude"]) == ("Sher Khan Bandar", 37.19443, 68.57721)
    assert (crossing["iso"], crossing["country"], crossing["admin1"]) == ("AF", "Afghanistan", "Kunduz")
    assert crossing["geo_precision"] == 1
    assert (crossing["event_date"], crossing["year"], crossing["time_precision"]) == ("2021-07-12", 2021, 1)
    assert crossing["quantity"] == 300 and isinstance(crossing["quantity"], int)
    assert crossing["notes"] == FIRST and crossing["document"] == "doc-1"
    assert crossing["event_id_cnty"] == "AFG-doc-1-1" and control["event_id_cnty"] == "AFG-doc-1-2"
    assert control["origin"] is None and control["location"] == "Kunduz" and control["admin1"] == "Kunduz"


def test_crossing_without_a_named_crossing_is_placed_at_its_destination(small_gaz):
    x = extraction()
    plain = Event("crossing", ("Badakhshan", "Tajikistan"), FIRST, 0, len(FIRST), places=(BADAKHSHAN, TAJIKISTAN))
    (row,) = event_rows(Extraction(x.document, x.places, (plain,)), gazetteer=small_gaz)
    assert (row["location"], row["iso"], row["country"], row["admin1"]) == ("Tajikistan", "TJ", "Tajikistan", None)
    assert row["geo_precision"] == 3 and row["event_id_cnty"] == "TJK-doc-1-1"


def test_undated_events_take_the_publication_day_with_lower_time_precision(small_gaz):
    _, control = event_rows(extraction(), gazetteer=small_gaz)
    assert (control["event_date"], control["time_precision"]) == ("2021-07-14", 2)
    _, control = event_rows(extraction(published=None), gazetteer=small_gaz)
    assert (control["event_date"], control["year"], control["time_precision"]) == (None, None, None)


def test_source_is_the_url_when_the_document_has_one(small_gaz):
    rows = list(event_rows(extraction(url="https://example.org/a"), gazetteer=small_gaz))
    assert {r["source"] for r in rows} == {"https://example.org/a"}


@pytest.mark.parametrize("feature, kw, expected", [
    ("town", {}, 1), ("crossing", {}, 1), ("base", {}, 1), ("adm2", {}, 2), ("water", {}, 2),
    ("adm1", {}, 3), ("country", {}, 3), ("region", {}, 3), ("town", {"approximate": True}, 3),
])
def test_geo_precision_follows_acled(feature, kw, expected):
    assert geo_precision(Place("X", 0, 1, 1.0, 2.0, feature, "AF", "g:1", 0.5, **kw)) == expected


def test_csv_is_rfc_4180_and_reads_back_with_the_csv_module(small_gaz):
    text = events_csv(extraction(), gazetteer=small_gaz)
    assert text.startswith(",".join(EVENT_COLUMNS) + "\r\n")
    assert text.count("\r\n") == 3 and text.endswith("\r\n")  # header and two rows, CRLF line ends
    assert '"Refugees, ""hundreds"" of them,' in text  # commas and quotes inside a field: quoted, doubled
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["notes"] for r in rows] == [FIRST, SECOND]
    assert rows[0]["quantity"] == "300" and rows[1]["quantity"] == ""
    assert float(rows[0]["latitude"]) == 37.19443


def test_notes_with_line_breaks_stay_in_one_field(small_gaz):
    x = extraction()
    two_lines = Event("control", ("Kunduz",), "Later\r\nthe Taliban", 0, 20, places=(KUNDUZ,))
    text = events_csv(Extraction(x.document, x.places, (two_lines,)), gazetteer=small_gaz)
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["notes"] == "Later\r\nthe Taliban"


def test_csv_reads_back_with_pandas(small_gaz):
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(io.StringIO(events_csv(extraction(), gazetteer=small_gaz)))
    assert tuple(df.columns) == EVENT_COLUMNS
    assert list(df["notes"]) == [FIRST, SECOND]
    assert df["latitude"].dtype == "float64" and df.loc[0, "origin"] == "Badakhshan"


def test_dataframe_types_and_places_table(small_gaz):
    pd = pytest.importorskip("pandas")
    df = to_dataframe([extraction()], gazetteer=small_gaz)
    assert tuple(df.columns) == EVENT_COLUMNS and len(df) == 2
    assert str(df["event_date"].dtype).startswith("datetime64")
    assert df.loc[0, "event_date"] == pd.Timestamp("2021-07-12")
    assert str(df["geo_precision"].dtype) == "Int64" and df["quantity"].isna().tolist() == [False, True]
    places = to_dataframe(extraction(), table="places")
    assert tuple(places.columns) == PLACE_COLUMNS
    assert places["name"].tolist() == ["Badakhshan", "Tajikistan", "Sher Khan Bandar", "Kunduz"]
    assert places["demonym"].dtype == bool and places["lat"].dtype == "float64"
    with pytest.raises(ValueError, match="events' or 'places'"):
        to_dataframe(extraction(), table="mentions")


def test_geodataframe_geometry_comes_from_geo_interface(small_gaz):
    pytest.importorskip("geopandas")
    gdf = to_geodataframe(extraction(), gazetteer=small_gaz)
    assert gdf.crs.to_epsg() == 4326
    line, point = gdf.geometry
    assert line.geom_type == "LineString"
    assert list(line.coords) == [(71.4412, 37.0357), (68.57721, 37.19443), (71.0, 39.0)]  # origin, via, destination
    assert (point.geom_type, point.x, point.y) == ("Point", 68.857, 36.72895)
    places = to_geodataframe(extraction(), table="places")
    assert [g.geom_type for g in places.geometry] == ["Point"] * 4


def test_extraction_outputs_delegate_to_the_output_modules(small_gaz):
    from geomap.maps.geojson import feature_collection

    x = extraction()
    assert x.to_records(gazetteer=small_gaz) == list(event_rows(x, gazetteer=small_gaz))
    assert x.to_geojson() == feature_collection([x]) == x.__geo_interface__
    assert [r["name"] for r in place_rows(x)] == [p.name for p in x.places]


def test_rows_refuse_what_is_not_an_extraction():
    with pytest.raises(TypeError, match="Extraction"):
        list(event_rows([{"id": "not an extraction"}]))


# ----------------------------------------------------------------------- through the CLI
@pytest.mark.data
def test_extract_format_csv_loads_with_csv_and_pandas(cache_dir, tmp_path):
    pd = pytest.importorskip("pandas")
    article = tmp_path / "border-2021-07-14.txt"
    article.write_text("About 300 Afghan soldiers crossed from Badakhshan into Tajikistan on Monday, "
                       "officials said.\nTalks on the crisis were held in Dushanbe on Tuesday.", encoding="utf-8")
    result = CliRunner().invoke(main_cli(), ["extract", str(article), "--format", "csv", "-o", str(tmp_path / "e.csv")])
    assert result.exit_code == 0, result.output
    raw = (tmp_path / "e.csv").read_bytes().decode("utf-8")
    with open(tmp_path / "e.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == EVENT_COLUMNS and raw.endswith("\r\n")
    crossing = next(r for r in rows if r["event_type"] == "crossing")
    assert (crossing["origin"], crossing["destination"]) == ("Badakhshan", "Tajikistan")
    assert crossing["event_date"] == "2021-07-12" and crossing["document"] == "border-2021-07-14"
    df = pd.read_csv(tmp_path / "e.csv")
    assert {"event_id_cnty", "event_date", "event_type", "actor1", "country", "iso", "admin1", "admin2", "location",
            "latitude", "longitude", "geo_precision", "source", "notes", "quantity", "origin", "destination", "via",
            "document"} <= set(df.columns)
    assert len(df) == len(rows) and df["latitude"].notna().all()


@pytest.mark.data
def test_extract_csv_streams_and_reports_bad_inputs(cache_dir, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Taliban fighters seized Kunduz on Sunday.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  ", encoding="utf-8")
    result = CliRunner().invoke(main_cli(), ["extract", str(empty), str(good), "--format", "csv"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["document"] for r in rows] == ["good"] * len(rows) and rows


def test_csv_without_events_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main_cli(), ["extract", str(tmp_path / "x.txt"), "--format", "csv", "--no-events"])
    assert result.exit_code == 2 and "--no-events" in result.output


def main_cli():
    from geomap.cli import main

    return main
