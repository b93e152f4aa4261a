//! What a simulated cluster contains: built with the API or read from a small
//! text file.
//!
//! # The text format
//!
//! One item per line; `#` starts a comment; names with spaces are quoted.
//!
//! ```text
//! cluster "TestCluster" local node="NODE1" caller-access=all
//! group "DemoGroup" state-query-error=5023
//! resource "DemoVM" type="Virtual Machine" state=online locked delay-ms=5 offline-action=1
//! resource "Disk 1" type="Physical Disk" fail-offline
//! ```
//!
//! * `cluster NAME [local] [node=NAME] [caller-access=all|read]`: starts a
//!   cluster. `local` makes it the one `OpenCluster(NULL)` opens;
//!   `caller-access=read` simulates a caller with read access only.
//! * `group NAME [state-query-error=CODE]`: a group in the last cluster;
//!   with `state-query-error`, `GetClusterGroupState` fails with that code.
//! * `resource NAME type=TYPE [state=online|offline|failed] [locked]
//!   [delay-ms=N] [fail-offline] [fail-online] [offline-action=0..3]`: a
//!   resource in the last group (state online by default; a delay of N ms for
//!   each transition; `offline-action` is the VM's `OfflineAction` private
//!   property, used when no instruction is given, default 1 = save).

use std::fmt;
use std::time::Duration;

use clusprop::offline::{VIRTUAL_MACHINE, VmAction};

/// The state of a simulated resource (`CLUSTER_RESOURCE_STATE`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResourceState {
    /// `ClusterResourceOnline`.
    Online,
    /// `ClusterResourceOffline`.
    Offline,
    /// `ClusterResourceFailed`.
    Failed,
    /// `ClusterResourceOnlinePending`.
    OnlinePending,
    /// `ClusterResourceOfflinePending`.
    OfflinePending,
}

impl ResourceState {
    /// The raw `CLUSTER_RESOURCE_STATE`.
    pub const fn to_raw(
        self,
    ) -> windows_sys::Win32::Networking::Clustering::CLUSTER_RESOURCE_STATE {
        use windows_sys::Win32::Networking::Clustering as c;
        match self {
            Self::Online => c::ClusterResourceOnline,
            Self::Offline => c::ClusterResourceOffline,
            Self::Failed => c::ClusterResourceFailed,
            Self::OnlinePending => c::ClusterResourceOnlinePending,
            Self::OfflinePending => c::ClusterResourceOfflinePending,
        }
    }
}

/// Which access a simulated caller may be granted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CallerAccess {
    /// Full access ("All"): the default.
    #[default]
    All,
    /// Read access only: asking for full access is `ERROR_ACCESS_DENIED`,
    /// `MAXIMUM_ALLOWED` and the plain `Open*` calls grant read.
    Read,
}

/// One resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceConfig {
    /// Its name.
    pub name: String,
    /// Its type name, e.g. `"Virtual Machine"` or `"Physical Disk"`.
    pub resource_type: String,
    /// Its state at start.
    pub state: ResourceState,
    /// "Locked" in its current state: an offline without
    /// `CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS` is refused.
    pub locked: bool,
    /// How long each transition (offline or online) takes.
    pub delay: Duration,
    /// Fail (state `Failed`) instead of going offline.
    pub fail_offline: bool,
    /// Fail (state `Failed`) instead of coming online.
    pub fail_online: bool,
    /// For a VM: its `OfflineAction` private property, used when the offline
    /// buffer has no instruction for it.
    pub offline_action: VmAction,
}

impl ResourceConfig {
    /// An online, unlocked resource of `resource_type` with no delay.
    pub fn new(name: &str, resource_type: &str) -> Self {
        Self {
            name: name.to_owned(),
            resource_type: resource_type.to_owned(),
            state: ResourceState::Online,
            locked: false,
            delay: Duration::ZERO,
            fail_offline: false,
            fail_online: false,
            offline_action: VmAction::Save,
        }
    }

    /// A `"Virtual Machine"` resource.
    pub fn virtual_machine(name: &str) -> Self {
        Self::new(name, VIRTUAL_MACHINE)
    }

    /// Sets the state at start.
    pub fn state(mut self, state: ResourceState) -> Self {
        self.state = state;
        self
    }

    /// Locks the resource in its state.
    pub fn locked(mut self) -> Self {
        self.locked = true;
        self
    }

    /// Sets the delay of each transition.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Makes the resource fail while going offline.
    pub fn fail_offline(mut self) -> Self {
        self.fail_offline = true;
        self
    }

    /// Makes the resource fail while coming online.
    pub fn fail_online(mut self) -> Self {
        self.fail_online = true;
        self
    }

    /// Sets a VM's `OfflineAction`.
    pub fn offline_action(mut self, action: VmAction) -> Self {
        self.offline_action = action;
        self
    }
}

/// One group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupConfig {
    /// Its name.
    pub name: String,
    /// Its resources.
    pub resources: Vec<ResourceConfig>,
    /// Failure injection: `GetClusterGroupState` fails with this code.
    pub state_query_error: Option<u32>,
}

impl GroupConfig {
    /// An empty group.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            resources: Vec::new(),
            state_query_error: None,
        }
    }

    /// Adds a resource.
    pub fn resource(mut self, resource: ResourceConfig) -> Self {
        self.resources.push(resource);
        self
    }

    /// Makes `GetClusterGroupState` fail with `code`.
    pub fn state_query_error(mut self, code: u32) -> Self {
        self.state_query_error = Some(code);
        self
    }
}

/// One simulated cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterConfig {
    /// Its name (what `OpenCluster` is given; case-insensitive, unique among
    /// the clusters alive in the process).
    pub name: String,
    /// Whether `OpenCluster(NULL)` opens this cluster (at most one at a time).
    pub local: bool,
    /// The node that owns every group.
    pub node: String,
    /// What the simulated caller may be granted.
    pub caller_access: CallerAccess,
    /// Its groups.
    pub groups: Vec<GroupConfig>,
}

/// The name of the demo cluster.
pub const DEMO_CLUSTER: &str = "DemoCluster";
/// The name of the demo group.
pub const DEMO_GROUP: &str = "DemoGroup";
/// The name of the demo VM resource.
pub const DEMO_VM: &str = "DemoVM";
/// The name of the demo disk resource.
pub const DEMO_DISK: &str = "Cluster Disk 1";

impl ClusterConfig {
    /// An empty cluster on node `NODE1`.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            local: false,
            node: "NODE1".to_owned(),
            caller_access: CallerAccess::All,
            groups: Vec::new(),
        }
    }

    /// The built-in demo: cluster `DemoCluster` (local) with group
    /// `DemoGroup` holding an online `"Virtual Machine"` resource `DemoVM`
    /// and an online `"Physical Disk"` resource `Cluster Disk 1`, each taking
    /// 20 ms per transition.
    pub fn demo() -> Self {
        let delay = Duration::from_millis(20);
        Self::new(DEMO_CLUSTER).local().group(
            GroupConfig::new(DEMO_GROUP)
                .resource(ResourceConfig::virtual_machine(DEMO_VM).delay(delay))
                .resource(ResourceConfig::new(DEMO_DISK, "Physical Disk").delay(delay)),
        )
    }

    /// Renames the cluster (and makes it non-local), e.g. to run the demo in
    /// parallel tests.
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_owned();
        self.local = false;
        self
    }

    /// Makes it the local cluster.
    pub fn local(mut self) -> Self {
        self.local = true;
        self
    }

    /// Adds a group.
    pub fn group(mut self, group: GroupConfig) -> Self {
        self.groups.push(group);
        self
    }

    /// Sets what the caller may be granted.
    pub fn caller_access(mut self, access: CallerAccess) -> Self {
        self.caller_access = access;
        self
    }

    /// Reads exactly one cluster from the text format (module docs).
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let mut all = Self::parse_all(text)?;
        if all.len() != 1 {
            return Err(ConfigError::new(
                0,
                format!("expected one cluster, found {}", all.len()),
            ));
        }
        Ok(all.remove(0))
    }

    /// Reads every cluster in the text format (module docs).
    pub fn parse_all(text: &str) -> Result<Vec<Self>, ConfigError> {
        let mut clusters: Vec<Self> = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let line = line.split_once('#').map_or(line, |(code, _)| code);
            let tokens = tokenize(line).map_err(|m| ConfigError::new(number, m))?;
            let Some((keyword, rest)) = tokens.split_first() else {
                continue;
            };
            let err = |m: String| ConfigError::new(number, m);
            let Some((name, options)) = rest.split_first() else {
                return Err(err(format!("`{keyword}` needs a name")));
            };
            if name.key.is_some() {
                return Err(err(format!("`{keyword}` needs a name first")));
            }
            match keyword.value.as_str() {
                "cluster" => {
                    let mut cluster = Self::new(&name.value);
                    for o in options {
                        match (o.key.as_deref(), o.value.as_str()) {
                            (None, "local") => cluster.local = true,
                            (Some("node"), v) => cluster.node = v.to_owned(),
                            (Some("caller-access"), "all") => {
                                cluster.caller_access = CallerAccess::All
                            }
                            (Some("caller-access"), "read") => {
                                cluster.caller_access = CallerAccess::Read
                            }
                            _ => return Err(err(format!("unknown cluster option `{o}`"))),
                        }
                    }
                    clusters.push(cluster);
                }
                "group" => {
                    let cluster = clusters
                        .last_mut()
                        .ok_or_else(|| err("`group` before any `cluster`".to_owned()))?;
                    let mut group = GroupConfig::new(&name.value);
                    for o in options {
                        match (o.key.as_deref(), o.value.as_str()) {
                            (Some("state-query-error"), v) => {
                                group.state_query_error = Some(parse_number(v).map_err(err)?);
                            }
                            _ => return Err(err(format!("unknown group option `{o}`"))),
                        }
                    }
                    cluster.groups.push(group);
                }
                "resource" => {
                    let group = clusters
                        .last_mut()
                        .and_then(|c| c.groups.last_mut())
                        .ok_or_else(|| err("`resource` before any `group`".to_owned()))?;
                    let mut resource = ResourceConfig::new(&name.value, "");
                    for o in options {
                        match (o.key.as_deref(), o.value.as_str()) {
                            (Some("type"), v) => resource.resource_type = v.to_owned(),
                            (Some("state"), "online") => resource.state = ResourceState::Online,
                            (Some("state"), "offline") => resource.state = ResourceState::Offline,
                            (Some("state"), "failed") => resource.state = ResourceState::Failed,
                            (None, "locked") => resource.locked = true,
                            (None, "fail-offline") => resource.fail_offline = true,
                            (None, "fail-online") => resource.fail_online = true,
                            (Some("delay-ms"), v) => {
                                resource.delay =
                                    Duration::from_millis(parse_number(v).map_err(err)?.into());
                            }
                            (Some("offline-action"), v) => {
                                let n = parse_number(v).map_err(err)?;
                                resource.offline_action =
                                    VmAction::from_value(n).ok_or_else(|| {
                                        err(format!("offline-action {n} is not 0..3"))
                                    })?;
                            }
                            _ => return Err(err(format!("unknown resource option `{o}`"))),
                        }
                    }
                    if resource.resource_type.is_empty() {
                        return Err(err(format!("resource `{}` needs type=...", resource.name)));
                    }
                    group.resources.push(resource);
                }
                other => return Err(err(format!("unknown item `{other}`"))),
            }
        }
        Ok(clusters)
    }
}

/// A configuration problem, with its 1-based line (0: the whole text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The line, or 0.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    pub(crate) fn new(line: usize, message: String) -> Self {
        Self { line, message }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

struct Token {
    key: Option<String>,
    value: String,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(k) => write!(f, "{k}={}", self.value),
            None => f.write_str(&self.value),
        }
    }
}

fn parse_number(text: &str) -> Result<u32, String> {
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|_| format!("`{text}` is not a number"))
}

/// Splits a line into `word`, `"quoted words"`, `key=value` and
/// `key="quoted value"` tokens.
fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else {
            return Ok(tokens);
        };
        let mut key = None;
        let mut value = String::new();
        if first != '"' {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '"') {
                value.push(c);
            }
            if chars.next_if_eq(&'=').is_some() {
                key = Some(std::mem::take(&mut value));
            } else {
                if chars.peek() == Some(&'"') {
                    return Err(format!("unexpected quote after `{value}`"));
                }
                tokens.push(Token { key, value });
                continue;
            }
        }
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some(c) => value.push(c),
                    None => return Err("unterminated quote".to_owned()),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                value.push(c);
            }
        }
        tokens.push(Token { key, value });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example() {
        let text = r#"
            # a comment
            cluster "TestCluster" local node="NODE 2" caller-access=read
            group "DemoGroup" state-query-error=0x139F
            resource "DemoVM" type="Virtual Machine" state=online locked delay-ms=5 offline-action=2
            resource "Disk 1" type="Physical Disk" fail-offline state=failed
        "#;
        let c = ClusterConfig::parse(text).unwrap();
        assert_eq!(c.name, "TestCluster");
        assert!(c.local);
        assert_eq!(c.node, "NODE 2");
        assert_eq!(c.caller_access, CallerAccess::Read);
        let g = &c.groups[0];
        assert_eq!(g.state_query_error, Some(5023));
        assert_eq!(g.resources[0].resource_type, "Virtual Machine");
        assert!(g.resources[0].locked);
        assert_eq!(g.resources[0].delay, Duration::from_millis(5));
        assert_eq!(g.resources[0].offline_action, VmAction::Shutdown);
        assert!(g.resources[1].fail_offline);
        assert_eq!(g.resources[1].state, ResourceState::Failed);
    }

    #[test]
    fn errors_name_the_line() {
        let e = ClusterConfig::parse("cluster C\nresource R type=x").unwrap_err();
        assert_eq!(e.line, 2);
        let e = ClusterConfig::parse("cluster C\ngroup G\nresource R").unwrap_err();
        assert!(e.message.contains("type"), "{e}");
        let e = ClusterConfig::parse("cluster \"C").unwrap_err();
        assert!(e.message.contains("unterminated"), "{e}");
        let e = ClusterConfig::parse("cluster C bogus").unwrap_err();
        assert!(e.to_string().starts_with("line 1:"), "{e}");
    }

    #[test]
    fn demo_has_a_vm_and_a_disk() {
        let demo = ClusterConfig::demo();
        assert_eq!(demo.groups[0].name, DEMO_GROUP);
        let types: Vec<_> = demo.groups[0]
            .resources
            .iter()
            .map(|r| r.resource_type.as_str())
            .collect();
        assert_eq!(types, ["Virtual Machine", "Physical Disk"]);
    }
}
