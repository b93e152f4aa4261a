"""The instruction builders and build(): the bytes Windows expects."""

import struct

import pytest

import clusprop
from conftest import vector

NAME, DWORD, ENDMARK = 0x00040003, 0x00010002, 0


def entry(syntax: int, data: bytes) -> bytes:
    """One entry, written independently of the codec: syntax, length, data padded to 4."""
    return struct.pack("<II", syntax, len(data)) + data + b"\0" * (-len(data) % 4)


def dword_property(name: str, value: int) -> bytes:
    return (
        entry(NAME, (name + "\0").encode("utf-16-le"))
        + entry(DWORD, struct.pack("<I", value))
        + struct.pack("<I", ENDMARK)
    )


def test_os_win_live_migration_instruction_byte_for_byte():
    # What os-win's clusapi_utils builds for a live migration: two DWORD
    # properties, "Virtual Machine" and "Virtual Machine Configuration", = 4.
    expected = (
        struct.pack("<I", 2)
        + dword_property("Virtual Machine", 4)
        + dword_property("Virtual Machine Configuration", 4)
    )
    assert len(expected) == 144
    assert clusprop.move_instructions("live") == expected
    assert clusprop.move_instructions() == expected
    assert (
        clusprop.build(
            [("Virtual Machine", "dword", 4), ("Virtual Machine Configuration", "dword", 4)]
        )
        == expected
    )


def test_offline_save_is_vector_v12():
    assert clusprop.offline_instructions("save") == vector("V12.bin")
    assert clusprop.offline_instructions() == vector("V12.bin")
    assert clusprop.offline_instructions("save") == struct.pack("<I", 1) + dword_property(
        "Virtual Machine", 1
    )


@pytest.mark.parametrize(
    "action,value", [("turn-off", 0), ("save", 1), ("shutdown", 2), ("force-shutdown", 3)]
)
def test_offline_actions(action, value):
    assert clusprop.PropertyList(clusprop.offline_instructions(action))["Virtual Machine"] == value


def test_move_actions_and_no_action():
    listing = clusprop.PropertyList(clusprop.move_instructions("save"))
    assert dict(listing) == {"Virtual Machine": 1, "Virtual Machine Configuration": 1}
    assert clusprop.offline_instructions(None) == struct.pack("<I", 0)
    with pytest.raises(ValueError, match="unknown VM action"):
        clusprop.offline_instructions("live")
    with pytest.raises(ValueError, match="unknown VM action"):
        clusprop.move_instructions("fly")


def test_build_every_format_round_trips():
    data = clusprop.build(
        [
            ("D", "dword", 7),
            ("L", "long", -1),
            ("W", "word", 0x1234),
            ("Q", "qword", 1 << 40),
            ("G", "large", -2),
            ("T", "filetime", 0x01D9A0B0C0D0E0F0),
            ("S", "sz", "text"),
            ("E", "expand_sz", "%SystemRoot%"),
            ("M", "multi_sz", ["n1", "n2"]),
            ("B", "binary", b"\xaa\xbb\xcc"),
            ("N", "property_list", [("Inner", "dword", 1)]),
        ]
    )
    view = clusprop.PropertyList(data)
    assert [view[n] for n in "DLWQGSEMB"] == [
        7, -1, 0x1234, 1 << 40, -2, "text", "%SystemRoot%", ["n1", "n2"], b"\xaa\xbb\xcc"
    ]
    assert view["T"].year == 2023
    assert view["N"]["inner"] == 1
    assert clusprop.encode(clusprop.decode(data)) == data


def test_build_rejects_bad_values():
    with pytest.raises(clusprop.EncodeError, match="dword"):
        clusprop.build([("D", "dword", -1)])
    with pytest.raises(clusprop.EncodeError, match="unknown format"):
        clusprop.build([("D", "float", 1.0)])
    with pytest.raises(clusprop.EncodeError, match="NUL"):
        clusprop.build([("A\0B", "dword", 1)])
    with pytest.raises(clusprop.EncodeError, match="empty"):
        clusprop.build([("M", "multi_sz", ["a", ""])])


def test_build_names_the_property_the_encoder_refuses():
    # Nine lists deep: the values' own checks stop at 32 levels, the encoder
    # writes 8; its refusal said "lists nested too deep" with no place.
    inner = [("Leaf", "dword", 1)]
    for level in range(9):
        inner = [(f"L{level}", "property_list", inner)]
    with pytest.raises(clusprop.EncodeError, match=r'in property 0 "L8", value 0'):
        clusprop.build(inner)


def test_build_refuses_a_list_that_contains_itself():
    looped = []
    looped.append(("Self", "property_list", looped))
    with pytest.raises(clusprop.EncodeError, match="nested deeper"):
        clusprop.build(looped)


@pytest.mark.parametrize(
    "fmt,value,said",
    [
        # Python's conversion said "Python int too large to convert to C long",
        # with neither the property nor the range.
        ("dword", 2**64, "expected an int from 0 to 4294967295 (format dword), found 18446744073709551616"),
        pytest.param("dword", 2**1000, "found an int beyond 128 bits", id="dword-2**1000"),
        ("word", 70000, "expected an int from 0 to 65535 (format word), found 70000"),
        ("large", 2**63, "found 9223372036854775808"),
        ("filetime", -1, "expected an int from 0 to 18446744073709551615 (format filetime), found -1"),
        # A bool was written as DWORD 1; the JSON form refuses it.
        ("dword", True, "found a bool"),
        ("long", 1.0, "found float"),
        ("sz", "a\udc00", "found a str with a lone surrogate"),
        ("multi_sz", "ab", "expected a list of str (format multi_sz), found str"),
        ("binary", "ab", "found str"),
    ],
)
def test_build_errors_name_the_value_and_the_property(fmt, value, said):
    with pytest.raises(clusprop.EncodeError) as caught:
        clusprop.build([("First", "dword", 1), ("Outer", "property_list", [("Inner", fmt, value)])])
    assert said in str(caught.value)
    assert str(caught.value).endswith(' in property 1 "Outer", property 0 "Inner"'), str(caught.value)


def test_build_errors_for_items_that_are_not_triples_name_the_item():
    # These were a bare ValueError / UnicodeEncodeError naming no item.
    with pytest.raises(clusprop.EncodeError, match="triple, found a tuple of 2 in property 1$"):
        clusprop.build([("A", "dword", 1), ("B", "dword")])
    with pytest.raises(clusprop.EncodeError, match="name, found a str with a lone surrogate .* in property 0$"):
        clusprop.build([("\ud800", "dword", 1)])
    with pytest.raises(clusprop.EncodeError, match=r"NUL character in property 0 \"A\\0B\"$"):
        clusprop.build([("A\0B", "dword", 1)])
    with pytest.raises(clusprop.EncodeError, match="multi_sz.* in property 0 \"M\", string 1$"):
        clusprop.build([("M", "multi_sz", ["a", 2])])
    # A quote or a backslash of the name is escaped inside the quotes.
    with pytest.raises(clusprop.EncodeError) as caught:
        clusprop.build([('a"b\\c', "multi_sz", ["a", 2])])
    assert str(caught.value).endswith(' in property 0 "a\\"b\\\\c", string 1'), str(caught.value)
    with pytest.raises(TypeError, match="expected a list of .* found dict"):
        clusprop.build({"A": ("dword", 1)})


def test_build_still_takes_index_objects_and_bytes_likes():
    import array

    class Five:
        def __index__(self):
            return 5

    assert clusprop.PropertyList(clusprop.build([("A", "dword", Five())]))["A"] == 5
    for blob in (bytearray(b"ab"), memoryview(b"ab"), array.array("B", b"ab"), [97, 98]):
        assert clusprop.PropertyList(clusprop.build([("B", "binary", blob)]))["B"] == b"ab"

    class Broken:
        def __index__(self):
            raise RuntimeError("boom")

    with pytest.raises(clusprop.EncodeError, match="found Broken in property 0") as caught:
        clusprop.build([("A", "dword", Broken())])
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_binary_from_a_sequence_whose_len_lies_is_read_item_by_item():
    import sys

    # PyO3's own extraction reserved __len__ bytes first: 2**46 aborted the
    # interpreter ("memory allocation of 70368744177664 bytes failed"), and
    # sys.maxsize too.
    for size in (2**46, sys.maxsize):

        class Lying(list):
            def __len__(self):
                return size

        blob = clusprop.build([("B", "binary", Lying([97, 98]))])
        assert clusprop.PropertyList(blob)["B"] == b"ab"


@pytest.mark.parametrize(
    "items,said",
    [
        ([97, 256], "expected an int from 0 to 255 (format binary), found 256"),
        ([97, -1], "expected an int from 0 to 255 (format binary), found -1"),
        # A bool was the byte 1; the integer formats refuse it, as here.
        ([True], "expected an int from 0 to 255 (format binary), found a bool"),
        ([97, "b"], "found str"),
        ([97, 2**200], "found an int beyond 128 bits"),
    ],
)
def test_binary_items_that_are_not_bytes_name_the_item(items, said):
    with pytest.raises(clusprop.EncodeError) as caught:
        clusprop.build([("B", "binary", items)])
    assert said in str(caught.value), str(caught.value)
    assert str(caught.value).endswith(f' in property 0 "B", byte {len(items) - 1}'), str(caught.value)


def test_binary_of_a_type_that_is_no_sequence_names_it():
    for value, said in ((5, "found int"), (None, "found NoneType"), ({1: 2}, "found dict"), ("ab", "found str")):
        with pytest.raises(clusprop.EncodeError) as caught:
            clusprop.build([("B", "binary", value)])
        assert f"expected bytes, or a sequence of ints from 0 to 255 (format binary), {said} in property 0" in str(
            caught.value
        ), str(caught.value)
