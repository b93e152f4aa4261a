//! A check of the JSON form, as Python objects, before `pythonize` reads it.
//!
//! `pythonize` reads a bool by truthiness (`"trailing_end_mark": "false"`
//! wrote an end mark), an integer asked for by width from a bool
//! (`"syntax": True` was syntax 1, `{"utf16": [True]}` the unit 1), and
//! reports a str with a lone surrogate, a key that is not a str and an
//! integer out of range in its own words, before the core's reader could
//! say where ("OverflowError: out of range integral type conversion
//! attempted"). The JSON text `clusprop encode` reads can hold none of
//! these, or the CLI refuses them: this walk refuses them too, in the
//! words and with the place (` in property 1 "A", value 0`) the CLI gives.
//! What it does not look at is left to the core's reader, and the walk
//! ends at the first list nested deeper than the core reads (the reader
//! refuses it there, and a list that contains itself ends there).

use clusprop::limits::MAX_DEPTH_LIMIT;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PyMapping,
    PySequence, PySet, PyString, PyTuple,
};

/// How the reader names a Python object it did not expect, as serde_json
/// names the JSON value (`integer `1``, `string "x"`, ...).
fn unexpected(value: &Bound<'_, PyAny>) -> String {
    if value.is_none() {
        "null".to_owned()
    } else if value.is_instance_of::<PyBool>() {
        format!("boolean `{}`", value.is_truthy().unwrap_or(false))
    } else if value.is_instance_of::<PyInt>() {
        format!("integer `{value}`")
    } else if let Ok(n) = value.cast::<PyFloat>() {
        format!("floating point `{}`", n.value())
    } else if let Ok(text) = value.cast::<PyString>() {
        match text.to_cow() {
            Ok(text) => format!("string {text:?}"),
            Err(_) => "a str with a lone surrogate".to_owned(),
        }
    } else if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        "sequence".to_owned()
    } else if value.is_instance_of::<PyDict>() {
        "map".to_owned()
    } else {
        crate::builders::found(value)
    }
}

/// The error for `value` where `expected` (with its place) was wanted.
fn refuse(value: &Bound<'_, PyAny>, expected: &str, at: &str) -> String {
    format!(
        "invalid type: {}, expected {expected}{at}",
        unexpected(value)
    )
}

/// The items of a list or tuple, or the error naming `expected`. Any other
/// sequence is refused too (a `collections.UserList`, a set): `pythonize`
/// would read it, and this walk, which did not look inside, let through
/// what it refuses in a list (`{"utf16": UserList([True])}` was the code
/// unit 1).
fn sequence<'py>(
    value: &Bound<'py, PyAny>,
    expected: &str,
    at: &str,
) -> Result<Vec<Bound<'py, PyAny>>, String> {
    items(value).ok_or_else(|| refuse(value, expected, at))
}

/// How deep [`plain`] copies: past the Python nesting of
/// `MAX_DEPTH_LIMIT` nested lists (five levels each: the value, its list
/// object, the list of properties, the property, its values), below which
/// the walk and the core's reader refuse every form before reading on.
const PLAIN_DEPTH: usize = 6 * (MAX_DEPTH_LIMIT as usize + 2);

/// A copy of the JSON form `form` in plain dicts and lists, which this walk
/// and `pythonize` then read alike. Both read a dict, list or tuple
/// subclass differently: this walk its contents, `pythonize` through its
/// methods (`keys()`, `values()`, `__len__`, `__getitem__`), which may say
/// anything (`values()` giving `"false"` for a `trailing_end_mark` checked
/// as `False`: an end mark written). Each object is copied once (a form
/// that holds itself, or one object in many places, is copied as such, not
/// once per path), and not past [`PLAIN_DEPTH`]. A mapping that is not a
/// dict is copied at the top, where `set_properties` takes one.
pub fn plain<'py>(form: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let mut copies = Copies {
        made: std::collections::HashMap::new(),
        originals: Vec::new(),
    };
    let mapping = (!form.is_instance_of::<PyDict>())
        .then(|| form.cast::<PyMapping>().ok())
        .flatten();
    if let Some(mapping) = mapping {
        let copy = PyDict::new(form.py());
        for item in mapping.items()?.iter() {
            let (key, value) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?;
            copy.set_item(key, copies.copy(&value, 1)?)?;
        }
        return Ok(copy.into_any());
    }
    copies.copy(form, 0)
}

/// The copies [`plain`] made, by the address of their original, with the
/// depth each was made at (a copy made deeper holds originals nearer its
/// top, past [`PLAIN_DEPTH`]: an object met again higher up is copied
/// again), and the originals, kept alive so that no address is reused
/// while it copies.
struct Copies<'py> {
    made: std::collections::HashMap<usize, (usize, Bound<'py, PyAny>)>,
    originals: Vec<Bound<'py, PyAny>>,
}

impl<'py> Copies<'py> {
    fn copy(&mut self, value: &Bound<'py, PyAny>, depth: usize) -> PyResult<Bound<'py, PyAny>> {
        if depth > PLAIN_DEPTH {
            return Ok(value.clone());
        }
        // A dict, or the items of a list or tuple; anything else is kept.
        let dict = value.cast::<PyDict>().ok();
        let list_items = if dict.is_none() { items(value) } else { None };
        if dict.is_none() && list_items.is_none() {
            return Ok(value.clone());
        }
        let address = value.as_ptr() as usize;
        let made = self.made.get(&address);
        if let Some((_, copy)) = made.filter(|(made_at, _)| *made_at <= depth) {
            return Ok(copy.clone());
        }
        self.originals.push(value.clone());
        let py = value.py();
        if let Some(dict) = dict {
            // The entries first: no Python code runs while the dict is
            // iterated (setting an item hashes its key, which may run a
            // `__hash__` that changes the dict).
            let entries: Vec<_> = dict.iter().collect();
            let copy = PyDict::new(py);
            self.made.insert(address, (depth, copy.clone().into_any()));
            for (key, item) in entries {
                copy.set_item(key, self.copy(&item, depth + 1)?)?;
            }
            Ok(copy.into_any())
        } else {
            let copy = PyList::empty(py);
            self.made.insert(address, (depth, copy.clone().into_any()));
            for item in list_items.unwrap_or_default() {
                copy.append(self.copy(&item, depth + 1)?)?;
            }
            Ok(copy.into_any())
        }
    }
}

/// Checks the JSON form `form`; the message of the first problem found.
pub fn check(form: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    Ok(list(form, "", 0)?
        .err()
        .filter(|message| *message != TOO_DEEP))
}

/// Ok(Err(message)) for a problem found (or [`TOO_DEEP`]); Err for a Python
/// error on the way.
type Checked = PyResult<Result<(), String>>;

/// What ends the walk at a list nested deeper than the core reads: the
/// core refuses the form there, and going on with the siblings would walk
/// a list that holds itself twice (or more) once per path, 2^32 times and
/// more. No message is empty.
const TOO_DEEP: String = String::new();

/// A dict's entries with str keys, as [`entries`] gives them.
type Entries<'py> = Vec<(String, Bound<'py, PyAny>)>;

/// The items of a list or tuple (what `pythonize` reads as a sequence).
fn items<'py>(value: &Bound<'py, PyAny>) -> Option<Vec<Bound<'py, PyAny>>> {
    if let Ok(list) = value.cast::<PyList>() {
        Some(list.iter().collect())
    } else {
        value.cast::<PyTuple>().ok().map(|t| t.iter().collect())
    }
}

/// The str keys of a dict and their values, or the error for a key that
/// is not a str; None when `value` is not a dict (the reader says so).
fn entries<'py>(
    value: &Bound<'py, PyAny>,
    at: &str,
) -> PyResult<Option<Result<Entries<'py>, String>>> {
    let Ok(dict) = value.cast::<PyDict>() else {
        return Ok(None);
    };
    let mut entries = Vec::with_capacity(dict.len());
    for (key, value) in dict.iter() {
        match key.cast::<PyString>().ok().and_then(|k| k.to_cow().ok()) {
            Some(key) => entries.push((key.into_owned(), value)),
            None => return Ok(Some(Err(refuse(&key, "a str key", at)))),
        }
    }
    Ok(Some(Ok(entries)))
}

/// A property list (`properties`) or value list (`values`) object at depth
/// `depth` (the document's own list is 0).
fn list(form: &Bound<'_, PyAny>, at: &str, depth: usize) -> Checked {
    let entries = match entries(form, at)? {
        Some(Ok(entries)) => entries,
        Some(Err(message)) => return Ok(Err(message)),
        None => return Ok(Ok(())),
    };
    for (key, value) in entries {
        match key.as_str() {
            "trailing_end_mark" if !value.is_instance_of::<PyBool>() => {
                return Ok(Err(refuse(
                    &value,
                    "true or false for \"trailing_end_mark\"",
                    at,
                )));
            }
            "properties" => {
                let properties = match sequence(&value, "a list of property objects", at) {
                    Ok(properties) => properties,
                    Err(message) => return Ok(Err(message)),
                };
                for (i, property) in properties.iter().enumerate() {
                    let here = format!("{at}{}property {i}", sep(at));
                    if !property.is_instance_of::<PyDict>() {
                        let expected = "a property object {\"name\", \"values\"}";
                        return Ok(Err(refuse(property, expected, &here)));
                    }
                    if let Err(message) = self::property(property, &here, depth)? {
                        return Ok(Err(message));
                    }
                }
            }
            "values" => {
                if let Err(message) = values(&value, at, sep(at), depth)? {
                    return Ok(Err(message));
                }
            }
            _ => {}
        }
    }
    Ok(Ok(()))
}

/// The value objects of a property or a value list; `sep` goes between
/// `at` and each value's step.
fn values(values: &Bound<'_, PyAny>, at: &str, sep: &str, depth: usize) -> Checked {
    let values = match sequence(values, "a list of value objects", at) {
        Ok(values) => values,
        Err(message) => return Ok(Err(message)),
    };
    for (j, v) in values.iter().enumerate() {
        let here = format!("{at}{sep}value {j}");
        if !v.is_instance_of::<PyDict>() {
            let expected = "a value object {\"syntax\", \"format\", \"value\" or \"raw\"}";
            return Ok(Err(refuse(v, expected, &here)));
        }
        if let Err(message) = self::value(v, &here, depth)? {
            return Ok(Err(message));
        }
    }
    Ok(Ok(()))
}

/// What comes before a step: " in " first, ", " after.
fn sep(at: &str) -> &'static str {
    if at.is_empty() { " in " } else { ", " }
}

/// A property object; `at` names it by index (its name is added once read).
fn property(property: &Bound<'_, PyAny>, at: &str, depth: usize) -> Checked {
    let entries = match entries(property, at)? {
        Some(Ok(entries)) => entries,
        Some(Err(message)) => return Ok(Err(message)),
        None => return Ok(Ok(())),
    };
    let mut at = at.to_owned();
    for (key, value) in entries {
        match key.as_str() {
            "name" => {
                if let Err(message) = text(&value, "\"name\"", &at)? {
                    return Ok(Err(message));
                }
                if let Ok(name) = value.extract::<String>() {
                    at = format!("{at} {name:?}");
                }
            }
            "values" => {
                if let Err(message) = values(&value, &at, ", ", depth)? {
                    return Ok(Err(message));
                }
            }
            _ => {}
        }
    }
    Ok(Ok(()))
}

/// A value object.
fn value(value: &Bound<'_, PyAny>, at: &str, depth: usize) -> Checked {
    let entries = match entries(value, at)? {
        Some(Ok(entries)) => entries,
        Some(Err(message)) => return Ok(Err(message)),
        None => return Ok(Ok(())),
    };
    for (key, data) in entries {
        let checked = match key.as_str() {
            "syntax" => Ok(integer(
                &data,
                u64::from(u32::MAX),
                "the syntax, a number from 0 to 4294967295, for \"syntax\"",
                at,
            )),
            "format" => Ok(match data.cast::<PyString>() {
                Ok(_) => text(&data, "\"format\"", at)?,
                Err(_) => Err(refuse(
                    &data,
                    "the format's name, a string such as \"dword\", for \"format\"",
                    at,
                )),
            }),
            "raw" if data.is_instance_of::<PyString>() => text(&data, "\"raw\"", at),
            "value" => self::data(&data, at, depth),
            _ => Ok(Ok(())),
        }?;
        if checked.is_err() {
            return Ok(checked);
        }
    }
    Ok(Ok(()))
}

/// The data of a value: text, the strings of a multi_sz, `{"utf16": ...}`
/// or a nested list.
fn data(data: &Bound<'_, PyAny>, at: &str, depth: usize) -> Checked {
    if data.is_instance_of::<PyString>() {
        return text(data, "\"value\"", at);
    }
    if data.is_instance_of::<PyInt>()
        && !data.is_instance_of::<PyBool>()
        && data.extract::<i64>().is_err()
        && data.extract::<u64>().is_err()
    {
        // `pythonize` said "Python int too large to convert to C long".
        return Ok(Err(format!(
            "invalid value: integer `{data}`, a number beyond 64-bit integers, expected a \
             number of the value's format{at}"
        )));
    }
    if let Some(strings) = items(data) {
        for (i, item) in strings.iter().enumerate() {
            let checked = text(item, "a string of the list", &format!("{at}, string {i}"))?;
            if checked.is_err() {
                return Ok(checked);
            }
        }
        return Ok(Ok(()));
    }
    let Ok(dict) = data.cast::<PyDict>() else {
        if other_container(data) {
            return Ok(Err(refuse(
                data,
                "a list, a dict, a str, a number or None for \"value\"",
                at,
            )));
        }
        return Ok(Ok(()));
    };
    if dict.contains("utf16")? {
        return text(data, "\"value\"", at);
    }
    // A nested list: as deep as the core reads, and no deeper.
    if depth < usize::from(MAX_DEPTH_LIMIT) {
        return list(data, at, depth + 1);
    }
    Ok(Err(TOO_DEEP))
}

/// Whether `value`, not a dict, list or tuple, is a sequence (not bytes),
/// a set or a mapping: what `pythonize` would read as a list or an object
/// without this walk's look inside (a `collections.UserList`, a set).
fn other_container(value: &Bound<'_, PyAny>) -> bool {
    value.is_instance_of::<PySet>()
        || value.is_instance_of::<PyFrozenSet>()
        || value.cast::<PyMapping>().is_ok()
        || (value.cast::<PySequence>().is_ok()
            && !value.is_instance_of::<PyString>()
            && !value.is_instance_of::<PyBytes>()
            && !value.is_instance_of::<PyByteArray>())
}

/// Text: a str without lone surrogates, or `{"utf16": [units]}`.
fn text(value: &Bound<'_, PyAny>, what: &str, at: &str) -> Checked {
    if let Ok(text) = value.cast::<PyString>() {
        if text.to_cow().is_err() {
            return Ok(Err(format!(
                "invalid value: a str with a lone surrogate, expected text for {what} (a str of \
                 valid Unicode, or {{\"utf16\": [code units]}} for any UTF-16){at}"
            )));
        }
        return Ok(Ok(()));
    }
    let entries = match entries(value, at)? {
        Some(Ok(entries)) => entries,
        Some(Err(message)) => return Ok(Err(message)),
        None if other_container(value) => {
            let expected = format!("a str, or {{\"utf16\": [code units]}}, for {what}");
            return Ok(Err(refuse(value, &expected, at)));
        }
        None => return Ok(Ok(())),
    };
    for (key, units) in entries {
        if key != "utf16" {
            continue;
        }
        let units = match sequence(&units, "a list of UTF-16 code units for \"utf16\"", at) {
            Ok(units) => units,
            Err(message) => return Ok(Err(message)),
        };
        for unit in units {
            let checked = integer(
                &unit,
                u64::from(u16::MAX),
                "a UTF-16 code unit, a number from 0 to 65535, in \"utf16\"",
                at,
            );
            if checked.is_err() {
                return Ok(checked);
            }
        }
    }
    Ok(Ok(()))
}

/// An int (not a bool) from 0 to `max`: an int, or an object with
/// `__index__` (numpy's integers), as pythonize's own reading took.
fn integer(value: &Bound<'_, PyAny>, max: u64, expected: &str, at: &str) -> Result<(), String> {
    if !value.is_instance_of::<PyBool>() && !value.is_instance_of::<PyFloat>() {
        // `operator.index`: PyO3's own integer extraction does not call
        // `__index__` in the abi3 build.
        // An int as it is (the common case: one syntax per value).
        let index = if value.is_instance_of::<PyInt>() {
            Ok(value.clone())
        } else {
            value
                .py()
                .import("operator")
                .and_then(|operator| operator.getattr("index"))
                .and_then(|index| index.call1((value,)))
        };
        if let Ok(n) = index.and_then(|n| n.extract::<i128>()) {
            return if (0..=i128::from(max)).contains(&n) {
                Ok(())
            } else {
                Err(format!(
                    "invalid value: integer `{n}`, expected {expected}{at}"
                ))
            };
        }
        if value.is_instance_of::<PyInt>() {
            return Err(format!(
                "invalid value: integer `{value}`, expected {expected}{at}"
            ));
        }
    }
    if let Ok(n) = value.cast::<PyFloat>().map(|f| f.value()) {
        // As the core says of a number that is not an integer in 64 bits
        // (it said NaN and 1e300 had "a fraction or an exponent").
        let found = if n.is_nan() {
            "NaN (not a number)".to_owned()
        } else if n.abs() < 9_007_199_254_740_992.0 {
            format!("{n}, a number with a fraction or an exponent")
        } else {
            "a number beyond 64-bit integers".to_owned()
        };
        return Err(format!("invalid value: {found}, expected {expected}{at}"));
    }
    Err(refuse(value, expected, at))
}
