//! `clusprop._clusprop`: the native half of the Python package `clusprop`.
//!
//! It exposes the Rust codec through its JSON form (the serde form of the
//! core's owned model, turned into Python objects by `pythonize`, so there
//! is one definition of that form), the VM instruction builders, and the
//! cluster calls of `clusprop-ffi` (against clusapi.dll, or the simulated
//! cluster of `clusprop-sim`). The pure-Python half (`python/clusprop/`)
//! adds the `PropertyList` view and re-exports everything.

use pyo3::prelude::*;

mod builders;
mod cluster;
mod codec;
mod errors;
mod form;
mod interrupt;

/// The extension module.
#[pymodule]
fn _clusprop(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("DecodeError", py.get_type::<errors::DecodeError>())?;
    m.add("EncodeError", py.get_type::<errors::EncodeError>())?;
    m.add("ClusterError", py.get_type::<errors::ClusterError>())?;
    m.add_function(wrap_pyfunction!(codec::decode, m)?)?;
    m.add_function(wrap_pyfunction!(codec::decode_value_list, m)?)?;
    m.add_function(wrap_pyfunction!(codec::encode, m)?)?;
    m.add_function(wrap_pyfunction!(builders::offline_instructions, m)?)?;
    m.add_function(wrap_pyfunction!(builders::move_instructions, m)?)?;
    m.add_function(wrap_pyfunction!(builders::build, m)?)?;
    m.add_class::<cluster::Cluster>()?;
    m.add_class::<cluster::Group>()?;
    Ok(())
}
