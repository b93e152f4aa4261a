//! The getters people write first (`String`, `Vec<String>`, `bool`,
//! `SystemTime`) on lists assembled by hand, and the name in `NotFound`.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clusprop::{FileTime, LookupError, LookupName, PropertyFormat, PropertyList, Syntax, ValueAt};
use common::{Asm, sz};

const SZ: u32 = 0x0001_0003;
const EXPAND_SZ: u32 = 0x0001_0004;
const MULTI_SZ: u32 = 0x0001_0005;
const FILETIME: u32 = 0x0001_000C;

fn list() -> Vec<u8> {
    let mut multi = sz("n1");
    multi.extend(sz("n2"));
    multi.extend([0, 0]);
    Asm::new()
        .u32(8)
        .name("Text")
        .entry(SZ, &sz("héllo"))
        .end()
        .name("Path")
        .entry(EXPAND_SZ, &sz("%SystemRoot%"))
        .end()
        .name("Nodes")
        .entry(MULTI_SZ, &multi)
        .end()
        .name("On")
        .dword(1)
        .end()
        .name("Off")
        .dword(0)
        .end()
        .name("Two")
        .dword(2)
        .end()
        .name("When")
        .entry(FILETIME, &(FileTime::UNIX_EPOCH_TICKS + 15).to_le_bytes())
        .end()
        .name("Bad")
        // "a", an unpaired high surrogate, NUL.
        .entry(SZ, &[b'a', 0, 0x00, 0xD8, 0, 0])
        .end()
        .build()
}

#[test]
fn strings_and_string_lists() {
    let bytes = list();
    let l = PropertyList::parse(&bytes).unwrap();
    assert_eq!(l.get::<String>("text").unwrap(), "héllo");
    assert_eq!(l.get::<String>("PATH").unwrap(), "%SystemRoot%");
    assert_eq!(l.get::<Vec<String>>("nodes").unwrap(), ["n1", "n2"]);
    let bad_offset = l.find("Bad").unwrap().value().offset();
    assert_eq!(
        l.get::<String>("Bad"),
        Err(LookupError::NotUnicode {
            at: ValueAt::Byte(bad_offset),
            property: Some(LookupName::new("Bad")),
        })
    );
    assert!(matches!(
        l.get::<String>("On"),
        Err(LookupError::WrongFormat {
            expected: PropertyFormat::SZ,
            found: Syntax::LIST_VALUE_DWORD,
            ..
        })
    ));
    assert!(matches!(
        l.get::<Vec<String>>("Text"),
        Err(LookupError::WrongFormat { .. })
    ));
}

#[test]
fn booleans_are_dword_zero_or_one_only() {
    let bytes = list();
    let l = PropertyList::parse(&bytes).unwrap();
    assert_eq!(l.get::<bool>("On"), Ok(true));
    assert_eq!(l.get::<bool>("off"), Ok(false));
    let at = l.find("Two").unwrap().value().offset();
    let err = l.get::<bool>("Two").unwrap_err();
    assert_eq!(
        err,
        LookupError::NotABool {
            value: 2,
            at: ValueAt::Byte(at),
            property: Some(LookupName::new("Two")),
        }
    );
    assert!(err.to_string().contains("must be 0 or 1, found 2"), "{err}");
    assert!(matches!(
        l.get::<bool>("Text"),
        Err(LookupError::WrongFormat { .. })
    ));
}

#[test]
fn filetime_as_system_time() {
    let bytes = list();
    let l = PropertyList::parse(&bytes).unwrap();
    assert_eq!(
        l.get::<SystemTime>("When"),
        Ok(UNIX_EPOCH + Duration::from_nanos(1500))
    );
    // Both ends of the FILETIME range, exactly (1601-01-01 is 11644473600 s
    // before 1970; u64::MAX ticks is 1844674407370 s and 9551615 ticks).
    assert_eq!(
        FileTime(0).to_system_time(),
        Some(UNIX_EPOCH - Duration::from_secs(11_644_473_600))
    );
    let last = FileTime(u64::MAX).to_system_time().unwrap();
    assert_eq!(
        last,
        UNIX_EPOCH - Duration::from_secs(11_644_473_600)
            + Duration::new(1_844_674_407_370, 955_161_500)
    );
    assert_eq!(FileTime::from_system_time(last), Some(FileTime(u64::MAX)));
    assert_eq!(
        FileTime::from_system_time(last + Duration::from_nanos(100)),
        None
    );
    let first = FileTime(0).to_system_time().unwrap();
    assert_eq!(FileTime::from_system_time(first), Some(FileTime(0)));
    assert_eq!(
        FileTime::from_system_time(first - Duration::from_nanos(1)),
        None
    );
    // Before 1970, not on a tick: the earlier tick.
    assert_eq!(
        FileTime::from_system_time(UNIX_EPOCH - Duration::from_nanos(150)),
        Some(FileTime(FileTime::UNIX_EPOCH_TICKS - 2))
    );
}

#[test]
fn not_found_carries_the_name() {
    let bytes = list();
    let l = PropertyList::parse(&bytes).unwrap();
    let err = l.get::<u32>("NoSuchThing").unwrap_err();
    match err {
        LookupError::NotFound { name } => assert_eq!(name, "NoSuchThing"),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.to_string(), "no property named \"NoSuchThing\"");
    // A long name keeps a prefix cut at a character boundary.
    let long = "é".repeat(40);
    let kept = LookupName::new(&long);
    assert!(kept.is_truncated());
    assert_eq!(kept.as_str(), "é".repeat(32));
    assert_ne!(kept, long.as_str());
    // The `…` follows the quote: a name that itself ends in `…` shows apart.
    assert!(LookupError::not_found(&long).to_string().ends_with("\"…"));
    assert!(LookupError::not_found("é…").to_string().ends_with("é…\""));
}

#[test]
fn bool_and_system_time_write_what_they_read() {
    use clusprop::{EncodeError, PropertyListBuilder};
    let when = UNIX_EPOCH + Duration::from_nanos(1500);
    let mut buf = [0u8; 256];
    let mut b = PropertyListBuilder::new(&mut buf);
    b.property("On", &true).unwrap();
    b.property("Off", &false).unwrap();
    b.property("When", &when).unwrap();
    let n = b.finish().unwrap();
    let expected = Asm::new()
        .u32(3)
        .name("On")
        .dword(1)
        .end()
        .name("Off")
        .dword(0)
        .end()
        .name("When")
        .entry(FILETIME, &(FileTime::UNIX_EPOCH_TICKS + 15).to_le_bytes())
        .end()
        .build();
    assert_eq!(buf[..n], expected[..]);
    let l = PropertyList::parse(&buf[..n]).unwrap();
    assert_eq!(l.get::<SystemTime>("When"), Ok(when));

    let before_1601 = UNIX_EPOCH - Duration::from_secs(11_644_473_601);
    let mut b = PropertyListBuilder::new(&mut buf);
    assert_eq!(
        b.property("Old", &before_1601).err(),
        Some(EncodeError::TimeOutOfRange)
    );
}

/// A failed typed lookup names the property (escaped), what was asked, what
/// was found and where, in the format's words (shared with Python and C).
#[test]
fn lookup_errors_name_the_property() {
    let bytes = list();
    let l = PropertyList::parse(&bytes).unwrap();
    let text_at = l.find("Text").unwrap().value().offset();
    let err = l.get::<u32>("text").unwrap_err();
    assert_eq!(
        err,
        LookupError::WrongFormat {
            expected: PropertyFormat::DWORD,
            found: Syntax::LIST_VALUE_SZ,
            at: ValueAt::Byte(text_at),
            // The name as the list spells it, not as it was asked for.
            property: Some(LookupName::new("Text")),
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "property \"Text\", value at byte {text_at}: expected format dword, \
             found CLUSPROP_SYNTAX_LIST_VALUE_SZ (0x00010003) of format sz"
        )
    );
    let two_at = l.find("Two").unwrap().value().offset();
    assert_eq!(
        l.get::<bool>("Two").unwrap_err().to_string(),
        format!(
            "property \"Two\", value at byte {two_at}: a boolean DWORD must be 0 or 1, found 2 (0x2)"
        )
    );
    let bad_at = l.find("Bad").unwrap().value().offset();
    assert_eq!(
        l.get::<String>("Bad").unwrap_err().to_string(),
        format!(
            "property \"Bad\", value at byte {bad_at}: the string has an unpaired UTF-16 \
             surrogate (it has no UTF-8 form)"
        )
    );

    // A value index past the property's values: its name, where the
    // property starts and how many values it has.
    let on = l.find("On").unwrap();
    let err = on.get::<u32>(3).unwrap_err();
    assert_eq!(
        err,
        LookupError::NoSuchValue {
            index: 3,
            count: 1,
            at: ValueAt::Byte(on.offset()),
            property: Some(LookupName::new("On")),
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "property \"On\" at byte {}: no value 3 (the property has 1 value)",
            on.offset()
        )
    );

    // A value read on its own has no property to name: the place alone.
    let err = l.find("Text").unwrap().value().to::<u32>().unwrap_err();
    assert_eq!(err.property(), None);
    assert!(
        err.to_string()
            .starts_with(&format!("at byte {text_at}: expected format dword, found")),
        "{err}"
    );
    // `in_property` names it, for callers with a lookup of their own.
    assert_eq!(err.in_property("Text"), l.get::<u32>("Text").unwrap_err());
}

/// The name comes from the wire: control characters are escaped in the
/// message, and a long name is cut (with `…`), never allocated for.
#[test]
fn lookup_error_names_are_escaped_and_bounded() {
    let long = "é".repeat(40);
    let bytes = Asm::new()
        .u32(3)
        .name("a\nb\u{202e}")
        .entry(SZ, &sz("x"))
        .end()
        .name(&long)
        .entry(SZ, &sz("x"))
        .end()
        .name("q\"x\\n")
        .entry(SZ, &sz("x"))
        .end()
        .build();
    let l = PropertyList::parse(&bytes).unwrap();
    let err = l.get::<u32>("A\nB\u{202e}").unwrap_err();
    assert_eq!(err.property().unwrap().as_str(), "a\nb\u{202e}");
    assert!(
        err.to_string()
            .starts_with("property \"a\\nb\\u{202e}\", value at byte "),
        "{err}"
    );
    let err = l.get::<u32>(&long).unwrap_err();
    let name = err.property().unwrap();
    assert!(name.is_truncated());
    assert_eq!(name.as_str(), "é".repeat(32));
    assert!(
        err.to_string()
            .starts_with(&format!("property \"{}\"…, value at byte ", "é".repeat(32))),
        "{err}"
    );
    // A NotFound name is escaped the same way.
    assert_eq!(
        l.get::<u32>("x\ty").unwrap_err().to_string(),
        "no property named \"x\\ty\""
    );
    // A quote or a backslash of the name is escaped inside the quotes, so
    // the quote cannot end early and `\n` reads apart from a newline.
    let err = l.get::<u32>("q\"x\\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with(r#"property "q\"x\\n", value at byte "#),
        "{err}"
    );
    assert_eq!(
        l.get::<u32>("a\"b").unwrap_err().to_string(),
        r#"no property named "a\"b""#
    );
}

/// The name travels inline: the error stays small and `Copy` (a lookup that
/// succeeds returns a `Result` of this size). The largest variant is
/// `Malformed`: a `DecodeError` (32 bytes) and the name (66), rounded up to
/// the alignment of 8; it was 96 bytes before `Malformed` named its
/// property.
#[test]
fn lookup_error_stays_small() {
    fn copy<T: Copy>() {}
    copy::<LookupError>();
    assert!(
        std::mem::size_of::<LookupError>() <= 104,
        "{}",
        std::mem::size_of::<LookupError>()
    );
}
