//! Zero-copy readers: [`PropertyList`], [`Property`], [`ValueList`] and [`RawValue`].
//!
//! The promise (as smoltcp's wire views make it): `parse` checks everything
//! once, so every accessor after it is infallible, allocates nothing and never
//! panics. Iterators walk the already-checked structure; should they ever meet
//! something they cannot read they stop for good.

use core::fmt;
use core::iter::FusedIterator;

use crate::error::{DecodeError, Fault, LookupError};
use crate::options::{DecodeOptions, NestedLists};
use crate::read::validate::{self, Defaults, Rules, Sink, Unseen};
use crate::read::value::{FromValue, Value};
use crate::syntax::Syntax;
use crate::text::Utf16Str;
use crate::wire::{self, Cursor, Entry};

/// A validated property list (MS-CMRP 2.2.3.10): a count, then per property a
/// name, one or more values and an end mark.
///
/// ```
/// use clusprop::offline::{VmAction, write_vm_instruction};
/// let mut buf = [0u8; 64];
/// let len = write_vm_instruction(&mut buf, VmAction::Save, Default::default())?;
/// let list = clusprop::PropertyList::parse(&buf[..len])?;
/// assert_eq!(list.len(), 1);
/// assert_eq!(list.get::<u32>("virtual machine")?, 1);
/// for property in &list {
///     println!("{} = {}", property.name(), property.value().decode());
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct PropertyList<'data> {
    bytes: &'data [u8],
    base: usize,
    count: u32,
    trailing_end_mark: TrailingMark,
    nested: NestedLists,
}

/// Whether a list ends with the trailing end mark: known from validation for
/// an outermost list, found on request for a nested one (validation walked
/// it as part of the enclosing list and kept nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TrailingMark {
    Known(bool),
    Unknown,
}

impl PropertyList<'static> {
    /// The empty list (count 0, no trailing end mark), without parsing.
    ///
    /// ```
    /// assert!(clusprop::PropertyList::EMPTY.is_empty());
    /// assert_eq!(clusprop::PropertyList::EMPTY, clusprop::PropertyList::parse(&[0; 4])?);
    /// # Ok::<(), clusprop::DecodeError>(())
    /// ```
    pub const EMPTY: Self = PropertyList {
        bytes: &[0; wire::COUNT_LEN],
        base: 0,
        count: 0,
        trailing_end_mark: TrailingMark::Known(false),
        nested: NestedLists::Decode,
    };
}

impl<'data> PropertyList<'data> {
    /// Parses and validates `bytes` with [`DecodeOptions::default`].
    #[inline]
    pub fn parse(bytes: &'data [u8]) -> Result<Self, DecodeError> {
        Self::parse_by(bytes, Defaults, &mut Unseen)
    }

    /// Parses and validates `bytes` with `options`. The whole buffer must be
    /// the list (plus, if allowed, the trailing end mark).
    pub fn parse_with(bytes: &'data [u8], options: &DecodeOptions) -> Result<Self, DecodeError> {
        Self::parse_by(bytes, options, &mut Unseen)
    }

    /// Validates with `rules`, showing `sink` the contents, and keeps the shape.
    #[inline]
    pub(crate) fn parse_by(
        bytes: &'data [u8],
        rules: impl Rules,
        sink: &mut impl Sink<'data>,
    ) -> Result<Self, DecodeError> {
        let shape = validate::property_list(bytes, rules, sink)?;
        Ok(Self::from_shape(bytes, shape, rules.options()))
    }

    /// The view of `bytes` as validation described them (`shape`, found
    /// with `options`), without reading them again.
    #[inline]
    pub(crate) fn from_shape(
        bytes: &'data [u8],
        shape: validate::ListShape,
        options: &DecodeOptions,
    ) -> Self {
        PropertyList {
            bytes,
            base: 0,
            count: shape.count,
            trailing_end_mark: TrailingMark::Known(shape.trailing_end_mark),
            nested: options.nested,
        }
    }

    /// A view of a list that was validated as part of an enclosing list
    /// (a nested value): its count is its first word, nothing is walked.
    pub(crate) fn from_validated(bytes: &'data [u8], base: usize, nested: NestedLists) -> Self {
        let count = Cursor::at(bytes, base)
            .read_count_reporting::<Fault>()
            .unwrap_or(0);
        PropertyList {
            bytes,
            base,
            count,
            trailing_end_mark: TrailingMark::Unknown,
            nested,
        }
    }

    /// Number of properties (the list's count, which validation matched).
    #[inline]
    pub const fn len(&self) -> usize {
        self.count as usize
    }

    /// Whether the list has no property.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether the list ends with the Windows-style trailing end mark.
    ///
    /// Known from validation for a parsed list; for a nested list (a value)
    /// this steps over its properties to see what follows them.
    pub fn has_trailing_end_mark(&self) -> bool {
        match self.trailing_end_mark {
            TrailingMark::Known(known) => known,
            TrailingMark::Unknown => {
                let mut properties = self.iter();
                for _ in properties.by_ref() {}
                properties.cursor.rest().len() == wire::END_MARK_LEN
            }
        }
    }

    /// The bytes the list was parsed from, trailing end mark included.
    pub const fn as_bytes(&self) -> &'data [u8] {
        self.bytes
    }

    /// Offset of the list within the outermost buffer (0 unless nested).
    pub const fn offset(&self) -> usize {
        self.base
    }

    /// How the list's nested lists were read ([`DecodeOptions::nested`]):
    /// whether a nested list value decodes as a [`Value::PropertyList`] or
    /// [`Value::ValueList`] or stays raw.
    pub const fn nested_lists(&self) -> NestedLists {
        self.nested
    }

    /// The properties in order.
    #[inline]
    pub fn iter(&self) -> Properties<'data> {
        let mut cursor = Cursor::at(self.bytes, self.base);
        let remaining = cursor.read_count_reporting::<Fault>().unwrap_or(0);
        Properties {
            cursor,
            remaining,
            nested: self.nested,
        }
    }

    /// The first property whose name matches `name` case-insensitively (by
    /// the simple upper-case mapping of each character; see
    /// [`Utf16Str::eq_ignore_case`] for the rule and how it relates to
    /// Windows' comparison).
    pub fn find(&self, name: &str) -> Option<Property<'data>> {
        self.iter().find(|p| p.name.eq_ignore_case(name))
    }

    /// Every property whose name matches `name`; MS-CMRP lets offline and move
    /// instructions repeat a resource type.
    pub fn find_all<'a>(&self, name: &'a str) -> impl Iterator<Item = Property<'data>> + 'a
    where
        'data: 'a,
    {
        self.iter().filter(move |p| p.name.eq_ignore_case(name))
    }

    /// Reads the first value of property `name` as `T`, like resutils'
    /// `ResUtilFind*Property`: `NotFound` when absent, `WrongFormat` when the
    /// value has another format.
    ///
    /// ```
    /// # use clusprop::offline::{VmAction, write_vm_instruction};
    /// # let mut buf = [0u8; 64];
    /// # let len = write_vm_instruction(&mut buf, VmAction::Save, Default::default())?;
    /// # let bytes = &buf[..len];
    /// let list = clusprop::PropertyList::parse(bytes)?;
    /// assert_eq!(list.get::<u32>("Virtual Machine")?, 1);
    /// assert!(list.get::<clusprop::Utf16Str>("Virtual Machine").is_err());
    /// let missing = list.get::<u32>("Nope").unwrap_err();
    /// assert_eq!(missing, clusprop::LookupError::not_found("Nope"));
    /// assert_eq!(missing.to_string(), "no property named \"Nope\"");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get<T: FromValue<'data>>(&self, name: &str) -> Result<T, LookupError> {
        self.find(name)
            .ok_or_else(|| LookupError::not_found(name))?
            .get(0)
    }
}

impl<'data> IntoIterator for &PropertyList<'data> {
    type Item = Property<'data>;
    type IntoIter = Properties<'data>;
    #[inline]
    fn into_iter(self) -> Properties<'data> {
        self.iter()
    }
}

/// [`PropertyList::parse`]: validates `bytes` with [`DecodeOptions::default`].
///
/// ```
/// use clusprop::PropertyList;
/// let list = PropertyList::try_from(&[0u8, 0, 0, 0][..])?;
/// assert!(list.is_empty());
/// let err = PropertyList::try_from(&[1u8, 0, 0, 0][..]).unwrap_err();
/// assert_eq!(err.offset(), 4);
/// # Ok::<(), clusprop::DecodeError>(())
/// ```
impl<'data> TryFrom<&'data [u8]> for PropertyList<'data> {
    type Error = DecodeError;
    #[inline]
    fn try_from(bytes: &'data [u8]) -> Result<Self, DecodeError> {
        Self::parse(bytes)
    }
}

/// The list is `Copy`, so `for property in list` (or `in reply.list()`)
/// reads it as `for property in &list` does.
///
/// ```
/// use clusprop::offline::{write_vm_instruction, VmAction};
/// let mut bytes = [0u8; 60];
/// let len = write_vm_instruction(&mut bytes, VmAction::Save, Default::default())?;
/// for property in clusprop::PropertyList::parse(&bytes[..len])? {
///     assert_eq!(property.name(), "Virtual Machine");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<'data> IntoIterator for PropertyList<'data> {
    type Item = Property<'data>;
    type IntoIter = Properties<'data>;
    #[inline]
    fn into_iter(self) -> Properties<'data> {
        self.iter()
    }
}

impl fmt::Debug for PropertyList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for PropertyList<'_> {
    /// Lists are equal when their properties are (names, syntaxes and value
    /// bytes); padding and the trailing end mark do not count.
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.iter().eq(other.iter())
    }
}

/// Iterator over the properties of a [`PropertyList`].
#[derive(Clone, Debug)]
pub struct Properties<'data> {
    cursor: Cursor<'data>,
    remaining: u32,
    nested: NestedLists,
}

impl<'data> Iterator for Properties<'data> {
    type Item = Property<'data>;

    #[inline]
    fn next(&mut self) -> Option<Property<'data>> {
        if self.remaining == 0 {
            return None;
        }
        let property = self.read_property();
        match property {
            Some(_) => self.remaining -= 1,
            None => self.remaining = 0,
        }
        property
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.remaining as usize))
    }
}

impl FusedIterator for Properties<'_> {}

impl<'data> Properties<'data> {
    #[inline]
    fn read_property(&mut self) -> Option<Property<'data>> {
        let name_entry = self.cursor.next_validated().ok()??;
        let name = Utf16Str::without_nul(name_entry.data())?;
        // Validation guarantees a first value. It is read here, once: most
        // properties have only that one, and then the step over the rest is
        // a single end mark.
        let first = RawValue::new(self.cursor.next_validated().ok()??, self.nested);
        let rest = self.cursor.clone();
        let more = self.cursor.skip_to_end_mark_reporting::<Fault>().ok()?;
        Some(Property {
            name,
            offset: name_entry.offset(),
            values: Values {
                first: Some(first),
                cursor: rest,
                remaining: 1 + more,
                nested: self.nested,
            },
        })
    }
}

/// One property of a [`PropertyList`]: a name and one or more values.
#[derive(Clone)]
pub struct Property<'data> {
    name: Utf16Str<'data>,
    offset: usize,
    values: Values<'data>,
}

impl<'data> Property<'data> {
    /// The name, without its NUL.
    #[inline]
    pub fn name(&self) -> Utf16Str<'data> {
        self.name
    }

    /// Byte offset of the name entry.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Number of values (at least 1).
    #[inline]
    pub fn value_count(&self) -> usize {
        self.values.remaining
    }

    /// The values in order (an `EXPAND_SZ` property from a server has two: the
    /// stored form, then the expanded one).
    #[inline]
    pub fn values(&self) -> Values<'data> {
        self.values.clone()
    }

    /// The first value.
    #[inline]
    pub fn value(&self) -> RawValue<'data> {
        // Validation guarantees one value; the fallback is never used.
        self.values().next().unwrap_or(RawValue::EMPTY)
    }

    /// Value `index` (0-based) read as `T`.
    ///
    /// The error names the property (see [`LookupError::property`]).
    pub fn get<T: FromValue<'data>>(&self, index: usize) -> Result<T, LookupError> {
        match self.values().nth(index) {
            Some(value) => value.to().map_err(|e| self.named(e)),
            None => Err(self.named(LookupError::NoSuchValue {
                index,
                // The values of a validated list fit its buffer, whose
                // entries take 8 bytes or more: far fewer than `u32::MAX`.
                count: u32::try_from(self.value_count()).unwrap_or(u32::MAX),
                at: crate::ValueAt::Byte(self.offset),
                property: None,
            })),
        }
    }

    /// `e` naming this property: off the path of a lookup that succeeds.
    #[cold]
    #[inline(never)]
    fn named(&self, e: LookupError) -> LookupError {
        e.with_property(crate::LookupName::from_utf16(self.name))
    }
}

impl fmt::Debug for Property<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Property")
            .field("name", &self.name)
            .field("values", &self.values())
            .finish()
    }
}

impl PartialEq for Property<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.values().eq(other.values())
    }
}

/// Iterator over the values of a [`Property`] or a [`ValueList`].
#[derive(Clone)]
pub struct Values<'data> {
    /// A property's first value, read when the property was (a value
    /// list's values are all behind `cursor`).
    first: Option<RawValue<'data>>,
    /// The values after `first`.
    cursor: Cursor<'data>,
    /// Values not yet yielded, `first` included.
    remaining: usize,
    nested: NestedLists,
}

impl<'data> Iterator for Values<'data> {
    type Item = RawValue<'data>;

    #[inline]
    fn next(&mut self) -> Option<RawValue<'data>> {
        if self.remaining == 0 {
            return None;
        }
        if let Some(first) = self.first.take() {
            self.remaining -= 1;
            return Some(first);
        }
        match self.cursor.next_validated() {
            Ok(Some(entry)) => {
                self.remaining -= 1;
                Some(RawValue::new(entry, self.nested))
            }
            Ok(None) | Err(_) => {
                self.remaining = 0;
                None
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for Values<'_> {}
impl FusedIterator for Values<'_> {}

impl fmt::Debug for Values<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// One validated entry: its syntax and its unpadded data.
#[derive(Clone, Copy)]
pub struct RawValue<'data> {
    syntax: Syntax,
    data: &'data [u8],
    offset: usize,
    nested: NestedLists,
}

impl<'data> RawValue<'data> {
    const EMPTY: RawValue<'static> = RawValue {
        syntax: Syntax::ENDMARK,
        data: &[],
        offset: 0,
        nested: NestedLists::Decode,
    };

    /// A value from its parts (a value taken apart to cross a call).
    #[inline]
    pub(crate) const fn from_parts(
        syntax: Syntax,
        data: &'data [u8],
        offset: usize,
        nested: NestedLists,
    ) -> Self {
        RawValue {
            syntax,
            data,
            offset,
            nested,
        }
    }

    pub(crate) const fn new(entry: Entry<'data>, nested: NestedLists) -> Self {
        RawValue {
            syntax: entry.syntax(),
            data: entry.data(),
            offset: entry.offset(),
            nested,
        }
    }

    /// A value from an entry found with a [`Cursor`] (a buffer that did not
    /// validate as a whole, or a walk of one's own): the entry's own rules
    /// are checked (length for its syntax, string termination, padding and
    /// nested lists as `options` say), as validation checks a value. Where
    /// the entry stands (the placement rules of a property's values, the
    /// syntaxes `options` allow) is the caller's to know.
    ///
    /// ```
    /// use clusprop::{DecodeOptions, RawValue, Value, wire::Cursor};
    /// // a DWORD entry (7), then a DWORD entry whose length is 3
    /// let bytes = [2, 0, 1, 0, 4, 0, 0, 0, 7, 0, 0, 0, 2, 0, 1, 0, 3, 0, 0, 0, 1, 2, 3, 0];
    /// let mut cursor = Cursor::new(&bytes);
    /// let options = DecodeOptions::default();
    /// let first = cursor.next_entry()?.expect("an entry");
    /// assert_eq!(RawValue::from_entry(first, &options)?.decode(), Value::Dword(7));
    /// let second = cursor.next_entry()?.expect("an entry");
    /// let error = RawValue::from_entry(second, &options).unwrap_err();
    /// assert_eq!(error.offset(), 12);
    /// # Ok::<(), clusprop::DecodeError>(())
    /// ```
    pub fn from_entry(entry: Entry<'data>, options: &DecodeOptions) -> Result<Self, DecodeError> {
        if entry.syntax() == Syntax::NAME {
            validate::name_entry(&entry, options)?;
        } else {
            validate::entry_content(&entry, options, 0, &mut Unseen)?;
        }
        Ok(RawValue::new(entry, options.nested))
    }

    /// The syntax word.
    #[inline]
    pub const fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// The data without padding.
    #[inline]
    pub const fn data(&self) -> &'data [u8] {
        self.data
    }

    /// Byte offset of the entry (its syntax word) in the outermost buffer.
    #[inline]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Byte offset of the first data byte in the outermost buffer.
    #[inline]
    pub const fn data_offset(&self) -> usize {
        self.offset + wire::ENTRY_HEADER_LEN
    }

    /// How nested lists were read when this value was validated.
    pub(crate) const fn nested_lists(&self) -> NestedLists {
        self.nested
    }

    /// The typed value.
    #[inline]
    pub fn decode(&self) -> Value<'data> {
        Value::from_raw(self)
    }

    /// The value read as `T`; `WrongFormat` when it has another format.
    pub fn to<T: FromValue<'data>>(&self) -> Result<T, LookupError> {
        T::from_value(self)
    }
}

impl fmt::Debug for RawValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawValue")
            .field("syntax", &self.syntax)
            .field("offset", &self.offset)
            .field("data", &self.data)
            .finish()
    }
}

impl PartialEq for RawValue<'_> {
    /// Same syntax and same data bytes.
    fn eq(&self, other: &Self) -> bool {
        self.syntax == other.syntax && self.data == other.data
    }
}

/// A validated bare value list: entries ended by an end mark, no count
/// (the output of `GET_REQUIRED_DEPENDENCIES`, `STORAGE_GET_DISK_INFO` and friends).
///
/// ```
/// // RESCLASS = storage, NAME "A", end mark.
/// let bytes = [2, 0, 2, 0, 4, 0, 0, 0, 1, 0, 0, 0, 3, 0, 4, 0, 4, 0, 0, 0, b'A', 0, 0, 0, 0, 0, 0, 0];
/// let list = clusprop::ValueList::parse(&bytes)?;
/// assert_eq!(list.len(), 2);
/// # Ok::<(), clusprop::DecodeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct ValueList<'data> {
    bytes: &'data [u8],
    base: usize,
    count: usize,
    nested: NestedLists,
}

impl<'data> ValueList<'data> {
    /// Parses and validates `bytes` with [`DecodeOptions::default`].
    pub fn parse(bytes: &'data [u8]) -> Result<Self, DecodeError> {
        Self::parse_by(bytes, Defaults, &mut Unseen)
    }

    /// Parses and validates `bytes` with `options`; the end mark must be the
    /// last 4 bytes.
    pub fn parse_with(bytes: &'data [u8], options: &DecodeOptions) -> Result<Self, DecodeError> {
        Self::parse_by(bytes, options, &mut Unseen)
    }

    /// Validates with `rules`, showing `sink` the entries, and keeps the count.
    #[inline]
    pub(crate) fn parse_by(
        bytes: &'data [u8],
        rules: impl Rules,
        sink: &mut impl Sink<'data>,
    ) -> Result<Self, DecodeError> {
        let count = validate::value_list(bytes, rules, sink)?;
        Ok(Self::from_count(bytes, count, rules.options()))
    }

    /// The view of `bytes` as validation counted them (`count` entries,
    /// found with `options`).
    #[inline]
    fn from_count(bytes: &'data [u8], count: usize, options: &DecodeOptions) -> Self {
        ValueList {
            bytes,
            base: 0,
            count,
            nested: options.nested,
        }
    }

    /// A view of a value list validated as part of an enclosing list. A
    /// value list has no count word, so its entries' headers are stepped
    /// over once here to count them (their rules are not checked again).
    pub(crate) fn from_validated(bytes: &'data [u8], base: usize, nested: NestedLists) -> Self {
        let count = Cursor::at(bytes, base)
            .skip_to_end_mark_reporting::<Fault>()
            .unwrap_or(0);
        ValueList {
            bytes,
            base,
            count,
            nested,
        }
    }

    /// The entries in order.
    #[inline]
    pub fn iter(&self) -> Values<'data> {
        Values {
            first: None,
            cursor: Cursor::at(self.bytes, self.base),
            remaining: self.count,
            nested: self.nested,
        }
    }

    /// Number of entries (end mark excluded).
    #[inline]
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether the list is just an end mark.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Offset of the list within the outermost buffer (0 unless nested).
    pub const fn offset(&self) -> usize {
        self.base
    }

    /// The bytes the list was parsed from, end mark included.
    pub const fn as_bytes(&self) -> &'data [u8] {
        self.bytes
    }
}

impl<'data> IntoIterator for &ValueList<'data> {
    type Item = RawValue<'data>;
    type IntoIter = Values<'data>;
    #[inline]
    fn into_iter(self) -> Values<'data> {
        self.iter()
    }
}

/// [`ValueList::parse`]: validates `bytes` with [`DecodeOptions::default`].
impl<'data> TryFrom<&'data [u8]> for ValueList<'data> {
    type Error = DecodeError;
    #[inline]
    fn try_from(bytes: &'data [u8]) -> Result<Self, DecodeError> {
        Self::parse(bytes)
    }
}

/// The list is `Copy`, so `for value in list` reads it as `for value in
/// &list` does.
impl<'data> IntoIterator for ValueList<'data> {
    type Item = RawValue<'data>;
    type IntoIter = Values<'data>;
    #[inline]
    fn into_iter(self) -> Values<'data> {
        self.iter()
    }
}

impl fmt::Debug for ValueList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for ValueList<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.iter().eq(other.iter())
    }
}
