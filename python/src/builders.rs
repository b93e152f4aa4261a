//! The VM instruction builders and `build`: property lists from Python
//! values, written by the core's encoder.

use clusprop::limits::MAX_DEPTH_LIMIT;
use clusprop::offline::{OfflineInstructions, VmAction, VmMoveAction};
use clusprop::{FileTime, OwnedPropertyList, OwnedValue};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

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

/// One value from a format name and a Python value.
pub fn value(format: &str, value: &Bound<'_, PyAny>) -> PyResult<OwnedValue> {
    value_at(format, value, 0)
}

/// [`value`] inside `depth` nested property lists: a list that contains
/// itself is refused at the core's nesting limit, not followed forever.
fn value_at(format: &str, value: &Bound<'_, PyAny>, depth: usize) -> PyResult<OwnedValue> {
    let wrong = |e: PyErr| encode_error(format!("{format}: {e}"));
    Ok(match format {
        "dword" => OwnedValue::dword(value.extract().map_err(wrong)?),
        "long" => OwnedValue::long(value.extract().map_err(wrong)?),
        "word" => OwnedValue::word(value.extract().map_err(wrong)?),
        "qword" | "ularge_integer" => OwnedValue::ularge_integer(value.extract().map_err(wrong)?),
        "large" | "large_integer" => OwnedValue::large_integer(value.extract().map_err(wrong)?),
        "filetime" => OwnedValue::filetime(FileTime(value.extract().map_err(wrong)?)),
        "sz" => OwnedValue::sz(&value.extract::<String>().map_err(wrong)?).map_err(encode_error)?,
        "expand_sz" => OwnedValue::expand_sz(&value.extract::<String>().map_err(wrong)?)
            .map_err(encode_error)?,
        "multi_sz" => OwnedValue::multi_sz(&value.extract::<Vec<String>>().map_err(wrong)?)
            .map_err(encode_error)?,
        "binary" => OwnedValue::binary(value.extract::<Vec<u8>>().map_err(wrong)?),
        "property_list" => {
            if depth >= usize::from(MAX_DEPTH_LIMIT) {
                return Err(encode_error(format!(
                    "property lists nested deeper than {MAX_DEPTH_LIMIT} levels"
                )));
            }
            let items: Vec<(String, String, Bound<'_, PyAny>)> = value.extract().map_err(wrong)?;
            OwnedValue::property_list(list_at(&items, depth + 1)?)
        }
        other => {
            return Err(encode_error(format!(
                "unknown format {other:?} (expected dword, long, word, qword, large, filetime, \
                 sz, expand_sz, multi_sz, binary or property_list)"
            )));
        }
    })
}

/// An owned list from `(name, format, value)` triples.
pub fn list(items: &[(String, String, Bound<'_, PyAny>)]) -> PyResult<OwnedPropertyList> {
    list_at(items, 0)
}

fn list_at(
    items: &[(String, String, Bound<'_, PyAny>)],
    depth: usize,
) -> PyResult<OwnedPropertyList> {
    let mut list = OwnedPropertyList::new();
    for (name, format, v) in items {
        let v = value_at(format, v, depth)?;
        list.push(name, v)
            .map_err(|e| encode_error(format!("{name}: {e}")))?;
    }
    Ok(list)
}

/// A property list from `(name, format, value)` triples, e.g.
/// `build([("Virtual Machine", "dword", 1)])`. Formats: dword, long, word,
/// qword, large, filetime (ticks), sz, expand_sz, multi_sz (list of str),
/// binary (bytes), property_list (a list of triples). Raises EncodeError.
#[pyfunction]
pub fn build<'py>(
    py: Python<'py>,
    items: Vec<(String, String, Bound<'py, PyAny>)>,
) -> PyResult<Bound<'py, PyBytes>> {
    let bytes = list(&items)?.to_vec().map_err(encode_error)?;
    Ok(PyBytes::new(py, &bytes))
}
