//! Arbitrary bytes into the property-list reader with every option set:
//! never a panic or a hang; on `Ok`, every property and value is visited and
//! formatted. The presets are ordered (`ms_cmrp` and `client_input` accept
//! no more than `default`, which accepts no more than `lenient`), and the
//! target checks that too, and that decoding allocates nothing.
#![no_main]

use clusprop::PropertyList;
use clusprop_fuzz::CountingAlloc;
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc::new();

fuzz_target!(|data: &[u8]| {
    for options in clusprop_fuzz::option_sets(data) {
        let before = ALLOC.allocated();
        let parsed = PropertyList::parse_with(data, &options);
        // Decoding allocates nothing, whatever the counts and lengths say.
        assert_eq!(ALLOC.allocated(), before, "decoding allocated");
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
