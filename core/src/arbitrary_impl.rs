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

use crate::disk::{Guid, NewStorageIdentifier, StorageDeviceIdWriter};
use crate::formats::{FORMATS, FormatInfo, Shape};
use crate::owned::{
    OwnedData, OwnedProperty, OwnedPropertyList, OwnedValue, OwnedValueList, WideString,
};
use crate::security::{AceBody, AceType, Control, NewAce, SecurityDescriptorWriter, SidBuf};
use crate::syntax::{PropertyFormat, PropertyType, Syntax};
use crate::write::values::EncodeValue;

/// The bytes an encodable value writes as its data.
fn data_of(value: &impl EncodeValue) -> Option<Vec<u8>> {
    let mut out = alloc::vec![0u8; value.data_len().ok()?];
    value.write_data(&mut out);
    Some(out)
}

fn arbitrary_sid(u: &mut Unstructured<'_>) -> Result<SidBuf> {
    let authority = u.arbitrary::<u64>()? & 0xFFFF_FFFF_FFFF;
    let count = u.int_in_range(0..=15)?;
    let subs = (0..count)
        .map(|_| u.arbitrary::<u32>())
        .collect::<Result<Vec<_>>>()?;
    Ok(SidBuf::new(authority, &subs).unwrap_or(SidBuf::EVERYONE))
}

/// A well-formed self-relative descriptor from the writer: optional owner
/// and group, and optional SACL and DACL of allowed, denied, audit and
/// raw-bodied (object) ACEs.
fn structured_security_descriptor(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    let sids = (0..4)
        .map(|_| arbitrary_sid(u))
        .collect::<Result<Vec<_>>>()?;
    let raw_bodies = (0..2)
        .map(|_| {
            let mut b = Vec::<u8>::arbitrary(u)?;
            b.truncate(32);
            b.resize(b.len().next_multiple_of(4), 0);
            Ok(b)
        })
        .collect::<Result<Vec<_>>>()?;
    let ace = |u: &mut Unstructured<'_>| -> Result<NewAce<'_>> {
        let sid = sids[u.int_in_range(0..=3)?].as_sid();
        let flags = u.arbitrary()?;
        Ok(match u.int_in_range(0u8..=3)? {
            0 => NewAce {
                flags,
                ..NewAce::allow(u.arbitrary()?, sid)
            },
            1 => NewAce {
                flags,
                ..NewAce::deny(u.arbitrary()?, sid)
            },
            2 => NewAce::audit(u.arbitrary()?, sid, flags),
            _ => NewAce {
                ace_type: AceType(*u.choose(&[5u8, 6, 7, 9, 0x11])?),
                flags,
                body: AceBody::Raw(&raw_bodies[u.int_in_range(0..=1)?]),
            },
        })
    };
    let acl = |u: &mut Unstructured<'_>| -> Result<Option<Vec<NewAce<'_>>>> {
        if !u.arbitrary::<bool>()? {
            return Ok(None);
        }
        let n = u.int_in_range(0..=4)?;
        Ok(Some((0..n).map(|_| ace(u)).collect::<Result<Vec<_>>>()?))
    };
    let sacl = acl(u)?;
    let dacl = acl(u)?;
    let owner = if u.arbitrary()? {
        Some(sids[0].as_sid())
    } else {
        None
    };
    let group = if u.arbitrary()? {
        Some(sids[1].as_sid())
    } else {
        None
    };
    let writer = SecurityDescriptorWriter {
        control: Control(u.arbitrary::<u16>()? & 0x3C2B),
        owner,
        group,
        sacl: sacl.as_deref(),
        dacl: dacl.as_deref(),
    };
    Ok(data_of(&writer).unwrap_or_default())
}

/// A well-formed `STORAGE_DEVICE_ID_DESCRIPTOR` from the writer.
fn structured_storage_id(u: &mut Unstructured<'_>) -> Result<Vec<u8>> {
    let n = u.int_in_range(0..=3)?;
    let payloads = (0..n)
        .map(|_| {
            let mut b = Vec::<u8>::arbitrary(u)?;
            b.truncate(40);
            Ok(b)
        })
        .collect::<Result<Vec<_>>>()?;
    let ids = payloads
        .iter()
        .map(|p| {
            Ok(NewStorageIdentifier {
                code_set: u.int_in_range(0..=3)?,
                ty: u.int_in_range(0..=8)?,
                association: u.int_in_range(0..=2)?,
                identifier: p,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let writer = StorageDeviceIdWriter {
        version: u.arbitrary()?,
        identifiers: &ids,
    };
    Ok(data_of(&writer).unwrap_or_default())
}

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
        7 => {
            // Half the time a GUID in registry form, as Windows writes it.
            let text = if u.arbitrary()? {
                let g = Guid::from_u128(u.arbitrary()?);
                WideString::from_str_checked(&alloc::format!("{g}")).unwrap_or_default()
            } else {
                WideString::arbitrary(u)?
            };
            (Syntax::DISK_GUID, OwnedData::String(text))
        }
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
            // Half the time a well-formed descriptor, else any bytes.
            let mut bytes = if u.arbitrary()? {
                structured_storage_id(u)?
            } else {
                Vec::<u8>::arbitrary(u)?
            };
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

/// Whether `value_at` generates values of `info`'s format at `depth`:
/// every format with a typed form, nested lists only above the depth cap.
fn generated(info: &FormatInfo, depth: u8) -> bool {
    info.shape != Shape::Opaque && (depth < MAX_GENERATED_DEPTH || !info.shape.is_list())
}

/// Data of `info`'s shape (for its format, as the table describes it).
fn data_of_shape(u: &mut Unstructured<'_>, info: &FormatInfo, depth: u8) -> Result<OwnedData> {
    Ok(match info.shape {
        Shape::Unsigned { .. } | Shape::Signed { .. } | Shape::FileTime => {
            let (low, high) = info.shape.integer_range().unwrap_or((0, 0));
            OwnedData::from_integer(info.shape, u.int_in_range(low..=high)?)
                .unwrap_or(OwnedData::Empty)
        }
        Shape::Text => OwnedData::String(WideString::arbitrary(u)?),
        Shape::MultiText => {
            let n = u.int_in_range(0..=4)?;
            let items = (0..n)
                .map(|_| non_empty_wide(u))
                .collect::<Result<Vec<_>>>()?;
            OwnedData::MultiString(items)
        }
        Shape::Bytes if info.format == PropertyFormat::SECURITY_DESCRIPTOR => {
            // Half the time a well-formed descriptor from the writer, else a
            // header of zero offsets followed by any bytes (at least 20 in all).
            OwnedData::Binary(if u.arbitrary()? {
                structured_security_descriptor(u)?
            } else {
                let mut sd = alloc::vec![1u8, 0, 4, 0x80];
                sd.extend(core::iter::repeat_n(0u8, 16));
                sd.extend(Vec::<u8>::arbitrary(u)?);
                sd
            })
        }
        Shape::Bytes => OwnedData::Binary(Vec::<u8>::arbitrary(u)?),
        Shape::PropertyList => OwnedData::PropertyList(list_at(u, depth + 1)?),
        Shape::ValueList => {
            let n = u.int_in_range(0..=4)?;
            let values = (0..n)
                .map(|_| entry_at(u, depth + 1))
                .collect::<Result<Vec<_>>>()?;
            OwnedData::ValueList(OwnedValueList { values })
        }
        Shape::Opaque => OwnedData::Empty,
    })
}

/// A property value: one of the table's formats by its shape, an empty
/// "reset to default" value, or a user-defined syntax kept raw.
fn value_at(u: &mut Unstructured<'_>, depth: u8) -> Result<OwnedValue> {
    let formats = FORMATS.iter().filter(|f| generated(f, depth)).count();
    let kind = u.int_in_range(0..=formats + 1)?;
    Ok(match kind.checked_sub(2) {
        Some(nth) => {
            let Some(info) = FORMATS.iter().filter(|f| generated(f, depth)).nth(nth) else {
                return Ok(OwnedValue::dword(0));
            };
            let data = data_of_shape(u, info, depth)?;
            OwnedValue::new(Syntax::new(PropertyType::LIST_VALUE, info.format), data)
                .unwrap_or(OwnedValue::dword(0))
        }
        None if kind == 0 => {
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
        None => {
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
    })
}

fn list_at(u: &mut Unstructured<'_>, depth: u8) -> Result<OwnedPropertyList> {
    let n = u.int_in_range(0..=8)?;
    let mut properties = Vec::with_capacity(n);
    for _ in 0..n {
        let name = WideString::arbitrary(u)?;
        let count = u.int_in_range(1..=crate::limits::MAX_VALUES_PER_PROPERTY)?;
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
        let mut typed = [0usize; 3];
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

            count_typed(&mut parsed.iter().flat_map(|p| p.values()), &mut typed);

            let values = OwnedValueList::arbitrary(&mut u).unwrap();
            let encoded = values.to_vec().unwrap();
            let parsed = crate::ValueList::parse(&encoded).unwrap();
            assert_eq!(OwnedValueList::from_list(&parsed), values);
            count_typed(&mut parsed.iter(), &mut typed);
        }
        if !cfg!(miri) {
            assert!(typed.iter().all(|&n| n > 0), "typed forms seen: {typed:?}");
        }
    }

    #[test]
    fn structured_descriptors_parse() {
        let mut seed = 0x9E37_79B9u32;
        let mut bytes = [0u8; 1024];
        let (mut sds, mut aces, mut exact) = (0, 0, 0);
        for _ in 0..if cfg!(miri) { 2 } else { 300 } {
            for b in bytes.iter_mut() {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                *b = seed as u8;
            }
            let mut u = Unstructured::new(&bytes);
            let sd = structured_security_descriptor(&mut u).unwrap();
            let view = crate::security::SecurityDescriptor::parse(&sd)
                .unwrap_or_else(|e| panic!("{e}: {sd:02x?}"));
            sds += 1;
            aces += view.dacl().map_or(0, |a| a.aces().count());
            // Display → parse_sddl is a fixed point of the text, and gives
            // the same bytes when no control bit the text leaves out is set.
            let text = alloc::format!("{view}");
            let again =
                crate::security::parse_sddl(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
            let reread = crate::security::SecurityDescriptor::parse(&again).unwrap();
            assert_eq!(alloc::format!("{reread}"), text);
            let c = view.control().0;
            let shown = (c & 0x002B == 0)
                && (view.dacl().is_some() || c & 0x1400 == 0)
                && (view.sacl().is_some() || c & 0x2800 == 0);
            if shown {
                assert_eq!(again, sd, "{text}");
                exact += 1;
            }
            let id = structured_storage_id(&mut u).unwrap();
            crate::disk::StorageDeviceIdDescriptor::parse(&id)
                .unwrap_or_else(|e| panic!("{e}: {id:02x?}"));
        }
        assert!(sds > 0 && aces > 0, "{sds} {aces} {exact}");
        // Two descriptors under miri may both set a bit the text leaves out.
        if !cfg!(miri) {
            assert!(exact > 0, "{sds} {aces} {exact}");
        }
    }

    /// Reads the generated security descriptors, storage id descriptors and
    /// GUID strings into their typed views and writes them back: the bytes
    /// must be the same. Counts those that had a typed form, per kind.
    fn count_typed<'a>(
        values: &mut dyn Iterator<Item = crate::RawValue<'a>>,
        typed: &mut [usize; 3],
    ) {
        use crate::disk::{DiskGuid, StorageDeviceIdDescriptor};
        use crate::security::SecurityDescriptor;
        for v in values {
            let again = if v.syntax() == Syntax::LIST_VALUE_SECURITY_DESCRIPTOR {
                v.to::<SecurityDescriptor>()
                    .ok()
                    .map(|sd| (0, data_of(&sd)))
            } else if v.syntax() == Syntax::STORAGE_DEVICE_ID_DESCRIPTOR {
                v.to::<StorageDeviceIdDescriptor>()
                    .ok()
                    .map(|d| (1, data_of(&d)))
            } else if v.syntax() == Syntax::DISK_GUID {
                v.to::<DiskGuid>()
                    .ok()
                    .filter(|g| {
                        v.to::<crate::Utf16Str>()
                            .is_ok_and(|t| t == alloc::format!("{}", g.0).as_str())
                    })
                    .map(|g| (2, data_of(&g)))
            } else {
                match v.decode() {
                    crate::Value::PropertyList(l) => {
                        count_typed(&mut l.iter().flat_map(|p| p.values()), typed)
                    }
                    crate::Value::ValueList(l) => count_typed(&mut l.iter(), typed),
                    _ => {}
                }
                None
            };
            if let Some((kind, bytes)) = again {
                assert_eq!(bytes.as_deref(), Some(v.data()), "{:?}", v.syntax());
                typed[kind] += 1;
            }
        }
    }
}
