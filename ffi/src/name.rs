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
}
