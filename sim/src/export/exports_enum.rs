//! The enumeration exports: `ClusterOpenEnum(Ex)`, `ClusterEnum(Ex)`,
//! `ClusterCloseEnum(Ex)` and their `ClusterGroup*` counterparts.

use windows_sys::Win32::Foundation as w;
use windows_sys::Win32::Networking::Clustering::{
    CLUSTER_ENUM_ITEM, CLUSTER_ENUM_ITEM_VERSION_1, CLUSTER_GROUP_ENUM_ITEM,
    CLUSTER_GROUP_ENUM_ITEM_VERSION_1, HCLUSENUM, HCLUSENUMEX, HCLUSTER, HGROUP, HGROUPENUM,
    HGROUPENUMEX,
};
use windows_sys::core::{PCWSTR, PWSTR};

use super::args::{opened, write_name, write_opt};
use crate::model::{self, HandleKind};

/// `ClusterOpenEnumEx`: an enumeration of the cluster's objects of the
/// `CLUSTER_ENUM_*` types in `dwtype`, taken when it is opened. NULL with
/// the last error set on failure (`ERROR_INVALID_PARAMETER` for type bits
/// outside `CLUSTER_ENUM_ALL` or non-NULL options).
#[unsafe(no_mangle)]
pub extern "system" fn ClusterOpenEnumEx(
    hcluster: HCLUSTER,
    dwtype: u32,
    poptions: *const std::ffi::c_void,
) -> HCLUSENUMEX {
    let result = if poptions.is_null() {
        model::open_cluster_enum(hcluster, dwtype, HandleKind::ClusterEnumEx)
    } else {
        Err(w::ERROR_INVALID_PARAMETER)
    };
    opened(result.map(|h| (h, 0)), std::ptr::null_mut())
}

/// The bytes a `CLUSTER_ENUM_ITEM` for `item` needs: the header, then the
/// id and the name, each NUL-terminated.
fn item_size(id: &[u16], name: &[u16]) -> usize {
    size_of::<CLUSTER_ENUM_ITEM>() + (id.len() + 1) * 2 + (name.len() + 1) * 2
}

/// `ClusterEnumEx`: entry `dwindex` as a `CLUSTER_ENUM_ITEM` with its
/// strings after the header in the caller's buffer. `ERROR_MORE_DATA` with
/// the size needed in `*cbitem` when the buffer is NULL or too small;
/// `ERROR_NO_MORE_ITEMS` past the end.
///
/// # Safety
///
/// `cbitem` is a readable and writable `u32`; `pitem` is NULL or writable
/// for `*cbitem` bytes and aligned for `CLUSTER_ENUM_ITEM`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn ClusterEnumEx(
    hclusterenum: HCLUSENUMEX,
    dwindex: u32,
    pitem: *mut CLUSTER_ENUM_ITEM,
    cbitem: *mut u32,
) -> u32 {
    if cbitem.is_null() {
        return w::ERROR_INVALID_PARAMETER;
    }
    let item = match model::enum_item(hclusterenum, HandleKind::ClusterEnumEx, dwindex) {
        Ok(Some(item)) => item,
        Ok(None) => return w::ERROR_NO_MORE_ITEMS,
        Err(code) => return code,
    };
    let id: Vec<u16> = item.id.encode_utf16().collect();
    let name: Vec<u16> = item.name.encode_utf16().collect();
    let needed = item_size(&id, &name);
    // SAFETY: non-NULL, readable and writable per the contract.
    let capacity = usize::try_from(unsafe { cbitem.read() }).unwrap_or(usize::MAX);
    let needed_u32 = u32::try_from(needed).unwrap_or(u32::MAX);
    if pitem.is_null() || capacity < needed {
        // SAFETY: as above.
        unsafe { cbitem.write(needed_u32) };
        return w::ERROR_MORE_DATA;
    }
    let base = pitem.cast::<u8>();
    // SAFETY: the buffer holds `capacity >= needed` bytes: the header, then
    // the id at offset `size_of::<CLUSTER_ENUM_ITEM>()` (even, so aligned for
    // u16 in an aligned buffer) and the name after it, each with its NUL.
    unsafe {
        let id_ptr = base.add(size_of::<CLUSTER_ENUM_ITEM>()).cast::<u16>();
        std::ptr::copy_nonoverlapping(id.as_ptr(), id_ptr, id.len());
        id_ptr.add(id.len()).write(0);
        let name_ptr = id_ptr.add(id.len() + 1);
        std::ptr::copy_nonoverlapping(name.as_ptr(), name_ptr, name.len());
        name_ptr.add(name.len()).write(0);
        write_fields!(
            pitem,
            CLUSTER_ENUM_ITEM {
                dwVersion: CLUSTER_ENUM_ITEM_VERSION_1,
                dwType: item.kind,
                cbId: u32::try_from((id.len() + 1) * 2).unwrap_or(u32::MAX),
                lpszId: id_ptr,
                cbName: u32::try_from((name.len() + 1) * 2).unwrap_or(u32::MAX),
                lpszName: name_ptr,
            }
        );
        cbitem.write(needed_u32);
    }
    w::ERROR_SUCCESS
}

/// `ClusterCloseEnumEx`: `ERROR_INVALID_HANDLE` for a handle that is not an
/// open `ClusterOpenEnumEx` enumeration (a second close is counted).
#[unsafe(no_mangle)]
pub extern "system" fn ClusterCloseEnumEx(hclusterenum: HCLUSENUMEX) -> u32 {
    close_code(model::close(hclusterenum, HandleKind::ClusterEnumEx))
}

fn close_code(result: Result<(), u32>) -> u32 {
    result.err().unwrap_or(w::ERROR_SUCCESS)
}

/// `ClusterGroupOpenEnumEx`: the groups with state and owner node (no
/// properties: non-empty property lists or non-zero flags are
/// `ERROR_INVALID_PARAMETER`).
#[unsafe(no_mangle)]
pub extern "system" fn ClusterGroupOpenEnumEx(
    hcluster: HCLUSTER,
    lpszproperties: PCWSTR,
    cbproperties: u32,
    lpszroproperties: PCWSTR,
    cbroproperties: u32,
    dwflags: u32,
) -> HGROUPENUMEX {
    let properties = !lpszproperties.is_null()
        || cbproperties != 0
        || !lpszroproperties.is_null()
        || cbroproperties != 0;
    let result = model::open_group_enum_ex(hcluster, properties, dwflags);
    opened(result.map(|h| (h, 0)), std::ptr::null_mut())
}

/// `ClusterGroupEnumEx`: group `dwindex` as a `CLUSTER_GROUP_ENUM_ITEM`
/// (id, name and owner node after the header, no properties), with the
/// `ClusterEnumEx` size rules.
///
/// # Safety
///
/// `cbitem` is a readable and writable `u32`; `pitem` is NULL or writable
/// for `*cbitem` bytes and aligned for `CLUSTER_GROUP_ENUM_ITEM`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn ClusterGroupEnumEx(
    hgroupenumex: HGROUPENUMEX,
    dwindex: u32,
    pitem: *mut CLUSTER_GROUP_ENUM_ITEM,
    cbitem: *mut u32,
) -> u32 {
    if cbitem.is_null() {
        return w::ERROR_INVALID_PARAMETER;
    }
    let item = match model::enum_item(hgroupenumex, HandleKind::GroupEnumEx, dwindex) {
        Ok(Some(item)) => item,
        Ok(None) => return w::ERROR_NO_MORE_ITEMS,
        Err(code) => return code,
    };
    let id: Vec<u16> = item.id.encode_utf16().collect();
    let name: Vec<u16> = item.name.encode_utf16().collect();
    let owner: Vec<u16> = item.owner.encode_utf16().collect();
    let header = size_of::<CLUSTER_GROUP_ENUM_ITEM>();
    let needed = header + (id.len() + 1) * 2 + (name.len() + 1) * 2 + (owner.len() + 1) * 2;
    // SAFETY: non-NULL, readable and writable per the contract.
    let capacity = usize::try_from(unsafe { cbitem.read() }).unwrap_or(usize::MAX);
    let needed_u32 = u32::try_from(needed).unwrap_or(u32::MAX);
    if pitem.is_null() || capacity < needed {
        // SAFETY: as above.
        unsafe { cbitem.write(needed_u32) };
        return w::ERROR_MORE_DATA;
    }
    let cb = |units: &[u16]| u32::try_from((units.len() + 1) * 2).unwrap_or(u32::MAX);
    // SAFETY: the buffer holds `capacity >= needed` bytes: the header, then
    // the id, the name and the owner, each with its NUL, from the (even)
    // header size on.
    unsafe {
        let id_ptr = pitem.cast::<u8>().add(header).cast::<u16>();
        std::ptr::copy_nonoverlapping(id.as_ptr(), id_ptr, id.len());
        id_ptr.add(id.len()).write(0);
        let name_ptr = id_ptr.add(id.len() + 1);
        std::ptr::copy_nonoverlapping(name.as_ptr(), name_ptr, name.len());
        name_ptr.add(name.len()).write(0);
        let owner_ptr = name_ptr.add(name.len() + 1);
        std::ptr::copy_nonoverlapping(owner.as_ptr(), owner_ptr, owner.len());
        owner_ptr.add(owner.len()).write(0);
        write_fields!(
            pitem,
            CLUSTER_GROUP_ENUM_ITEM {
                dwVersion: CLUSTER_GROUP_ENUM_ITEM_VERSION_1,
                cbId: cb(&id),
                lpszId: id_ptr,
                cbName: cb(&name),
                lpszName: name_ptr,
                state: item.state,
                cbOwnerNode: cb(&owner),
                lpszOwnerNode: owner_ptr,
                dwFlags: 0,
                cbProperties: 0,
                pProperties: std::ptr::null_mut(),
                cbRoProperties: 0,
                pRoProperties: std::ptr::null_mut(),
            }
        );
        cbitem.write(needed_u32);
    }
    w::ERROR_SUCCESS
}

/// `ClusterGroupCloseEnumEx`.
#[unsafe(no_mangle)]
pub extern "system" fn ClusterGroupCloseEnumEx(hgroupenumex: HGROUPENUMEX) -> u32 {
    close_code(model::close(hgroupenumex, HandleKind::GroupEnumEx))
}

/// `ClusterOpenEnum`: as `ClusterOpenEnumEx`, for `ClusterEnum`.
#[unsafe(no_mangle)]
pub extern "system" fn ClusterOpenEnum(hcluster: HCLUSTER, dwtype: u32) -> HCLUSENUM {
    let result = model::open_cluster_enum(hcluster, dwtype, HandleKind::ClusterEnum);
    opened(result.map(|h| (h, 0)), std::ptr::null_mut())
}

/// `ClusterEnum` and `ClusterGroupEnum`: entry `index`'s type and name, the
/// name as `GetClusterGroupState` writes it (`ERROR_MORE_DATA` with the
/// length needed, without the NUL, when the buffer is too small).
///
/// # Safety
///
/// `kind_out` is NULL or writable; `name` is NULL or writable for `*cch`
/// units; `cch` is NULL or a readable and writable `u32`.
unsafe fn plain_item(
    raw: isize,
    kind: HandleKind,
    index: u32,
    kind_out: *mut u32,
    name: PWSTR,
    cch: *mut u32,
) -> u32 {
    if cch.is_null() {
        return w::ERROR_INVALID_PARAMETER;
    }
    let item = match model::enum_item(raw, kind, index) {
        Ok(Some(item)) => item,
        Ok(None) => return w::ERROR_NO_MORE_ITEMS,
        Err(code) => return code,
    };
    // SAFETY: forwarded from this function's contract.
    unsafe { write_opt(kind_out, item.kind) };
    // SAFETY: forwarded from this function's contract.
    match unsafe { write_name(&item.name, name, cch) } {
        Ok(()) if name.is_null() => w::ERROR_MORE_DATA,
        Ok(()) => w::ERROR_SUCCESS,
        Err(code) => code,
    }
}

/// `ClusterEnum`: see `plain_item`; `ERROR_NO_MORE_ITEMS` past the end.
///
/// # Safety
///
/// `lpdwtype` is NULL or writable; `lpszname` is NULL or writable for
/// `*lpcchname` units; `lpcchname` is a readable and writable `u32`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn ClusterEnum(
    henum: HCLUSENUM,
    dwindex: u32,
    lpdwtype: *mut u32,
    lpszname: PWSTR,
    lpcchname: *mut u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        plain_item(
            henum,
            HandleKind::ClusterEnum,
            dwindex,
            lpdwtype,
            lpszname,
            lpcchname,
        )
    }
}

/// `ClusterCloseEnum`.
#[unsafe(no_mangle)]
pub extern "system" fn ClusterCloseEnum(henum: HCLUSENUM) -> u32 {
    close_code(model::close(henum, HandleKind::ClusterEnum))
}

/// `ClusterGroupOpenEnum`: the group's resources
/// (`CLUSTER_GROUP_ENUM_CONTAINS`); a simulated group has no preferred
/// owners (`CLUSTER_GROUP_ENUM_NODES` lists none).
#[unsafe(no_mangle)]
pub extern "system" fn ClusterGroupOpenEnum(hgroup: HGROUP, dwtype: u32) -> HGROUPENUM {
    opened(
        model::open_group_enum(hgroup, dwtype).map(|h| (h, 0)),
        std::ptr::null_mut(),
    )
}

/// `ClusterGroupEnum`: as `ClusterEnum`.
///
/// # Safety
///
/// As `ClusterEnum`.
#[unsafe(no_mangle)]
pub unsafe extern "system" fn ClusterGroupEnum(
    hgroupenum: HGROUPENUM,
    dwindex: u32,
    lpdwtype: *mut u32,
    lpszresourcename: PWSTR,
    lpcchname: *mut u32,
) -> u32 {
    // SAFETY: forwarded from this function's contract.
    unsafe {
        plain_item(
            hgroupenum,
            HandleKind::GroupEnum,
            dwindex,
            lpdwtype,
            lpszresourcename,
            lpcchname,
        )
    }
}

/// `ClusterGroupCloseEnum`.
#[unsafe(no_mangle)]
pub extern "system" fn ClusterGroupCloseEnum(hgroupenum: HGROUPENUM) -> u32 {
    close_code(model::close(hgroupenum, HandleKind::GroupEnum))
}
