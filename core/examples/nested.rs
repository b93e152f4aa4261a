//! Builds a nested property list into a stack buffer (no allocation), then
//! the same list through the owned model, and checks both give the same bytes.
//!
//! `cargo run -p clusprop --example nested`

use clusprop::{OwnedPropertyList, OwnedValue, PropertyList, PropertyListBuilder, Sz};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut buf = [0u8; 256];
    let mut b = PropertyListBuilder::new(&mut buf);
    b.property("Name", &Sz("web"))?
        .property_with("Settings", |v| {
            v.property_list(|inner| {
                inner.property("RetryCount", &3u32)?;
                inner.property("Mode", &Sz("active"))?;
                Ok(())
            })?;
            Ok(())
        })?;
    let len = b.finish()?;
    let built = &buf[..len];

    let mut settings = OwnedPropertyList::new();
    settings.push("RetryCount", OwnedValue::dword(3))?;
    settings.push("Mode", OwnedValue::sz("active")?)?;
    let mut owned = OwnedPropertyList::new();
    owned.push("Name", OwnedValue::sz("web")?)?;
    owned.push("Settings", OwnedValue::property_list(settings))?;
    assert_eq!(owned.to_vec()?, built);

    let list = PropertyList::parse(built)?;
    let inner: PropertyList = list.get("Settings")?;
    println!(
        "{len} bytes; Settings holds {} properties, RetryCount = {}",
        inner.len(),
        inner.get::<u32>("RetryCount")?
    );
    Ok(())
}
