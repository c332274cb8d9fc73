//! CPU flags that weaken isolation between guests and the host: side-channel mitigations
//! switched off (`-spec-ctrl`, `-ssbd`, `-md-clear`, `-pcid`, …) and the virtualization
//! extensions exposed for nested virtualization (`+vmx`, `+svm`). One list for every format:
//! Proxmox `flags=`, QEMU `-cpu`, libvirt `<feature>`, KubeVirt `cpu.features`, bpg `flags`.

/// Flags whose absence leaves the guest (or its neighbours) open to a CPU side channel:
/// Spectre v2 (IBRS/IBPB/STIBP), Spectre v4 (SSBD), MDS (MD_CLEAR), Meltdown's cheap
/// mitigation (PCID), L1TF (flush-l1d).
const MITIGATIONS: &[(&str, &str)] = &[
    ("spec-ctrl", "Spectre v2 (IBRS)"),
    ("ibrs", "Spectre v2 (IBRS)"),
    ("ibpb", "Spectre v2 (IBPB)"),
    ("stibp", "Spectre v2 (STIBP)"),
    ("amd-stibp", "Spectre v2 (STIBP)"),
    ("ssbd", "Spectre v4 (SSBD)"),
    ("virt-ssbd", "Spectre v4 (SSBD)"),
    ("amd-ssbd", "Spectre v4 (SSBD)"),
    ("md-clear", "MDS (MD_CLEAR)"),
    ("pcid", "Meltdown (PCID for page-table isolation)"),
    ("flush-l1d", "L1TF (L1D flush)"),
    (
        "arch-capabilities",
        "the host's mitigation report (ARCH_CAPABILITIES)",
    ),
];

/// Flags that expose hardware virtualization to the guest.
const NESTED: &[&str] = &["vmx", "svm"];

/// What switching `flag` on (`enabled`) or off does to isolation, described; `None` when it
/// does nothing to it. Flag names are read as QEMU and libvirt spell them (`spec-ctrl`,
/// `spec_ctrl`, `md_clear`, any case).
pub fn weakening(flag: &str, enabled: bool) -> Option<String> {
    let name = flag.trim().to_ascii_lowercase().replace('_', "-");
    if enabled {
        return NESTED.contains(&name.as_str()).then(|| {
            format!("nested virtualization (`+{name}`) gives the guest the host's virtualization extensions")
        });
    }
    MITIGATIONS
        .iter()
        .find(|(mitigation, _)| *mitigation == name)
        .map(|(_, what)| format!("flag `-{name}` turns off the mitigation of {what}"))
}

/// The weakenings of a `+flag;-flag` list (Proxmox `flags=`, QEMU `-cpu model,+vmx,-ssbd`,
/// `flag=on|off`).
pub fn weakenings_of_list(list: &str) -> Vec<String> {
    list.split([';', ','])
        .filter_map(|item| {
            let item = item.trim();
            if let Some(flag) = item.strip_prefix('+') {
                weakening(flag, true)
            } else if let Some(flag) = item.strip_prefix('-') {
                weakening(flag, false)
            } else if let Some((flag, value)) = item.split_once('=') {
                match value {
                    "on" | "true" => weakening(flag, true),
                    "off" | "false" => weakening(flag, false),
                    _ => None,
                }
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mitigations_off_and_nested_virtualization_weaken_isolation() {
        assert_eq!(
            weakenings_of_list("-spec-ctrl;+pdpe1gb;+vmx;-md_clear;+aes;ssbd=off"),
            vec![
                "flag `-spec-ctrl` turns off the mitigation of Spectre v2 (IBRS)".to_string(),
                "nested virtualization (`+vmx`) gives the guest the host's virtualization extensions".to_string(),
                "flag `-md-clear` turns off the mitigation of MDS (MD_CLEAR)".to_string(),
                "flag `-ssbd` turns off the mitigation of Spectre v4 (SSBD)".to_string(),
            ]
        );
        assert!(weakening("spec-ctrl", true).is_none());
        assert!(weakening("vmx", false).is_none());
    }
}
