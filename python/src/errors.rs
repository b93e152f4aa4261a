//! The package's exceptions, and how Rust errors become them.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

create_exception!(
    clusprop,
    DecodeError,
    PyValueError,
    "A malformed list: `.offset` is the byte offset the reader reports (as `clusprop decode` \
     prints it), `.kind` the rule broken (`\"truncated\"`, `\"wrong_length\"`, ...)."
);
create_exception!(
    clusprop,
    EncodeError,
    PyValueError,
    "A value or JSON form that cannot be encoded (a NUL in a name, a number out of range, \
     an object that is not the JSON form, ...)."
);
create_exception!(
    clusprop,
    ClusterError,
    PyException,
    "A cluster call failed; the message names the object the call was on \
     (`group \"NoSuchGroup\": OpenClusterGroup failed: ...`). `.code` is the Win32 code and \
     `.name` its constant (`\"ERROR_GROUP_NOT_FOUND\"`), both None when the failure is not a \
     Win32 code (a timeout, a missing cluster API); `.function` is the clusapi function, if \
     any; `.object_kind` (`\"group\"`, `\"node\"`, ...) and `.object_name` name the object, \
     both None when the call was on none (the local cluster)."
);

/// The `DecodeError` for a reader error. A value list read as a property
/// list, or a property list as a value list, is told so by the core ("...
/// read it as a value list"); this says with what, in Python.
pub fn decode_error(py: Python<'_>, error: clusprop::DecodeError) -> PyErr {
    let pointer = match error.kind() {
        clusprop::DecodeErrorKind::LooksLikeValueList { .. } => " with clusprop.decode_value_list",
        clusprop::DecodeErrorKind::LooksLikePropertyList { .. } => " with clusprop.decode",
        _ => "",
    };
    let err = DecodeError::new_err(format!("{error}{pointer}"));
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail short of
    // memory exhaustion; the message alone is still a correct error then.
    let _ = value.setattr("offset", error.offset());
    let _ = value.setattr("kind", error.kind().name());
    err
}

/// The `EncodeError` for anything that cannot be encoded.
pub fn encode_error(message: impl std::fmt::Display) -> PyErr {
    EncodeError::new_err(message.to_string())
}

/// The `ClusterError` for a failed cluster call.
pub fn cluster_error(py: Python<'_>, error: &clusprop_ffi::Error) -> PyErr {
    // A wait stopped by a signal handler's exception raises that exception
    // (KeyboardInterrupt for Ctrl-C), not a ClusterError.
    let raised = match error.inner() {
        clusprop_ffi::Error::Stopped { .. } => crate::interrupt::take_raised(),
        _ => None,
    };
    if let Some(raised) = raised {
        return raised;
    }
    let win32 = error.win32();
    let function = match error.inner() {
        clusprop_ffi::Error::Api { function, .. }
        | clusprop_ffi::Error::NoErrorCode { function }
        | clusprop_ffi::Error::Decode { function, .. }
        | clusprop_ffi::Error::ReplyTooLarge { function, .. }
        | clusprop_ffi::Error::ReplyNotSettled { function, .. } => Some(*function),
        _ => None,
    };
    let err = ClusterError::new_err(error.to_string());
    let value = err.value(py);
    let _ = value.setattr("code", win32.map(|w| w.code()));
    let _ = value.setattr("name", win32.and_then(|w| w.name()));
    let _ = value.setattr("function", function);
    let object = error.object();
    let _ = value.setattr("object_kind", object.map(|(kind, _)| kind.noun()));
    let _ = value.setattr("object_name", object.map(|(_, name)| name));
    // The control code of a failed control request, and its CLUSCTL_ name.
    let control = error.control_code();
    let _ = value.setattr("control_code", control.map(|c| c.value()));
    let _ = value.setattr("control_name", control.and_then(|c| c.name()));
    err
}
