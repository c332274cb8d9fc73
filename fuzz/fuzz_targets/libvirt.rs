#![no_main]
//! Fuzz target `libvirt`: the libvirt XML reader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vmlint::formats::parse(
            vmlint::formats::Format::Libvirt,
            std::path::PathBuf::from("domain.xml"),
            std::sync::Arc::from(text),
        );
    }
});
