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


def test_lookups_index_the_names_once(monkeypatch):
    # Each lookup scanned every name: dict(view), items() and repr() of a
    # list of n properties converted and case-folded n*n/2 names (about 40 s
    # for 20,000). Counted here: every name is converted a bounded number of
    # times, not once per lookup.
    n = 3000
    view = clusprop.PropertyList(clusprop.build([(f"P{i}", "dword", i) for i in range(n)]))
    calls = []
    real_text = clusprop._text

    def counting_text(value):
        calls.append(1)
        return real_text(value)

    monkeypatch.setattr(clusprop, "_text", counting_text)
    as_dict = dict(view)
    assert as_dict["P2999"] == 2999 and len(as_dict) == n
    assert view["p1234"] == 1234
    assert len(calls) <= 3 * n, len(calls)


def test_a_repeated_name_gives_its_first_property_and_non_str_keys_are_absent():
    view = clusprop.PropertyList(clusprop.build([("A", "dword", 1), ("a", "dword", 2)]))
    assert list(view) == ["A", "a"] and len(view) == 2
    assert view["a"] == view["A"] == 1
    # values_of and format_of raised AttributeError ('int' has no casefold)
    # where the [] lookup raises KeyError.
    for lookup in (view.__getitem__, view.values_of, view.format_of):
        with pytest.raises(KeyError):
            lookup(1)


def test_filetime_to_datetime_takes_only_a_filetime():
    assert clusprop.filetime_to_datetime(0) == datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
    # -1 was a day in 1600, True one tick, 1.5 a fraction of a microsecond.
    with pytest.raises(ValueError, match="from 0 to 18446744073709551615"):
        clusprop.filetime_to_datetime(-1)
    with pytest.raises(ValueError, match="got 18446744073709551616"):
        clusprop.filetime_to_datetime(2**64)
    for wrong, name in ((True, "bool"), (1.5, "float"), ("1", "str")):
        with pytest.raises(TypeError, match=f"found {name}$"):
            clusprop.filetime_to_datetime(wrong)
    # Past the year 9999 (a valid FILETIME), still OverflowError, and the
    # view gives the ticks.
    with pytest.raises(OverflowError):
        clusprop.filetime_to_datetime(2**64 - 1)
    assert clusprop.PropertyList(clusprop.build([("T", "filetime", 2**64 - 1)]))["T"] == 2**64 - 1
