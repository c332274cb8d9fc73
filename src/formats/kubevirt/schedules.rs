//! Kubernetes jobs that back up or snapshot VMs on a schedule: a `CronJob` whose name, image or
//! command says backup or snapshot (`spec.schedule`, `spec.timeZone`), and Velero `Schedule`s
//! (`spec.schedule`, `spec.template.storageLocation`).

use serde_json::Value;

use crate::document::{pointer, Document};
use crate::model::schedule::{Schedule, Syntax};

const BACKUP_WORDS: [&str; 6] = ["backup", "snapshot", "velero", "dump", "restic", "kasten"];

pub fn extract(document: &Document) -> Vec<Schedule> {
    let mut found = Vec::new();
    for (index, manifest) in document.tree.as_array().into_iter().flatten().enumerate() {
        let kind = manifest
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let api = manifest
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(spec) = manifest.get("spec") else {
            continue;
        };
        let Some(expression) = spec.get("schedule").and_then(Value::as_str) else {
            continue;
        };
        let name = manifest
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("unnamed");
        let at = pointer::push(&pointer::push_index("", index), "spec");
        let (id, kind_of_job, storage) = match kind {
            "CronJob" if is_backup(manifest) => {
                let snapshot = manifest
                    .to_string()
                    .to_ascii_lowercase()
                    .contains("snapshot");
                (
                    format!("CronJob `{name}`"),
                    if snapshot { "snapshot" } else { "backup" },
                    None,
                )
            }
            "Schedule" if api.starts_with("velero.io/") => (
                format!("Velero Schedule `{name}`"),
                "backup",
                spec.pointer("/template/storageLocation")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            ),
            _ => continue,
        };
        found.push(Schedule::new(
            id,
            kind_of_job,
            expression.to_string(),
            Syntax::Cron,
            spec.get("timeZone")
                .and_then(Value::as_str)
                .map(str::to_string),
            storage,
            pointer::push(&at, "schedule"),
        ));
    }
    found
}

/// A CronJob whose text (name, images, commands) mentions a backup tool or a snapshot.
fn is_backup(manifest: &Value) -> bool {
    let text = manifest.to_string().to_ascii_lowercase();
    BACKUP_WORDS.iter().any(|word| text.contains(word))
}
