//! Ctrl-C (and any other signal with a Python handler) during a cluster
//! wait. The wait runs without the GIL, so Python cannot run its signal
//! handlers until it returns, which may be minutes. [`signal_raised`] is the
//! wait's stop check: it runs the pending handlers; when one raises (a
//! `KeyboardInterrupt`), the wait stops and [`take_raised`] hands that
//! exception back to the caller, as an interrupted `time.sleep` would.

use std::cell::RefCell;

use pyo3::prelude::*;

thread_local! {
    /// The exception a signal handler raised during this thread's wait.
    static RAISED: RefCell<Option<PyErr>> = const { RefCell::new(None) };
}

/// Runs Python's pending signal handlers (only the main thread has any);
/// `true`, keeping the exception for [`take_raised`], when one raised.
pub fn signal_raised() -> bool {
    Python::attach(|py| match py.check_signals() {
        Ok(()) => false,
        Err(raised) => {
            RAISED.with(|slot| *slot.borrow_mut() = Some(raised));
            true
        }
    })
}

/// The exception that stopped this thread's last wait, if any (taken: a
/// second call returns `None`).
pub fn take_raised() -> Option<PyErr> {
    RAISED.with(|slot| slot.borrow_mut().take())
}
