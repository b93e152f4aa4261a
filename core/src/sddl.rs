//! Reading back the SDDL-like text that [`SecurityDescriptor`]'s `Display`
//! writes (feature `alloc`), so the `TYPE:VALUE` notation can write a
//! descriptor as `sd:O:S-1-5-32-544D:(A;;0x1f01ff;;;S-1-5-18)`.
//!
//! The grammar is exactly what `Display` produces: `O:` SID, `G:` SID,
//! `D:` and `S:` with the flags `P` and `AI` and then ACEs
//! `(TYPE;FLAGS;MASK;;;SID)` or `(TYPE;FLAGS;raw:HEX)`, or
//! `D:NO_ACCESS_CONTROL`; SIDs numeric (`S-1-5-18`). The text becomes the
//! bytes [`SecurityDescriptorWriter`] assembles, so a descriptor in the
//! writer's layout survives bytes → text → bytes; control bits the text does
//! not show (`SE_OWNER_DEFAULTED`, ...), `Sbz1` and another part order do
//! not, which is why the hex form stays available.
//!
//! [`SecurityDescriptor`]: crate::security::SecurityDescriptor

use alloc::vec::Vec;

use crate::security::{
    AceBody, AceType, Control, NewAce, SecurityDescriptorWriter, SidBuf, acl_len,
};

/// Where SDDL-like text stopped making sense, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SddlError {
    /// Byte index of the first character that does not fit (for a part that
    /// is too large, where that part starts), from 0; the message counts
    /// characters from 1, as columns are counted.
    pub position: usize,
    /// What is wrong there.
    pub problem: SddlProblem,
}

/// Why SDDL-like text is not a security descriptor ([`SddlError::problem`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SddlProblem {
    /// This text was expected here (`S-1-`, `;`, `;;;`, `(`, `)`).
    Expected(&'static str),
    /// Not a number, or a number too large for its field (an ACE type or
    /// flags byte, an access mask, a sub-authority).
    Number,
    /// A SID whose authority is 2^48 or more, or with more than 15
    /// sub-authorities.
    Sid,
    /// An ACE type that is neither a known name (`A`, `D`, `AU`, ...) nor a
    /// `0x` number.
    AceType,
    /// An ACE body that does not suit its type: the basic types (`A`, `D`,
    /// `AU`, those [`AceType::has_mask_and_sid`] names) take `MASK;;;SID`,
    /// every other type (`AL` included) `raw:` and hex.
    AceBody,
    /// A `raw:` body that is not whole 4-byte units of hex digits.
    RawHex,
    /// An ACE or an ACL over 65,535 bytes, or an ACL of more than 65,535
    /// ACEs: their sizes are 16-bit fields.
    TooLarge,
    /// Text after the descriptor: the parts come as `O:`, `G:`, `D:`, `S:`,
    /// each at most once and in that order.
    TrailingText,
}

impl core::fmt::Display for SddlProblem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Expected(text) => write!(f, "expected `{text}`"),
            Self::Number => f.write_str("not a number in range for its field"),
            Self::Sid => f.write_str(
                "a SID's authority must be below 2^48, with at most 15 sub-authorities",
            ),
            Self::AceType => f.write_str("unknown ACE type"),
            Self::AceBody => f.write_str(
                "the ACE body does not suit its type (A, D and AU take MASK;;;SID, \
                 other types, AL included, raw:HEX)",
            ),
            Self::RawHex => f.write_str("a raw ACE body is hex digits for whole 4-byte units"),
            Self::TooLarge => f.write_str(
                "too large: an ACE or ACL is at most 65,535 bytes, an ACL at most 65,535 ACEs",
            ),
            Self::TrailingText => f.write_str(
                "unexpected text (the parts are O:, G:, D:, S:, at most once each and in that order)",
            ),
        }
    }
}

impl core::fmt::Display for SddlError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "not a security descriptor in SDDL-like form: {} ({})",
            self.problem,
            crate::error::AtCharacter(self.position)
        )
    }
}

impl core::error::Error for SddlError {}

fn fail(position: usize, problem: SddlProblem) -> SddlError {
    SddlError { position, problem }
}

struct Cursor<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Cursor<'t> {
    fn rest(&self) -> &'t str {
        self.text.get(self.at..).unwrap_or_default()
    }
    fn error(&self, problem: SddlProblem) -> SddlError {
        fail(self.at, problem)
    }
    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.at += s.len();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, s: &'static str) -> Result<(), SddlError> {
        if self.eat(s) {
            Ok(())
        } else {
            Err(self.error(SddlProblem::Expected(s)))
        }
    }
    /// The longest run of characters matching `f`.
    fn take_while(&mut self, f: impl Fn(u8) -> bool, max: usize) -> &'t str {
        let n = self.rest().bytes().take(max).take_while(|&b| f(b)).count();
        let s = self.rest().get(..n).unwrap_or_default();
        self.at += n;
        s
    }
    /// A decimal number, or `0x` and hex digits (at most `max_hex`).
    fn number(&mut self, max_hex: usize) -> Result<u64, SddlError> {
        let start = self.at;
        let parsed = if self.eat("0x") || self.eat("0X") {
            u64::from_str_radix(self.take_while(|b| b.is_ascii_hexdigit(), max_hex), 16)
        } else {
            self.take_while(|b| b.is_ascii_digit(), 20).parse::<u64>()
        };
        parsed.map_err(|_| fail(start, SddlProblem::Number))
    }
    fn u32(&mut self, max_hex: usize) -> Result<u32, SddlError> {
        let start = self.at;
        u32::try_from(self.number(max_hex)?).map_err(|_| fail(start, SddlProblem::Number))
    }
}

fn sid(c: &mut Cursor<'_>) -> Result<SidBuf, SddlError> {
    let start = c.at;
    c.expect("S-1-")?;
    let authority = c.number(12)?;
    let mut subs = Vec::new();
    while c.rest().starts_with('-') {
        c.at += 1;
        subs.push(c.u32(8)?);
    }
    SidBuf::new(authority, &subs).ok_or(fail(start, SddlProblem::Sid))
}

/// One ACE's parts before the SIDs are borrowed.
struct AceText {
    ace_type: AceType,
    flags: u8,
    body: BodyText,
}

enum BodyText {
    MaskSid(u32, SidBuf),
    Raw(Vec<u8>),
}

const FLAGS: [(&str, u8); 7] = [
    ("OI", 0x01),
    ("CI", 0x02),
    ("NP", 0x04),
    ("IO", 0x08),
    ("ID", 0x10),
    ("SA", 0x40),
    ("FA", 0x80),
];

fn ace(c: &mut Cursor<'_>) -> Result<AceText, SddlError> {
    let ace_at = c.at;
    c.expect("(")?;
    let type_at = c.at;
    let ace_type = if c.rest().starts_with("0x") {
        AceType(u8::try_from(c.number(2)?).map_err(|_| fail(type_at, SddlProblem::Number))?)
    } else {
        let name = c.take_while(|b| b.is_ascii_uppercase(), 2);
        (0..=u8::MAX)
            .map(AceType)
            .find(|t| t.sddl() == Some(name))
            .ok_or(fail(type_at, SddlProblem::AceType))?
    };
    c.expect(";")?;
    let mut flags = 0u8;
    loop {
        if let Some(&(name, bit)) = FLAGS.iter().find(|(name, _)| c.rest().starts_with(name)) {
            c.at += name.len();
            flags |= bit;
        } else if c.rest().starts_with("0x") {
            let at = c.at;
            flags |= u8::try_from(c.number(2)?).map_err(|_| fail(at, SddlProblem::Number))?;
        } else {
            break;
        }
    }
    c.expect(";")?;
    let body_at = c.at;
    let body = if c.eat("raw:") {
        let hex_at = c.at;
        let hex = c.take_while(|b| b.is_ascii_hexdigit(), usize::MAX);
        if hex.len() % 8 != 0 {
            return Err(fail(hex_at, SddlProblem::RawHex));
        }
        let bytes = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| fail(hex_at, SddlProblem::RawHex))?;
        BodyText::Raw(bytes)
    } else {
        let mask = c.u32(8)?;
        c.expect(";;;")?;
        BodyText::MaskSid(mask, sid(c)?)
    };
    if ace_type.has_mask_and_sid() != matches!(body, BodyText::MaskSid(..)) {
        return Err(fail(body_at, SddlProblem::AceBody));
    }
    c.expect(")")?;
    let text = AceText {
        ace_type,
        flags,
        body,
    };
    text.as_new_ace()
        .len()
        .map_err(|_| fail(ace_at, SddlProblem::TooLarge))?;
    Ok(text)
}

impl AceText {
    fn as_new_ace(&self) -> NewAce<'_> {
        NewAce {
            ace_type: self.ace_type,
            flags: self.flags,
            body: match &self.body {
                BodyText::MaskSid(mask, sid) => AceBody::MaskSid {
                    mask: *mask,
                    sid: sid.as_sid(),
                },
                BodyText::Raw(raw) => AceBody::Raw(raw),
            },
        }
    }
}

/// `P`, `AI` and the ACEs of one ACL.
fn acl(
    c: &mut Cursor<'_>,
    protected: Control,
    auto: Control,
) -> Result<(Control, Vec<AceText>), SddlError> {
    let acl_at = c.at;
    let mut control = Control(0);
    if c.eat("P") {
        control = control.union(protected);
    }
    if c.eat("AI") {
        control = control.union(auto);
    }
    let mut aces = Vec::new();
    while c.rest().starts_with('(') {
        aces.push(ace(c)?);
    }
    acl_len(&new_aces(&aces)).map_err(|_| fail(acl_at, SddlProblem::TooLarge))?;
    Ok((control, aces))
}

fn new_aces(texts: &[AceText]) -> Vec<NewAce<'_>> {
    texts.iter().map(AceText::as_new_ace).collect()
}

/// The bytes of the self-relative descriptor that SDDL-like `text` (as
/// [`SecurityDescriptor`]'s `Display` writes it) describes, assembled by
/// [`SecurityDescriptorWriter`] (feature `alloc`).
///
/// ```
/// use clusprop::security::{parse_sddl, SecurityDescriptor};
/// let text = "O:S-1-5-32-544G:S-1-5-18D:P(A;CI;0x1f01ff;;;S-1-5-18)S:(AU;FA;0x1;;;S-1-1-0)";
/// let bytes = parse_sddl(text)?;
/// assert_eq!(SecurityDescriptor::parse(&bytes)?.to_string(), text);
/// assert_eq!(parse_sddl("O:S-1-5-x").unwrap_err().position, 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`SecurityDescriptor`]: crate::security::SecurityDescriptor
pub fn parse_sddl(text: &str) -> Result<Vec<u8>, SddlError> {
    let mut c = Cursor { text, at: 0 };
    let owner = if c.eat("O:") {
        Some(sid(&mut c)?)
    } else {
        None
    };
    let group = if c.eat("G:") {
        Some(sid(&mut c)?)
    } else {
        None
    };
    let mut control = Control(0);
    let mut dacl = None;
    if c.eat("D:") {
        if c.eat("NO_ACCESS_CONTROL") {
            control = control.union(Control::DACL_PRESENT);
        } else {
            let (bits, aces) = acl(
                &mut c,
                Control::DACL_PROTECTED,
                Control::DACL_AUTO_INHERITED,
            )?;
            control = control.union(bits);
            dacl = Some(aces);
        }
    }
    let mut sacl = None;
    if c.eat("S:") {
        let (bits, aces) = acl(
            &mut c,
            Control::SACL_PROTECTED,
            Control::SACL_AUTO_INHERITED,
        )?;
        control = control.union(bits);
        sacl = Some(aces);
    }
    if !c.rest().is_empty() {
        return Err(c.error(SddlProblem::TrailingText));
    }
    let dacl_aces = dacl.as_deref().map(new_aces);
    let sacl_aces = sacl.as_deref().map(new_aces);
    let writer = SecurityDescriptorWriter {
        control,
        owner: owner.as_ref().map(SidBuf::as_sid),
        group: group.as_ref().map(SidBuf::as_sid),
        sacl: sacl_aces.as_deref(),
        dacl: dacl_aces.as_deref(),
    };
    // Each ACE and ACL was held to the writer's limits where it was read.
    writer
        .to_vec()
        .map_err(|_| fail(text.len(), SddlProblem::TooLarge))
}
