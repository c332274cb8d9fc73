#![no_main]
//! Fuzz target `vmx`: the VMware .vmx reader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vmlint::formats::parse(
            vmlint::formats::Format::Vmx,
            std::path::PathBuf::from("vm.vmx"),
            std::sync::Arc::from(text),
        );
    }
});
