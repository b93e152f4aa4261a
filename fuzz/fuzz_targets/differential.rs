//! The production reader and `spec`, an independent nom decoder written from
//! the format notes, agree on accept/reject and on content, under the default
//! options and under `DecodeOptions::ms_cmrp()`.
#![no_main]

use clusprop::{DecodeOptions, PropertyList, ValueList};
use clusprop_fuzz::spec::{self, Rules};
use libfuzzer_sys::fuzz_target;

fn compare(data: &[u8], options: &DecodeOptions, rules: &Rules) {
    let ours = PropertyList::parse_with(data, options);
    let theirs = spec::property_list_with(data, 0, rules);
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
        _ => {
            panic!("property list ({rules:?}): reader says {ours:?}, spec decoder says {theirs:?}")
        }
    }
    let ours = ValueList::parse_with(data, options);
    let theirs = spec::value_list_with(data, 0, rules);
    match (&ours, &theirs) {
        (Ok(list), Ok(expected)) => {
            let got: Vec<(u32, Vec<u8>)> = list
                .iter()
                .map(|v| (v.syntax().0, v.data().to_vec()))
                .collect();
            assert_eq!(&got, expected);
        }
        (Err(_), Err(spec::Rejected)) => {}
        _ => panic!("value list ({rules:?}): reader says {ours:?}, spec decoder says {theirs:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    compare(data, &DecodeOptions::default(), &Rules::DEFAULT);
    compare(data, &DecodeOptions::ms_cmrp(), &Rules::MS_CMRP);
});
