//! Shared helpers for the cross-crate tests (work in progress).

pub mod samba;
