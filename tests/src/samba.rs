//! Safe wrapper around Samba's NDR marshallers for the MS-CMRP `PROPERTY_LIST`
//! (`ndr_pull_clusapi_PROPERTY_LIST` / `ndr_push_clusapi_PROPERTY_LIST` in
//! Debian's `libndr-samba4.so.0`), reached through the C shim in
//! `tests/csrc/samba_shim.c` that `tests/build.rs` compiles.
//!
//! Samba's model (from its `librpc/idl/clusapi.idl`) is narrower than the
//! format: every property carries exactly one value, and the list must end
//! with a 4-byte end mark after the last property. Samba reads the name as a
//! NUL-terminated UTF-16 string and converts it to UTF-8, so names here are
//! `String`s.
//!
//! Every call allocates its own talloc context and frees it before returning,
//! so the functions can be called in a loop (benchmarks) without leaking.
//! If Samba's library cannot be loaded at run time, the functions panic: a
//! missing library must never look like "Samba rejected the input".

use core::ffi::{CStr, c_int};
use core::fmt;
use std::ffi::CString;
use std::sync::{Mutex, MutexGuard};

/// Samba's `CLUSPROP_SYNTAX_NAME`.
pub const SYNTAX_NAME: u32 = 0x0004_0003;

mod ffi {
    use core::ffi::{c_char, c_int};

    /// Opaque handle owning one pulled list (a talloc context).
    #[repr(C)]
    pub struct ShimPulled {
        _private: [u8; 0],
    }

    /// Mirrors `struct shim_prop_view` in samba_shim.c.
    #[repr(C)]
    pub struct ShimPropView {
        pub name_syntax: u32,
        pub name_size: u32,
        pub name_utf8: *const c_char,
        pub name_utf8_len: usize,
        pub name_padding_len: usize,
        pub syntax: u32,
        pub size: u32,
        pub data: *const u8,
        pub data_len: usize,
        pub value_padding_len: usize,
        pub end_mark: u32,
    }

    /// Mirrors `struct shim_push_prop` in samba_shim.c.
    #[repr(C)]
    pub struct ShimPushProp {
        pub name_utf8: *const c_char,
        pub syntax: u32,
        pub size: u32,
        pub data: *const u8,
        pub data_len: usize,
    }

    unsafe extern "C" {
        pub fn shim_pull(
            buf: *const u8,
            len: usize,
            out: *mut *mut ShimPulled,
            count: *mut u32,
            consumed: *mut usize,
            list_end_mark: *mut u32,
        ) -> c_int;
        pub fn shim_pulled_prop(h: *const ShimPulled, index: u32, out: *mut ShimPropView) -> c_int;
        pub fn shim_pulled_free(h: *mut ShimPulled);
        pub fn shim_pull_only(
            buf: *const u8,
            len: usize,
            count: *mut u32,
            consumed: *mut usize,
        ) -> c_int;
        pub fn shim_push(
            props: *const ShimPushProp,
            count: u32,
            out: *mut u8,
            cap: usize,
            out_len: *mut usize,
        ) -> c_int;
        pub fn shim_errstr(code: c_int) -> *const c_char;
        pub fn shim_print(buf: *const u8, len: usize) -> *mut c_char;
        pub fn shim_string_free(s: *mut c_char);
        pub fn shim_load_error_text() -> *const c_char;
        pub fn shim_library_path() -> *const c_char;
        pub fn shim_sizeof_property_value() -> usize;
    }
}

/// An error from Samba (`enum ndr_err_code`, > 0) or from the shim (< 0).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SambaError {
    /// The raw code: Samba's `enum ndr_err_code` when positive, `SambaError::*` when negative.
    pub code: i32,
}

impl SambaError {
    /// Shim: out of memory.
    pub const NOMEM: i32 = -1;
    /// Shim: the input cannot be expressed in Samba's model (e.g. a name with
    /// an interior NUL, more than `u32::MAX` properties or bytes).
    pub const ARGS: i32 = -2;
    /// Shim: output buffer too small (handled inside this module).
    pub const BUFFER: i32 = -3;
    /// Samba's `NDR_ERR_CHARCNV` (a name that is not valid UTF-16 / UTF-8).
    pub const NDR_CHARCNV: i32 = 5;
    /// Samba's `NDR_ERR_SUBCONTEXT`.
    pub const NDR_SUBCONTEXT: i32 = 7;
    /// Samba's `NDR_ERR_BUFSIZE` (ran out of bytes).
    pub const NDR_BUFSIZE: i32 = 11;
    /// Samba's `NDR_ERR_ALLOC`.
    pub const NDR_ALLOC: i32 = 12;

    /// Samba's (or the shim's) name for this error.
    pub fn name(&self) -> String {
        // SAFETY: shim_errstr returns a pointer to a static NUL-terminated
        // string (or NULL for codes Samba does not know).
        let p = unsafe { ffi::shim_errstr(self.code as c_int) };
        if p.is_null() {
            return format!("unknown error {}", self.code);
        }
        // SAFETY: non-NULL, static, NUL-terminated (see above).
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

impl fmt::Debug for SambaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SambaError({}: {})", self.code, self.name())
    }
}

impl fmt::Display for SambaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.code)
    }
}

impl std::error::Error for SambaError {}

/// One property as Samba models it: a name and exactly one value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SambaProperty {
    /// The name, as Samba converted it from UTF-16 (without the NUL).
    pub name: String,
    /// The value's syntax DWORD.
    pub syntax: u32,
    /// The value's length field (Samba pushes it as given; it must equal `data.len()`).
    pub size: u32,
    /// The value's bytes (exactly `size` of them, padding excluded).
    pub data: Vec<u8>,
}

impl SambaProperty {
    /// A property whose `size` is `data.len()`.
    pub fn new(name: impl Into<String>, syntax: u32, data: impl Into<Vec<u8>>) -> Self {
        let data = data.into();
        let size = u32::try_from(data.len()).expect("value longer than u32::MAX");
        Self {
            name: name.into(),
            syntax,
            size,
            data,
        }
    }

    /// The name as UTF-16 code units (without the NUL).
    pub fn name_utf16(&self) -> Vec<u16> {
        self.name.encode_utf16().collect()
    }
}

/// Everything Samba's pull reports about one property, including the fields
/// its IDL marks `[value()]` (which Samba reads but never checks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SambaPulledProperty {
    /// Name, syntax, size and value bytes.
    pub property: SambaProperty,
    /// The name entry's syntax field as read (Samba does not check it is NAME).
    pub name_syntax: u32,
    /// The name entry's length field as read (Samba ignores it and scans for the NUL).
    pub name_size: u32,
    /// Bytes Samba's `[flag(NDR_ALIGN2)]` name padding blob consumed (always 0:
    /// the 0 or 2 bytes before the value are skipped by 4-byte alignment).
    pub name_padding_len: usize,
    /// Bytes of value padding Samba consumed (0..=3).
    pub value_padding_len: usize,
    /// The per-property end mark as read (Samba does not check it is 0).
    pub end_mark: u32,
}

/// The result of a successful Samba pull.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SambaPull {
    /// The properties in order.
    pub properties: Vec<SambaPulledProperty>,
    /// Bytes Samba read; less than the input length when bytes are left over.
    pub consumed: usize,
    /// The list-level end mark as read (Samba does not check it is 0).
    pub list_end_mark: u32,
}

impl SambaPull {
    /// The properties without the extra fields.
    pub fn simple_properties(&self) -> Vec<SambaProperty> {
        self.properties.iter().map(|p| p.property.clone()).collect()
    }
}

/// Samba's library is not written for concurrent use (its charset layer
/// initialises global conversion tables lazily), while the test harness runs
/// tests on several threads: every call into Samba holds this lock.
static SAMBA_LOCK: Mutex<()> = Mutex::new(());

fn samba_lock() -> MutexGuard<'static, ()> {
    // A panic while holding the lock leaves nothing half-done on the Rust
    // side, so a poisoned lock is still usable.
    SAMBA_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Shim: libndr-samba4 could not be loaded (never returned to callers).
const LOAD_FAILED: c_int = -5;

fn load_failure_panic() -> ! {
    // SAFETY: both functions return pointers to NUL-terminated strings with
    // static storage in the shim.
    let (why, path) = unsafe {
        (
            CStr::from_ptr(ffi::shim_load_error_text())
                .to_string_lossy()
                .into_owned(),
            CStr::from_ptr(ffi::shim_library_path())
                .to_string_lossy()
                .into_owned(),
        )
    };
    panic!(
        "cannot load Samba's clusapi marshallers from {path}: {why} \
         (install the Debian packages samba-libs samba-dev libtalloc-dev)"
    );
}

fn check(code: c_int) -> Result<(), SambaError> {
    match code {
        0 => Ok(()),
        LOAD_FAILED => load_failure_panic(),
        code => Err(SambaError { code }),
    }
}

/// Owns a pulled list and frees it on drop.
struct PulledHandle(*mut ffi::ShimPulled);

impl Drop for PulledHandle {
    fn drop(&mut self) {
        // SAFETY: the pointer came from a successful shim_pull and is freed
        // exactly once, here.
        unsafe { ffi::shim_pulled_free(self.0) }
    }
}

/// Pull `buf` with Samba and report everything it read.
///
/// `Ok` means Samba's pull succeeded; it does **not** mean every byte was
/// read (compare `consumed` with `buf.len()`: Samba's own
/// `ndr_pull_struct_blob_all` would report `NDR_ERR_UNREAD_BYTES`).
pub fn samba_pull_detailed(buf: &[u8]) -> Result<SambaPull, SambaError> {
    let _lock = samba_lock();
    let mut handle: *mut ffi::ShimPulled = core::ptr::null_mut();
    let mut count = 0u32;
    let mut consumed = 0usize;
    let mut list_end_mark = 0u32;
    // SAFETY: buf is valid for buf.len() bytes for the whole call; the out
    // pointers point to live locals. The shim does not keep `buf`.
    let rc = unsafe {
        ffi::shim_pull(
            buf.as_ptr(),
            buf.len(),
            &mut handle,
            &mut count,
            &mut consumed,
            &mut list_end_mark,
        )
    };
    check(rc)?;
    let handle = PulledHandle(handle);
    let mut properties = Vec::with_capacity(count.min(1024) as usize);
    for index in 0..count {
        let mut view = core::mem::MaybeUninit::<ffi::ShimPropView>::uninit();
        // SAFETY: handle.0 is a live handle from shim_pull; index < count;
        // view points to writable memory of the right layout.
        check(unsafe { ffi::shim_pulled_prop(handle.0, index, view.as_mut_ptr()) })?;
        // SAFETY: shim_pulled_prop returned 0, so it filled every field.
        let view = unsafe { view.assume_init() };
        let name_bytes = if view.name_utf8.is_null() {
            &[][..]
        } else {
            // SAFETY: name_utf8 points to name_utf8_len bytes of a
            // NUL-terminated string owned by the handle, alive until drop.
            unsafe { core::slice::from_raw_parts(view.name_utf8.cast::<u8>(), view.name_utf8_len) }
        };
        let name = String::from_utf8(name_bytes.to_vec())
            .unwrap_or_else(|e| panic!("Samba produced a name that is not UTF-8: {e}"));
        let data = if view.data.is_null() || view.data_len == 0 {
            Vec::new()
        } else {
            // SAFETY: data points to data_len bytes owned by the handle (or
            // by `buf`, which is borrowed for this whole function).
            unsafe { core::slice::from_raw_parts(view.data, view.data_len) }.to_vec()
        };
        properties.push(SambaPulledProperty {
            property: SambaProperty {
                name,
                syntax: view.syntax,
                size: view.size,
                data,
            },
            name_syntax: view.name_syntax,
            name_size: view.name_size,
            name_padding_len: view.name_padding_len,
            value_padding_len: view.value_padding_len,
            end_mark: view.end_mark,
        });
    }
    drop(handle);
    Ok(SambaPull {
        properties,
        consumed,
        list_end_mark,
    })
}

/// Pull `buf` with Samba: the properties and the number of bytes it read.
pub fn samba_pull(buf: &[u8]) -> Result<(Vec<SambaProperty>, usize), SambaError> {
    let pulled = samba_pull_detailed(buf)?;
    let consumed = pulled.consumed;
    Ok((pulled.simple_properties(), consumed))
}

/// Pull `buf` with Samba and throw the result away (for benchmarks):
/// `(property count, bytes consumed)`.
pub fn samba_pull_only(buf: &[u8]) -> Result<(u32, usize), SambaError> {
    let _lock = samba_lock();
    let mut count = 0u32;
    let mut consumed = 0usize;
    // SAFETY: buf is valid for buf.len() bytes; the out pointers point to
    // live locals; the shim frees everything it allocated before returning.
    check(unsafe { ffi::shim_pull_only(buf.as_ptr(), buf.len(), &mut count, &mut consumed) })?;
    Ok((count, consumed))
}

/// A list prepared for Samba's push: names converted to C strings once, so
/// benchmarks can push the same list repeatedly and measure only Samba.
pub struct SambaPushList<'a> {
    _names: Vec<CString>,
    props: Vec<ffi::ShimPushProp>,
    _data: core::marker::PhantomData<&'a [SambaProperty]>,
}

impl<'a> SambaPushList<'a> {
    /// Prepare `properties`; fails with [`SambaError::ARGS`] when a name holds
    /// a NUL or there are more than `u32::MAX` properties.
    pub fn new(properties: &'a [SambaProperty]) -> Result<Self, SambaError> {
        if u32::try_from(properties.len()).is_err() {
            return Err(SambaError {
                code: SambaError::ARGS,
            });
        }
        let mut names = Vec::with_capacity(properties.len());
        let mut props = Vec::with_capacity(properties.len());
        for p in properties {
            let name = CString::new(p.name.as_str()).map_err(|_| SambaError {
                code: SambaError::ARGS,
            })?;
            props.push(ffi::ShimPushProp {
                // The CString's heap buffer does not move when `name` is
                // moved into `names`, so this pointer stays valid.
                name_utf8: name.as_ptr(),
                syntax: p.syntax,
                size: p.size,
                data: p.data.as_ptr(),
                data_len: p.data.len(),
            });
            names.push(name);
        }
        Ok(Self {
            _names: names,
            props,
            _data: core::marker::PhantomData,
        })
    }

    /// Push with Samba into `out` (cleared first; its capacity is reused).
    pub fn push_into(&self, out: &mut Vec<u8>) -> Result<(), SambaError> {
        let _lock = samba_lock();
        out.clear();
        loop {
            let mut len = 0usize;
            // SAFETY: props (and the names and data they point to, owned by
            // self or borrowed for 'a) are alive; out has capacity bytes of
            // writable spare room; len points to a live local. The shim
            // writes at most `cap` bytes.
            let rc = unsafe {
                ffi::shim_push(
                    self.props.as_ptr(),
                    self.props.len() as u32,
                    out.as_mut_ptr(),
                    out.capacity(),
                    &mut len,
                )
            };
            if rc == SambaError::BUFFER {
                out.reserve(len);
                continue;
            }
            check(rc)?;
            // SAFETY: the shim wrote exactly len <= capacity initialised bytes.
            unsafe { out.set_len(len) };
            return Ok(());
        }
    }
}

/// Push `properties` with Samba's marshaller.
pub fn samba_push(properties: &[SambaProperty]) -> Result<Vec<u8>, SambaError> {
    let list = SambaPushList::new(properties)?;
    let mut out = Vec::with_capacity(64);
    list.push_into(&mut out)?;
    Ok(out)
}

/// Samba's `ndr_print` of what it pulls from `buf` (for failure messages), or
/// `None` when the pull fails.
pub fn samba_print(buf: &[u8]) -> Option<String> {
    let _lock = samba_lock();
    // SAFETY: buf is valid for buf.len() bytes for the call.
    let p = unsafe { ffi::shim_print(buf.as_ptr(), buf.len()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: p is a malloc'd NUL-terminated string from the shim; it is
    // copied and then freed exactly once with the shim's free function.
    let text = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    // SAFETY: see above.
    unsafe { ffi::shim_string_free(p) };
    Some(text)
}

/// The absolute path the shim loads `libndr-samba4.so.0` from.
pub fn samba_library_path() -> String {
    // SAFETY: returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(ffi::shim_library_path()) }
        .to_string_lossy()
        .into_owned()
}

/// `sizeof(struct clusapi_propertyValue)` as the shim declares it (80 on
/// LP64): lets a test notice if the declared layout drifts.
pub fn samba_shim_property_value_size() -> usize {
    // SAFETY: pure function without arguments.
    unsafe { ffi::shim_sizeof_property_value() }
}
