"""decode / encode: the vectors round-trip, Python and the CLI agree on the
JSON form, malformed inputs fail at the offset the Rust reader reports."""

import json
import re

import pytest

import clusprop
from conftest import VALUE_LISTS, all_vectors, vector

POLICIES = {"default": [], "ms_cmrp": ["--ms-cmrp"], "client": ["--client"], "lenient": ["--lenient"]}


def decode_any(path, policy="default"):
    data = path.read_bytes()
    if path.name in VALUE_LISTS:
        return clusprop.decode_value_list(data, policy)
    return clusprop.decode(data, policy)


@pytest.mark.parametrize("path", all_vectors(), ids=lambda p: p.name)
def test_every_vector_round_trips(path):
    data = path.read_bytes()
    form = decode_any(path)
    assert clusprop.encode(form) == data
    # The form survives a trip through JSON text, as between the CLI's commands.
    assert clusprop.encode(json.loads(json.dumps(form))) == data


@pytest.mark.parametrize("policy", sorted(POLICIES))
@pytest.mark.parametrize("path", all_vectors(), ids=lambda p: p.name)
def test_python_and_cli_agree_on_the_json_form(cli, path, policy):
    args = ["decode", "--json", *POLICIES[policy]]
    if path.name in VALUE_LISTS:
        args.append("--value-list")
    run = cli.run(*args, str(path))
    try:
        ours = decode_any(path, policy)
    except clusprop.DecodeError as err:
        assert run.returncode == 1, run
        assert run.stderr.decode().strip() == f"clusprop: {err}"
        return
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == ours


def test_encode_reads_what_the_cli_prints(cli):
    for path in all_vectors():
        args = ["decode", "--json", str(path)]
        if path.name in VALUE_LISTS:
            args.insert(2, "--value-list")
        printed = cli.run(*args).stdout
        assert clusprop.encode(json.loads(printed)) == path.read_bytes(), path.name
        assert cli.run("encode", stdin=printed).stdout == path.read_bytes(), path.name


def test_known_malformed_inputs():
    # N1 of docs/wire-format.md §9.2: a name entry whose length word is missing.
    with pytest.raises(clusprop.DecodeError) as caught:
        clusprop.decode(bytes.fromhex("01000000 03000400"))
    assert (caught.value.offset, caught.value.kind) == (8, "truncated")
    assert str(caught.value) == "at byte 8: the data ends inside an entry's length"
    assert isinstance(caught.value, ValueError)
    # N2: the count says 2 and there is one property.
    v1 = bytearray(vector("V1.bin"))
    v1[0] = 2
    with pytest.raises(clusprop.DecodeError) as caught:
        clusprop.decode(bytes(v1))
    assert (caught.value.offset, caught.value.kind) == (36, "missing_property")


def test_a_property_list_given_to_decode_value_list_says_so():
    # Its first word, the count (1), is no value's syntax.
    with pytest.raises(clusprop.DecodeError) as caught:
        clusprop.decode_value_list(vector("V1.bin"))
    assert (caught.value.offset, caught.value.kind) == (0, "looks_like_property_list")
    assert str(caught.value).endswith(
        "this is a valid property list, not a value list (it starts with a count and a name "
        "entry, where a value list starts with its first value): read it as a property list "
        "with clusprop.decode"
    )


def test_a_value_list_given_to_decode_says_so():
    # A value list has no count: its first word, a syntax (0x00020002,
    # RESCLASS), read as a count of 131074 would have said "expected the
    # name of property 1 of 131074".
    with pytest.raises(clusprop.DecodeError) as caught:
        clusprop.decode(vector("V10.bin"))
    assert (caught.value.offset, caught.value.kind) == (0, "looks_like_value_list")
    assert str(caught.value) == (
        "at byte 0: the property count 131074 is more than the data can hold: this is a valid "
        "value list, not a property list (it starts with a CLUSPROP_SYNTAX_RESCLASS (0x00020002) "
        "entry where a property list has its count): read it as a value list with "
        "clusprop.decode_value_list"
    )
    assert clusprop.decode_value_list(vector("V10.bin"))["values"]


def malformed_inputs():
    """Every proper prefix of every property-list vector, and each with one
    byte of its syntax or length words changed."""
    for path in all_vectors():
        if path.name in VALUE_LISTS:
            continue
        data = path.read_bytes()
        for end in range(len(data)):
            yield f"{path.name}[:{end}]", data[:end]
        for at in range(4, min(len(data), 24)):
            changed = bytearray(data)
            changed[at] ^= 0x41
            yield f"{path.name}^{at}", bytes(changed)


AT_BYTE = re.compile(r"^clusprop: at byte (\d+): ")


def test_malformed_inputs_fail_where_the_rust_reader_says(cli, tmp_path):
    checked = 0
    for label, data in malformed_inputs():
        run = cli.run("decode", "--json", stdin=data)
        try:
            clusprop.decode(data)
        except clusprop.DecodeError as err:
            match = AT_BYTE.match(run.stderr.decode())
            assert run.returncode == 1 and match, (label, run)
            assert err.offset == int(match.group(1)), label
            # The CLI says what the library says, and may add a hint in
            # parentheses (an empty input, a hex dump, the other list kind);
            # each says in its own words how to read a value list.
            core = str(err).removesuffix(" with clusprop.decode_value_list")
            said = run.stderr.decode().strip()
            assert said.startswith(f"clusprop: {core}"), label
            hint = said[len(f"clusprop: {core}") :]
            assert hint in ("", " with --value-list") or (hint.startswith(" (") and hint.endswith(")")), label
            checked += 1
            continue
        # Some changes keep the list valid (a different DWORD, say): both accept it.
        assert run.returncode == 0, (label, run.stderr)
    assert checked > 300


def test_unknown_policy_is_a_value_error():
    with pytest.raises(ValueError, match="unknown policy"):
        clusprop.decode(vector("V1.bin"), "strict")


def test_encode_errors():
    with pytest.raises(clusprop.EncodeError, match="expected a dict"):
        clusprop.encode([1, 2])
    with pytest.raises(clusprop.EncodeError, match="\"properties\" or \"values\""):
        clusprop.encode({"nothing": 1})
    form = clusprop.decode(vector("V1.bin"))
    form["properties"][0]["values"][0]["format"] = "sz"
    with pytest.raises(clusprop.EncodeError, match="invalid property list"):
        clusprop.encode(form)
    assert issubclass(clusprop.EncodeError, ValueError)


def test_client_encoding_refuses_expanded_sz():
    form = clusprop.decode(vector("V7.bin"))
    assert clusprop.encode(form) == vector("V7.bin")
    with pytest.raises(clusprop.EncodeError, match="EXPANDED_SZ"):
        clusprop.encode(form, client=True)


def test_client_encoding_refuses_expanded_sz_in_a_bare_value_list_and_says_where():
    expanded = {"syntax": 65544, "format": "expanded_sz", "value": "C:\\x"}
    form = {"values": [{"syntax": 65538, "format": "dword", "value": 1}, expanded]}
    assert clusprop.decode_value_list(clusprop.encode(form)) == form
    with pytest.raises(clusprop.EncodeError, match=r"EXPANDED_SZ.* in value 1$"):
        clusprop.encode(form, client=True)
    nested = {"properties": [{"name": "Outer", "values": [
        {"syntax": 65549, "format": "value_list", "value": form}]}]}
    with pytest.raises(clusprop.EncodeError, match=r' in property 0 "Outer", value 0, value 1$'):
        clusprop.encode(nested, client=True)


def nested_form(levels):
    """The JSON form of a list holding a property list value `levels` deep."""
    form = {"properties": [{"name": "X", "values": [{"syntax": 65538, "format": "dword", "value": 1}]}]}
    for _ in range(levels):
        value = {"syntax": 65550, "format": "property_list", "value": form}
        form = {"properties": [{"name": "X", "values": [value]}]}
    return form


def test_encode_refuses_lists_nested_past_the_limit_without_recursing():
    # pythonize has no recursion limit of its own: a form nested 100,000
    # deep, or one that contains itself, overflowed the stack (a segfault
    # that ended the interpreter) instead of raising.
    assert len(clusprop.encode(nested_form(8))) == 256
    with pytest.raises(clusprop.EncodeError, match="nested deeper than 8 levels"):
        clusprop.encode(nested_form(32))
    looped = nested_form(0)
    looped["properties"][0]["values"][0] = {"syntax": 65550, "format": "property_list", "value": looped}
    for form in (nested_form(33), nested_form(100_000), looped):
        with pytest.raises(clusprop.EncodeError, match="lists nested deeper than 32 levels in property 0 \"X\", value 0"):
            clusprop.encode(form)
    values = {"values": []}
    values["values"].append({"syntax": 0x0001000D, "format": "value_list", "value": values})
    with pytest.raises(clusprop.EncodeError, match="nested deeper than 32 levels in value 0"):
        clusprop.encode(values)


def test_decode_reads_bytearray_and_memoryview_and_names_the_argument_otherwise():
    # Only bytes was taken: a bytearray (socket.recv_into, a file read into
    # a buffer) or a memoryview (an mmap) was a TypeError without the
    # argument's name, where build() takes all three for a binary value.
    import array
    import mmap

    data = vector("V12.bin")
    expected = clusprop.decode(data)
    mapped = mmap.mmap(-1, len(data))
    mapped.write(data)
    for view in (bytearray(data), memoryview(data), memoryview(bytearray(data))[0:], memoryview(mapped),
                 memoryview(array.array("I", data))):
        assert clusprop.decode(view) == expected
        assert clusprop.PropertyList(view)["Virtual Machine"] == 1
    assert clusprop.decode(memoryview(b"xx" + data)[2:]) == expected
    mapped.close()
    values = vector("V10.bin")
    assert clusprop.decode_value_list(bytearray(values)) == clusprop.decode_value_list(values)
    with pytest.raises(clusprop.DecodeError) as caught:
        clusprop.decode(memoryview(data)[:-5])
    assert caught.value.offset == 48
    # bytes(x) would take these, as zeros or as numbers: they are not data.
    for wrong, name in ((data.hex(), "str"), (4, "int"), (list(data), "list")):
        with pytest.raises(TypeError, match=f"^argument 'data': expected bytes, bytearray or memoryview, found {name}$"):
            clusprop.decode(wrong)
        with pytest.raises(TypeError, match="argument 'data'"):
            clusprop.decode_value_list(wrong)


def dword_form(value, name="A", trailing=False):
    """A list of two properties whose second holds `value` (a value object)."""
    first = {"name": "Z", "values": [{"syntax": 65538, "format": "dword", "value": 1}]}
    return {"properties": [first, {"name": name, "values": [value]}], "trailing_end_mark": trailing}


# JSON forms the CLI refuses, each with the place it names: pythonize read
# some of them (a bool by truthiness, an int asked for by width from a bool)
# and said the others in its own words, naming no place.
REFUSED_AS_BY_THE_CLI = [
    dword_form({"syntax": -1, "format": "dword", "value": 1}),
    dword_form({"syntax": 2**32, "format": "dword", "value": 1}),
    dword_form({"syntax": True, "format": "binary", "value": "00"}),
    dword_form({"syntax": 1.5, "format": "dword", "value": 1}),
    dword_form({"syntax": "1", "format": "dword", "value": 1}),
    dword_form({"syntax": 65539, "format": 7, "value": "x"}),
    dword_form({"syntax": 65539, "format": "sz", "value": {"utf16": [65, 70000]}}),
    dword_form({"syntax": 65539, "format": "sz", "value": {"utf16": [True]}}),
    dword_form({"syntax": 65538, "format": "dword", "value": 1}, trailing=1),
    dword_form({"syntax": 65538, "format": "dword", "value": 1}, trailing="false"),
    dword_form(5),
    {"properties": 5},
    {"properties": [5]},
    {"properties": [{"name": "A", "values": 5}]},
    {"values": [{"syntax": 65538, "format": "dword", "value": 1}, {"syntax": -5, "format": "dword", "value": 1}]},
]


@pytest.mark.parametrize("form", REFUSED_AS_BY_THE_CLI, ids=range(len(REFUSED_AS_BY_THE_CLI)))
def test_encode_refuses_what_the_cli_refuses_in_its_words(cli, form):
    import json as _json

    run = cli.run("encode", stdin=_json.dumps(form).encode())
    assert run.returncode != 0
    said = re.match(r"^clusprop: invalid JSON form: (.*) at line \d+ column \d+$", run.stderr.decode().strip())
    assert said, run.stderr
    with pytest.raises(clusprop.EncodeError) as caught:
        clusprop.encode(form)
    assert str(caught.value).split(": ", 1)[1] == said.group(1)


def test_encode_names_the_place_of_what_json_cannot_hold():
    for form, said in [
        (dword_form({"syntax": 65539, "format": "sz", "value": "a\udc00"}),
         'a str with a lone surrogate, expected text for "value" .* in property 1 "A", value 0$'),
        (dword_form({"syntax": 65538, "format": "dword", "value": 1}, name="\ud800"),
         'a str with a lone surrogate, expected text for "name" .* in property 1$'),
        (dword_form({"syntax": 65541, "format": "multi_sz", "value": ["a", "\udc00"]}),
         'lone surrogate.* in property 1 "A", value 0, string 1$'),
        (dword_form({1: 2}), 'integer `1`, expected a str key in property 1 "A", value 0$'),
        (dword_form({"syntax": 65538, "format": "dword", "value": 2**200}),
         'a number beyond 64-bit integers, .* in property 1 "A", value 0$'),
    ]:
        with pytest.raises(clusprop.EncodeError, match=said):
            clusprop.encode(form)
    # The same check guards set_properties' JSON form.
    cluster = clusprop.Cluster(simulate=True)
    try:
        with pytest.raises(clusprop.EncodeError, match='integer `-1`, expected the syntax.* in property 1 "A", value 0$'):
            cluster.group("DemoGroup").set_properties(dword_form({"syntax": -1, "format": "dword", "value": 1}))
    finally:
        del cluster


def test_encode_still_takes_index_objects_for_syntax_and_code_units():
    class Index:
        def __init__(self, n):
            self.n = n

        def __index__(self):
            return self.n

    plain = dword_form({"syntax": 65539, "format": "sz", "value": {"utf16": [0xD800]}})
    indexed = dword_form({"syntax": Index(65539), "format": "sz", "value": {"utf16": [Index(0xD800)]}})
    assert clusprop.encode(indexed) == clusprop.encode(plain)
    with pytest.raises(clusprop.EncodeError, match=r'integer `-2`, expected the syntax.* in property 1 "A", value 0$'):
        clusprop.encode(dword_form({"syntax": Index(-2), "format": "dword", "value": 1}))


def test_a_form_holding_itself_twice_is_refused_at_the_depth_limit_at_once():
    # The check of the form before pythonize (eba2886) went on with the
    # siblings of a list nested too deep: a list holding itself in two
    # properties was walked once per path, 2^33 times (a hang).
    import subprocess
    import sys

    program = """
import clusprop
looped = {"properties": []}
value = {"syntax": 65550, "format": "property_list", "value": looped}
looped["properties"] += [{"name": "X", "values": [value]}, {"name": "Y", "values": [value]}]
try:
    clusprop.encode(looped)
except clusprop.EncodeError as e:
    print(e)
"""
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert "lists nested deeper than 32 levels in property 0 \"X\", value 0" in run.stdout.decode()


def test_encode_reads_dict_and_list_subclasses_by_their_contents():
    # The check read a dict's and a list's contents, pythonize read them
    # through their methods: a `values()` that said "false" where the
    # contents held False wrote an end mark, past the check.
    class LyingDict(dict):
        def keys(self):
            return ["properties", "trailing_end_mark"]

        def values(self):
            return [[], "false"]

    class LyingList(list):
        def __len__(self):
            return 2**40

        def __getitem__(self, index):
            return {"syntax": True, "format": "binary", "value": "00"}

    value = {"syntax": 65538, "format": "dword", "value": 7}
    plain = {"properties": [{"name": "A", "values": [value]}], "trailing_end_mark": False}
    lying = LyingDict({"properties": LyingList([{"name": "A", "values": LyingList([value])}]), "trailing_end_mark": False})
    assert clusprop.encode(lying) == clusprop.encode(plain)
    assert clusprop.encode(LyingDict({"properties": [], "trailing_end_mark": False})) == clusprop.encode(
        {"properties": [], "trailing_end_mark": False}
    )
    # An OrderedDict, a tuple, a list subclass that does not lie: as before.
    import collections

    ordered = collections.OrderedDict(plain)
    ordered["properties"] = (collections.OrderedDict(plain["properties"][0]),)
    assert clusprop.encode(ordered) == clusprop.encode(plain)


def test_encode_refuses_other_sequences_and_mappings_the_check_does_not_look_into():
    # pythonize read these, and the check, which looked only into lists,
    # tuples and dicts, let through what it refuses there: a bool code unit
    # was the unit 1 (the text "\x01A"), `"syntax": True` the syntax 1.
    import collections

    user = collections.UserList
    for form, said in [
        ({"values": [{"syntax": 65539, "format": "sz", "value": {"utf16": user([True, 65])}}]},
         r'invalid type: UserList, expected a list of UTF-16 code units for "utf16" in value 0$'),
        ({"values": user([{"syntax": True, "format": "binary", "value": "00"}])},
         r"invalid type: UserList, expected a list of value objects$"),
        ({"properties": user([])},
         r"invalid type: UserList, expected a list of property objects$"),
        ({"properties": [{"name": "A", "values": user([])}]},
         r"invalid type: UserList, expected a list of value objects in property 0 \"A\"$"),
        ({"values": [{"syntax": 65541, "format": "multi_sz", "value": user(["a"])}]},
         r'invalid type: UserList, expected a list, a dict, a str, a number or None for "value" in value 0$'),
        ({"values": [{"syntax": 65541, "format": "multi_sz", "value": frozenset(["a", "b"])}]},
         r'invalid type: frozenset, expected a list, a dict, a str, a number or None for "value" in value 0$'),
        ({"properties": [{"name": collections.UserDict({"utf16": [True]}), "values": []}]},
         r'invalid type: UserDict, expected a str, or \{"utf16": \[code units\]\}, for "name" in property 0$'),
    ]:
        with pytest.raises(clusprop.EncodeError, match=said):
            clusprop.encode(form)


def test_set_properties_takes_the_json_form_in_any_mapping():
    import collections

    cluster = clusprop.Cluster(simulate=True)
    try:
        group = cluster.group("DemoGroup")
        form = {"properties": [{"name": "Description", "values": [{"syntax": 65539, "format": "sz", "value": "x"}]}]}
        group.set_properties(collections.UserDict(form))
        with pytest.raises(clusprop.EncodeError, match="invalid type: UserList, expected a list of property objects$"):
            group.set_properties(collections.UserDict({"properties": collections.UserList(form["properties"])}))
    finally:
        del cluster


def test_encode_names_nan_and_huge_floats_as_such():
    # NaN was "a number beyond 64-bit integers" as a value, and "nan, a
    # number with a fraction or an exponent" as a syntax.
    for place, form in [
        ("value", lambda n: dword_form({"syntax": 65538, "format": "dword", "value": n})),
        ("syntax", lambda n: dword_form({"syntax": n, "format": "dword", "value": 1})),
        ("code unit", lambda n: dword_form({"syntax": 65539, "format": "sz", "value": {"utf16": [n]}})),
    ]:
        for n, said in [
            (float("nan"), "invalid value: NaN (not a number), expected "),
            (1e300, "invalid value: a number beyond 64-bit integers, expected "),
            (float("-inf"), "invalid value: a number beyond 64-bit integers, expected "),
            (2.5, "invalid value: 2.5, a number with a fraction or an exponent, expected "),
        ]:
            with pytest.raises(clusprop.EncodeError) as caught:
                clusprop.encode(form(n))
            assert said in str(caught.value), (place, n, str(caught.value))
            assert str(caught.value).endswith(' in property 1 "A", value 0'), (place, n, str(caught.value))
