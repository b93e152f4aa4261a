//! What `offline`, `online` and `move` share: printing the call and how it
//! was taken, the wait with a progress line, and what the simulated
//! resources did.

use std::time::Duration;

use clusprop::PropertyList;
use clusprop::offline::OfflineInstructions;
use clusprop_ffi::{Error, Group, GroupState, Outcome, WaitOptions, WaitTarget};

use crate::backend::Backend;
use crate::error::Failure;
use crate::output::{out, outln};

/// Checks `--timeout` and turns it into wait options (short polls, so the
/// progress line follows the group closely).
pub fn wait_options(timeout_secs: f64) -> Result<WaitOptions, Failure> {
    if !(timeout_secs.is_finite() && timeout_secs >= 0.0) {
        return Err(Failure::usage("--timeout must be a number of seconds"));
    }
    Ok(
        WaitOptions::with_timeout(Duration::from_secs_f64(timeout_secs))
            .intervals(Duration::from_millis(20), Duration::from_millis(500)),
    )
}

/// Encodes the instructions, prints them decoded, and returns the bytes.
pub fn encode_and_print(instructions: &OfflineInstructions) -> Result<Vec<u8>, Failure> {
    let bytes = instructions
        .to_vec()
        .map_err(|e| Failure::usage(format!("cannot encode the instructions: {e}")))?;
    let decoded = PropertyList::parse(&bytes).map_err(Failure::bad_input)?;
    outln!("instructions ({} bytes):", bytes.len());
    out!("{}", crate::tree::property_list(&decoded));
    Ok(bytes)
}

/// Prints `call: ` and how the call was taken; a rejection is the failure
/// to return (after the simulated resources' events, if any).
pub fn print_outcome(
    call: &str,
    outcome: Result<Outcome, Error>,
    backend: &Backend,
) -> Result<Outcome, Failure> {
    out!("{call}: ");
    match outcome {
        Ok(Outcome::Completed) => {
            outln!("ERROR_SUCCESS: completed");
            Ok(Outcome::Completed)
        }
        Ok(Outcome::Pending) => {
            outln!("ERROR_IO_PENDING: accepted, in progress");
            Ok(Outcome::Pending)
        }
        Err(e) => {
            outln!("rejected");
            report_events(backend);
            Err(Failure::cluster(e))
        }
    }
}

/// Waits for the group to reach `target`, printing each new state with the
/// time waited; a failed wait prints the events and is the failure.
pub fn wait_for_group(
    group: &Group,
    target: WaitTarget,
    options: &WaitOptions,
    backend: &Backend,
) -> Result<GroupState, Failure> {
    outln!(
        "waiting for {:?} to be {target} (timeout {} s)",
        group.name(),
        options.timeout.as_secs_f64()
    );
    let mut last: Option<GroupState> = None;
    let waited = group.wait_observed(target, options, |state, elapsed| {
        if last != Some(state) {
            outln!("  {:>7.2} s  group state {state:?}", elapsed.as_secs_f64());
            last = Some(state);
        }
    });
    waited.map_err(|e| {
        report_events(backend);
        Failure::cluster(e)
    })
}

/// Prints what the simulated resources did (nothing for a real cluster).
pub fn report_events(backend: &Backend) {
    if let Some(sim) = &backend.sim {
        sim.wait_idle(Duration::from_secs(5));
        for event in sim.events() {
            outln!("  {event}");
        }
    }
}
