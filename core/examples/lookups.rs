//! Typed lookups by name, as resutils' `ResUtilFind*Property` do: the value
//! comes back typed, a missing name and a wrong format are distinct errors,
//! and every value of a multi-valued property is reachable.
//!
//! `cargo run -p clusprop --example lookups`

use clusprop::{
    EncodeOptions, ExpandSz, ExpandedSz, LookupError, MultiSz, MultiSzOf, PropertyList,
    PropertyListBuilder, Sz, Utf16Str,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A reply as a server writes it (EXPAND_SZ followed by its expansion).
    let mut buf = [0u8; 512];
    let mut b = PropertyListBuilder::with_options(&mut buf, EncodeOptions::server_reply());
    b.property("NodeName", &Sz("node1"))?
        .property("BuildNumber", &9600u32)?
        .property("PossibleOwners", &MultiSzOf(&["node1", "node2"]))?
        .property_with("LogPath", |v| {
            v.value(&ExpandSz("%SystemRoot%\\Cluster"))?
                .value(&ExpandedSz("C:\\Windows\\Cluster"))?;
            Ok(())
        })?;
    let len = b.finish()?;
    let list = PropertyList::parse(&buf[..len])?;

    let build: u32 = list.get("buildnumber")?; // names compare case-insensitively
    let node: Utf16Str = list.get("NodeName")?;
    let owners: MultiSz = list.get("PossibleOwners")?;
    println!("node {node}, build {build}, owners {owners:?}");

    let log = list.find("LogPath").ok_or("LogPath missing")?;
    let ExpandSz(stored) = log.get::<ExpandSz<Utf16Str>>(0)?;
    let ExpandedSz(expanded) = log.get::<ExpandedSz<Utf16Str>>(1)?;
    println!("log path {stored} (expands to {expanded})");

    assert_eq!(
        list.get::<u32>("NoSuchProperty"),
        Err(LookupError::not_found("NoSuchProperty"))
    );
    match list.get::<u32>("NodeName") {
        Err(LookupError::WrongFormat { found, at, .. }) => {
            println!("NodeName is not a DWORD: it is {found} (entry at {at})")
        }
        other => return Err(format!("unexpected {other:?}").into()),
    }
    Ok(())
}
