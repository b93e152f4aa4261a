//! What the reader accepts where real producers differ (docs/wire-format.md §5).
//!
//! Policy is an option, not a guess: [`DecodeOptions::default`] is strict about
//! structure (every rule of MS-CMRP 2.2.3.10 that Windows itself follows) and
//! accepts the shapes Windows really sends. Presets tighten or loosen it.

use crate::limits::{DEFAULT_MAX_DEPTH, MAX_DEPTH_LIMIT, MAX_VALUES_PER_PROPERTY};
use crate::syntax::{Syntax, SyntaxTier};

/// Which syntax values the reader accepts (docs/wire-format.md §1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyntaxSet {
    /// Only the values MS-CMRP 2.2.2.3 lists.
    MsCmrp,
    /// MS-CMRP plus the Windows-header extras (nested lists, FTSET_INFO,
    /// STORAGE_DEVICE_ID_DESCRIPTOR).
    Windows,
    /// Windows plus anything whose type or format word is in the user range
    /// (`>= 0x8000`), handed over as raw bytes. The default.
    WindowsAndUser,
    /// Every value, reserved ones included, handed over as raw bytes.
    Any,
}

impl SyntaxSet {
    /// Whether `syntax` belongs to this set.
    #[inline]
    pub const fn contains(self, syntax: Syntax) -> bool {
        let tier = syntax.tier();
        match self {
            SyntaxSet::MsCmrp => matches!(tier, SyntaxTier::MsCmrp),
            SyntaxSet::Windows => matches!(tier, SyntaxTier::MsCmrp | SyntaxTier::WindowsHeader),
            SyntaxSet::WindowsAndUser => !matches!(tier, SyntaxTier::Reserved),
            SyntaxSet::Any => true,
        }
    }
}

/// The optional 4-byte end mark after the last property of a property list
/// (docs/wire-format.md §3.3): Windows writes it, MS-CMRP 2.2.3.10 does not have it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrailingEndMark {
    /// Accept lists with and without it (the default); the reader reports which.
    Optional,
    /// Require it (Samba's NDR decoder does).
    Required,
    /// Reject it (the MS-CMRP structure has none).
    Forbidden,
}

/// Whether nested list values (`CLUSPROP_FORMAT_PROPERTY_LIST`,
/// `CLUSPROP_FORMAT_VALUE_LIST`) are decoded.
///
/// Their layout is undocumented (docs/wire-format.md §3.5, UNCERTAIN); the reader's
/// reading is that the data is a complete list framed by the value's length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NestedLists {
    /// Validate nested lists with the same options and expose them as lists (the default).
    Decode,
    /// Treat them as opaque bytes: they are data, not lists, so no rule of
    /// the options reaches inside them (an `EXPANDED_SZ` in one passes even
    /// with `reject_expanded_sz`). A policy that must hold at every depth,
    /// as [`DecodeOptions::client_input`] does, decodes them.
    Opaque,
}

/// Reader configuration. Fields are public; start from a preset and change
/// what you need.
///
/// # The presets
///
/// [`DecodeOptions::default`] is strict about structure and accepts what
/// Windows really sends; the presets change the policy where producers
/// differ (`docs/wire-format.md` §5):
///
/// | rule | [`default`](Self::new) | [`ms_cmrp`](Self::ms_cmrp) | [`client_input`](Self::client_input) | [`lenient`](Self::lenient) |
/// |---|---|---|---|---|
/// | count matches, every property ends with its end mark, no bytes left over, checked arithmetic | yes | yes | yes | yes |
/// | trailing list end mark (Windows writes it, MS-CMRP has none) | optional, reported | optional | optional | optional |
/// | syntaxes ([`SyntaxSet`]) | MS-CMRP + Windows headers + user range | MS-CMRP only | as default | any |
/// | values per property | 1–3 (MS-CMRP 2.2.3.10.1) | 1–3 | 1–3 | up to 65,535 (`u16::MAX`) |
/// | value type must be `LIST_VALUE` (user types pass) | yes | yes | yes | no |
/// | zero-length "reset to default" values | yes | no | yes | yes |
/// | `EXPANDED_SZ` (clients must not send it) | yes | yes | **no** | yes |
/// | nested property/value lists | decoded, depth ≤ 8 | rejected: their syntaxes are not MS-CMRP's | decoded | decoded |
/// | non-zero padding | ignored (MS-CMRP: MUST be ignored); [`reject_nonzero_padding`](Self::reject_nonzero_padding) reports it | ignored | ignored | ignored |
/// | NULs after a string's terminator ([`allow_nul_padded_strings`](Self::allow_nul_padded_strings)) | no | no | no | yes |
///
/// Whatever the preset, strings must have an even length, end in NUL and
/// have no text after a NUL (`MULTI_SZ`: nothing but NULs after its
/// terminating empty string), and fixed-size syntaxes must have their exact size
/// (`RESCLASS` 4 or 8, `PARTITION_INFO_EX2` at least 1700). Every error is a
/// small `Copy` value with a kind and the byte offset (nested lists report
/// offsets in the outer buffer).
///
/// Every rule applies at every depth: to the outer list, to nested property
/// lists and value lists (when [`NestedLists::Decode`]), and to bare value
/// lists, entry by entry (`require_list_value_type` and
/// `max_values_per_property` wherever an entry is a property's value;
/// `trailing_end_mark` to every property list, nested ones included).
///
/// ```
/// use clusprop::{DecodeOptions, TrailingEndMark};
/// let mut options = DecodeOptions::default();
/// options.trailing_end_mark = TrailingEndMark::Required;
/// options.max_depth = 2;
/// let list = clusprop::PropertyList::parse_with(&[0, 0, 0, 0, 0, 0, 0, 0], &options).unwrap();
/// assert!(list.has_trailing_end_mark());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// Which syntaxes are accepted. Default: [`SyntaxSet::WindowsAndUser`].
    pub syntaxes: SyntaxSet,
    /// Most values one property may have. Default 3 (MS-CMRP 2.2.3.10.1 says
    /// "one to three"; the Win32 guide says "one or more": raise it for those
    /// producers). `u16::MAX` is a limit like any other: a property with more
    /// values is refused.
    pub max_values_per_property: u16,
    /// Property values must have type `CLUSPROP_TYPE_LIST_VALUE` (MS-CMRP
    /// 2.2.2.1); user-range types pass when `syntaxes` admits them. Default true.
    pub require_list_value_type: bool,
    /// The list-level trailing end mark. Default [`TrailingEndMark::Optional`].
    pub trailing_end_mark: TrailingEndMark,
    /// Accept zero-length values, which `CClusPropList::ScSetPropToDefault`
    /// sends to reset a property to its default. Default true.
    pub allow_empty_values: bool,
    /// Report non-zero padding as an error. MS-CMRP requires receivers to ignore
    /// padding contents, so this is off by default; turn it on as a lint.
    pub reject_nonzero_padding: bool,
    /// Reject `EXPANDED_SZ` values, which a client MUST NOT send (MS-CMRP 2.2.2.3).
    /// Default false (server replies carry them).
    pub reject_expanded_sz: bool,
    /// How nested lists are treated. Default [`NestedLists::Decode`].
    pub nested: NestedLists,
    /// Deepest nesting accepted (the outer list is depth 0). Default 8; values
    /// above [`MAX_DEPTH_LIMIT`] are treated as that limit.
    pub max_depth: u8,
    /// Accept string values (`SZ`, `EXPAND_SZ`, `EXPANDED_SZ` and the
    /// string syntaxes) whose terminating NUL is followed by more NULs
    /// (`"abc\0\0\0"`): a registry `REG_SZ` stored with a careless length
    /// holds that, and Windows hands the stored bytes over. The string is
    /// the text before its first NUL; anything other than NULs after it is
    /// still an interior NUL. Property names are held to one NUL whatever
    /// this says (they are written by code, not read back from storage).
    /// Default false (MS-CMRP: a string is its text and one NUL);
    /// [`lenient`](Self::lenient) turns it on. `MULTI_SZ` values always
    /// accept NULs after their terminator.
    pub allow_nul_padded_strings: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl DecodeOptions {
    /// The default: strict structure, Windows' syntaxes and user-range
    /// syntaxes, trailing end mark optional, zero-length values accepted.
    pub const fn new() -> Self {
        DecodeOptions {
            syntaxes: SyntaxSet::WindowsAndUser,
            max_values_per_property: MAX_VALUES_PER_PROPERTY,
            require_list_value_type: true,
            trailing_end_mark: TrailingEndMark::Optional,
            allow_empty_values: true,
            reject_nonzero_padding: false,
            reject_expanded_sz: false,
            nested: NestedLists::Decode,
            max_depth: DEFAULT_MAX_DEPTH,
            allow_nul_padded_strings: false,
        }
    }

    /// Exactly MS-CMRP: only its syntaxes, no zero-length values, no nested
    /// lists (they are not in MS-CMRP), trailing end mark still accepted.
    ///
    /// "No zero-length values" is stricter than MS-CMRP for `BINARY`, whose
    /// data may be empty there: an empty byte string has the same bytes as
    /// a "reset to default" value, and this preset refuses both
    /// (docs/wire-format.md §10, item 6).
    pub const fn ms_cmrp() -> Self {
        DecodeOptions {
            syntaxes: SyntaxSet::MsCmrp,
            max_values_per_property: MAX_VALUES_PER_PROPERTY,
            require_list_value_type: true,
            trailing_end_mark: TrailingEndMark::Optional,
            allow_empty_values: false,
            reject_nonzero_padding: false,
            reject_expanded_sz: false,
            nested: NestedLists::Opaque,
            max_depth: DEFAULT_MAX_DEPTH,
            allow_nul_padded_strings: false,
        }
    }

    /// What a server should demand of a list a client built (offline, online and
    /// move instructions, SET control codes): the default plus no `EXPANDED_SZ`.
    pub const fn client_input() -> Self {
        let mut options = Self::new();
        options.reject_expanded_sz = true;
        options
    }

    /// Everything that is structurally sound: any syntax, any value type, up
    /// to 65,535 (`u16::MAX`) values per property, strings padded with NULs
    /// after their terminator. Content rules (string termination, no text after a NUL,
    /// fixed sizes of known syntaxes) still apply.
    pub const fn lenient() -> Self {
        DecodeOptions {
            syntaxes: SyntaxSet::Any,
            max_values_per_property: u16::MAX,
            require_list_value_type: false,
            trailing_end_mark: TrailingEndMark::Optional,
            allow_empty_values: true,
            reject_nonzero_padding: false,
            reject_expanded_sz: false,
            nested: NestedLists::Decode,
            max_depth: DEFAULT_MAX_DEPTH,
            allow_nul_padded_strings: true,
        }
    }

    /// The depth limit actually applied.
    pub(crate) const fn depth_limit(&self) -> u8 {
        if self.max_depth > MAX_DEPTH_LIMIT {
            MAX_DEPTH_LIMIT
        } else {
            self.max_depth
        }
    }
}
