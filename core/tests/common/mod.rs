//! The test suites' shared helpers, from the workspace's test kit: where the
//! vectors live (`testkit/vectors/`) and a tiny assembler for hand-made
//! buffers that shares no code with the crate's encoder; and the typed
//! re-encoding the round-trip tests share.

#![allow(unused_imports)] // each suite uses its own subset
#![allow(dead_code)] // ...and its own subset of the helpers below

pub use clusprop_testkit::{Asm, all_vectors, hex, sz, vector, vectors_dir};

/// Every value of a parsed list, nested lists' values included, depth first.
pub fn each_value<'a>(values: clusprop::Values<'a>, f: &mut dyn FnMut(&clusprop::RawValue<'a>)) {
    for v in values {
        f(&v);
        match v.decode() {
            clusprop::Value::PropertyList(l) => {
                for p in &l {
                    each_value(p.values(), f);
                }
            }
            clusprop::Value::ValueList(l) => each_value(l.iter(), f),
            _ => {}
        }
    }
}

fn data_of<V: clusprop::EncodeValue>(v: &V) -> (clusprop::Syntax, Vec<u8>) {
    let mut out = vec![0u8; v.data_len().expect("typed value encodes")];
    v.write_data(&mut out);
    (v.syntax(), out)
}

/// A value read into its typed form and written back from it: the typed
/// form's name and the syntax and data it writes. `None` when the value has
/// no typed form, or one that would not reproduce it (a GUID string not in
/// upper-case registry form, a PARTITION_INFO_EX2 longer than 1700 bytes, a
/// MULTI_SZ that is not canonical, a string with an unpaired surrogate):
/// those stay raw.
pub fn typed_reencode(
    v: &clusprop::RawValue<'_>,
) -> Option<(&'static str, clusprop::Syntax, Vec<u8>)> {
    use clusprop::disk::*;
    use clusprop::security::SecurityDescriptor;
    use clusprop::{PropertyFormat as F, Syntax as S};
    if v.data().is_empty() {
        return None;
    }
    let typed = |name: &'static str, (syntax, data): (S, Vec<u8>)| Some((name, syntax, data));
    match v.syntax() {
        S::DISK_SIGNATURE => {
            return typed("DiskSignature", data_of(&v.to::<DiskSignature>().ok()?));
        }
        S::DISK_NUMBER => return typed("DiskNumber", data_of(&v.to::<DiskNumber>().ok()?)),
        S::DISK_SIZE => return typed("DiskSize", data_of(&v.to::<DiskSize>().ok()?)),
        S::SCSI_ADDRESS => return typed("ScsiAddress", data_of(&v.to::<ScsiAddress>().ok()?)),
        S::RESCLASS => return typed("ResourceClass", data_of(&v.to::<ResourceClass>().ok()?)),
        S::DISK_GUID => {
            let g = v.to::<DiskGuid>().ok()?;
            let canonical = format!("{}", g.0);
            let text = v.to::<clusprop::Utf16Str>().ok()?;
            if text != canonical.as_str() {
                return None;
            }
            return typed("DiskGuid", data_of(&g));
        }
        S::PARTITION_INFO => {
            return typed("PartitionInfo", data_of(v.to::<&PartitionInfo>().ok()?));
        }
        S::PARTITION_INFO_EX => {
            return typed("PartitionInfoEx", data_of(v.to::<&PartitionInfoEx>().ok()?));
        }
        S::PARTITION_INFO_EX2 if v.data().len() == 1700 => {
            return typed(
                "PartitionInfoEx2",
                data_of(v.to::<&PartitionInfoEx2>().ok()?),
            );
        }
        S::FTSET_INFO => return typed("FtSetInfo", data_of(v.to::<&FtSetInfo>().ok()?)),
        S::STORAGE_DEVICE_ID_DESCRIPTOR => {
            return typed(
                "StorageDeviceIdDescriptor",
                data_of(&v.to::<StorageDeviceIdDescriptor>().ok()?),
            );
        }
        _ => {}
    }
    if v.syntax().ty() != clusprop::PropertyType::LIST_VALUE {
        return None;
    }
    match v.syntax().format() {
        F::SECURITY_DESCRIPTOR => typed(
            "SecurityDescriptor",
            data_of(&v.to::<SecurityDescriptor>().ok()?),
        ),
        F::SZ => typed("String", data_of(&clusprop::Sz(v.to::<String>().ok()?))),
        F::EXPAND_SZ => typed(
            "String",
            data_of(&clusprop::ExpandSz(v.to::<String>().ok()?)),
        ),
        F::EXPANDED_SZ => typed(
            "String",
            data_of(&clusprop::ExpandedSz(v.to::<String>().ok()?)),
        ),
        F::MULTI_SZ => {
            let items = v.to::<Vec<String>>().ok()?;
            let (syntax, data) = data_of(&clusprop::MultiSzOf(&items));
            (data == v.data()).then_some(("Vec<String>", syntax, data))
        }
        F::DWORD => {
            let b = v.to::<bool>().ok()?;
            typed("bool", data_of(&u32::from(b)))
        }
        F::FILETIME => {
            let t = v.to::<std::time::SystemTime>().ok()?;
            typed(
                "SystemTime",
                data_of(&clusprop::FileTime::from_system_time(t)?),
            )
        }
        _ => None,
    }
}
