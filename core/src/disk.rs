//! Zero-copy views of the fixed structures carried by the storage syntaxes
//! (MS-CMRP 2.2.3.7–2.2.3.11 and 2.2.3.45; docs/wire-format.md §4.2–4.3).
//!
//! Every field is an unaligned little-endian integer, so a view is valid at
//! any offset (8-byte values in property lists are only 4-aligned, §2.4).

use core::fmt;

use zerocopy::little_endian::{U16, U32, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::text::Utf16Str;

/// A `GUID` in its wire layout (u32, u16, u16 little-endian, then 8 bytes).
#[derive(
    Clone, Copy, PartialEq, Eq, Hash, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct Guid {
    data1: U32,
    data2: U16,
    data3: U16,
    data4: [u8; 8],
}

impl Guid {
    /// The GUID as a 128-bit number in its canonical textual order.
    pub fn to_u128(&self) -> u128 {
        (u128::from(self.data1.get()) << 96)
            | (u128::from(self.data2.get()) << 80)
            | (u128::from(self.data3.get()) << 64)
            | u128::from(u64::from_be_bytes(self.data4))
    }
}

impl fmt::Display for Guid {
    /// `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` as Windows writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.data4;
        write!(
            f,
            "{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}",
            self.data1.get(),
            self.data2.get(),
            self.data3.get(),
            d[0],
            d[1],
            d[2],
            d[3],
            d[4],
            d[5],
            d[6],
            d[7]
        )
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A resource class value (`CLUSPROP_SYNTAX_RESCLASS`): the class, and the
/// subclass when the entry is the 8-byte `CLUS_RESOURCE_CLASS_INFO` form of
/// MS-CMRP 3.1.4.3.1.5 rather than the 4-byte Win32 form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResourceClass {
    /// `CLUSTER_RESOURCE_CLASS` (0 unknown, 1 storage, 2 network, `>= 0x8000` user).
    pub class: u32,
    /// `CLUS_RESSUBCLASS` (`0x8000_0000` = shared), present in the 8-byte form.
    pub subclass: Option<u32>,
}

impl ResourceClass {
    pub(crate) fn from_data(data: &[u8]) -> Option<Self> {
        let (class, rest) = U32::read_from_prefix(data).ok()?;
        let subclass = U32::read_from_bytes(rest).ok().map(|s| s.get());
        Some(ResourceClass {
            class: class.get(),
            subclass,
        })
    }
}

/// `CLUS_SCSI_ADDRESS` (MS-CMRP 2.2.3.8): four bytes in wire order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScsiAddress {
    /// SCSI port number.
    pub port_number: u8,
    /// Path id (0 on single-bus adapters).
    pub path_id: u8,
    /// Target id.
    pub target_id: u8,
    /// Logical unit number.
    pub lun: u8,
}

impl ScsiAddress {
    pub(crate) fn from_data(data: &[u8]) -> Option<Self> {
        let [port_number, path_id, target_id, lun] = <[u8; 4]>::try_from(data).ok()?;
        Some(ScsiAddress {
            port_number,
            path_id,
            target_id,
            lun,
        })
    }
}

/// `CLUS_PARTITION_INFO` (1120 bytes, MS-CMRP 2.2.3.9).
#[derive(PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct PartitionInfo {
    flags: U32,
    device_name: [U16; 260],
    volume_label: [U16; 260],
    serial_number: U32,
    maximum_component_length: U32,
    file_system_flags: U32,
    file_system: [U16; 32],
}

impl PartitionInfo {
    /// `dwFlags`: `CLUSPROP_PIFLAG_*` bits.
    pub fn flags(&self) -> u32 {
        self.flags.get()
    }
    /// `szDeviceName` up to its NUL.
    pub fn device_name(&self) -> Utf16Str<'_> {
        Utf16Str::until_nul(self.device_name.as_bytes())
    }
    /// `szVolumeLabel` up to its NUL.
    pub fn volume_label(&self) -> Utf16Str<'_> {
        Utf16Str::until_nul(self.volume_label.as_bytes())
    }
    /// `dwSerialNumber`.
    pub fn serial_number(&self) -> u32 {
        self.serial_number.get()
    }
    /// `rgdwMaximumComponentLength`.
    pub fn maximum_component_length(&self) -> u32 {
        self.maximum_component_length.get()
    }
    /// `dwFileSystemFlags`.
    pub fn file_system_flags(&self) -> u32 {
        self.file_system_flags.get()
    }
    /// `szFileSystem` up to its NUL.
    pub fn file_system(&self) -> Utf16Str<'_> {
        Utf16Str::until_nul(self.file_system.as_bytes())
    }
}

/// `CLUS_PARTITION_INFO_EX` (1160 bytes, MS-CMRP 2.2.3.11).
#[derive(PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct PartitionInfoEx {
    base: PartitionInfo,
    total_size_in_bytes: U64,
    free_size_in_bytes: U64,
    device_number: U32,
    partition_number: U32,
    volume_guid: Guid,
}

impl PartitionInfoEx {
    /// The fields shared with [`PartitionInfo`].
    pub fn base(&self) -> &PartitionInfo {
        &self.base
    }
    /// `TotalSizeInBytes`.
    pub fn total_size_in_bytes(&self) -> u64 {
        self.total_size_in_bytes.get()
    }
    /// `FreeSizeInBytes`.
    pub fn free_size_in_bytes(&self) -> u64 {
        self.free_size_in_bytes.get()
    }
    /// `DeviceNumber`.
    pub fn device_number(&self) -> u32 {
        self.device_number.get()
    }
    /// `PartitionNumber`.
    pub fn partition_number(&self) -> u32 {
        self.partition_number.get()
    }
    /// `VolumeGuid`.
    pub fn volume_guid(&self) -> Guid {
        self.volume_guid
    }
}

/// `CLUS_PARTITION_INFO_EX` followed by the `CLUS_PARTITION_INFO_EX2` tail
/// (1700 bytes, MS-CMRP 2.2.3.45).
#[derive(PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct PartitionInfoEx2 {
    ex: PartitionInfoEx,
    gpt_partition_id: Guid,
    partition_name: [U16; 260],
    encryption_flags: U32,
}

impl PartitionInfoEx2 {
    /// The `CLUS_PARTITION_INFO_EX` part.
    pub fn ex(&self) -> &PartitionInfoEx {
        &self.ex
    }
    /// `GptPartitionId`.
    pub fn gpt_partition_id(&self) -> Guid {
        self.gpt_partition_id
    }
    /// `szPartitionName` up to its NUL.
    pub fn partition_name(&self) -> Utf16Str<'_> {
        Utf16Str::until_nul(self.partition_name.as_bytes())
    }
    /// `EncryptionFlags` (BitLocker state bits).
    pub fn encryption_flags(&self) -> u32 {
        self.encryption_flags.get()
    }
}

/// `CLUS_FTSET_INFO` (8 bytes, Windows headers only).
#[derive(PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct FtSetInfo {
    root_signature: U32,
    ft_type: U32,
}

impl FtSetInfo {
    /// `dwRootSignature`.
    pub fn root_signature(&self) -> u32 {
        self.root_signature.get()
    }
    /// `dwFtType`.
    pub fn ft_type(&self) -> u32 {
        self.ft_type.get()
    }
}

macro_rules! debug_fields {
    ($ty:ident { $($field:ident),* }) => {
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($ty))$(.field(stringify!($field), &self.$field()))*.finish()
            }
        }
    };
}

debug_fields!(PartitionInfo {
    flags,
    device_name,
    volume_label,
    serial_number,
    maximum_component_length,
    file_system_flags,
    file_system
});
debug_fields!(PartitionInfoEx {
    base,
    total_size_in_bytes,
    free_size_in_bytes,
    device_number,
    partition_number,
    volume_guid
});
debug_fields!(PartitionInfoEx2 {
    ex,
    gpt_partition_id,
    partition_name,
    encryption_flags
});
debug_fields!(FtSetInfo {
    root_signature,
    ft_type
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_match_ms_cmrp() {
        assert_eq!(core::mem::size_of::<PartitionInfo>(), 1120);
        assert_eq!(core::mem::size_of::<PartitionInfoEx>(), 1160);
        assert_eq!(core::mem::size_of::<PartitionInfoEx2>(), 1700);
        assert_eq!(core::mem::size_of::<FtSetInfo>(), 8);
        assert_eq!(core::mem::size_of::<Guid>(), 16);
    }

    #[test]
    fn guid_text() {
        let bytes = [
            0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD,
            0xEE, 0xFF,
        ];
        let g = Guid::read_from_bytes(&bytes).unwrap();
        assert_eq!(g.to_string(), "{00112233-4455-6677-8899-AABBCCDDEEFF}");
        assert_eq!(g.to_u128(), 0x00112233_4455_6677_8899_AABBCCDDEEFF);
    }
}
