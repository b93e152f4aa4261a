//! The one module that touches the C ABI: the function-pointer table, loading
//! it from a library, and the handle owners that call through it.
//!
//! Every `unsafe` block of the crate is here, each with a `// SAFETY:`
//! comment. Everything outside this module is safe code over
//! [`RawCluster`] and [`RawObject`] (a group, node or resource handle), whose
//! invariant is simple: a value of either type holds a live handle that was
//! opened through the table stored beside it, and nothing else closes it.
//! The public `unsafe fn from_raw` constructors live here too.
//!
//! By job: `table` (the entry points and their prototypes), `api` (where a
//! table comes from, and calling through it), `handles` (the owners and
//! their `Drop`), `buffers` (pointer and length pairs), then the raw calls:
//! `control`, `operations` (state, offline, online, move, cancel),
//! `enumerate`, `notify`; and `from_raw`.

mod api;
mod buffers;
mod control;
mod enumerate;
mod from_raw;
mod handles;
mod notify;
mod operations;
mod table;

pub use api::ClusApi;
pub(crate) use api::system_message;
pub(crate) use enumerate::{EnumApi, RawEnum};
pub(crate) use handles::{
    GroupKind, ObjectKind, RawCluster, RawGroup, RawNetInterface, RawNetwork, RawNode, RawObject,
    RawResource, ResourceKind,
};
pub(crate) use notify::RawNotifyPort;
pub use table::*;
