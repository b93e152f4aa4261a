//! [`Outcome`], what every `*Ex` call that starts an operation returns.

use windows_sys::Win32::Foundation::{ERROR_IO_PENDING, ERROR_SUCCESS};

#[cfg(doc)]
use crate::Group;
use crate::error::{Error, Win32Error};

/// How an accepted offline/online/move request stands when the call returns.
///
/// "Not finished yet" is a status, not an error: `ERROR_IO_PENDING` becomes
/// [`Outcome::Pending`]. Both 0 and 997 mean "accepted" (MS-CMRP 3.1.4.2.130).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use = "a pending operation should be waited for (Group::wait, Resource::wait)"]
pub enum Outcome {
    /// `ERROR_SUCCESS`: done (for example, the group was already offline).
    Completed,
    /// `ERROR_IO_PENDING`: accepted; the cluster is working on it. Wait with
    /// [`Group::wait`].
    Pending,
}

impl Outcome {
    pub(crate) fn from_code(function: &'static str, code: u32) -> Result<Self, Error> {
        match code {
            ERROR_SUCCESS => Ok(Self::Completed),
            ERROR_IO_PENDING => Ok(Self::Pending),
            other => Err(Error::Api {
                function,
                error: Win32Error::from_code(other),
            }),
        }
    }
}
