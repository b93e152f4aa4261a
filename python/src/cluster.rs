//! `Cluster` and `Group`: the offline / online / move calls with their
//! waits, and property reads and writes, through clusprop-ffi (the system's
//! clusapi.dll, or the simulated cluster of clusprop-sim).

use std::sync::Arc;
use std::time::Duration;

use clusprop::OwnedPropertyList;
use clusprop::offline::{OfflineInstructions, VmMoveAction};
use clusprop_ffi::{
    ClusApi, ControlTarget, MoveFlags, OfflineFlags, OnlineFlags, PropertyKind, SetOutcome,
    WaitOptions, WritableKind,
};
use clusprop_sim::SimCluster;
use pyo3::exceptions::{PyOverflowError, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyMapping, PyString, PyTuple};

use crate::errors::{cluster_error, encode_error};
use crate::{builders, interrupt};

/// What a `Cluster` and its groups share. Field order is drop order: the
/// cluster handle closes before the simulator behind it goes away.
struct Open {
    cluster: clusprop_ffi::Cluster,
    sim: Option<SimCluster>,
}

/// A failover cluster: the local one (`name=None`) or a named one, through
/// the system's clusapi.dll; with `simulate=True` (the only choice off
/// Windows) the simulated demo cluster "DemoCluster" (nodes NODE1 and NODE2,
/// group "DemoGroup" holding the VM "DemoVM" and "Cluster Disk 1"), or the
/// cluster `config` describes in the simulator's text format (mark it
/// `local`, or pass its name); one simulated cluster per process at a time,
/// fresh each time.
#[pyclass(module = "clusprop", frozen)]
pub struct Cluster {
    open: Arc<Open>,
}

/// The message for a `timeout` that is not a number of seconds in range.
fn bad_timeout(got: &str) -> PyErr {
    PyValueError::new_err(format!(
        "timeout must be a number of seconds from 0 to {:e}, got {got}",
        Duration::MAX.as_secs_f64()
    ))
}

/// The `timeout` argument: a float or an int. A bool is refused
/// (`timeout=True` is a mistake, not one second, and was taken as one), and
/// an int too large for a float gets the same message as any number out of
/// range, where Python's conversion said "int too large to convert to
/// float".
struct Seconds(f64);

impl<'a, 'py> FromPyObject<'a, 'py> for Seconds {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyBool>() {
            return Err(bad_timeout(&obj.to_string()));
        }
        match obj.extract::<f64>() {
            Ok(seconds) => Ok(Seconds(seconds)),
            Err(e) if e.is_instance_of::<PyOverflowError>(obj.py()) => {
                Err(bad_timeout("an int beyond a float's range"))
            }
            Err(_) => Err(PyTypeError::new_err(format!(
                "timeout must be a number of seconds, found {}",
                builders::found(&obj)
            ))),
        }
    }
}

/// The wait for `timeout` seconds: a number from 0 to what a `Duration`
/// holds (about 1.8e19 s). `Duration::from_secs_f64` panics beyond that, so
/// the checked conversion says which value was refused instead. Ctrl-C
/// stops it within a poll interval (at most half a second).
fn wait_options(Seconds(timeout): Seconds) -> PyResult<WaitOptions> {
    let duration =
        Duration::try_from_secs_f64(timeout).map_err(|_| bad_timeout(&format!("{timeout:?}")))?;
    Ok(WaitOptions::with_timeout(duration)
        .intervals(Duration::from_millis(20), Duration::from_millis(500))
        .stop_when(interrupt::signal_raised))
}

/// The simulated cluster: the demo, or the one `config` describes (the
/// simulator's text format). A config that does not parse is a ValueError
/// naming its line and column; a second live simulator a RuntimeError.
fn start_simulator(config: Option<&str>) -> PyResult<SimCluster> {
    let parsed = match config {
        Some(text) => clusprop_sim::ClusterConfig::parse(text)
            .map_err(|e| PyValueError::new_err(format!("config: {e}")))?,
        None => clusprop_sim::ClusterConfig::demo(),
    };
    SimCluster::new(&parsed).map_err(|e| {
        PyRuntimeError::new_err(format!(
            "cannot start the simulated cluster: {e} (one per process: drop the other \
             simulated Cluster and its groups first)"
        ))
    })
}

#[pymethods]
impl Cluster {
    #[new]
    #[pyo3(signature = (name = None, simulate = false, config = None))]
    fn new(
        py: Python<'_>,
        name: Option<String>,
        simulate: bool,
        config: Option<&str>,
    ) -> PyResult<Self> {
        let (api, sim) = if simulate {
            let sim = start_simulator(config)?;
            (sim.api(), Some(sim))
        } else if config.is_some() {
            return Err(PyValueError::new_err(
                "config describes a simulated cluster: pass simulate=True with it",
            ));
        } else {
            let api = ClusApi::system().map_err(|e| cluster_error(py, &e))?;
            (api, None)
        };
        let cluster = match &name {
            Some(name) => clusprop_ffi::Cluster::open_named(&api, name),
            None => clusprop_ffi::Cluster::open_local(&api),
        }
        .map_err(|e| cluster_error(py, &e))?;
        Ok(Cluster {
            open: Arc::new(Open { cluster, sim }),
        })
    }

    /// True when this is the simulated cluster.
    #[getter]
    fn simulated(&self) -> bool {
        self.open.sim.is_some()
    }

    /// The name the cluster was opened by (None for the local cluster).
    #[getter]
    fn name(&self) -> Option<String> {
        self.open.cluster.name().map(str::to_owned)
    }

    /// Opens a group by name.
    fn group(&self, py: Python<'_>, name: &str) -> PyResult<Group> {
        let group = self
            .open
            .cluster
            .open_group(name)
            .map_err(|e| cluster_error(py, &e))?;
        Ok(Group {
            group,
            open: Arc::clone(&self.open),
        })
    }

    /// What the simulated resources did so far, one line each
    /// ("DemoVM (Virtual Machine): VM saved its state"); empty for a real
    /// cluster. Waits up to a second for the simulator to go idle first.
    fn events(&self, py: Python<'_>) -> Vec<String> {
        match &self.open.sim {
            Some(sim) => py.detach(|| {
                sim.wait_idle(Duration::from_secs(1));
                sim.events().iter().map(ToString::to_string).collect()
            }),
            None => Vec::new(),
        }
    }

    fn __repr__(&self) -> String {
        match (&self.open.sim, self.open.cluster.name()) {
            (Some(sim), _) => format!(
                "<clusprop.Cluster simulated {}>",
                clusprop::quoted(sim.name())
            ),
            (None, Some(name)) => format!("<clusprop.Cluster {}>", clusprop::quoted(name)),
            (None, None) => "<clusprop.Cluster local>".to_owned(),
        }
    }
}

/// A cluster group, opened with `Cluster.group(name)`.
#[pyclass(module = "clusprop", frozen)]
pub struct Group {
    group: clusprop_ffi::Group,
    open: Arc<Open>,
}

fn property_kind(kind: &str) -> PyResult<PropertyKind> {
    match kind {
        "common" => Ok(PropertyKind::Common),
        "read_only_common" => Ok(PropertyKind::ReadOnlyCommon),
        "private" => Ok(PropertyKind::Private),
        "read_only_private" => Ok(PropertyKind::ReadOnlyPrivate),
        other => Err(PyValueError::new_err(format!(
            "unknown property kind {other:?} (expected \"common\", \"read_only_common\", \
             \"private\" or \"read_only_private\")"
        ))),
    }
}

/// Whether `spec` is a `(format, value)` pair: a tuple of two whose first
/// item is a str.
fn is_pair(spec: &Bound<'_, PyAny>) -> bool {
    spec.cast::<PyTuple>()
        .is_ok_and(|t| t.len() == 2 && t.get_item(0).is_ok_and(|f| f.is_instance_of::<PyString>()))
}

/// The owned list `set_properties` takes: the JSON form, or a mapping of
/// names to `(format, value)` pairs (any mapping, as the stubs say).
fn properties_to_set(props: &Bound<'_, PyAny>) -> PyResult<OwnedPropertyList> {
    let props = props.cast::<PyMapping>().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected a mapping (the JSON form, or {{name: (format, value)}}), found {}",
            builders::found(props)
        ))
    })?;
    // The JSON form holds a list of objects under "properties"; a
    // `(format, value)` pair there is a property named "properties" (a
    // private property may be called so), not the JSON form.
    if props.contains("properties")? && !is_pair(&props.get_item("properties")?) {
        // One plain copy, which the check and `pythonize` read alike.
        let form = crate::form::plain(props.as_any())?;
        if let Some(message) = crate::form::check(&form)? {
            return Err(encode_error(format!("invalid property list: {message}")));
        }
        return pythonize::depythonize(&form)
            .map_err(|e| encode_error(format!("invalid property list: {e}")));
    }
    let mut list = OwnedPropertyList::new();
    for (index, item) in props.items()?.try_iter()?.enumerate() {
        let (name, spec): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let name = builders::text(
            &name,
            "expected a str for the name",
            &format!("property {index}"),
        )?;
        let at = format!("property {index} {}", clusprop::quoted(&name));
        let pair = spec
            .cast::<PyTuple>()
            .ok()
            .and_then(|t| t.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>().ok());
        let Some((format, value)) = pair else {
            return Err(encode_error(format!(
                "expected a (format, value) pair, found {} in {at}",
                builders::found(&spec)
            )));
        };
        let format = builders::text(&format, "expected a str for the format", &at)?;
        let value = builders::value(&format, &value, &at)?;
        list.push(&name, value)
            .map_err(|e| encode_error(format!("{e} in {at}")))?;
    }
    Ok(list)
}

#[pymethods]
impl Group {
    /// The group's name.
    #[getter]
    fn name(&self) -> String {
        self.group.name().to_owned()
    }

    /// The group's state ("Online", "Offline", ...) and the node owning it.
    fn state(&self, py: Python<'_>) -> PyResult<(String, String)> {
        let (state, node) = self
            .group
            .state_and_node()
            .map_err(|e| cluster_error(py, &e))?;
        Ok((format!("{state:?}"), node))
    }

    /// OfflineClusterGroupEx with the VM instruction (`vm_action`: save,
    /// shutdown, turn-off, force-shutdown; None for no instructions), then
    /// waits up to `timeout` seconds for the group to be offline.
    #[pyo3(
        signature = (vm_action = None, timeout = Seconds(60.0), ignore_locked = false),
        text_signature = "($self, vm_action=None, timeout=60.0, ignore_locked=False)"
    )]
    fn offline(
        &self,
        py: Python<'_>,
        vm_action: Option<&str>,
        timeout: Seconds,
        ignore_locked: bool,
    ) -> PyResult<()> {
        let options = wait_options(timeout)?;
        let mut instructions = OfflineInstructions::new();
        if let Some(name) = vm_action {
            instructions = instructions.virtual_machine(builders::vm_action(name)?);
        }
        let flags = if ignore_locked {
            clusprop_ffi::CLUSAPI_GROUP_OFFLINE_IGNORE_RESOURCE_STATUS
        } else {
            OfflineFlags::NONE
        };
        py.detach(|| {
            self.group
                .offline_ex_and_wait(flags, &instructions, &options)
        })
        .map_err(|e| cluster_error(py, &e))
    }

    /// OnlineClusterGroupEx (on `node` if given), then waits for online;
    /// returns the node that owns the group (ClusterError when `node` was
    /// given and the group came online elsewhere: a group already online or
    /// partially online is brought up where it is, and the message says so).
    #[pyo3(
        signature = (node = None, timeout = Seconds(60.0)),
        text_signature = "($self, node=None, timeout=60.0)"
    )]
    fn online(&self, py: Python<'_>, node: Option<&str>, timeout: Seconds) -> PyResult<String> {
        let options = wait_options(timeout)?;
        let node = node
            .map(|n| self.open.cluster.open_node(n))
            .transpose()
            .map_err(|e| cluster_error(py, &e))?;
        py.detach(|| {
            self.group
                .online_ex_and_wait(OnlineFlags::NONE, node.as_ref(), &[], &options)
        })
        .map_err(|e| cluster_error(py, &e))
    }

    /// MoveClusterGroupEx to `node` with the VM instruction for both VM
    /// resource types (`vm_action`: live, save, shutdown, turn-off,
    /// force-shutdown; live is sent with the live-migration flags 0xE), then
    /// waits until the group is back; returns the node that owns it
    /// (ClusterError when it is not `node`).
    #[pyo3(
        name = "move",
        signature = (node, vm_action = None, timeout = Seconds(60.0)),
        text_signature = "($self, node, vm_action=None, timeout=60.0)"
    )]
    fn move_to(
        &self,
        py: Python<'_>,
        node: &str,
        vm_action: Option<&str>,
        timeout: Seconds,
    ) -> PyResult<String> {
        let options = wait_options(timeout)?;
        let action = vm_action.map(builders::vm_move_action).transpose()?;
        let mut instructions = OfflineInstructions::new();
        if let Some(action) = action {
            instructions = instructions.all_vm_types(action);
        }
        let flags = if action == Some(VmMoveAction::LiveMigration) {
            MoveFlags::LIVE_MIGRATION
        } else {
            MoveFlags::NONE
        };
        let node = self
            .open
            .cluster
            .open_node(node)
            .map_err(|e| cluster_error(py, &e))?;
        py.detach(|| {
            self.group
                .move_ex_and_wait(flags, Some(&node), &instructions, &options)
        })
        .map_err(|e| cluster_error(py, &e))
    }

    /// The group's properties of `kind` ("common", "read_only_common",
    /// "private", "read_only_private"), in the JSON form.
    #[pyo3(signature = (kind = "common"))]
    fn get_properties<'py>(&self, py: Python<'py>, kind: &str) -> PyResult<Bound<'py, PyAny>> {
        let kind = property_kind(kind)?;
        let reply = py
            .detach(|| self.group.get_properties(kind))
            .map_err(|e| cluster_error(py, &e))?;
        pythonize::pythonize(py, &reply.to_owned_list())
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Writes properties (`CLUSCTL_GROUP_SET_COMMON_PROPERTIES`, or the
    /// private ones): a dict in the JSON form, or `{name: (format, value)}`
    /// (formats as in `build`). Returns "applied", or "stored" when they take
    /// effect at the next online. Raises EncodeError for a list a client
    /// cannot send (an EXPANDED_SZ value, say), ClusterError when the
    /// cluster refuses it.
    #[pyo3(signature = (props, private = false))]
    fn set_properties(
        &self,
        py: Python<'_>,
        props: &Bound<'_, PyAny>,
        private: bool,
    ) -> PyResult<&'static str> {
        let list = properties_to_set(props)?;
        // Encoded here as `ControlTarget::set_properties` encodes it (the
        // list's own options: no EXPANDED_SZ), so that a list that cannot
        // be sent is an EncodeError naming the property, not a ClusterError
        // "cannot encode the instructions" with no place.
        let bytes = list
            .to_vec_located(&list.encode_options())
            .map_err(encode_error)?;
        let kind = if private {
            WritableKind::Private
        } else {
            WritableKind::Common
        };
        let outcome = py
            .detach(|| self.group.set_properties_raw(kind, &bytes))
            .map_err(|e| cluster_error(py, &e))?;
        Ok(match outcome {
            SetOutcome::Applied => "applied",
            SetOutcome::StoredUntilRestart => "stored",
        })
    }

    fn __repr__(&self) -> String {
        format!("<clusprop.Group {}>", clusprop::quoted(self.group.name()))
    }
}
