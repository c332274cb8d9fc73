#![no_main]
//! Fuzz target `schedule`: schedule expressions (cron, AWS cron, Proxmox calendar events).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for syntax in [
            vmlint::schedule::Syntax::Cron,
            vmlint::schedule::Syntax::AwsCron,
            vmlint::schedule::Syntax::ProxmoxCalendar,
        ] {
            let _ = vmlint::schedule::week_starts(text, syntax, None);
        }
    }
});
