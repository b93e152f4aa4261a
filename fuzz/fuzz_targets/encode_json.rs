//! Arbitrary text through the JSON form (serde_json into the owned model,
//! and `JsonList::from_json_text`, which reads it to the model's own depth)
//! into the encoder, for property lists (`{"properties": ...}`) and bare
//! value lists (`{"values": [...]}`), with server and client options: never
//! a panic, and every list the encoder writes decodes (with the matching
//! reader options: a client-encoded list passes `client_input` at every
//! depth) and re-encodes to the same bytes.
#![no_main]

use clusprop::{
    DecodeOptions, EncodeOptions, JsonList, OwnedPropertyList, OwnedValueList, PropertyList,
    ValueList,
};
use libfuzzer_sys::fuzz_target;

/// The reader options that accept everything the encoder writes with
/// `client` rules (or server rules): the default reader, with `EXPANDED_SZ`
/// refused for a client.
fn reader(client: bool) -> DecodeOptions {
    if client {
        DecodeOptions::client_input()
    } else {
        DecodeOptions::default()
    }
}

fn property_list(list: &OwnedPropertyList) {
    for client in [false, true] {
        let options = list.encode_options().with_expanded_sz(!client);
        let Ok(bytes) = list.to_vec_with(&options) else {
            continue;
        };
        assert_eq!(list.encoded_len_with(&options), Ok(bytes.len()));
        let parsed = match PropertyList::parse_with(&bytes, &reader(client)) {
            Ok(parsed) => parsed,
            Err(e) => panic!("the encoder wrote a list the reader rejects (client {client}): {e}"),
        };
        let again = OwnedPropertyList::from_list(&parsed)
            .to_vec_with(&options)
            .expect("a decoded list encodes again");
        assert_eq!(again, bytes, "re-encoding changed the bytes");
    }
}

fn value_list(list: &OwnedValueList) {
    let server = EncodeOptions::server_reply();
    let client = EncodeOptions::default();
    for (options, is_client) in [(server, false), (client, true)] {
        let Ok(bytes) = list.to_vec_with(&options) else {
            continue;
        };
        assert_eq!(list.encoded_len_with(&options), Ok(bytes.len()));
        let parsed = match ValueList::parse_with(&bytes, &reader(is_client)) {
            Ok(parsed) => parsed,
            Err(e) => {
                panic!(
                    "the encoder wrote a value list the reader rejects (client {is_client}): {e}"
                )
            }
        };
        let again = OwnedValueList::from_list(&parsed)
            .to_vec_with(&options)
            .expect("a decoded value list encodes again");
        assert_eq!(again, bytes, "re-encoding changed the bytes");
    }
    // What the plain `to_vec` writes is the server form.
    assert_eq!(list.to_vec().ok(), list.to_vec_with(&server).ok());
}

/// The reader of `clusprop encode` and the C ABI (`from_json_text`, with no
/// recursion limit of serde_json's own, the byte-order mark skipped): never
/// a panic or a stack overflow, and a document it reads, written again,
/// reads back to the same document and the same text.
fn json_text(data: &[u8]) {
    let Ok(document) = JsonList::from_json_text(data) else {
        return;
    };
    let json = serde_json::to_string(&document).expect("the model serialises");
    let back = JsonList::from_json_text(json.as_bytes()).expect("its own JSON reads back");
    assert_eq!(back, document);
    assert_eq!(
        serde_json::to_string(&back).expect("the model serialises"),
        json
    );
}

fuzz_target!(|data: &[u8]| {
    json_text(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Both shapes are tried on every input: the fuzzer need not guess which
    // key the dispatcher looks at.
    if let Ok(list) = serde_json::from_str::<OwnedPropertyList>(text) {
        property_list(&list);
        // The JSON the model writes reads back as the same model.
        let json = serde_json::to_string(&list).expect("the model serialises");
        let back: OwnedPropertyList = serde_json::from_str(&json).expect("its own JSON reads back");
        assert_eq!(back, list);
    }
    if let Ok(list) = serde_json::from_str::<OwnedValueList>(text) {
        value_list(&list);
        let json = serde_json::to_string(&list).expect("the model serialises");
        let back: OwnedValueList = serde_json::from_str(&json).expect("its own JSON reads back");
        assert_eq!(back, list);
    }
});
