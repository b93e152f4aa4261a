//! What the exported functions do, in safe Rust over slices and strings:
//! the boundary (`exports`) only checks pointers and copies results out.

use clusprop::offline::{OfflineInstructions, VmAction, VmMoveAction};
use clusprop::{
    DecodeOptions, JsonList, LookupError, OwnedPropertyList, OwnedValueList, PropertyFormat,
    PropertyList, RawValue, Value, ValueList,
};

use crate::failure::Failure;
use crate::{
    CLUSPROP_POLICY_CLIENT, CLUSPROP_POLICY_DEFAULT, CLUSPROP_POLICY_LENIENT,
    CLUSPROP_POLICY_MS_CMRP, CLUSPROP_VM_LIVE,
};

/// The reader options for a `CLUSPROP_POLICY_*` value.
pub fn options(policy: u32) -> Result<DecodeOptions, Failure> {
    match policy {
        CLUSPROP_POLICY_DEFAULT => Ok(DecodeOptions::default()),
        CLUSPROP_POLICY_MS_CMRP => Ok(DecodeOptions::ms_cmrp()),
        CLUSPROP_POLICY_CLIENT => Ok(DecodeOptions::client_input()),
        CLUSPROP_POLICY_LENIENT => Ok(DecodeOptions::lenient()),
        other => Err(Failure::invalid(format!(
            "unknown policy {other} (expected 0 to 3, CLUSPROP_POLICY_*)"
        ))),
    }
}

/// Checks that `data` is a valid property list under `policy`.
pub fn validate(data: &[u8], policy: u32) -> Result<(), Failure> {
    PropertyList::parse_with(data, &options(policy)?)?;
    Ok(())
}

/// Reads the first value of the property `name` (case-insensitive) of the
/// list in `data` (read under `policy`, a `CLUSPROP_POLICY_*`) with
/// `read`. A value `read` refuses (of another format, empty, ...) is
/// reported with the property's name, as the core's lookups report it:
/// `property "Name", value at byte 24: expected format dword, found ...`,
/// so that a logged message says which lookup failed.
fn lookup<'a, T>(
    data: &'a [u8],
    policy: u32,
    name: &str,
    read: impl FnOnce(RawValue<'a>) -> Result<T, LookupError>,
) -> Result<T, Failure> {
    let list = PropertyList::parse_with(data, &options(policy)?)?;
    let property = list
        .find(name)
        .ok_or_else(|| clusprop::LookupError::not_found(name))?;
    read(property.value()).map_err(|e| {
        // The name as the list spells it, as `PropertyList::get` gives it.
        Failure::from(e.in_property(&property.name().to_string_lossy()))
    })
}

/// The DWORD property `name` of the list in `data`, read under `policy`.
pub fn dword(data: &[u8], policy: u32, name: &str) -> Result<u32, Failure> {
    lookup(data, policy, name, |value| value.to::<u32>())
}

/// The QWORD (`ULARGE_INTEGER`) property `name` of the list in `data`,
/// read under `policy`.
pub fn qword(data: &[u8], policy: u32, name: &str) -> Result<u64, Failure> {
    lookup(data, policy, name, |value| value.to::<u64>())
}

/// The string property `name` (SZ, EXPAND_SZ or EXPANDED_SZ) of the list in
/// `data`, read under `policy`, as UTF-8 followed by a NUL.
pub fn string(data: &[u8], policy: u32, name: &str) -> Result<Vec<u8>, Failure> {
    lookup(data, policy, name, utf8_with_nul)
}

/// `value`, a string (SZ, EXPAND_SZ or EXPANDED_SZ), as UTF-8 followed by a
/// NUL.
fn utf8_with_nul(value: RawValue<'_>) -> Result<Vec<u8>, LookupError> {
    let text = match value.decode() {
        Value::Sz(s) | Value::ExpandSz(s) | Value::ExpandedSz(s) => s,
        Value::Empty => {
            return Err(LookupError::Empty {
                property: None,
                at: clusprop::ValueAt::Byte(value.offset()),
            });
        }
        _ => {
            return Err(LookupError::WrongFormat {
                property: None,
                expected: PropertyFormat::SZ,
                found: value.syntax(),
                at: clusprop::ValueAt::Byte(value.offset()),
            });
        }
    };
    let mut out =
        text.to_string_checked()
            .map(String::into_bytes)
            .ok_or(LookupError::NotUnicode {
                property: None,
                at: clusprop::ValueAt::Byte(value.offset()),
            })?;
    out.push(0);
    Ok(out)
}

/// The `OfflineClusterGroupEx` instructions for the VM action `action`
/// (`CLUSPROP_VM_*`, live migration excluded).
pub fn offline_instructions(action: u32) -> Result<Vec<u8>, Failure> {
    let action = VmAction::from_value(action).ok_or_else(|| {
        Failure::invalid(if action == CLUSPROP_VM_LIVE {
            // Known, but a move action: "unknown" sent callers looking for
            // a typo instead of at the function.
            "CLUSPROP_VM_LIVE (4) is for clusprop_move_instructions only \
             (offline takes 0 to 3, CLUSPROP_VM_TURN_OFF to _FORCE_SHUTDOWN)"
                .to_string()
        } else {
            format!("unknown offline VM action {action} (expected 0 to 3, CLUSPROP_VM_*)")
        })
    })?;
    Ok(OfflineInstructions::new()
        .virtual_machine(action)
        .to_vec()?)
}

/// The `MoveClusterGroupEx` instructions: `action` (`CLUSPROP_VM_*`) for
/// both "Virtual Machine" and "Virtual Machine Configuration".
pub fn move_instructions(action: u32) -> Result<Vec<u8>, Failure> {
    let action = match action {
        CLUSPROP_VM_LIVE => VmMoveAction::LiveMigration,
        other => VmAction::from_value(other)
            .map(VmMoveAction::from)
            .ok_or_else(|| {
                Failure::invalid(format!(
                    "unknown move VM action {other} (expected 0 to 4, CLUSPROP_VM_*)"
                ))
            })?,
    };
    Ok(OfflineInstructions::new().all_vm_types(action).to_vec()?)
}

/// The JSON form (as `clusprop decode --json` prints it, compact) of the
/// property list in `data`, or of a bare value list, followed by a NUL.
pub fn to_json(data: &[u8], policy: u32, value_list: bool) -> Result<Vec<u8>, Failure> {
    let options = options(policy)?;
    let json = if value_list {
        let list = ValueList::parse_with(data, &options)?;
        serde_json::to_vec(&OwnedValueList::from_list(&list))
    } else {
        let list = PropertyList::parse_with(data, &options)?;
        serde_json::to_vec(&OwnedPropertyList::from_list(&list))
    };
    let mut json = json.map_err(Failure::json)?;
    json.push(0);
    Ok(json)
}

/// The bytes of the JSON form in `text` (an object with "properties", or
/// "values" for a bare value list), as `clusprop encode` reads and writes
/// them: a UTF-8 byte-order mark skipped, read straight into the model so
/// an error says its line and column, `EXPANDED_SZ` allowed.
pub fn from_json(text: &[u8]) -> Result<Vec<u8>, Failure> {
    let document = JsonList::from_json_text(text).map_err(Failure::json_text)?;
    // As the CLI without --client; an error names what was refused.
    document.encode(false).map_err(Failure::encode)
}
