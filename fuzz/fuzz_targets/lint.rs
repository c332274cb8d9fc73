#![no_main]
//! Fuzz target `lint`: the whole per-file path — detection, parsing, extraction, suppressions,
//! every built-in rule and the repository stage — on one document whose format the first byte
//! chooses.
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vmlint::pipeline::{lint_buffer, LintOptions};
use vmlint::policy::PolicySet;
use vmlint::pipeline::context::RepositoryContext;

const NAMES: [&str; 8] = [
    "main.tf",
    "main.tf.json",
    "playbooks/site.yml",
    "vm.yaml",
    "domain.xml",
    "qemu-server/100.conf",
    "vm.vmx",
    "jobs.cfg",
];

fn policies() -> &'static PolicySet {
    static POLICIES: OnceLock<PolicySet> = OnceLock::new();
    POLICIES.get_or_init(|| PolicySet::load(&Default::default()).expect("built-in policies"))
}

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let path = PathBuf::from(NAMES[*first as usize % NAMES.len()]);
    let _ = lint_buffer(
        &path,
        text,
        policies(),
        &LintOptions::default(),
        &RepositoryContext::default(),
        Some(&[]),
    );
});
