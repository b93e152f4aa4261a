//! NUL-terminated UTF-16 names for the `LPCWSTR` parameters.

use crate::error::Error;

/// A name converted for a Win32 `LPCWSTR` parameter: UTF-16 with exactly one
/// NUL, at the end. A name with an interior NUL is rejected
/// ([`Error::InteriorNul`]), never cut short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WideName {
    units: Vec<u16>,
}

impl WideName {
    /// Converts `name`, rejecting an interior NUL.
    pub fn new(name: &str) -> Result<Self, Error> {
        let mut units: Vec<u16> = name.encode_utf16().collect();
        if let Some(position) = units.iter().position(|&u| u == 0) {
            return Err(Error::InteriorNul { position });
        }
        units.push(0);
        Ok(Self { units })
    }

    /// The code units including the terminating NUL.
    pub fn as_units_with_nul(&self) -> &[u16] {
        &self.units
    }

    /// A pointer to the NUL-terminated string, valid while `self` lives.
    pub fn as_ptr(&self) -> *const u16 {
        self.units.as_ptr()
    }
}

/// Converts a UTF-16 buffer written by Windows (up to its first NUL, or all
/// of it) to a `String`, replacing unpaired surrogates.
pub(crate) fn from_wide(units: &[u16]) -> String {
    let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
    String::from_utf16_lossy(units.get(..end).unwrap_or(units))
}

/// The longest name a `GetCluster*State` buffer is grown to (in UTF-16
/// units); a larger size asked for is treated as an error.
const MAX_NAME_UNITS: usize = 0x1_0000;

/// The size of the first name buffer (in UTF-16 units).
const FIRST_NAME_UNITS: usize = 64;

/// How many calls one name read makes at most before
/// [`Error::ReplyNotSettled`]: the first, and retries after
/// `ERROR_MORE_DATA` (the name may change between calls), as for control
/// codes ([`MAX_CONTROL_CALLS`](crate::MAX_CONTROL_CALLS)).
pub const MAX_NAME_CALLS: u32 = 4;

/// Reads a name through a `GetCluster*State`-style call that takes a UTF-16
/// buffer and its capacity, and answers `ERROR_MORE_DATA` with the length
/// needed (without the NUL) when it is too small: starts with
/// `FIRST_NAME_UNITS` units and on each such answer grows to the size asked
/// for, and at least to double (a size barely above the buffer, answered
/// again and again, would otherwise cost a call per unit), to at most
/// `MAX_NAME_UNITS`, in at most [`MAX_NAME_CALLS`] calls. A size that would
/// not grow the buffer, or one above the maximum, is the call's error.
///
/// `call` gets the buffer and returns its result, the character count written
/// back, and the call's error (0 for none).
pub(crate) fn read_name<T>(
    function: &'static str,
    mut call: impl FnMut(&mut [u16]) -> Result<(T, u32, u32), Error>,
) -> Result<(T, String), Error> {
    let mut buf = vec![0u16; FIRST_NAME_UNITS];
    for _ in 0..MAX_NAME_CALLS {
        let (value, cch, error) = call(&mut buf)?;
        let needed = usize::try_from(cch).unwrap_or(usize::MAX).saturating_add(1);
        if error == windows_sys::Win32::Foundation::ERROR_MORE_DATA {
            if needed <= buf.len() || needed > MAX_NAME_UNITS {
                return Err(Error::from_last_error(function, error));
            }
            let next = needed.max(buf.len().saturating_mul(2)).min(MAX_NAME_UNITS);
            buf.clear();
            buf.resize(next, 0);
            continue;
        }
        if error != 0 {
            return Err(Error::from_last_error(function, error));
        }
        let len = usize::try_from(cch).unwrap_or(usize::MAX).min(buf.len());
        return Ok((value, from_wide(buf.get(..len).unwrap_or(&buf))));
    }
    Err(Error::ReplyNotSettled {
        function,
        tries: MAX_NAME_CALLS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interior_nul_is_rejected_with_its_position() {
        let err = WideName::new("Demo\0Group").unwrap_err();
        assert!(matches!(err, Error::InteriorNul { position: 4 }), "{err:?}");
    }

    #[test]
    fn terminator_is_appended_once() {
        let name = WideName::new("Gé").unwrap();
        assert_eq!(name.as_units_with_nul(), &[0x47, 0xE9, 0]);
        assert_eq!(from_wide(name.as_units_with_nul()), "Gé");
    }

    #[test]
    fn names_grow_to_the_size_asked_for_once_per_answer() {
        let long: Vec<u16> = "n".repeat(100).encode_utf16().collect();
        let mut calls = 0;
        let (v, name) = read_name("F", |buf| {
            calls += 1;
            if buf.len() <= long.len() {
                return Ok((0, long.len() as u32, 234));
            }
            buf[..long.len()].copy_from_slice(&long);
            buf[long.len()] = 0;
            Ok((7, long.len() as u32, 0))
        })
        .unwrap();
        assert_eq!((v, name.len(), calls), (7, 100, 2));
        // A size that never suffices is an error, not a loop.
        let err = read_name("F", |_| Ok((0, 10u32, 234))).unwrap_err();
        assert_eq!(err.win32_code(), Some(234));
        let err = read_name("F", |_| Ok((0, u32::MAX, 234))).unwrap_err();
        assert_eq!(err.win32_code(), Some(234));
    }

    #[test]
    fn a_size_one_unit_too_small_every_time_doubles_and_stops() {
        // `ERROR_MORE_DATA` with "the buffer's length" (one unit short, once
        // the NUL is counted) on every call: each retry at least doubles the
        // buffer, and the calls stop at the cap with a typed error.
        let mut sizes = Vec::new();
        let err = read_name("F", |buf| {
            sizes.push(buf.len());
            Ok((0, buf.len() as u32, 234))
        })
        .unwrap_err();
        assert_eq!(
            err,
            Error::ReplyNotSettled {
                function: "F",
                tries: MAX_NAME_CALLS
            }
        );
        assert_eq!(sizes.len(), MAX_NAME_CALLS as usize);
        assert!(sizes.windows(2).all(|w| w[1] >= 2 * w[0]), "{sizes:?}");
        // Growth stops at the maximum, whatever is asked for below it.
        let mut sizes = Vec::new();
        let _ = read_name("F", |buf| {
            sizes.push(buf.len());
            Ok((0, (MAX_NAME_UNITS - 1) as u32, 234))
        });
        assert_eq!(sizes, [FIRST_NAME_UNITS, MAX_NAME_UNITS]);
    }
}
