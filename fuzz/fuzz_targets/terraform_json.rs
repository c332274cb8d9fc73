#![no_main]
//! Fuzz target `terraform_json`: the Terraform JSON parser.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vmlint::formats::parse(
            vmlint::formats::Format::TerraformJson,
            std::path::PathBuf::from("fuzz.tf.json"),
            std::sync::Arc::from(text),
        );
    }
});
