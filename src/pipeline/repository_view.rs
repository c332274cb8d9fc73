//! What repository rules see of a workload (`input.workloads` of a repository rule): who it
//! is, where it runs, what it is, its size, its identity and its backups — a slim view, so
//! that ten thousand summaries stay small.

use crate::model::Workload;

/// What repository rules see of a workload: who it is, where it runs, what it is, its size,
/// its identity and its backups. Devices, disks, consoles and the rest are judged per file;
/// leaving them out keeps ten thousand summaries small.
#[derive(serde::Serialize)]
pub(super) struct RepositoryView<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    unnamed: bool,
    kind: &'a str,
    platform: &'a str,
    pointer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    replicated: &'a Option<crate::model::Fact<String>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    reference: bool,
    identity: &'a crate::model::Identity,
    /// The identities compared across workloads, normalised: `{key, kind, value, pointer}`
    /// with `key` = `MAC 52:54:…`, `UUID 564d…` (hex digits only), `serial …`.
    identity_keys: Vec<IdentityKey<'a>>,
    cpu: CpuView<'a>,
    memory: &'a crate::model::Memory,
    placement: &'a crate::model::Placement,
    availability: &'a crate::model::Availability,
    backups: &'a [crate::model::Backup],
    roles: &'a [crate::model::roles::RoleEvidence],
}

#[derive(serde::Serialize)]
struct IdentityKey<'a> {
    key: String,
    kind: &'static str,
    value: &'a str,
    pointer: &'a str,
}

fn identity_keys(workload: &Workload) -> Vec<IdentityKey<'_>> {
    if workload.reference {
        return Vec::new();
    }
    let identity = &workload.identity;
    let mut keys: Vec<IdentityKey> = identity
        .macs
        .iter()
        .map(|mac| IdentityKey {
            key: format!("MAC {}", mac.value.to_ascii_lowercase()),
            kind: "MAC",
            value: &mac.value,
            pointer: &mac.pointer,
        })
        .collect();
    if let Some(uuid) = &identity.smbios_uuid {
        let hex: String = uuid
            .value
            .chars()
            .filter(char::is_ascii_hexdigit)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if !hex.is_empty() {
            keys.push(IdentityKey {
                key: format!("UUID {hex}"),
                kind: "SMBIOS UUID",
                value: &uuid.value,
                pointer: &uuid.pointer,
            });
        }
    }
    if let Some(serial) = &identity.smbios_serial {
        if !serial.value.trim().is_empty() {
            keys.push(IdentityKey {
                key: format!("serial {}", serial.value.trim()),
                kind: "serial",
                value: &serial.value,
                pointer: &serial.pointer,
            });
        }
    }
    keys
}

#[derive(serde::Serialize)]
struct CpuView<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    count: &'a Option<crate::model::Fact<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dedicated: &'a Option<crate::model::Fact<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numa: &'a Option<crate::model::Fact<bool>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    weakenings: &'a [crate::model::Fact<String>],
}

impl<'a> RepositoryView<'a> {
    pub(super) fn of(workload: &'a Workload) -> Self {
        RepositoryView {
            id: &workload.id,
            name: &workload.name,
            kind: &workload.kind,
            platform: &workload.platform,
            unnamed: workload.unnamed,
            pointer: &workload.pointer,
            replicated: &workload.replicated,
            reference: workload.reference,
            identity: &workload.identity,
            identity_keys: identity_keys(workload),
            cpu: CpuView {
                count: &workload.cpu.count,
                dedicated: &workload.cpu.dedicated,
                numa: &workload.cpu.numa,
                weakenings: &workload.cpu.weakenings,
            },
            memory: &workload.memory,
            placement: &workload.placement,
            availability: &workload.availability,
            backups: &workload.backups,
            roles: &workload.roles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Fact;

    #[test]
    fn identity_keys_normalise_macs_and_uuid_spellings_and_skip_references() {
        let mut vmware = Workload::default();
        vmware.identity.smbios_uuid = Some(Fact::new(
            "56 4d 12 34 56 78 9a bc-de f0 12 34 56 78 9a bc".to_string(),
            "/uuid.bios",
        ));
        vmware.identity.macs = vec![Fact::new("00:50:56:AA:BB:CC".to_string(), "/eth")];
        let mut libvirt = Workload::default();
        libvirt.identity.smbios_uuid = Some(Fact::new(
            "564D1234-5678-9ABC-DEF0-123456789ABC".to_string(),
            "/uuid",
        ));
        let keys = |workload: &Workload| -> Vec<String> {
            identity_keys(workload)
                .into_iter()
                .map(|key| key.key)
                .collect()
        };
        assert_eq!(
            keys(&vmware),
            [
                "MAC 00:50:56:aa:bb:cc",
                "UUID 564d123456789abcdef0123456789abc"
            ]
        );
        assert_eq!(keys(&libvirt), ["UUID 564d123456789abcdef0123456789abc"]);
        vmware.reference = true;
        assert!(keys(&vmware).is_empty());
    }
}
