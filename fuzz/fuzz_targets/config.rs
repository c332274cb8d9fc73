#![no_main]
//! Fuzz target `config`: the .vmlint.toml reader.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ =
            vmlint::config::Config::parse(std::path::Path::new(".vmlint.toml"), text.to_string());
    }
});
