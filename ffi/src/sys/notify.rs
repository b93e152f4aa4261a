//! The notification port a wait sleeps on: [`RawNotifyPort`].

use std::sync::Arc;

use windows_sys::Win32::Networking::Clustering::{HCHANGE, NOTIFY_FILTER_AND_TYPE};

use crate::error::Error;

use super::handles::RawCluster;

/// An open notification port. Invariant: `raw` is a live `HCHANGE` from
/// `CreateClusterNotifyPortV2` through `cluster.api`; closed exactly once,
/// in `Drop`.
pub(crate) struct RawNotifyPort {
    cluster: Arc<RawCluster>,
    raw: HCHANGE,
}

/// `WAIT_TIMEOUT`: `GetClusterNotifyV2` found nothing in time.
const WAIT_TIMEOUT: u32 = windows_sys::Win32::Foundation::WAIT_TIMEOUT;

/// The largest string (in UTF-16 units) and payload (in bytes) a
/// notification read grows its buffers to.
const MAX_NOTIFY_UNITS: usize = 0x1_0000;

impl RawCluster {
    /// `CreateClusterNotifyPortV2(INVALID_HANDLE_VALUE, h, filters, key 0)`:
    /// `None` when the library does not export the notification calls.
    pub(crate) fn notify_port(
        self: &Arc<Self>,
        filters: &[NOTIFY_FILTER_AND_TYPE],
    ) -> Result<Option<RawNotifyPort>, Error> {
        let f = self.api.functions();
        let (Some(create), Some(_), Some(_)) = (
            f.create_cluster_notify_port_v2,
            f.get_cluster_notify_v2,
            f.close_cluster_notify_port,
        ) else {
            return Ok(None);
        };
        let count = u32::try_from(filters.len())
            .map_err(|_| Error::BufferTooLarge { len: filters.len() })?;
        // SAFETY: `self.raw` is a live cluster handle (type invariant);
        // `filters` points to `count` readable filters alive across the call;
        // `INVALID_HANDLE_VALUE` asks for a new port, as documented.
        let raw = unsafe { create(-1, self.raw, filters.as_ptr(), count, 0) };
        if raw == 0 || raw == -1 {
            return Err(self.api.failed("CreateClusterNotifyPortV2"));
        }
        Ok(Some(RawNotifyPort {
            cluster: Arc::clone(self),
            raw,
        }))
    }
}

impl RawNotifyPort {
    /// Reads the next notification, waiting up to `timeout_ms`: `Ok(true)`
    /// when one was read, `Ok(false)` on `WAIT_TIMEOUT`. Its contents are
    /// not kept (a wait re-reads the state); the buffers grow on
    /// `ERROR_MORE_DATA` to the sizes returned, at least double, within
    /// `MAX_NOTIFY_UNITS`, in at most `MAX_CONTROL_CALLS` calls.
    pub(crate) fn next(&self, timeout_ms: u32) -> Result<bool, Error> {
        let api = self.cluster.api();
        let f = api.require(api.functions().get_cluster_notify_v2, "GetClusterNotifyV2")?;
        let mut payload_len = 64usize;
        let mut units = [64usize; 4];
        for _ in 0..crate::MAX_CONTROL_CALLS {
            let mut payload = vec![0u8; payload_len];
            let mut strings: Vec<Vec<u16>> = units.iter().map(|&n| vec![0u16; n]).collect();
            let mut counts: Vec<u32> = units
                .iter()
                .map(|&n| u32::try_from(n).unwrap_or(u32::MAX))
                .collect();
            let mut payload_size = u32::try_from(payload_len).unwrap_or(u32::MAX);
            let mut key = 0usize;
            let mut filter = NOTIFY_FILTER_AND_TYPE {
                dwObjectType: 0,
                FilterFlags: 0,
            };
            let [id, parent, name, ty] = &mut strings[..] else {
                unreachable!("four strings")
            };
            let [cid, cparent, cname, cty] = &mut counts[..] else {
                unreachable!("four counts")
            };
            // SAFETY: the port handle is live (type invariant); every
            // buffer is writable for the size passed beside it (bytes for
            // the payload, u16 units for the strings), every count and the
            // key and filter are writable, all alive across the call.
            let status = unsafe {
                f(
                    self.raw,
                    &mut key,
                    &mut filter,
                    payload.as_mut_ptr(),
                    &mut payload_size,
                    id.as_mut_ptr(),
                    cid,
                    parent.as_mut_ptr(),
                    cparent,
                    name.as_mut_ptr(),
                    cname,
                    ty.as_mut_ptr(),
                    cty,
                    timeout_ms,
                )
            };
            match status {
                windows_sys::Win32::Foundation::ERROR_SUCCESS => return Ok(true),
                WAIT_TIMEOUT => return Ok(false),
                windows_sys::Win32::Foundation::ERROR_MORE_DATA => {
                    let grow = |have: usize, asked: u32, cap: usize| -> Result<usize, Error> {
                        let asked = usize::try_from(asked)
                            .unwrap_or(usize::MAX)
                            .saturating_add(1);
                        if asked > cap {
                            return Err(Error::ReplyTooLarge {
                                function: "GetClusterNotifyV2",
                                needed: asked,
                            });
                        }
                        Ok(if asked > have {
                            asked.max(have.saturating_mul(2)).min(cap)
                        } else {
                            have
                        })
                    };
                    payload_len = grow(payload_len, payload_size, MAX_NOTIFY_UNITS * 2)?;
                    for (n, c) in units.iter_mut().zip(&counts) {
                        *n = grow(*n, *c, MAX_NOTIFY_UNITS)?;
                    }
                }
                code => {
                    return Err(Error::Api {
                        function: "GetClusterNotifyV2",
                        error: crate::Win32Error::from_code(code),
                    });
                }
            }
        }
        Err(Error::ReplyNotSettled {
            function: "GetClusterNotifyV2",
            tries: crate::MAX_CONTROL_CALLS,
        })
    }
}

impl Drop for RawNotifyPort {
    fn drop(&mut self) {
        if let Some(close) = self.cluster.api().functions().close_cluster_notify_port {
            // SAFETY: the port is live and owned (type invariant), and this
            // is the only place that closes it; `drop` runs once.
            unsafe { close(self.raw) };
        }
    }
}
