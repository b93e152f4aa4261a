//! Arbitrary bytes into the property-list reader with every option set:
//! never a panic or a hang; on `Ok`, every property and value is visited and
//! formatted. The presets are ordered (`ms_cmrp` and `client_input` accept
//! no more than `default`, which accepts no more than `lenient`), and the
//! target checks that too, and that decoding allocates nothing. The
//! one-pass visitor (`parse_visiting_with`) must give `parse_with`'s answer
//! and show what the iterators yield.
#![no_main]

use clusprop::PropertyList;
use clusprop_fuzz::CountingAlloc;
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

/// A visitor that counts the calls it receives.
struct Calls(usize);

impl<'a> clusprop::Visitor<'a> for Calls {
    fn property(&mut self, _: clusprop::Utf16Str<'a>) {
        self.0 += 1;
    }
    fn value(&mut self, _: clusprop::Value<'a>) {
        self.0 += 1;
    }
}

fuzz_target!(|data: &[u8]| {
    for options in clusprop_fuzz::option_sets(data) {
        let before = ALLOC.allocated();
        let parsed = PropertyList::parse_with(data, &options);
        // Decoding allocates nothing, whatever the counts and lengths say.
        assert_eq!(ALLOC.allocated(), before, "decoding allocated");
        // The one-pass visitor: the same answer, allocating nothing itself
        // (a visitor that only counts), and shown what the iterators yield.
        let before = ALLOC.allocated();
        let mut calls = Calls(0);
        let visited = PropertyList::parse_visiting_with(data, &options, &mut calls);
        assert_eq!(ALLOC.allocated(), before, "visiting allocated");
        assert_eq!(visited, parsed);
        clusprop_fuzz::check_visitor(data, &options, &parsed, data.len() as u8);
        match parsed {
            Ok(list) => {
                std::hint::black_box(clusprop_fuzz::walk_property_list(&list));
            }
            Err(e) => {
                assert!(e.offset() <= data.len(), "{e} beyond {} bytes", data.len());
                std::hint::black_box(e.to_string());
            }
        }
    }
    clusprop_fuzz::check_preset_ordering(|options| PropertyList::parse_with(data, options).is_ok());
});
