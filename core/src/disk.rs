//! Zero-copy views of the fixed structures carried by the storage syntaxes
//! (MS-CMRP 2.2.3.7–2.2.3.11 and 2.2.3.45; `CLUS_FTSET_INFO` and
//! `CLUS_SCSI_ADDRESS` in clusapi.h; `STORAGE_DEVICE_ID_DESCRIPTOR` in
//! winioctl.h and MS-CSVP 2.2.9–2.2.10; docs/wire-format.md §4.2–4.3).
//!
//! Every field is an unaligned little-endian integer, so a view is valid at
//! any offset (8-byte values in property lists are only 4-aligned).
//!
//! Each structure is also a writer: the fixed ones start from `new()` (all
//! zero) and have a setter per field, and all of them implement
//! [`EncodeValue`](crate::EncodeValue) with their own syntax. Reading one
//! with [`PropertyList::get`](crate::PropertyList::get) or
//! [`RawValue::to`](crate::RawValue::to) checks the syntax, not just the
//! format word (they all share `BINARY` or `DWORD`).
//!
//! ```
//! use clusprop::disk::{Guid, PartitionInfoEx};
//! use clusprop::{ValueListBuilder, ValueList};
//! let mut p = PartitionInfoEx::new();
//! p.base_mut().set_device_name("E:")?;
//! p.set_total_size_in_bytes(1 << 30);
//! p.set_volume_guid(Guid::parse("{6B29FC40-CA47-1067-B31D-00DD010662DA}").unwrap());
//! let mut buf = vec![0u8; 2048];
//! let mut b = ValueListBuilder::new(&mut buf);
//! b.value(&p)?;
//! let n = b.finish()?;
//! let list = ValueList::parse(&buf[..n])?;
//! let read: &PartitionInfoEx = list.iter().next().unwrap().to()?;
//! assert_eq!(read.base().device_name(), "E:");
//! assert_eq!(read.volume_guid().to_string(), "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

use zerocopy::little_endian::{U16, U32, U64};
use zerocopy::{FromBytes, FromZeros, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::error::EncodeError;
use crate::text::Utf16Str;
use crate::write::values::Utf16Source;

pub use crate::disk_values::{DiskGuid, DiskNumber, DiskSignature, DiskSize};
pub use crate::storage_id::{
    NewStorageIdentifier, StorageDeviceIdDescriptor, StorageDeviceIdWriter, StorageIdentifier,
    StorageIdentifiers,
};
pub use crate::write::values::DiskSerialNumber;

/// Writes `text` into a fixed `WCHAR[N]` field, zero-filling the rest;
/// `TooLong` when it leaves no room for the NUL, `InteriorNul` for a NUL.
fn set_wide<const N: usize>(field: &mut [U16; N], text: &str) -> Result<(), EncodeError> {
    let units = text.checked_units()?;
    if units >= N {
        return Err(EncodeError::TooLong);
    }
    let mut slots = field.iter_mut();
    for u in text.encode_utf16() {
        if let Some(slot) = slots.next() {
            *slot = U16::new(u);
        }
    }
    slots.for_each(|slot| *slot = U16::ZERO);
    Ok(())
}

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
    /// The nil GUID `{00000000-0000-0000-0000-000000000000}`.
    pub const NIL: Guid = Guid::from_u128(0);

    /// From its four fields (`Data1`, `Data2`, `Data3`, `Data4`).
    ///
    /// ```
    /// let g = clusprop::disk::Guid::from_fields(0x6B29FC40, 0xCA47, 0x1067, [0xB3, 0x1D, 0, 0xDD, 1, 6, 0x62, 0xDA]);
    /// assert_eq!(g.to_string(), "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    /// ```
    pub const fn from_fields(data1: u32, data2: u16, data3: u16, data4: [u8; 8]) -> Guid {
        Guid {
            data1: U32::new(data1),
            data2: U16::new(data2),
            data3: U16::new(data3),
            data4,
        }
    }

    /// From a 128-bit number in textual order (the inverse of [`to_u128`](Self::to_u128)).
    ///
    /// ```
    /// let g = clusprop::disk::Guid::from_u128(0x6B29FC40_CA47_1067_B31D_00DD010662DA);
    /// assert_eq!(g.to_string(), "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    /// ```
    pub const fn from_u128(v: u128) -> Guid {
        Guid::from_fields(
            (v >> 96) as u32,
            (v >> 80) as u16,
            (v >> 64) as u16,
            (v as u64).to_be_bytes(),
        )
    }

    /// From its 16 bytes in the wire layout (`Data1..3` little-endian).
    pub const fn from_bytes_le(b: [u8; 16]) -> Guid {
        Guid::from_fields(
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            u16::from_le_bytes([b[4], b[5]]),
            u16::from_le_bytes([b[6], b[7]]),
            [b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]],
        )
    }

    /// The 16 bytes in the wire layout.
    pub fn to_bytes_le(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out.copy_from_slice(self.as_bytes());
        out
    }

    /// `Data1`.
    pub fn data1(&self) -> u32 {
        self.data1.get()
    }
    /// `Data2`.
    pub fn data2(&self) -> u16 {
        self.data2.get()
    }
    /// `Data3`.
    pub fn data3(&self) -> u16 {
        self.data3.get()
    }
    /// `Data4`.
    pub fn data4(&self) -> [u8; 8] {
        self.data4
    }

    /// Parses the registry form `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`
    /// (hex digits in either case; the braces may be left off).
    ///
    /// ```
    /// use clusprop::disk::Guid;
    /// let g = Guid::parse("{6b29fc40-ca47-1067-b31d-00dd010662da}")?;
    /// assert_eq!(g.to_u128(), 0x6B29FC40_CA47_1067_B31D_00DD010662DA);
    /// assert_eq!(Guid::parse("6B29FC40-CA47-1067-B31D-00DD010662DA")?, g);
    /// let err = Guid::parse("{6B29FC40-CA47-1067-B31D-00DD010662DX}").unwrap_err();
    /// assert_eq!(err.position(), 36);
    /// # Ok::<(), clusprop::disk::GuidParseError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Guid, GuidParseError> {
        let bytes = text.as_bytes();
        let (body, shift) = match bytes {
            [b'{', body @ .., b'}'] => (body, 1),
            _ => (bytes, 0),
        };
        if body.len() != 36 {
            return Err(GuidParseError {
                position: body.len().min(36) + shift,
            });
        }
        let mut value: u128 = 0;
        for (i, &c) in body.iter().enumerate() {
            let bad = GuidParseError {
                position: i + shift,
            };
            if matches!(i, 8 | 13 | 18 | 23) {
                if c != b'-' {
                    return Err(bad);
                }
                continue;
            }
            let digit = char::from(c).to_digit(16).ok_or(bad)?;
            value = (value << 4) | u128::from(digit);
        }
        Ok(Guid::from_u128(value))
    }

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

impl core::str::FromStr for Guid {
    type Err = GuidParseError;
    fn from_str(s: &str) -> Result<Self, GuidParseError> {
        Guid::parse(s)
    }
}

/// A text that is not a GUID in registry form; [`position`](Self::position)
/// is the byte index of the first character that does not fit (or the
/// length, when the text is too short).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GuidParseError {
    position: usize,
}

impl GuidParseError {
    /// Byte index in the text where the GUID stops matching, from 0 (the
    /// message counts characters from 1, as columns are counted).
    pub const fn position(&self) -> usize {
        self.position
    }
}

impl fmt::Display for GuidParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not a GUID of the form {{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}} ({})",
            crate::error::AtCharacter(self.position)
        )
    }
}

impl core::error::Error for GuidParseError {}

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

/// `CLUS_SCSI_ADDRESS` (MS-CMRP 2.2.3.8; clusapi.h `CLUS_SCSI_ADDRESS`, a
/// union of the four bytes and `DWORD dw`): four bytes in wire order.
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
    /// From the `dw` member of the union (`PortNumber` is the low byte).
    ///
    /// ```
    /// let a = clusprop::disk::ScsiAddress::from_u32(0x0403_0201);
    /// assert_eq!((a.port_number, a.path_id, a.target_id, a.lun), (1, 2, 3, 4));
    /// assert_eq!(a.to_u32(), 0x0403_0201);
    /// ```
    pub const fn from_u32(dw: u32) -> Self {
        let [port_number, path_id, target_id, lun] = dw.to_le_bytes();
        ScsiAddress {
            port_number,
            path_id,
            target_id,
            lun,
        }
    }

    /// The `dw` member of the union.
    pub const fn to_u32(&self) -> u32 {
        u32::from_le_bytes([self.port_number, self.path_id, self.target_id, self.lun])
    }

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

/// `CLUS_PARTITION_INFO` (1120 bytes, MS-CMRP 2.2.3.9): `dwFlags` at 0,
/// `szDeviceName[260]` at 4, `szVolumeLabel[260]` at 524, `dwSerialNumber`
/// at 1044, `rgdwMaximumComponentLength` at 1048, `dwFileSystemFlags` at
/// 1052, `szFileSystem[32]` at 1056.
#[derive(Clone, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
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
    /// An all-zero structure to fill in with the setters.
    pub fn new() -> Self {
        Self::new_zeroed()
    }
    /// Sets `dwFlags`.
    pub fn set_flags(&mut self, v: u32) {
        self.flags = U32::new(v);
    }
    /// Sets `szDeviceName` (at most 259 UTF-16 units; `TooLong` otherwise).
    pub fn set_device_name(&mut self, name: &str) -> Result<(), EncodeError> {
        set_wide(&mut self.device_name, name)
    }
    /// Sets `szVolumeLabel` (at most 259 UTF-16 units).
    pub fn set_volume_label(&mut self, label: &str) -> Result<(), EncodeError> {
        set_wide(&mut self.volume_label, label)
    }
    /// Sets `dwSerialNumber`.
    pub fn set_serial_number(&mut self, v: u32) {
        self.serial_number = U32::new(v);
    }
    /// Sets `rgdwMaximumComponentLength`.
    pub fn set_maximum_component_length(&mut self, v: u32) {
        self.maximum_component_length = U32::new(v);
    }
    /// Sets `dwFileSystemFlags`.
    pub fn set_file_system_flags(&mut self, v: u32) {
        self.file_system_flags = U32::new(v);
    }
    /// Sets `szFileSystem` (at most 31 UTF-16 units).
    pub fn set_file_system(&mut self, name: &str) -> Result<(), EncodeError> {
        set_wide(&mut self.file_system, name)
    }
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

/// `CLUS_PARTITION_INFO_EX` (1160 bytes, MS-CMRP 2.2.3.11): the 1120 bytes of
/// [`PartitionInfo`], then `TotalSizeInBytes` at 1120, `FreeSizeInBytes` at
/// 1128, `DeviceNumber` at 1136, `PartitionNumber` at 1140, `VolumeGuid` at 1144.
#[derive(Clone, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
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
    /// An all-zero structure to fill in with the setters.
    pub fn new() -> Self {
        Self::new_zeroed()
    }
    /// The fields shared with [`PartitionInfo`], to change them.
    pub fn base_mut(&mut self) -> &mut PartitionInfo {
        &mut self.base
    }
    /// Sets `TotalSizeInBytes`.
    pub fn set_total_size_in_bytes(&mut self, v: u64) {
        self.total_size_in_bytes = U64::new(v);
    }
    /// Sets `FreeSizeInBytes`.
    pub fn set_free_size_in_bytes(&mut self, v: u64) {
        self.free_size_in_bytes = U64::new(v);
    }
    /// Sets `DeviceNumber`.
    pub fn set_device_number(&mut self, v: u32) {
        self.device_number = U32::new(v);
    }
    /// Sets `PartitionNumber`.
    pub fn set_partition_number(&mut self, v: u32) {
        self.partition_number = U32::new(v);
    }
    /// Sets `VolumeGuid`.
    pub fn set_volume_guid(&mut self, g: Guid) {
        self.volume_guid = g;
    }
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
/// (1700 bytes, MS-CMRP 2.2.3.45; clusapi.h `CLUS_PARTITION_INFO_EX2`):
/// `GptPartitionId` at 1160, `szPartitionName[260]` at 1176,
/// `EncryptionFlags` at 1696.
#[derive(Clone, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct PartitionInfoEx2 {
    ex: PartitionInfoEx,
    gpt_partition_id: Guid,
    partition_name: [U16; 260],
    encryption_flags: U32,
}

impl PartitionInfoEx2 {
    /// An all-zero structure to fill in with the setters.
    pub fn new() -> Self {
        Self::new_zeroed()
    }
    /// The `CLUS_PARTITION_INFO_EX` part, to change it.
    pub fn ex_mut(&mut self) -> &mut PartitionInfoEx {
        &mut self.ex
    }
    /// Sets `GptPartitionId`.
    pub fn set_gpt_partition_id(&mut self, g: Guid) {
        self.gpt_partition_id = g;
    }
    /// Sets `szPartitionName` (at most 259 UTF-16 units).
    pub fn set_partition_name(&mut self, name: &str) -> Result<(), EncodeError> {
        set_wide(&mut self.partition_name, name)
    }
    /// Sets `EncryptionFlags`.
    pub fn set_encryption_flags(&mut self, v: u32) {
        self.encryption_flags = U32::new(v);
    }
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

/// `CLUS_FTSET_INFO` (8 bytes, clusapi.h only): `dwRootSignature`, `dwFtType`.
#[derive(Clone, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned)]
#[repr(C)]
pub struct FtSetInfo {
    root_signature: U32,
    ft_type: U32,
}

impl FtSetInfo {
    /// A structure with both fields.
    pub fn new(root_signature: u32, ft_type: u32) -> Self {
        FtSetInfo {
            root_signature: U32::new(root_signature),
            ft_type: U32::new(ft_type),
        }
    }
    /// `dwRootSignature`.
    pub fn root_signature(&self) -> u32 {
        self.root_signature.get()
    }
    /// `dwFtType`.
    pub fn ft_type(&self) -> u32 {
        self.ft_type.get()
    }
}

impl Default for PartitionInfo {
    fn default() -> Self {
        Self::new()
    }
}

impl Default for PartitionInfoEx {
    fn default() -> Self {
        Self::new()
    }
}

impl Default for PartitionInfoEx2 {
    fn default() -> Self {
        Self::new()
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
