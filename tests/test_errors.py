import inspect

import geopy.exc
import pytest

from geomap import errors

CLASSES = [c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_error_derives_from_geomap_error(cls):
    assert issubclass(cls, errors.GeomapError)
    assert cls.__doc__


@pytest.mark.parametrize(
    "cls, builtin",
    [
        (errors.InputError, ValueError),
        (errors.InputUnreadable, OSError),
        (errors.OutputError, OSError),
        (errors.ConfigurationError, geopy.exc.ConfigurationError),
        (errors.GazetteerUnavailable, geopy.exc.GeocoderUnavailable),
        (errors.GazetteerQueryError, geopy.exc.GeocoderQueryError),
        (errors.RenderError, RuntimeError),
    ],
)
def test_errors_are_also_the_error_a_caller_catches(cls, builtin):
    assert issubclass(cls, builtin)


def test_input_error_names_source_and_line():
    err = errors.InputError("not JSON", source="batch.jsonl", line=3)
    assert str(err) == "batch.jsonl:3: not JSON"
    assert err.source == "batch.jsonl" and err.line == 3
