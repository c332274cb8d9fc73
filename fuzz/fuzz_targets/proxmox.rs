#![no_main]
//! Fuzz target `proxmox`: the Proxmox qemu-server reader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vmlint::formats::parse(
            vmlint::formats::Format::Proxmox,
            std::path::PathBuf::from("qemu-server/100.conf"),
            std::sync::Arc::from(text),
        );
    }
});
