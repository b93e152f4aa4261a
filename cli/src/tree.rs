//! The readable tree `decode` prints: each property's name, then each value's
//! syntax name, hex syntax, length and value, nested lists indented,
//! written as the list is walked (nothing is built up in memory).

use std::io::{self, Write};

use clusprop::disk::{PartitionInfo, PartitionInfoEx};
use clusprop::{Property, PropertyList, RawValue, Syntax, Value, ValueList};

/// The syntax's header name without the `CLUSPROP_SYNTAX_` prefix, or `unknown`.
pub fn syntax_name(syntax: Syntax) -> &'static str {
    match syntax.name() {
        Some(name) => name.trim_start_matches("CLUSPROP_SYNTAX_"),
        // The headers name the format but no syntax with it; the library's
        // constant (and the JSON form's "value_list") name it so.
        None if syntax == Syntax::LIST_VALUE_VALUE_LIST => "LIST_VALUE_VALUE_LIST",
        None => "unknown",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes a property list.
pub fn property_list(out: &mut impl Write, list: &PropertyList<'_>) -> io::Result<()> {
    writeln!(
        out,
        "property list: {}, {}",
        plural(list.len(), "property", "properties"),
        if list.has_trailing_end_mark() {
            "with trailing end mark"
        } else {
            "no trailing end mark"
        }
    )?;
    properties(out, list, 0)
}

/// Writes a bare value list.
pub fn value_list(out: &mut impl Write, list: &ValueList<'_>) -> io::Result<()> {
    writeln!(
        out,
        "value list: {}",
        plural(list.len(), "entry", "entries")
    )?;
    for v in list {
        value(out, &v, 1)?;
    }
    Ok(())
}

fn indent(out: &mut impl Write, level: usize) -> io::Result<()> {
    for _ in 0..level {
        out.write_all(b"  ")?;
    }
    Ok(())
}

fn properties(out: &mut impl Write, list: &PropertyList<'_>, level: usize) -> io::Result<()> {
    for p in list {
        property(out, &p, level)?;
    }
    Ok(())
}

/// Writes one property (its name, then its values), indented by `level`.
pub fn property(out: &mut impl Write, p: &Property<'_>, level: usize) -> io::Result<()> {
    indent(out, level)?;
    writeln!(out, "\"{}\"", crate::human::wide(&p.name()))?;
    for v in p.values() {
        value(out, &v, level + 1)?;
    }
    Ok(())
}

fn value(out: &mut impl Write, v: &RawValue<'_>, level: usize) -> io::Result<()> {
    indent(out, level)?;
    write!(
        out,
        "{} {:#010x}, {}: ",
        syntax_name(v.syntax()),
        v.syntax().0,
        plural(v.data().len(), "byte", "bytes")
    )?;
    match v.decode() {
        Value::MultiSz(m) => {
            writeln!(out, "{}", plural(m.len(), "string", "strings"))?;
            for s in m {
                indent(out, level + 1)?;
                writeln!(out, "- \"{}\"", crate::human::wide(&s))?;
            }
        }
        Value::PropertyList(inner) => {
            writeln!(
                out,
                "property list of {}{}",
                plural(inner.len(), "property", "properties"),
                if inner.has_trailing_end_mark() {
                    ", with trailing end mark"
                } else {
                    ""
                }
            )?;
            properties(out, &inner, level + 1)?;
        }
        Value::ValueList(inner) => {
            writeln!(
                out,
                "value list of {}",
                plural(inner.len(), "entry", "entries")
            )?;
            for entry in &inner {
                value(out, &entry, level + 1)?;
            }
        }
        Value::PartitionInfo(p) => {
            out.write_all(b"CLUS_PARTITION_INFO\n")?;
            partition(out, p, level + 1)?;
        }
        Value::PartitionInfoEx(p) => {
            out.write_all(b"CLUS_PARTITION_INFO_EX\n")?;
            partition_ex(out, p, level + 1)?;
        }
        Value::PartitionInfoEx2(p) => {
            out.write_all(b"CLUS_PARTITION_INFO_EX2\n")?;
            partition_ex(out, p.ex(), level + 1)?;
            field(out, level + 1, "GptPartitionId", p.gpt_partition_id())?;
            field(
                out,
                level + 1,
                "szPartitionName",
                format_args!("{:?}", p.partition_name()),
            )?;
            field(
                out,
                level + 1,
                "EncryptionFlags",
                format_args!("{:#x}", p.encryption_flags()),
            )?;
        }
        Value::FtSetInfo(f) => {
            out.write_all(b"CLUS_FTSET_INFO\n")?;
            field(
                out,
                level + 1,
                "dwRootSignature",
                format_args!("{:#010x}", f.root_signature()),
            )?;
            field(out, level + 1, "dwFtType", f.ft_type())?;
        }
        // Formatted straight into the output, never into a string first
        // (`Value`'s `Display` writes their hex a block at a time): a value
        // may be as large as the input.
        value @ Value::Unknown(_) => writeln!(out, "raw {value}")?,
        value @ Value::Binary(_) => writeln!(out, "{value}")?,
        other => writeln!(out, "{}", crate::human::describe(&other, false))?,
    }
    Ok(())
}

fn field(
    out: &mut impl Write,
    level: usize,
    name: &str,
    value: impl std::fmt::Display,
) -> io::Result<()> {
    indent(out, level)?;
    writeln!(out, "{name}: {value}")
}

fn partition(out: &mut impl Write, p: &PartitionInfo, level: usize) -> io::Result<()> {
    field(out, level, "dwFlags", format_args!("{:#x}", p.flags()))?;
    field(
        out,
        level,
        "szDeviceName",
        format_args!("{:?}", p.device_name()),
    )?;
    field(
        out,
        level,
        "szVolumeLabel",
        format_args!("{:?}", p.volume_label()),
    )?;
    field(
        out,
        level,
        "dwSerialNumber",
        format_args!("{:#010x}", p.serial_number()),
    )?;
    field(
        out,
        level,
        "rgdwMaximumComponentLength",
        p.maximum_component_length(),
    )?;
    field(
        out,
        level,
        "dwFileSystemFlags",
        format_args!("{:#x}", p.file_system_flags()),
    )?;
    field(
        out,
        level,
        "szFileSystem",
        format_args!("{:?}", p.file_system()),
    )
}

fn partition_ex(out: &mut impl Write, p: &PartitionInfoEx, level: usize) -> io::Result<()> {
    partition(out, p.base(), level)?;
    field(out, level, "TotalSizeInBytes", p.total_size_in_bytes())?;
    field(out, level, "FreeSizeInBytes", p.free_size_in_bytes())?;
    field(out, level, "DeviceNumber", p.device_number())?;
    field(out, level, "PartitionNumber", p.partition_number())?;
    field(out, level, "VolumeGuid", p.volume_guid())
}
