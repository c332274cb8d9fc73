//! Host devices passed into a guest — USB devices and PCI devices, GPUs, SR-IOV functions,
//! mediated devices and SCSI devices — and how a Proxmox-style definition names one (a host
//! address or a cluster resource mapping).

use serde::{Deserialize, Serialize};

use super::split_usb_pair;

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct UsbDevice {
    /// Lower-case 4-digit hex vendor id (`0529`), when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// How the source names the device: `0529:0001`, `bus 1 device 4`, a mapping name, …
    pub selector: String,
    /// Named through a cluster-wide mapping rather than a host address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mapping: Option<String>,
    pub pointer: String,
}

impl UsbDevice {
    /// A device given by its host `vendor:product` (or bus-port) id or, failing that, a
    /// cluster resource mapping (Proxmox `usbN`, bpg and Telmate blocks): named by the id,
    /// ``mapping `name` ``, or `fallback`. `host = spice` is SPICE client redirection, no host
    /// device: `None`.
    pub fn from_source(
        host: Option<String>,
        mapping: Option<String>,
        fallback: String,
        pointer: String,
    ) -> Option<UsbDevice> {
        if host
            .as_deref()
            .is_some_and(|host| host.eq_ignore_ascii_case("spice"))
        {
            return None;
        }
        let (vendor_id, product_id) = host
            .as_deref()
            .and_then(split_usb_pair)
            .map_or((None, None), |(vendor, product)| {
                (Some(vendor), Some(product))
            });
        let selector = match (host, &mapping) {
            (Some(host), _) => host,
            (None, Some(name)) => format!("mapping `{name}`"),
            (None, None) => fallback,
        };
        Some(UsbDevice {
            vendor_id,
            product_id,
            selector,
            mapping,
            pointer,
        })
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PciKind {
    /// A plain PCI(e) device.
    Pci,
    /// A GPU (primary VGA passthrough or a cloud accelerator).
    Gpu,
    /// A NIC virtual function (SR-IOV).
    Sriov,
    /// A mediated device (vGPU slice).
    Mdev,
    /// A host SCSI device (a tape library, a disk by its SCSI address).
    Scsi,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PciDevice {
    pub kind: PciKind,
    /// How the source names the device: a PCI address, a mapping, an mdev UUID, a model, …
    pub selector: String,
    /// Named through a cluster-wide resource mapping (Proxmox `mapping=`) rather than a host
    /// address: HA may restart the guest on any node that maps the same device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<String>,
    /// What the device does to live migration when the kind's usual answer ("the guest is
    /// pinned to this host and cannot live-migrate") is not true for this case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migration: Option<String>,
    /// The guest gets a share of a device, not the whole of it (a vGPU or mediated-device
    /// profile, a MIG or time-sliced GPU resource, a fractional cloud GPU size), described.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
    pub pointer: String,
}

/// How a Proxmox-style passthrough names its device.
pub struct DeviceSource {
    /// The host address (`0000:01:00.0`), when given.
    pub address: Option<String>,
    /// The cluster resource mapping, used when no address is given.
    pub mapping: Option<String>,
    /// The mediated-device profile (`nvidia-63`), which makes it a mediated device.
    pub profile: Option<String>,
    /// Passed as the guest's primary GPU (`x-vga`, `primary_gpu`).
    pub gpu: bool,
}

impl PciDevice {
    /// A device given by a host address or, failing that, a cluster resource mapping (Proxmox
    /// `hostpciN`, bpg and Telmate blocks): named `0000:01:00.0` or ``mapping `gpu` ``, with
    /// ` (profile …)` for a mediated device; `fallback` names it when neither is given.
    pub fn from_source(source: DeviceSource, fallback: &str, pointer: String) -> PciDevice {
        let kind = match (&source.profile, source.gpu) {
            (Some(_), _) => PciKind::Mdev,
            (None, true) => PciKind::Gpu,
            (None, false) => PciKind::Pci,
        };
        let mapping = source.mapping.filter(|_| source.address.is_none());
        let selector = match (source.address, &mapping) {
            (Some(address), _) => address,
            (None, Some(name)) => format!("mapping `{name}`"),
            (None, None) => fallback.to_string(),
        };
        let share = source
            .profile
            .as_ref()
            .map(|profile| format!("mediated-device profile `{profile}`"));
        let selector = match source.profile {
            Some(profile) => format!("{selector} (profile {profile})"),
            None => selector,
        };
        PciDevice {
            kind,
            selector,
            mapping,
            migration: None,
            share,
            pointer,
        }
    }
}
