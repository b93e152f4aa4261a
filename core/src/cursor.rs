//! The byte cursor under both readers: no indexing, only checked prefix
//! splits; every entry it yields consumes at least 4 bytes, so loops over it
//! always make progress.

use zerocopy::FromBytes;
use zerocopy::little_endian::U32;

use crate::error::{DecodeError, DecodeErrorKind, Field};
use crate::syntax::Syntax;
use crate::wire::{self, EntryHeader};

/// A position in a buffer whose first byte sits at absolute offset `base`
/// of the outermost buffer (so nested lists report outer offsets).
#[derive(Clone, Debug)]
pub(crate) struct Cursor<'data> {
    rest: &'data [u8],
    offset: usize,
}

/// One entry as it stands on the wire.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry<'data> {
    pub(crate) syntax: Syntax,
    /// Absolute offset of the syntax word.
    pub(crate) offset: usize,
    /// The unpadded data.
    pub(crate) data: &'data [u8],
    /// The 0–3 padding bytes after the data.
    pub(crate) padding: &'data [u8],
}

impl Entry<'_> {
    /// Absolute offset of the length word.
    pub(crate) const fn length_offset(&self) -> usize {
        self.offset + 4
    }

    /// Absolute offset of the first data byte.
    pub(crate) const fn data_offset(&self) -> usize {
        self.offset + wire::ENTRY_HEADER_LEN
    }

    /// Absolute offset of the first padding byte.
    pub(crate) const fn padding_offset(&self) -> usize {
        self.data_offset() + self.data.len()
    }
}

impl<'data> Cursor<'data> {
    pub(crate) const fn new(bytes: &'data [u8], base: usize) -> Self {
        Cursor {
            rest: bytes,
            offset: base,
        }
    }

    /// Absolute offset of the next unread byte.
    pub(crate) const fn offset(&self) -> usize {
        self.offset
    }

    /// The unread bytes.
    pub(crate) const fn rest(&self) -> &'data [u8] {
        self.rest
    }

    pub(crate) const fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Reads a little-endian u32 that the format calls `field`.
    #[inline]
    pub(crate) fn read_u32(&mut self, field: Field) -> Result<u32, DecodeError> {
        match U32::read_from_prefix(self.rest) {
            Ok((value, rest)) => {
                self.rest = rest;
                self.offset += 4;
                Ok(value.get())
            }
            Err(_) => Err(DecodeError::new(
                DecodeErrorKind::Truncated { field },
                self.offset,
            )),
        }
    }

    /// Looks at the next syntax word without consuming it.
    #[inline]
    pub(crate) fn peek_syntax(&self) -> Result<Syntax, DecodeError> {
        self.clone().read_u32(Field::Syntax).map(Syntax)
    }

    /// Consumes a 4-byte end mark (the caller has peeked it).
    pub(crate) fn skip_end_mark(&mut self) {
        let skip = self.rest.len().min(wire::END_MARK_LEN);
        self.rest = self.rest.get(skip..).unwrap_or_default();
        self.offset += skip;
    }

    /// Steps over the values of an already validated property up to and
    /// including its end mark, reading only the headers; returns how many
    /// values there were, or `None` if the structure is not sound.
    #[inline]
    pub(crate) fn skip_values(&mut self) -> Option<usize> {
        let mut count = 0;
        loop {
            let (syntax, rest) = self.rest.split_first_chunk::<4>()?;
            if *syntax == [0; 4] {
                self.rest = rest;
                self.offset += wire::END_MARK_LEN;
                return Some(count);
            }
            let (length, rest) = rest.split_first_chunk::<4>()?;
            let len = usize::try_from(u32::from_le_bytes(*length)).ok()?;
            let padded = len.checked_add(wire::padding_for(len))?;
            self.rest = rest.get(padded..)?;
            self.offset += wire::ENTRY_HEADER_LEN + padded;
            count += 1;
        }
    }

    /// Reads one entry (header, data, padding) whose syntax is not ENDMARK,
    /// checking only that it lies inside the buffer.
    #[inline]
    pub(crate) fn read_entry(&mut self) -> Result<Entry<'data>, DecodeError> {
        let offset = self.offset;
        let Ok((header, after_header)) = EntryHeader::ref_from_prefix(self.rest) else {
            // Say which of the two header words is missing.
            let field = if self.rest.len() < 4 {
                Field::Syntax
            } else {
                Field::Length
            };
            let at = if field == Field::Syntax {
                offset
            } else {
                offset + 4
            };
            return Err(DecodeError::new(DecodeErrorKind::Truncated { field }, at));
        };
        let length = header.length.get();
        // `length` as usize plus up to 3 bytes of padding, with no wrapping
        // (C's ALIGN_CLUSPROP wraps to 0 near u32::MAX).
        let data_len = usize::try_from(length).unwrap_or(usize::MAX);
        let padded = data_len.saturating_add(wire::padding_for(data_len));
        if padded > after_header.len() {
            return Err(DecodeError::new(
                DecodeErrorKind::LengthExceedsBuffer {
                    length,
                    available: after_header.len(),
                },
                offset + 4,
            ));
        }
        let (data, after_data) = after_header.split_at(data_len);
        let (padding, rest) = after_data.split_at(padded - data_len);
        self.rest = rest;
        self.offset = offset + wire::ENTRY_HEADER_LEN + padded;
        Ok(Entry {
            syntax: Syntax(header.syntax.get()),
            offset,
            data,
            padding,
        })
    }
}
