#![no_main]
//! Fuzz target `suppressions`: `vmlint:ignore` comments — the comment scanners of three syntaxes
//! (HCL, YAML, Proxmox) and the suppression parser (rule lists, reasons, `until` dates) on
//! whatever comments the input holds.
use std::path::PathBuf;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use vmlint::formats::{self, Format};

const FORMATS: [(Format, &str); 3] = [
    (Format::Terraform, "main.tf"),
    (Format::Ansible, "playbooks/site.yml"),
    (Format::Proxmox, "qemu-server/100.conf"),
];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = vmlint::dates::parse(text);
    let (format, name) = FORMATS[*first as usize % FORMATS.len()];
    if let Ok(document) = formats::parse(format, PathBuf::from(name), Arc::from(text)) {
        let _ = vmlint::pipeline::suppress::parse(&document);
    }
});
