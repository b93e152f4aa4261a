//! `clusprop list`, run as a user runs it, against the simulated cluster.

use assert_cmd::Command;

fn clusprop() -> Command {
    Command::cargo_bin("clusprop").unwrap()
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A configuration file for `--sim-config`, removed on drop.
struct Config(std::path::PathBuf);

impl Config {
    fn new(test: &str, text: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("clusprop-list-{test}-{}.conf", std::process::id()));
        std::fs::write(&path, text).unwrap();
        Config(path)
    }
}

impl Drop for Config {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const CONFIG: &str = "cluster \"Lab\" local node=N1
node N2
network \"Public Net\"
netinterface \"N1 - Public\" node=N1 network=\"Public Net\"
restype \"Generic Script\"
group \"Web\" owner=N2
resource \"Web IP\" type=\"IP Address\" state=offline
resource \"Web Service\" type=\"Generic Service\"
group \"Files\"
resource \"Disk 9\" type=\"Physical Disk\"
";

#[test]
fn groups_on_the_demo_as_get_clustergroup_shows_them() {
    let out = stdout(clusprop().args(["list", "groups", "--simulate"]));
    assert_eq!(
        out,
        "Name      OwnerNode State\n\
         ----      --------- -----\n\
         DemoGroup NODE1     Online\n"
    );
}

#[test]
fn every_kind_from_a_configuration() {
    let config = Config::new("kinds", CONFIG);
    let list = |what: &str| {
        stdout(
            clusprop()
                .args(["list", what, "--sim-config"])
                .arg(&config.0),
        )
    };
    assert_eq!(
        list("groups"),
        "Name  OwnerNode State\n\
         ----  --------- -----\n\
         Web   N2        PartialOnline\n\
         Files N1        Online\n"
    );
    assert_eq!(
        list("resources"),
        "Name        State   OwnerGroup ResourceType\n\
         ----        -----   ---------- ------------\n\
         Web IP      Offline Web        IP Address\n\
         Web Service Online  Web        Generic Service\n\
         Disk 9      Online  Files      Physical Disk\n"
    );
    assert_eq!(
        list("resource-types"),
        "Name\n----\nIP Address\nGeneric Service\nPhysical Disk\nGeneric Script\n"
    );
    let nodes = list("nodes");
    let lines: Vec<&str> = nodes.lines().collect();
    assert_eq!(lines.len(), 4, "{nodes}");
    assert!(lines[0].starts_with("Name") && lines[0].ends_with("Id"));
    assert!(lines[2].starts_with("N1 ") && lines[3].starts_with("N2 "));
    let networks = list("networks");
    assert!(
        networks.lines().nth(2).unwrap().starts_with("Public Net "),
        "{networks}"
    );
}

#[test]
fn json_is_an_array_of_objects_with_powershell_names() {
    let config = Config::new("json", CONFIG);
    let out = stdout(
        clusprop()
            .args(["list", "resources", "--json", "--sim-config"])
            .arg(&config.0),
    );
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0],
        serde_json::json!({
            "Name": "Web IP",
            "State": "Offline",
            "OwnerGroup": "Web",
            "ResourceType": "IP Address"
        })
    );
    let out = stdout(clusprop().args(["list", "nodes", "--json", "--simulate"]));
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[1]["Name"], "NODE2");
    assert_eq!(rows[1]["Id"].as_str().unwrap().len(), 36);
}

#[test]
fn an_unknown_kind_is_a_usage_error() {
    let out = clusprop()
        .args(["list", "volumes", "--simulate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("resource-types"), "lists the choices: {err}");
}

#[test]
fn control_characters_in_names_are_escaped_in_the_table() {
    // Names come from the cluster: an escape sequence in one must not
    // reach the terminal, as `get --format table` and `decode` escape them.
    let config = Config::new(
        "escapes",
        "cluster \"Esc\" local\n\
         group \"G\u{1b}[31m\"\n\
         resource \"R\u{1b}]0;x\u{7}\" type=\"T\u{9b}2J\"\n",
    );
    let out = stdout(
        clusprop()
            .args(["list", "resources", "--sim-config"])
            .arg(&config.0),
    );
    assert!(
        !out.contains(|c: char| c.is_control() && c != '\n'),
        "{out:?}"
    );
    assert_eq!(
        out.lines().nth(2).unwrap(),
        "R\\u{1b}]0;x\\u{7} Online G\\u{1b}[31m T\\u{9b}2J"
    );
    // The JSON form keeps them as they are (JSON escapes them itself).
    let json = stdout(
        clusprop()
            .args(["list", "resources", "--json", "--sim-config"])
            .arg(&config.0),
    );
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows[0]["Name"], "R\u{1b}]0;x\u{7}");
}
