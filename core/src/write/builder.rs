//! Allocation-free builders that write property lists and value lists into a
//! caller's `&mut [u8]`.
//!
//! The builders measure while they write: when the buffer runs out they keep
//! counting, so [`PropertyListBuilder::finish`] reports the exact size needed
//! (the resutils `ERROR_MORE_DATA` + required-size contract). A list is only
//! valid once `finish` succeeds: until then its count reads `0xFFFFFFFF`, and
//! a buffer that turned out too small is filled with `0xFF`, so nothing
//! half-written decodes.

use crate::error::EncodeError;
use crate::formats::Shape;
use crate::syntax::{Placement, Syntax, SyntaxTier};
use crate::wire;
use crate::write::values::{EncodeValue, Utf16Source, utf16_nul_len32, write_utf16_nul};

/// Writer settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct EncodeOptions {
    /// Append the 4-byte end mark after the last property, as Windows' own
    /// replies do and as Samba's decoder requires. Default false: MS-CMRP
    /// 2.2.3.10 has no such mark and Microsoft's builders (`CClusPropList`,
    /// the SDK samples) send none. Nested lists never get one.
    pub trailing_end_mark: bool,
    /// Allow `EXPANDED_SZ` values, which a client MUST NOT send (MS-CMRP
    /// 2.2.2.3); turn on to write a server-style reply. Default false.
    pub allow_expanded_sz: bool,
    /// Most values one property may have. Default 3 (MS-CMRP 2.2.3.10.1:
    /// "one to three"), the same limit the default reader applies; raise it
    /// (and the reader's) for producers that follow the Win32 guide's "one or more".
    /// `u16::MAX` is a limit like any other: a 65,536th value is refused.
    pub max_values_per_property: u16,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        EncodeOptions {
            trailing_end_mark: false,
            allow_expanded_sz: false,
            max_values_per_property: crate::limits::MAX_VALUES_PER_PROPERTY,
        }
    }
}

impl EncodeOptions {
    /// Whether these options forbid anything a nested list could hold
    /// (`EXPANDED_SZ`, fewer values per property than `u16::MAX`, the most
    /// any list the crate reads or writes has): only then is nested content
    /// checked before it is written.
    pub(crate) const fn restricts_nested(&self) -> bool {
        !self.allow_expanded_sz || self.max_values_per_property != u16::MAX
    }

    /// Options for writing what a server returns: trailing end mark on,
    /// `EXPANDED_SZ` allowed (the shape of Windows' replies).
    pub const fn server_reply() -> Self {
        EncodeOptions {
            trailing_end_mark: true,
            allow_expanded_sz: true,
            max_values_per_property: crate::limits::MAX_VALUES_PER_PROPERTY,
        }
    }

    /// These options with at most `max` values per property.
    ///
    /// The options are `Copy` and these methods return a changed copy, so
    /// a call whose result is dropped changes nothing; the compiler says so:
    ///
    /// ```compile_fail
    /// #![deny(unused_must_use)]
    /// let options = clusprop::EncodeOptions::default();
    /// options.with_trailing_end_mark(true); // error: unused return value
    /// ```
    ///
    /// ```
    /// let options = clusprop::EncodeOptions::default().with_trailing_end_mark(true);
    /// assert_eq!(options, clusprop::EncodeOptions::server_reply().with_expanded_sz(false));
    /// ```
    #[must_use = "returns changed options and leaves these unchanged (they are `Copy`)"]
    pub const fn with_max_values_per_property(mut self, max: u16) -> Self {
        self.max_values_per_property = max;
        self
    }

    /// These options with the trailing end mark set to `on`.
    #[must_use = "returns changed options and leaves these unchanged (they are `Copy`)"]
    pub const fn with_trailing_end_mark(mut self, on: bool) -> Self {
        self.trailing_end_mark = on;
        self
    }

    /// These options with `EXPANDED_SZ` values allowed or not.
    #[must_use = "returns changed options and leaves these unchanged (they are `Copy`)"]
    pub const fn with_expanded_sz(mut self, allow: bool) -> Self {
        self.allow_expanded_sz = allow;
        self
    }
}

/// The output: a slice and a position that may run past its end.
#[derive(Debug)]
struct Out<'buf> {
    buf: &'buf mut [u8],
    pos: usize,
}

/// Deepest nesting the builders write: the default reader's limit, so that
/// everything they accept decodes.
const MAX_NESTING: u8 = crate::limits::DEFAULT_MAX_DEPTH;

/// Lists longer than this cannot be described by a `cbInBufferSize`.
const MAX_LIST_LEN: usize = u32::MAX as usize;

/// Whether a list may be `end` bytes long.
#[inline(always)]
const fn may_end_at(end: u64) -> bool {
    end <= MAX_LIST_LEN as u64
}

impl<'buf> Out<'buf> {
    #[inline]
    fn new(buf: &'buf mut [u8]) -> Self {
        Out { buf, pos: 0 }
    }

    #[inline]
    fn advance(&mut self, len: usize) -> Result<core::ops::Range<usize>, EncodeError> {
        let end = (self.pos as u64)
            .checked_add(len as u64)
            .ok_or(EncodeError::TooLong)?;
        self.advance_to(end)
    }

    /// Reserves a whole entry of `data_len` bytes of data: header, data,
    /// padding. The sum cannot overflow a `u64` (the position is at most
    /// `MAX_LIST_LEN`, an entry at most `8 + 2^32` bytes), so the list's
    /// limit is the only check.
    #[inline]
    fn advance_entry(&mut self, data_len: u32) -> Result<core::ops::Range<usize>, EncodeError> {
        self.advance_to(self.pos as u64 + wire::entry_len_u64(data_len))
    }

    /// Moves the position to `end` if the list may be that long.
    #[inline]
    fn advance_to(&mut self, end: u64) -> Result<core::ops::Range<usize>, EncodeError> {
        if !may_end_at(end) {
            return Err(EncodeError::TooLong);
        }
        let start = self.pos;
        // At most `MAX_LIST_LEN`, a `usize`.
        let end = end as usize;
        self.pos = end;
        Ok(start..end)
    }

    /// Writes `len` bytes with `fill` if they fit; always advances.
    #[inline]
    fn put_with(&mut self, len: usize, fill: impl FnOnce(&mut [u8])) -> Result<(), EncodeError> {
        let range = self.advance(len)?;
        if let Some(dst) = self.buf.get_mut(range) {
            fill(dst);
        }
        Ok(())
    }

    #[inline]
    fn put_u32(&mut self, value: u32) -> Result<(), EncodeError> {
        self.put_with(4, |dst| dst.copy_from_slice(&value.to_le_bytes()))
    }

    #[inline]
    fn put_zeros(&mut self, len: usize) -> Result<(), EncodeError> {
        self.put_with(len, |dst| dst.fill(0))
    }

    #[inline]
    fn patch_u32(&mut self, at: usize, value: u32) {
        if let Some(dst) = at.checked_add(4).and_then(|end| self.buf.get_mut(at..end)) {
            dst.copy_from_slice(&value.to_le_bytes());
        }
    }

    /// A fresh output over the bytes from `at` on (empty when `at` is past the end).
    #[inline]
    fn sub(&mut self, at: usize) -> Out<'_> {
        let buf: &mut [u8] = match self.buf.get_mut(at..) {
            Some(rest) => rest,
            None => &mut [],
        };
        Out { buf, pos: 0 }
    }

    #[inline]
    fn fits(&self) -> bool {
        self.pos <= self.buf.len()
    }
}

#[inline]
fn check_syntax(
    syntax: Syntax,
    placement: Placement,
    options: &EncodeOptions,
) -> Result<(), EncodeError> {
    // A plain LIST_VALUE is neither the end mark nor reserved, and may stand
    // wherever a value may (asserted where `is_plain_list_value` is defined).
    if !syntax.is_plain_list_value() {
        let not_allowed = Err(EncodeError::SyntaxNotAllowed { syntax });
        if syntax == Syntax::ENDMARK || syntax.tier() == SyntaxTier::Reserved {
            return not_allowed;
        }
        if placement.check(syntax, true).is_err() {
            return not_allowed;
        }
    }
    crate::write::values::check_expanded_sz(syntax, options)
}

/// Checks `value` for a place in a list (its syntax where it stands, the
/// policy in `options`, the nesting below `depth`) and returns its data
/// length as an entry's `u32`.
#[inline]
fn checked_data_len<V: EncodeValue + ?Sized>(
    value: &V,
    placement: Placement,
    options: &EncodeOptions,
    depth: u8,
) -> Result<u32, EncodeError> {
    // `depth` never exceeds `MAX_NESTING` (`nested` refuses to go deeper),
    // so a value with no nested list cannot break the limit.
    let nesting = value.nesting_depth();
    if nesting > 0 && depth.saturating_add(nesting) > MAX_NESTING {
        return Err(EncodeError::TooDeep);
    }
    let syntax = value.syntax();
    check_syntax(syntax, placement, options)?;
    // Only a nested list has content a policy reaches into, and a writer
    // with no restriction (a nested list's own writer) has nothing to check.
    if options.restricts_nested()
        && crate::formats::shape(syntax.format()).is_some_and(Shape::is_list)
    {
        value.check_nested(options)?;
    }
    let len = value.data_len()?;
    if syntax == Syntax::NAME && len == 0 {
        // A name holds at least its NUL; the reader rejects an empty one.
        return Err(EncodeError::WrongLength { syntax, length: 0 });
    }
    u32::try_from(len).map_err(|_| EncodeError::TooLong)
}

/// Writes a whole entry with one bounds check: header, `len32` bytes of
/// data from `fill`, zero padding.
fn put_entry(
    out: &mut Out<'_>,
    syntax: Syntax,
    len32: u32,
    fill: impl FnOnce(&mut [u8]),
) -> Result<(), EncodeError> {
    let range = out.advance_entry(len32)?;
    if let Some(data) = out
        .buf
        .get_mut(range)
        .and_then(|entry| entry_data(entry, syntax, len32))
    {
        fill(data);
    }
    Ok(())
}

/// Writes the header and the zero padding of `entry`, exactly
/// [`wire::entry_len`] of `len32` bytes long, and returns where its data
/// goes.
#[inline(always)]
fn entry_data(entry: &mut [u8], syntax: Syntax, len32: u32) -> Option<&mut [u8]> {
    let len = usize::try_from(len32).ok()?;
    let (header, rest) = entry.split_first_chunk_mut::<{ wire::ENTRY_HEADER_LEN }>()?;
    let (syntax_bytes, len_bytes) = header.split_at_mut(4);
    syntax_bytes.copy_from_slice(&syntax.0.to_le_bytes());
    len_bytes.copy_from_slice(&len32.to_le_bytes());
    // Zero the entry's last word first (it holds all the padding, 0 to 3
    // bytes): the data is written over its start afterwards. A 4-byte store
    // instead of a `memset` call for a few bytes.
    if len % wire::ALIGNMENT != 0 {
        if let Some(tail) = rest.last_chunk_mut::<4>() {
            *tail = [0; 4];
        }
    }
    rest.get_mut(..len)
}

/// Whether a property holding `count` values may take one more under
/// `options` (at most `max_values_per_property`).
#[inline(always)]
fn room_for_a_value(count: usize, options: &EncodeOptions) -> Result<(), EncodeError> {
    let max = options.max_values_per_property;
    if count >= usize::from(max) {
        return Err(EncodeError::TooManyValues { max });
    }
    Ok(())
}

/// Writes a nested list value whose content `fill` writes; patches its length.
fn write_nested(
    out: &mut Out<'_>,
    syntax: Syntax,
    fill: impl FnOnce(&mut Out<'_>) -> Result<usize, EncodeError>,
) -> Result<(), EncodeError> {
    let header = out.pos;
    out.put_u32(syntax.0)?;
    out.put_u32(0)?;
    let data_start = out.pos;
    let len = {
        let mut inner = out.sub(data_start);
        fill(&mut inner)?
    };
    let len32 = u32::try_from(len).map_err(|_| EncodeError::TooLong)?;
    out.advance(len)?;
    out.patch_u32(header + 4, len32);
    out.put_zeros(wire::padding_for(len))
}

/// Builds a property list into a caller's buffer, without allocating.
///
/// The count is kept by the builder, so it always matches the properties
/// written. Names and strings are checked (an interior NUL is an error, never
/// a silent cut).
///
/// ```
/// use clusprop::{Binary, MultiSzOf, PropertyListBuilder, Sz};
/// let mut buf = [0u8; 256];
/// let mut b = PropertyListBuilder::new(&mut buf);
/// b.property("Foo", &1u32)?
///     .property("Name", &Sz("ab"))?
///     .property("Nodes", &MultiSzOf(&["n1", "n2"]))?
///     .property("Blob", &Binary(&[0xaa, 0xbb, 0xcc]))?;
/// let len = b.finish()?;
/// let list = clusprop::PropertyList::parse(&buf[..len])?;
/// assert_eq!(list.len(), 4);
///
/// // Too small: the error says how much is needed.
/// let mut small = [0u8; 10];
/// let mut b = PropertyListBuilder::new(&mut small);
/// b.property("Foo", &1u32)?;
/// assert_eq!(b.finish(), Err(clusprop::EncodeError::BufferTooSmall { needed: 36 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct PropertyListBuilder<'buf> {
    out: Out<'buf>,
    count: u32,
    options: EncodeOptions,
    depth: u8,
}

impl<'buf> PropertyListBuilder<'buf> {
    /// A builder over `buf` with [`EncodeOptions::default`].
    #[inline]
    pub fn new(buf: &'buf mut [u8]) -> Self {
        Self::with_options(buf, EncodeOptions::default())
    }

    /// A builder over `buf` with `options`.
    #[inline]
    pub fn with_options(buf: &'buf mut [u8], options: EncodeOptions) -> Self {
        let mut out = Out::new(buf);
        // The count stays 0xFFFFFFFF (never valid) until `finish`.
        let _ = out.put_u32(u32::MAX);
        PropertyListBuilder {
            out,
            count: 0,
            options,
            depth: 0,
        }
    }

    /// A builder that writes nothing and only measures: build, then read
    /// [`needed`](Self::needed).
    pub fn measuring(options: EncodeOptions) -> PropertyListBuilder<'static> {
        PropertyListBuilder::with_options(&mut [], options)
    }

    /// Properties written so far.
    pub const fn count(&self) -> u32 {
        self.count
    }

    /// The exact size of the finished list as built so far.
    pub fn needed(&self) -> usize {
        self.out.pos
            + if self.options.trailing_end_mark {
                wire::END_MARK_LEN
            } else {
                0
            }
    }

    /// Adds a property with one value.
    ///
    /// The same as [`property_with`](Self::property_with) writing one value,
    /// in one step: every check is made before anything is written, and the
    /// name, the value and the end mark take one bounds check together.
    #[inline]
    pub fn property<N, V>(&mut self, name: N, value: &V) -> Result<&mut Self, EncodeError>
    where
        N: Utf16Source,
        V: EncodeValue + ?Sized,
    {
        if self.count == u32::MAX {
            return Err(EncodeError::TooManyProperties);
        }
        let name_len = utf16_nul_len32(&name)?;
        let name_entry = wire::entry_len_u64(name_len);
        if let Err(e) = room_for_a_value(0, &self.options) {
            return Err(self.refusal(name_entry, e));
        }
        let syntax = value.syntax();
        let value_len =
            match checked_data_len(value, Placement::PropertyValue, &self.options, self.depth) {
                Ok(len) => len,
                Err(e) => return Err(self.refusal(name_entry, e)),
            };
        let value_entry = wire::entry_len_u64(value_len);
        // Each entry is at most 2^32 + 8 bytes and the position at most
        // `MAX_LIST_LEN`: the sum fits a `u64`, and `advance_to` checks it.
        let end = self.out.pos as u64 + name_entry + value_entry + wire::END_MARK_LEN as u64;
        let range = self.out.advance_to(end)?;
        if let Some(property) = self.out.buf.get_mut(range) {
            // Both entry lengths are at most the property's, a `usize`.
            let (name_bytes, rest) = property.split_at_mut(name_entry as usize);
            let (value_bytes, end_mark) = rest.split_at_mut(value_entry as usize);
            if let Some(data) = entry_data(name_bytes, Syntax::NAME, name_len) {
                write_utf16_nul(&name, data);
            }
            if let Some(data) = entry_data(value_bytes, syntax, value_len) {
                value.write_data(data);
            }
            end_mark.copy_from_slice(&Syntax::ENDMARK.0.to_le_bytes());
        }
        self.count += 1;
        Ok(self)
    }

    /// Why a property whose value was refused with `value_error` is
    /// refused: the name comes first, so a name the list has no room for
    /// (`name_entry` bytes) is refused before the value, as `property_with`
    /// refuses it when it writes the name.
    #[cold]
    #[inline(never)]
    fn refusal(&self, name_entry: u64, value_error: EncodeError) -> EncodeError {
        if !may_end_at(self.out.pos as u64 + name_entry) {
            EncodeError::TooLong
        } else {
            value_error
        }
    }

    /// Adds a property whose values `fill` writes (one or more; nested lists
    /// included). On error nothing of the property remains.
    ///
    /// ```
    /// use clusprop::{ExpandSz, PropertyListBuilder};
    /// let mut buf = [0u8; 128];
    /// let mut b = PropertyListBuilder::new(&mut buf);
    /// b.property_with("Path", |v| {
    ///     v.value(&ExpandSz("%A%"))?;
    ///     v.value(&7u32)?;
    ///     Ok(())
    /// })?;
    /// b.property_with("Inner", |v| {
    ///     v.property_list(|inner| {
    ///         inner.property("Foo", &1u32)?;
    ///         Ok(())
    ///     })?;
    ///     Ok(())
    /// })?;
    /// let len = b.finish()?;
    /// let list = clusprop::PropertyList::parse(&buf[..len])?;
    /// let inner: clusprop::PropertyList = list.get("Inner")?;
    /// assert_eq!(inner.get::<u32>("Foo")?, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn property_with<N, F>(&mut self, name: N, fill: F) -> Result<&mut Self, EncodeError>
    where
        N: Utf16Source,
        F: FnOnce(&mut ValuesBuilder<'_, 'buf>) -> Result<(), EncodeError>,
    {
        let start = self.out.pos;
        match self.write_property(&name, fill) {
            Ok(()) => {
                self.count += 1;
                Ok(self)
            }
            Err(e) => {
                self.out.pos = start;
                Err(e)
            }
        }
    }

    fn write_property<N, F>(&mut self, name: &N, fill: F) -> Result<(), EncodeError>
    where
        N: Utf16Source + ?Sized,
        F: FnOnce(&mut ValuesBuilder<'_, 'buf>) -> Result<(), EncodeError>,
    {
        if self.count == u32::MAX {
            return Err(EncodeError::TooManyProperties);
        }
        let name_len = utf16_nul_len32(name)?;
        put_entry(&mut self.out, Syntax::NAME, name_len, |dst| {
            write_utf16_nul(name, dst)
        })?;
        let mut values = ValuesBuilder {
            out: &mut self.out,
            count: 0,
            placement: Placement::PropertyValue,
            options: self.options,
            depth: self.depth,
        };
        fill(&mut values)?;
        if values.count == 0 {
            return Err(EncodeError::NoValue);
        }
        self.out.put_u32(Syntax::ENDMARK.0)
    }

    /// Completes the list: writes the count (and the trailing end mark if
    /// asked) and returns the length. If the buffer is too small, returns
    /// `BufferTooSmall` with the exact size and fills the buffer with `0xFF`.
    #[inline]
    pub fn finish(mut self) -> Result<usize, EncodeError> {
        if self.options.trailing_end_mark {
            self.out.put_u32(Syntax::ENDMARK.0)?;
        }
        if !self.out.fits() {
            self.out.buf.fill(0xFF);
            return Err(EncodeError::BufferTooSmall {
                needed: self.out.pos,
            });
        }
        self.out.patch_u32(0, self.count);
        Ok(self.out.pos)
    }

    /// Completes a nested list (no trailing end mark, no poisoning: the
    /// outer list's `finish` decides).
    fn finish_nested(mut self) -> usize {
        self.out.patch_u32(0, self.count);
        self.out.pos
    }
}

/// Writes the values of one property, or the entries of a value list.
#[derive(Debug)]
pub struct ValuesBuilder<'a, 'buf> {
    out: &'a mut Out<'buf>,
    count: usize,
    placement: Placement,
    options: EncodeOptions,
    /// Nesting depth of the list these values belong to (0 = outermost).
    depth: u8,
}

impl ValuesBuilder<'_, '_> {
    /// A property may hold at most `max_values_per_property` values (value
    /// lists have no such limit).
    fn check_room_for_a_value(&self) -> Result<(), EncodeError> {
        if self.placement == Placement::PropertyValue {
            room_for_a_value(self.count, &self.options)?;
        }
        Ok(())
    }

    /// Values written so far.
    pub const fn count(&self) -> usize {
        self.count
    }

    /// Adds a value.
    pub fn value<V: EncodeValue + ?Sized>(&mut self, value: &V) -> Result<&mut Self, EncodeError> {
        self.check_room_for_a_value()?;
        let len32 = checked_data_len(value, self.placement, &self.options, self.depth)?;
        // Nothing was written if this fails: the checks come first and
        // `put_entry` moves the position only when the entry may be added.
        put_entry(self.out, value.syntax(), len32, |dst| value.write_data(dst))?;
        self.count += 1;
        Ok(self)
    }

    /// Adds a nested property list value (`CLUSPROP_SYNTAX_LIST_VALUE_PROPERTY_LIST`)
    /// whose properties `fill` writes. The nested list has no trailing end mark.
    pub fn property_list<F>(&mut self, fill: F) -> Result<&mut Self, EncodeError>
    where
        F: FnOnce(&mut PropertyListBuilder<'_>) -> Result<(), EncodeError>,
    {
        let nested_options = self.options.with_trailing_end_mark(false);
        let depth = self.depth + 1;
        self.nested(Syntax::LIST_VALUE_PROPERTY_LIST, |out| {
            let mut inner = PropertyListBuilder::with_options(&mut out.buf[..], nested_options);
            inner.depth = depth;
            fill(&mut inner)?;
            Ok(inner.finish_nested())
        })
    }

    /// Adds a nested value list value (`LIST_VALUE << 16 | CLUSPROP_FORMAT_VALUE_LIST`)
    /// whose entries `fill` writes; the end mark is added for you.
    pub fn value_list<F>(&mut self, fill: F) -> Result<&mut Self, EncodeError>
    where
        F: FnOnce(&mut ValuesBuilder<'_, '_>) -> Result<(), EncodeError>,
    {
        let options = self.options;
        let depth = self.depth + 1;
        self.nested(Syntax::LIST_VALUE_VALUE_LIST, |out| {
            let mut entries = ValuesBuilder {
                out,
                count: 0,
                placement: Placement::BareValue,
                options,
                depth,
            };
            fill(&mut entries)?;
            entries.out.put_u32(Syntax::ENDMARK.0)?;
            Ok(entries.out.pos)
        })
    }

    fn nested(
        &mut self,
        syntax: Syntax,
        fill: impl FnOnce(&mut Out<'_>) -> Result<usize, EncodeError>,
    ) -> Result<&mut Self, EncodeError> {
        self.check_room_for_a_value()?;
        if self.depth >= MAX_NESTING {
            return Err(EncodeError::TooDeep);
        }
        let start = self.out.pos;
        check_syntax(syntax, self.placement, &self.options)?;
        match write_nested(self.out, syntax, fill) {
            Ok(()) => {
                self.count += 1;
                Ok(self)
            }
            Err(e) => {
                self.out.pos = start;
                Err(e)
            }
        }
    }
}

/// Builds a bare value list (entries, then an end mark) into a caller's
/// buffer, without allocating.
///
/// ```
/// use clusprop::{Name, RawData, Syntax, ValueListBuilder};
/// let mut buf = [0u8; 64];
/// let mut b = ValueListBuilder::new(&mut buf);
/// b.value(&RawData { syntax: Syntax::RESCLASS, data: &1u32.to_le_bytes() })?
///     .value(&Name("Network Name"))?;
/// assert_eq!(b.finish()?, 52); // vector V10
/// # Ok::<(), clusprop::EncodeError>(())
/// ```
#[derive(Debug)]
pub struct ValueListBuilder<'buf> {
    out: Out<'buf>,
    count: usize,
    options: EncodeOptions,
}

impl<'buf> ValueListBuilder<'buf> {
    /// A builder over `buf` with [`EncodeOptions::default`].
    pub fn new(buf: &'buf mut [u8]) -> Self {
        Self::with_options(buf, EncodeOptions::default())
    }

    /// A builder over `buf` with `options` (the trailing end mark option does
    /// not apply: a value list always ends with exactly one end mark).
    pub fn with_options(buf: &'buf mut [u8], options: EncodeOptions) -> Self {
        ValueListBuilder {
            out: Out::new(buf),
            count: 0,
            options,
        }
    }

    fn entries(&mut self) -> ValuesBuilder<'_, 'buf> {
        ValuesBuilder {
            out: &mut self.out,
            count: 0,
            placement: Placement::BareValue,
            options: self.options,
            depth: 0,
        }
    }

    /// Adds an entry (any accepted syntax, `NAME` and the disk syntaxes included).
    pub fn value<V: EncodeValue + ?Sized>(&mut self, value: &V) -> Result<&mut Self, EncodeError> {
        self.entries().value(value)?;
        self.count += 1;
        Ok(self)
    }

    /// Adds a nested property list entry.
    pub fn property_list<F>(&mut self, fill: F) -> Result<&mut Self, EncodeError>
    where
        F: FnOnce(&mut PropertyListBuilder<'_>) -> Result<(), EncodeError>,
    {
        self.entries().property_list(fill)?;
        self.count += 1;
        Ok(self)
    }

    /// Adds a nested value list entry whose entries `fill` writes.
    pub fn value_list<F>(&mut self, fill: F) -> Result<&mut Self, EncodeError>
    where
        F: FnOnce(&mut ValuesBuilder<'_, '_>) -> Result<(), EncodeError>,
    {
        self.entries().value_list(fill)?;
        self.count += 1;
        Ok(self)
    }

    /// Entries written so far.
    pub const fn count(&self) -> usize {
        self.count
    }

    /// The exact size of the finished list as built so far.
    pub fn needed(&self) -> usize {
        self.out.pos + wire::END_MARK_LEN
    }

    /// Writes the end mark and returns the length; `BufferTooSmall` with the
    /// exact size (and the buffer filled with `0xFF`) when it does not fit.
    pub fn finish(mut self) -> Result<usize, EncodeError> {
        self.out.put_u32(Syntax::ENDMARK.0)?;
        if !self.out.fits() {
            self.out.buf.fill(0xFF);
            return Err(EncodeError::BufferTooSmall {
                needed: self.out.pos,
            });
        }
        Ok(self.out.pos)
    }
}
