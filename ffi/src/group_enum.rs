//! The cluster's groups with their state and owner node:
//! `ClusterGroupOpenEnumEx` / `ClusterGroupEnumEx` /
//! `ClusterGroupCloseEnumEx` (one call per group), or, where the library
//! lacks them, `ClusterOpenEnum` for the names and `GetClusterGroupState`
//! for each group.

use crate::enumerate::{Enumeration, ItemReader, read_item};
use crate::error::Error;
use crate::state::GroupState;
use crate::sys::RawEnum;
use crate::{Cluster, EnumKind};

/// One group as `ClusterGroupEnumEx` returns it, owned.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct GroupEntry {
    /// Its name.
    pub name: String,
    /// Its id (a GUID string); `None` on the fallback path.
    pub id: Option<String>,
    /// Its state.
    pub state: GroupState,
    /// The node that owns it.
    pub owner_node: String,
    /// `dwFlags` of the item (`CLUSTER_GROUP_ENUM_ITEM`); 0 on the fallback
    /// path.
    pub flags: u32,
}

/// The offsets of `CLUSTER_GROUP_ENUM_ITEM`'s fields.
mod layout {
    use std::mem::offset_of;
    use windows_sys::Win32::Networking::Clustering::CLUSTER_GROUP_ENUM_ITEM as I;
    pub(super) const SIZE: usize = size_of::<I>();
    pub(super) const CB_ID: usize = offset_of!(I, cbId);
    pub(super) const ID: usize = offset_of!(I, lpszId);
    pub(super) const CB_NAME: usize = offset_of!(I, cbName);
    pub(super) const NAME: usize = offset_of!(I, lpszName);
    pub(super) const STATE: usize = offset_of!(I, state);
    pub(super) const CB_OWNER: usize = offset_of!(I, cbOwnerNode);
    pub(super) const OWNER: usize = offset_of!(I, lpszOwnerNode);
    pub(super) const FLAGS: usize = offset_of!(I, dwFlags);
}

enum Source {
    /// A `ClusterGroupOpenEnumEx` handle and the next index.
    Ex { raw: RawEnum, index: u32 },
    /// The names from `ClusterOpenEnum`, each group opened for its state.
    Fallback { names: Enumeration },
}

/// The cluster's groups, with state and owner: an iterator of owned
/// [`GroupEntry`]s. Its handle is closed exactly once, on drop; an error
/// ends the iteration (yielded once, then `None`).
pub struct GroupEnumeration<'c> {
    cluster: &'c Cluster,
    source: Source,
    done: bool,
}

impl std::fmt::Debug for GroupEnumeration<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupEnumeration")
            .field("ex", &self.is_ex())
            .field("done", &self.done)
            .finish()
    }
}

impl GroupEnumeration<'_> {
    /// Whether the entries come from `ClusterGroupEnumEx`.
    pub fn is_ex(&self) -> bool {
        matches!(self.source, Source::Ex { .. })
    }

    fn next_entry(&mut self) -> Result<Option<GroupEntry>, Error> {
        match &mut self.source {
            Source::Ex { raw, index } => {
                let function = "ClusterGroupEnumEx";
                let Some(buf) = read_item(function, |buf| raw.group_item_ex(*index, buf))? else {
                    return Ok(None);
                };
                *index = index.saturating_add(1);
                let item = ItemReader::new(&buf, layout::SIZE, function)?;
                let name = item
                    .string(layout::NAME, layout::CB_NAME)?
                    .ok_or_else(|| item.bad("the entry has no name"))?;
                Ok(Some(GroupEntry {
                    name,
                    id: item.string(layout::ID, layout::CB_ID)?,
                    state: GroupState::from_raw(item.i32_at(layout::STATE)),
                    owner_node: item
                        .string(layout::OWNER, layout::CB_OWNER)?
                        .unwrap_or_default(),
                    flags: item.u32_at(layout::FLAGS),
                }))
            }
            Source::Fallback { names } => {
                let Some(entry) = names.next().transpose()? else {
                    return Ok(None);
                };
                let group = self.cluster.open_group(&entry.name)?;
                let (state, owner_node) = group.state_and_node()?;
                Ok(Some(GroupEntry {
                    name: entry.name,
                    id: None,
                    state,
                    owner_node,
                    flags: 0,
                }))
            }
        }
    }
}

impl Iterator for GroupEnumeration<'_> {
    type Item = Result<GroupEntry, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_entry() {
            Ok(Some(entry)) => Some(Ok(entry)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(self.cluster.named(Err(e)))
            }
        }
    }
}

impl Cluster {
    /// The cluster's groups with their state and owner node, as
    /// `Get-ClusterGroup` shows them: `ClusterGroupOpenEnumEx` when the
    /// library exports it, else [`Cluster::enumerate`] for the names and
    /// `GetClusterGroupState` per group.
    pub fn groups(&self) -> Result<GroupEnumeration<'_>, Error> {
        let source = match self.named(self.raw.open_group_enum_ex())? {
            Some(raw) => Source::Ex { raw, index: 0 },
            None => Source::Fallback {
                names: self.enumerate(&[EnumKind::Group])?,
            },
        };
        Ok(GroupEnumeration {
            cluster: self,
            source,
            done: false,
        })
    }
}
