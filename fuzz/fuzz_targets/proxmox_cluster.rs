#![no_main]
//! Fuzz target `proxmox_cluster`: the Proxmox cluster-file reader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vmlint::formats::parse(
            vmlint::formats::Format::ProxmoxCluster,
            std::path::PathBuf::from("jobs.cfg"),
            std::sync::Arc::from(text),
        );
    }
});
