//! Arbitrary text through the simulator's configuration format
//! (`ClusterConfig::parse_all`: what `clusprop --sim-config` reads): never
//! a panic; an error names a line of the text (or 0, for the text as a
//! whole) and a column on it, says what is wrong, and shows no control or
//! bidi characters; every cluster read starts as a simulated
//! cluster, all of them at once (no other cluster lives in the process).
#![no_main]

use clusprop_sim::{ClusterConfig, SimCluster};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let clusters = match ClusterConfig::parse_all(text) {
        Ok(clusters) => clusters,
        Err(e) => {
            assert!(
                e.line <= text.lines().count(),
                "line {} of a {}-line text: {e}",
                e.line,
                text.lines().count()
            );
            assert!(!e.message.is_empty(), "an error without a message");
            // A column lies on its line (counted after a leading byte
            // order mark, which is not text), at most one past its end.
            if e.line > 0 && e.column > 0 {
                let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
                let line = body.lines().nth(e.line - 1).unwrap_or_default();
                assert!(
                    e.column <= line.chars().count() + 1,
                    "column {} of a line of {} characters: {e}",
                    e.column,
                    line.chars().count()
                );
            }
            // What the error shows cannot act on a terminal.
            let shown = e.to_string();
            assert!(
                !shown
                    .chars()
                    .any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)),
                "unescaped text in {shown:?}"
            );
            return;
        }
    };
    // Reading held each cluster to what starting it checks, and the
    // clusters to each other's names and `local`: all of them start, and
    // live together.
    let started: Vec<SimCluster> = clusters
        .iter()
        .map(|config| match SimCluster::new(config) {
            Ok(sim) => sim,
            Err(e) => panic!("a cluster read from text did not start: {e}"),
        })
        .collect();
    assert_eq!(started.len(), clusters.len());
});
