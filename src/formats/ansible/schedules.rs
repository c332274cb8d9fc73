//! Backup and replication jobs that Ansible schedules with the `cron` module: a task whose job
//! or name runs a backup or a snapshot (vzdump, pg_dump, mysqldump, restic, borg, rsnapshot, …)
//! or a replication (`zfs send`, syncoid, pve-zsync, a DRBD verify or resync), with its
//! `minute`/`hour`/`day`/`month`/`weekday` fields or `special_time`, becomes a [`Schedule`]
//! that runs on the play's `hosts`.

use serde_json::{Map, Value};

use super::{BLOCK_LISTS, TASK_LISTS};
use crate::document::{pointer, Document};
use crate::model::literal;
use crate::model::schedule::{Schedule, Syntax};

type Object = Map<String, Value>;

const CRON_MODULES: [&str; 2] = ["ansible.builtin.cron", "cron"];

/// Words of a command or task name that make a cron job a backup.
const BACKUP_WORDS: [&str; 14] = [
    "backup",
    "vzdump",
    "snapshot",
    "pg_dump",
    "pg_dumpall",
    "pg_basebackup",
    "mysqldump",
    "mariabackup",
    "xtrabackup",
    "restic",
    "borg",
    "rsnapshot",
    "duplicity",
    "bacula",
];

/// Words of a command that make a cron job a replication (checked before the backup words).
const REPLICATION_WORDS: [&str; 5] = [
    "zfs send",
    "syncoid",
    "pve-zsync",
    "drbdadm verify",
    "drbdadm resync",
];

pub fn extract(document: &Document) -> Vec<Schedule> {
    let mut found = Vec::new();
    for (index, root) in document.tree.as_array().into_iter().flatten().enumerate() {
        walk(root, &pointer::push_index("", index), None, &mut found);
    }
    found
}

fn walk(value: &Value, at: &str, hosts: Option<&str>, out: &mut Vec<Schedule>) {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, &pointer::push_index(at, index), hosts, out);
            }
        }
        Value::Object(item) => {
            let hosts = item.get("hosts").and_then(Value::as_str).or(hosts);
            let mut nested = false;
            for key in TASK_LISTS.iter().chain(BLOCK_LISTS.iter()) {
                if let Some(list) = item.get(*key) {
                    nested = true;
                    walk(list, &pointer::push(at, key), hosts, out);
                }
            }
            if !nested {
                if let Some(schedule) = cron_task(item, at) {
                    out.push(schedule.runs_on(hosts.map(str::to_string)));
                }
            }
        }
        _ => {}
    }
}

fn cron_task(task: &Object, at: &str) -> Option<Schedule> {
    let (module, args) = task
        .iter()
        .find(|(key, _)| CRON_MODULES.contains(&key.as_str()))?;
    let args = args.as_object()?;
    let text = |key: &str| literal(args.get(key)).unwrap_or_default();
    if text("state") == "absent" || text("disabled") == "true" {
        return None;
    }
    let task_name = task.get("name").and_then(Value::as_str).unwrap_or_default();
    let job = text("job");
    let haystack = format!("{} {} {}", text("name"), task_name, job).to_ascii_lowercase();
    let command = job.to_ascii_lowercase();
    let kind = if REPLICATION_WORDS.iter().any(|word| command.contains(word)) {
        "replication"
    } else if BACKUP_WORDS.iter().any(|word| haystack.contains(word)) {
        "backup"
    } else {
        return None;
    };
    let module_at = pointer::push(at, module);
    let expression = match text("special_time").as_str() {
        "" => {
            let field = |key: &str| {
                let value = text(key);
                if value.is_empty() {
                    "*".to_string()
                } else {
                    value
                }
            };
            format!(
                "{} {} {} {} {}",
                field("minute"),
                field("hour"),
                field("day"),
                field("month"),
                field("weekday")
            )
        }
        "reboot" => return None,
        special => format!("@{special}"),
    };
    let words: Vec<&str> = job.split_whitespace().collect();
    let storage = words
        .windows(2)
        .find(|pair| pair[0] == "--storage")
        .map(|pair| pair[1].to_string());
    let guests = guests_of(&words);
    let label = if task_name.is_empty() {
        text("name")
    } else {
        task_name.to_string()
    };
    Some(
        Schedule::new(
            format!("cron task `{label}`"),
            kind,
            expression,
            Syntax::Cron,
            None,
            storage,
            module_at,
        )
        .covering(guests, Vec::new()),
    )
}

/// The guests a `vzdump` or `pve-zsync` command names: `vzdump 100 101`, `vzdump --all`,
/// `pve-zsync sync --source 100`.
fn guests_of(words: &[&str]) -> Vec<String> {
    let mut guests = Vec::new();
    if let Some(start) = words.iter().position(|word| word.ends_with("vzdump")) {
        let mut rest = words[start + 1..].iter();
        while let Some(word) = rest.next() {
            match *word {
                "--all" => guests.push("*".to_string()),
                flag if flag.starts_with("--") => {
                    rest.next();
                }
                id if id.chars().all(|c| c.is_ascii_digit()) => guests.push(id.to_string()),
                _ => {}
            }
        }
    }
    if let Some(pair) = words.windows(2).find(|pair| pair[0] == "--source") {
        if pair[1].chars().all(|c| c.is_ascii_digit()) {
            guests.push(pair[1].to_string());
        }
    }
    guests
}
