//! `decode`, `decode_value_list` and `encode`: bytes to the JSON form (as
//! Python objects) and back, with the reader policies of the CLI.

use clusprop::{
    DecodeOptions, JsonList, OwnedPropertyList, OwnedValueList, PropertyList, ValueList,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

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

/// Turns a serde value into Python objects (the JSON form).
fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Decodes a property list into its JSON form: the dict `clusprop decode
/// --json` prints. Raises DecodeError (with `.offset` and `.kind`) for a
/// malformed list.
#[pyfunction]
#[pyo3(signature = (data, policy = "default"))]
pub fn decode<'py>(py: Python<'py>, data: &[u8], policy: &str) -> PyResult<Bound<'py, PyAny>> {
    let options = options(policy)?;
    let list = PropertyList::parse_with(data, &options).map_err(|e| decode_error(py, e))?;
    to_python(py, &OwnedPropertyList::from_list(&list))
}

/// Decodes a bare value list (no count) into `{"values": [...]}`, as
/// `clusprop decode --value-list --json` prints it.
#[pyfunction]
#[pyo3(signature = (data, policy = "default"))]
pub fn decode_value_list<'py>(
    py: Python<'py>,
    data: &[u8],
    policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let options = options(policy)?;
    let list = ValueList::parse_with(data, &options).map_err(|e| decode_error(py, e))?;
    to_python(py, &OwnedValueList::from_list(&list))
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
    let dict = obj
        .cast::<PyDict>()
        .map_err(|_| encode_error("expected a dict with \"properties\" or \"values\""))?;
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
