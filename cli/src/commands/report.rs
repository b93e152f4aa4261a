//! `offline`, `online` and `move` with `--json`: one JSON object on stdout
//! with how the operation ended (the human progress goes to stderr).

use clusprop_ffi::Group;
use serde_json::{Value, json};

use crate::backend::Backend;
use crate::error::Failure;

/// What the JSON object says, filled in as the command runs.
pub struct Report {
    operation: &'static str,
    group: String,
    state: Option<String>,
    owner_node: Option<String>,
    resources: Option<Vec<Value>>,
}

impl Report {
    /// A report of `operation` on `group`, nothing observed yet.
    pub fn new(operation: &'static str, group: &str) -> Self {
        Report {
            operation,
            group: group.to_owned(),
            state: None,
            owner_node: None,
            resources: None,
        }
    }

    /// Reads the group's final state and owner, and what each simulated
    /// resource did (a real cluster's resources need group enumeration,
    /// which this command does not do yet: `resources` is then null).
    pub fn observe(&mut self, group: &Group, backend: &Backend) {
        if let Ok((state, node)) = group.state_and_node() {
            self.state = Some(state.to_string());
            self.owner_node = Some(node);
        }
        if let Some(sim) = &backend.sim {
            self.resources = Some(
                sim.events()
                    .iter()
                    .filter_map(|e| crate::backend::event_json(e, &self.group))
                    .collect(),
            );
        }
    }

    /// Prints the object for `result` (the command's outcome, its failure
    /// already naming the group).
    pub fn print(&self, result: &Result<(), Failure>) {
        let error = match result {
            Ok(()) => Value::Null,
            Err(f) => json!({
                "message": f.message,
                "win32_code": f.win32.map(|w| w.code()),
                "win32_name": f.win32.and_then(|w| w.name()),
            }),
        };
        let object = json!({
            "operation": self.operation,
            "group": self.group,
            "ok": result.is_ok(),
            "exit_status": result.as_ref().err().map_or(0, |f| f.status),
            "state": self.state,
            "owner_node": self.owner_node,
            "resources": self.resources,
            "error": error,
        });
        let text = crate::json::to_string_pretty(&object).unwrap_or_default();
        crate::output::write_stdout(&format!("{text}\n"));
    }
}
