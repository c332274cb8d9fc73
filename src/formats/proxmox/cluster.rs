//! Proxmox cluster-wide files: `ha/resources.cfg`, `ha/groups.cfg`, `ha/rules.cfg`,
//! `jobs.cfg`, `storage.cfg` and `replication.cfg` (the section-config format: a `type: id`
//! header, then indented `key value` lines) and `vzdump.cron` (crontab lines). What the
//! storage, HA-group and replication files mean is read in `cluster_facts.rs`.
//!
//! Tree: `{"sections": [{"type", "id", "properties": {…}}]}` for section configs and
//! `{"jobs": [{"schedule", "user", "command"}]}` for `vzdump.cron`. These files define no VM;
//! the repository context reads which VMs are highly available from `ha/resources.cfg`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::document::{pointer, Document, SourceMap};
use crate::formats::lines;
use crate::formats::{Format, ParseError};
use crate::model::schedule::{Schedule, Syntax};

/// The cluster files vmlint reads, by name.
pub fn is_cluster_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let parent = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|parent| parent.to_str())
        .unwrap_or_default();
    matches!(
        name,
        "jobs.cfg" | "vzdump.cron" | "storage.cfg" | "replication.cfg"
    ) || (matches!(name, "resources.cfg" | "groups.cfg" | "rules.cfg") && parent == "ha")
}

pub fn parse(path: PathBuf, source: Arc<str>) -> Result<Document, ParseError> {
    let is_cron = path.file_name().is_some_and(|name| name == "vzdump.cron");
    let mut map = SourceMap::default();
    let mut comments = Vec::new();
    let mut sections: Vec<Value> = Vec::new();
    let mut jobs: Vec<Value> = Vec::new();
    for line in lines::lines(&source) {
        let (trimmed, span, indent) = (line.text, line.span, line.indent);
        if let Some(comment) = lines::comment(&source, &line, &['#']) {
            comments.push(comment);
            continue;
        }
        if is_cron {
            if let Some(job) = cron_job(trimmed) {
                let at = pointer::push_index("/jobs", jobs.len());
                map.insert(at, span, span);
                jobs.push(job);
            }
            // Environment lines (`PATH=…`) are not jobs.
            continue;
        }
        if indent == 0 {
            let Some((kind, id)) = trimmed.split_once(':') else {
                return Err(ParseError::at(
                    span.start,
                    format!("expected `type: id`, found `{trimmed}`"),
                ));
            };
            let at = pointer::push_index("/sections", sections.len());
            map.insert(at, span, span);
            sections.push(json!({"type": kind.trim(), "id": id.trim(), "properties": {}}));
            continue;
        }
        let section_index = sections
            .len()
            .checked_sub(1)
            .ok_or_else(|| ParseError::at(span.start, "a property before any `type: id` header"))?;
        let (key, value) = trimmed
            .split_once(char::is_whitespace)
            .map_or((trimmed, ""), |(key, value)| (key, value.trim()));
        let at = pointer::push(
            &pointer::push(
                &pointer::push_index("/sections", section_index),
                "properties",
            ),
            key,
        );
        map.insert(at, span, span);
        if let Some(properties) = sections[section_index]["properties"].as_object_mut() {
            properties.insert(key.to_string(), Value::String(value.to_string()));
        }
    }
    let mut tree = Map::new();
    if is_cron {
        tree.insert("jobs".to_string(), Value::Array(jobs));
    } else {
        tree.insert("sections".to_string(), Value::Array(sections));
    }
    Ok(Document::new(
        path,
        Format::ProxmoxCluster,
        source,
        Value::Object(tree),
        map,
        comments,
    ))
}

/// `0 1 * * 6 root vzdump 100 --mode snapshot`: five schedule fields, a user, a command.
fn cron_job(line: &str) -> Option<Value> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    if fields.len() < 7 || fields[0].contains('=') {
        return None;
    }
    Some(json!({
        "schedule": fields[..5].join(" "),
        "user": fields[5],
        "command": fields[6..].join(" "),
    }))
}

/// The schedules of the backup jobs: `jobs.cfg` calendar events (in the node's local time,
/// which the file does not state: read as UTC) and `vzdump.cron` cron lines.
pub fn schedules(document: &Document) -> Vec<Schedule> {
    let is_cron = document.tree.get("jobs").is_some();
    backup_jobs(document)
        .into_iter()
        .filter(|job| job.enabled)
        .filter_map(|job| {
            let expression = job.schedule.clone()?;
            let pointer = if is_cron {
                job.pointer.clone()
            } else {
                pointer::push(&pointer::push(&job.pointer, "properties"), "schedule")
            };
            let guests = if job.all {
                vec!["*".to_string()]
            } else {
                job.vmids.clone()
            };
            Some(
                Schedule::new(
                    job.name.clone(),
                    "backup",
                    expression,
                    if is_cron {
                        Syntax::Cron
                    } else {
                        Syntax::ProxmoxCalendar
                    },
                    None,
                    job.storage.clone(),
                    pointer,
                )
                .covering(guests, job.excluded.clone()),
            )
        })
        .chain(super::cluster_facts::replication_schedules(document))
        .collect()
}

/// One `type: id` section of a section-config file, with its pointer.
pub struct Section<'a> {
    pub kind: &'a str,
    pub id: &'a str,
    pub properties: &'a Map<String, Value>,
    pub pointer: String,
}

impl Section<'_> {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(key).and_then(Value::as_str)
    }

    pub fn flag(&self, key: &str) -> bool {
        self.get(key).is_some_and(|value| value == "1")
    }

    pub fn list(&self, key: &str) -> Vec<String> {
        self.get(key)
            .unwrap_or_default()
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// The sections of a section-config file.
pub fn sections(document: &Document) -> Vec<Section<'_>> {
    document
        .tree
        .get("sections")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(index, section)| {
            Some(Section {
                kind: section["type"].as_str()?,
                id: section["id"].as_str()?,
                properties: section["properties"].as_object()?,
                pointer: pointer::push_index("/sections", index),
            })
        })
        .collect()
}

/// The VM ids that `ha/resources.cfg` manages, with the pointer of each section.
pub fn ha_vm_ids(document: &Document) -> Vec<(String, String)> {
    sections(document)
        .into_iter()
        .filter(|section| section.kind == "vm")
        // `state disabled` keeps the VM stopped and never relocates it; `state ignored` takes it
        // out of the manager's hands (ha-manager(1)). `started` (the default), `enabled` and
        // `stopped` are managed: a failed node's VM is recovered elsewhere.
        .filter(|section| !matches!(section.get("state"), Some("disabled" | "ignored")))
        .map(|section| (section.id.to_string(), section.pointer))
        .collect()
}

/// A `vzdump` job: which VMs (`all`, or ids) and how, with the pointer of its definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupJob {
    /// The job's id in `jobs.cfg`, or `vzdump.cron line N`.
    pub name: String,
    /// `enabled 0` switches a job off.
    pub enabled: bool,
    pub all: bool,
    pub vmids: Vec<String>,
    pub excluded: Vec<String>,
    pub schedule: Option<String>,
    pub mode: Option<String>,
    pub storage: Option<String>,
    pub pointer: String,
}

impl BackupJob {
    pub fn covers(&self, vmid: &str) -> bool {
        (self.all && !self.excluded.iter().any(|id| id == vmid))
            || self.vmids.iter().any(|id| id == vmid)
    }
}

fn ids(list: &str) -> Vec<String> {
    list.split([',', ' '])
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect()
}

/// The backup jobs of `jobs.cfg` (`vzdump:` sections) or `vzdump.cron`.
pub fn backup_jobs(document: &Document) -> Vec<BackupJob> {
    let mut jobs = Vec::new();
    for section in sections(document) {
        if section.kind != "vzdump" {
            continue;
        }
        let property = |key: &str| section.get(key).map(str::to_string);
        jobs.push(BackupJob {
            name: format!("vzdump job `{}`", section.id),
            enabled: property("enabled").is_none_or(|enabled| enabled != "0"),
            all: property("all").is_some_and(|all| all == "1"),
            vmids: property("vmid").map(|list| ids(&list)).unwrap_or_default(),
            excluded: property("exclude")
                .map(|list| ids(&list))
                .unwrap_or_default(),
            schedule: property("schedule"),
            mode: property("mode"),
            storage: property("storage"),
            pointer: section.pointer.clone(),
        });
    }
    for (index, job) in document
        .tree
        .get("jobs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let command = job["command"].as_str().unwrap_or_default();
        let mut words = command.split_whitespace();
        if words.next() != Some("vzdump") {
            continue;
        }
        let mut parsed = BackupJob {
            name: format!("vzdump.cron job {}", index + 1),
            enabled: true,
            all: false,
            vmids: Vec::new(),
            excluded: Vec::new(),
            schedule: job["schedule"].as_str().map(str::to_string),
            mode: None,
            storage: None,
            pointer: pointer::push_index("/jobs", index),
        };
        while let Some(word) = words.next() {
            match word {
                "--all" => parsed.all = words.next().is_none_or(|value| value == "1"),
                "--mode" => parsed.mode = words.next().map(str::to_string),
                "--storage" => parsed.storage = words.next().map(str::to_string),
                "--exclude" => parsed.excluded = words.next().map(ids).unwrap_or_default(),
                flag if flag.starts_with("--") => {
                    words.next();
                }
                id => parsed.vmids.extend(ids(id)),
            }
        }
        jobs.push(parsed);
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_section_configs_and_vzdump_cron() {
        let doc = parse(
            PathBuf::from("ha/resources.cfg"),
            Arc::from(
                "vm: 100\n\tstate started\n\tgroup prefer-node1\n\nct: 200\n\tstate stopped\n",
            ),
        )
        .unwrap();
        assert_eq!(
            ha_vm_ids(&doc),
            vec![("100".to_string(), "/sections/0".to_string())]
        );
        assert_eq!(
            doc.tree["sections"][0]["properties"]["group"],
            "prefer-node1"
        );
        let cron = parse(
            PathBuf::from("vzdump.cron"),
            Arc::from("PATH=\"/usr/sbin:/usr/bin\"\n0 1 * * 6 root vzdump 100 --mode snapshot\n"),
        )
        .unwrap();
        assert_eq!(cron.tree["jobs"][0]["schedule"], "0 1 * * 6");
        assert_eq!(
            cron.tree["jobs"][0]["command"],
            "vzdump 100 --mode snapshot"
        );
        assert!(parse(PathBuf::from("jobs.cfg"), Arc::from("\tschedule 21:00\n")).is_err());
        let jobs = backup_jobs(&cron);
        assert_eq!(jobs[0].vmids, vec!["100"]);
        assert_eq!(jobs[0].mode.as_deref(), Some("snapshot"));
    }

    #[test]
    fn jobs_cfg_vzdump_sections_cover_vms() {
        let doc = parse(
            PathBuf::from("jobs.cfg"),
            Arc::from("vzdump: backup-nightly\n\tschedule 21:00\n\tall 1\n\texclude 105\n\tmode snapshot\n\tstorage pbs\n"),
        )
        .unwrap();
        let jobs = backup_jobs(&doc);
        assert!(jobs[0].covers("100"));
        assert!(!jobs[0].covers("105"));
        assert_eq!(jobs[0].schedule.as_deref(), Some("21:00"));
    }
}
