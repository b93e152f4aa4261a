//! Every named constant is checked against the same constant in `windows-sys`
//! (the Windows SDK metadata), so no number here is typed from memory.

use clusprop::{PropertyFormat, PropertyType, Syntax};
use windows_sys::Win32::Networking::Clustering as w;

#[test]
fn syntaxes_match_windows_sys() {
    let pairs: &[(Syntax, u32)] = &[
        (Syntax::ENDMARK, w::CLUSPROP_SYNTAX_ENDMARK),
        (Syntax::NAME, w::CLUSPROP_SYNTAX_NAME),
        (Syntax::RESCLASS, w::CLUSPROP_SYNTAX_RESCLASS),
        (Syntax::LIST_VALUE_SZ, w::CLUSPROP_SYNTAX_LIST_VALUE_SZ),
        (
            Syntax::LIST_VALUE_EXPAND_SZ,
            w::CLUSPROP_SYNTAX_LIST_VALUE_EXPAND_SZ,
        ),
        (
            Syntax::LIST_VALUE_DWORD,
            w::CLUSPROP_SYNTAX_LIST_VALUE_DWORD,
        ),
        (
            Syntax::LIST_VALUE_BINARY,
            w::CLUSPROP_SYNTAX_LIST_VALUE_BINARY,
        ),
        (
            Syntax::LIST_VALUE_MULTI_SZ,
            w::CLUSPROP_SYNTAX_LIST_VALUE_MULTI_SZ,
        ),
        (Syntax::LIST_VALUE_LONG, w::CLUSPROP_SYNTAX_LIST_VALUE_LONG),
        (
            Syntax::LIST_VALUE_EXPANDED_SZ,
            w::CLUSPROP_SYNTAX_LIST_VALUE_EXPANDED_SZ,
        ),
        (
            Syntax::LIST_VALUE_SECURITY_DESCRIPTOR,
            w::CLUSPROP_SYNTAX_LIST_VALUE_SECURITY_DESCRIPTOR,
        ),
        (
            Syntax::LIST_VALUE_LARGE_INTEGER,
            w::CLUSPROP_SYNTAX_LIST_VALUE_LARGE_INTEGER,
        ),
        (
            Syntax::LIST_VALUE_ULARGE_INTEGER,
            w::CLUSPROP_SYNTAX_LIST_VALUE_ULARGE_INTEGER,
        ),
        (Syntax::LIST_VALUE_WORD, w::CLUSPROP_SYNTAX_LIST_VALUE_WORD),
        (
            Syntax::LIST_VALUE_PROPERTY_LIST,
            w::CLUSPROP_SYNTAX_LIST_VALUE_PROPERTY_LIST,
        ),
        (
            Syntax::LIST_VALUE_FILETIME,
            w::CLUSPROP_SYNTAX_LIST_VALUE_FILETIME,
        ),
        (Syntax::DISK_SIGNATURE, w::CLUSPROP_SYNTAX_DISK_SIGNATURE),
        (Syntax::SCSI_ADDRESS, w::CLUSPROP_SYNTAX_SCSI_ADDRESS),
        (Syntax::DISK_NUMBER, w::CLUSPROP_SYNTAX_DISK_NUMBER),
        (Syntax::PARTITION_INFO, w::CLUSPROP_SYNTAX_PARTITION_INFO),
        (Syntax::FTSET_INFO, w::CLUSPROP_SYNTAX_FTSET_INFO),
        (
            Syntax::DISK_SERIALNUMBER,
            w::CLUSPROP_SYNTAX_DISK_SERIALNUMBER,
        ),
        (Syntax::DISK_GUID, w::CLUSPROP_SYNTAX_DISK_GUID),
        (Syntax::DISK_SIZE, w::CLUSPROP_SYNTAX_DISK_SIZE),
        (
            Syntax::PARTITION_INFO_EX,
            w::CLUSPROP_SYNTAX_PARTITION_INFO_EX,
        ),
        (
            Syntax::PARTITION_INFO_EX2,
            w::CLUSPROP_SYNTAX_PARTITION_INFO_EX2,
        ),
        (
            Syntax::STORAGE_DEVICE_ID_DESCRIPTOR,
            w::CLUSPROP_SYNTAX_STORAGE_DEVICE_ID_DESCRIPTOR,
        ),
    ];
    assert_eq!(
        pairs.len(),
        Syntax::ALL.len(),
        "every named syntax is checked"
    );
    for &(ours, theirs) in pairs {
        assert_eq!(ours.0, theirs, "{ours:?}");
    }
    // The composed nested value list syntax uses windows-sys' format constant.
    assert_eq!(
        Syntax::LIST_VALUE_VALUE_LIST.0,
        ((w::CLUSPROP_TYPE_LIST_VALUE as u32) << 16) | w::CLUSPROP_FORMAT_VALUE_LIST as u32
    );
}

#[test]
fn types_match_windows_sys() {
    let pairs: &[(PropertyType, i32)] = &[
        (PropertyType::ENDMARK, w::CLUSPROP_TYPE_ENDMARK),
        (PropertyType::LIST_VALUE, w::CLUSPROP_TYPE_LIST_VALUE),
        (PropertyType::RESCLASS, w::CLUSPROP_TYPE_RESCLASS),
        (PropertyType::RESERVED1, w::CLUSPROP_TYPE_RESERVED1),
        (PropertyType::NAME, w::CLUSPROP_TYPE_NAME),
        (PropertyType::SIGNATURE, w::CLUSPROP_TYPE_SIGNATURE),
        (PropertyType::SCSI_ADDRESS, w::CLUSPROP_TYPE_SCSI_ADDRESS),
        (PropertyType::DISK_NUMBER, w::CLUSPROP_TYPE_DISK_NUMBER),
        (
            PropertyType::PARTITION_INFO,
            w::CLUSPROP_TYPE_PARTITION_INFO,
        ),
        (PropertyType::FTSET_INFO, w::CLUSPROP_TYPE_FTSET_INFO),
        (
            PropertyType::DISK_SERIALNUMBER,
            w::CLUSPROP_TYPE_DISK_SERIALNUMBER,
        ),
        (PropertyType::DISK_GUID, w::CLUSPROP_TYPE_DISK_GUID),
        (PropertyType::DISK_SIZE, w::CLUSPROP_TYPE_DISK_SIZE),
        (
            PropertyType::PARTITION_INFO_EX,
            w::CLUSPROP_TYPE_PARTITION_INFO_EX,
        ),
        (
            PropertyType::PARTITION_INFO_EX2,
            w::CLUSPROP_TYPE_PARTITION_INFO_EX2,
        ),
        (
            PropertyType::STORAGE_DEVICE_ID_DESCRIPTOR,
            w::CLUSPROP_TYPE_STORAGE_DEVICE_ID_DESCRIPTOR,
        ),
        (PropertyType::USER, w::CLUSPROP_TYPE_USER),
    ];
    assert_eq!(pairs.len(), PropertyType::ALL.len());
    for &(ours, theirs) in pairs {
        assert_eq!(i32::from(ours.0), theirs, "{ours:?}");
    }
    // CLUSPROP_TYPE_UNKNOWN is -1: as a wire WORD it is 0xFFFF, in the user range.
    assert_eq!(w::CLUSPROP_TYPE_UNKNOWN as u16, 0xFFFF);
}

#[test]
fn formats_match_windows_sys() {
    let pairs: &[(PropertyFormat, i32)] = &[
        (PropertyFormat::UNKNOWN, w::CLUSPROP_FORMAT_UNKNOWN),
        (PropertyFormat::BINARY, w::CLUSPROP_FORMAT_BINARY),
        (PropertyFormat::DWORD, w::CLUSPROP_FORMAT_DWORD),
        (PropertyFormat::SZ, w::CLUSPROP_FORMAT_SZ),
        (PropertyFormat::EXPAND_SZ, w::CLUSPROP_FORMAT_EXPAND_SZ),
        (PropertyFormat::MULTI_SZ, w::CLUSPROP_FORMAT_MULTI_SZ),
        (
            PropertyFormat::ULARGE_INTEGER,
            w::CLUSPROP_FORMAT_ULARGE_INTEGER,
        ),
        (PropertyFormat::LONG, w::CLUSPROP_FORMAT_LONG),
        (PropertyFormat::EXPANDED_SZ, w::CLUSPROP_FORMAT_EXPANDED_SZ),
        (
            PropertyFormat::SECURITY_DESCRIPTOR,
            w::CLUSPROP_FORMAT_SECURITY_DESCRIPTOR,
        ),
        (
            PropertyFormat::LARGE_INTEGER,
            w::CLUSPROP_FORMAT_LARGE_INTEGER,
        ),
        (PropertyFormat::WORD, w::CLUSPROP_FORMAT_WORD),
        (PropertyFormat::FILETIME, w::CLUSPROP_FORMAT_FILETIME),
        (PropertyFormat::VALUE_LIST, w::CLUSPROP_FORMAT_VALUE_LIST),
        (
            PropertyFormat::PROPERTY_LIST,
            w::CLUSPROP_FORMAT_PROPERTY_LIST,
        ),
        (PropertyFormat::USER, w::CLUSPROP_FORMAT_USER),
    ];
    assert_eq!(pairs.len(), PropertyFormat::ALL.len());
    for &(ours, theirs) in pairs {
        assert_eq!(i32::from(ours.0), theirs, "{ours:?}");
    }
}

#[test]
fn vm_actions_match_vm_resdll_context() {
    use clusprop::offline::{VmAction, VmMoveAction};
    assert_eq!(VmAction::TurnOff.value() as i32, w::VmResdllContextTurnOff);
    assert_eq!(VmAction::Save.value() as i32, w::VmResdllContextSave);
    assert_eq!(
        VmAction::Shutdown.value() as i32,
        w::VmResdllContextShutdown
    );
    assert_eq!(
        VmAction::ShutdownForce.value() as i32,
        w::VmResdllContextShutdownForce
    );
    assert_eq!(
        VmMoveAction::LiveMigration.value() as i32,
        w::VmResdllContextLiveMigration
    );
}

#[test]
fn disk_structure_sizes_match_windows_sys() {
    use core::mem::size_of;
    assert_eq!(
        size_of::<clusprop::disk::PartitionInfo>(),
        size_of::<w::CLUS_PARTITION_INFO>()
    );
    assert_eq!(
        size_of::<clusprop::disk::PartitionInfoEx>(),
        size_of::<w::CLUS_PARTITION_INFO_EX>()
    );
    assert_eq!(
        size_of::<clusprop::disk::PartitionInfoEx2>(),
        size_of::<w::CLUS_PARTITION_INFO_EX>() + size_of::<w::CLUS_PARTITION_INFO_EX2>()
    );
    assert_eq!(
        size_of::<clusprop::disk::FtSetInfo>(),
        size_of::<w::CLUS_FTSET_INFO>()
    );
    assert_eq!(
        Syntax::PARTITION_INFO.fixed_len(),
        Some(size_of::<w::CLUS_PARTITION_INFO>() as u32)
    );
    assert_eq!(
        Syntax::PARTITION_INFO_EX.fixed_len(),
        Some(size_of::<w::CLUS_PARTITION_INFO_EX>() as u32)
    );
}
