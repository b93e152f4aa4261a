//! The format's numeric limits, named once: every reader, writer and model
//! of the crate takes them from here.

/// Most values one property may have (MS-CMRP 2.2.3.10.1: a value, and for
/// `EXPAND_SZ` properties the expanded form; Windows itself never sends more
/// than 3). The default of [`DecodeOptions::max_values_per_property`] and
/// [`EncodeOptions::max_values_per_property`].
///
/// [`DecodeOptions::max_values_per_property`]: crate::DecodeOptions::max_values_per_property
/// [`EncodeOptions::max_values_per_property`]: crate::EncodeOptions::max_values_per_property
pub const MAX_VALUES_PER_PROPERTY: u16 = 3;

/// The nesting depth of lists inside values that the reader accepts by
/// default ([`DecodeOptions::max_depth`](crate::DecodeOptions::max_depth))
/// and that the builder writes at most: deeper than any list Windows sends.
pub const DEFAULT_MAX_DEPTH: u8 = 8;

/// The largest nesting depth the reader ever accepts, whatever the options
/// say, and the deepest owned list the crate encodes, decodes or compares
/// (every walk of nested lists is bounded by it, so none recurses without end).
pub const MAX_DEPTH_LIMIT: u8 = 32;
