#![no_main]
//! Fuzz target `kubevirt`: the YAML reader as KubeVirt manifests use it.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vmlint::formats::parse(
            vmlint::formats::Format::KubeVirt,
            std::path::PathBuf::from("vm.yaml"),
            std::sync::Arc::from(text),
        );
    }
});
