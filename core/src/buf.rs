//! [`PropertyListBuf`]: an owned, validated property list whose view costs
//! nothing to take.
//!
//! A type that owns its bytes cannot also hold a [`PropertyList`] borrowing
//! them (that would be self-referential), so it keeps what validation found
//! instead (the shape: count, trailing end mark, options) and rebuilds the
//! view from it on demand, in constant time and without reading the bytes
//! again. The bytes are private and never change after validation, so the
//! shape always describes them.

use alloc::vec::Vec;

use crate::error::DecodeError;
use crate::options::DecodeOptions;
use crate::read::validate::{self, Defaults, ListShape, Rules};
use crate::read::views::PropertyList;

/// An owned property list, validated once when it is made.
///
/// [`list`](Self::list) gives the zero-copy reader over the bytes without
/// validating them again (constant time).
///
/// ```
/// use clusprop::PropertyListBuf;
/// let bytes = clusprop::offline::OfflineInstructions::new()
///     .virtual_machine(clusprop::offline::VmAction::Save)
///     .to_vec()?;
/// let buf = PropertyListBuf::new(bytes)?;
/// assert_eq!(buf.list().get::<u32>("Virtual Machine")?, 1);
/// assert!(PropertyListBuf::new(vec![1, 0, 0, 0]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyListBuf {
    bytes: Vec<u8>,
    shape: ListShape,
    options: DecodeOptions,
}

impl PropertyListBuf {
    /// Validates `bytes` with [`DecodeOptions::default`] and keeps them.
    pub fn new(bytes: Vec<u8>) -> Result<Self, DecodeError> {
        Self::validated(bytes, Defaults)
    }

    /// Validates `bytes` with `options` and keeps them.
    pub fn with_options(bytes: Vec<u8>, options: &DecodeOptions) -> Result<Self, DecodeError> {
        Self::validated(bytes, options)
    }

    fn validated(bytes: Vec<u8>, rules: impl Rules) -> Result<Self, DecodeError> {
        let shape = validate::property_list(&bytes, rules, &mut validate::Unseen)?;
        Ok(Self {
            bytes,
            shape,
            options: *rules.options(),
        })
    }

    /// The list, borrowed: built from what validation found, in constant
    /// time, without reading the bytes again.
    pub fn list(&self) -> PropertyList<'_> {
        PropertyList::from_shape(&self.bytes, self.shape, &self.options)
    }

    /// The bytes, as they were given.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, given back.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The options the bytes were validated with.
    pub fn options(&self) -> &DecodeOptions {
        &self.options
    }
}

/// [`PropertyListBuf::new`]: validates `bytes` with
/// [`DecodeOptions::default`] and keeps them.
///
/// ```
/// use clusprop::PropertyListBuf;
/// let buf = PropertyListBuf::try_from(vec![0, 0, 0, 0])?;
/// assert!(buf.list().is_empty());
/// assert_eq!(PropertyListBuf::try_from(vec![1, 0, 0, 0]).unwrap_err().offset(), 4);
/// # Ok::<(), clusprop::DecodeError>(())
/// ```
impl TryFrom<Vec<u8>> for PropertyListBuf {
    type Error = DecodeError;
    fn try_from(bytes: Vec<u8>) -> Result<Self, DecodeError> {
        Self::new(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::validate::validations;

    #[test]
    fn validated_once_however_often_the_list_is_read() {
        let bytes = crate::offline::OfflineInstructions::new()
            .all_vm_types(crate::offline::VmAction::Shutdown)
            .to_vec()
            .unwrap();
        let before = validations();
        let buf = PropertyListBuf::new(bytes.clone()).unwrap();
        assert_eq!(validations() - before, 1);
        for _ in 0..100 {
            let list = buf.list();
            assert_eq!(list, PropertyList::parse(&bytes).unwrap());
            assert_eq!(list.len(), 2);
        }
        // The 100 `parse` calls above count; the 100 `list` calls do not.
        assert_eq!(validations() - before, 101);
        let list = buf.list();
        assert_eq!(validations() - before, 101);
        assert_eq!(list.as_bytes().as_ptr(), buf.as_bytes().as_ptr());
        assert!(!list.has_trailing_end_mark());
        assert_eq!(buf.clone().into_bytes(), bytes);
    }

    #[test]
    fn the_options_and_the_shape_are_kept() {
        let options = DecodeOptions {
            trailing_end_mark: crate::TrailingEndMark::Required,
            ..DecodeOptions::default()
        };
        assert!(PropertyListBuf::with_options(alloc::vec![0; 4], &options).is_err());
        let buf = PropertyListBuf::with_options(alloc::vec![0; 8], &options).unwrap();
        assert!(buf.list().has_trailing_end_mark());
        assert!(buf.list().is_empty());
        assert_eq!(buf.list().nested_lists(), options.nested);
        assert_eq!(buf.options(), &options);
    }
}
