//! The readable tree `decode` prints: each property's name, then each value's
//! syntax name, hex syntax, length and value, nested lists indented.

use std::fmt::Write;

use clusprop::disk::{PartitionInfo, PartitionInfoEx};
use clusprop::{Property, PropertyList, RawValue, Syntax, Value, ValueList};

/// The syntax's header name without the `CLUSPROP_SYNTAX_` prefix, or `unknown`.
pub fn syntax_name(syntax: Syntax) -> &'static str {
    syntax
        .name()
        .map(|n| n.trim_start_matches("CLUSPROP_SYNTAX_"))
        .unwrap_or("unknown")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Renders a property list.
pub fn property_list(list: &PropertyList<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "property list: {}, {}",
        plural(list.len(), "property", "properties"),
        if list.has_trailing_end_mark() {
            "with trailing end mark"
        } else {
            "no trailing end mark"
        }
    );
    properties(&mut out, list, 0);
    out
}

/// Renders a bare value list.
pub fn value_list(list: &ValueList<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "value list: {}",
        plural(list.len(), "entry", "entries")
    );
    for v in list {
        value(&mut out, &v, 1);
    }
    out
}

fn indent(out: &mut String, level: usize) {
    out.extend(std::iter::repeat_n("  ", level));
}

fn properties(out: &mut String, list: &PropertyList<'_>, level: usize) {
    for p in list {
        property(out, &p, level);
    }
}

fn property(out: &mut String, p: &Property<'_>, level: usize) {
    indent(out, level);
    let _ = writeln!(out, "{:?}", p.name());
    for v in p.values() {
        value(out, &v, level + 1);
    }
}

fn value(out: &mut String, v: &RawValue<'_>, level: usize) {
    indent(out, level);
    let _ = write!(
        out,
        "{} {:#010x}, {}: ",
        syntax_name(v.syntax()),
        v.syntax().0,
        plural(v.data().len(), "byte", "bytes")
    );
    match v.decode() {
        Value::MultiSz(m) => {
            let _ = writeln!(out, "{}", plural(m.len(), "string", "strings"));
            for s in m {
                indent(out, level + 1);
                let _ = writeln!(out, "- {s:?}");
            }
        }
        Value::PropertyList(inner) => {
            let _ = writeln!(
                out,
                "property list of {}",
                plural(inner.len(), "property", "properties")
            );
            properties(out, &inner, level + 1);
        }
        Value::ValueList(inner) => {
            let _ = writeln!(
                out,
                "value list of {}",
                plural(inner.len(), "entry", "entries")
            );
            for entry in &inner {
                value(out, &entry, level + 1);
            }
        }
        Value::PartitionInfo(p) => {
            out.push_str("CLUS_PARTITION_INFO\n");
            partition(out, p, level + 1);
        }
        Value::PartitionInfoEx(p) => {
            out.push_str("CLUS_PARTITION_INFO_EX\n");
            partition_ex(out, p, level + 1);
        }
        Value::PartitionInfoEx2(p) => {
            out.push_str("CLUS_PARTITION_INFO_EX2\n");
            partition_ex(out, p.ex(), level + 1);
            field(out, level + 1, "GptPartitionId", p.gpt_partition_id());
            field(
                out,
                level + 1,
                "szPartitionName",
                format!("{:?}", p.partition_name()),
            );
            field(
                out,
                level + 1,
                "EncryptionFlags",
                format!("{:#x}", p.encryption_flags()),
            );
        }
        Value::FtSetInfo(f) => {
            out.push_str("CLUS_FTSET_INFO\n");
            field(
                out,
                level + 1,
                "dwRootSignature",
                format!("{:#010x}", f.root_signature()),
            );
            field(out, level + 1, "dwFtType", f.ft_type());
        }
        Value::Unknown(raw) => {
            let _ = writeln!(out, "raw {}", hex(raw.data()));
        }
        other => {
            let _ = writeln!(out, "{other}");
        }
    }
}

fn field(out: &mut String, level: usize, name: &str, value: impl std::fmt::Display) {
    indent(out, level);
    let _ = writeln!(out, "{name}: {value}");
}

fn partition(out: &mut String, p: &PartitionInfo, level: usize) {
    field(out, level, "dwFlags", format!("{:#x}", p.flags()));
    field(out, level, "szDeviceName", format!("{:?}", p.device_name()));
    field(
        out,
        level,
        "szVolumeLabel",
        format!("{:?}", p.volume_label()),
    );
    field(
        out,
        level,
        "dwSerialNumber",
        format!("{:#010x}", p.serial_number()),
    );
    field(
        out,
        level,
        "rgdwMaximumComponentLength",
        p.maximum_component_length(),
    );
    field(
        out,
        level,
        "dwFileSystemFlags",
        format!("{:#x}", p.file_system_flags()),
    );
    field(out, level, "szFileSystem", format!("{:?}", p.file_system()));
}

fn partition_ex(out: &mut String, p: &PartitionInfoEx, level: usize) {
    partition(out, p.base(), level);
    field(out, level, "TotalSizeInBytes", p.total_size_in_bytes());
    field(out, level, "FreeSizeInBytes", p.free_size_in_bytes());
    field(out, level, "DeviceNumber", p.device_number());
    field(out, level, "PartitionNumber", p.partition_number());
    field(out, level, "VolumeGuid", p.volume_guid());
}
