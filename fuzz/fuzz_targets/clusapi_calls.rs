//! Arbitrary sequences of clusapi calls through the function table
//! (`clusprop_ffi::Functions`) against the in-process simulator: opens and
//! closes of every handle kind (also of closed, foreign and made-up
//! handles), control codes with arbitrary input buffers and reply sizes, the
//! `*Ex` calls with arbitrary instruction buffers (NULL with a size too),
//! state queries with arbitrary name buffers, and short waits.
//!
//! Checked: never a panic; every handle the sequence opened is closed exactly
//! once at the end (the simulator's open-handle count returns to zero, and
//! its count of invalid closes equals the closes of already-closed handles
//! the sequence made); a call that is rejected (a control code other than
//! success, an `*Ex` call other than success or pending) while the cluster
//! is idle changes nothing: states, owners and every property store read
//! back the same.
#![no_main]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use arbitrary::Arbitrary;
use clusprop::offline::{OfflineInstructions, VmAction};
use clusprop_ffi::{
    Cluster, Functions, ObjectType, PropertyKind, WaitOptions, WaitTarget, WritableKind,
};
use clusprop_sim::config::{DEMO_DISK, DEMO_GROUP, DEMO_NODES, DEMO_VM};
use clusprop_sim::{CallerAccess, ClusterConfig, SimCluster};
use libfuzzer_sys::fuzz_target;

const ERROR_SUCCESS: u32 = 0;
const ERROR_IO_PENDING: u32 = 997;
const ERROR_RESOURCE_PROPERTIES_STORED: u32 = 5024;
/// Longest buffer the target allocates for a reply or a name.
const MAX_BUFFER: usize = 1 << 16;
/// Largest property store a snapshot reads.
const MAX_STORE: usize = 16 << 20;
/// Most calls one input makes.
const MAX_CALLS: usize = 64;

#[derive(Arbitrary, Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Cluster,
    Group,
    Node,
    Resource,
}

impl Kind {
    fn object(self) -> ObjectType {
        match self {
            Kind::Cluster => ObjectType::Cluster,
            Kind::Group => ObjectType::Group,
            Kind::Node => ObjectType::Node,
            Kind::Resource => ObjectType::Resource,
        }
    }
}

/// A name given to an `Open*` call.
#[derive(Arbitrary, Debug)]
enum NameArg {
    /// One of the cluster's real names of that kind, in a case the input picks.
    Known { index: u8, upper: bool },
    /// Any text (cut at a NUL).
    Text(String),
    /// A NULL pointer.
    Null,
}

/// The handle a call is given.
#[derive(Arbitrary, Debug)]
enum HandleArg {
    /// One this sequence holds open (of any kind: the call may be the wrong one).
    Open { kind: Kind, slot: u8 },
    /// One this sequence closed before.
    Closed(u8),
    /// A made-up value.
    Value(isize),
}

/// An input buffer and the size the call is told.
#[derive(Arbitrary, Debug)]
enum InputArg {
    Bytes(Vec<u8>),
    /// The start of the bytes only: the size says fewer than there are.
    Shorter {
        bytes: Vec<u8>,
        size: u16,
    },
    /// NULL with a size: nothing may be read.
    NullWithSize(u32),
    /// A valid offline instruction list.
    Instructions {
        action: u8,
        all_types: bool,
    },
}

impl InputArg {
    /// The bytes to point at (`None`: NULL) and the size to pass.
    fn materialise(&self) -> (Option<Vec<u8>>, u32) {
        match self {
            InputArg::Bytes(b) => {
                let b = b.clone();
                let len = u32::try_from(b.len()).unwrap_or(u32::MAX);
                (Some(b), len)
            }
            InputArg::Shorter { bytes, size } => {
                let len = usize::from(*size).min(bytes.len());
                (Some(bytes.clone()), len as u32)
            }
            InputArg::NullWithSize(size) => (None, *size),
            InputArg::Instructions { action, all_types } => {
                let action = VmAction::ALL[usize::from(*action) % VmAction::ALL.len()];
                let list = if *all_types {
                    OfflineInstructions::new().all_vm_types(action)
                } else {
                    OfflineInstructions::new().virtual_machine(action)
                };
                let bytes = list.to_vec().unwrap_or_default();
                let len = bytes.len() as u32;
                (Some(bytes), len)
            }
        }
    }
}

/// A control code.
#[derive(Arbitrary, Debug)]
enum CodeArg {
    Get(u8),
    Set(bool),
    Validate(bool),
    Raw(u32),
}

impl CodeArg {
    fn code(&self, object: ObjectType) -> u32 {
        let kinds = [
            PropertyKind::Common,
            PropertyKind::ReadOnlyCommon,
            PropertyKind::Private,
            PropertyKind::ReadOnlyPrivate,
        ];
        let writable = |private: bool| {
            if private {
                WritableKind::Private
            } else {
                WritableKind::Common
            }
        };
        match *self {
            CodeArg::Get(k) => object.get_code(kinds[usize::from(k) % 4]),
            CodeArg::Set(p) => object.set_code(writable(p)),
            CodeArg::Validate(p) => object.validate_code(writable(p)),
            CodeArg::Raw(code) => code,
        }
    }
}

#[derive(Arbitrary, Debug)]
enum GroupOp {
    Offline,
    Online,
    Move,
}

#[derive(Arbitrary, Debug)]
enum Call {
    Open {
        kind: Kind,
        /// The cluster handle for group, node and resource opens.
        cluster: HandleArg,
        name: NameArg,
        /// `Some`: the `*Ex` variant with this desired access.
        access: Option<u32>,
    },
    /// Closes a handle this sequence holds, with the close function of `with`.
    Close {
        kind: Kind,
        slot: u8,
        with: Kind,
    },
    /// Closes a handle that is closed already (counted by the simulator).
    CloseAgain {
        slot: u8,
    },
    /// Closes a made-up value.
    CloseValue {
        with: Kind,
        value: isize,
    },
    Control {
        kind: Kind,
        target: HandleArg,
        host: Option<HandleArg>,
        code: CodeArg,
        input: InputArg,
        out_len: u16,
        out_null: bool,
        returned_null: bool,
    },
    GroupEx {
        op: GroupOp,
        group: HandleArg,
        node: Option<HandleArg>,
        flags: u32,
        input: InputArg,
    },
    ResourceEx {
        online: bool,
        resource: HandleArg,
        flags: u32,
        input: InputArg,
    },
    GroupState {
        group: HandleArg,
        buffer: Option<u16>,
        count_null: bool,
    },
    ResourceState {
        resource: HandleArg,
        node_buffer: Option<u16>,
        group_buffer: Option<u16>,
    },
    Wait {
        ms: u8,
    },
    /// The ffi's own wait loop (`Group::wait` / `Resource::wait`, polling
    /// the state through the same table) with a timeout of a few ms; its
    /// handles are opened and closed within the call.
    FfiWait {
        resource: Option<u8>,
        target: u8,
        ms: u8,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    locked_vm: bool,
    fail_disk_offline: bool,
    read_only_caller: bool,
    calls: Vec<Call>,
}

/// The handles a sequence holds.
#[derive(Default)]
struct Handles {
    open: Vec<(Kind, isize)>,
    closed: Vec<(Kind, isize)>,
}

impl Handles {
    fn of(&self, kind: Kind, slot: u8) -> Option<isize> {
        let mine: Vec<isize> = self
            .open
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|&(_, h)| h)
            .collect();
        (!mine.is_empty()).then(|| mine[usize::from(slot) % mine.len()])
    }

    fn resolve(&self, arg: &HandleArg) -> isize {
        match *arg {
            HandleArg::Open { kind, slot } => self.of(kind, slot).unwrap_or(0),
            HandleArg::Closed(slot) => {
                if self.closed.is_empty() {
                    0
                } else {
                    self.closed[usize::from(slot) % self.closed.len()].1
                }
            }
            HandleArg::Value(v) => v,
        }
    }
}

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16()
        .take_while(|&u| u != 0)
        .chain([0])
        .collect()
}

/// Closes `handle` with the close function for `with`.
fn close(f: &Functions, with: Kind, handle: isize) -> bool {
    // SAFETY: the close functions take any handle value; the simulator looks
    // it up and never dereferences it.
    unsafe {
        match with {
            Kind::Cluster => f.close_cluster.expect("CloseCluster")(handle) != 0,
            Kind::Group => f.close_cluster_group.expect("CloseClusterGroup")(handle) != 0,
            Kind::Node => f.close_cluster_node.expect("CloseClusterNode")(handle) != 0,
            Kind::Resource => f.close_cluster_resource.expect("CloseClusterResource")(handle) != 0,
        }
    }
}

/// A control call with a reply buffer of `out_len` bytes (NULL when asked).
#[allow(clippy::too_many_arguments)]
fn control(
    f: &Functions,
    kind: Kind,
    handle: isize,
    host: isize,
    code: u32,
    input: Option<&[u8]>,
    in_size: u32,
    out: Option<&mut [u8]>,
    returned: Option<&mut u32>,
) -> u32 {
    let function = match kind {
        Kind::Cluster => f.cluster_control,
        Kind::Group => f.cluster_group_control,
        Kind::Node => f.cluster_node_control,
        Kind::Resource => f.cluster_resource_control,
    }
    .expect("the simulator has every control function");
    let (in_ptr, in_size) = match input {
        Some(b) => (b.as_ptr().cast(), in_size.min(b.len() as u32)),
        None => (std::ptr::null(), in_size),
    };
    let (out_ptr, out_size) = match out {
        Some(b) => (b.as_mut_ptr().cast(), b.len() as u32),
        None => (std::ptr::null_mut(), 0),
    };
    let returned = returned.map_or(std::ptr::null_mut(), std::ptr::from_mut);
    // SAFETY: the input is NULL (with any size: the simulator must not read
    // it) or a live buffer of at least `in_size` bytes; the output is NULL
    // with size 0 or a live, writable buffer of its size; `returned` is NULL
    // or a live u32.
    unsafe {
        function(
            handle, host, code, in_ptr, in_size, out_ptr, out_size, returned,
        )
    }
}

/// Everything a rejected call must leave alone: states, owners, and every
/// property store of every object, read through observer handles.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    states: Vec<String>,
    stores: Vec<(u32, Vec<u8>)>,
}

struct Observer {
    objects: Vec<(Kind, isize)>,
}

impl Observer {
    fn snapshot(&self, f: &Functions, sim: &SimCluster) -> Snapshot {
        let states = vec![
            format!("{:?}", sim.group_state(DEMO_GROUP)),
            format!("{:?}", sim.group_owner(DEMO_GROUP)),
            format!("{:?}", sim.resource_state(DEMO_VM)),
            format!("{:?}", sim.resource_state(DEMO_DISK)),
        ];
        let mut stores = Vec::new();
        let kinds = [
            PropertyKind::Common,
            PropertyKind::ReadOnlyCommon,
            PropertyKind::Private,
            PropertyKind::ReadOnlyPrivate,
        ];
        for &(kind, handle) in &self.objects {
            for k in kinds {
                let code = kind.object().get_code(k);
                let mut out = vec![0u8; 1024];
                let mut returned = 0u32;
                let mut status = 0;
                for _ in 0..2 {
                    status = control(
                        f,
                        kind,
                        handle,
                        0,
                        code,
                        None,
                        0,
                        Some(&mut out),
                        Some(&mut returned),
                    );
                    let needed = returned as usize;
                    if needed <= out.len() || needed > MAX_STORE {
                        break;
                    }
                    out = vec![0u8; needed];
                }
                out.truncate((returned as usize).min(out.len()));
                stores.push((status, out));
            }
        }
        Snapshot { states, stores }
    }
}

static CLUSTERS: AtomicU64 = AtomicU64::new(0);

fn config(input: &Input) -> ClusterConfig {
    let name = format!(
        "fuzz-{}-{}",
        std::process::id(),
        CLUSTERS.fetch_add(1, Ordering::Relaxed)
    );
    let mut config = ClusterConfig::demo().named(&name);
    for group in &mut config.groups {
        for resource in &mut group.resources {
            resource.delay = Duration::ZERO;
            if resource.name == DEMO_VM {
                resource.locked = input.locked_vm;
            }
            if resource.name == DEMO_DISK {
                resource.fail_offline = input.fail_disk_offline;
            }
        }
    }
    if input.read_only_caller {
        config = config.caller_access(CallerAccess::Read);
    }
    config
}

fn known_name(kind: Kind, cluster: &str, index: u8) -> String {
    let names: &[&str] = match kind {
        Kind::Cluster => &[cluster][..],
        Kind::Group => &[DEMO_GROUP][..],
        Kind::Node => &DEMO_NODES[..],
        Kind::Resource => &[DEMO_VM, DEMO_DISK][..],
    };
    names[usize::from(index) % names.len()].to_owned()
}

fn open(
    f: &Functions,
    kind: Kind,
    cluster: isize,
    name: Option<&[u16]>,
    access: Option<u32>,
) -> isize {
    let name = name.map_or(std::ptr::null(), <[u16]>::as_ptr);
    let mut granted = 0u32;
    // SAFETY: `name` is NULL or a NUL-terminated UTF-16 string alive across
    // the call; `granted` is a live u32; handles are looked up, never
    // dereferenced.
    unsafe {
        match (kind, access) {
            (Kind::Cluster, None) => f.open_cluster.expect("OpenCluster")(name),
            (Kind::Cluster, Some(a)) => {
                f.open_cluster_ex.expect("OpenClusterEx")(name, a, &mut granted)
            }
            (Kind::Group, None) => f.open_cluster_group.expect("OpenClusterGroup")(cluster, name),
            (Kind::Group, Some(a)) => {
                f.open_cluster_group_ex.expect("OpenClusterGroupEx")(cluster, name, a, &mut granted)
            }
            (Kind::Node, None) => f.open_cluster_node.expect("OpenClusterNode")(cluster, name),
            (Kind::Node, Some(a)) => {
                f.open_cluster_node_ex.expect("OpenClusterNodeEx")(cluster, name, a, &mut granted)
            }
            (Kind::Resource, None) => {
                f.open_cluster_resource.expect("OpenClusterResource")(cluster, name)
            }
            (Kind::Resource, Some(a)) => {
                f.open_cluster_resource_ex.expect("OpenClusterResourceEx")(
                    cluster,
                    name,
                    a,
                    &mut granted,
                )
            }
        }
    }
}

/// A NULL or live name buffer of `len` units and its count.
fn name_buffer(len: Option<u16>) -> (Option<Vec<u16>>, u32) {
    match len {
        Some(n) => (Some(vec![0xAAAA; usize::from(n)]), u32::from(n)),
        None => (None, 0),
    }
}

fn run(input: Input) {
    let Ok(sim) = SimCluster::new(&config(&input)) else {
        return;
    };
    let api = sim.api();
    let f = api.functions();
    let cluster_name = sim.name().to_owned();

    // Observer handles for the snapshots: opened first, closed last.
    let mut observer = Observer {
        objects: Vec::new(),
    };
    let own = wide(&cluster_name);
    let root = open(f, Kind::Cluster, 0, Some(&own), None);
    assert_ne!(root, 0, "the cluster opens");
    observer.objects.push((Kind::Cluster, root));
    for (kind, name) in [
        (Kind::Group, DEMO_GROUP),
        (Kind::Node, DEMO_NODES[0]),
        (Kind::Node, DEMO_NODES[1]),
        (Kind::Resource, DEMO_VM),
        (Kind::Resource, DEMO_DISK),
    ] {
        let h = open(f, kind, root, Some(&wide(name)), None);
        assert_ne!(h, 0, "{name} opens");
        observer.objects.push((kind, h));
    }
    let base_handles = sim.open_handles();
    assert_eq!(base_handles, observer.objects.len());

    let mut handles = Handles::default();
    let mut second_closes = 0usize;

    for call in input.calls.into_iter().take(MAX_CALLS) {
        match call {
            Call::Open {
                kind,
                cluster,
                name,
                access,
            } => {
                let cluster = handles.resolve(&cluster);
                let text = match name {
                    NameArg::Known { index, upper } => {
                        let n = known_name(kind, &cluster_name, index);
                        Some(if upper {
                            n.to_uppercase()
                        } else {
                            n.to_lowercase()
                        })
                    }
                    NameArg::Text(t) => Some(t),
                    NameArg::Null => None,
                };
                let units = text.as_deref().map(wide);
                let before = sim.open_handles();
                let h = open(f, kind, cluster, units.as_deref(), access);
                if h != 0 {
                    // A new handle, never one already held.
                    assert!(handles.open.iter().all(|&(_, o)| o != h));
                    assert!(observer.objects.iter().all(|&(_, o)| o != h));
                    handles.open.push((kind, h));
                    // Counted against this cluster unless it opened another
                    // cluster (the NULL name opens the local one, if any).
                    let after = sim.open_handles();
                    assert!(after == before + 1 || (kind == Kind::Cluster && after == before));
                    if after == before {
                        // Not ours: close it at once (no accounting here).
                        handles.open.pop();
                        assert!(close(f, Kind::Cluster, h));
                    }
                } else {
                    assert_eq!(sim.open_handles(), before, "a failed open opened something");
                }
            }
            Call::Close { kind, slot, with } => {
                let Some(h) = handles.of(kind, slot) else {
                    continue;
                };
                let before = sim.open_handles();
                let ok = close(f, with, h);
                assert_eq!(ok, kind == with, "closing a {kind:?} handle as a {with:?}");
                if ok {
                    handles.open.retain(|&(_, o)| o != h);
                    handles.closed.push((kind, h));
                    assert_eq!(sim.open_handles(), before - 1);
                } else {
                    assert_eq!(sim.open_handles(), before);
                }
            }
            Call::CloseAgain { slot } => {
                if handles.closed.is_empty() {
                    continue;
                }
                let (kind, h) = handles.closed[usize::from(slot) % handles.closed.len()];
                assert!(!close(f, kind, h), "a second close succeeded");
                second_closes += 1;
            }
            Call::CloseValue { with, value } => {
                let known = handles
                    .open
                    .iter()
                    .chain(&handles.closed)
                    .any(|&(_, o)| o == value)
                    || observer.objects.iter().any(|&(_, o)| o == value);
                if known {
                    continue;
                }
                assert!(!close(f, with, value), "closing a made-up handle succeeded");
            }
            Call::Control {
                kind,
                target,
                host,
                code,
                input,
                out_len,
                out_null,
                returned_null,
            } => {
                let handle = handles.resolve(&target);
                let host = host.as_ref().map_or(0, |h| handles.resolve(h));
                let code = code.code(kind.object());
                let (bytes, in_size) = input.materialise();
                let mut out = vec![0u8; usize::from(out_len).min(MAX_BUFFER)];
                let mut returned = 0u32;
                let idle = sim.wait_idle(Duration::ZERO);
                let before = idle.then(|| observer.snapshot(f, &sim));
                let status = control(
                    f,
                    kind,
                    handle,
                    host,
                    code,
                    bytes.as_deref(),
                    in_size,
                    (!out_null).then_some(&mut out[..]),
                    (!returned_null).then_some(&mut returned),
                );
                let rejected =
                    status != ERROR_SUCCESS && status != ERROR_RESOURCE_PROPERTIES_STORED;
                if let (true, Some(before)) = (rejected, before) {
                    assert_eq!(
                        observer.snapshot(f, &sim),
                        before,
                        "control code {code:#x} was rejected ({status}) but changed the cluster"
                    );
                }
            }
            Call::GroupEx {
                op,
                group,
                node,
                flags,
                input,
            } => {
                let group = handles.resolve(&group);
                let node = node.as_ref().map_or(0, |h| handles.resolve(h));
                let (bytes, size) = input.materialise();
                let ptr = bytes.as_ref().map_or(std::ptr::null(), |b| b.as_ptr());
                let size = match &bytes {
                    Some(b) => size.min(b.len() as u32),
                    None => size,
                };
                let idle = sim.wait_idle(Duration::ZERO);
                let before = idle.then(|| observer.snapshot(f, &sim));
                // SAFETY: `ptr` is NULL (any size: nothing may be read) or a
                // live buffer of at least `size` bytes.
                let status = unsafe {
                    match op {
                        GroupOp::Offline => {
                            f.offline_cluster_group_ex.expect("OfflineClusterGroupEx")(
                                group, flags, ptr, size,
                            )
                        }
                        GroupOp::Online => {
                            f.online_cluster_group_ex.expect("OnlineClusterGroupEx")(
                                group, node, flags, ptr, size,
                            )
                        }
                        GroupOp::Move => f.move_cluster_group_ex.expect("MoveClusterGroupEx")(
                            group, node, flags, ptr, size,
                        ),
                    }
                };
                check_rejected(status, before, &observer, f, &sim);
            }
            Call::ResourceEx {
                online,
                resource,
                flags,
                input,
            } => {
                let resource = handles.resolve(&resource);
                let (bytes, size) = input.materialise();
                let ptr = bytes.as_ref().map_or(std::ptr::null(), |b| b.as_ptr());
                let size = match &bytes {
                    Some(b) => size.min(b.len() as u32),
                    None => size,
                };
                let idle = sim.wait_idle(Duration::ZERO);
                let before = idle.then(|| observer.snapshot(f, &sim));
                // SAFETY: as for the group calls.
                let status = unsafe {
                    if online {
                        f.online_cluster_resource_ex
                            .expect("OnlineClusterResourceEx")(
                            resource, flags, ptr, size
                        )
                    } else {
                        f.offline_cluster_resource_ex
                            .expect("OfflineClusterResourceEx")(
                            resource, flags, ptr, size
                        )
                    }
                };
                check_rejected(status, before, &observer, f, &sim);
            }
            Call::GroupState {
                group,
                buffer,
                count_null,
            } => {
                let group = handles.resolve(&group);
                let (mut buf, mut count) = name_buffer(buffer);
                let buf_ptr = buf
                    .as_mut()
                    .map_or(std::ptr::null_mut(), |b| b.as_mut_ptr());
                let count_ptr = if count_null && buf.is_none() {
                    std::ptr::null_mut()
                } else {
                    &mut count
                };
                // SAFETY: the name buffer is NULL or holds `count` units; the
                // count is NULL only together with a NULL buffer.
                let _ = unsafe {
                    f.get_cluster_group_state.expect("GetClusterGroupState")(
                        group, buf_ptr, count_ptr,
                    )
                };
                if let Some(b) = &buf {
                    // Written within the buffer only: it cannot have grown.
                    assert_eq!(b.len(), usize::from(buffer.unwrap_or(0)));
                }
            }
            Call::ResourceState {
                resource,
                node_buffer,
                group_buffer,
            } => {
                let resource = handles.resolve(&resource);
                let (mut node, mut node_count) = name_buffer(node_buffer);
                let (mut group, mut group_count) = name_buffer(group_buffer);
                let node_ptr = node
                    .as_mut()
                    .map_or(std::ptr::null_mut(), |b| b.as_mut_ptr());
                let group_ptr = group
                    .as_mut()
                    .map_or(std::ptr::null_mut(), |b| b.as_mut_ptr());
                // SAFETY: each name buffer is NULL or holds its count of
                // units; the counts are live u32s.
                let _ = unsafe {
                    f.get_cluster_resource_state
                        .expect("GetClusterResourceState")(
                        resource,
                        node_ptr,
                        &mut node_count,
                        group_ptr,
                        &mut group_count,
                    )
                };
            }
            Call::Wait { ms } => {
                let _ = sim.wait_idle(Duration::from_millis(u64::from(ms % 8)));
            }
            Call::FfiWait {
                resource,
                target,
                ms,
            } => {
                let before = sim.open_handles();
                let target = [WaitTarget::Offline, WaitTarget::Online, WaitTarget::Moved]
                    [usize::from(target) % 3];
                let options = WaitOptions::with_timeout(Duration::from_millis(u64::from(ms % 8)))
                    .intervals(Duration::from_millis(1), Duration::from_millis(2));
                if let Ok(cluster) = Cluster::open_named(&api, &cluster_name) {
                    let _ = match resource {
                        Some(i) => cluster
                            .open_resource(&known_name(Kind::Resource, &cluster_name, i))
                            .and_then(|r| r.wait(target, &options).map(|s| format!("{s:?}"))),
                        None => cluster
                            .open_group(DEMO_GROUP)
                            .and_then(|g| g.wait(target, &options).map(|s| format!("{s:?}"))),
                    };
                }
                assert_eq!(
                    sim.open_handles(),
                    before,
                    "the ffi's handles were not closed"
                );
            }
        }
    }

    // Every handle closed exactly once, with its own close function.
    for (kind, h) in handles.open.drain(..).chain(observer.objects.drain(..)) {
        assert!(close(f, kind, h), "closing an open {kind:?} handle failed");
    }
    assert_eq!(sim.open_handles(), 0, "handles left open");
    assert_eq!(
        sim.invalid_closes(),
        second_closes,
        "the simulator counted other invalid closes than the sequence made"
    );
    // Operations still running stop when the cluster is dropped; give them
    // a moment so threads do not pile up across inputs.
    let _ = sim.wait_idle(Duration::from_millis(200));
}

fn check_rejected(
    status: u32,
    before: Option<Snapshot>,
    observer: &Observer,
    f: &Functions,
    sim: &SimCluster,
) {
    if status == ERROR_SUCCESS || status == ERROR_IO_PENDING {
        return;
    }
    if let Some(before) = before {
        assert_eq!(
            observer.snapshot(f, sim),
            before,
            "an *Ex call was rejected ({status}) but changed the cluster"
        );
    }
}

fuzz_target!(|input: Input| {
    run(input);
});
