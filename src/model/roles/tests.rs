//! Role evidence: the operator's cases, each format's declaration, the vocabularies' near misses.

use super::*;

fn text(field: &'static str, value: &str) -> Text {
    Text {
        field,
        value: value.to_string(),
        pointer: format!("/{field}"),
    }
}

fn assigned(texts: Vec<Text>, format: Format) -> Vec<RoleEvidence> {
    let mut workload = Workload {
        texts,
        platform: "proxmox".to_string(),
        ..Workload::default()
    };
    assign(&mut workload, format);
    workload.roles
}

fn roles_of(texts: Vec<Text>) -> Vec<(String, Strength)> {
    assigned(texts, Format::Proxmox)
        .into_iter()
        .map(|role| (role.role, role.strength))
        .collect()
}

fn role(name: &str, strength: Strength) -> (String, Strength) {
    (name.to_string(), strength)
}

#[test]
fn a_name_guess_names_its_word_and_how_to_declare_the_role() {
    let roles = assigned(vec![text("name", "plc-hmi-01")], Format::Proxmox);
    assert_eq!(roles[0].role, "realtime");
    assert_eq!(roles[0].rank, 2);
    assert_eq!(
        roles[0].evidence,
        "guessed from the word `plc` in name `plc-hmi-01`; to confirm or correct it, \
         declare the role: tag `vmlint-role-realtime` (or a line `vmlint-role: realtime` \
         in the description)"
    );
    let kubevirt = assigned(vec![text("name", "db01")], Format::KubeVirt);
    assert!(kubevirt[0]
        .evidence
        .ends_with("label `vmlint.io/role: database`"));
    assert_eq!(
        roles_of(vec![text("name", "scadaGateway")]),
        [role("realtime", Strength::Name)]
    );
}

#[test]
fn a_bare_realtime_or_telecom_word_is_latency_at_most() {
    for name in ["realtime-analytics-01", "telecom-billing-01", "rt-realtime"] {
        assert_eq!(
            roles_of(vec![text("name", name)]),
            [role("latency-sensitive", Strength::Name)],
            "{name}"
        );
    }
}

#[test]
fn free_text_counts_only_through_a_marker() {
    assert!(roles_of(vec![
        text("name", "wiki-01"),
        text(
            "description",
            "Internal wiki behind the firewall; stores user ids"
        ),
    ])
    .is_empty());
    assert_eq!(
        roles_of(vec![
            text("name", "wiki-01"),
            text("description", "Team wiki\nvmlint-role: network-appliance\n"),
        ]),
        [role("network-appliance", Strength::Declared)]
    );
}

#[test]
fn tags_are_read_by_key_and_organisations_are_not_roles() {
    for tag in ["Owner=db-team", "oracle-linux", "cost-center=trading"] {
        assert!(
            roles_of(vec![text("name", "web-01"), text("tag", tag)]).is_empty(),
            "{tag}"
        );
    }
    assert!(roles_of(vec![text("name", "srv-01"), text("tag", "db-team")]).is_empty());
    assert_eq!(
        roles_of(vec![text("name", "srv-01"), text("tag", "app=postgres")]),
        [role("database", Strength::Name)]
    );
    assert_eq!(
        roles_of(vec![text("name", "srv-01"), text("tag", "voip")]),
        [role("latency-sensitive", Strength::Name)]
    );
}

#[test]
fn a_tag_does_not_override_a_general_purpose_name() {
    assert!(roles_of(vec![text("name", "wiki"), text("tag", "trading")]).is_empty());
    assert!(roles_of(vec![text("name", "wiki"), text("tag", "trading-desk")]).is_empty());
}

#[test]
fn near_misses_do_not_match() {
    assert!(roles_of(vec![text("name", "gossip-replicator")]).is_empty());
    assert!(roles_of(vec![text("name", "complc-web")]).is_empty());
}

#[test]
fn products_are_structural_and_client_packages_are_not_servers() {
    assert_eq!(
        roles_of(vec![
            text("name", "app-01"),
            text("image", "docker.io/library/postgres:16")
        ]),
        [role("database", Strength::Structural)]
    );
    assert_eq!(
        roles_of(vec![text("package", "postgresql-server")]),
        [role("database", Strength::Structural)]
    );
    assert!(roles_of(vec![text("package", "postgresql-client")]).is_empty());
    assert!(roles_of(vec![text("package", "python3-psycopg2")]).is_empty());
    assert!(roles_of(vec![text("Ansible role", "postgres_db_backup")]).is_empty());
    assert_eq!(
        roles_of(vec![text("Ansible role", "geerlingguy.postgresql")]),
        [role("database", Strength::Structural)]
    );
    assert_eq!(
        roles_of(vec![text("name", "db-01"), text("template", "pfSense-2.7")]),
        [
            role("network-appliance", Strength::Structural),
            role("database", Strength::Name)
        ]
    );
}

#[test]
fn a_longer_phrase_of_another_role_shadows_the_words_inside_it() {
    assert_eq!(
        roles_of(vec![text("name", "order-router-01")]),
        [role("latency-sensitive", Strength::Name)]
    );
    assert_eq!(
        roles_of(vec![text("name", "edge-router-01")]),
        [role("network-appliance", Strength::Name)]
    );
}

#[test]
fn a_team_adds_and_removes_words_and_names_roles_of_its_own() {
    let extra = ExtraVocabulary::from_params(&serde_json::json!({
        "roles": {"database": ["Ledger", "!redis"], "scratch": ["ci runner"]}
    }));
    let mut workload = Workload {
        texts: vec![text("name", "gl-ledger-01-ci-runner"), text("tag", "redis")],
        ..Workload::default()
    };
    assign_with(&mut workload, &extra, Format::Terraform);
    let roles: Vec<&str> = workload.roles.iter().map(|r| r.role.as_str()).collect();
    assert_eq!(roles, ["database", "scratch"]);
    let mut cache = Workload {
        texts: vec![text("name", "redis-01")],
        ..Workload::default()
    };
    assign_with(&mut cache, &extra, Format::Terraform);
    assert!(cache.roles.is_empty());
}

#[test]
fn a_declaration_overrides_every_guess_in_each_format_form() {
    for declaration in [
        text("tag", "vmlint-role-database"),
        text("tag", "vmlint-role=database"),
        text("label", "vmlint.io/role=database"),
        text("description", "Primary\nvmlint-role: database"),
        text("guestinfo", "vmlint-role=database"),
    ] {
        let field = declaration.field;
        assert_eq!(
            roles_of(vec![text("name", "plc-01"), declaration]),
            [role("database", Strength::Declared)],
            "{field}"
        );
    }
}

#[test]
fn the_words_that_stop_a_guess_are_adjustable_too() {
    let extra = ExtraVocabulary::from_params(&serde_json::json!({
        "role-words": {
            "general": ["kiosk", "!wiki"],
            "organisations": ["tribe"],
            "keys": ["stack"],
            "clients": ["bouncer"]
        }
    }));
    let roles = |texts: Vec<Text>| {
        let mut workload = Workload {
            texts,
            ..Workload::default()
        };
        assign_with(&mut workload, &extra, Format::Terraform);
        workload
            .roles
            .into_iter()
            .map(|role| role.role)
            .collect::<Vec<_>>()
    };
    // `kiosk` is now a general-purpose name: a tag does not override it; `wiki` no longer is.
    assert!(roles(vec![text("name", "kiosk-01"), text("tag", "voip")]).is_empty());
    assert_eq!(
        roles(vec![text("name", "wiki-01"), text("tag", "voip")]),
        ["latency-sensitive"]
    );
    assert!(roles(vec![text("name", "db-tribe-01")]).is_empty());
    assert_eq!(
        roles(vec![text("name", "srv"), text("tag", "stack=postgres")]),
        ["database"]
    );
    assert!(roles(vec![text("package", "postgresql-bouncer")]).is_empty());
}
