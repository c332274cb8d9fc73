//! libvirt adapter: a `<domain>` is one workload. Reads host devices (`<hostdev>`,
//! `<interface type='hostdev'>`), real-time scheduling (`<cputune>`) and the texts roles are
//! inferred from (`<name>`, `<title>`, `<description>`).

use serde_json::{Map, Value};

use crate::document::{pointer, Document};
use crate::model::{
    normalize_usb_id, PciDevice, PciKind, RealtimeScheduling, Text, UsbDevice, Workload,
};
use crate::roles;

type Element = Map<String, Value>;

pub fn extract(document: &Document) -> Vec<Workload> {
    children(
        document.tree.as_object().expect("an XML tree is an object"),
        "domain",
        "",
    )
    .into_iter()
    .map(|(domain, at)| domain_workload(domain, &at))
    .collect()
}

fn domain_workload(domain: &Element, at: &str) -> Workload {
    let name = first(domain, "name", at)
        .and_then(|(name, _)| text(name))
        .unwrap_or_else(|| "unnamed domain".to_string());
    let mut workload = Workload {
        id: format!("domain {name}"),
        name,
        kind: "libvirt-domain".to_string(),
        platform: "libvirt".to_string(),
        pointer: at.to_string(),
        ..Workload::default()
    };
    workload.texts = texts(domain, at);
    for (devices, devices_at) in children(domain, "devices", at) {
        read_devices(devices, &devices_at, &mut workload);
    }
    for (cputune, cputune_at) in children(domain, "cputune", at) {
        workload
            .cpu
            .realtime_scheduling
            .extend(realtime_scheduling(cputune, &cputune_at));
    }
    roles::assign(&mut workload);
    workload
}

fn texts(domain: &Element, at: &str) -> Vec<Text> {
    let mut texts = Vec::new();
    for (field, element) in [
        ("name", "name"),
        ("title", "title"),
        ("description", "description"),
    ] {
        if let Some((node, node_at)) = first(domain, element, at) {
            if let Some(value) = text(node) {
                texts.push(Text {
                    field,
                    value,
                    pointer: node_at,
                });
            }
        }
    }
    texts
}

fn read_devices(devices: &Element, at: &str, workload: &mut Workload) {
    for (hostdev, hostdev_at) in children(devices, "hostdev", at) {
        // mode='capabilities' hands over a host block/char device or a network interface,
        // not a USB or PCI function.
        if attribute(hostdev, "mode") == Some("capabilities") {
            continue;
        }
        match attribute(hostdev, "type") {
            Some("usb") => workload.usb_devices.push(usb_hostdev(hostdev, hostdev_at)),
            Some("pci") => workload.pci_devices.push(PciDevice {
                kind: PciKind::Pci,
                selector: source_address(hostdev)
                    .unwrap_or_else(|| "a host PCI device".to_string()),
                pointer: hostdev_at,
            }),
            Some("mdev") => {
                let uuid = first(hostdev, "source", "")
                    .and_then(|(source, _)| first(source, "address", ""))
                    .and_then(|(address, _)| attribute(address, "uuid").map(str::to_string));
                let model = attribute(hostdev, "model").unwrap_or("mediated device");
                workload.pci_devices.push(PciDevice {
                    kind: PciKind::Mdev,
                    selector: match uuid {
                        Some(uuid) => format!("{model} {uuid}"),
                        None => model.to_string(),
                    },
                    pointer: hostdev_at,
                });
            }
            _ => {}
        }
    }
    for (interface, interface_at) in children(devices, "interface", at) {
        if attribute(interface, "type") == Some("hostdev") {
            workload.pci_devices.push(PciDevice {
                kind: PciKind::Sriov,
                selector: source_address(interface).unwrap_or_else(|| "of the host".to_string()),
                pointer: interface_at,
            });
        }
    }
}

fn usb_hostdev(hostdev: &Element, at: String) -> UsbDevice {
    let source = first(hostdev, "source", "").map(|(source, _)| source);
    let id_of = |name: &str| {
        source
            .and_then(|source| first(source, name, ""))
            .and_then(|(node, _)| attribute(node, "id"))
            .and_then(normalize_usb_id)
    };
    let vendor_id = id_of("vendor");
    let product_id = id_of("product");
    let selector = match (&vendor_id, &product_id) {
        (Some(vendor), Some(product)) => format!("{vendor}:{product}"),
        (Some(vendor), None) => format!("{vendor}:*"),
        _ => source
            .and_then(|source| first(source, "address", ""))
            .map(|(address, _)| {
                format!(
                    "bus {} device {}",
                    attribute(address, "bus").unwrap_or("?"),
                    attribute(address, "device").unwrap_or("?")
                )
            })
            .unwrap_or_else(|| "a host USB device".to_string()),
    };
    UsbDevice {
        vendor_id,
        product_id,
        selector,
        mapping: None,
        pointer: at,
    }
}

/// `<source><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source>` →
/// `0000:01:00.0`.
fn source_address(element: &Element) -> Option<String> {
    let (source, _) = first(element, "source", "")?;
    let (address, _) = first(source, "address", "")?;
    let part = |name: &str, width: usize| {
        let raw = attribute(address, name).unwrap_or("0");
        let digits = raw.trim_start_matches("0x");
        format!("{digits:0>width$}")
    };
    attribute(address, "bus")?;
    Some(format!(
        "{}:{}:{}.{}",
        part("domain", 4),
        part("bus", 2),
        part("slot", 2),
        attribute(address, "function")
            .unwrap_or("0")
            .trim_start_matches("0x")
    ))
}

fn realtime_scheduling(cputune: &Element, at: &str) -> Vec<RealtimeScheduling> {
    let mut found = Vec::new();
    for (element, threads_attribute, label) in [
        ("vcpusched", Some("vcpus"), "vCPUs"),
        ("iothreadsched", Some("iothreads"), "I/O threads"),
        ("emulatorsched", None, "emulator threads"),
    ] {
        for (sched, sched_at) in children(cputune, element, at) {
            let Some(scheduler) = attribute(sched, "scheduler") else {
                continue;
            };
            if scheduler != "fifo" && scheduler != "rr" {
                continue;
            }
            let threads = match threads_attribute.and_then(|name| attribute(sched, name)) {
                Some(which) => format!("{label} {which}"),
                None => label.to_string(),
            };
            found.push(RealtimeScheduling {
                scheduler: scheduler.to_string(),
                threads,
                priority: attribute(sched, "priority").map(str::to_string),
                pointer: sched_at,
            });
        }
    }
    found
}

fn children<'a>(element: &'a Element, name: &str, at: &str) -> Vec<(&'a Element, String)> {
    let list_at = pointer::push(at, name);
    element
        .get(name)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(index, item)| {
                    item.as_object()
                        .map(|child| (child, pointer::push_index(&list_at, index)))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn first<'a>(element: &'a Element, name: &str, at: &str) -> Option<(&'a Element, String)> {
    children(element, name, at).into_iter().next()
}

fn attribute<'a>(element: &'a Element, name: &str) -> Option<&'a str> {
    element.get(&format!("@{name}")).and_then(Value::as_str)
}

fn text(element: &Element) -> Option<String> {
    element
        .get("#text")
        .and_then(Value::as_str)
        .map(str::to_string)
}
