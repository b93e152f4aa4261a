//! An arbitrary sequence of builder calls into a small fixed buffer: never a
//! panic; every `Ok` decodes, with the property count the builder reported.
#![no_main]

use clusprop::{EncodeError, PropertyList, PropertyListBuilder};
use clusprop_fuzz::ops::{Session, add_properties};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|session: Session| {
    let mut buf = vec![0u8; usize::from(session.buffer % 2048)];
    let mut b = PropertyListBuilder::with_options(&mut buf, session.options());
    let _ = add_properties(&mut b, &session.properties, 0);
    let count = b.count();
    let needed = b.needed();
    match b.finish() {
        Ok(n) => {
            assert_eq!(n, needed);
            let list = PropertyList::parse(&buf[..n]).expect("every Ok result decodes");
            assert_eq!(list.len(), count as usize);
            assert_eq!(list.has_trailing_end_mark(), session.trailing_end_mark);
        }
        Err(EncodeError::BufferTooSmall { needed: reported }) => {
            assert_eq!(reported, needed);
            assert!(reported > buf.len());
            assert!(
                PropertyList::parse(&buf).is_err(),
                "a too-small buffer never decodes"
            );
        }
        Err(e) => panic!("finish fails only for size: {e}"),
    }
});
