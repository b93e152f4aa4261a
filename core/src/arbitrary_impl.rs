//! `arbitrary::Arbitrary` for the owned model (feature `arbitrary`), for
//! structured fuzzing: every format, multi-valued properties, nested lists up
//! to a small depth, names with any UTF-16 (lone surrogates included), and in
//! bare value lists the entries only they carry (NAME, RESCLASS, the disk
//! syntaxes).
//!
//! Generated values keep the model's invariants (no NUL in names and
//! strings, no empty `MULTI_SZ` element, data that fits the syntax), so every
//! generated list is encodable unless it is simply too big.

use alloc::vec::Vec;

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::owned::{
    OwnedData, OwnedProperty, OwnedPropertyList, OwnedValue, OwnedValueList, WideString,
};
use crate::syntax::{PropertyFormat, PropertyType, Syntax};
use crate::value::FileTime;

/// Nested lists deeper than this are not generated (the reader's default
/// limit is 8; keeping well below it keeps inputs small).
const MAX_GENERATED_DEPTH: u8 = 3;

impl<'a> Arbitrary<'a> for WideString {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let len = u.int_in_range(0..=24)?;
        let mut units = Vec::with_capacity(len);
        for _ in 0..len {
            // Any code unit but NUL (NUL cannot be in a name or a string).
            units.push(u.int_in_range(1..=u16::MAX)?);
        }
        Ok(WideString::from_units(units).unwrap_or_default())
    }
}

fn non_empty_wide(u: &mut Unstructured<'_>) -> Result<WideString> {
    let s = WideString::arbitrary(u)?;
    if s.units().is_empty() {
        Ok(
            WideString::from_units(alloc::vec![u16::from(u.int_in_range(b'a'..=b'z')?)])
                .unwrap_or_default(),
        )
    } else {
        Ok(s)
    }
}

/// An entry that only a bare value list carries (docs/wire-format.md §3.1, §4.2,
/// §4.3): a name, a resource class or one of the disk syntaxes, built in the
/// representation the reader's owned copy gives back.
fn bare_entry(u: &mut Unstructured<'_>) -> Result<OwnedValue> {
    // A fixed-size structure: an arbitrary prefix, zero-filled to `len`.
    let structure = |u: &mut Unstructured<'_>, len: usize| -> Result<OwnedData> {
        let mut bytes = Vec::<u8>::arbitrary(u)?;
        bytes.resize(len, 0);
        Ok(OwnedData::Binary(bytes))
    };
    let (syntax, data) = match u.int_in_range(0u8..=13)? {
        0 => (Syntax::NAME, OwnedData::String(WideString::arbitrary(u)?)),
        1 => (Syntax::RESCLASS, OwnedData::Dword(u.arbitrary()?)),
        // The 8-byte CLUS_RESOURCE_CLASS_INFO form has no typed owned form.
        2 => (
            Syntax::RESCLASS,
            OwnedData::Raw(u.arbitrary::<[u8; 8]>()?.to_vec()),
        ),
        3 => (Syntax::DISK_SIGNATURE, OwnedData::Dword(u.arbitrary()?)),
        4 => (Syntax::SCSI_ADDRESS, OwnedData::Dword(u.arbitrary()?)),
        5 => (Syntax::DISK_NUMBER, OwnedData::Dword(u.arbitrary()?)),
        6 => (
            Syntax::DISK_SERIALNUMBER,
            OwnedData::String(WideString::arbitrary(u)?),
        ),
        7 => (
            Syntax::DISK_GUID,
            OwnedData::String(WideString::arbitrary(u)?),
        ),
        8 => (Syntax::DISK_SIZE, OwnedData::ULargeInteger(u.arbitrary()?)),
        9 => (Syntax::PARTITION_INFO, structure(u, 1120)?),
        10 => (Syntax::PARTITION_INFO_EX, structure(u, 1160)?),
        11 => {
            // At least 1700 bytes; Windows may send 1704 (docs/wire-format.md §4.3).
            let len = 1700 + usize::from(u.int_in_range(0u8..=8)?);
            (Syntax::PARTITION_INFO_EX2, structure(u, len)?)
        }
        12 => (Syntax::FTSET_INFO, structure(u, 8)?),
        _ => {
            let mut bytes = Vec::<u8>::arbitrary(u)?;
            if bytes.is_empty() {
                bytes.push(0);
            }
            (
                Syntax::STORAGE_DEVICE_ID_DESCRIPTOR,
                OwnedData::Binary(bytes),
            )
        }
    };
    Ok(OwnedValue::new(syntax, data).unwrap_or(OwnedValue::dword(0)))
}

/// A value of a bare value list: one in four is an entry only such lists carry.
fn entry_at(u: &mut Unstructured<'_>, depth: u8) -> Result<OwnedValue> {
    if u.ratio(1u8, 4)? {
        bare_entry(u)
    } else {
        value_at(u, depth)
    }
}

fn value_at(u: &mut Unstructured<'_>, depth: u8) -> Result<OwnedValue> {
    let string = |u: &mut Unstructured<'_>, syntax: Syntax| -> Result<OwnedValue> {
        let s = WideString::arbitrary(u)?;
        Ok(OwnedValue::new(syntax, OwnedData::String(s)).unwrap_or(OwnedValue::dword(0)))
    };
    let kinds = if depth < MAX_GENERATED_DEPTH { 16 } else { 14 };
    Ok(match u.int_in_range(0..=kinds - 1)? {
        0 => OwnedValue::dword(u.arbitrary()?),
        1 => OwnedValue::long(u.arbitrary()?),
        2 => OwnedValue::word(u.arbitrary()?),
        3 => OwnedValue::ularge_integer(u.arbitrary()?),
        4 => OwnedValue::large_integer(u.arbitrary()?),
        5 => OwnedValue::filetime(FileTime(u.arbitrary()?)),
        6 => OwnedValue::binary(Vec::<u8>::arbitrary(u)?),
        7 => string(u, Syntax::LIST_VALUE_SZ)?,
        8 => string(u, Syntax::LIST_VALUE_EXPAND_SZ)?,
        9 => string(u, Syntax::LIST_VALUE_EXPANDED_SZ)?,
        10 => {
            let n = u.int_in_range(0..=4)?;
            let items = (0..n)
                .map(|_| non_empty_wide(u))
                .collect::<Result<Vec<_>>>()?;
            OwnedValue::new(Syntax::LIST_VALUE_MULTI_SZ, OwnedData::MultiString(items))
                .unwrap_or(OwnedValue::dword(0))
        }
        11 => {
            // A self-relative security descriptor is at least 20 bytes.
            let mut sd = alloc::vec![1u8, 0, 4, 0x80];
            sd.extend(core::iter::repeat_n(0u8, 16));
            sd.extend(Vec::<u8>::arbitrary(u)?);
            OwnedValue::new(
                Syntax::LIST_VALUE_SECURITY_DESCRIPTOR,
                OwnedData::Binary(sd),
            )
            .unwrap_or(OwnedValue::dword(0))
        }
        12 => {
            // "Reset to default": a zero-length value of a standard format.
            let format = *u.choose(&[
                PropertyFormat::DWORD,
                PropertyFormat::SZ,
                PropertyFormat::MULTI_SZ,
                PropertyFormat::BINARY,
                PropertyFormat::ULARGE_INTEGER,
            ])?;
            OwnedValue::new(
                Syntax::new(PropertyType::LIST_VALUE, format),
                OwnedData::Empty,
            )
            .unwrap_or(OwnedValue::dword(0))
        }
        13 => {
            // A user-defined syntax: raw bytes kept as they are.
            let ty = u.int_in_range(0x8000..=0xFFFF)?;
            let format = u.arbitrary::<u16>()?;
            let mut data = Vec::<u8>::arbitrary(u)?;
            if data.is_empty() {
                data.push(0);
            }
            OwnedValue::new(
                Syntax::new(PropertyType(ty), PropertyFormat(format)),
                OwnedData::Raw(data),
            )
            .unwrap_or(OwnedValue::dword(0))
        }
        14 => OwnedValue::property_list(list_at(u, depth + 1)?),
        _ => {
            let n = u.int_in_range(0..=4)?;
            let values = (0..n)
                .map(|_| entry_at(u, depth + 1))
                .collect::<Result<Vec<_>>>()?;
            OwnedValue::value_list(OwnedValueList { values })
        }
    })
}

fn list_at(u: &mut Unstructured<'_>, depth: u8) -> Result<OwnedPropertyList> {
    let n = u.int_in_range(0..=8)?;
    let mut properties = Vec::with_capacity(n);
    for _ in 0..n {
        let name = WideString::arbitrary(u)?;
        let count = u.int_in_range(1..=3)?;
        let values = (0..count)
            .map(|_| value_at(u, depth))
            .collect::<Result<Vec<_>>>()?;
        properties.push(OwnedProperty { name, values });
    }
    Ok(OwnedPropertyList {
        properties,
        trailing_end_mark: u.arbitrary()?,
    })
}

impl<'a> Arbitrary<'a> for OwnedValue {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        value_at(u, 0)
    }
}

impl<'a> Arbitrary<'a> for OwnedPropertyList {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        list_at(u, 0)
    }
}

impl<'a> Arbitrary<'a> for OwnedValueList {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let n = u.int_in_range(0..=8)?;
        let values = (0..n).map(|_| entry_at(u, 0)).collect::<Result<Vec<_>>>()?;
        Ok(OwnedValueList { values })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_lists_round_trip() {
        let mut seed = 0x1234_5678u32;
        let mut bytes = [0u8; 4096];
        // Under miri (an interpreter) two lists already cover the code paths;
        // 200 took 12 minutes per target there.
        let rounds = if cfg!(miri) { 2 } else { 200 };
        for _ in 0..rounds {
            for b in bytes.iter_mut() {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                *b = seed as u8;
            }
            let mut u = Unstructured::new(&bytes);
            let list = OwnedPropertyList::arbitrary(&mut u).unwrap();
            let options = list.encode_options().with_expanded_sz(true);
            let encoded = list.to_vec_with(&options).unwrap();
            let parsed = crate::PropertyList::parse(&encoded).unwrap();
            assert_eq!(OwnedPropertyList::from_list(&parsed), list);

            let values = OwnedValueList::arbitrary(&mut u).unwrap();
            let encoded = values.to_vec().unwrap();
            let parsed = crate::ValueList::parse(&encoded).unwrap();
            assert_eq!(OwnedValueList::from_list(&parsed), values);
        }
    }
}
