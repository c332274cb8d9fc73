#![no_main]
//! Fuzz target `schedule`: schedule expressions (cron, AWS cron, Proxmox calendar events).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for syntax in [
            vmlint::model::schedule::Syntax::Cron,
            vmlint::model::schedule::Syntax::AwsCron,
            vmlint::model::schedule::Syntax::ProxmoxCalendar,
        ] {
            let _ = vmlint::model::schedule::week_starts(text, syntax, None);
        }
    }
});
