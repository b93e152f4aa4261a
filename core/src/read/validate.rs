//! The one place where the rules of docs/wire-format.md §5 are enforced.
//!
//! Readers call these once, at parse time; after that their accessors only
//! walk structure that is known to be sound and never fail.

use crate::error::{DecodeError, DecodeErrorKind, Fault, Report};
use crate::options::{DecodeOptions, NestedLists, TrailingEndMark};
use crate::syntax::{LengthRule, ListKind, Misplaced, Placement, PropertyFormat, Syntax};
use crate::text::check;
use crate::wire::{Cursor, Entry};

pub(crate) use super::sink::{Sink, Unseen};

/// What a validated property list looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ListShape {
    pub(crate) count: u32,
    pub(crate) trailing_end_mark: bool,
}

#[cfg(test)]
std::thread_local! {
    /// Outermost property lists validated on this thread (tests only).
    static VALIDATIONS: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

/// How many outermost property lists this thread validated (tests only;
/// `PropertyListBuf`'s, which need `alloc`).
#[cfg(all(test, feature = "alloc"))]
pub(crate) fn validations() -> usize {
    VALIDATIONS.with(core::cell::Cell::get)
}

/// Where the rules read their options: the caller's [`DecodeOptions`], or
/// [`Defaults`], the default options as a type. Validation with the
/// defaults (what `parse` does) runs the same rule code with every option
/// known when the crate is compiled, so the compiler folds the option tests
/// away instead of testing each one on every entry.
pub(crate) trait Rules: Copy {
    /// The options in force.
    fn options(&self) -> &DecodeOptions;
}

impl Rules for &DecodeOptions {
    #[inline(always)]
    fn options(&self) -> &DecodeOptions {
        self
    }
}

/// [`DecodeOptions::new`], known at compile time (see [`Rules`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Defaults;

impl Defaults {
    const OPTIONS: &DecodeOptions = &DecodeOptions::new();
}

impl Rules for Defaults {
    #[inline(always)]
    fn options(&self) -> &DecodeOptions {
        Self::OPTIONS
    }
}

#[inline(always)]
fn err<R: Report>(kind: DecodeErrorKind, offset: usize) -> R {
    R::fault(kind, offset)
}

/// Validates a whole property list occupying all of `bytes`, showing
/// `sink` what it holds as the quick pass reads it ([`Unseen`] for plain
/// validation; the list is not yet known to be valid as a whole, and the
/// detailed pass that explains a fault shows nothing).
pub(crate) fn property_list<'data>(
    bytes: &'data [u8],
    rules: impl Rules,
    sink: &mut impl Sink<'data>,
) -> Result<ListShape, DecodeError> {
    #[cfg(test)]
    VALIDATIONS.with(|v| v.set(v.get() + 1));
    explained(property_list_reporting(bytes, 0, rules, 0, sink), || {
        property_list_reporting(bytes, 0, rules.options(), 0, &mut Unseen)
            .map_err(|e| value_list_given(bytes, rules.options()).unwrap_or(e))
    })
}

/// The fewest bytes a property takes: a name entry (header and a name of
/// one code unit and its NUL), an empty value's header, the end mark.
const MIN_PROPERTY_LEN: u64 = 8 + 4 + 8 + 4;

/// `LooksLikeValueList` when `bytes`, which failed as a property list, are
/// a bare value list given in its place: their count asks for more
/// properties than the rest could hold, is a syntax word with a type (a
/// real count that high needs megabytes), and the bytes parse as a value
/// list or start with a known value syntax. Only the error path runs it.
#[cold]
#[inline(never)]
fn value_list_given(bytes: &[u8], options: &DecodeOptions) -> Option<DecodeError> {
    let (&first, rest) = bytes.split_first_chunk::<4>()?;
    let count = u32::from_le_bytes(first);
    let fits = rest.len() as u64 / MIN_PROPERTY_LEN;
    if u64::from(count) <= fits || count < 0x1_0000 {
        return None;
    }
    let first = Syntax(count);
    let valid = value_list_reporting::<Fault>(bytes, 0, options, 0, &mut Unseen).is_ok();
    // A name entry may open a value list (a resource type's name), but a
    // property list that lost its count starts with one too: a damaged
    // buffer that starts with a name gets no guess. (A property list that
    // lost its count is a valid value list, a name, values and an end
    // mark, and is called one: which it is, the message's syntax tells.)
    let known_value = first.name().is_some() && first.ty() != crate::syntax::PropertyType::NAME;
    (valid || known_value)
        .then(|| DecodeError::new(DecodeErrorKind::LooksLikeValueList { first, valid }, 0))
}

/// The quick pass's answer, or, when it found a fault, the detailed pass's:
/// the rules run once reporting only that one is broken, and again only to
/// say which and where (that second answer stands).
#[inline(always)]
fn explained<T>(
    quick: Result<T, Fault>,
    detailed: impl FnOnce() -> Result<T, DecodeError>,
) -> Result<T, DecodeError> {
    match quick {
        Ok(found) => Ok(found),
        Err(Fault) => detailed(),
    }
}

/// The rules of a property list (and, at every depth, of what it holds),
/// reporting a broken one as `R`.
fn property_list_reporting<'data, R: Report>(
    bytes: &'data [u8],
    base: usize,
    rules: impl Rules,
    depth: u8,
    sink: &mut impl Sink<'data>,
) -> Result<ListShape, R> {
    let mut cursor = Cursor::at(bytes, base);
    let count = cursor.read_count_reporting()?;
    let mut remaining = count;
    while remaining > 0 {
        let index = count - remaining + 1;
        remaining -= 1;
        if cursor.is_empty() {
            return Err(err(
                DecodeErrorKind::MissingProperty { index, count },
                cursor.offset(),
            ));
        }
        property(&mut cursor, index, count, rules, depth, sink)?;
    }
    let trailing_end_mark = list_end(cursor, rules)?;
    Ok(ListShape {
        count,
        trailing_end_mark,
    })
}

/// Checks what follows the last property: nothing, or one end mark.
fn list_end<R: Report>(mut cursor: Cursor<'_>, rules: impl Rules) -> Result<bool, R> {
    let options = rules.options();
    let at = cursor.offset();
    let all = cursor.rest().len();
    let has_mark = cursor.take_end_mark();
    if has_mark && !cursor.is_empty() {
        return Err(err(
            DecodeErrorKind::TrailingBytes {
                count: cursor.rest().len(),
            },
            cursor.offset(),
        ));
    }
    if !has_mark && all > 0 {
        return Err(err(DecodeErrorKind::TrailingBytes { count: all }, at));
    }
    match (options.trailing_end_mark, has_mark) {
        (TrailingEndMark::Required, false) => Err(err(DecodeErrorKind::MissingTrailingEndMark, at)),
        (TrailingEndMark::Forbidden, true) => {
            Err(err(DecodeErrorKind::UnexpectedTrailingEndMark, at))
        }
        _ => Ok(has_mark),
    }
}

/// One property: NAME entry, 1..=max values, end mark.
#[inline(always)]
fn property<'data, R: Report>(
    cursor: &mut Cursor<'data>,
    index: u32,
    count: u32,
    rules: impl Rules,
    depth: u8,
    sink: &mut impl Sink<'data>,
) -> Result<(), R> {
    let options = rules.options();
    let name = cursor.next_entry_checked(|found, at| {
        if found == Syntax::NAME {
            Ok(())
        } else {
            Err(err(
                DecodeErrorKind::ExpectedName {
                    found,
                    index,
                    count,
                },
                at,
            ))
        }
    })?;
    // The check above turned an end mark away: `name` is an entry.
    if let Some(name) = name {
        name_entry(&name, rules)?;
        sink.property(&name);
    }
    let mut values: u16 = 0;
    loop {
        let next = cursor.next_entry_checked(|syntax, at| {
            if syntax == Syntax::ENDMARK {
                return if values == 0 {
                    Err(err(DecodeErrorKind::NoValue, at))
                } else {
                    Ok(())
                };
            }
            if values >= options.max_values_per_property {
                return Err(err(
                    DecodeErrorKind::TooManyValues {
                        max: options.max_values_per_property,
                    },
                    at,
                ));
            }
            value_syntax(syntax, at, Placement::PropertyValue, rules)
        });
        let entry = match next {
            Ok(Some(entry)) => entry,
            Ok(None) => return Ok(()),
            Err(e) => return Err(missing_end_mark_or(e, cursor, values > 0)),
        };
        entry_content(&entry, rules, depth, sink)?;
        sink.value(&entry);
        values += 1;
    }
}

/// Validates a bare value list (entries, then an end mark, then nothing)
/// showing `sink` what it holds, as [`property_list`] does; returns the
/// number of entries.
pub(crate) fn value_list<'data>(
    bytes: &'data [u8],
    rules: impl Rules,
    sink: &mut impl Sink<'data>,
) -> Result<usize, DecodeError> {
    explained(value_list_reporting(bytes, 0, rules, 0, sink), || {
        value_list_reporting(bytes, 0, rules.options(), 0, &mut Unseen)
            .map_err(|e| property_list_given(bytes, rules.options()).unwrap_or(e))
    })
}

/// `LooksLikePropertyList` when `bytes`, which failed as a value list, are
/// a property list given in its place: they parse as one, or they start as
/// one, a count below 0x10000 (no value syntax is: a value's type is in the
/// upper half) and a name entry's syntax. Only the error path runs it.
#[cold]
#[inline(never)]
fn property_list_given(bytes: &[u8], options: &DecodeOptions) -> Option<DecodeError> {
    let (&first, rest) = bytes.split_first_chunk::<4>()?;
    let count = u32::from_le_bytes(first);
    // A property list's first entry is its first property's name; an empty
    // one is its count alone, or with the trailing end mark.
    let named = rest
        .first_chunk::<4>()
        .is_some_and(|&second| Syntax(u32::from_le_bytes(second)) == Syntax::NAME);
    if !(named || count == 0) {
        return None;
    }
    let valid = property_list_reporting::<Fault>(bytes, 0, options, 0, &mut Unseen).is_ok();
    (valid || (named && count < 0x1_0000))
        .then(|| DecodeError::new(DecodeErrorKind::LooksLikePropertyList { count, valid }, 0))
}

/// The rules of a value list, reporting a broken one as `R`.
fn value_list_reporting<'data, R: Report>(
    bytes: &'data [u8],
    base: usize,
    rules: impl Rules,
    depth: u8,
    sink: &mut impl Sink<'data>,
) -> Result<usize, R> {
    let mut cursor = Cursor::at(bytes, base);
    let mut count = 0;
    loop {
        let next = cursor.next_entry_checked(|syntax, at| {
            if syntax == Syntax::ENDMARK {
                Ok(())
            } else {
                value_syntax(syntax, at, Placement::BareValue, rules)
            }
        });
        let entry = match next {
            Ok(Some(entry)) => entry,
            Ok(None) => break,
            Err(e) => return Err(missing_end_mark_or(e, &cursor, true)),
        };
        if entry.syntax() == Syntax::NAME {
            name_entry(&entry, rules)?;
        } else {
            entry_content(&entry, rules, depth, sink)?;
        }
        sink.value(&entry);
        count += 1;
    }
    if cursor.is_empty() {
        Ok(count)
    } else {
        Err(err(
            DecodeErrorKind::TrailingBytes {
                count: cursor.rest().len(),
            },
            cursor.offset(),
        ))
    }
}

/// `fault`, the framing step's error where a value or an end mark was to be
/// read, or `MissingEndMark` when that is what it is: the data ended right
/// there (no byte of a next entry) and an end mark could stand there
/// (`values_done`: a property's values need one value first; a bare value
/// list is complete with none). Only on the error path: the hot loop is
/// unchanged.
#[cold]
fn missing_end_mark_or<R: Report>(fault: R, cursor: &Cursor<'_>, values_done: bool) -> R {
    if values_done && cursor.is_empty() {
        err(DecodeErrorKind::MissingEndMark, cursor.offset())
    } else {
        fault
    }
}

/// Rules on a name entry's length and text (MS-CMRP 2.2.3.10.1, R8).
pub(crate) fn name_entry<R: Report>(name: &Entry<'_>, rules: impl Rules) -> Result<(), R> {
    if name.data().is_empty() {
        return Err(err(DecodeErrorKind::EmptyName, name.length_offset()));
    }
    // A name is held to one NUL under every option (the defaults' rule):
    // names are written by code, not read back from stored values.
    string_content(name, false, Defaults)?;
    padding(name, rules)
}

/// Rules that depend only on a value's syntax word, checked before its
/// length is read so that they are reported even in a truncated buffer.
#[inline]
fn value_syntax<R: Report>(
    syntax: Syntax,
    at: usize,
    placement: Placement,
    rules: impl Rules,
) -> Result<(), R> {
    let options = rules.options();
    // A plain LIST_VALUE may stand wherever a value may, in every syntax
    // set (asserted where `is_plain_list_value` is defined): of the rules
    // below only the last can refuse it.
    if !syntax.is_plain_list_value() {
        match placement.check(syntax, options.require_list_value_type) {
            Ok(()) => {}
            Err(Misplaced::Name) => return Err(err(DecodeErrorKind::UnexpectedName, at)),
            Err(Misplaced::NotListValue) => {
                return Err(err(DecodeErrorKind::NotListValue { syntax }, at));
            }
        }
        if !options.syntaxes.contains(syntax) {
            return Err(err(DecodeErrorKind::SyntaxNotAllowed { syntax }, at));
        }
    }
    if options.reject_expanded_sz && crate::formats::is_server_only(syntax.format()) {
        return Err(err(DecodeErrorKind::ExpandedSzFromClient, at));
    }
    Ok(())
}

/// Rules on a value's length and data, nested lists included.
///
/// The common cases, with padding not inspected and data not empty, are
/// settled here: a fixed-size value of its size, a string (its text rules),
/// data of any length that is not a nested list. Everything else (empty
/// values, other length rules, nested lists, padding) goes to
/// [`entry_content_in_full`], which applies every rule.
#[inline(always)]
pub(crate) fn entry_content<'data, R: Report>(
    entry: &Entry<'data>,
    rules: impl Rules,
    depth: u8,
    sink: &mut impl Sink<'data>,
) -> Result<(), R> {
    let options = rules.options();
    let syntax = entry.syntax();
    let settled = match syntax.length_rule() {
        LengthRule::Exact(n) => entry.data().len() == n as usize,
        // Any length: only emptiness and nested lists are left to check.
        LengthRule::Any => !entry.data().is_empty() && syntax.list_kind().is_none(),
        LengthRule::String if !entry.data().is_empty() && !options.reject_nonzero_padding => {
            return string_content(entry, syntax.format() == PropertyFormat::MULTI_SZ, rules);
        }
        _ => false,
    };
    if settled && !options.reject_nonzero_padding {
        return Ok(());
    }
    // Field by field, in registers: the entry as one argument would be
    // stored to the stack on every call of this function, cold path or not
    // (decode + visit in one pass 4 % more instructions on `typical`).
    let (syntax, offset, data, padding_bytes) = entry.fields();
    entry_content_in_full(syntax, offset, data, padding_bytes, rules, depth, sink)
}

/// [`entry_content`]'s every rule.
#[inline(never)]
#[cold]
fn entry_content_in_full<'data, R: Report>(
    syntax: Syntax,
    offset: usize,
    data: &'data [u8],
    padding_bytes: &'data [u8],
    rules: impl Rules,
    depth: u8,
    sink: &mut impl Sink<'data>,
) -> Result<(), R> {
    let entry = Entry::from_fields((syntax, offset, data, padding_bytes));
    let options = rules.options();
    let length = entry.data().len() as u32;
    if entry.data().is_empty() {
        if !options.allow_empty_values {
            return Err(err(DecodeErrorKind::EmptyValue { syntax }, entry.offset()));
        }
        return padding(&entry, rules);
    }
    let wrong = || {
        err(
            DecodeErrorKind::WrongLength {
                syntax,
                length,
                rule: syntax.length_rule(),
            },
            entry.offset(),
        )
    };
    match syntax.length_rule() {
        LengthRule::Exact(n) if length != n => return Err(wrong()),
        LengthRule::OneOf(a, b) if length != a && length != b => return Err(wrong()),
        LengthRule::AtLeast(n) if length < n => return Err(wrong()),
        LengthRule::String => {
            string_content(&entry, syntax.format() == PropertyFormat::MULTI_SZ, rules)?;
        }
        _ => {}
    }
    if let Some(kind) = decoded_list(&entry, options.nested) {
        let nested_depth = depth.saturating_add(1);
        let limit = options.depth_limit();
        if nested_depth > limit {
            return Err(err(DecodeErrorKind::TooDeep { limit }, entry.offset()));
        }
        if sink.enter(kind) {
            nested_list(&entry, kind, rules, nested_depth, sink)?;
            sink.leave();
        } else {
            nested_list(&entry, kind, rules, nested_depth, &mut Unseen)?;
        }
    }
    padding(&entry, rules)
}

/// The kind of list `entry` holds when its contents are read as one (nested
/// lists decoded, data present): the lists the validator walks, and shows a
/// sink between [`Sink::enter`] and [`Sink::leave`].
#[inline]
pub(crate) fn decoded_list(entry: &Entry<'_>, nested: NestedLists) -> Option<ListKind> {
    if nested != NestedLists::Decode || entry.data().is_empty() {
        return None;
    }
    entry.syntax().list_kind()
}

/// The rules of a nested list's contents, at `depth`.
fn nested_list<'data, R: Report>(
    entry: &Entry<'data>,
    kind: ListKind,
    rules: impl Rules,
    depth: u8,
    sink: &mut impl Sink<'data>,
) -> Result<(), R> {
    let (data, at) = (entry.data(), entry.data_offset());
    match kind {
        ListKind::PropertyList => property_list_reporting(data, at, rules, depth, sink).map(drop),
        ListKind::ValueList => value_list_reporting(data, at, rules, depth, sink).map(drop),
    }
}

/// UTF-16 rules: even length, NUL-terminated, no interior NUL (single
/// strings; NULs alone may follow the terminator when the rules allow
/// padded strings) or nothing but NULs after the terminator (`MULTI_SZ`).
/// The options are read only once the quick test failed.
#[inline]
fn string_content<R: Report>(entry: &Entry<'_>, multi: bool, rules: impl Rules) -> Result<(), R> {
    if entry.data().len() % 2 != 0 {
        return Err(err(
            DecodeErrorKind::OddStringLength {
                length: entry.data().len() as u32,
            },
            entry.length_offset(),
        ));
    }
    let checked = if multi {
        check::multi_string(entry.data())
    } else if check::is_single_string(entry.data()) {
        return Ok(());
    } else {
        check::single_string(entry.data(), rules.options().allow_nul_padded_strings)
    };
    checked.map_err(|(kind, at)| err(kind, entry.data_offset() + at))
}

/// Padding contents are ignored (MS-CMRP) unless the options ask to report them.
#[inline]
fn padding<R: Report>(entry: &Entry<'_>, rules: impl Rules) -> Result<(), R> {
    let options = rules.options();
    if !options.reject_nonzero_padding {
        return Ok(());
    }
    match entry.padding().iter().position(|&b| b != 0) {
        Some(i) => Err(err(
            DecodeErrorKind::NonZeroPadding,
            entry.padding_offset() + i,
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::{Binary, MultiSzOf, PropertyListBuilder, Sz};

    /// A list with every kind of entry the rules look at: a DWORD, a string,
    /// a string list, binary data of an odd length (padding), three values
    /// under one name, and a nested property list and value list.
    fn sample() -> Vec<u8> {
        let mut buf = vec![0u8; 1024];
        let mut b = PropertyListBuilder::new(&mut buf);
        b.property("Dword", &7u32).unwrap();
        b.property("Text", &Sz("Resource name")).unwrap();
        b.property("Owners", &MultiSzOf(&["Node1", "Node2"]))
            .unwrap();
        b.property("Blob", &Binary(&[1, 2, 3, 4, 5])).unwrap();
        b.property_with("Three", |v| {
            v.value(&1u32)?.value(&2u64)?.value(&Sz("x"))?;
            Ok(())
        })
        .unwrap();
        b.property_with("Nested", |v| {
            v.property_list(|inner| inner.property("Inner", &1u32).map(drop))?;
            v.value_list(|inner| inner.value(&3u32).map(drop))?;
            Ok(())
        })
        .unwrap();
        let len = b.finish().unwrap();
        buf.truncate(len);
        buf
    }

    /// The quick pass (reporting [`Fault`]) and the detailed pass
    /// (reporting [`DecodeError`]) run the same rules, and so do the
    /// caller's default options and [`Defaults`]: on every damaged
    /// copy of the sample, under every preset, both accept or both reject,
    /// and what they accept has the same shape.
    #[test]
    fn the_quick_pass_fails_exactly_when_the_detailed_pass_fails() {
        let presets = [
            DecodeOptions::default(),
            DecodeOptions::ms_cmrp(),
            DecodeOptions::client_input(),
            DecodeOptions::lenient(),
        ];
        let sample = sample();
        // Under miri (a thousand times slower): every 25th position, one
        // value there and the default preset; the same code paths.
        let (step, variants, presets) = if cfg!(miri) {
            (25, 1, &presets[..1])
        } else {
            (1, 6, &presets[..])
        };
        let mut damaged: Vec<Vec<u8>> = (0..sample.len())
            .step_by(step)
            .map(|n| sample[..n].to_vec())
            .collect();
        for at in (0..sample.len()).step_by(step) {
            for &byte in [0x00, 0xFF, 0x01, 0x03, 0x80, sample[at] ^ 0x04]
                .iter()
                .take(variants)
            {
                let mut copy = sample.clone();
                copy[at] = byte;
                damaged.push(copy);
            }
        }
        damaged.push(sample.clone());
        let (mut accepted, mut rejected) = (0, 0);
        for bytes in &damaged {
            for options in presets {
                let quick = property_list_reporting::<Fault>(bytes, 0, options, 0, &mut Unseen);
                let detailed =
                    property_list_reporting::<DecodeError>(bytes, 0, options, 0, &mut Unseen);
                if *options == DecodeOptions::default() {
                    // The compile-time defaults run the same rules.
                    let folded =
                        property_list_reporting::<Fault>(bytes, 0, Defaults, 0, &mut Unseen);
                    assert_eq!(folded, quick, "{bytes:02x?}");
                }
                // What `parse` runs (both passes, as it chains them) says the
                // same, or, for a fault of a buffer that looks like a value
                // list, says that.
                match (property_list(bytes, options, &mut Unseen), detailed) {
                    (Err(e), Err(_))
                        if matches!(e.kind(), DecodeErrorKind::LooksLikeValueList { .. }) =>
                    {
                        assert_eq!(Some(e), value_list_given(bytes, options), "{bytes:02x?}");
                    }
                    (parsed, detailed) => assert_eq!(parsed, detailed, "{bytes:02x?}"),
                }
                match (quick, detailed) {
                    (Ok(a), Ok(b)) => {
                        assert_eq!(a, b, "{bytes:02x?}");
                        accepted += 1;
                    }
                    (Err(Fault), Err(_)) => rejected += 1,
                    (quick, detailed) => {
                        panic!("{bytes:02x?} {options:?}: {quick:?} against {detailed:?}")
                    }
                }
            }
        }
        // Both outcomes occur, so the comparison above compared something.
        assert!(accepted >= 1 && rejected >= 10, "{accepted} {rejected}");
    }
}
