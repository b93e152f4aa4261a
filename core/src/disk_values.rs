//! The storage structures as values: [`EncodeValue`] (write with their own
//! syntax) and [`FromValue`] (read, checking the syntax) for each, and the
//! newtypes for the storage scalars that share a format with plain DWORDs.

use zerocopy::{FromBytes, IntoBytes};

use crate::disk::{
    FtSetInfo, Guid, PartitionInfo, PartitionInfoEx, PartitionInfoEx2, ResourceClass, ScsiAddress,
    StorageDeviceIdDescriptor,
};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError, LookupError, StructField};
use crate::read::value::FromValue;
use crate::read::views::RawValue;
use crate::syntax::Syntax;
use crate::text::Utf16Str;
use crate::write::values::{EncodeValue, fixed_size_values, write_utf16_nul};

/// `CLUSPROP_SYNTAX_DISK_SIGNATURE`: an MBR disk signature.
///
/// ```
/// use clusprop::disk::DiskSignature;
/// let mut buf = [0u8; 16];
/// let mut b = clusprop::ValueListBuilder::new(&mut buf);
/// b.value(&DiskSignature(0x1234_5678))?;
/// let n = b.finish()?;
/// let list = clusprop::ValueList::parse(&buf[..n])?;
/// assert_eq!(list.iter().next().unwrap().to::<DiskSignature>()?, DiskSignature(0x1234_5678));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DiskSignature(pub u32);

/// `CLUSPROP_SYNTAX_DISK_NUMBER`: the disk's device number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DiskNumber(pub u32);

/// `CLUSPROP_SYNTAX_DISK_SIZE`: the disk's size in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DiskSize(pub u64);

/// `CLUSPROP_SYNTAX_DISK_GUID`: a GPT disk GUID, on the wire as its
/// registry-form string (`{…}`, 38 characters and a NUL: 78 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DiskGuid(pub Guid);

/// The data of `value` when its syntax is `syntax` and it is `len` bytes
/// long (or any length for `None`).
fn expect_syntax<'data>(
    value: &RawValue<'data>,
    syntax: Syntax,
) -> Result<&'data [u8], LookupError> {
    if value.syntax() != syntax {
        return Err(LookupError::WrongSyntax {
            property: None,
            expected: syntax,
            found: value.syntax(),
            at: crate::ValueAt::Byte(value.offset()),
        });
    }
    if value.data().is_empty() {
        return Err(LookupError::Empty {
            property: None,
            at: crate::ValueAt::Byte(value.offset()),
        });
    }
    Ok(value.data())
}

fn wrong_length(value: &RawValue<'_>, syntax: Syntax) -> LookupError {
    LookupError::WrongSyntax {
        property: None,
        expected: syntax,
        found: value.syntax(),
        at: crate::ValueAt::Byte(value.offset()),
    }
}

macro_rules! scalar_values {
    ($($ty:ident($inner:ty) => $syntax:ident;)*) => {$(
        fixed_size_values! { $ty => $syntax, |v| v.0.to_le_bytes(); }

        impl<'data> FromValue<'data> for $ty {
            fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
                let data = expect_syntax(value, Syntax::$syntax)?;
                data.try_into()
                    .map(|b| $ty(<$inner>::from_le_bytes(b)))
                    .map_err(|_| wrong_length(value, Syntax::$syntax))
            }
        }
    )*};
}

scalar_values! {
    DiskSignature(u32) => DISK_SIGNATURE;
    DiskNumber(u32) => DISK_NUMBER;
    DiskSize(u64) => DISK_SIZE;
}

/// The registry form of a GUID as ASCII bytes (38 of them).
fn guid_text(g: &Guid) -> [u8; 38] {
    let mut out = [0u8; 38];
    let mut w = ArrayWriter {
        buf: &mut out,
        at: 0,
    };
    let _ = core::fmt::write(&mut w, format_args!("{g}"));
    out
}

struct ArrayWriter<'a> {
    buf: &'a mut [u8],
    at: usize,
}

impl core::fmt::Write for ArrayWriter<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.at + s.len();
        self.buf
            .get_mut(self.at..end)
            .ok_or(core::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.at = end;
        Ok(())
    }
}

impl EncodeValue for DiskGuid {
    fn syntax(&self) -> Syntax {
        Syntax::DISK_GUID
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        Ok((38 + 1) * 2)
    }
    fn write_data(&self, out: &mut [u8]) {
        let text = guid_text(&self.0);
        // ASCII only, so each byte is one code unit.
        let units: [u16; 38] = core::array::from_fn(|i| u16::from(text[i]));
        write_utf16_nul(&units[..], out);
    }
}

/// Reads the `{GUID}` text of a `DISK_GUID` value.
fn guid_from_text(value: &RawValue<'_>, data: &[u8]) -> Result<Guid, LookupError> {
    let text = crate::read::value::string(data);
    let bad = |at: usize| {
        LookupError::malformed(DecodeError::new(
            DecodeErrorKind::StructInvalid {
                field: StructField::GuidText,
                value: at as u32,
            },
            value.data_offset() + 2 * at,
        ))
    };
    let mut ascii = [0u8; 38];
    if text.len() > ascii.len() {
        return Err(bad(ascii.len()));
    }
    for (i, (slot, unit)) in ascii.iter_mut().zip(text.units()).enumerate() {
        *slot = u8::try_from(unit)
            .ok()
            .filter(u8::is_ascii)
            .ok_or_else(|| bad(i))?;
    }
    let ascii = core::str::from_utf8(&ascii[..text.len()]).map_err(|_| bad(0))?;
    Guid::parse(ascii).map_err(|e| bad(e.position()))
}

impl<'data> FromValue<'data> for DiskGuid {
    /// Reads a `DISK_GUID` value's `{GUID}` string; text that is not one is
    /// `Malformed` with the offset of the first character that does not fit.
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        let data = expect_syntax(value, Syntax::DISK_GUID)?;
        guid_from_text(value, data).map(DiskGuid)
    }
}

impl<'data> FromValue<'data> for crate::write::values::DiskSerialNumber<Utf16Str<'data>> {
    /// A `DISK_SERIALNUMBER` value's string.
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        let data = expect_syntax(value, Syntax::DISK_SERIALNUMBER)?;
        // The shape `without_nul` checks (even, room for the NUL); the text
        // as every string value's is read (padding NULs left out).
        Utf16Str::without_nul(data)
            .map(|_| crate::write::values::DiskSerialNumber(crate::read::value::string(data)))
            .ok_or_else(|| wrong_length(value, Syntax::DISK_SERIALNUMBER))
    }
}

impl<'data> FromValue<'data> for Guid {
    /// A `DISK_GUID` value, as [`DiskGuid`].
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        DiskGuid::from_value(value).map(|g| g.0)
    }
}

impl EncodeValue for ScsiAddress {
    fn syntax(&self) -> Syntax {
        Syntax::SCSI_ADDRESS
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        Ok(4)
    }
    fn write_data(&self, out: &mut [u8]) {
        out.copy_from_slice(&self.to_u32().to_le_bytes());
    }
}

impl<'data> FromValue<'data> for ScsiAddress {
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        let data = expect_syntax(value, Syntax::SCSI_ADDRESS)?;
        ScsiAddress::from_data(data).ok_or_else(|| wrong_length(value, Syntax::SCSI_ADDRESS))
    }
}

impl EncodeValue for ResourceClass {
    /// `CLUSPROP_SYNTAX_RESCLASS`: 4 bytes (the Win32 form) without a
    /// subclass, 8 (`CLUS_RESOURCE_CLASS_INFO`, MS-CMRP 2.2.3.7) with one.
    fn syntax(&self) -> Syntax {
        Syntax::RESCLASS
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        Ok(if self.subclass.is_some() { 8 } else { 4 })
    }
    fn write_data(&self, out: &mut [u8]) {
        if let Some(dst) = out.get_mut(..4) {
            dst.copy_from_slice(&self.class.to_le_bytes());
        }
        if let (Some(sub), Some(dst)) = (self.subclass, out.get_mut(4..8)) {
            dst.copy_from_slice(&sub.to_le_bytes());
        }
    }
}

impl<'data> FromValue<'data> for ResourceClass {
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        let data = expect_syntax(value, Syntax::RESCLASS)?;
        ResourceClass::from_data(data).ok_or_else(|| wrong_length(value, Syntax::RESCLASS))
    }
}

macro_rules! structure_values {
    ($($ty:ident => $syntax:ident, $read:ident;)*) => {$(
        impl EncodeValue for $ty {
            fn syntax(&self) -> Syntax {
                Syntax::$syntax
            }
            fn data_len(&self) -> Result<usize, EncodeError> {
                Ok(core::mem::size_of::<$ty>())
            }
            fn write_data(&self, out: &mut [u8]) {
                out.copy_from_slice(self.as_bytes());
            }
        }

        impl<'data> FromValue<'data> for &'data $ty {
            fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
                let data = expect_syntax(value, Syntax::$syntax)?;
                structure_values!(@read $read, $ty, data)
                    .map_err(|_| wrong_length(value, Syntax::$syntax))
            }
        }
    )*};
    (@read exact, $ty:ident, $data:expr) => { $ty::ref_from_bytes($data) };
    (@read prefix, $ty:ident, $data:expr) => { $ty::ref_from_prefix($data).map(|(v, _)| v) };
}

structure_values! {
    PartitionInfo => PARTITION_INFO, exact;
    PartitionInfoEx => PARTITION_INFO_EX, exact;
    // MS-CMRP 2.2.3.45 fixes 1700 bytes; bytes past them are ignored.
    PartitionInfoEx2 => PARTITION_INFO_EX2, prefix;
    FtSetInfo => FTSET_INFO, exact;
}

impl<'data> FromValue<'data> for StorageDeviceIdDescriptor<'data> {
    /// A `STORAGE_DEVICE_ID_DESCRIPTOR` value, checked
    /// ([`StorageDeviceIdDescriptor::parse`]); error offsets are in the
    /// outermost buffer.
    fn from_value(value: &RawValue<'data>) -> Result<Self, LookupError> {
        let data = expect_syntax(value, Syntax::STORAGE_DEVICE_ID_DESCRIPTOR)?;
        StorageDeviceIdDescriptor::parse_at(data, value.data_offset())
            .map_err(LookupError::malformed)
    }
}
