#![no_main]
//! Fuzz target `inventory`: the Ansible INI inventory reader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vmlint::formats::parse(
            vmlint::formats::Format::AnsibleInventory,
            std::path::PathBuf::from("hosts"),
            std::sync::Arc::from(text),
        );
    }
});
