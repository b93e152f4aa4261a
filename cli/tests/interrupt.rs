//! Ctrl-C during a wait: the first asks the cluster to cancel and the
//! command reports what became of it (exit 130); a second ends it at once.
#![cfg(unix)]

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A group whose two resources take 3 s each to go offline.
const SLOW: &str = "cluster \"Slow\" local\n\
                    node \"NODE2\"\n\
                    group \"G\"\n\
                    resource \"VM\" type=\"Virtual Machine\" delay-ms=3000\n\
                    resource \"Disk\" type=\"Physical Disk\" delay-ms=3000\n";

fn start_slow_offline(dir: &std::path::Path) -> Child {
    let config = dir.join("slow.cfg");
    std::fs::write(&config, SLOW).unwrap();
    Command::new(env!("CARGO_BIN_EXE_clusprop"))
        .args(["offline", "G", "--sim-config"])
        .arg(&config)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits until the command has printed that it is waiting (so the Ctrl-C
/// handler is armed), reading its stdout as it comes.
fn wait_until_waiting(child: &mut Child) -> String {
    let mut out = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let started = Instant::now();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains("group state Pending") {
        assert!(started.elapsed() < Duration::from_secs(20), "never waited");
        if out.read(&mut byte).unwrap() == 0 {
            break;
        }
        seen.push(byte[0]);
    }
    child.stdout = Some(out);
    String::from_utf8(seen).unwrap()
}

#[test]
fn the_first_ctrl_c_cancels_the_operation_and_says_so() {
    let dir = std::env::temp_dir().join(format!("clusprop-int-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = start_slow_offline(&dir);
    let before = wait_until_waiting(&mut child);
    let sent = Instant::now();
    interrupt(&child);
    let out = child.wait_with_output().unwrap();
    let waited = sent.elapsed();
    let stdout = before + &String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("CancelClusterGroupOperation(\"G\")")
            && stderr.contains("interrupted: the cluster was asked to cancel"),
        "{stderr}"
    );
    // The resources were left where they were, not taken offline; the
    // group is online again, and the command did not wait out the 6 s.
    assert!(stdout.contains("the operation was cancelled"), "{stdout}");
    assert!(
        stderr.contains("group \"G\" is online on NODE1"),
        "{stderr}"
    );
    assert!(waited < Duration::from_secs(4), "{waited:?}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Two Ctrl-C in a row: whichever way the race between the signals and the
/// wait goes (the second may even merge into the first), the command ends
/// as interrupted, never as a success or a plain failure. That the second
/// one exits without waiting is `interrupt::tests`' job.
#[test]
fn two_ctrl_c_in_a_row_end_the_command_as_interrupted() {
    let dir = std::env::temp_dir().join(format!("clusprop-int2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = start_slow_offline(&dir);
    wait_until_waiting(&mut child);
    interrupt(&child);
    interrupt(&child);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted again: ending without waiting")
            || stderr.contains("interrupted: the cluster was asked to cancel"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
