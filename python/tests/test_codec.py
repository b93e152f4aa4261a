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
            assert run.stderr.decode().strip() == f"clusprop: {err}", label
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
