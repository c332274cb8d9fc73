#![no_main]
//! Fuzz target `ansible`: the YAML reader as Ansible uses it.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vmlint::formats::parse(
            vmlint::formats::Format::Ansible,
            std::path::PathBuf::from("site.yml"),
            std::sync::Arc::from(text),
        );
    }
});
