//! `decode`, `decode_value_list` and `encode`: bytes to the JSON form (as
//! Python objects) and back, with the reader policies of the CLI.

use clusprop::{
    DecodeOptions, JsonList, OwnedPropertyList, OwnedValueList, PropertyList, ValueList,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyMemoryView};

use crate::errors::{decode_error, encode_error};

/// The reader options a policy name selects (the CLI's `--ms-cmrp`,
/// `--client`, `--lenient`, or none of them).
pub fn options(policy: &str) -> PyResult<DecodeOptions> {
    match policy {
        "default" => Ok(DecodeOptions::default()),
        "ms_cmrp" => Ok(DecodeOptions::ms_cmrp()),
        "client" => Ok(DecodeOptions::client_input()),
        "lenient" => Ok(DecodeOptions::lenient()),
        other => Err(PyValueError::new_err(format!(
            "unknown policy {other:?} (expected \"default\", \"ms_cmrp\", \"client\" or \"lenient\")"
        ))),
    }
}

/// Runs `read` on the bytes of `data`: bytes as they are, a bytearray or a
/// memoryview copied first (a bytearray may change under a borrow; the
/// buffer protocol itself is outside the abi3 API of Python 3.9). Anything
/// else is a TypeError naming the argument: `bytes(x)` would also take an
/// int (that many zeros) or a list of ints, which are not data.
fn with_data<R>(data: &Bound<'_, PyAny>, read: impl FnOnce(&[u8]) -> R) -> PyResult<R> {
    if let Ok(bytes) = data.cast::<PyBytes>() {
        return Ok(read(bytes.as_bytes()));
    }
    if let Ok(array) = data.cast::<PyByteArray>() {
        return Ok(read(&array.to_vec()));
    }
    if data.is_instance_of::<PyMemoryView>() {
        let copy = data.py().get_type::<PyBytes>().call1((data,))?;
        return Ok(read(copy.cast::<PyBytes>()?.as_bytes()));
    }
    Err(PyTypeError::new_err(format!(
        "argument 'data': expected bytes, bytearray or memoryview, found {}",
        crate::builders::found(data)
    )))
}

/// Turns a serde value into Python objects (the JSON form).
fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Decodes a property list into its JSON form: the dict `clusprop decode
/// --json` prints. `data` is bytes, a bytearray or a memoryview. Raises
/// DecodeError (with `.offset` and `.kind`) for a malformed list.
#[pyfunction]
#[pyo3(signature = (data, policy = "default"))]
pub fn decode<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let options = options(policy)?;
    let owned = with_data(data, |data| {
        PropertyList::parse_with(data, &options).map(|list| OwnedPropertyList::from_list(&list))
    })?
    .map_err(|e| decode_error(py, e))?;
    to_python(py, &owned)
}

/// Decodes a bare value list (no count) into `{"values": [...]}`, as
/// `clusprop decode --value-list --json` prints it. `data` is bytes, a
/// bytearray or a memoryview.
#[pyfunction]
#[pyo3(signature = (data, policy = "default"))]
pub fn decode_value_list<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let options = options(policy)?;
    let owned = with_data(data, |data| {
        ValueList::parse_with(data, &options).map(|list| OwnedValueList::from_list(&list))
    })?
    .map_err(|e| decode_error(py, e))?;
    to_python(py, &owned)
}

/// Encodes the JSON form (a dict with "properties", or "values" for a bare
/// value list) into bytes, as `clusprop encode` does: byte-exact for what
/// `decode` returned. Raises EncodeError.
#[pyfunction]
#[pyo3(signature = (obj, client = false))]
pub fn encode<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    client: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    if !obj.is_instance_of::<PyDict>() {
        return Err(encode_error(
            "expected a dict with \"properties\" or \"values\"",
        ));
    }
    // One plain copy, which the check and `pythonize` read alike.
    let obj = &crate::form::plain(obj)?;
    let dict = obj.cast::<PyDict>()?;
    let what = if dict.contains("properties")? {
        "property list"
    } else {
        "value list"
    };
    if let Some(message) = crate::form::check(obj)? {
        return Err(encode_error(format!("invalid {what}: {message}")));
    }
    let document = if dict.contains("properties")? {
        JsonList::Properties(
            pythonize::depythonize(obj)
                .map_err(|e| encode_error(format!("invalid property list: {e}")))?,
        )
    } else if dict.contains("values")? {
        JsonList::Values(
            pythonize::depythonize(obj)
                .map_err(|e| encode_error(format!("invalid value list: {e}")))?,
        )
    } else {
        return Err(encode_error(
            "invalid JSON form: expected a dict with \"properties\" or \"values\"",
        ));
    };
    let bytes = document
        .encode(client)
        .map_err(|e| encode_error(format!("cannot encode: {e}")))?;
    Ok(PyBytes::new(py, &bytes))
}
