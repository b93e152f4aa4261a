//! `STORAGE_DEVICE_ID_DESCRIPTOR` (`CLUSPROP_SYNTAX_STORAGE_DEVICE_ID_DESCRIPTOR`):
//! a checked zero-copy view and a writer.
//!
//! Layout (winioctl.h / ntddstor.h `STORAGE_DEVICE_ID_DESCRIPTOR` and
//! `STORAGE_IDENTIFIER`; MS-CSVP 2.2.9 and 2.2.10), all little-endian:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | `Version` |
//! | 4 | 4 | `Size`: bytes of the descriptor, identifiers included |
//! | 8 | 4 | `NumberOfIdentifiers` |
//! | 12 | … | the identifiers, the first at 12 |
//!
//! and each `STORAGE_IDENTIFIER`, relative to its own start:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 4 | `CodeSet` (`STORAGE_IDENTIFIER_CODE_SET`: 1 binary, 2 ASCII, 3 UTF-8) |
//! | 4 | 4 | `Type` (`STORAGE_IDENTIFIER_TYPE`, SPC-3 7.6.3.1) |
//! | 8 | 2 | `IdentifierSize` |
//! | 10 | 2 | `NextOffset`: from this identifier's start to the next one's |
//! | 12 | 4 | `Association` (`STORAGE_ASSOCIATION_TYPE`: 0 device, 1 port, 2 target) |
//! | 16 | `IdentifierSize` | `Identifier` |
//!
//! MS-CMRP does not describe the cluster value; Windows' clusapi.h names the
//! syntax after this structure, and that is the layout read here.

use core::fmt;

use crate::error::{DecodeError, DecodeErrorKind, EncodeError, StructField};
use crate::syntax::Syntax;
use crate::write::values::EncodeValue;

const HEADER_LEN: usize = 12;
const IDENTIFIER_HEADER_LEN: usize = 16;

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u16::from_le_bytes)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// A validated `STORAGE_DEVICE_ID_DESCRIPTOR`.
///
/// [`parse`](Self::parse) checks `Size` against the data, and every
/// identifier's header, `IdentifierSize` and `NextOffset` against `Size`, so
/// the accessors and the iterator never fail.
///
/// ```
/// use clusprop::disk::{NewStorageIdentifier, StorageDeviceIdDescriptor, StorageDeviceIdWriter};
/// let ids = [NewStorageIdentifier { code_set: 1, ty: 3, association: 0, identifier: &[0x60, 0x01, 0x02, 0x03] }];
/// let bytes = StorageDeviceIdWriter { version: 12, identifiers: &ids }.to_array::<64>()?;
/// let d = StorageDeviceIdDescriptor::parse(&bytes.0[..bytes.1])?;
/// assert_eq!(d.number_of_identifiers(), 1);
/// let id = d.identifiers().next().unwrap();
/// assert_eq!((id.code_set(), id.ty(), id.identifier()), (1, 3, &[0x60, 0x01, 0x02, 0x03][..]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StorageDeviceIdDescriptor<'data> {
    bytes: &'data [u8],
    base: usize,
}

impl<'data> StorageDeviceIdDescriptor<'data> {
    /// Checks `bytes` (a whole value's data); error offsets count from its start.
    pub fn parse(bytes: &'data [u8]) -> Result<Self, DecodeError> {
        Self::parse_at(bytes, 0)
    }

    /// As [`parse`](Self::parse), with error offsets counted from `base`
    /// (the value's position in the outermost buffer; offsets saturate at
    /// `usize::MAX`, as the wire cursor's do).
    pub fn parse_at(bytes: &'data [u8], base: usize) -> Result<Self, DecodeError> {
        let err = |kind, at: usize| DecodeError::new(kind, base.saturating_add(at));
        if bytes.len() < HEADER_LEN {
            return Err(err(
                DecodeErrorKind::StructTruncated {
                    field: StructField::StorageIdHeader,
                },
                bytes.len(),
            ));
        }
        let size = u32_at(bytes, 4);
        let size_usize = size as usize;
        if size_usize < HEADER_LEN || size_usize > bytes.len() {
            return Err(err(
                DecodeErrorKind::StructOutOfRange {
                    field: StructField::StorageIdSize,
                    value: size,
                    limit: bytes.len(),
                },
                4,
            ));
        }
        let count = u32_at(bytes, 8);
        let mut at = HEADER_LEN;
        // Each step moves forward by at least a header (checked below), so
        // the loop ends within `size / 16` steps whatever the count says.
        for i in 0..count {
            if at + IDENTIFIER_HEADER_LEN > size_usize {
                return Err(err(
                    DecodeErrorKind::StructTruncated {
                        field: StructField::IdentifierHeader,
                    },
                    at,
                ));
            }
            let id_size = u16_at(bytes, at + 8);
            let used = IDENTIFIER_HEADER_LEN + usize::from(id_size);
            if at + used > size_usize {
                return Err(err(
                    DecodeErrorKind::StructOutOfRange {
                        field: StructField::IdentifierSize,
                        value: u32::from(id_size),
                        limit: size_usize - at - IDENTIFIER_HEADER_LEN,
                    },
                    at + 8,
                ));
            }
            if i + 1 < count {
                let next = u16_at(bytes, at + 10);
                if usize::from(next) < used {
                    // The next identifier would overlap this one.
                    return Err(err(
                        DecodeErrorKind::StructInvalid {
                            field: StructField::IdentifierNextOffset,
                            value: u32::from(next),
                        },
                        at + 10,
                    ));
                }
                // The next identifier must start inside `Size`, so that every
                // error stays inside the value.
                let next_at = at + usize::from(next);
                if next_at > size_usize {
                    return Err(err(
                        DecodeErrorKind::StructOutOfRange {
                            field: StructField::IdentifierNextOffset,
                            value: u32::from(next),
                            limit: size_usize - at,
                        },
                        at + 10,
                    ));
                }
                at = next_at;
            }
        }
        Ok(StorageDeviceIdDescriptor { bytes, base })
    }

    /// `Version`.
    pub fn version(&self) -> u32 {
        u32_at(self.bytes, 0)
    }

    /// `Size`.
    pub fn size(&self) -> u32 {
        u32_at(self.bytes, 4)
    }

    /// `NumberOfIdentifiers`.
    pub fn number_of_identifiers(&self) -> u32 {
        u32_at(self.bytes, 8)
    }

    /// The identifiers in order.
    pub fn identifiers(&self) -> StorageIdentifiers<'data> {
        StorageIdentifiers {
            bytes: self.bytes.get(..self.size() as usize).unwrap_or_default(),
            at: HEADER_LEN,
            remaining: self.number_of_identifiers(),
            base: self.base,
        }
    }

    /// The value's bytes (bytes past `Size` included).
    pub const fn as_bytes(&self) -> &'data [u8] {
        self.bytes
    }
}

impl EncodeValue for StorageDeviceIdDescriptor<'_> {
    /// `CLUSPROP_SYNTAX_STORAGE_DEVICE_ID_DESCRIPTOR`, the bytes as they are.
    fn syntax(&self) -> Syntax {
        Syntax::STORAGE_DEVICE_ID_DESCRIPTOR
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        u32::try_from(self.bytes.len()).map_err(|_| EncodeError::TooLong)?;
        Ok(self.bytes.len())
    }
    fn write_data(&self, out: &mut [u8]) {
        out.copy_from_slice(self.bytes)
    }
}

impl fmt::Debug for StorageDeviceIdDescriptor<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageDeviceIdDescriptor")
            .field("version", &self.version())
            .field("size", &self.size())
            .field("identifiers", &DebugList(self.identifiers()))
            .finish()
    }
}

struct DebugList<'data>(StorageIdentifiers<'data>);

impl fmt::Debug for DebugList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

impl fmt::Display for StorageDeviceIdDescriptor<'_> {
    /// `version V, N identifiers: [codeset C type T assoc A hex], ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "version {}, {} identifiers",
            self.version(),
            self.number_of_identifiers()
        )?;
        for (i, id) in self.identifiers().enumerate() {
            f.write_str(if i == 0 { ": " } else { ", " })?;
            write!(f, "{id}")?;
        }
        Ok(())
    }
}

/// Iterator over the identifiers of a [`StorageDeviceIdDescriptor`].
#[derive(Clone, Debug)]
pub struct StorageIdentifiers<'data> {
    bytes: &'data [u8],
    at: usize,
    remaining: u32,
    base: usize,
}

impl<'data> Iterator for StorageIdentifiers<'data> {
    type Item = StorageIdentifier<'data>;

    fn next(&mut self) -> Option<StorageIdentifier<'data>> {
        if self.remaining == 0 {
            return None;
        }
        let header = self.bytes.get(self.at..self.at + IDENTIFIER_HEADER_LEN)?;
        let id_size = usize::from(u16_at(header, 8));
        let start = self.at + IDENTIFIER_HEADER_LEN;
        let identifier = self.bytes.get(start..start + id_size)?;
        let item = StorageIdentifier {
            header,
            identifier,
            offset: self.base.saturating_add(self.at),
        };
        self.remaining -= 1;
        self.at += usize::from(u16_at(header, 10));
        Some(item)
    }
}

impl core::iter::FusedIterator for StorageIdentifiers<'_> {}

/// One `STORAGE_IDENTIFIER`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StorageIdentifier<'data> {
    header: &'data [u8],
    identifier: &'data [u8],
    offset: usize,
}

impl<'data> StorageIdentifier<'data> {
    /// `CodeSet` (1 binary, 2 ASCII, 3 UTF-8).
    pub fn code_set(&self) -> u32 {
        u32_at(self.header, 0)
    }
    /// `Type` (SPC-3 identifier type: 3 NAA, 2 EUI-64, 1 vendor id, ...).
    pub fn ty(&self) -> u32 {
        u32_at(self.header, 4)
    }
    /// `IdentifierSize`.
    pub fn identifier_size(&self) -> u16 {
        u16_at(self.header, 8)
    }
    /// `NextOffset`.
    pub fn next_offset(&self) -> u16 {
        u16_at(self.header, 10)
    }
    /// `Association` (0 device, 1 port, 2 target).
    pub fn association(&self) -> u32 {
        u32_at(self.header, 12)
    }
    /// `Identifier`: `IdentifierSize` bytes.
    pub fn identifier(&self) -> &'data [u8] {
        self.identifier
    }
    /// Byte offset of the identifier's header (from the value's start, or the
    /// outermost buffer's when read from a list).
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Debug for StorageIdentifier<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageIdentifier")
            .field("code_set", &self.code_set())
            .field("ty", &self.ty())
            .field("association", &self.association())
            .field("next_offset", &self.next_offset())
            .field("identifier", &self.identifier)
            .finish()
    }
}

impl fmt::Display for StorageIdentifier<'_> {
    /// `codeset C type T assoc A`, then the identifier: quoted when the code
    /// set is ASCII or UTF-8 and it is valid UTF-8, hex otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[codeset {} type {} assoc {} ",
            self.code_set(),
            self.ty(),
            self.association()
        )?;
        match core::str::from_utf8(self.identifier) {
            Ok(text) if matches!(self.code_set(), 2 | 3) => write!(f, "{text:?}")?,
            _ => {
                for b in self.identifier {
                    write!(f, "{b:02x}")?;
                }
            }
        }
        f.write_str("]")
    }
}

/// One identifier for [`StorageDeviceIdWriter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NewStorageIdentifier<'a> {
    /// `CodeSet`.
    pub code_set: u32,
    /// `Type`.
    pub ty: u32,
    /// `Association`.
    pub association: u32,
    /// `Identifier` (at most 65535 bytes).
    pub identifier: &'a [u8],
}

/// Writes a `STORAGE_DEVICE_ID_DESCRIPTOR` value: the header, then each
/// identifier padded to a multiple of 4 bytes, `NextOffset` pointing past
/// the padding (the last one's too), `Size` the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StorageDeviceIdWriter<'a> {
    /// `Version`.
    pub version: u32,
    /// The identifiers in order.
    pub identifiers: &'a [NewStorageIdentifier<'a>],
}

impl StorageDeviceIdWriter<'_> {
    /// Bytes one identifier takes, padding included.
    fn step(id: &NewStorageIdentifier<'_>) -> Result<usize, EncodeError> {
        u16::try_from(id.identifier.len()).map_err(|_| EncodeError::TooLong)?;
        let step = (IDENTIFIER_HEADER_LEN + id.identifier.len()).next_multiple_of(4);
        u16::try_from(step).map_err(|_| EncodeError::TooLong)?;
        Ok(step)
    }

    /// Writes into a fixed array, returning it and the length used
    /// (`BufferTooSmall` when `N` is too small).
    pub fn to_array<const N: usize>(&self) -> Result<([u8; N], usize), EncodeError> {
        let len = self.data_len()?;
        let mut out = [0u8; N];
        let dst = out
            .get_mut(..len)
            .ok_or(EncodeError::BufferTooSmall { needed: len })?;
        self.write_data(dst);
        Ok((out, len))
    }
}

impl EncodeValue for StorageDeviceIdWriter<'_> {
    fn syntax(&self) -> Syntax {
        Syntax::STORAGE_DEVICE_ID_DESCRIPTOR
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        u32::try_from(self.identifiers.len()).map_err(|_| EncodeError::TooLong)?;
        let mut total = HEADER_LEN;
        for id in self.identifiers {
            total = total
                .checked_add(Self::step(id)?)
                .ok_or(EncodeError::TooLong)?;
        }
        u32::try_from(total).map_err(|_| EncodeError::TooLong)?;
        Ok(total)
    }
    fn write_data(&self, out: &mut [u8]) {
        out.fill(0);
        let total = out.len() as u32;
        let put = |out: &mut [u8], at: usize, b: &[u8]| {
            if let Some(dst) = out.get_mut(at..at + b.len()) {
                dst.copy_from_slice(b);
            }
        };
        put(out, 0, &self.version.to_le_bytes());
        put(out, 4, &total.to_le_bytes());
        put(out, 8, &(self.identifiers.len() as u32).to_le_bytes());
        let mut at = HEADER_LEN;
        for id in self.identifiers {
            let step = Self::step(id).unwrap_or(0);
            put(out, at, &id.code_set.to_le_bytes());
            put(out, at + 4, &id.ty.to_le_bytes());
            put(out, at + 8, &(id.identifier.len() as u16).to_le_bytes());
            put(out, at + 10, &(step as u16).to_le_bytes());
            put(out, at + 12, &id.association.to_le_bytes());
            put(out, at + IDENTIFIER_HEADER_LEN, id.identifier);
            at += step;
        }
    }
}
