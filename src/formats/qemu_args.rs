//! QEMU command-line arguments as a Proxmox `args:` line (or libvirt's `<qemu:commandline>`)
//! hands them to QEMU: what they pass through (`-device usb-host,vendorid=…`,
//! `-device vfio-pci,host=…`), the CPU model (`-cpu host`) and the VNC server (`-vnc …`).
//! Options follow QEMU's own syntax (`qemu-system-x86_64 -device help`): a driver name first,
//! then `key=value` properties separated by commas.

/// What a QEMU command line adds to a VM.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct QemuArgs {
    /// `(vendor id, product id, selector)` of each `-device usb-host`: ids as lower-case
    /// 4-digit hex when stated (`vendorid=0x0529`), the selector as written.
    pub usb: Vec<(Option<String>, Option<String>, String)>,
    /// The host address (`host=0000:01:00.0`, `sysfsdev=…`) of each `-device vfio-pci`.
    pub pci: Vec<String>,
    /// The model of `-cpu` (`host`, `max`, `EPYC,+vmx`'s `EPYC`).
    pub cpu_model: Option<String>,
    /// The flags after the model (`+vmx`, `-spec-ctrl`, `ssbd=off`), as written.
    pub cpu_flags: Vec<String>,
    /// The address of `-vnc` (`0.0.0.0`, `unix:/run/vnc.sock`, `[::1]`), without its display.
    pub vnc: Option<(String, bool)>,
}

/// Read the options of `args` (`-device vfio-pci,host=01:00.0 -cpu host`).
pub fn parse(args: &str) -> QemuArgs {
    let mut found = QemuArgs::default();
    let mut words = args.split_whitespace();
    while let Some(word) = words.next() {
        let option = word.trim_start_matches('-');
        if !word.starts_with('-') {
            continue;
        }
        let value = match words.clone().next() {
            Some(next) if !next.starts_with('-') => {
                words.next();
                next
            }
            _ => "",
        };
        match option {
            "device" => device(value, &mut found),
            "cpu" => {
                let mut parts = value.split(',');
                let model = parts.next().unwrap_or_default();
                if !model.is_empty() {
                    found.cpu_model = Some(model.to_string());
                    found.cpu_flags = parts.map(str::to_string).collect();
                }
            }
            "vnc" => found.vnc = vnc(value),
            _ => {}
        }
    }
    found
}

fn properties(value: &str) -> (&str, Vec<(&str, &str)>) {
    let mut parts = value.split(',');
    let driver = parts.next().unwrap_or_default();
    let properties = parts
        .filter_map(|part| part.split_once('='))
        .collect::<Vec<_>>();
    (driver, properties)
}

fn device(value: &str, found: &mut QemuArgs) {
    let (driver, properties) = properties(value);
    let get = |key: &str| {
        properties
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, value)| *value)
    };
    match driver {
        "usb-host" => {
            let id = |key: &str| get(key).map(hex_id);
            let selector = match (get("vendorid"), get("productid")) {
                (Some(vendor), Some(product)) => format!("{}:{}", hex_id(vendor), hex_id(product)),
                _ => match (get("hostbus"), get("hostaddr")) {
                    (Some(bus), Some(address)) => format!("bus {bus} device {address}"),
                    _ => value.to_string(),
                },
            };
            found.usb.push((id("vendorid"), id("productid"), selector));
        }
        "vfio-pci" | "vfio-pci-nohotplug" => {
            let address = get("host").or_else(|| get("sysfsdev")).unwrap_or(value);
            found.pci.push(address.to_string());
        }
        _ => {}
    }
}

/// `0x0529` or `0529` → `0529`.
fn hex_id(value: &str) -> String {
    let digits = value
        .trim_start_matches("0x")
        .trim_start_matches("0X")
        .to_ascii_lowercase();
    format!("{digits:0>4}")
}

/// The listening address of `-vnc`, and whether a password is asked for. `none` is no server.
fn vnc(value: &str) -> Option<(String, bool)> {
    let (target, properties) = properties(value);
    if target.is_empty() || target == "none" {
        return None;
    }
    let password = properties
        .iter()
        .any(|(key, value)| key.starts_with("password") && *value != "off")
        || value.split(',').any(|part| part == "password");
    if target.starts_with("unix:") {
        return Some((target.to_string(), password));
    }
    let host = target.rsplit_once(':').map_or(target, |(host, _)| host);
    let host = if host.is_empty() { "0.0.0.0" } else { host };
    Some((host.to_string(), password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usb_and_pci_passthrough_cpu_and_vnc_are_read() {
        let args = parse(
            "-device usb-host,vendorid=0x0529,productid=0x0001 -device vfio-pci,host=0000:01:00.0 -cpu host,kvm=off -vnc 0.0.0.0:77",
        );
        assert_eq!(
            args.usb,
            [(
                Some("0529".to_string()),
                Some("0001".to_string()),
                "0529:0001".to_string()
            )]
        );
        assert_eq!(args.pci, ["0000:01:00.0"]);
        assert_eq!(args.cpu_model.as_deref(), Some("host"));
        assert_eq!(args.vnc, Some(("0.0.0.0".to_string(), false)));
    }

    #[test]
    fn local_vnc_servers_keep_their_address() {
        assert_eq!(
            parse("-vnc unix:/run/qemu/100.vnc").vnc,
            Some(("unix:/run/qemu/100.vnc".to_string(), false))
        );
        assert_eq!(
            parse("-vnc [::1]:5").vnc,
            Some(("[::1]".to_string(), false))
        );
        assert_eq!(
            parse("-vnc :1,password=on").vnc,
            Some(("0.0.0.0".to_string(), true))
        );
        assert_eq!(parse("-vnc none").vnc, None);
        assert_eq!(parse("-device usb-tablet -cpu").cpu_model, None);
    }
}
