//! `clusprop list nodes|groups|resources|networks|resource-types`: the
//! cluster's objects of one kind (`ClusterOpenEnumEx`, or `ClusterOpenEnum`
//! on an older clusapi), with the columns PowerShell's `Get-ClusterGroup`
//! and its siblings show, as a table or as JSON.

use std::io::Write;

use clap::{Args, ValueEnum};
use clusprop::Utf16Str;
use clusprop_ffi::{
    Cluster, ControlTarget, EnumEntry, EnumKind, GroupState, PropertyKind, ResourceState,
};
use serde::Serialize;

use crate::backend::{Backend, ClusterArgs};
use crate::error::{Failure, Outcome};

/// What to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// The nodes: Name, Id.
    Nodes,
    /// The groups: Name, OwnerNode, State (as `Get-ClusterGroup`).
    Groups,
    /// The resources: Name, State, OwnerGroup, ResourceType (as
    /// `Get-ClusterResource`).
    Resources,
    /// The networks: Name, Id.
    Networks,
    /// The resource types: Name.
    ResourceTypes,
}

/// Arguments of `list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: What,
    /// Print a JSON array of objects instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// One row: the columns of its kind, by their PowerShell names.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Row {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner_node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner_group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

impl Row {
    fn named(entry: &EnumEntry) -> Self {
        Row {
            name: entry.name.clone(),
            owner_node: None,
            state: None,
            owner_group: None,
            resource_type: None,
            id: None,
        }
    }
}

/// A group state as PowerShell names it.
fn group_state(state: GroupState) -> String {
    match state {
        GroupState::Online => "Online".to_owned(),
        GroupState::Offline => "Offline".to_owned(),
        GroupState::Failed => "Failed".to_owned(),
        GroupState::PartialOnline => "PartialOnline".to_owned(),
        GroupState::Pending => "Pending".to_owned(),
        GroupState::Unknown => "Unknown".to_owned(),
        other => other.to_string(),
    }
}

/// A resource state as PowerShell names it.
fn resource_state(state: ResourceState) -> String {
    match state {
        ResourceState::Online => "Online".to_owned(),
        ResourceState::Offline => "Offline".to_owned(),
        ResourceState::Failed => "Failed".to_owned(),
        ResourceState::Pending => "Pending".to_owned(),
        ResourceState::OnlinePending => "OnlinePending".to_owned(),
        ResourceState::OfflinePending => "OfflinePending".to_owned(),
        ResourceState::Initializing => "Initializing".to_owned(),
        ResourceState::Inherited => "Inherited".to_owned(),
        ResourceState::Unknown => "Unknown".to_owned(),
        other => other.to_string(),
    }
}

fn entries(cluster: &Cluster, kind: EnumKind) -> Result<Vec<EnumEntry>, Failure> {
    cluster
        .enumerate(&[kind])
        .and_then(|e| e.collect::<Result<Vec<_>, _>>())
        .map_err(Failure::cluster)
}

/// The rows for `what`: groups from `Cluster::groups` (state and owner in
/// the enumeration), resources each opened once to read what the
/// enumeration does not carry (state, group, type).
fn rows(cluster: &Cluster, what: What) -> Result<Vec<Row>, Failure> {
    let cluster_err = Failure::cluster;
    let kind = match what {
        What::Nodes => EnumKind::Node,
        What::Groups => EnumKind::Group,
        What::Resources => EnumKind::Resource,
        What::Networks => EnumKind::Network,
        What::ResourceTypes => EnumKind::ResourceType,
    };
    if what == What::Groups {
        // One ClusterGroupEnumEx call per group carries state and owner.
        return cluster
            .groups()
            .and_then(|groups| {
                groups
                    .map(|g| {
                        g.map(|g| Row {
                            name: g.name,
                            owner_node: Some(g.owner_node),
                            state: Some(group_state(g.state)),
                            owner_group: None,
                            resource_type: None,
                            id: None,
                        })
                    })
                    .collect()
            })
            .map_err(cluster_err);
    }
    let mut rows = Vec::new();
    for entry in entries(cluster, kind)? {
        let mut row = Row::named(&entry);
        match what {
            What::Nodes | What::Networks => row.id = entry.id.clone(),
            What::ResourceTypes | What::Groups => {}
            What::Resources => {
                let resource = cluster.open_resource(&entry.name).map_err(cluster_err)?;
                row.state = Some(resource_state(resource.state().map_err(cluster_err)?));
                row.owner_group = Some(resource.group_name().map_err(cluster_err)?);
                let ro = resource
                    .get_properties(PropertyKind::ReadOnlyCommon)
                    .map_err(cluster_err)?;
                row.resource_type = ro
                    .list()
                    .get::<Utf16Str<'_>>("Type")
                    .ok()
                    .map(|t| t.to_string_lossy());
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

/// The columns shown for `what`: header and cell.
type Column = (&'static str, fn(&Row) -> &str);

fn columns(what: What) -> Vec<Column> {
    fn opt(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or("")
    }
    let name: Column = ("Name", |r| &r.name);
    let state: Column = ("State", |r| opt(&r.state));
    let id: Column = ("Id", |r| opt(&r.id));
    match what {
        What::Nodes | What::Networks => vec![name, id],
        What::Groups => vec![name, ("OwnerNode", |r| opt(&r.owner_node)), state],
        What::Resources => vec![
            name,
            state,
            ("OwnerGroup", |r| opt(&r.owner_group)),
            ("ResourceType", |r| opt(&r.resource_type)),
        ],
        What::ResourceTypes => vec![name],
    }
}

/// Writes `rows` as a PowerShell-style table: a header, a rule under each
/// header, then the rows, columns padded to their widest cell. Cells are
/// names the cluster returned: their control characters are escaped
/// ([`crate::human::text`]), as `get` and `decode` print names, so none
/// reaches the terminal as a command.
fn table(out: &mut dyn Write, what: What, rows: &[Row]) -> std::io::Result<()> {
    let columns = columns(what);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|(_, cell)| crate::human::text(cell(row)))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, (header, _))| {
            cells
                .iter()
                .map(|row| row[i].chars().count())
                .chain([header.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, cells: Vec<String>| -> std::io::Result<()> {
        let last = cells.len().saturating_sub(1);
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i == last {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$} "));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, columns.iter().map(|(h, _)| (*h).to_owned()).collect())?;
    line(
        out,
        columns.iter().map(|(h, _)| "-".repeat(h.len())).collect(),
    )?;
    for row in cells {
        line(out, row)?;
    }
    Ok(())
}

/// Runs `list`.
pub fn run(args: &ListArgs) -> Outcome {
    let backend = Backend::choose(&args.cluster)?;
    let cluster = backend.open(&args.cluster)?;
    let rows = rows(&cluster, args.what)?;
    if args.json {
        crate::output::stream(|out| {
            crate::json::to_writer_pretty(&mut *out, &rows)?;
            out.write_all(b"\n")
        });
    } else {
        crate::output::stream(|out| table(out, args.what, &rows));
    }
    Ok(())
}
