//! Plays that configure time synchronisation inside their hosts: a time-sync role (`chrony`,
//! `geerlingguy.ntp`, `linux-system-roles.timesync`, …) or tasks that install, start or
//! configure chrony, ntpd, ntpsec, OpenNTPD or systemd-timesyncd. The repository context
//! matches the play's `hosts` with the VMs that the host also keeps in time.

use serde_json::Value;

use super::plays;
use crate::document::Document;

/// A play that configures guest time sync: its host pattern and the evidence.
pub struct TimeSyncPlay {
    /// Host names and group names of the play's `hosts` (`web:db`, `web,db`, a list).
    pub targets: Vec<String>,
    /// What configures the clock (`role chrony`, `task "Install chrony"`).
    pub evidence: String,
    /// Where, in the playbook.
    pub pointer: String,
}

/// Words that name a time-sync daemon or role.
const DAEMONS: [&str; 8] = [
    "chrony",
    "chronyd",
    "ntp",
    "ntpd",
    "ntpsec",
    "openntpd",
    "timesync",
    "systemd-timesyncd",
];

const CONFIG_FILES: [&str; 5] = [
    "/etc/chrony.conf",
    "/etc/chrony/chrony.conf",
    "/etc/ntp.conf",
    "/etc/ntpsec/ntp.conf",
    "/etc/systemd/timesyncd.conf",
];

/// A cheap test on the text, before parsing: could this file configure time sync in a play?
pub fn mentions_time_sync(source: &str) -> bool {
    source.contains("hosts")
        && ["chrony", "ntp", "timesync"]
            .iter()
            .any(|word| source.contains(word))
}

pub fn plays(document: &Document) -> Vec<TimeSyncPlay> {
    let mut found = Vec::new();
    for (play, play_at, targets) in plays::with_hosts(document) {
        if let Some((evidence, at)) = play_evidence(play, &play_at) {
            found.push(TimeSyncPlay {
                targets,
                evidence,
                pointer: at,
            });
        }
    }
    found
}

fn names_time_sync(text: &str) -> bool {
    text.to_ascii_lowercase()
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .flat_map(|word| {
            // `geerlingguy.ntp`, `linux_system_roles.timesync`: the parts of dotted names too.
            std::iter::once(word.to_string()).chain(word.split('-').map(str::to_string))
        })
        .any(|word| DAEMONS.contains(&word.as_str()))
}

fn play_evidence(play: &Value, at: &str) -> Option<(String, String)> {
    if let Some((name, role_at)) = plays::roles(play, at)
        .into_iter()
        .find(|(name, _)| names_time_sync(name))
    {
        return Some((format!("role `{name}`"), role_at));
    }
    let (task, task_at) = plays::tasks(play, at)
        .into_iter()
        .find(|(task, _)| task_configures_time_sync(task))?;
    let name = task
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("unnamed task");
    Some((format!("task `{name}`"), task_at))
}

/// A task that installs, starts or configures a time-sync daemon, or includes a time-sync role.
fn task_configures_time_sync(task: &Value) -> bool {
    let Some(task) = task.as_object() else {
        return false;
    };
    task.iter().any(|(module, args)| {
        let short = module.rsplit('.').next().unwrap_or(module);
        let arg = |name: &str| args.get(name);
        let names_daemon = |value: Option<&Value>| match value {
            Some(Value::String(text)) => names_time_sync(text),
            Some(Value::Array(items)) => {
                items.iter().filter_map(Value::as_str).any(names_time_sync)
            }
            _ => false,
        };
        match short {
            "package" | "apt" | "yum" | "dnf" | "zypper" | "apk" | "pacman" => {
                names_daemon(arg("name")) && arg("state").and_then(Value::as_str) != Some("absent")
            }
            "service" | "systemd" | "systemd_service" => {
                names_daemon(arg("name"))
                    && arg("state").and_then(Value::as_str) != Some("stopped")
                    && arg("enabled").and_then(Value::as_bool) != Some(false)
            }
            "template" | "copy" | "lineinfile" | "blockinfile" => arg("dest")
                .or_else(|| arg("path"))
                .and_then(Value::as_str)
                .is_some_and(|dest| CONFIG_FILES.contains(&dest)),
            "include_role" | "import_role" => names_daemon(arg("name")),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn time_sync_is_recognised_in_roles_packages_services_and_config_files() {
        assert!(names_time_sync("geerlingguy.ntp"));
        assert!(names_time_sync("fedora.linux_system_roles.timesync"));
        assert!(names_time_sync("chrony"));
        assert!(!names_time_sync("ntpdate-legacy-docs"));
        assert!(!names_time_sync("nginx"));
        assert!(task_configures_time_sync(
            &json!({"ansible.builtin.package": {"name": ["chrony", "vim"]}})
        ));
        assert!(task_configures_time_sync(
            &json!({"ansible.builtin.template": {"src": "chrony.conf.j2", "dest": "/etc/chrony.conf"}})
        ));
        assert!(!task_configures_time_sync(
            &json!({"ansible.builtin.service": {"name": "chronyd", "state": "stopped"}})
        ));
        assert!(!task_configures_time_sync(
            &json!({"ansible.builtin.package": {"name": "ntp", "state": "absent"}})
        ));
    }
}
