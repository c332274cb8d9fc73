//! The common Workload model that every format adapter fills and every rule reads
//! (`input.workloads` in Rego).
//!
//! Each fact remembers the JSON pointer of the node it came from, so a rule can blame the exact
//! key or element. Values the source does not state literally (Terraform expressions, template
//! variables) are `None`: the model never guesses.

pub mod cpu_flags;
mod devices;
pub mod gpu;
pub mod pointers;
pub mod roles;
pub mod schedule;
pub mod trace;

use serde::{Deserialize, Serialize};

pub use devices::{DeviceSource, PciDevice, PciKind, UsbDevice};

use crate::model::roles::RoleEvidence;

/// One virtual machine (or VM-like instance) defined by a document.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Workload {
    /// Identity within the file, e.g. `proxmox_virtual_environment_vm.plc` or `domain plc-01`.
    pub id: String,
    /// The workload's name as the platform knows it (falls back to the resource label).
    pub name: String,
    /// The definition does not state the name in a way vmlint can read (an Ansible task whose
    /// `name:` is an unresolved expression): `name` then only describes the definition, and
    /// nothing is matched by it (inventory hosts, clusters, one VM seen twice).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unnamed: bool,
    /// What defines it: a Terraform resource type, `libvirt-domain`, `VirtualMachine`, …
    pub kind: String,
    /// The platform it runs on: proxmox, vsphere, libvirt, kubevirt, vmware, aws, azure, gcp.
    pub platform: String,
    /// Pointer to the whole definition.
    pub pointer: String,
    /// Several instances from one definition (`count`, `for_each`, a loop, a replica set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicated: Option<Fact<String>>,
    /// Hardware identity licences bind to.
    pub identity: Identity,
    pub cpu: Cpu,
    pub memory: Memory,
    pub disks: Vec<Disk>,
    pub nics: Vec<Nic>,
    /// Host USB devices passed into the guest.
    pub usb_devices: Vec<UsbDevice>,
    /// PCI devices, GPUs, SR-IOV functions and mediated devices passed through.
    pub pci_devices: Vec<PciDevice>,
    /// Host serial and parallel ports passed into the guest.
    pub host_ports: Vec<Fact<String>>,
    /// Remote consoles (VNC, SPICE).
    pub consoles: Vec<Console>,
    /// Settings that weaken guest-to-host isolation (VMware tools backdoors re-enabled,
    /// host directories shared into the guest), each described.
    pub isolation_weakenings: Vec<Fact<String>>,
    pub clock: Clock,
    /// The guest OS type as the platform names it (`l26`, `win10`, `windows9Server64Guest`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guest_os: Option<Fact<String>>,
    /// High availability and live migration declared for the workload.
    pub availability: Availability,
    pub placement: Placement,
    /// Backup jobs that cover the workload.
    pub backups: Vec<Backup>,
    /// Whether the platform freezes the guest (through its guest agent) before snapshots:
    /// Proxmox `agent: 1` (unless `freeze-fs-on-backup=0`), `agent: 0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot_quiescing: Option<Fact<bool>>,
    /// The document acts on this VM (a snapshot task naming it) but does not define it: rules
    /// about how a VM is defined skip it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reference: bool,
    /// Roles declared or inferred, strongest evidence first.
    pub roles: Vec<RoleEvidence>,
    /// Texts role inference reads (name, description, tags, …); not part of the Rego input.
    #[serde(skip)]
    pub texts: Vec<Text>,
}

impl Workload {
    /// A workload that a whole file defines (a Proxmox `.conf`, a `.vmx`), named after the
    /// file's stem until the file names it: `vm 100`, `vmx cad-ws-03`.
    pub fn named_after_file(
        path: &std::path::Path,
        kind: &str,
        platform: &str,
        pointer: &str,
    ) -> Workload {
        let stem = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("vm")
            .to_string();
        let prefix = if kind == "qemu-server" { "vm" } else { kind };
        Workload {
            id: format!("{prefix} {stem}"),
            name: stem,
            kind: kind.to_string(),
            platform: platform.to_string(),
            pointer: pointer.to_string(),
            ..Workload::default()
        }
    }
}

/// A value and the pointer of the node that states it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Fact<T> {
    pub value: T,
    pub pointer: String,
}

impl<T> Fact<T> {
    pub fn new(value: T, pointer: impl Into<String>) -> Self {
        Fact {
            value,
            pointer: pointer.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Identity {
    /// MAC addresses written in the definition (static MACs).
    pub macs: Vec<Fact<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smbios_uuid: Option<Fact<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smbios_serial: Option<Fact<String>>,
    /// Identity settings somebody chose by hand, described (`static MAC 00:50:56:…`,
    /// `SMBIOS serial LIC-42`, `uuid.action = keep`). A MAC that a format always writes out
    /// (libvirt dumps, Proxmox configs) is in `macs` but not here: it is not a choice.
    pub pinned: Vec<Fact<String>>,
}

impl Identity {
    /// Record an identity setting chosen by hand.
    pub fn pin(&mut self, what: String, pointer: impl Into<String>) {
        self.pinned.push(Fact::new(what, pointer));
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Memory {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_mib: Option<Fact<u64>>,
    /// Huge pages requested (`2M`, `1G`, `any`, `true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hugepages: Option<Fact<String>>,
    /// Guest memory locked / fully reserved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<Fact<bool>>,
    /// Ways the host may take the guest's memory back, each described: a balloon target below
    /// the configured size, a reservation below it, page sharing switched on, a KubeVirt guest
    /// memory above its request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reclaimable: Vec<Fact<String>>,
}

impl Memory {
    /// A balloon target (MiB) above 0 and below the memory size lets the host take the
    /// difference back (every Proxmox-style reader: 0 switches the driver off). `written`
    /// shows a setting as its format writes it (`balloon: 4096`, `floating = 4096`).
    pub fn balloon(
        &mut self,
        target: u64,
        keys: (&str, &str),
        written: fn(&str, u64) -> String,
        pointer: String,
    ) {
        let Some(size) = &self.size_mib else {
            return;
        };
        if target > 0 && target < size.value {
            let message = format!(
                "ballooning may take it down to {target} MiB ({} below {})",
                written(keys.0, target),
                written(keys.1, size.value)
            );
            self.reclaimable.push(Fact::new(message, pointer));
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Disk {
    /// Storage pool, datastore or storage class.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// Thin provisioned (when stated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thin: Option<bool>,
    /// Write cache mode (`writeback`, `unsafe`, `none`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<String>,
    /// A cloud volume type (`gp2`, `st1`, `pd-standard`, `Standard_LRS`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<String>,
    /// Provisioned IOPS, when stated: a performance guarantee.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops: Option<u64>,
    /// VMware disk mode (`persistent`, `independent-persistent`, `independent-nonpersistent`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The disk lives on one host's storage (`true`) or on storage every host reaches
    /// (`false`); absent when the definitions do not say (a storage name alone is judged by the
    /// rule's list of local storage names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local: Option<bool>,
    /// Why the disk is local or shared (`storage.cfg` line 4: `lvmthin`, not `shared`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    pub pointer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Nic {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Bridge, network or port group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    /// The NIC owns a physical port of the host (libvirt macvtap `mode='passthrough'`): the
    /// guest has a dedicated NIC without PCI passthrough.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dedicated: bool,
    pub pointer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Console {
    /// `vnc` or `spice`.
    pub kind: String,
    /// Listen address, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    pub password: bool,
    pub pointer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Clock {
    /// `utc`, `localtime`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<Fact<String>>,
    /// The host corrects the guest clock periodically (VMware Tools time sync).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_sync: Option<Fact<bool>>,
    /// Time sync configured inside the guest (chrony, ntpd, timesyncd by an Ansible play for
    /// this host), described with where.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guest_sync: Option<Fact<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Availability {
    /// Restarted elsewhere on host failure (Proxmox HA resource, vSphere HA, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ha: Option<Fact<bool>>,
    /// Live-migratable by policy (KubeVirt `evictionStrategy: LiveMigrate`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live_migration: Option<Fact<bool>>,
    /// What keeps HA and migration to a named set of hosts (a restricted Proxmox HA group, a
    /// strict node-affinity rule, a mandatory vSphere VM–host rule, a required node affinity),
    /// described.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted_to: Option<Fact<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Placement {
    /// The host or node the workload is pinned to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<Fact<String>>,
    /// The cluster the definitions place it in (a Proxmox cluster file system, a vSphere compute
    /// cluster); `[clusters]` in `.vmlint.toml` adds membership the definitions do not state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<Fact<String>>,
    /// Anti-affinity declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anti_affinity: Option<Fact<bool>>,
    /// A host of its own: dedicated tenancy or host (AWS), a dedicated host (Azure), a
    /// sole-tenant node (GCP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dedicated: Option<Fact<bool>>,
}

/// A backup job covering a workload.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct Backup {
    /// As written: a cron expression or a Proxmox calendar event (`21:00`, `sat 02:00`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// `snapshot`, `suspend`, `stop`, … when stated (Proxmox jobs default to `snapshot`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// The job itself asks for application-consistent snapshots (VSS or pre/post scripts,
    /// `quiesce: true`, GCP `guest_flush`), or says it does not; `None` when it does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_consistent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    /// Where the job is defined (`` `jobs.cfg` line 3 ``).
    pub origin: String,
    /// The node of this workload the job is attached to.
    pub pointer: String,
}

/// A text that says what a workload is, and where it stands.
#[derive(Debug, Clone)]
pub struct Text {
    /// What the text is: `name`, `description`, `tag`, …
    pub field: &'static str,
    pub value: String,
    pub pointer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Cpu {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<Fact<u64>>,
    /// CPU model (`host`, `host-passthrough`, `x86-64-v2-AES`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<Fact<String>>,
    /// The model is the platform's documented default, not written in the file (Telmate's
    /// `cpu.type` defaults to `host`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub model_by_default: bool,
    /// CPU features the guest cannot run without (libvirt `<feature policy='require'>`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required_features: Vec<Fact<String>>,
    /// vCPUs pinned to host CPUs, or dedicated CPU placement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dedicated: Option<Fact<bool>>,
    /// A guest NUMA topology: given (`true`: Proxmox `numa: 1`, libvirt `<numatune>` or
    /// `<cpu><numa>`, vSphere's automatic vNUMA, KubeVirt `guestMappingPassthrough`) or stated
    /// off (`false`); absent when the definition does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numa: Option<Fact<bool>>,
    /// CPU side-channel mitigations turned off or nested virtualization exposed, each
    /// described (`flag -spec-ctrl turns off a side-channel mitigation`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub weakenings: Vec<Fact<String>>,
    /// Real-time scheduling policies given to vCPUs, I/O or emulator threads.
    pub realtime_scheduling: Vec<RealtimeScheduling>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RealtimeScheduling {
    /// `fifo`, `rr`, or `realtime` where the platform names no policy (KubeVirt).
    pub scheduler: String,
    /// What is scheduled: `vcpus 0-1`, `iothreads 1`, `emulator`.
    pub threads: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    pub pointer: String,
}

/// A literal string value: `None` for computed values (`${…}` expressions, Jinja).
pub fn literal(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(text) if !is_computed(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        serde_json::Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// True for text that is an expression evaluated later (`${…}`, `{{ … }}`).
pub fn is_computed(text: &str) -> bool {
    text.contains("${") || text.contains("{{")
}

/// `0x0529`, `0529`, `529` → `0529`; anything not hex → `None`.
pub fn normalize_usb_id(raw: &str) -> Option<String> {
    let digits = raw.trim().trim_start_matches("0x").trim_start_matches("0X");
    if digits.is_empty() || digits.len() > 4 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(format!("{:0>4}", digits.to_ascii_lowercase()))
}

/// A memory size in MiB from `1024`, `4G`, `4Gi`, `512M`, `2048MB` (a bare number is MiB, as in
/// Proxmox and vSphere).
pub fn parse_mib(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number: u64 = text[..digits_end].parse().ok()?;
    let factor = match text[digits_end..].trim().to_ascii_lowercase().as_str() {
        "" | "m" | "mi" | "mb" | "mib" => 1,
        "g" | "gi" | "gb" | "gib" => 1024,
        "t" | "ti" | "tb" | "tib" => 1024 * 1024,
        "k" | "ki" | "kb" | "kib" => return Some(number / 1024),
        _ => return None,
    };
    Some(number * factor)
}

/// Parse `vvvv:pppp` (Proxmox, Terraform) into vendor and product ids.
pub fn split_usb_pair(selector: &str) -> Option<(String, String)> {
    let (vendor, product) = selector.split_once(':')?;
    Some((normalize_usb_id(vendor)?, normalize_usb_id(product)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn usb_ids_are_normalized() {
        assert_eq!(normalize_usb_id("0x0529").as_deref(), Some("0529"));
        assert_eq!(normalize_usb_id("64F").as_deref(), Some("064f"));
        assert_eq!(normalize_usb_id("usb"), None);
        assert_eq!(
            split_usb_pair("1050:0407"),
            Some(("1050".to_string(), "0407".to_string()))
        );
        assert_eq!(split_usb_pair("3-4"), None);
    }

    #[test]
    fn memory_sizes_are_read_in_mib() {
        assert_eq!(parse_mib("2048"), Some(2048));
        assert_eq!(parse_mib("4Gi"), Some(4096));
        assert_eq!(parse_mib("1024M"), Some(1024));
        assert_eq!(parse_mib("4194304 KiB"), Some(4096));
        assert_eq!(parse_mib("lots"), None);
    }

    #[test]
    fn a_balloon_below_the_memory_is_reclaimable_and_zero_or_equal_is_not() {
        let written = |key: &str, mib: u64| format!("`{key}: {mib}`");
        let mut memory = Memory {
            size_mib: Some(Fact::new(16384, "/memory")),
            ..Memory::default()
        };
        memory.balloon(0, ("balloon", "memory"), written, "/b".into());
        memory.balloon(16384, ("balloon", "memory"), written, "/b".into());
        assert!(memory.reclaimable.is_empty());
        memory.balloon(4096, ("balloon", "memory"), written, "/b".into());
        assert_eq!(
            memory.reclaimable,
            vec![Fact::new(
                "ballooning may take it down to 4096 MiB (`balloon: 4096` below `memory: 16384`)"
                    .to_string(),
                "/b"
            )]
        );
    }

    #[test]
    fn computed_values_are_not_literals() {
        assert_eq!(literal(Some(&json!("${var.x}"))), None);
        assert_eq!(literal(Some(&json!("{{ mac }}"))), None);
        assert_eq!(literal(Some(&json!("vm"))).as_deref(), Some("vm"));
        assert_eq!(literal(Some(&json!(4))).as_deref(), Some("4"));
    }
}
