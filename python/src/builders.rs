//! The VM instruction builders and `build`: property lists from Python
//! values, written by the core's encoder.

use clusprop::limits::MAX_DEPTH_LIMIT;
use clusprop::offline::{OfflineInstructions, VmAction, VmMoveAction};
use clusprop::{FileTime, OwnedPropertyList, OwnedValue};
use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyInt, PyIterator, PySequence, PyString, PyTuple};

use crate::errors::encode_error;

/// The `VmAction` for its CLI spelling.
pub fn vm_action(name: &str) -> PyResult<VmAction> {
    name.parse().map_err(|_| {
        PyValueError::new_err(format!(
            "unknown VM action {name:?} (expected \"save\", \"shutdown\", \"turn-off\" or \"force-shutdown\")"
        ))
    })
}

/// The `VmMoveAction` for its CLI spelling (`live` for live migration).
pub fn vm_move_action(name: &str) -> PyResult<VmMoveAction> {
    name.parse().map_err(|_| {
        PyValueError::new_err(format!(
            "unknown VM action {name:?} (expected \"live\", \"save\", \"shutdown\", \"turn-off\" or \"force-shutdown\")"
        ))
    })
}

/// Encodes instructions, as bytes.
pub fn instruction_bytes<'py>(
    py: Python<'py>,
    instructions: &OfflineInstructions,
) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = instructions.to_vec().map_err(encode_error)?;
    Ok(PyBytes::new(py, &bytes))
}

/// The `OfflineClusterGroupEx` instructions for a VM action: the property
/// `"Virtual Machine"` = DWORD (save 1, shutdown 2, turn-off 0,
/// force-shutdown 3); None gives an empty list (no instructions).
#[pyfunction]
#[pyo3(signature = (vm_action = Some("save")), text_signature = "(vm_action='save')")]
pub fn offline_instructions<'py>(
    py: Python<'py>,
    vm_action: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut instructions = OfflineInstructions::new();
    if let Some(name) = vm_action {
        instructions = instructions.virtual_machine(self::vm_action(name)?);
    }
    instruction_bytes(py, &instructions)
}

/// The `MoveClusterGroupEx` instructions: the action's DWORD (live 4, save
/// 1, shutdown 2, turn-off 0, force-shutdown 3) for both `"Virtual
/// Machine"` and `"Virtual Machine Configuration"`, as os-win sends them.
#[pyfunction]
#[pyo3(signature = (vm_action = Some("live")), text_signature = "(vm_action='live')")]
pub fn move_instructions<'py>(
    py: Python<'py>,
    vm_action: Option<&str>,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut instructions = OfflineInstructions::new();
    if let Some(name) = vm_action {
        instructions = instructions.all_vm_types(vm_move_action(name)?);
    }
    instruction_bytes(py, &instructions)
}

/// The error for a value that is not what `expected` says, naming the
/// property (`at`) and keeping Python's own error, if any, as the cause.
fn wrong_value(
    py: Python<'_>,
    expected: &str,
    found: &str,
    at: &str,
    cause: Option<PyErr>,
) -> PyErr {
    let err = encode_error(format!("{expected}, found {found} in {at}"));
    err.set_cause(py, cause);
    err
}

/// What a Python object is, for "found ..." in messages: its type.
pub fn found(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an object".to_owned(), |name| name.to_string())
}

/// A str, or the error naming what was found and where. A str that is not
/// valid Unicode (a lone surrogate, as `PropertyList` gives for text that is
/// not valid UTF-16) is said as such.
pub fn text(value: &Bound<'_, PyAny>, expected: &str, at: &str) -> PyResult<String> {
    value.extract::<String>().map_err(|e| {
        let what = if value.is_instance_of::<PyString>() {
            "a str with a lone surrogate (the JSON form's {\"utf16\": [...]} and encode() \
             write such text)"
                .to_owned()
        } else {
            found(value)
        };
        wrong_value(value.py(), expected, &what, at, Some(e))
    })
}

/// An integer of a format, from a Python int or an object with
/// `__index__`: in `range` (inclusive), else an error that says the range
/// and the number. A bool is refused, as the JSON form refuses it: `True`
/// for a number is a mistake, not 1.
fn integer<T: TryFrom<i128>>(
    value: &Bound<'_, PyAny>,
    format: &str,
    range: (i128, i128),
    at: &str,
) -> PyResult<T> {
    let py = value.py();
    let (low, high) = range;
    let expected = format!("expected an int from {low} to {high} (format {format})");
    if value.is_instance_of::<PyBool>() {
        return Err(wrong_value(py, &expected, "a bool", at, None));
    }
    // An int as it is; anything else through `operator.index` (what
    // `__index__` gives: numpy's integers, say), as Python's own integer
    // conversions do.
    let index = if value.is_instance_of::<PyInt>() {
        Ok(value.clone())
    } else {
        py.import("operator")
            .and_then(|operator| operator.getattr("index"))
            .and_then(|index| index.call1((value,)))
    };
    let n: i128 = match index.and_then(|n| n.extract()) {
        Ok(n) => n,
        Err(e) if e.is_instance_of::<PyOverflowError>(py) => {
            return Err(wrong_value(
                py,
                &expected,
                "an int beyond 128 bits",
                at,
                Some(e),
            ));
        }
        Err(e) => return Err(wrong_value(py, &expected, &found(value), at, Some(e))),
    };
    match T::try_from(n) {
        Ok(v) if (low..=high).contains(&n) => Ok(v),
        _ => Err(wrong_value(py, &expected, &n.to_string(), at, None)),
    }
}

/// The range of a Rust integer type, for [`integer`].
macro_rules! range {
    ($t:ty) => {
        (i128::from(<$t>::MIN), i128::from(<$t>::MAX))
    };
}

/// One value from a format name and a Python value; `at` names the
/// property in messages (`property 0 "Priority"`).
pub fn value(format: &str, value: &Bound<'_, PyAny>, at: &str) -> PyResult<OwnedValue> {
    value_at(format, value, at, 0)
}

/// [`value`] inside `depth` nested property lists: a list that contains
/// itself is refused at the core's nesting limit, not followed forever.
fn value_at(
    format: &str,
    value: &Bound<'_, PyAny>,
    at: &str,
    depth: usize,
) -> PyResult<OwnedValue> {
    let core = |e: clusprop::EncodeError| encode_error(format!("{e} in {at}"));
    Ok(match format {
        "dword" => OwnedValue::dword(integer(value, format, range!(u32), at)?),
        "long" => OwnedValue::long(integer(value, format, range!(i32), at)?),
        "word" => OwnedValue::word(integer(value, format, range!(u16), at)?),
        "qword" | "ularge_integer" => {
            OwnedValue::ularge_integer(integer(value, format, range!(u64), at)?)
        }
        "large" | "large_integer" => {
            OwnedValue::large_integer(integer(value, format, range!(i64), at)?)
        }
        "filetime" => OwnedValue::filetime(FileTime(integer(value, format, range!(u64), at)?)),
        "sz" => OwnedValue::sz(&text(value, "expected a str (format sz)", at)?).map_err(core)?,
        "expand_sz" => {
            OwnedValue::expand_sz(&text(value, "expected a str (format expand_sz)", at)?)
                .map_err(core)?
        }
        "multi_sz" => OwnedValue::multi_sz(&strings(value, at)?).map_err(core)?,
        "binary" => OwnedValue::binary(bytes(value, at)?),
        "property_list" => {
            if depth >= usize::from(MAX_DEPTH_LIMIT) {
                return Err(encode_error(format!(
                    "property lists nested deeper than {MAX_DEPTH_LIMIT} levels in {at}"
                )));
            }
            OwnedValue::property_list(list_at(value, Some(at), depth + 1)?)
        }
        other => {
            return Err(encode_error(format!(
                "unknown format {other:?} (expected dword, long, word, qword, large, filetime, \
                 sz, expand_sz, multi_sz, binary or property_list) in {at}"
            )));
        }
    })
}

/// The bytes of a `binary`: bytes or a bytearray as they are, or the ints
/// (from 0 to 255, not bools) of any other sequence (a memoryview, an
/// `array.array`, a list), read one by one. Not PyO3's `Vec<u8>`
/// extraction: it reserves what the sequence's `__len__` says first, and a
/// `__len__` that lies (`2**46`) aborted the interpreter.
fn bytes(value: &Bound<'_, PyAny>, at: &str) -> PyResult<Vec<u8>> {
    let expected = "expected bytes, or a sequence of ints from 0 to 255 (format binary)";
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(array) = value.cast::<PyByteArray>() {
        return Ok(array.to_vec());
    }
    let mut bytes = Vec::new();
    for (i, item) in items_of(value, expected, at)?.enumerate() {
        bytes.push(integer(
            &item?,
            "binary",
            range!(u8),
            &format!("{at}, byte {i}"),
        )?);
    }
    Ok(bytes)
}

/// The strings of a `multi_sz`: a list (or other sequence) of str, not a
/// str itself (whose characters would each become a string).
fn strings(value: &Bound<'_, PyAny>, at: &str) -> PyResult<Vec<String>> {
    let expected = "expected a list of str (format multi_sz)";
    let mut strings = Vec::new();
    for (i, item) in items_of(value, expected, at)?.enumerate() {
        let item = item?;
        let at = format!("{at}, string {i}");
        strings.push(text(&item, "expected a str (format multi_sz)", &at)?);
    }
    Ok(strings)
}

/// The items of `value`, a sequence and not a str (whose characters would
/// each be an item), read one by one as they come: nothing is reserved by
/// what its `__len__` says. Anything else is the `expected` error at `at`.
fn items_of<'py>(
    value: &Bound<'py, PyAny>,
    expected: &str,
    at: &str,
) -> PyResult<Bound<'py, PyIterator>> {
    let py = value.py();
    if value.is_instance_of::<PyString>() {
        return Err(wrong_value(py, expected, "str", at, None));
    }
    value
        .cast::<PySequence>()
        .map_err(|_| wrong_value(py, expected, &found(value), at, None))?
        .try_iter()
}

/// An owned list from a list (or other sequence) of `(name, format, value)`
/// triples.
pub fn list(items: &Bound<'_, PyAny>) -> PyResult<OwnedPropertyList> {
    list_at(items, None, 0)
}

/// [`list`] as the value of the property `within` (None for `build`'s own
/// argument, whose wrong type is a TypeError), `depth` lists deep.
fn list_at(
    items: &Bound<'_, PyAny>,
    within: Option<&str>,
    depth: usize,
) -> PyResult<OwnedPropertyList> {
    let py = items.py();
    let expected = "expected a list of (name, format, value) triples";
    let refuse = |found: &str| match within {
        Some(at) => wrong_value(
            py,
            &format!("{expected} (format property_list)"),
            found,
            at,
            None,
        ),
        // The argument of build() itself: the wrong type of argument.
        None => PyTypeError::new_err(format!("{expected}, found {found}")),
    };
    if items.is_instance_of::<PyString>() || items.is_instance_of::<PyBytes>() {
        return Err(refuse(&found(items)));
    }
    let iter = items
        .cast::<PySequence>()
        .map_err(|_| refuse(&found(items)))?
        .try_iter()?;
    let mut list = OwnedPropertyList::new();
    for (index, item) in iter.enumerate() {
        let item = item?;
        let here = |name: Option<&str>| {
            let property = match name {
                Some(name) => format!("property {index} {}", clusprop::quoted(name)),
                None => format!("property {index}"),
            };
            match within {
                Some(at) => format!("{at}, {property}"),
                None => property,
            }
        };
        let Ok((name, format, v)) =
            item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>, Bound<'_, PyAny>)>()
        else {
            return Err(wrong_value(
                py,
                "expected a (name, format, value) triple",
                &describe_item(&item),
                &here(None),
                None,
            ));
        };
        let name = text(&name, "expected a str for the name", &here(None))?;
        let at = here(Some(&name));
        let format = text(&format, "expected a str for the format", &at)?;
        let v = value_at(&format, &v, &at, depth)?;
        list.push(&name, v)
            .map_err(|e| encode_error(format!("{e} in {at}")))?;
    }
    Ok(list)
}

/// What an item that is not a triple is: a tuple of the wrong length, or
/// its type.
fn describe_item(item: &Bound<'_, PyAny>) -> String {
    match item.cast::<PyTuple>() {
        Ok(tuple) => format!("a tuple of {}", tuple.len()),
        Err(_) => found(item),
    }
}

/// A property list from `(name, format, value)` triples, e.g.
/// `build([("Virtual Machine", "dword", 1)])`. Formats: dword, long, word,
/// qword, large, filetime (ticks), sz, expand_sz, multi_sz (list of str),
/// binary (bytes), property_list (a list of triples). Raises EncodeError
/// naming the property (`in property 1 "Outer", property 0 "Inner"`); an
/// integer format takes an int (not a bool) in its range.
#[pyfunction]
pub fn build<'py>(py: Python<'py>, items: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let list = list(items)?;
    // What the values' own checks let through and the encoder refuses in
    // its place (lists nested past the encoder's depth) is named too.
    let bytes = list
        .to_vec_located(&list.encode_options())
        .map_err(encode_error)?;
    Ok(PyBytes::new(py, &bytes))
}
