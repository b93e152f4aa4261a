//! Shared helpers for the cross-crate tests: the Samba NDR shim, and the
//! workspace README compiled as doctests.

#[cfg(not(clusprop_no_samba))]
pub mod samba;

/// The workspace README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
