//! A clusapi that answers every name query with `ERROR_MORE_DATA` and a size
//! that is never enough (one unit more than the buffer it was given): the
//! name reads of `Group::state_and_node`, `Resource::state_and_node` and
//! `Resource::group_name` make a bounded number of calls, each with a
//! buffer at least twice the last, and end with a typed error.

use std::cell::RefCell;

use clusprop_ffi::{ClusApi, Cluster, Error, Functions, MAX_NAME_CALLS, ObjectType};

const ERROR_MORE_DATA: u32 = 234;

thread_local! {
    static LAST_ERROR: RefCell<u32> = const { RefCell::new(0) };
    /// The buffer sizes (in units) each name query was given.
    static SIZES: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

extern "system" fn open_cluster(_name: *const u16) -> isize {
    0x100
}

extern "system" fn close(_handle: isize) -> i32 {
    1
}

extern "system" fn open_object(_cluster: isize, _name: *const u16) -> isize {
    0x200
}

extern "system" fn get_last_error() -> u32 {
    LAST_ERROR.with(|e| *e.borrow())
}

/// Answers "one unit more than you gave me" (the count excludes the NUL,
/// so the buffer's own length is one short).
///
/// # Safety
///
/// `count` is NULL or a readable, writable u32.
unsafe fn too_small(count: *mut u32) -> bool {
    if count.is_null() {
        return false;
    }
    // SAFETY: non-NULL, readable and writable per this function's contract.
    let given = unsafe { count.read() };
    SIZES.with(|s| s.borrow_mut().push(given));
    // SAFETY: as above.
    unsafe { count.write(given) };
    true
}

unsafe extern "system" fn group_state(_group: isize, _name: *mut u16, count: *mut u32) -> i32 {
    // SAFETY: the caller passes NULL or a live u32 (clusapi contract).
    if unsafe { too_small(count) } {
        LAST_ERROR.with(|e| *e.borrow_mut() = ERROR_MORE_DATA);
        return -1;
    }
    0
}

unsafe extern "system" fn resource_state(
    _resource: isize,
    _node: *mut u16,
    node_count: *mut u32,
    _group: *mut u16,
    group_count: *mut u32,
) -> i32 {
    // SAFETY: the caller passes NULL or live u32s (clusapi contract).
    let short = unsafe { too_small(node_count) } | unsafe { too_small(group_count) };
    if short {
        LAST_ERROR.with(|e| *e.borrow_mut() = ERROR_MORE_DATA);
        return -1;
    }
    2
}

fn api() -> ClusApi {
    let mut f = Functions::EMPTY;
    f.open_cluster = Some(open_cluster);
    f.close_cluster = Some(close);
    f.open_cluster_group = Some(open_object);
    f.close_cluster_group = Some(close);
    f.open_cluster_resource = Some(open_object);
    f.close_cluster_resource = Some(close);
    f.get_cluster_group_state = Some(group_state);
    f.get_cluster_resource_state = Some(resource_state);
    f.get_last_error = Some(get_last_error);
    // SAFETY: every entry has its clusapi prototype and keeps its contract
    // (reads and writes only through the pointers it is given, within the
    // counts); `fn` items live for the whole program.
    unsafe { ClusApi::from_table(f, "always ERROR_MORE_DATA") }
}

#[track_caller]
fn bounded(
    result: Result<impl std::fmt::Debug, Error>,
    function: &'static str,
    object: (ObjectType, &str),
) {
    let sizes = SIZES.with(|s| std::mem::take(&mut *s.borrow_mut()));
    let error = result.unwrap_err();
    assert_eq!(error.object(), Some(object), "{error}");
    assert_eq!(
        error.into_inner(),
        Error::ReplyNotSettled {
            function,
            tries: MAX_NAME_CALLS
        }
    );
    assert_eq!(sizes.len(), MAX_NAME_CALLS as usize, "{sizes:?}");
    assert!(sizes.windows(2).all(|w| w[1] >= 2 * w[0]), "{sizes:?}");
}

#[test]
fn name_queries_that_never_settle_are_bounded() {
    let api = api();
    let cluster = Cluster::open_named(&api, "fake").unwrap();
    let group = cluster.open_group("g").unwrap();
    let g = (ObjectType::Group, "g");
    bounded(group.state_and_node(), "GetClusterGroupState", g);
    let resource = cluster.open_resource("r").unwrap();
    let r = (ObjectType::Resource, "r");
    bounded(resource.state_and_node(), "GetClusterResourceState", r);
    bounded(resource.group_name(), "GetClusterResourceState", r);
}
