//! Workload roles (`database`, `realtime`, …): explicit declarations first, then inference
//! from the words of names, descriptions and tags.
//!
//! An explicit declaration is the text `vmlint-role=<role>` (or `vmlint.io/role=<role>`) in any
//! text a format hands over (a Terraform tag, a label, a description). Inference matches whole
//! words only (`plc-hmi-01` is `plc`, `hmi`, `01`; `gossip` is not `sip`), a word may carry a
//! numeric suffix (`db01`), and the evidence names the field and value it came from, so a user
//! can see why a rule thought a VM was real-time.

use serde::Serialize;

use crate::model::{Text, Workload};

pub const ROLES: [&str; 7] = [
    "database",
    "latency-sensitive",
    "realtime",
    "network-appliance",
    "cluster-member",
    "gpu-training",
    "licensed",
];

/// Words (or word sequences, space-separated) that suggest each role.
const VOCABULARY: &[(&str, &[&str])] = &[
    (
        "database",
        &[
            "db",
            "database",
            "postgres",
            "postgresql",
            "pg",
            "pgsql",
            "mysql",
            "mariadb",
            "maria",
            "mssql",
            "sqlserver",
            "sql server",
            "oracle",
            "oracledb",
            "mongo",
            "mongodb",
            "redis",
            "db2",
        ],
    ),
    (
        "latency-sensitive",
        &[
            "trading",
            "hft",
            "voip",
            "sip",
            "pbx",
            "asterisk",
            "freeswitch",
            "kamailio",
            "sbc",
            // "media" alone is too common ("installation media", "removable media").
            "media server",
            "mediaserver",
            "transcoder",
            "matching engine",
            "order router",
            "orderrouter",
            "fix gw",
        ],
    ),
    (
        "realtime",
        &[
            "rtos",
            "plc",
            "scada",
            "vxworks",
            "qnx",
            "realtime",
            "real time",
            "preempt rt",
            "industrial control",
            "telecom",
            "freertos",
            "codesys",
        ],
    ),
    (
        "network-appliance",
        &[
            "router",
            "firewall",
            "loadbalancer",
            "load balancer",
            "ids",
            "ips",
            "pfsense",
            "opnsense",
            "vyos",
            "fortigate",
            "paloalto",
            "palo alto",
            "asav",
            "csr1000v",
            "f5",
            "bigip",
            "suricata",
            "snort",
            "zeek",
        ],
    ),
    (
        "cluster-member",
        &[
            "etcd",
            "zookeeper",
            "zk",
            "consul",
            "kafka",
            "cassandra",
            "replica",
        ],
    ),
    (
        "gpu-training",
        &["train", "training", "llm", "finetune", "fine tune"],
    ),
    (
        "licensed",
        &[
            "license",
            "licence",
            "flexlm",
            "lmgrd",
            "dongle",
            "hasp",
            "codemeter",
        ],
    ),
];

/// Why a workload has a role.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct RoleEvidence {
    pub role: String,
    /// Declared with `vmlint-role=…` rather than inferred.
    pub explicit: bool,
    /// Human-readable: ``declared by tag `vmlint-role=realtime` `` or
    /// ``inferred from name `plc-hmi-01` ``.
    pub evidence: String,
    pub pointer: String,
}

/// Fill `workload.roles` from `workload.texts`. Declared roles replace inference entirely:
/// a team that says what a VM is has the last word.
pub fn assign(workload: &mut Workload) {
    assign_with(workload, &ExtraVocabulary::default());
}

/// Words a team adds to role inference, by role (`[params.roles] database = ["ledger"]` in
/// `.vmlint.toml`); a role of its own (`scratch`) may be named too, for its own policies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraVocabulary {
    pub words: Vec<(String, Vec<String>)>,
}

impl ExtraVocabulary {
    /// From `data.vmlint.params.roles`: an object of role → list of words or phrases.
    pub fn from_params(params: &serde_json::Value) -> Self {
        let words = params
            .get("roles")
            .and_then(serde_json::Value::as_object)
            .into_iter()
            .flatten()
            .map(|(role, list)| {
                let phrases = list
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(serde_json::Value::as_str)
                    .map(|phrase| words(phrase).join(" "))
                    .filter(|phrase| !phrase.is_empty())
                    .collect();
                (role.clone(), phrases)
            })
            .collect();
        ExtraVocabulary { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// [`assign`], with a team's extra words.
pub fn assign_with(workload: &mut Workload, extra: &ExtraVocabulary) {
    let declared: Vec<RoleEvidence> = workload.texts.iter().filter_map(declared_role).collect();
    workload.roles = if declared.is_empty() {
        infer(&workload.texts, extra)
    } else {
        dedupe(declared)
    };
}

fn declared_role(text: &Text) -> Option<RoleEvidence> {
    let lower = text.value.to_ascii_lowercase();
    let marker = ["vmlint-role=", "vmlint.io/role=", "vmlint_role="]
        .iter()
        .find_map(|marker| lower.find(marker).map(|index| index + marker.len()))?;
    let role: String = lower[marker..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Some(RoleEvidence {
        evidence: format!("declared by {} `{}`", text.field, text.value),
        role,
        explicit: true,
        pointer: text.pointer.clone(),
    })
}

fn infer(texts: &[Text], extra: &ExtraVocabulary) -> Vec<RoleEvidence> {
    let vocabulary: Vec<(&str, Vec<&str>)> = VOCABULARY
        .iter()
        .map(|(role, phrases)| (*role, phrases.to_vec()))
        .chain(extra.words.iter().map(|(role, phrases)| {
            (
                role.as_str(),
                phrases.iter().map(String::as_str).collect::<Vec<_>>(),
            )
        }))
        .collect();
    let mut roles: Vec<&str> = Vec::new();
    for (role, _) in &vocabulary {
        if !roles.contains(role) {
            roles.push(role);
        }
    }
    let mut found = Vec::new();
    for text in texts {
        let words = words(&text.value);
        // Every match as (role, first word, word count).
        let matches: Vec<(&str, usize, usize)> = vocabulary
            .iter()
            .flat_map(|(role, phrases)| {
                let words = &words;
                phrases.iter().flat_map(move |phrase| {
                    let length = phrase.split(' ').count();
                    phrase_starts(words, phrase)
                        .into_iter()
                        .map(move |start| (*role, start, length))
                })
            })
            .collect();
        // A longer phrase of another role wins over the words inside it: `order router` is a
        // latency-sensitive order router, not a network router.
        let shadowed = |&(role, start, length): &(&str, usize, usize)| {
            matches.iter().any(|&(other, other_start, other_length)| {
                other != role
                    && other_length > length
                    && other_start <= start
                    && start + length <= other_start + other_length
            })
        };
        for role in &roles {
            if matches
                .iter()
                .any(|candidate| candidate.0 == *role && !shadowed(candidate))
            {
                found.push(RoleEvidence {
                    role: role.to_string(),
                    explicit: false,
                    evidence: format!("inferred from {} `{}`", text.field, text.value),
                    pointer: text.pointer.clone(),
                });
            }
        }
    }
    dedupe(found)
}

/// One evidence per role: the first, i.e. from the strongest text (adapters list the name first).
fn dedupe(evidence: Vec<RoleEvidence>) -> Vec<RoleEvidence> {
    let mut kept: Vec<RoleEvidence> = Vec::new();
    for item in evidence {
        if !kept.iter().any(|existing| existing.role == item.role) {
            kept.push(item);
        }
    }
    kept
}

fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            // camelCase boundaries split words too: `plcGateway` → `plc`, `gateway`.
            if ch.is_ascii_uppercase() && previous_lower && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = ch.is_ascii_lowercase();
            current.push(ch.to_ascii_lowercase());
        } else {
            previous_lower = false;
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// A word matches a vocabulary word when equal, or equal but for a numeric suffix (`db01`).
fn word_matches(word: &str, vocabulary_word: &str) -> bool {
    match word.strip_prefix(vocabulary_word) {
        Some(rest) => rest.chars().all(|c| c.is_ascii_digit()),
        None => false,
    }
}

/// Where `phrase` (space-separated words) starts in `words`.
fn phrase_starts(words: &[String], phrase: &str) -> Vec<usize> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    words
        .windows(parts.len())
        .enumerate()
        .filter(|(_, window)| {
            window
                .iter()
                .zip(&parts)
                .all(|(word, part)| word_matches(word, part))
        })
        .map(|(start, _)| start)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(field: &'static str, value: &str) -> Text {
        Text {
            field,
            value: value.to_string(),
            pointer: format!("/{field}"),
        }
    }

    fn roles_of(texts: Vec<Text>) -> Vec<(String, String)> {
        let mut workload = Workload {
            texts,
            ..Workload::default()
        };
        assign(&mut workload);
        workload
            .roles
            .into_iter()
            .map(|role| (role.role, role.evidence))
            .collect()
    }

    #[test]
    fn infers_from_whole_words_with_numeric_suffixes() {
        assert_eq!(
            roles_of(vec![text("name", "plc-hmi-01")]),
            vec![(
                "realtime".to_string(),
                "inferred from name `plc-hmi-01`".to_string()
            )]
        );
        assert_eq!(roles_of(vec![text("name", "db01")])[0].0, "database");
        assert_eq!(
            roles_of(vec![text("name", "scadaGateway")])[0].0,
            "realtime"
        );
    }

    #[test]
    fn near_misses_do_not_match() {
        assert!(roles_of(vec![text("name", "gossip-replicator")]).is_empty());
        assert!(roles_of(vec![text("name", "complc-web")]).is_empty());
        assert!(roles_of(vec![text("description", "real estate timer")]).is_empty());
        assert!(roles_of(vec![text(
            "description",
            "explicit media parameter is required for iso images"
        )])
        .is_empty());
    }

    #[test]
    fn a_longer_phrase_of_another_role_shadows_the_words_inside_it() {
        assert_eq!(
            roles_of(vec![text("name", "order-router-01")]),
            vec![(
                "latency-sensitive".to_string(),
                "inferred from name `order-router-01`".to_string()
            )]
        );
        assert_eq!(
            roles_of(vec![text("name", "edge-router-01")])[0].0,
            "network-appliance"
        );
    }

    #[test]
    fn a_team_adds_words_and_roles_of_its_own() {
        let extra = ExtraVocabulary::from_params(&serde_json::json!({
            "roles": {"database": ["Ledger"], "scratch": ["ci runner"]}
        }));
        let mut workload = Workload {
            texts: vec![
                text("name", "gl-ledger-01"),
                text("description", "CI runner pool"),
            ],
            ..Workload::default()
        };
        assign_with(&mut workload, &extra);
        let roles: Vec<&str> = workload.roles.iter().map(|r| r.role.as_str()).collect();
        assert_eq!(roles, ["database", "scratch"]);
        assign(&mut workload);
        assert!(workload.roles.is_empty());
    }

    #[test]
    fn phrases_match_consecutive_words() {
        assert_eq!(
            roles_of(vec![text("description", "Industrial control gateway")])[0].0,
            "realtime"
        );
    }

    #[test]
    fn a_declaration_overrides_inference() {
        let roles = roles_of(vec![
            text("name", "plc-01"),
            text("tag", "vmlint-role=database"),
        ]);
        assert_eq!(
            roles,
            vec![(
                "database".to_string(),
                "declared by tag `vmlint-role=database`".to_string()
            )]
        );
    }
}
