//! The one step that reads the wire's framing: [`Cursor::next_entry`].
//!
//! Every reader of the crate (validation, the iterators, nested views) and
//! every tool outside it (the CLI's `dump`) walks a buffer with this step and
//! nothing else: it is the only code that reads an entry header, an end mark
//! or a property count. It does no indexing, only checked prefix splits, and
//! every call that returns an entry or an end mark consumes at least 4 bytes,
//! so loops over it always make progress.

use super::{ENTRY_HEADER_LEN, padding_for};
use crate::error::{DecodeError, DecodeErrorKind, Fault, Field, Report};
use crate::syntax::Syntax;

/// A read position in a buffer that has not necessarily been validated.
///
/// Offsets are absolute: a cursor over a nested list's bytes is created
/// with the nested list's offset in the outermost buffer, so every offset it
/// reports (and every error) points into the outermost buffer.
///
/// The cursor checks framing only (that an entry's header and padded data
/// lie inside the buffer); the rules of the format are the validator's
/// (`PropertyList::parse` and friends). That makes it the tool for looking
/// at buffers that do not validate, up to the point where they stop making
/// sense:
///
/// ```
/// use clusprop::wire::Cursor;
/// // count 1, NAME "A", DWORD 7, end mark
/// let bytes = [
///     1, 0, 0, 0, 3, 0, 4, 0, 4, 0, 0, 0, b'A', 0, 0, 0,
///     2, 0, 1, 0, 4, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0,
/// ];
/// let mut cursor = Cursor::new(&bytes);
/// assert_eq!(cursor.read_count()?, 1);
/// let name = cursor.next_entry()?.expect("a name entry");
/// assert_eq!((name.offset(), name.data()), (4, &[b'A', 0, 0, 0][..]));
/// let value = cursor.next_entry()?.expect("a value");
/// assert_eq!(value.data(), &7u32.to_le_bytes());
/// assert!(cursor.next_entry()?.is_none()); // the end mark
/// assert!(cursor.is_empty());
/// # Ok::<(), clusprop::DecodeError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Cursor<'data> {
    rest: &'data [u8],
    /// Absolute offset just past the last byte: the position is
    /// `end - rest.len()`, so stepping only moves `rest`.
    end: usize,
}

/// One entry as it stands on the wire: syntax, data and padding, with their
/// absolute offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'data> {
    syntax: Syntax,
    offset: usize,
    data: &'data [u8],
    padding: &'data [u8],
}

impl<'data> Entry<'data> {
    /// The entry's fields, to pass to a function that is not inlined: a
    /// struct of this size passed by value goes through memory, and the
    /// caller stores it even on the paths that never make the call (see
    /// `validate::entry_content`). Rebuilt with [`from_fields`](Self::from_fields).
    #[inline(always)]
    pub(crate) const fn fields(&self) -> (Syntax, usize, &'data [u8], &'data [u8]) {
        (self.syntax, self.offset, self.data, self.padding)
    }

    /// The entry whose [`fields`](Self::fields) these are.
    #[inline(always)]
    pub(crate) const fn from_fields(
        (syntax, offset, data, padding): (Syntax, usize, &'data [u8], &'data [u8]),
    ) -> Self {
        Entry {
            syntax,
            offset,
            data,
            padding,
        }
    }

    /// An entry that is not in a buffer (the writer checks raw data it was
    /// handed with the validator's content rules through it).
    pub(crate) const fn unframed(syntax: Syntax, data: &'data [u8]) -> Self {
        Entry {
            syntax,
            offset: 0,
            data,
            padding: &[],
        }
    }

    /// The syntax word (never `ENDMARK`: an end mark is not an entry).
    #[inline]
    pub const fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// Absolute offset of the syntax word.
    #[inline]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The data, without padding (as long as the length word says).
    #[inline]
    pub const fn data(&self) -> &'data [u8] {
        self.data
    }

    /// The 0 to 3 padding bytes after the data.
    #[inline]
    pub const fn padding(&self) -> &'data [u8] {
        self.padding
    }

    /// Absolute offset of the length word.
    #[inline]
    pub const fn length_offset(&self) -> usize {
        self.offset + 4
    }

    /// Absolute offset of the first data byte.
    #[inline]
    pub const fn data_offset(&self) -> usize {
        self.offset + ENTRY_HEADER_LEN
    }

    /// Absolute offset of the first padding byte.
    #[inline]
    pub const fn padding_offset(&self) -> usize {
        self.data_offset() + self.data.len()
    }

    /// Absolute offset just past the padding (where the next entry starts).
    #[inline]
    pub const fn end_offset(&self) -> usize {
        self.padding_offset() + self.padding.len()
    }
}

impl<'data> Cursor<'data> {
    /// A cursor at the start of `bytes`, which is the outermost buffer.
    #[inline]
    pub const fn new(bytes: &'data [u8]) -> Self {
        Self::at(bytes, 0)
    }

    /// A cursor over `bytes`, which start at absolute offset `base` of the
    /// outermost buffer (a nested list's data).
    #[inline]
    pub const fn at(bytes: &'data [u8], base: usize) -> Self {
        Cursor {
            rest: bytes,
            // Offsets past usize::MAX cannot be told apart: they saturate.
            end: base.saturating_add(bytes.len()),
        }
    }

    /// Absolute offset of the next unread byte.
    #[inline]
    pub const fn offset(&self) -> usize {
        self.end - self.rest.len()
    }

    /// The unread bytes.
    #[inline]
    pub const fn rest(&self) -> &'data [u8] {
        self.rest
    }

    /// Whether every byte has been read.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Reads the count that opens a property list.
    #[inline]
    pub fn read_count(&mut self) -> Result<u32, DecodeError> {
        self.read_count_reporting()
    }

    /// [`read_count`](Self::read_count), reporting a fault as `R`.
    #[inline]
    pub(crate) fn read_count_reporting<R: Report>(&mut self) -> Result<u32, R> {
        match self.rest.split_first_chunk::<4>() {
            Some((&count, rest)) => {
                self.rest = rest;
                Ok(u32::from_le_bytes(count))
            }
            None => Err(R::fault(
                DecodeErrorKind::Truncated {
                    field: Field::Count,
                },
                self.offset(),
            )),
        }
    }

    /// Reads the next entry, or the end mark that closes a property's values
    /// or a value list (`None`, its 4 bytes consumed).
    ///
    /// Errors: `Truncated` when fewer than 4 bytes (syntax) or 8 (syntax and
    /// length) remain, `LengthExceedsBuffer` when the padded data does not
    /// fit; on error the cursor does not move.
    #[inline]
    pub fn next_entry(&mut self) -> Result<Option<Entry<'data>>, DecodeError> {
        self.next_entry_checked(|_, _| Ok(()))
    }

    /// [`next_entry`](Self::next_entry) for walks over validated bytes,
    /// where a fault cannot occur: should one occur all the same, it is
    /// reported as a bare [`Fault`] and the walk stops.
    #[inline]
    pub(crate) fn next_validated(&mut self) -> Result<Option<Entry<'data>>, Fault> {
        self.next_entry_checked(|_, _| Ok(()))
    }

    /// [`next_entry`](Self::next_entry) with `check` called on the syntax
    /// word (and its offset) as soon as it is read, before the length: rules
    /// that depend on the syntax alone are reported even when the rest of
    /// the entry is cut off. `check` sees `ENDMARK` too.
    #[inline]
    pub(crate) fn next_entry_checked<R: Report>(
        &mut self,
        check: impl FnOnce(Syntax, usize) -> Result<(), R>,
    ) -> Result<Option<Entry<'data>>, R> {
        let offset = self.offset();
        let Some((&syntax, after_syntax)) = self.rest.split_first_chunk::<4>() else {
            return Err(R::fault(
                DecodeErrorKind::Truncated {
                    field: Field::Syntax,
                },
                offset,
            ));
        };
        let syntax = Syntax(u32::from_le_bytes(syntax));
        check(syntax, offset)?;
        if syntax == Syntax::ENDMARK {
            self.rest = after_syntax;
            return Ok(None);
        }
        let Some((&length, after_header)) = after_syntax.split_first_chunk::<4>() else {
            return Err(R::fault(
                DecodeErrorKind::Truncated {
                    field: Field::Length,
                },
                offset + 4,
            ));
        };
        let length = u32::from_le_bytes(length);
        // The data and its padding to a multiple of 4, with no wrapping (C's
        // ALIGN_CLUSPROP wraps to 0 near u32::MAX): a saturated sum is
        // larger than any buffer, so it is refused below like any other.
        let data_len = usize::try_from(length).unwrap_or(usize::MAX);
        let padded = data_len.saturating_add(padding_for(data_len));
        if padded > after_header.len() {
            return Err(R::fault(
                DecodeErrorKind::LengthExceedsBuffer {
                    length,
                    available: after_header.len(),
                },
                offset + 4,
            ));
        }
        // Both splits are within bounds: data_len <= padded <= len.
        let (data, after_data) = after_header.split_at(data_len);
        let (padding, rest) = after_data.split_at(padded - data_len);
        self.rest = rest;
        Ok(Some(Entry {
            syntax,
            offset,
            data,
            padding,
        }))
    }

    /// Consumes an end mark if one is next; says whether it did.
    #[inline]
    pub fn take_end_mark(&mut self) -> bool {
        match self.rest.split_first_chunk::<4>() {
            Some((&[0, 0, 0, 0], rest)) => {
                self.rest = rest;
                true
            }
            _ => false,
        }
    }

    /// Steps over entries up to and including the next end mark; returns
    /// how many entries there were.
    #[inline]
    pub fn skip_to_end_mark(&mut self) -> Result<usize, DecodeError> {
        self.skip_to_end_mark_reporting()
    }

    /// [`skip_to_end_mark`](Self::skip_to_end_mark), reporting a fault as `R`.
    #[inline]
    pub(crate) fn skip_to_end_mark_reporting<R: Report>(&mut self) -> Result<usize, R> {
        let mut count = 0;
        while self.next_entry_checked(|_, _| Ok::<(), R>(()))?.is_some() {
            count += 1;
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_names_the_missing_word_and_leaves_the_cursor() {
        let mut c = Cursor::at(&[2, 0, 1], 40);
        let e = c.next_entry().unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (
                DecodeErrorKind::Truncated {
                    field: Field::Syntax
                },
                40
            )
        );
        let mut c = Cursor::at(&[2, 0, 1, 0, 4, 0], 40);
        let e = c.next_entry().unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (
                DecodeErrorKind::Truncated {
                    field: Field::Length
                },
                44
            )
        );
        assert_eq!(c.offset(), 40);
    }

    #[test]
    fn padding_counts_against_the_buffer() {
        // length 5 needs 8 data bytes with padding; only 5 remain.
        let bytes = [2, 0, 1, 0, 5, 0, 0, 0, 1, 2, 3, 4, 5];
        let e = Cursor::new(&bytes).next_entry().unwrap_err();
        assert_eq!(
            e.kind(),
            DecodeErrorKind::LengthExceedsBuffer {
                length: 5,
                available: 5
            }
        );
        assert_eq!(e.offset(), 4);
    }

    #[test]
    fn a_length_near_u32_max_does_not_wrap() {
        let bytes = [2, 0, 1, 0, 0xFD, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];
        let e = Cursor::new(&bytes).next_entry().unwrap_err();
        assert!(matches!(
            e.kind(),
            DecodeErrorKind::LengthExceedsBuffer {
                length: 0xFFFF_FFFD,
                ..
            }
        ));
    }

    #[test]
    fn an_entry_reports_its_parts() {
        let bytes = [2, 0, 1, 0, 3, 0, 0, 0, 7, 8, 9, 0xEE, 0, 0, 0, 0];
        let mut c = Cursor::at(&bytes, 100);
        let entry = c.next_entry().unwrap().unwrap();
        assert_eq!(entry.syntax(), Syntax(0x0001_0002));
        assert_eq!(entry.data(), &[7, 8, 9]);
        assert_eq!(entry.padding(), &[0xEE]);
        assert_eq!(
            (
                entry.offset(),
                entry.length_offset(),
                entry.data_offset(),
                entry.padding_offset(),
                entry.end_offset()
            ),
            (100, 104, 108, 111, 112)
        );
        assert_eq!(c.next_entry(), Ok(None));
        assert_eq!(c.offset(), 116);
        assert!(c.is_empty());
    }

    #[test]
    fn the_check_sees_the_syntax_before_the_length() {
        let mut c = Cursor::new(&[3, 0, 4, 0]);
        let e = c
            .next_entry_checked(|syntax, at| {
                Err(DecodeError::new(
                    DecodeErrorKind::SyntaxNotAllowed { syntax },
                    at,
                ))
            })
            .unwrap_err();
        assert_eq!(
            e.kind(),
            DecodeErrorKind::SyntaxNotAllowed {
                syntax: Syntax::NAME
            }
        );
    }

    #[test]
    fn skipping_counts_entries_and_consumes_the_end_mark() {
        let bytes = [
            2, 0, 1, 0, 4, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
        ];
        let mut c = Cursor::new(&bytes);
        assert_eq!(c.skip_to_end_mark(), Ok(2));
        assert_eq!(c.rest(), &[9]);
    }
}
