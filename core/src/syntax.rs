//! The syntax word of an entry: a property *type* in the high 16 bits and a
//! data *format* in the low 16 bits (MS-CMRP 2.2.2.1–2.2.2.3).
//!
//! All three are open newtypes: every value the specification or the Windows
//! headers name has a constant, and any other value (reserved, or in the user
//! range starting at `0x8000`) stays representable so that nothing a producer
//! sends is lost.

use core::fmt;

/// `CLUSTER_PROPERTY_TYPE`: the high word of a [`Syntax`] (MS-CMRP 2.2.2.1).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PropertyType(pub u16);

/// `CLUSTER_PROPERTY_FORMAT`: the low word of a [`Syntax`] (MS-CMRP 2.2.2.2).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PropertyFormat(pub u16);

/// `CLUSTER_PROPERTY_SYNTAX`: `type << 16 | format` (MS-CMRP 2.2.2.3).
///
/// ```
/// use clusprop::{PropertyFormat, PropertyType, Syntax};
/// let s = Syntax::LIST_VALUE_DWORD;
/// assert_eq!(s.0, 0x0001_0002);
/// assert_eq!(s.ty(), PropertyType::LIST_VALUE);
/// assert_eq!(s.format(), PropertyFormat::DWORD);
/// assert_eq!(s.name(), Some("CLUSPROP_SYNTAX_LIST_VALUE_DWORD"));
/// assert_eq!(Syntax::new(PropertyType::LIST_VALUE, PropertyFormat::DWORD), s);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Syntax(pub u32);

/// Where a syntax value is defined, from most to least authoritative.
///
/// The reader's [`SyntaxSet`](crate::SyntaxSet) option decides which tiers it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SyntaxTier {
    /// Listed in MS-CMRP 2.2.2.3 (the only values a server may send).
    MsCmrp,
    /// Defined by the Windows SDK headers but not by MS-CMRP: nested
    /// property and value lists, `FTSET_INFO`, `STORAGE_DEVICE_ID_DESCRIPTOR`.
    WindowsHeader,
    /// The type or the format word lies in the user-defined range (`>= 0x8000`).
    User,
    /// Reserved: neither defined nor in the user range.
    Reserved,
}

macro_rules! named_values {
    ($ty:ident, $inner:ty, $prefix:literal, [$($(#[$doc:meta])* $name:ident = $value:expr,)*]) => {
        impl $ty {
            $($(#[$doc])* pub const $name: $ty = $ty($value);)*

            /// Every named value, in the order of the specification's table.
            pub const ALL: &'static [$ty] = &[$($ty::$name),*];

            /// The Windows header name of this value, if it has one.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $(x if x == $value => Some(concat!($prefix, stringify!($name))),)*
                    _ => None,
                }
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "{}({:#x})", stringify!($ty), self.0),
                }
            }
        }
    };
}

named_values!(
    PropertyType,
    u16,
    "CLUSPROP_TYPE_",
    [
        /// End of a value list.
        ENDMARK = 0x0000,
        /// An ordinary property value.
        LIST_VALUE = 0x0001,
        /// A resource class.
        RESCLASS = 0x0002,
        /// Reserved; never valid on the wire.
        RESERVED1 = 0x0003,
        /// A property name (or a resource type name in a bare value list).
        NAME = 0x0004,
        /// An MBR disk signature.
        SIGNATURE = 0x0005,
        /// A SCSI address.
        SCSI_ADDRESS = 0x0006,
        /// A disk number.
        DISK_NUMBER = 0x0007,
        /// `CLUS_PARTITION_INFO`.
        PARTITION_INFO = 0x0008,
        /// `CLUS_FTSET_INFO` (Windows headers only).
        FTSET_INFO = 0x0009,
        /// A disk serial number string.
        DISK_SERIALNUMBER = 0x000A,
        /// A GPT disk GUID string.
        DISK_GUID = 0x000B,
        /// A disk size in bytes.
        DISK_SIZE = 0x000C,
        /// `CLUS_PARTITION_INFO_EX`.
        PARTITION_INFO_EX = 0x000D,
        /// `CLUS_PARTITION_INFO_EX2`.
        PARTITION_INFO_EX2 = 0x000E,
        /// A storage device id descriptor (Windows headers only).
        STORAGE_DEVICE_ID_DESCRIPTOR = 0x000F,
        /// First value of the user-defined range.
        USER = 0x8000,
    ]
);

named_values!(
    PropertyFormat,
    u16,
    "CLUSPROP_FORMAT_",
    [
        /// Unknown, or the format half of the end mark.
        UNKNOWN = 0x0000,
        /// Opaque bytes.
        BINARY = 0x0001,
        /// `u32`.
        DWORD = 0x0002,
        /// NUL-terminated UTF-16LE string.
        SZ = 0x0003,
        /// String with unexpanded `%VAR%` references.
        EXPAND_SZ = 0x0004,
        /// List of NUL-terminated strings ending in an extra NUL.
        MULTI_SZ = 0x0005,
        /// `u64`.
        ULARGE_INTEGER = 0x0006,
        /// `i32`.
        LONG = 0x0007,
        /// String with its variables expanded by the server.
        EXPANDED_SZ = 0x0008,
        /// Self-relative security descriptor.
        SECURITY_DESCRIPTOR = 0x0009,
        /// `i64`.
        LARGE_INTEGER = 0x000A,
        /// `u16`.
        WORD = 0x000B,
        /// `FILETIME`: 100 ns ticks since 1601-01-01 UTC.
        FILETIME = 0x000C,
        /// A nested bare value list (Windows headers only, undocumented).
        VALUE_LIST = 0x000D,
        /// A nested property list (Windows headers only).
        PROPERTY_LIST = 0x000E,
        /// First value of the user-defined range.
        USER = 0x8000,
    ]
);

named_values!(
    Syntax,
    u32,
    "CLUSPROP_SYNTAX_",
    [
        /// The 4-byte end mark of a value list.
        ENDMARK = 0x0000_0000,
        /// A property name.
        NAME = 0x0004_0003,
        /// A resource class.
        RESCLASS = 0x0002_0002,
        /// String value.
        LIST_VALUE_SZ = 0x0001_0003,
        /// Unexpanded string value.
        LIST_VALUE_EXPAND_SZ = 0x0001_0004,
        /// `u32` value.
        LIST_VALUE_DWORD = 0x0001_0002,
        /// Binary value.
        LIST_VALUE_BINARY = 0x0001_0001,
        /// String list value.
        LIST_VALUE_MULTI_SZ = 0x0001_0005,
        /// `i32` value.
        LIST_VALUE_LONG = 0x0001_0007,
        /// Expanded string value (server replies only).
        LIST_VALUE_EXPANDED_SZ = 0x0001_0008,
        /// Security descriptor value.
        LIST_VALUE_SECURITY_DESCRIPTOR = 0x0001_0009,
        /// `i64` value.
        LIST_VALUE_LARGE_INTEGER = 0x0001_000A,
        /// `u64` value.
        LIST_VALUE_ULARGE_INTEGER = 0x0001_0006,
        /// `u16` value.
        LIST_VALUE_WORD = 0x0001_000B,
        /// Nested property list value (Windows headers only).
        LIST_VALUE_PROPERTY_LIST = 0x0001_000E,
        /// `FILETIME` value.
        LIST_VALUE_FILETIME = 0x0001_000C,
        /// MBR disk signature.
        DISK_SIGNATURE = 0x0005_0002,
        /// SCSI address.
        SCSI_ADDRESS = 0x0006_0002,
        /// Disk number.
        DISK_NUMBER = 0x0007_0002,
        /// `CLUS_PARTITION_INFO`.
        PARTITION_INFO = 0x0008_0001,
        /// `CLUS_FTSET_INFO` (Windows headers only).
        FTSET_INFO = 0x0009_0001,
        /// Disk serial number.
        DISK_SERIALNUMBER = 0x000A_0003,
        /// GPT disk GUID string.
        DISK_GUID = 0x000B_0003,
        /// Disk size in bytes.
        DISK_SIZE = 0x000C_0006,
        /// `CLUS_PARTITION_INFO_EX`.
        PARTITION_INFO_EX = 0x000D_0001,
        /// `CLUS_PARTITION_INFO_EX` followed by `CLUS_PARTITION_INFO_EX2`.
        PARTITION_INFO_EX2 = 0x000E_0001,
        /// Storage device id descriptor (Windows headers only).
        STORAGE_DEVICE_ID_DESCRIPTOR = 0x000F_0001,
    ]
);

// A plain LIST_VALUE (`Syntax::is_plain_list_value`) is the range from
// BINARY to FILETIME of the LIST_VALUE type, every one named by MS-CMRP, and
// may stand wherever a value may under every option and syntax set: the
// validator's shortcut for it skips no rule.
const _: () = {
    use crate::options::SyntaxSet;
    let mut format = 0;
    while format <= 0x10 {
        let syntax = Syntax::new(PropertyType::LIST_VALUE, PropertyFormat(format));
        let plain = format >= PropertyFormat::BINARY.0 && format <= PropertyFormat::FILETIME.0;
        assert!(syntax.is_plain_list_value() == plain);
        if plain {
            assert!(syntax.name().is_some() && syntax.0 != Syntax::ENDMARK.0);
            assert!(matches!(syntax.tier(), SyntaxTier::MsCmrp));
            assert!(matches!(
                Placement::PropertyValue.check(syntax, true),
                Ok(())
            ));
            assert!(matches!(Placement::BareValue.check(syntax, true), Ok(())));
            assert!(SyntaxSet::MsCmrp.contains(syntax));
            assert!(SyntaxSet::Windows.contains(syntax));
            assert!(SyntaxSet::WindowsAndUser.contains(syntax));
            assert!(SyntaxSet::Any.contains(syntax));
        }
        format += 1;
    }
    assert!(!Syntax(0).is_plain_list_value() && !Syntax(u32::MAX).is_plain_list_value());
};

// `Syntax::list_kind` and the format table name the same two formats.
const _: () = {
    use crate::formats::{Shape, shape};
    assert!(matches!(
        shape(Syntax::LIST_VALUE_PROPERTY_LIST.format()),
        Some(Shape::PropertyList)
    ));
    assert!(matches!(
        shape(Syntax::LIST_VALUE_VALUE_LIST.format()),
        Some(Shape::ValueList)
    ));
    assert!(Syntax::LIST_VALUE_PROPERTY_LIST.ty().0 == PropertyType::LIST_VALUE.0);
    assert!(Syntax::LIST_VALUE_VALUE_LIST.ty().0 == PropertyType::LIST_VALUE.0);
};

/// The two kinds of list a value can hold (see [`Syntax::list_kind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// A nested property list (`CLUSPROP_FORMAT_PROPERTY_LIST`).
    PropertyList,
    /// A nested bare value list (`CLUSPROP_FORMAT_VALUE_LIST`).
    ValueList,
}

impl Syntax {
    /// Nested bare value list value: `LIST_VALUE << 16 | VALUE_LIST`.
    ///
    /// The headers define the format `CLUSPROP_FORMAT_VALUE_LIST` but no syntax
    /// constant that uses it; this is the natural composition, and the one the
    /// reader accepts as a nested value list.
    pub const LIST_VALUE_VALUE_LIST: Syntax =
        Syntax::new(PropertyType::LIST_VALUE, PropertyFormat::VALUE_LIST);

    /// Composes a syntax from its type and format words.
    pub const fn new(ty: PropertyType, format: PropertyFormat) -> Syntax {
        Syntax(((ty.0 as u32) << 16) | format.0 as u32)
    }

    /// The property type (high word).
    pub const fn ty(self) -> PropertyType {
        PropertyType((self.0 >> 16) as u16)
    }

    /// The data format (low word).
    pub const fn format(self) -> PropertyFormat {
        PropertyFormat(self.0 as u16)
    }

    /// Whether this is a `LIST_VALUE` of a scalar, string or binary format
    /// (`BINARY`, 1, to `FILETIME`, 0xC), which nearly every property value
    /// is: one compare, as the readers and the builder ask it of every
    /// value.
    #[inline(always)]
    pub(crate) const fn is_plain_list_value(self) -> bool {
        self.0.wrapping_sub(Syntax::LIST_VALUE_BINARY.0)
            <= Syntax::LIST_VALUE_FILETIME.0 - Syntax::LIST_VALUE_BINARY.0
    }

    /// The kind of nested list a value of this syntax holds: `LIST_VALUE`
    /// with the property-list or value-list format; `None` for every other
    /// syntax. The one place that decides it (from the format table).
    ///
    /// ```
    /// use clusprop::{ListKind, Syntax};
    /// assert_eq!(Syntax::LIST_VALUE_PROPERTY_LIST.list_kind(), Some(ListKind::PropertyList));
    /// assert_eq!(Syntax::LIST_VALUE_VALUE_LIST.list_kind(), Some(ListKind::ValueList));
    /// assert_eq!(Syntax::LIST_VALUE_DWORD.list_kind(), None);
    /// ```
    #[inline(always)]
    pub const fn list_kind(self) -> Option<ListKind> {
        // Two word compares: the readers ask this of every value. That
        // these formats are the table's list shapes is checked when the
        // crate is compiled (below).
        match self {
            Syntax::LIST_VALUE_PROPERTY_LIST => Some(ListKind::PropertyList),
            Syntax::LIST_VALUE_VALUE_LIST => Some(ListKind::ValueList),
            _ => None,
        }
    }

    /// Which document defines this syntax.
    #[inline(always)]
    pub const fn tier(self) -> SyntaxTier {
        // Fast path for the common case, every value of a property list.
        if self.is_plain_list_value() {
            return SyntaxTier::MsCmrp;
        }
        self.tier_by_table()
    }

    /// [`tier`](Self::tier) for every syntax, out of line: the names table
    /// is searched.
    #[inline(never)]
    const fn tier_by_table(self) -> SyntaxTier {
        match self {
            Syntax::LIST_VALUE_PROPERTY_LIST
            | Syntax::LIST_VALUE_VALUE_LIST
            | Syntax::FTSET_INFO
            | Syntax::STORAGE_DEVICE_ID_DESCRIPTOR => SyntaxTier::WindowsHeader,
            _ if self.name().is_some() => SyntaxTier::MsCmrp,
            _ if self.ty().0 >= PropertyType::USER.0
                || self.format().0 >= PropertyFormat::USER.0 =>
            {
                SyntaxTier::User
            }
            _ => SyntaxTier::Reserved,
        }
    }

    /// The data length this syntax requires, when it has exactly one.
    ///
    /// `RESCLASS` (4 or 8 bytes) and `PARTITION_INFO_EX2` (at least 1700) are
    /// not fixed; see [`Syntax::length_rule`].
    pub const fn fixed_len(self) -> Option<u32> {
        match self.length_rule() {
            LengthRule::Exact(n) => Some(n),
            _ => None,
        }
    }

    /// The rule the data length of this syntax obeys. User-range syntaxes
    /// (type or format `>= 0x8000`) have no documented layout: any length.
    #[inline(always)]
    pub const fn length_rule(self) -> LengthRule {
        if self.is_plain_list_value() {
            return Self::format_rule(self.format());
        }
        if self.ty().0 >= PropertyType::USER.0 || self.format().0 >= PropertyFormat::USER.0 {
            return LengthRule::Any;
        }
        // Every LIST_VALUE syntax follows its format's rule.
        if self.ty().0 == PropertyType::LIST_VALUE.0 {
            return Self::format_rule(self.format());
        }
        match self {
            Syntax::RESCLASS => LengthRule::OneOf(4, 8),
            Syntax::PARTITION_INFO => LengthRule::Exact(1120),
            Syntax::PARTITION_INFO_EX => LengthRule::Exact(1160),
            Syntax::PARTITION_INFO_EX2 => LengthRule::AtLeast(1700),
            Syntax::FTSET_INFO => LengthRule::Exact(8),
            _ => Self::format_rule(self.format()),
        }
    }

    /// The length rule a data format implies: the format table's.
    #[inline]
    const fn format_rule(format: PropertyFormat) -> LengthRule {
        crate::formats::length_rule(format)
    }
}

/// How long the data of a syntax may be (before padding).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LengthRule {
    /// Exactly this many bytes.
    Exact(u32),
    /// One of two sizes (`RESCLASS`: 4 in the Win32 headers, 8 in MS-CMRP 3.1.4.3.1.5).
    OneOf(u32, u32),
    /// At least this many bytes.
    AtLeast(u32),
    /// UTF-16LE: an even number of bytes, at least one NUL code unit.
    String,
    /// Any length.
    Any,
}

/// Where an entry stands, which decides the syntaxes it may have: the one
/// placement rule that the validator and the builder both apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Placement {
    /// A value of a property: never `NAME`, and (when the `LIST_VALUE`
    /// type is required) of type `LIST_VALUE` or a user type.
    PropertyValue,
    /// An entry of a bare value list: `NAME` and the storage syntaxes too.
    BareValue,
}

/// Why a syntax may not stand where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Misplaced {
    /// A `NAME` entry among a property's values.
    Name,
    /// A property value whose type is neither `LIST_VALUE` nor a user type.
    NotListValue,
}

impl Placement {
    /// Whether `syntax` may stand here; `require_list_value_type` is the
    /// reader's option (the builder always requires it).
    #[inline]
    pub(crate) const fn check(
        self,
        syntax: Syntax,
        require_list_value_type: bool,
    ) -> Result<(), Misplaced> {
        if let Placement::BareValue = self {
            return Ok(());
        }
        if syntax.0 == Syntax::NAME.0 {
            return Err(Misplaced::Name);
        }
        let ty = syntax.ty();
        let list_value_or_user = ty.0 == PropertyType::LIST_VALUE.0 || ty.0 >= PropertyType::USER.0;
        if require_list_value_type && !list_value_or_user {
            return Err(Misplaced::NotListValue);
        }
        Ok(())
    }
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({:#010x})", self.0),
            None => write!(f, "syntax {:#010x}", self.0),
        }
    }
}

impl From<u32> for Syntax {
    fn from(value: u32) -> Self {
        Syntax(value)
    }
}

impl From<Syntax> for u32 {
    fn from(value: Syntax) -> Self {
        value.0
    }
}

impl PropertyFormat {
    /// The lower-case short name used in the JSON form (`"dword"`, `"multi_sz"`, ...).
    pub const fn short_name(self) -> Option<&'static str> {
        crate::formats::name(self)
    }

    /// The format whose [`short_name`](Self::short_name) is `name`.
    pub fn from_short_name(name: &str) -> Option<PropertyFormat> {
        crate::formats::by_name(name, false, false).map(|f| f.format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers() {
        assert_eq!(Syntax::LIST_VALUE_DWORD.tier(), SyntaxTier::MsCmrp);
        assert_eq!(Syntax::LIST_VALUE_FILETIME.tier(), SyntaxTier::MsCmrp);
        assert_eq!(Syntax::PARTITION_INFO_EX2.tier(), SyntaxTier::MsCmrp);
        assert_eq!(
            Syntax::LIST_VALUE_PROPERTY_LIST.tier(),
            SyntaxTier::WindowsHeader
        );
        assert_eq!(
            Syntax::LIST_VALUE_VALUE_LIST.tier(),
            SyntaxTier::WindowsHeader
        );
        assert_eq!(Syntax(0x0001_0010).tier(), SyntaxTier::Reserved);
        assert_eq!(Syntax(0x8000_0001).tier(), SyntaxTier::User);
        assert_eq!(Syntax(0x0001_8000).tier(), SyntaxTier::User);
        assert_eq!(Syntax(0x0003_0002).tier(), SyntaxTier::Reserved);
    }

    #[test]
    fn parts_and_names() {
        let s = Syntax(0x1234_5678);
        assert_eq!(s.ty(), PropertyType(0x1234));
        assert_eq!(s.format(), PropertyFormat(0x5678));
        assert_eq!(Syntax::new(s.ty(), s.format()), s);
        assert_eq!(s.name(), None);
        assert_eq!(format!("{s:?}"), "Syntax(0x12345678)");
        assert_eq!(
            format!("{}", Syntax::NAME),
            "CLUSPROP_SYNTAX_NAME (0x00040003)"
        );
        for f in PropertyFormat::ALL {
            if let Some(n) = f.short_name() {
                assert_eq!(PropertyFormat::from_short_name(n), Some(*f));
            }
        }
    }

    #[test]
    fn length_rules() {
        assert_eq!(Syntax::LIST_VALUE_WORD.fixed_len(), Some(2));
        assert_eq!(Syntax::DISK_SIZE.fixed_len(), Some(8));
        assert_eq!(Syntax::SCSI_ADDRESS.fixed_len(), Some(4));
        assert_eq!(Syntax::RESCLASS.length_rule(), LengthRule::OneOf(4, 8));
        assert_eq!(Syntax::LIST_VALUE_BINARY.length_rule(), LengthRule::Any);
        assert_eq!(Syntax::DISK_GUID.length_rule(), LengthRule::String);
    }
}
