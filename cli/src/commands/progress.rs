//! What `offline`, `online` and `move` share: `--timeout` and the deadline
//! it sets for the whole command, printing the call and how it was taken,
//! the wait with a progress line, and what the simulated resources did.

use std::time::{Duration, Instant};

use clusprop::PropertyList;
use clusprop::offline::OfflineInstructions;
use clusprop_ffi::{Error, Group, GroupState, Outcome, WaitOptions, WaitTarget};

use crate::backend::Backend;
use crate::error::Failure;
use crate::output::{out, outln};

/// The longest `--timeout`: one week, in seconds.
pub const MAX_TIMEOUT_SECS: f64 = 604_800.0;

/// Parses `--timeout` (clap value parser): a number of seconds from 0 to
/// [`MAX_TIMEOUT_SECS`], in decimal digits with an optional fraction
/// (`90`, `0.25`). Rust's float syntax would also take `1e3`, `+5` and
/// `inf`, which a number of seconds is not written as (and `0x10` is refused
/// all the same).
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let range = "expected a number of seconds from 0 to 604800 (one week)";
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err(range.to_owned());
    }
    let secs: f64 = text.parse().map_err(|_| range.to_owned())?;
    if !(0.0..=MAX_TIMEOUT_SECS).contains(&secs) {
        return Err(range.to_owned());
    }
    Duration::try_from_secs_f64(secs).map_err(|_| range.to_owned())
}

/// When the command must be done: `--timeout` after it started. It covers
/// opening the cluster, the call, the wait and the wait for the simulated
/// resources' events; what is left past it (one last state query, printing,
/// exiting) is the documented margin of 0.5 s.
#[derive(Clone, Copy, Debug)]
pub struct Deadline {
    at: Instant,
    timeout: Duration,
}

impl Deadline {
    /// `timeout` from now.
    pub fn after(timeout: Duration) -> Self {
        let now = Instant::now();
        Deadline {
            // The timeout is at most a week, so this does not overflow.
            at: now.checked_add(timeout).unwrap_or(now),
            timeout,
        }
    }

    /// The time left (zero once passed).
    pub fn remaining(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// Wait options for what is left (short polls, so the progress line
    /// follows the group closely).
    pub fn wait_options(&self) -> WaitOptions {
        WaitOptions::with_timeout(self.remaining())
            .intervals(Duration::from_millis(20), Duration::from_millis(500))
    }
}

/// Encodes the instructions, prints them decoded, and returns the bytes.
pub fn encode_and_print(instructions: &OfflineInstructions) -> Result<Vec<u8>, Failure> {
    let bytes = instructions
        .to_vec()
        .map_err(|e| Failure::usage(format!("cannot encode the instructions: {e}")))?;
    let decoded = PropertyList::parse(&bytes).map_err(Failure::bad_input)?;
    outln!("instructions ({} bytes):", bytes.len());
    // Through `out!`, so that `--json` sends it to stderr with the rest of
    // the progress; the list is small (what the command line built).
    let mut tree = Vec::new();
    let _ = crate::tree::property_list(&mut tree, &decoded);
    out!("{}", String::from_utf8_lossy(&tree));
    Ok(bytes)
}

/// Prints `call: ` and how the call was taken; a rejection is the failure
/// to return (after the simulated resources' events, if any).
pub fn print_outcome(
    call: &str,
    outcome: Result<Outcome, Error>,
    backend: &Backend,
    deadline: &Deadline,
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
            report_events(backend, deadline);
            Err(Failure::cluster(e))
        }
    }
}

/// Waits until the deadline for the group to reach `target` (the library's
/// wait loop), printing each new state with the time waited from its
/// observer; a failed wait prints the events and is the failure.
pub fn wait_for_group(
    group: &Group,
    target: WaitTarget,
    deadline: &Deadline,
    backend: &Backend,
) -> Result<GroupState, Failure> {
    outln!(
        "waiting for {} to be {target} (timeout {} s; Ctrl-C asks the cluster to cancel)",
        clusprop::quoted(group.name()),
        deadline.timeout.as_secs_f64()
    );
    crate::interrupt::arm();
    let mut cancel: Option<String> = None;
    let waited = group.wait_with(target, &deadline.wait_options(), |event| {
        let elapsed = event.elapsed;
        if event.is_change() {
            outln!(
                "  {:>7.2} s  group state {:?}",
                elapsed.as_secs_f64(),
                event.state
            );
        }
        if cancel.is_none() && crate::interrupt::requested() {
            let said = match group.cancel_operation() {
                Ok(Outcome::Completed) => "cancelled".to_owned(),
                Ok(Outcome::Pending) => "accepted, cancelling".to_owned(),
                // The line names the group already.
                Err(e) => format!("refused: {}", e.inner()),
            };
            crate::output::errln!(
                "clusprop: interrupted at {:.2} s: CancelClusterGroupOperation({}): {said}",
                elapsed.as_secs_f64(),
                clusprop::quoted(group.name())
            );
            cancel = Some(said);
        }
    });
    if let Some(said) = cancel {
        // The wait saw what the cluster made of the request; say it, with
        // where the group is now, and exit as interrupted whatever it was.
        report_events(backend, deadline);
        let now = match group.state_and_node() {
            Ok((state, node)) => format!(
                "group {} is {state} on {}",
                clusprop::quoted(group.name()),
                clusprop::escaped(&node)
            ),
            // The line names the group already: the error inside, unprefixed.
            Err(e) => format!("the group's state cannot be read: {}", e.inner()),
        };
        return Err(Failure::new(
            crate::error::INTERRUPTED,
            format!("interrupted: the cluster was asked to cancel ({said}); {now}"),
        ));
    }
    waited.map_err(|e| {
        report_events(backend, deadline);
        Failure::cluster(e)
    })
}

/// Prints what the simulated resources did (nothing for a real cluster),
/// waiting for them to settle no longer than the deadline; what is still
/// running then is said to be abandoned. The resource names and types are
/// the cluster's: their control characters are escaped.
pub fn report_events(backend: &Backend, deadline: &Deadline) {
    if let Some(sim) = &backend.sim {
        let settled = sim.wait_idle(deadline.remaining());
        for event in sim.events() {
            outln!("  {}", crate::human::text(&event.to_string()));
        }
        if !settled {
            outln!("  (the simulated cluster is still working: its later events are not shown)");
        }
    }
}
