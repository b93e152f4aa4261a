//! Self-relative security descriptors (`CLUSPROP_FORMAT_SECURITY_DESCRIPTOR`):
//! a checked zero-copy view with an SDDL-like display, and a writer.
//!
//! Layouts, all little-endian except the SID authority (MS-DTYP):
//!
//! * `SECURITY_DESCRIPTOR` self-relative (2.4.6): `Revision` u8 (1), `Sbz1`
//!   u8, `Control` u16 (`SE_SELF_RELATIVE` set), then `OffsetOwner`,
//!   `OffsetGroup`, `OffsetSacl`, `OffsetDacl` (u32 each, from the
//!   descriptor's start, 0 = absent): 20 bytes, the parts in any order after.
//! * `SID` (2.4.2.2): `Revision` u8 (1), `SubAuthorityCount` u8 (≤ 15),
//!   `IdentifierAuthority` (6 bytes, big-endian), `SubAuthority[count]` u32.
//! * `ACL` (2.4.5): `AclRevision` u8 (2 or 4), `Sbz1` u8, `AclSize` u16
//!   (header and ACEs), `AceCount` u16, `Sbz2` u16, then the ACEs.
//! * `ACE_HEADER` (2.4.4.1): `AceType` u8, `AceFlags` u8, `AceSize` u16
//!   (header included, a multiple of 4). `ACCESS_ALLOWED_ACE` (2.4.4.2),
//!   `ACCESS_DENIED_ACE` (2.4.4.4) and `SYSTEM_AUDIT_ACE` (2.4.4.10) continue
//!   with `Mask` u32 and a SID; other ACE types are kept as raw bodies.
//!
//! [`SecurityDescriptor::parse`] checks every offset, size and count against
//! the value's length; after it, every accessor is infallible.
//!
//! ```
//! use clusprop::security::{AceType, NewAce, SecurityDescriptor, SecurityDescriptorWriter, SidBuf};
//! let admins = SidBuf::BUILTIN_ADMINISTRATORS;
//! let system = SidBuf::LOCAL_SYSTEM;
//! let dacl = [NewAce::allow(0x001F_01FF, system.as_sid())];
//! let writer = SecurityDescriptorWriter {
//!     owner: Some(admins.as_sid()),
//!     group: Some(system.as_sid()),
//!     dacl: Some(&dacl),
//!     ..SecurityDescriptorWriter::default()
//! };
//! let mut buf = [0u8; 128];
//! let n = writer.write_to(&mut buf)?;
//! let sd = SecurityDescriptor::parse(&buf[..n])?;
//! assert_eq!(sd.to_string(), "O:S-1-5-32-544G:S-1-5-18D:(A;;0x1f01ff;;;S-1-5-18)");
//! assert_eq!(sd.dacl().unwrap().aces().next().unwrap().ace_type(), AceType::ACCESS_ALLOWED);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;

#[cfg(feature = "alloc")]
pub use crate::sddl::{SddlError, SddlProblem, parse_sddl};

use crate::error::{DecodeError, DecodeErrorKind, EncodeError, StructField};
use crate::syntax::Syntax;
use crate::write::values::EncodeValue;

const SD_HEADER_LEN: usize = 20;
const SID_HEADER_LEN: usize = 8;
const ACL_HEADER_LEN: usize = 8;
const ACE_HEADER_LEN: usize = 4;
/// MS-DTYP 2.4.2.2: at most 15 sub-authorities.
const MAX_SUB_AUTHORITIES: usize = 15;

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

fn byte_at(b: &[u8], at: usize) -> u8 {
    b.get(at).copied().unwrap_or(0)
}

/// `SECURITY_DESCRIPTOR_CONTROL` bits (MS-DTYP 2.4.6).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Control(pub u16);

impl Control {
    /// `SE_OWNER_DEFAULTED` (OD).
    pub const OWNER_DEFAULTED: Control = Control(0x0001);
    /// `SE_GROUP_DEFAULTED` (GD).
    pub const GROUP_DEFAULTED: Control = Control(0x0002);
    /// `SE_DACL_PRESENT` (DP).
    pub const DACL_PRESENT: Control = Control(0x0004);
    /// `SE_DACL_DEFAULTED` (DD).
    pub const DACL_DEFAULTED: Control = Control(0x0008);
    /// `SE_SACL_PRESENT` (SP).
    pub const SACL_PRESENT: Control = Control(0x0010);
    /// `SE_SACL_DEFAULTED` (SD).
    pub const SACL_DEFAULTED: Control = Control(0x0020);
    /// `SE_DACL_AUTO_INHERITED` (DI).
    pub const DACL_AUTO_INHERITED: Control = Control(0x0400);
    /// `SE_SACL_AUTO_INHERITED` (SI).
    pub const SACL_AUTO_INHERITED: Control = Control(0x0800);
    /// `SE_DACL_PROTECTED` (PD).
    pub const DACL_PROTECTED: Control = Control(0x1000);
    /// `SE_SACL_PROTECTED` (PS).
    pub const SACL_PROTECTED: Control = Control(0x2000);
    /// `SE_SELF_RELATIVE` (SR): required in a property value.
    pub const SELF_RELATIVE: Control = Control(0x8000);

    /// Whether every bit of `other` is set.
    pub const fn contains(self, other: Control) -> bool {
        self.0 & other.0 == other.0
    }

    /// Both sets of bits.
    pub const fn union(self, other: Control) -> Control {
        Control(self.0 | other.0)
    }
}

impl fmt::Debug for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Control({:#06x})", self.0)
    }
}

/// A validated SID (MS-DTYP 2.4.2.2), borrowed.
///
/// Displays in the string form of MS-DTYP 2.4.2.1 (`S-1-5-32-544`; an
/// authority of 2^32 or more in hex).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sid<'data> {
    bytes: &'data [u8],
}

impl<'data> Sid<'data> {
    /// Checks the SID at the start of `bytes` (bytes after it are not part
    /// of it); error offsets are counted from `base` (saturating at
    /// `usize::MAX`, as the wire cursor's do).
    pub fn parse_at(bytes: &'data [u8], base: usize) -> Result<Self, DecodeError> {
        let err = |kind, at: usize| DecodeError::new(kind, base.saturating_add(at));
        if bytes.len() < SID_HEADER_LEN {
            return Err(err(
                DecodeErrorKind::StructTruncated {
                    field: StructField::SidHeader,
                },
                bytes.len(),
            ));
        }
        if bytes[0] != 1 {
            return Err(err(
                DecodeErrorKind::StructInvalid {
                    field: StructField::SidRevision,
                    value: u32::from(bytes[0]),
                },
                0,
            ));
        }
        let count = usize::from(bytes[1]);
        let len = SID_HEADER_LEN + 4 * count;
        if count > MAX_SUB_AUTHORITIES {
            return Err(err(
                DecodeErrorKind::StructInvalid {
                    field: StructField::SidSubAuthorityCount,
                    value: count as u32,
                },
                1,
            ));
        }
        if len > bytes.len() {
            return Err(err(
                DecodeErrorKind::StructOutOfRange {
                    field: StructField::SidSubAuthorityCount,
                    value: count as u32,
                    limit: bytes.len(),
                },
                1,
            ));
        }
        Ok(Sid {
            bytes: &bytes[..len],
        })
    }

    /// [`parse_at`](Self::parse_at) with offsets from the start of `bytes`.
    pub fn parse(bytes: &'data [u8]) -> Result<Self, DecodeError> {
        Self::parse_at(bytes, 0)
    }

    /// `Revision` (always 1 after validation).
    pub fn revision(&self) -> u8 {
        byte_at(self.bytes, 0)
    }

    /// `SubAuthorityCount`.
    pub fn sub_authority_count(&self) -> u8 {
        byte_at(self.bytes, 1)
    }

    /// `IdentifierAuthority` as a number (48 bits, big-endian on the wire).
    pub fn identifier_authority(&self) -> u64 {
        self.bytes
            .get(2..8)
            .map_or(0, |a| a.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b)))
    }

    /// The sub-authorities in order.
    pub fn sub_authorities(&self) -> impl ExactSizeIterator<Item = u32> + Clone + 'data {
        self.bytes
            .get(SID_HEADER_LEN..)
            .unwrap_or_default()
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// The SID's bytes (`8 + 4 * SubAuthorityCount`).
    pub const fn as_bytes(&self) -> &'data [u8] {
        self.bytes
    }
}

impl fmt::Display for Sid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let authority = self.identifier_authority();
        if authority >> 32 == 0 {
            write!(f, "S-{}-{authority}", self.revision())?;
        } else {
            write!(f, "S-{}-{authority:#014X}", self.revision())?;
        }
        for sub in self.sub_authorities() {
            write!(f, "-{sub}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Sid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sid({self})")
    }
}

/// An owned SID of up to 15 sub-authorities, in a fixed buffer (no
/// allocation), for building descriptors.
///
/// ```
/// use clusprop::security::SidBuf;
/// let sid = SidBuf::new(5, &[32, 544]).unwrap();
/// assert_eq!(sid, SidBuf::BUILTIN_ADMINISTRATORS);
/// assert_eq!(sid.as_sid().to_string(), "S-1-5-32-544");
/// assert_eq!(sid.as_sid().as_bytes(), [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 2, 0, 0]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SidBuf {
    bytes: [u8; SID_HEADER_LEN + 4 * MAX_SUB_AUTHORITIES],
}

impl SidBuf {
    /// `S-1-1-0`, Everyone (World).
    pub const EVERYONE: SidBuf = SidBuf::from_parts(1, &[0]);
    /// `S-1-5-18`, LocalSystem.
    pub const LOCAL_SYSTEM: SidBuf = SidBuf::from_parts(5, &[18]);
    /// `S-1-5-32-544`, BUILTIN\Administrators.
    pub const BUILTIN_ADMINISTRATORS: SidBuf = SidBuf::from_parts(5, &[32, 544]);
    /// `S-1-5-11`, Authenticated Users.
    pub const AUTHENTICATED_USERS: SidBuf = SidBuf::from_parts(5, &[11]);

    /// A SID from its authority (below 2^48) and at most 15 sub-authorities;
    /// `None` otherwise.
    pub const fn new(authority: u64, sub_authorities: &[u32]) -> Option<SidBuf> {
        if authority >> 48 != 0 || sub_authorities.len() > MAX_SUB_AUTHORITIES {
            return None;
        }
        Some(SidBuf::from_parts(authority, sub_authorities))
    }

    /// The constructor behind [`new`](Self::new) and the constants; the
    /// caller has checked the limits.
    const fn from_parts(authority: u64, sub_authorities: &[u32]) -> SidBuf {
        let mut bytes = [0u8; SID_HEADER_LEN + 4 * MAX_SUB_AUTHORITIES];
        bytes[0] = 1;
        bytes[1] = sub_authorities.len() as u8;
        let auth = authority.to_be_bytes();
        let mut i = 0;
        while i < 6 {
            bytes[2 + i] = auth[2 + i];
            i += 1;
        }
        let mut s = 0;
        while s < sub_authorities.len() {
            let le = sub_authorities[s].to_le_bytes();
            let mut k = 0;
            while k < 4 {
                bytes[SID_HEADER_LEN + 4 * s + k] = le[k];
                k += 1;
            }
            s += 1;
        }
        SidBuf { bytes }
    }

    /// A copy of a SID view.
    pub fn from_sid(sid: Sid<'_>) -> SidBuf {
        let mut bytes = [0u8; SID_HEADER_LEN + 4 * MAX_SUB_AUTHORITIES];
        let src = sid.as_bytes();
        bytes[..src.len()].copy_from_slice(src);
        SidBuf { bytes }
    }

    /// The SID as a view.
    pub fn as_sid(&self) -> Sid<'_> {
        let len = SID_HEADER_LEN + 4 * usize::from(self.bytes[1]);
        Sid {
            bytes: &self.bytes[..len],
        }
    }
}

impl fmt::Debug for SidBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SidBuf({})", self.as_sid())
    }
}

impl fmt::Display for SidBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_sid().fmt(f)
    }
}

/// `AceType` (MS-DTYP 2.4.4.1), an open set.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AceType(pub u8);

impl AceType {
    /// `ACCESS_ALLOWED_ACE_TYPE` (SDDL `A`).
    pub const ACCESS_ALLOWED: AceType = AceType(0x00);
    /// `ACCESS_DENIED_ACE_TYPE` (SDDL `D`).
    pub const ACCESS_DENIED: AceType = AceType(0x01);
    /// `SYSTEM_AUDIT_ACE_TYPE` (SDDL `AU`).
    pub const SYSTEM_AUDIT: AceType = AceType(0x02);
    /// `SYSTEM_ALARM_ACE_TYPE` (reserved).
    pub const SYSTEM_ALARM: AceType = AceType(0x03);
    /// `ACCESS_ALLOWED_OBJECT_ACE_TYPE` (SDDL `OA`).
    pub const ACCESS_ALLOWED_OBJECT: AceType = AceType(0x05);
    /// `ACCESS_DENIED_OBJECT_ACE_TYPE` (SDDL `OD`).
    pub const ACCESS_DENIED_OBJECT: AceType = AceType(0x06);
    /// `SYSTEM_AUDIT_OBJECT_ACE_TYPE` (SDDL `OU`).
    pub const SYSTEM_AUDIT_OBJECT: AceType = AceType(0x07);
    /// `SYSTEM_MANDATORY_LABEL_ACE_TYPE` (SDDL `ML`).
    pub const SYSTEM_MANDATORY_LABEL: AceType = AceType(0x11);

    /// Whether the body is `Mask` and a SID (the three basic types).
    pub const fn has_mask_and_sid(self) -> bool {
        matches!(self.0, 0x00..=0x02)
    }

    /// Whether this type needs `ACL_REVISION_DS` (4): the object ACE types.
    const fn is_object_type(self) -> bool {
        matches!(self.0, 0x05..=0x08 | 0x0B | 0x0C | 0x0F | 0x10)
    }

    /// The SDDL abbreviation, if it has one.
    pub const fn sddl(self) -> Option<&'static str> {
        Some(match self.0 {
            0x00 => "A",
            0x01 => "D",
            0x02 => "AU",
            0x03 => "AL",
            0x05 => "OA",
            0x06 => "OD",
            0x07 => "OU",
            0x08 => "OL",
            0x09 => "XA",
            0x0A => "XD",
            0x0D => "XU",
            0x11 => "ML",
            0x12 => "RA",
            0x13 => "SP",
            _ => return None,
        })
    }
}

impl fmt::Debug for AceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sddl() {
            Some(s) => write!(f, "AceType({s})"),
            None => write!(f, "AceType({:#04x})", self.0),
        }
    }
}

/// What follows an ACE header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AceBody<'data> {
    /// `Mask` and a SID (access-allowed, access-denied, system-audit).
    MaskSid {
        /// `ACCESS_MASK`.
        mask: u32,
        /// The trustee.
        sid: Sid<'data>,
    },
    /// Any other ACE type's body, as it is (a multiple of 4 bytes when written).
    Raw(&'data [u8]),
}

/// A validated ACE.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ace<'data> {
    bytes: &'data [u8],
    body: AceBody<'data>,
    offset: usize,
}

impl<'data> Ace<'data> {
    /// `AceType`.
    pub fn ace_type(&self) -> AceType {
        AceType(byte_at(self.bytes, 0))
    }
    /// `AceFlags` (`OBJECT_INHERIT_ACE` 0x01, `CONTAINER_INHERIT_ACE` 0x02, ...).
    pub fn flags(&self) -> u8 {
        byte_at(self.bytes, 1)
    }
    /// `AceSize`.
    pub fn size(&self) -> u16 {
        u16_at(self.bytes, 2)
    }
    /// The body.
    pub fn body(&self) -> AceBody<'data> {
        self.body
    }
    /// `Mask` of a mask-and-SID ACE.
    pub fn mask(&self) -> Option<u32> {
        match self.body {
            AceBody::MaskSid { mask, .. } => Some(mask),
            AceBody::Raw(_) => None,
        }
    }
    /// The SID of a mask-and-SID ACE.
    pub fn sid(&self) -> Option<Sid<'data>> {
        match self.body {
            AceBody::MaskSid { sid, .. } => Some(sid),
            AceBody::Raw(_) => None,
        }
    }
    /// The ACE's bytes (`AceSize` of them).
    pub const fn as_bytes(&self) -> &'data [u8] {
        self.bytes
    }
    /// Byte offset of the ACE (from the descriptor's start, or the outermost
    /// buffer's when read from a list).
    pub const fn offset(&self) -> usize {
        self.offset
    }

    fn parse(bytes: &'data [u8], offset: usize) -> Result<Self, DecodeError> {
        let ty = AceType(byte_at(bytes, 0));
        let rest = bytes.get(ACE_HEADER_LEN..).unwrap_or_default();
        let body = if ty.has_mask_and_sid() {
            if rest.len() < 4 {
                return Err(DecodeError::new(
                    DecodeErrorKind::StructTruncated {
                        field: StructField::AceBody,
                    },
                    offset.saturating_add(bytes.len()),
                ));
            }
            AceBody::MaskSid {
                mask: u32_at(rest, 0),
                sid: Sid::parse_at(&rest[4..], offset.saturating_add(ACE_HEADER_LEN + 4))?,
            }
        } else {
            AceBody::Raw(rest)
        };
        Ok(Ace {
            bytes,
            body,
            offset,
        })
    }
}

impl fmt::Debug for Ace<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ace")
            .field("ace_type", &self.ace_type())
            .field("flags", &self.flags())
            .field("body", &self.body)
            .finish()
    }
}

/// SDDL ACE flag abbreviations, in SDDL's order.
const ACE_FLAGS: [(u8, &str); 7] = [
    (0x01, "OI"),
    (0x02, "CI"),
    (0x04, "NP"),
    (0x08, "IO"),
    (0x10, "ID"),
    (0x40, "SA"),
    (0x80, "FA"),
];

impl fmt::Display for Ace<'_> {
    /// `(type;flags;mask;;;sid)` as SDDL writes an ACE, the mask in hex and
    /// the SID numeric; other ACE types as `(type;flags;raw:HEX)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        match self.ace_type().sddl() {
            Some(s) => f.write_str(s)?,
            None => write!(f, "{:#04x}", self.ace_type().0)?,
        }
        f.write_str(";")?;
        let mut rest = self.flags();
        for (bit, name) in ACE_FLAGS {
            if rest & bit != 0 {
                f.write_str(name)?;
                rest &= !bit;
            }
        }
        if rest != 0 {
            write!(f, "{rest:#04x}")?;
        }
        match self.body {
            AceBody::MaskSid { mask, sid } => write!(f, ";{mask:#x};;;{sid})"),
            AceBody::Raw(body) => {
                f.write_str(";raw:")?;
                for b in body {
                    write!(f, "{b:02x}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// A validated ACL.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Acl<'data> {
    bytes: &'data [u8],
    offset: usize,
}

impl<'data> Acl<'data> {
    /// `AclRevision` (2, or 4 with object ACEs).
    pub fn revision(&self) -> u8 {
        byte_at(self.bytes, 0)
    }
    /// `AclSize`.
    pub fn size(&self) -> u16 {
        u16_at(self.bytes, 2)
    }
    /// `AceCount`.
    pub fn ace_count(&self) -> u16 {
        u16_at(self.bytes, 4)
    }
    /// The ACEs in order.
    pub fn aces(&self) -> Aces<'data> {
        Aces {
            bytes: self.bytes,
            at: ACL_HEADER_LEN,
            remaining: self.ace_count(),
            base: self.offset,
        }
    }
    /// The ACL's bytes (`AclSize` of them).
    pub const fn as_bytes(&self) -> &'data [u8] {
        self.bytes
    }

    /// Checks the ACL at the start of `bytes` (its `AclSize` must fit).
    fn parse(bytes: &'data [u8], offset: usize) -> Result<Self, DecodeError> {
        let err = |kind, at: usize| DecodeError::new(kind, offset.saturating_add(at));
        if bytes.len() < ACL_HEADER_LEN {
            return Err(err(
                DecodeErrorKind::StructTruncated {
                    field: StructField::AclHeader,
                },
                bytes.len(),
            ));
        }
        let revision = bytes[0];
        if !matches!(revision, 2 | 4) {
            return Err(err(
                DecodeErrorKind::StructInvalid {
                    field: StructField::AclRevision,
                    value: u32::from(revision),
                },
                0,
            ));
        }
        let size = usize::from(u16_at(bytes, 2));
        if size < ACL_HEADER_LEN || size > bytes.len() {
            return Err(err(
                DecodeErrorKind::StructOutOfRange {
                    field: StructField::AclSize,
                    value: size as u32,
                    limit: bytes.len(),
                },
                2,
            ));
        }
        let acl = &bytes[..size];
        let count = u16_at(bytes, 4);
        let mut at = ACL_HEADER_LEN;
        // Each ACE is at least 4 bytes (checked), so this ends within
        // `AclSize / 4` steps whatever the count says.
        for index in 0..count {
            if at + ACE_HEADER_LEN > size {
                return Err(err(
                    DecodeErrorKind::StructOutOfRange {
                        field: StructField::AceCount,
                        value: u32::from(count),
                        limit: usize::from(index),
                    },
                    4,
                ));
            }
            let ace_size = usize::from(u16_at(acl, at + 2));
            if ace_size < ACE_HEADER_LEN || ace_size % 4 != 0 {
                return Err(err(
                    DecodeErrorKind::StructInvalid {
                        field: StructField::AceSize,
                        value: ace_size as u32,
                    },
                    at + 2,
                ));
            }
            if at + ace_size > size {
                return Err(err(
                    DecodeErrorKind::StructOutOfRange {
                        field: StructField::AceSize,
                        value: ace_size as u32,
                        limit: size - at,
                    },
                    at + 2,
                ));
            }
            Ace::parse(&acl[at..at + ace_size], offset.saturating_add(at))?;
            at += ace_size;
        }
        Ok(Acl { bytes: acl, offset })
    }

    fn fmt_aces(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for ace in self.aces() {
            write!(f, "{ace}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Acl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.aces()).finish()
    }
}

/// Iterator over the ACEs of an [`Acl`].
#[derive(Clone, Debug)]
pub struct Aces<'data> {
    bytes: &'data [u8],
    at: usize,
    remaining: u16,
    base: usize,
}

impl<'data> Iterator for Aces<'data> {
    type Item = Ace<'data>;

    fn next(&mut self) -> Option<Ace<'data>> {
        if self.remaining == 0 {
            return None;
        }
        let size = usize::from(u16_at(self.bytes, self.at + 2));
        let bytes = self.bytes.get(self.at..self.at + size)?;
        let ace = Ace::parse(bytes, self.base.saturating_add(self.at)).ok()?;
        self.remaining -= 1;
        self.at += size;
        Some(ace)
    }
}

impl core::iter::FusedIterator for Aces<'_> {}

/// A validated self-relative security descriptor (MS-DTYP 2.4.6).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecurityDescriptor<'data> {
    bytes: &'data [u8],
    base: usize,
}

/// The four offset fields: where they sit and what they name.
const OFFSET_FIELDS: [(usize, StructField); 4] = [
    (4, StructField::SdOwnerOffset),
    (8, StructField::SdGroupOffset),
    (12, StructField::SdSaclOffset),
    (16, StructField::SdDaclOffset),
];

impl<'data> SecurityDescriptor<'data> {
    /// Checks `bytes` (a whole value's data); error offsets count from its start.
    pub fn parse(bytes: &'data [u8]) -> Result<Self, DecodeError> {
        Self::parse_at(bytes, 0)
    }

    /// As [`parse`](Self::parse), with error offsets counted from `base`
    /// (the value's position in the outermost buffer; offsets saturate at
    /// `usize::MAX`, as the wire cursor's do).
    pub fn parse_at(bytes: &'data [u8], base: usize) -> Result<Self, DecodeError> {
        let err = |kind, at: usize| DecodeError::new(kind, base.saturating_add(at));
        if bytes.len() < SD_HEADER_LEN {
            return Err(err(
                DecodeErrorKind::StructTruncated {
                    field: StructField::SdHeader,
                },
                bytes.len(),
            ));
        }
        if bytes[0] != 1 {
            return Err(err(
                DecodeErrorKind::StructInvalid {
                    field: StructField::SdRevision,
                    value: u32::from(bytes[0]),
                },
                0,
            ));
        }
        let control = u16_at(bytes, 2);
        if !Control(control).contains(Control::SELF_RELATIVE) {
            return Err(err(
                DecodeErrorKind::StructInvalid {
                    field: StructField::SdControl,
                    value: u32::from(control),
                },
                2,
            ));
        }
        for (at, field) in OFFSET_FIELDS {
            let offset = u32_at(bytes, at);
            if offset == 0 {
                continue;
            }
            let start = offset as usize;
            if start < SD_HEADER_LEN {
                return Err(err(
                    DecodeErrorKind::StructInvalid {
                        field,
                        value: offset,
                    },
                    at,
                ));
            }
            let Some(part) = bytes.get(start..).filter(|p| !p.is_empty()) else {
                return Err(err(
                    DecodeErrorKind::StructOutOfRange {
                        field,
                        value: offset,
                        limit: bytes.len(),
                    },
                    at,
                ));
            };
            match field {
                StructField::SdOwnerOffset | StructField::SdGroupOffset => {
                    Sid::parse_at(part, base.saturating_add(start))?;
                }
                _ => {
                    Acl::parse(part, base.saturating_add(start))?;
                }
            }
        }
        Ok(SecurityDescriptor { bytes, base })
    }

    fn part(&self, at: usize) -> Option<(&'data [u8], usize)> {
        let offset = u32_at(self.bytes, at) as usize;
        if offset == 0 {
            return None;
        }
        Some((self.bytes.get(offset..)?, self.base.saturating_add(offset)))
    }

    /// `Revision` (1).
    pub fn revision(&self) -> u8 {
        byte_at(self.bytes, 0)
    }
    /// `Sbz1` (the resource manager control bits).
    pub fn sbz1(&self) -> u8 {
        byte_at(self.bytes, 1)
    }
    /// `Control`.
    pub fn control(&self) -> Control {
        Control(u16_at(self.bytes, 2))
    }
    /// The owner SID, if the descriptor has one.
    pub fn owner(&self) -> Option<Sid<'data>> {
        let (part, at) = self.part(4)?;
        Sid::parse_at(part, at).ok()
    }
    /// The primary group SID, if the descriptor has one.
    pub fn group(&self) -> Option<Sid<'data>> {
        let (part, at) = self.part(8)?;
        Sid::parse_at(part, at).ok()
    }
    /// The SACL, if `OffsetSacl` is not 0.
    pub fn sacl(&self) -> Option<Acl<'data>> {
        let (part, at) = self.part(12)?;
        Acl::parse(part, at).ok()
    }
    /// The DACL, if `OffsetDacl` is not 0. `None` with
    /// [`Control::DACL_PRESENT`] set is a NULL DACL (no access control).
    pub fn dacl(&self) -> Option<Acl<'data>> {
        let (part, at) = self.part(16)?;
        Acl::parse(part, at).ok()
    }
    /// The value's bytes.
    pub const fn as_bytes(&self) -> &'data [u8] {
        self.bytes
    }
}

impl fmt::Display for SecurityDescriptor<'_> {
    /// SDDL-like: `O:owner G:group D:flags(aces) S:flags(aces)` without the
    /// spaces, SIDs numeric (`S-1-5-18`, not `SY`), masks in hex; a NULL
    /// DACL is `D:NO_ACCESS_CONTROL`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let control = self.control();
        if let Some(owner) = self.owner() {
            write!(f, "O:{owner}")?;
        }
        if let Some(group) = self.group() {
            write!(f, "G:{group}")?;
        }
        let acl_flags = |f: &mut fmt::Formatter<'_>, protected, auto| -> fmt::Result {
            if control.contains(protected) {
                f.write_str("P")?;
            }
            if control.contains(auto) {
                f.write_str("AI")?;
            }
            Ok(())
        };
        match self.dacl() {
            Some(dacl) => {
                f.write_str("D:")?;
                acl_flags(f, Control::DACL_PROTECTED, Control::DACL_AUTO_INHERITED)?;
                dacl.fmt_aces(f)?;
            }
            None if control.contains(Control::DACL_PRESENT) => {
                f.write_str("D:NO_ACCESS_CONTROL")?
            }
            None => {}
        }
        if let Some(sacl) = self.sacl() {
            f.write_str("S:")?;
            acl_flags(f, Control::SACL_PROTECTED, Control::SACL_AUTO_INHERITED)?;
            sacl.fmt_aces(f)?;
        }
        Ok(())
    }
}

impl fmt::Debug for SecurityDescriptor<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecurityDescriptor")
            .field("control", &self.control())
            .field("owner", &self.owner())
            .field("group", &self.group())
            .field("sacl", &self.sacl())
            .field("dacl", &self.dacl())
            .finish()
    }
}

impl EncodeValue for SecurityDescriptor<'_> {
    /// `CLUSPROP_SYNTAX_LIST_VALUE_SECURITY_DESCRIPTOR`, the bytes as they are.
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_SECURITY_DESCRIPTOR
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        u32::try_from(self.bytes.len()).map_err(|_| EncodeError::TooLong)?;
        Ok(self.bytes.len())
    }
    fn write_data(&self, out: &mut [u8]) {
        out.copy_from_slice(self.bytes)
    }
}

/// One ACE for [`SecurityDescriptorWriter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NewAce<'a> {
    /// `AceType`.
    pub ace_type: AceType,
    /// `AceFlags`.
    pub flags: u8,
    /// The body: `MaskSid` for the three basic types, `Raw` (a multiple of 4
    /// bytes) for the others.
    pub body: AceBody<'a>,
}

impl<'a> NewAce<'a> {
    /// An access-allowed ACE without flags.
    pub const fn allow(mask: u32, sid: Sid<'a>) -> Self {
        NewAce {
            ace_type: AceType::ACCESS_ALLOWED,
            flags: 0,
            body: AceBody::MaskSid { mask, sid },
        }
    }

    /// An access-denied ACE without flags.
    pub const fn deny(mask: u32, sid: Sid<'a>) -> Self {
        NewAce {
            ace_type: AceType::ACCESS_DENIED,
            flags: 0,
            body: AceBody::MaskSid { mask, sid },
        }
    }

    /// A system-audit ACE (`flags`: `SUCCESSFUL_ACCESS_ACE_FLAG` 0x40,
    /// `FAILED_ACCESS_ACE_FLAG` 0x80).
    pub const fn audit(mask: u32, sid: Sid<'a>, flags: u8) -> Self {
        NewAce {
            ace_type: AceType::SYSTEM_AUDIT,
            flags,
            body: AceBody::MaskSid { mask, sid },
        }
    }

    /// The ACE's size on the wire; `TooLong` past its 16-bit size field,
    /// `WrongLength` for a body that does not suit the type.
    pub(crate) fn len(&self) -> Result<usize, EncodeError> {
        let body = match self.body {
            AceBody::MaskSid { sid, .. } if self.ace_type.has_mask_and_sid() => {
                4 + sid.as_bytes().len()
            }
            AceBody::Raw(raw) if !self.ace_type.has_mask_and_sid() && raw.len() % 4 == 0 => {
                raw.len()
            }
            AceBody::MaskSid { .. } | AceBody::Raw(_) => {
                return Err(EncodeError::WrongLength {
                    syntax: Syntax::LIST_VALUE_SECURITY_DESCRIPTOR,
                    length: match self.body {
                        AceBody::Raw(raw) => raw.len(),
                        AceBody::MaskSid { sid, .. } => 4 + sid.as_bytes().len(),
                    },
                });
            }
        };
        let len = ACE_HEADER_LEN + body;
        u16::try_from(len).map_err(|_| EncodeError::TooLong)?;
        Ok(len)
    }

    fn write(&self, out: &mut [u8]) {
        let len = out.len() as u16;
        out[0] = self.ace_type.0;
        out[1] = self.flags;
        out[2..4].copy_from_slice(&len.to_le_bytes());
        match self.body {
            AceBody::MaskSid { mask, sid } => {
                out[4..8].copy_from_slice(&mask.to_le_bytes());
                out[8..].copy_from_slice(sid.as_bytes());
            }
            AceBody::Raw(raw) => out[4..].copy_from_slice(raw),
        }
    }
}

/// An ACL's size on the wire; `TooLong` past its 16-bit size or ACE count.
pub(crate) fn acl_len(aces: &[NewAce<'_>]) -> Result<usize, EncodeError> {
    u16::try_from(aces.len()).map_err(|_| EncodeError::TooLong)?;
    let mut total = ACL_HEADER_LEN;
    for ace in aces {
        total += ace.len()?;
    }
    u16::try_from(total).map_err(|_| EncodeError::TooLong)?;
    Ok(total)
}

fn write_acl(aces: &[NewAce<'_>], out: &mut [u8]) {
    let revision = if aces.iter().any(|a| a.ace_type.is_object_type()) {
        4
    } else {
        2
    };
    out[0] = revision;
    out[1] = 0;
    let size = out.len() as u16;
    out[2..4].copy_from_slice(&size.to_le_bytes());
    out[4..6].copy_from_slice(&(aces.len() as u16).to_le_bytes());
    out[6..8].fill(0);
    let mut at = ACL_HEADER_LEN;
    for ace in aces {
        let len = ace.len().unwrap_or(0);
        ace.write(&mut out[at..at + len]);
        at += len;
    }
}

/// Assembles a self-relative security descriptor: the 20-byte header, then
/// the SACL, the DACL, the owner and the group (each only when given; MS-DTYP
/// 2.4.6 lets the parts come in any order). `control` adds bits to the ones
/// the writer sets itself (`SE_SELF_RELATIVE`, and `SE_DACL_PRESENT` /
/// `SE_SACL_PRESENT` for the ACLs given). ACL revision 2, or 4 when an
/// object ACE is present.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SecurityDescriptorWriter<'a> {
    /// Extra `Control` bits (`DACL_PROTECTED`, `DACL_AUTO_INHERITED`, ...).
    pub control: Control,
    /// The owner SID.
    pub owner: Option<Sid<'a>>,
    /// The primary group SID.
    pub group: Option<Sid<'a>>,
    /// The SACL's ACEs (`Some(&[])` is an empty SACL).
    pub sacl: Option<&'a [NewAce<'a>]>,
    /// The DACL's ACEs (`Some(&[])` is an empty DACL: no access at all).
    pub dacl: Option<&'a [NewAce<'a>]>,
}

impl SecurityDescriptorWriter<'_> {
    /// Writes the descriptor into `out`, returning its length
    /// (`BufferTooSmall` when it does not fit).
    pub fn write_to(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let len = self.data_len()?;
        let dst = out
            .get_mut(..len)
            .ok_or(EncodeError::BufferTooSmall { needed: len })?;
        self.write_data(dst);
        Ok(len)
    }

    /// The descriptor's bytes in a new vector.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, EncodeError> {
        let mut out = alloc::vec![0u8; self.data_len()?];
        self.write_data(&mut out);
        Ok(out)
    }
}

impl EncodeValue for SecurityDescriptorWriter<'_> {
    fn syntax(&self) -> Syntax {
        Syntax::LIST_VALUE_SECURITY_DESCRIPTOR
    }
    fn data_len(&self) -> Result<usize, EncodeError> {
        let sid_len = |s: Option<Sid<'_>>| s.map_or(0, |s| s.as_bytes().len());
        let mut total = SD_HEADER_LEN + sid_len(self.owner) + sid_len(self.group);
        for acl in [self.sacl, self.dacl].into_iter().flatten() {
            total += acl_len(acl)?;
        }
        Ok(total)
    }
    fn write_data(&self, out: &mut [u8]) {
        out.fill(0);
        let mut control = self.control.union(Control::SELF_RELATIVE);
        if self.sacl.is_some() {
            control = control.union(Control::SACL_PRESENT);
        }
        if self.dacl.is_some() {
            control = control.union(Control::DACL_PRESENT);
        }
        out[0] = 1;
        out[2..4].copy_from_slice(&control.0.to_le_bytes());
        let mut at = SD_HEADER_LEN;
        let mut place = |out: &mut [u8], field_at: usize, len: usize| -> usize {
            out[field_at..field_at + 4].copy_from_slice(&(at as u32).to_le_bytes());
            let start = at;
            at += len;
            start
        };
        if let Some(aces) = self.sacl {
            let len = acl_len(aces).unwrap_or(0);
            let start = place(out, 12, len);
            write_acl(aces, &mut out[start..start + len]);
        }
        if let Some(aces) = self.dacl {
            let len = acl_len(aces).unwrap_or(0);
            let start = place(out, 16, len);
            write_acl(aces, &mut out[start..start + len]);
        }
        for (sid, field_at) in [(self.owner, 4), (self.group, 8)] {
            if let Some(sid) = sid {
                let len = sid.as_bytes().len();
                let start = place(out, field_at, len);
                out[start..start + len].copy_from_slice(sid.as_bytes());
            }
        }
    }
}

/// Whether a value of `format` is read as a security descriptor (by the
/// reader and the owned model alike): `SECURITY_DESCRIPTOR`, and `BINARY`
/// because that is how Windows sends the security descriptors it keeps as
/// properties: the cluster's `Security Descriptor` and `Security` and the
/// CSV `SharedVolumeSecurityDescriptor` are documented as `CLUSPROP_BINARY`.
pub(crate) fn holds_security_descriptor(format: crate::syntax::PropertyFormat) -> bool {
    use crate::syntax::PropertyFormat;
    format == PropertyFormat::SECURITY_DESCRIPTOR || format == PropertyFormat::BINARY
}

impl<'data> crate::read::value::FromValue<'data> for SecurityDescriptor<'data> {
    /// A `SECURITY_DESCRIPTOR`-format or `BINARY`-format value, checked
    /// ([`SecurityDescriptor::parse`]); error offsets are in the outermost
    /// buffer. `BINARY` is read too because that is how Windows sends the
    /// security descriptors it keeps as properties: the cluster's
    /// `Security Descriptor` and `Security` and the CSV
    /// `SharedVolumeSecurityDescriptor` are documented as `CLUSPROP_BINARY`.
    /// Any other format is `WrongFormat`, naming `SECURITY_DESCRIPTOR`.
    fn from_value(value: &crate::read::views::RawValue<'data>) -> Result<Self, crate::LookupError> {
        use crate::syntax::PropertyFormat;
        if !holds_security_descriptor(value.syntax().format()) {
            return Err(crate::LookupError::WrongFormat {
                property: None,
                expected: PropertyFormat::SECURITY_DESCRIPTOR,
                found: value.syntax(),
                at: crate::ValueAt::Byte(value.offset()),
            });
        }
        if value.data().is_empty() {
            return Err(crate::LookupError::Empty {
                property: None,
                at: crate::ValueAt::Byte(value.offset()),
            });
        }
        SecurityDescriptor::parse_at(value.data(), value.data_offset())
            .map_err(crate::LookupError::malformed)
    }
}
