//! Enumeration: the nodes, groups, resources, networks, network interfaces
//! and resource types of a cluster (`ClusterOpenEnumEx`, or
//! `ClusterOpenEnum` where the `Ex` call is missing), and the resources of a
//! group (`ClusterGroupOpenEnum`), as iterators of owned entries.
//!
//! Each entry is read into a buffer that follows the control path's
//! `ERROR_MORE_DATA` discipline: it grows to the size the call returned, and
//! at least to double, at most [`MAX_ENUM_ITEM_LEN`] bytes, in at most
//! [`MAX_CONTROL_CALLS`](crate::MAX_CONTROL_CALLS) calls per entry.

use windows_sys::Win32::Foundation::{ERROR_MORE_DATA, ERROR_NO_MORE_ITEMS, ERROR_SUCCESS};
use windows_sys::Win32::Networking::Clustering as c;

use crate::control::ObjectType;
use crate::error::{Error, Win32Error};
use crate::name::{from_wide, read_name};
use crate::sys::{EnumApi, RawEnum};
use crate::{Cluster, Group, MAX_CONTROL_CALLS};

/// The largest buffer one `ClusterEnumEx` entry may ask for (1 MiB: two
/// names of the longest length a name query accepts, and the header); a
/// larger size is [`Error::ReplyTooLarge`], never an allocation.
pub const MAX_ENUM_ITEM_LEN: usize = 1 << 20;

/// The size of the first `ClusterEnumEx` buffer, in bytes.
const FIRST_ITEM_LEN: usize = 256;

/// The item version this crate reads (the same for both item structs).
const ITEM_VERSION_1: u32 = c::CLUSTER_ENUM_ITEM_VERSION_1;
const _: () = assert!(c::CLUSTER_GROUP_ENUM_ITEM_VERSION_1 == ITEM_VERSION_1);

/// The kinds of object an enumeration lists (the `CLUSTER_ENUM_*` bits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EnumKind {
    /// `CLUSTER_ENUM_NODE`.
    Node,
    /// `CLUSTER_ENUM_RESTYPE`.
    ResourceType,
    /// `CLUSTER_ENUM_RESOURCE`.
    Resource,
    /// `CLUSTER_ENUM_GROUP`.
    Group,
    /// `CLUSTER_ENUM_NETWORK`.
    Network,
    /// `CLUSTER_ENUM_NETINTERFACE`.
    NetInterface,
}

impl EnumKind {
    /// Every kind, in `CLUSTER_ENUM` bit order.
    pub const ALL: [Self; 6] = [
        Self::Node,
        Self::ResourceType,
        Self::Resource,
        Self::Group,
        Self::Network,
        Self::NetInterface,
    ];

    /// The `CLUSTER_ENUM_*` bit.
    pub const fn code(self) -> u32 {
        (match self {
            Self::Node => c::CLUSTER_ENUM_NODE,
            Self::ResourceType => c::CLUSTER_ENUM_RESTYPE,
            Self::Resource => c::CLUSTER_ENUM_RESOURCE,
            Self::Group => c::CLUSTER_ENUM_GROUP,
            Self::Network => c::CLUSTER_ENUM_NETWORK,
            Self::NetInterface => c::CLUSTER_ENUM_NETINTERFACE,
        }) as u32
    }

    /// The kind whose `CLUSTER_ENUM_*` bit is `code`.
    pub fn from_code(code: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One enumerated object, owned.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct EnumEntry {
    /// What it is; `None` for a type code this crate does not know (the raw
    /// code is in [`EnumEntry::raw_type`]).
    pub kind: Option<EnumKind>,
    /// The type code the call returned (`CLUSTER_ENUM_*`, or for a group
    /// enumeration `CLUSTER_GROUP_ENUM_*`).
    pub raw_type: u32,
    /// Its name.
    pub name: String,
    /// Its id (a GUID string), when the call returns one: `ClusterEnumEx`
    /// does, `ClusterEnum` and `ClusterGroupEnum` do not.
    pub id: Option<String>,
}

/// An open enumeration: an iterator of entries, read one call (or a few,
/// on `ERROR_MORE_DATA`) at a time. Its handle is closed exactly once, on
/// drop. An error ends the iteration (it is yielded once, then `None`).
pub struct Enumeration {
    raw: RawEnum,
    index: u32,
    done: bool,
    /// For a group enumeration: `CLUSTER_GROUP_ENUM_*` codes, not
    /// `CLUSTER_ENUM_*`.
    group: bool,
    /// The object enumerated (a named cluster, a group), which an error
    /// names.
    owner: Option<(ObjectType, String)>,
}

impl std::fmt::Debug for Enumeration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enumeration")
            .field("api", &self.raw.api_kind())
            .field("index", &self.index)
            .field("done", &self.done)
            .finish()
    }
}

impl Enumeration {
    /// Whether the entries come from `ClusterEnumEx` (with ids).
    pub fn is_ex(&self) -> bool {
        self.raw.api_kind() == EnumApi::ClusterEx
    }

    fn next_entry(&mut self) -> Result<Option<EnumEntry>, Error> {
        match self.raw.api_kind() {
            EnumApi::ClusterEx => read_ex(&self.raw, self.index),
            EnumApi::Cluster => read_plain(&self.raw, self.index, "ClusterEnum", false),
            EnumApi::Group => read_plain(&self.raw, self.index, "ClusterGroupEnum", self.group),
            // Group entries have their own iterator, `GroupEnumeration`.
            EnumApi::GroupEx => Err(Error::Unsupported(crate::Unsupported::EntryPoint {
                name: "ClusterEnumEx",
            })),
        }
    }
}

impl Iterator for Enumeration {
    type Item = Result<EnumEntry, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_entry() {
            Ok(Some(entry)) => {
                self.index = self.index.saturating_add(1);
                Some(Ok(entry))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(match &self.owner {
                    Some((kind, name)) => e.about(*kind, name),
                    None => e,
                }))
            }
        }
    }
}

/// A `ClusterEnum` / `ClusterGroupEnum` entry, the name grown as
/// [`read_name`] does; `None` at `ERROR_NO_MORE_ITEMS`.
fn read_plain(
    raw: &RawEnum,
    index: u32,
    function: &'static str,
    group: bool,
) -> Result<Option<EnumEntry>, Error> {
    let (kind, name) = read_name(function, |buf| {
        let entry = raw.item(index, buf)?;
        Ok(match entry.status {
            ERROR_SUCCESS => (Some(entry.kind), entry.cch, 0),
            ERROR_NO_MORE_ITEMS => (None, 0, 0),
            status => (None, entry.cch, status),
        })
    })?;
    Ok(kind.map(|raw_type| EnumEntry {
        kind: if group {
            group_kind(raw_type)
        } else {
            EnumKind::from_code(raw_type)
        },
        raw_type,
        name,
        id: None,
    }))
}

/// What a `CLUSTER_GROUP_ENUM_*` code lists.
fn group_kind(code: u32) -> Option<EnumKind> {
    match i32::try_from(code).ok()? {
        c::CLUSTER_GROUP_ENUM_CONTAINS => Some(EnumKind::Resource),
        c::CLUSTER_GROUP_ENUM_NODES => Some(EnumKind::Node),
        _ => None,
    }
}

/// A `ClusterEnumEx` entry; `None` at `ERROR_NO_MORE_ITEMS`.
fn read_ex(raw: &RawEnum, index: u32) -> Result<Option<EnumEntry>, Error> {
    let function = "ClusterEnumEx";
    let Some(buf) = read_item(function, |buf| raw.item_ex(index, buf))? else {
        return Ok(None);
    };
    let item = ItemReader::new(&buf, layout::SIZE, function)?;
    let raw_type = item.u32_at(layout::TYPE);
    let id = item.string(layout::ID, layout::CB_ID)?;
    let name = item
        .string(layout::NAME, layout::CB_NAME)?
        .ok_or_else(|| item.bad("the entry has no name"))?;
    Ok(Some(EnumEntry {
        kind: EnumKind::from_code(raw_type),
        raw_type,
        name,
        id,
    }))
}

/// Reads one `*EnumEx` item with `call` (the buffer, 8-byte aligned; the
/// status and the byte count written back): the buffer it was written to,
/// or `None` at `ERROR_NO_MORE_ITEMS`. The buffer starts at
/// `FIRST_ITEM_LEN` bytes and grows on `ERROR_MORE_DATA` to the size
/// returned, at least double, at most [`MAX_ENUM_ITEM_LEN`], in at most
/// [`MAX_CONTROL_CALLS`] calls.
pub(crate) fn read_item(
    function: &'static str,
    mut call: impl FnMut(&mut [u64]) -> Result<(u32, u32), Error>,
) -> Result<Option<Vec<u64>>, Error> {
    let mut len = FIRST_ITEM_LEN;
    for _ in 0..MAX_CONTROL_CALLS {
        let mut buf = vec![0u64; len.div_ceil(8)];
        // `dwVersion`, the first field of both item structs, says which
        // layout the caller expects (`CLUSTER_ENUM_ITEM_VERSION_1`,
        // `CLUSTER_GROUP_ENUM_ITEM_VERSION_1`).
        let mut first = [0u8; 8];
        first[..4].copy_from_slice(&ITEM_VERSION_1.to_ne_bytes());
        buf[0] = u64::from_ne_bytes(first);
        let (status, cb) = call(&mut buf)?;
        let needed = usize::try_from(cb).unwrap_or(usize::MAX);
        match status {
            ERROR_SUCCESS => return Ok(Some(buf)),
            ERROR_NO_MORE_ITEMS => return Ok(None),
            ERROR_MORE_DATA => {
                if needed > MAX_ENUM_ITEM_LEN {
                    return Err(Error::ReplyTooLarge { function, needed });
                }
                len = needed.max(len.saturating_mul(2)).min(MAX_ENUM_ITEM_LEN);
            }
            code => {
                return Err(Error::Api {
                    function,
                    error: Win32Error::from_code(code),
                });
            }
        }
    }
    Err(Error::ReplyNotSettled {
        function,
        tries: MAX_CONTROL_CALLS,
    })
}

/// The offsets of `CLUSTER_ENUM_ITEM`'s fields (`#[repr(C)]`: four u32s,
/// then pointers at pointer alignment).
mod layout {
    use std::mem::offset_of;
    use windows_sys::Win32::Networking::Clustering::CLUSTER_ENUM_ITEM as I;
    pub(super) const SIZE: usize = size_of::<I>();
    pub(super) const TYPE: usize = offset_of!(I, dwType);
    pub(super) const CB_ID: usize = offset_of!(I, cbId);
    pub(super) const ID: usize = offset_of!(I, lpszId);
    pub(super) const CB_NAME: usize = offset_of!(I, cbName);
    pub(super) const NAME: usize = offset_of!(I, lpszName);
}

/// An `*_ENUM_ITEM` a call wrote at the start of its buffer, read field by
/// field from a copy of the bytes. Its string pointers must point into the
/// buffer, after the header (where clusapi writes the strings), with their
/// byte counts inside it; anything else is [`Error::BadEnumItem`], never a
/// read outside the buffer.
pub(crate) struct ItemReader {
    bytes: Vec<u8>,
    base: usize,
    header: usize,
    function: &'static str,
}

impl ItemReader {
    /// `header` is the size of the item's struct; a buffer smaller than it
    /// is an error.
    pub(crate) fn new(buf: &[u64], header: usize, function: &'static str) -> Result<Self, Error> {
        let bytes: Vec<u8> = buf.iter().flat_map(|w| w.to_ne_bytes()).collect();
        let reader = Self {
            base: buf.as_ptr() as usize,
            bytes,
            header,
            function,
        };
        if reader.bytes.len() < header {
            return Err(reader.bad("the buffer is smaller than the item's header"));
        }
        Ok(reader)
    }

    pub(crate) fn bad(&self, detail: &'static str) -> Error {
        Error::BadEnumItem {
            function: self.function,
            detail,
        }
    }

    /// The u32 at `at` (a field offset inside the header).
    pub(crate) fn u32_at(&self, at: usize) -> u32 {
        let mut b = [0u8; 4];
        if let Some(src) = self.bytes.get(at..at + 4) {
            b.copy_from_slice(src);
        }
        u32::from_ne_bytes(b)
    }

    /// The i32 at `at` (a field offset inside the header).
    pub(crate) fn i32_at(&self, at: usize) -> i32 {
        i32::from_ne_bytes(self.u32_at(at).to_ne_bytes())
    }

    fn usize_at(&self, at: usize) -> usize {
        let mut b = [0u8; size_of::<usize>()];
        if let Some(src) = self.bytes.get(at..at + size_of::<usize>()) {
            b.copy_from_slice(src);
        }
        usize::from_ne_bytes(b)
    }

    /// The string whose pointer field is at `ptr_at` and byte count at
    /// `cb_at`; `None` for a NULL pointer.
    pub(crate) fn string(&self, ptr_at: usize, cb_at: usize) -> Result<Option<String>, Error> {
        let ptr = self.usize_at(ptr_at);
        if ptr == 0 {
            return Ok(None);
        }
        let cb = usize::try_from(self.u32_at(cb_at)).unwrap_or(usize::MAX);
        let offset = ptr
            .checked_sub(self.base)
            .filter(|o| *o >= self.header && o % 2 == 0)
            .ok_or_else(|| self.bad("a string pointer is outside the item buffer"))?;
        let slice = offset
            .checked_add(cb)
            .and_then(|end| self.bytes.get(offset..end))
            .ok_or_else(|| self.bad("a string runs past the end of the item buffer"))?;
        let units: Vec<u16> = slice
            .chunks_exact(2)
            .map(|p| u16::from_ne_bytes([p[0], p[1]]))
            .collect();
        Ok(Some(from_wide(&units)))
    }
}

/// The `CLUSTER_ENUM_*` mask for `kinds`.
fn mask(kinds: &[EnumKind]) -> u32 {
    kinds.iter().fold(0, |m, k| m | k.code())
}

impl Cluster {
    /// Enumerates the cluster's objects of the given kinds, with
    /// `ClusterOpenEnumEx` (entries with ids) when the library exports it,
    /// else with `ClusterOpenEnum`.
    ///
    /// ```
    /// use clusprop_ffi::{Cluster, EnumKind};
    /// let sim = clusprop_sim::SimCluster::new(&clusprop_sim::ClusterConfig::demo().named("doc-enum"))?;
    /// let cluster = Cluster::open_named(&sim.api(), sim.name())?;
    /// let groups: Vec<String> = cluster
    ///     .enumerate(&[EnumKind::Group])?
    ///     .map(|e| e.map(|e| e.name))
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(groups, ["DemoGroup"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn enumerate(&self, kinds: &[EnumKind]) -> Result<Enumeration, Error> {
        self.enumerate_with(kinds, true)
    }

    /// [`Cluster::enumerate`] through the older `ClusterOpenEnum` even when
    /// `ClusterOpenEnumEx` is there (entries without ids).
    pub fn enumerate_plain(&self, kinds: &[EnumKind]) -> Result<Enumeration, Error> {
        self.enumerate_with(kinds, false)
    }

    fn enumerate_with(&self, kinds: &[EnumKind], prefer_ex: bool) -> Result<Enumeration, Error> {
        let raw = self.named(self.raw.open_enum(mask(kinds), prefer_ex))?;
        Ok(Enumeration {
            raw,
            index: 0,
            done: false,
            group: false,
            owner: self
                .name()
                .map(|name| (ObjectType::Cluster, name.to_owned())),
        })
    }

    /// The names of the cluster's objects of one kind, collected.
    pub fn names(&self, kind: EnumKind) -> Result<Vec<String>, Error> {
        self.enumerate(&[kind])?
            .map(|e| e.map(|e| e.name))
            .collect()
    }
}

impl Group {
    /// Enumerates the group's resources (`ClusterGroupOpenEnum` with
    /// `CLUSTER_GROUP_ENUM_CONTAINS`).
    pub fn resources(&self) -> Result<Enumeration, Error> {
        self.enumerate_group(c::CLUSTER_GROUP_ENUM_CONTAINS as u32)
    }

    /// Enumerates the group's preferred owner nodes
    /// (`CLUSTER_GROUP_ENUM_NODES`).
    pub fn preferred_nodes(&self) -> Result<Enumeration, Error> {
        self.enumerate_group(c::CLUSTER_GROUP_ENUM_NODES as u32)
    }

    fn enumerate_group(&self, types: u32) -> Result<Enumeration, Error> {
        let raw = self.named(self.raw.open_enum(types))?;
        Ok(Enumeration {
            raw,
            index: 0,
            done: false,
            group: true,
            owner: Some((ObjectType::Group, self.name().to_owned())),
        })
    }
}

#[cfg(test)]
mod tests {

    /// Writes a `#[repr(C)]` struct into `$ptr` field by field: a whole-struct
    /// write would leave its padding bytes uninitialised in the caller's buffer,
    /// which the reader then copies as plain bytes (undefined behaviour, found
    /// by miri). Use inside an `unsafe` block, `$ptr` valid for the struct.
    macro_rules! write_fields {
    ($ptr:expr, $ty:ident { $($field:ident: $value:expr),* $(,)? }) => {{
        let target: *mut $ty = $ptr;
        $( std::ptr::addr_of_mut!((*target).$field).write($value); )*
    }};
}
    use std::cell::RefCell;

    use windows_sys::Win32::Networking::Clustering::{CLUSTER_ENUM_ITEM, HCLUSENUMEX, HCLUSTER};
    use windows_sys::core::{BOOL, PCWSTR};

    use super::*;
    use crate::{ClusApi, Functions};

    thread_local! {
        /// The sizes each fake `ClusterEnumEx` call was given, and how the
        /// fake answers.
        static CALLS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
        static MODE: RefCell<Fake> = const { RefCell::new(Fake::Exact(0)) };
        static CLOSES: RefCell<u32> = const { RefCell::new(0) };
        /// The `dwVersion` each call found in the buffer.
        static VERSIONS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    }

    #[derive(Clone, Copy)]
    enum Fake {
        /// A well-formed item needing this many bytes (at least the header
        /// and the two strings).
        Exact(u32),
        /// `ERROR_MORE_DATA` with this size, every time.
        AlwaysMore(u32),
        /// `ERROR_MORE_DATA` with one byte more than the buffer, every time.
        OneMore,
        /// A success whose name points before the buffer.
        WildPointer,
        /// A success whose name's byte count runs past the buffer.
        LongCount,
    }

    extern "system" fn open(_: PCWSTR) -> HCLUSTER {
        0x10
    }
    extern "system" fn close(_: HCLUSTER) -> BOOL {
        1
    }
    extern "system" fn open_enum(_: HCLUSTER, _: u32, _: *const std::ffi::c_void) -> HCLUSENUMEX {
        0x30
    }
    extern "system" fn close_enum(h: HCLUSENUMEX) -> u32 {
        assert_eq!(h, 0x30);
        CLOSES.with(|c| *c.borrow_mut() += 1);
        0
    }

    const NAME: [u16; 3] = [b'N' as u16, b'1' as u16, 0];

    /// # Safety
    ///
    /// As `ClusterEnumEx`.
    unsafe extern "system" fn enum_ex(
        _: HCLUSENUMEX,
        index: u32,
        item: *mut CLUSTER_ENUM_ITEM,
        cb: *mut u32,
    ) -> u32 {
        if index > 0 {
            return ERROR_NO_MORE_ITEMS;
        }
        // SAFETY: the caller passes a readable and writable count.
        let have = unsafe { cb.read() };
        // SAFETY: the buffer holds at least the header (the first buffer is
        // larger than it, and buffers only grow).
        let version = unsafe { (*item).dwVersion };
        VERSIONS.with(|v| v.borrow_mut().push(version));
        CALLS.with(|c| c.borrow_mut().push(have));
        let header = size_of::<CLUSTER_ENUM_ITEM>() as u32;
        let mode = MODE.with(|m| *m.borrow());
        let (needed, wild) = match mode {
            Fake::Exact(n) => (n.max(header + 6), false),
            Fake::AlwaysMore(n) => (n, false),
            Fake::OneMore => (have + 1, false),
            Fake::WildPointer => (header + 6, true),
            Fake::LongCount => (header + 6, false),
        };
        if have < needed {
            // SAFETY: as above.
            unsafe { cb.write(needed) };
            return ERROR_MORE_DATA;
        }
        // SAFETY: the buffer holds `have >= needed` bytes, aligned for the
        // header; the name goes right after it.
        unsafe {
            let name = item.cast::<u8>().add(header as usize).cast::<u16>();
            std::ptr::copy_nonoverlapping(NAME.as_ptr(), name, 3);
            write_fields!(
                item,
                CLUSTER_ENUM_ITEM {
                    dwVersion: 1,
                    dwType: 8,
                    cbId: 0,
                    lpszId: std::ptr::null_mut(),
                    cbName: if matches!(mode, Fake::LongCount) {
                        have
                    } else {
                        6
                    },
                    lpszName: if wild {
                        item.cast::<u16>().wrapping_sub(4)
                    } else {
                        name
                    },
                }
            );
        }
        ERROR_SUCCESS
    }

    fn run(mode: Fake) -> (Vec<Result<EnumEntry, Error>>, Vec<u32>, u32) {
        MODE.with(|m| *m.borrow_mut() = mode);
        CALLS.with(|c| c.borrow_mut().clear());
        CLOSES.with(|c| *c.borrow_mut() = 0);
        let mut f = Functions::EMPTY;
        f.open_cluster = Some(open);
        f.close_cluster = Some(close);
        f.cluster_open_enum_ex = Some(open_enum);
        f.cluster_enum_ex = Some(enum_ex);
        f.cluster_close_enum_ex = Some(close_enum);
        // SAFETY: the fakes have the prototypes and honour the contracts.
        let api = unsafe { ClusApi::from_table(f, "fake enum") };
        let cluster = Cluster::open_local(&api).unwrap();
        let got: Vec<_> = cluster.enumerate(&[EnumKind::Group]).unwrap().collect();
        (
            got,
            CALLS.with(|c| c.borrow().clone()),
            CLOSES.with(|c| *c.borrow()),
        )
    }

    fn group(name: &str) -> EnumEntry {
        EnumEntry {
            kind: Some(EnumKind::Group),
            raw_type: 8,
            name: name.to_owned(),
            id: None,
        }
    }

    #[test]
    fn an_item_that_fits_takes_one_call() {
        VERSIONS.with(|v| v.borrow_mut().clear());
        let (got, calls, closes) = run(Fake::Exact(0));
        assert_eq!(
            VERSIONS.with(|v| v.borrow().clone()),
            [1],
            "the caller sets dwVersion"
        );
        assert_eq!(got, [Ok(group("N1"))]);
        assert_eq!(calls, [FIRST_ITEM_LEN as u32]);
        assert_eq!(closes, 1);
    }

    #[test]
    fn grows_to_the_size_returned_and_at_least_double() {
        let (got, calls, closes) = run(Fake::Exact(5000));
        assert_eq!(got, [Ok(group("N1"))]);
        assert_eq!(calls, [256, 5000], "the exact size asked for");
        assert_eq!(closes, 1);
        let (got, calls, _) = run(Fake::Exact(257));
        assert_eq!(got, [Ok(group("N1"))]);
        assert_eq!(calls, [256, 512], "at least double");
    }

    #[test]
    fn growth_is_bounded_in_size_and_in_calls() {
        let (got, calls, closes) = run(Fake::AlwaysMore(u32::MAX));
        assert_eq!(
            got,
            [Err(Error::ReplyTooLarge {
                function: "ClusterEnumEx",
                needed: u32::MAX as usize
            })]
        );
        assert_eq!(calls.len(), 1);
        assert_eq!(closes, 1, "closed after an error too");
        let message = got[0].as_ref().unwrap_err().to_string();
        assert!(
            message.ends_with("more than the 1048576 bytes allowed"),
            "{message}"
        );
        let (got, calls, _) = run(Fake::OneMore);
        assert_eq!(
            got,
            [Err(Error::ReplyNotSettled {
                function: "ClusterEnumEx",
                tries: MAX_CONTROL_CALLS
            })]
        );
        assert_eq!(calls, [256, 512, 1024, 2048], "doubling, then the cap");
        let (got, _, _) = run(Fake::AlwaysMore(MAX_ENUM_ITEM_LEN as u32 + 1));
        assert!(matches!(got[..], [Err(Error::ReplyTooLarge { .. })]));
    }

    /// The largest size allowed is allowed. Not under miri: a 1 MiB item
    /// buffer takes it minutes there, and the pointer handling it would
    /// check is the same at every size (the other tests run under miri).
    #[test]
    #[cfg_attr(
        miri,
        ignore = "a 1 MiB buffer takes minutes under miri; the same code runs there at small sizes"
    )]
    fn the_largest_item_allowed_is_read() {
        let (got, calls, _) = run(Fake::AlwaysMore(MAX_ENUM_ITEM_LEN as u32));
        assert_eq!(got, [Ok(group("N1"))]);
        assert_eq!(calls, [256, MAX_ENUM_ITEM_LEN as u32]);
    }

    #[test]
    fn a_pointer_outside_the_buffer_is_an_error_not_a_read() {
        let (got, _, closes) = run(Fake::WildPointer);
        assert_eq!(
            got,
            [Err(Error::BadEnumItem {
                function: "ClusterEnumEx",
                detail: "a string pointer is outside the item buffer"
            })]
        );
        assert_eq!(closes, 1);
        let (got, _, _) = run(Fake::LongCount);
        assert_eq!(
            got,
            [Err(Error::BadEnumItem {
                function: "ClusterEnumEx",
                detail: "a string runs past the end of the item buffer"
            })]
        );
    }

    #[test]
    fn kinds_map_to_their_clusapi_bits() {
        let codes: Vec<u32> = EnumKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, [1, 2, 4, 8, 16, 32]);
        assert!(
            EnumKind::ALL
                .iter()
                .all(|k| EnumKind::from_code(k.code()) == Some(*k))
        );
        assert_eq!(EnumKind::from_code(64), None);
        assert_eq!(group_kind(1), Some(EnumKind::Resource));
        assert_eq!(group_kind(2), Some(EnumKind::Node));
    }
}
