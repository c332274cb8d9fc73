//! What the Proxmox cluster files say about each VM beyond HA and backups: which storages are
//! shared (`storage.cfg`), which HA groups and node-affinity rules keep a VM on named nodes
//! (`ha/groups.cfg`, `ha/resources.cfg` `group`, `ha/rules.cfg`), and the storage replication
//! jobs and their schedules (`replication.cfg`). Read once per run; applied to each VM.

use std::collections::HashMap;

use super::cluster::sections;
use crate::document::{pointer, Document};
use crate::model::schedule::{Schedule, Syntax};
use crate::model::{Fact, Workload};

/// Storage types every node reaches (pvesm(1)); `dir`, `lvm`, `lvmthin`, `zfspool` and `btrfs`
/// are local unless marked `shared 1` (only `dir` and `lvm` may be).
const SHARED_TYPES: [&str; 10] = [
    "nfs",
    "cifs",
    "rbd",
    "cephfs",
    "glusterfs",
    "iscsi",
    "iscsidirect",
    "zfs",
    "pbs",
    "esxi",
];

/// A replication job runs every 15 minutes unless it says otherwise (pvesr(1)).
const DEFAULT_REPLICATION_SCHEDULE: &str = "*/15";

fn file_name(document: &Document) -> &str {
    document
        .path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
}

/// The storage replication jobs of `replication.cfg` as schedules of their guest.
pub fn replication_schedules(document: &Document) -> Vec<Schedule> {
    if file_name(document) != "replication.cfg" {
        return Vec::new();
    }
    sections(document)
        .into_iter()
        .filter(|section| section.kind == "local" && !section.flag("disable"))
        .map(|section| {
            let guest = section
                .id
                .split('-')
                .next()
                .unwrap_or(section.id)
                .to_string();
            let (expression, at) = match section.get("schedule") {
                Some(schedule) => (
                    schedule.to_string(),
                    pointer::push(&pointer::push(&section.pointer, "properties"), "schedule"),
                ),
                None => (
                    DEFAULT_REPLICATION_SCHEDULE.to_string(),
                    section.pointer.clone(),
                ),
            };
            let target = section.get("target").unwrap_or("another node");
            Schedule::new(
                format!("replication job `{}` (to {target})", section.id),
                "replication",
                expression,
                Syntax::ProxmoxCalendar,
                None,
                None,
                at,
            )
            .covering(vec![guest], Vec::new())
        })
        .collect()
}

/// The facts of one run's Proxmox cluster files.
#[derive(Debug, Default)]
pub struct ClusterFacts {
    /// Storage name → (local, why).
    storages: HashMap<String, (bool, String)>,
    /// HA group → (nodes, restricted).
    groups: HashMap<String, (Vec<String>, bool)>,
    /// VM id → the HA group its resource entry names.
    resource_groups: HashMap<String, String>,
    /// VM id → a strict node-affinity rule that keeps it on nodes, described.
    affinity: HashMap<String, String>,
}

impl ClusterFacts {
    /// Read what `document` says, if it is one of the files this module reads.
    pub fn read(&mut self, document: &Document) {
        let in_ha = document
            .path
            .parent()
            .and_then(|parent| parent.file_name())
            .is_some_and(|parent| parent == "ha");
        match (file_name(document), in_ha) {
            ("storage.cfg", _) => self.read_storages(document),
            ("groups.cfg", true) => {
                for section in sections(document) {
                    if section.kind == "group" {
                        let nodes = section
                            .list("nodes")
                            .into_iter()
                            .map(|node| node.split(':').next().unwrap_or_default().to_string())
                            .collect();
                        self.groups
                            .insert(section.id.to_string(), (nodes, section.flag("restricted")));
                    }
                }
            }
            ("resources.cfg", true) => {
                for section in sections(document) {
                    if let (Some(group), "vm") = (section.get("group"), section.kind) {
                        self.resource_groups
                            .insert(section.id.to_string(), group.to_string());
                    }
                }
            }
            ("rules.cfg", true) => self.read_rules(document),
            _ => {}
        }
    }

    fn read_storages(&mut self, document: &Document) {
        for section in sections(document) {
            let shared = SHARED_TYPES.contains(&section.kind) || section.flag("shared");
            let why = if shared && !SHARED_TYPES.contains(&section.kind) {
                format!("`{}` storage marked `shared 1`", section.kind)
            } else if shared {
                format!("`{}` storage, reached by every node", section.kind)
            } else {
                format!("`{}` storage, not marked `shared`", section.kind)
            };
            let origin = document.place(&section.pointer);
            self.storages.insert(
                section.id.to_string(),
                (!shared, format!("{why} ({origin})")),
            );
        }
    }

    /// PVE 9 `node-affinity` rules with `strict 1` keep their resources on their nodes.
    fn read_rules(&mut self, document: &Document) {
        for section in sections(document) {
            if section.kind != "node-affinity" || !section.flag("strict") || section.flag("disable")
            {
                continue;
            }
            let nodes: Vec<String> = section
                .list("nodes")
                .into_iter()
                .map(|node| node.split(':').next().unwrap_or_default().to_string())
                .collect();
            let described = format!(
                "strict node-affinity rule `{}` ({}, {})",
                section.id,
                nodes.join(", "),
                document.place(&section.pointer)
            );
            for resource in section.list("resources") {
                if let Some(vmid) = resource.strip_prefix("vm:") {
                    self.affinity.insert(vmid.to_string(), described.clone());
                }
            }
        }
    }

    /// Add to the VM `vmid` what the cluster files say about it.
    pub fn apply(&self, vmid: &str, workload: &mut Workload) {
        for disk in &mut workload.disks {
            if let Some((local, why)) = disk.pool.as_ref().and_then(|pool| self.storages.get(pool))
            {
                disk.local = Some(*local);
                disk.locality = Some(why.clone());
            }
        }
        let Some(ha) = workload.availability.ha.clone() else {
            return;
        };
        let restriction = self.affinity.get(vmid).cloned().or_else(|| {
            let group = self.resource_groups.get(vmid)?;
            let (nodes, restricted) = self.groups.get(group)?;
            restricted.then(|| format!("restricted HA group `{group}` ({})", nodes.join(", ")))
        });
        if let Some(restriction) = restriction {
            workload.availability.restricted_to = Some(Fact::new(restriction, ha.pointer));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::model::Disk;

    fn file(path: &str, text: &str) -> Document {
        crate::formats::proxmox::cluster::parse(PathBuf::from(path), Arc::from(text)).unwrap()
    }

    #[test]
    fn replication_defaults_to_every_fifteen_minutes_and_disabled_jobs_are_left_out() {
        let document = file(
            "replication.cfg",
            "local: 100-0\n\ttarget pve-02\n\nlocal: 101-0\n\ttarget pve-02\n\tschedule 02:00\n\nlocal: 102-0\n\ttarget pve-02\n\tdisable 1\n",
        );
        let schedules = replication_schedules(&document);
        assert_eq!(schedules.len(), 2);
        assert_eq!(schedules[0].expression, "*/15");
        assert_eq!(schedules[0].starts.len(), 7 * 24 * 4);
        assert_eq!(schedules[0].guests, vec!["100"]);
        assert_eq!(schedules[0].kind, "replication");
        assert_eq!(schedules[1].starts.len(), 7);
        assert_eq!(schedules[1].pointer, "/sections/1/properties/schedule");
    }

    #[test]
    fn storages_groups_and_rules_are_applied_to_a_vm() {
        let mut facts = ClusterFacts::default();
        facts.read(&file(
            "storage.cfg",
            "dir: local\n\tpath /var/lib/vz\n\nrbd: ceph\n\tpool vms\n\nlvm: san\n\tvgname san\n\tshared 1\n",
        ));
        facts.read(&file(
            "ha/groups.cfg",
            "group: lic\n\tnodes pve-01:2,pve-02\n\trestricted 1\n\ngroup: pref\n\tnodes pve-03\n",
        ));
        facts.read(&file(
            "ha/resources.cfg",
            "vm: 100\n\tgroup lic\n\nvm: 101\n\tgroup pref\n",
        ));
        facts.read(&file(
            "ha/rules.cfg",
            "node-affinity: keep\n\tnodes pve-03\n\tresources vm:102\n\tstrict 1\n",
        ));
        let vm = |pools: &[&str]| {
            let mut workload = Workload::default();
            workload.availability.ha = Some(Fact::new(true, "/ha"));
            workload.disks = pools
                .iter()
                .map(|pool| Disk {
                    pool: Some(pool.to_string()),
                    ..Disk::default()
                })
                .collect();
            workload
        };
        let mut first = vm(&["local", "ceph", "san", "other"]);
        facts.apply("100", &mut first);
        let locality: Vec<Option<bool>> = first.disks.iter().map(|disk| disk.local).collect();
        assert_eq!(locality, vec![Some(true), Some(false), Some(false), None]);
        assert!(first.disks[0]
            .locality
            .as_deref()
            .unwrap()
            .starts_with("`dir` storage, not marked `shared` (`storage.cfg` line 1)"));
        assert_eq!(
            first.availability.restricted_to.unwrap().value,
            "restricted HA group `lic` (pve-01, pve-02)"
        );
        let mut second = vm(&[]);
        facts.apply("101", &mut second);
        assert!(second.availability.restricted_to.is_none());
        let mut third = vm(&[]);
        facts.apply("102", &mut third);
        assert!(third
            .availability
            .restricted_to
            .unwrap()
            .value
            .starts_with("strict node-affinity rule `keep` (pve-03"));
    }
}
