//! An arbitrary sequence of builder calls into a small fixed buffer: never a
//! panic; every `Ok` decodes, with the count the builder reported; a
//! measuring builder fed the same calls agrees on the size; a buffer that is
//! too small reports the exact size and never decodes; a property with one
//! value written by `property` is byte for byte the one `property_with`
//! writes, refusals included.
#![no_main]

use clusprop::{EncodeError, PropertyList, PropertyListBuilder, ValueList, ValueListBuilder};
use clusprop_fuzz::ops::{OneValue, Session, add_entries, add_properties};
use libfuzzer_sys::fuzz_target;

fn check_finish(result: Result<usize, EncodeError>, needed: usize, buf: &[u8]) -> Option<usize> {
    match result {
        Ok(n) => {
            assert_eq!(n, needed);
            Some(n)
        }
        Err(EncodeError::BufferTooSmall { needed: reported }) => {
            assert_eq!(reported, needed);
            assert!(reported > buf.len());
            None
        }
        Err(e) => panic!("finish fails only for size: {e}"),
    }
}

fuzz_target!(|session: Session| {
    let mut buf = vec![0u8; usize::from(session.buffer % 2048)];
    let options = session.options();
    let decode = session.decode_options();
    if session.bare {
        let mut b = ValueListBuilder::with_options(&mut buf, options);
        add_entries(&mut b, &session.entries, OneValue::Direct);
        let (count, needed) = (b.count(), b.needed());
        match check_finish(b.finish(), needed, &buf) {
            Some(n) => {
                let list = ValueList::parse_with(&buf[..n], &decode).expect("every Ok decodes");
                assert_eq!(list.iter().count(), count);
            }
            None => assert!(
                ValueList::parse_with(&buf, &decode).is_err(),
                "a too-small buffer never decodes"
            ),
        }
        return;
    }
    let mut general = vec![0u8; buf.len()];
    let mut b = PropertyListBuilder::with_options(&mut general, options);
    let _ = add_properties(&mut b, &session.properties, 0, OneValue::InClosure);
    let general_state = (b.count(), b.needed());
    let general_finish = b.finish();
    let mut b = PropertyListBuilder::with_options(&mut buf, options);
    let _ = add_properties(&mut b, &session.properties, 0, OneValue::Direct);
    let (count, needed) = (b.count(), b.needed());
    assert_eq!((count, needed), general_state);
    let mut measuring = PropertyListBuilder::measuring(options);
    let _ = add_properties(&mut measuring, &session.properties, 0, OneValue::Direct);
    assert_eq!((measuring.count(), measuring.needed()), (count, needed));
    let finish = b.finish();
    assert_eq!(finish, general_finish);
    // The bytes each builder answers for: the list, or the whole buffer
    // (filled) when it is too small. Past a finished list lie the leftovers
    // of refused properties, which are nobody's.
    let answered = match finish {
        Ok(n) => n,
        Err(_) => buf.len(),
    };
    assert!(
        buf[..answered] == general[..answered],
        "`property` and `property_with` wrote different bytes"
    );
    match check_finish(finish, needed, &buf) {
        Some(n) => {
            let list = PropertyList::parse_with(&buf[..n], &decode).expect("every Ok decodes");
            assert_eq!(list.len(), count as usize);
            assert_eq!(list.has_trailing_end_mark(), session.trailing_end_mark);
        }
        None => assert!(
            PropertyList::parse_with(&buf, &decode).is_err(),
            "a too-small buffer never decodes"
        ),
    }
});
