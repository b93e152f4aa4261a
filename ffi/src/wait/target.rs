//! [`WaitTarget`]: what a wait is for, and how each kind of state is
//! judged against it.

use std::fmt;

use crate::state::{GroupState, ObjectState, ResourceState};

/// What a wait is for: the state that ends it well. Each kind of object
/// also has states that end it badly; anything else (the pending states, and
/// states not listed) means "keep polling".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitTarget {
    /// Offline. For a group, `Failed`, `PartialOnline` and `Online` are
    /// failures (Microsoft's `OfflineClusterGroupEx` sample); for a
    /// resource, `Failed` and `Online`.
    Offline,
    /// Online. For a group, `Failed`, `PartialOnline` and `Offline` are
    /// failures; for a resource, `Failed` and `Offline`.
    Online,
    /// A moved group is online again (on whichever node): only `Failed` is a
    /// failure, since a group passes through `Offline` and `PartialOnline`
    /// on its way between nodes.
    Moved,
}

impl fmt::Display for WaitTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Offline => "offline",
            Self::Online => "online",
            Self::Moved => "online after the move",
        })
    }
}

impl WaitTarget {
    /// The target of a wait after moving a group that was in `state`
    /// before the move: [`WaitTarget::Offline`] for an offline group (a
    /// move leaves it offline, on the new node), else [`WaitTarget::Moved`].
    pub fn after_move(state: GroupState) -> Self {
        if state == GroupState::Offline {
            Self::Offline
        } else {
            Self::Moved
        }
    }
}

/// What one poll says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Reached,
    Failed,
    Continue,
}

/// A state a wait can judge: [`GroupState`] or [`ResourceState`].
pub(crate) trait Watched: Copy + PartialEq + Into<ObjectState> {
    fn judge(self, target: WaitTarget) -> Verdict;
}

impl Watched for GroupState {
    fn judge(self, target: WaitTarget) -> Verdict {
        use GroupState as S;
        match (target, self) {
            (WaitTarget::Offline, S::Offline)
            | (WaitTarget::Online | WaitTarget::Moved, S::Online) => Verdict::Reached,
            (WaitTarget::Offline, S::Failed | S::PartialOnline | S::Online)
            | (WaitTarget::Online, S::Failed | S::PartialOnline | S::Offline)
            | (WaitTarget::Moved, S::Failed) => Verdict::Failed,
            _ => Verdict::Continue,
        }
    }
}

impl Watched for ResourceState {
    fn judge(self, target: WaitTarget) -> Verdict {
        use ResourceState as S;
        match (target, self) {
            (WaitTarget::Offline, S::Offline)
            | (WaitTarget::Online | WaitTarget::Moved, S::Online) => Verdict::Reached,
            (WaitTarget::Offline, S::Failed | S::Online)
            | (WaitTarget::Online, S::Failed | S::Offline)
            | (WaitTarget::Moved, S::Failed) => Verdict::Failed,
            _ => Verdict::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_waits_for_online_unless_the_group_was_offline() {
        assert_eq!(
            WaitTarget::after_move(GroupState::Offline),
            WaitTarget::Offline
        );
        for state in [
            GroupState::Online,
            GroupState::PartialOnline,
            GroupState::Failed,
            GroupState::Pending,
        ] {
            assert_eq!(WaitTarget::after_move(state), WaitTarget::Moved);
        }
    }

    #[test]
    fn a_moving_group_may_pass_through_offline() {
        use GroupState as G;
        assert_eq!(G::Offline.judge(WaitTarget::Moved), Verdict::Continue);
        assert_eq!(G::PartialOnline.judge(WaitTarget::Moved), Verdict::Continue);
        assert_eq!(G::Online.judge(WaitTarget::Moved), Verdict::Reached);
        assert_eq!(G::Failed.judge(WaitTarget::Moved), Verdict::Failed);
        assert_eq!(G::Offline.judge(WaitTarget::Online), Verdict::Failed);
    }
}
