#![no_main]
//! Fuzz target `terraform`: the HCL parser and comment lexer.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vmlint::formats::parse(
            vmlint::formats::Format::Terraform,
            std::path::PathBuf::from("fuzz.tf"),
            std::sync::Arc::from(text),
        );
    }
});
