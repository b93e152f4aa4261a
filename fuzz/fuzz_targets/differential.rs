//! The production reader and `spec`, an independent nom decoder written from
//! the format notes, agree on accept/reject and on content.
#![no_main]

use clusprop::{PropertyList, ValueList};
use clusprop_fuzz::spec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let ours = PropertyList::parse(data);
    let theirs = spec::property_list(data, 0);
    match (&ours, &theirs) {
        (Ok(list), Ok(expected)) => {
            assert_eq!(list.has_trailing_end_mark(), expected.trailing_end_mark);
            let got: Vec<spec::Prop> = list
                .iter()
                .map(|p| spec::Prop {
                    name: p.name().units().collect(),
                    values: p
                        .values()
                        .map(|v| (v.syntax().0, v.data().to_vec()))
                        .collect(),
                })
                .collect();
            assert_eq!(&got, &expected.properties);
        }
        (Err(_), Err(spec::Rejected)) => {}
        _ => panic!("property list: reader says {ours:?}, spec decoder says {theirs:?}"),
    }
    let ours = ValueList::parse(data);
    let theirs = spec::value_list(data, 0);
    match (&ours, &theirs) {
        (Ok(list), Ok(expected)) => {
            let got: Vec<(u32, Vec<u8>)> = list
                .iter()
                .map(|v| (v.syntax().0, v.data().to_vec()))
                .collect();
            assert_eq!(&got, expected);
        }
        (Err(_), Err(spec::Rejected)) => {}
        _ => panic!("value list: reader says {ours:?}, spec decoder says {theirs:?}"),
    }
});
