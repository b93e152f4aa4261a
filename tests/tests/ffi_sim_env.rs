//! The simulator configured from a file named by `CLUSPROP_SIM_CONFIG` (how
//! a program that loads it as its clusapi, e.g. under Wine, gets its
//! clusters). The variable is read once per process, on first use, so the
//! test runs itself again as a child process with the variable set.

use std::process::Command;

use clusprop_ffi::{
    Cluster, GroupState, OfflineFlags, Outcome, WaitOptions, WaitTarget, Win32Error,
};
use clusprop_sim::{CONFIG_ENV, SimLibrary};

const CONFIG: &str = r#"
# two clusters in one file
cluster "FileCluster" local node=FILENODE
group "Web"
resource "Site" type="Generic Service" delay-ms=1
cluster "Other"
group "Empty"
"#;

fn child(api: &clusprop_ffi::ClusApi) {
    let cluster = Cluster::open_local(api).expect("the file's local cluster");
    let group = cluster.open_group("web").expect("group from the file");
    assert_eq!(
        group.state_and_node().unwrap(),
        (GroupState::Online, "FILENODE".to_owned())
    );
    assert_eq!(
        group.offline_ex_raw(OfflineFlags::NONE, &[]).unwrap(),
        Outcome::Pending
    );
    assert_eq!(
        group
            .wait(WaitTarget::Offline, &WaitOptions::default())
            .unwrap(),
        GroupState::Offline
    );
    let other = Cluster::open_named(api, "OTHER").expect("second cluster from the file");
    assert_eq!(
        other.open_group("Empty").unwrap().state().unwrap(),
        GroupState::Offline
    );
    match other
        .open_group("Web")
        .map_err(clusprop_ffi::Error::into_inner)
    {
        Err(clusprop_ffi::Error::Api { error, .. }) => assert_eq!(error, Win32Error::GroupNotFound),
        other => panic!("expected ERROR_GROUP_NOT_FOUND, got {other:?}"),
    }
}

#[test]
fn configuration_file_from_the_environment() {
    if std::env::var_os(CONFIG_ENV).is_some() {
        // Child: both the in-process simulator and the shared library read
        // the file on first use.
        child(&clusprop_sim::clusapi());
        let library = SimLibrary::load_built().expect("cdylib beside the test");
        child(library.api());
        assert_eq!(library.open_handles("FileCluster"), Some(0));
        assert_eq!(
            library.events("FileCluster").unwrap(),
            ["Site (Generic Service): went offline"]
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("clusprop-sim-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("clusters.txt");
    std::fs::write(&path, CONFIG).unwrap();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "configuration_file_from_the_environment",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CONFIG_ENV, &path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("1 passed"),
        "the child ran the test:\n{stdout}"
    );
}
