//! Workload roles (`database`, `realtime`, …) decided by the strength of their evidence:
//!
//! 1. **declared** — `vmlint-role=<role>` in a tag, label or annotation, a Proxmox tag
//!    `vmlint-role-<role>`, a `vmlint-role: <role>` line in a description, `.vmx`
//!    `guestinfo.vmlint.role`, an Ansible `vmlint_role` host variable. A declaration replaces
//!    every guess: a team that says what a VM is has the last word.
//! 2. **structural** — what the workload runs: a database or appliance product in its image,
//!    template or installed packages, an RTOS (real-time scheduling is read by the rule itself).
//! 3. **name** — the workload's name, or a tag, split into words and matched against curated
//!    vocabularies ([`vocabulary`]). Free text (descriptions, notes) never counts by substring;
//!    the key of a `key=value` tag is a key (`Owner=db-team` is about an owner); a word
//!    followed by an organisation word (`db-team`, `trading-desk`) is an organisation; a tag
//!    does not override a name that says the workload is a general-purpose service.
//!
//! A name guess names its word and how to declare the role for the format at hand, and rules
//! cap a finding that rests on it at warning.

mod params;
pub mod vocabulary;
mod words;

pub use params::ExtraVocabulary;

use serde::{Deserialize, Serialize};

use crate::document::Format;
use crate::model::{Text, Workload};
use vocabulary::{NEUTRAL_PHRASES, PRODUCT_WORDS};
use words::{find, split, words, Found};

pub const ROLES: [&str; 7] = [
    "database",
    "latency-sensitive",
    "realtime",
    "network-appliance",
    "cluster-member",
    "gpu-training",
    "licensed",
];

/// How strong the evidence for a role is, strongest first.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Default, Hash,
)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    Declared,
    Structural,
    #[default]
    Name,
}

/// Why a workload has a role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(default)]
pub struct RoleEvidence {
    pub role: String,
    pub strength: Strength,
    /// 0 declared, 1 structural, 2 name: what rules sort by.
    pub rank: u8,
    /// Human-readable: ``declared by tag `vmlint-role-realtime` `` or ``guessed from the
    /// word `plc` in name `plc-hmi-01`; …``.
    pub evidence: String,
    pub pointer: String,
}

impl RoleEvidence {
    pub fn new(role: &str, strength: Strength, evidence: String, pointer: String) -> Self {
        RoleEvidence {
            role: role.to_string(),
            strength,
            rank: strength as u8,
            evidence,
            pointer,
        }
    }

    pub fn declared(&self) -> bool {
        self.strength == Strength::Declared
    }
}

/// Where a text sits, which decides what it may prove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The workload's name: words count as a name guess.
    Name,
    /// A tag or label: `key=value` by its key, a plain tag by its words.
    Tag,
    /// An image, template or package: products count as structural evidence.
    Product,
    /// Free text: only an explicit marker counts.
    Prose,
}

fn source(field: &str) -> Source {
    match field {
        "name" | "title" | "resource name" | "hostname" => Source::Name,
        "tag" | "label" => Source::Tag,
        "image" | "template" | "package" | "Ansible role" => Source::Product,
        _ => Source::Prose,
    }
}

/// Fill `workload.roles` from `workload.texts`, with the built-in vocabularies.
pub fn assign(workload: &mut Workload, format: Format) {
    assign_with(workload, &ExtraVocabulary::default(), format);
}

/// [`assign`], with a team's extra words.
pub fn assign_with(workload: &mut Workload, extra: &ExtraVocabulary, format: Format) {
    let declared: Vec<RoleEvidence> = workload.texts.iter().filter_map(declared_role).collect();
    if !declared.is_empty() {
        workload.roles = dedupe(declared);
        return;
    }
    // The built-in vocabulary is built once; a team's words make their own.
    static BUILT_IN: std::sync::OnceLock<Vec<(String, Vec<String>)>> = std::sync::OnceLock::new();
    let own;
    let vocabulary: &[(String, Vec<String>)] = if extra.is_empty() {
        BUILT_IN.get_or_init(|| ExtraVocabulary::default().names())
    } else {
        own = extra.names();
        &own
    };
    let hint = |role: &str| declaration_hint(format, &workload.platform, role);
    let mut found: Vec<RoleEvidence> = Vec::new();
    for text in &workload.texts {
        if source(text.field) == Source::Product {
            found.extend(products(text, extra));
        }
    }
    // Candidates in order of strength: the workload's own names (a `Name` tag on AWS and
    // Azure), then other tags, then the resource label (only a fallback for a name).
    let names: Vec<(&Text, &str)> = workload
        .texts
        .iter()
        .filter_map(|text| own_name(text).map(|name| (text, name)))
        .collect();
    let label = workload.texts.iter().filter(|t| t.field == "resource name");
    let mut name_guesses: Vec<RoleEvidence> = names
        .iter()
        .flat_map(|(text, name)| guesses(text, name, vocabulary, extra, &hint))
        .collect();
    // A name that says the workload is a general-purpose service is not overridden by a tag.
    let general = name_guesses.is_empty()
        && names
            .iter()
            .map(|(_, name)| *name)
            .chain(label.clone().map(|text| text.value.as_str()))
            .any(|name| words(name).iter().any(|word| extra.stops.is_general(word)));
    if !general {
        for text in workload
            .texts
            .iter()
            .filter(|t| source(t.field) == Source::Tag && own_name(t).is_none())
        {
            if let Some(value) = tag_value(&text.value, extra) {
                name_guesses.extend(guesses(text, value, vocabulary, extra, &hint));
            }
        }
    }
    for text in label {
        name_guesses.extend(guesses(text, &text.value, vocabulary, extra, &hint));
    }
    found.extend(name_guesses);
    found.sort_by_key(|evidence| evidence.rank);
    workload.roles = dedupe(found);
}

/// The name a text gives the workload: its name or title, or the value of a `Name=` tag.
fn own_name(text: &Text) -> Option<&str> {
    match source(text.field) {
        Source::Name if text.field != "resource name" => Some(&text.value),
        Source::Tag => match text.value.split_once(['=', ':']) {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("name") => Some(value),
            _ => None,
        },
        _ => None,
    }
}

/// How to declare `role` in the format at hand, for a name guess's message.
fn declaration_hint(format: Format, platform: &str, role: &str) -> String {
    match format {
        Format::Ansible | Format::AnsibleInventory => {
            format!("host variable `vmlint_role: {role}` in the inventory")
        }
        Format::KubeVirt => format!("label `vmlint.io/role: {role}`"),
        Format::Libvirt => format!("a line `vmlint-role: {role}` in `<description>`"),
        Format::Vmx => format!("`guestinfo.vmlint.role = \"{role}\"`"),
        Format::Proxmox | Format::ProxmoxCluster => {
            format!("tag `vmlint-role-{role}` (or a line `vmlint-role: {role}` in the description)")
        }
        _ if platform == "proxmox" => format!("tag `vmlint-role-{role}`"),
        _ if platform == "kubevirt" => format!("label `vmlint.io/role` = `{role}`"),
        _ => format!("tag or label `vmlint-role` = `{role}`"),
    }
}

/// A declaration in any text: a marker (`vmlint-role=db`, `vmlint-role: db`,
/// `vmlint.io/role=db`, `vmlint_role=db`) or a Proxmox tag `vmlint-role-db`.
fn declared_role(text: &Text) -> Option<RoleEvidence> {
    let lower = text.value.to_ascii_lowercase();
    let after = if source(text.field) == Source::Tag && lower.starts_with("vmlint-role-") {
        "vmlint-role-".len()
    } else {
        [
            "vmlint-role=",
            "vmlint-role:",
            "vmlint.io/role=",
            "vmlint.io/role:",
            "vmlint_role=",
            "vmlint_role:",
        ]
        .iter()
        .find_map(|marker| lower.find(marker).map(|index| index + marker.len()))?
    };
    let role: String = lower[after..]
        .trim_start_matches([' ', '"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    // In a description, the line that holds the marker is the declaration.
    let line_start = lower[..after].rfind('\n').map_or(0, |index| index + 1);
    let line_end = lower[after..]
        .find('\n')
        .map_or(lower.len(), |index| after + index);
    let quoted = text.value[line_start..line_end].trim();
    (!role.is_empty()).then(|| {
        RoleEvidence::new(
            &role,
            Strength::Declared,
            format!("declared by {} `{quoted}`", text.field),
            text.pointer.clone(),
        )
    })
}

/// The part of a tag whose words may say what the workload is: a plain tag, or the value of a
/// `key=value` (`key:value`) tag whose key is about the workload's function.
fn tag_value<'a>(tag: &'a str, extra: &ExtraVocabulary) -> Option<&'a str> {
    match tag.split_once(['=', ':']) {
        None => Some(tag),
        Some((key, value)) => {
            let key = key.trim().to_ascii_lowercase();
            let last = key.rsplit(['/', '.']).next().unwrap_or(&key);
            extra.stops.is_role_key(last).then_some(value)
        }
    }
}

/// Products in an image, template or package name (`postgres:16`, `pfSense-2.7.iso`): a
/// client or library package (`postgresql-client`, `python3-psycopg2`) is not the server.
fn products(text: &Text, extra: &ExtraVocabulary) -> Vec<RoleEvidence> {
    let split = split(&text.value);
    if matches!(text.field, "package" | "Ansible role")
        && split.iter().any(|word| extra.stops.is_client(&word.text))
    {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (role, phrases) in PRODUCT_WORDS {
        if let Some(phrase) = phrases
            .iter()
            .find(|phrase| !find(&split, phrase).is_empty())
        {
            found.push(RoleEvidence::new(
                role,
                Strength::Structural,
                format!("{} `{}` runs `{}`", text.field, text.value, phrase),
                text.pointer.clone(),
            ));
        }
    }
    found
}

/// Add what another file says a workload runs (a play installing `postgresql-server` on it,
/// stated at `origin`) as structural evidence, unless its roles are declared.
pub fn add_installed(
    workload: &mut Workload,
    (field, value): (&'static str, &str),
    origin: &str,
    pointer: &str,
    extra: &ExtraVocabulary,
) {
    if workload.roles.iter().any(RoleEvidence::declared) {
        return;
    }
    let text = Text {
        field,
        value: value.to_string(),
        pointer: pointer.to_string(),
    };
    for mut evidence in products(&text, extra) {
        evidence.evidence = format!("{} installed by {origin}", evidence.evidence);
        workload.roles.push(evidence);
    }
    workload.roles.sort_by_key(|evidence| evidence.rank);
    workload.roles = dedupe(std::mem::take(&mut workload.roles));
}

/// Name guesses from the words of `value` (a name, or a tag's value).
fn guesses(
    text: &Text,
    value: &str,
    vocabulary: &[(String, Vec<String>)],
    extra: &ExtraVocabulary,
    hint: &dyn Fn(&str) -> String,
) -> Vec<RoleEvidence> {
    let split = split(value);
    let matches: Vec<(&str, &str, Found)> = vocabulary
        .iter()
        .flat_map(|(role, phrases)| {
            let split = &split;
            phrases.iter().flat_map(move |phrase| {
                find(split, phrase)
                    .into_iter()
                    .map(move |found| (role.as_str(), phrase.as_str(), found))
            })
        })
        .collect();
    let neutral: Vec<Found> = NEUTRAL_PHRASES
        .iter()
        .flat_map(|phrase| find(&split, phrase))
        .collect();
    // A longer phrase of another role wins over the words inside it: `order router` is a
    // latency-sensitive order router, not a network router.
    let shadowed = |role: &str, found: Found| {
        matches.iter().any(|&(other, _, other_found)| {
            other != role && other_found.length > found.length && found.inside(other_found)
        }) || neutral.iter().any(|phrase| found.inside(*phrase))
            || split
                .get(found.start + found.length)
                .is_some_and(|next| extra.stops.is_organisation(&next.text))
    };
    let mut found = Vec::new();
    for &(role, phrase, at) in &matches {
        if shadowed(role, at) || found.iter().any(|e: &RoleEvidence| e.role == role) {
            continue;
        }
        found.push(RoleEvidence::new(
            role,
            Strength::Name,
            format!(
                "guessed from the word `{phrase}` in {} `{}`; to confirm or correct it, declare the role: {}",
                text.field,
                text.value,
                hint(role)
            ),
            text.pointer.clone(),
        ));
    }
    found
}

/// One evidence per role: the first, i.e. the strongest.
fn dedupe(evidence: Vec<RoleEvidence>) -> Vec<RoleEvidence> {
    let mut kept: Vec<RoleEvidence> = Vec::new();
    for item in evidence {
        if !kept.iter().any(|existing| existing.role == item.role) {
            kept.push(item);
        }
    }
    kept
}

#[cfg(test)]
mod tests;
