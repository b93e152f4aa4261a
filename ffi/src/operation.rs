//! What groups and resources share, written once over their object kind:
//! an offline or online call turned into an [`Outcome`], the `_and_wait`
//! forms, reading the state, and the wait on it. [`Group`](crate::Group)
//! and [`Resource`](crate::Resource) are thin wrappers over these, with
//! their own flag types; each kind says which calls and states it has by
//! implementing [`OperableKind`].

use clusprop::offline::OfflineInstructions;

use crate::error::Error;
use crate::outcome::Outcome;
use crate::sys::{ObjectKind, RawObject};
use crate::wait::{WaitEvent, WaitOptions, WaitTarget, Watched, state_port, wait_for};

/// A kind of object that is taken offline, brought online and waited for:
/// a group or a resource.
pub(crate) trait OperableKind: ObjectKind + Sized {
    /// The state a wait reads.
    type State: Watched;
    /// Where an online may put the object: a node (or none) for a group,
    /// nothing for a resource.
    type Destination<'a>;
    /// The offline call's Win32 name, for errors.
    const OFFLINE: &'static str;
    /// The online call's Win32 name, for errors.
    const ONLINE: &'static str;
    /// The `CLUSTER_OBJECT_TYPE_*` of the wait's notification port.
    const OBJECT_TYPE: i32;
    /// The `CLUSTER_CHANGE_*_STATE_V2` of the wait's notification port.
    const STATE_CHANGE: i32;

    /// The raw offline call: its return code.
    fn offline(raw: &RawObject<Self>, flags: u32, buffer: &[u8]) -> Result<u32, Error>;
    /// The raw online call: its return code.
    fn online(
        raw: &RawObject<Self>,
        destination: Self::Destination<'_>,
        flags: u32,
        buffer: &[u8],
    ) -> Result<u32, Error>;
    /// The state, a failed query being an error.
    fn state(raw: &RawObject<Self>) -> Result<Self::State, Error>;
}

/// The offline call with any buffer, as an [`Outcome`].
pub(crate) fn offline<K: OperableKind>(
    raw: &RawObject<K>,
    flags: u32,
    buffer: &[u8],
) -> Result<Outcome, Error> {
    Outcome::from_code(K::OFFLINE, K::offline(raw, flags, buffer)?)
}

/// The online call with any buffer, as an [`Outcome`].
pub(crate) fn online<K: OperableKind>(
    raw: &RawObject<K>,
    destination: K::Destination<'_>,
    flags: u32,
    buffer: &[u8],
) -> Result<Outcome, Error> {
    Outcome::from_code(K::ONLINE, K::online(raw, destination, flags, buffer)?)
}

/// The offline call with `instructions` encoded, then a wait for offline.
pub(crate) fn offline_and_wait<K: OperableKind>(
    raw: &RawObject<K>,
    flags: u32,
    instructions: &OfflineInstructions,
    options: &WaitOptions,
) -> Result<(), Error> {
    let buffer = instructions.to_vec()?;
    // Completed or pending, the wait ends as soon as it reads the target
    // state (at the first poll for a completed request).
    let _accepted = offline(raw, flags, &buffer)?;
    wait(raw, WaitTarget::Offline, options, |_| {}).map(drop)
}

/// The online call, then a wait for online.
pub(crate) fn online_and_wait<K: OperableKind>(
    raw: &RawObject<K>,
    destination: K::Destination<'_>,
    flags: u32,
    buffer: &[u8],
    options: &WaitOptions,
) -> Result<(), Error> {
    // As in `offline_and_wait`.
    let _accepted = online(raw, destination, flags, buffer)?;
    wait(raw, WaitTarget::Online, options, |_| {}).map(drop)
}

/// Waits for the object to reach `target` (see
/// [`Group::wait`](crate::Group::wait)), sleeping on a port for its kind's
/// state changes where one can be created, showing `observe` every state
/// read.
pub(crate) fn wait<K: OperableKind>(
    raw: &RawObject<K>,
    target: WaitTarget,
    options: &WaitOptions,
    observe: impl FnMut(&WaitEvent<K::State>),
) -> Result<K::State, Error> {
    wait_for(
        || K::state(raw),
        target,
        options,
        state_port(raw.cluster(), K::OBJECT_TYPE, K::STATE_CHANGE),
        observe,
    )
}
