"""The PropertyList view: case-insensitive lookup and typed values."""

import datetime

import pytest

import clusprop
from conftest import vector


def test_lookup_is_case_insensitive_with_get_and_len():
    view = clusprop.PropertyList(vector("V12.bin"))
    assert len(view) == 1
    assert list(view) == ["Virtual Machine"]
    assert view["virtual machine"] == view["VIRTUAL MACHINE"] == 1
    assert "Virtual machine" in view
    assert view.get("nope", 42) == 42
    assert view.get("virtual MACHINE") == 1
    with pytest.raises(KeyError):
        view["nope"]
    assert view.format_of("Virtual Machine") == "dword"
    assert not view.trailing_end_mark
    assert clusprop.PropertyList(vector("V12b.bin")).trailing_end_mark


def test_typed_values():
    assert clusprop.PropertyList(vector("V2.bin"))["name"] == "ab"
    assert clusprop.PropertyList(vector("V3.bin"))["Nodes"] == ["n1", "n2"]
    assert clusprop.PropertyList(vector("V4.bin"))["Blob"] == b"\xaa\xbb\xcc"
    assert clusprop.PropertyList(vector("V5.bin"))["Max"] == 0x0123456789ABCDEF
    assert clusprop.PropertyList(vector("V6.bin"))["Port"] == 0x1234
    v13 = clusprop.PropertyList(vector("V13.bin"))
    assert (v13["Delta"], v13["Offset"]) == (-1, -2)
    assert clusprop.PropertyList(vector("V15.bin"))["Description"] is None
    assert clusprop.PropertyList(vector("V16.bin")).get("CSDVersion", "absent") == ""


def test_filetime_is_an_aware_utc_datetime():
    when = clusprop.PropertyList(vector("V14.bin"))["When"]
    assert isinstance(when, datetime.datetime)
    ticks = 0x01D9A0B0C0D0E0F0
    assert when == datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(
        microseconds=ticks // 10
    )
    assert when.tzinfo is datetime.timezone.utc


def test_multiple_values_and_nested_lists():
    path = clusprop.PropertyList(vector("V7.bin"))
    assert path["path"] == "%A%"
    assert path.values_of("Path") == ["%A%", "xy"]
    nested = clusprop.PropertyList(vector("V8.bin"))
    (name,) = list(nested)
    inner = nested[name]
    assert isinstance(inner, clusprop.PropertyList)
    assert len(inner) >= 1


def test_windows_reply_and_round_trip():
    w1 = clusprop.PropertyList(vector("W1.bin"))
    assert w1["sharedvolumesroot"] == "C:\\ClusterStorage"
    assert w1["AdminAccessPoint"] == 1
    assert w1.to_bytes() == vector("W1.bin")
    assert "SharedVolumesRoot" in repr(w1)


def test_malformed_input_raises_decode_error():
    with pytest.raises(clusprop.DecodeError) as caught:
        clusprop.PropertyList(vector("V12.bin")[:-5])
    assert (caught.value.offset, caught.value.kind) == (48, "length_exceeds_buffer")


def test_the_module_docstring_example_runs():
    import doctest

    result = doctest.testmod(clusprop)
    assert result.attempted >= 3 and result.failed == 0
