//! The command line's first minute: output modes, colour, `init`, completions, the man page,
//! the configuration schema and the generated rule reference.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn vmlint_env(args: &[&str], cwd: &Path, no_color: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vmlint"));
    command.args(args).current_dir(cwd);
    if no_color {
        command.env("NO_COLOR", "1");
    } else {
        command.env_remove("NO_COLOR");
    }
    command.output().expect("vmlint runs")
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8(vmlint_env(args, &repo(), true).stdout).unwrap()
}

const ESCAPE: char = '\u{1b}';

#[test]
fn human_output_groups_by_file_and_ends_with_one_summary_line() {
    let text = stdout(&["check", "examples/libvirt", "examples/proxmox"]);
    let headers: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("examples/") && !line.contains(' '))
        .collect();
    assert_eq!(
        headers,
        vec![
            "examples/libvirt/rtu-gateway.xml",
            "examples/libvirt/signing-station.xml",
            "examples/libvirt/storage-gateway.xml",
            "examples/proxmox/jobs.cfg",
            "examples/proxmox/qemu-server/210.conf",
            "examples/proxmox/qemu-server/220.conf"
        ]
    );
    let summary = text.lines().last().unwrap();
    assert!(
        summary.starts_with("13 findings (4 errors, 9 warnings) in 6 of 8 files, ")
            && summary.ends_with(" s"),
        "{summary}"
    );
    assert!(
        text.contains("help: Run dongle-bound software"),
        "the rule's fix is shown"
    );

    let quiet = stdout(&["check", "examples/libvirt", "--quiet"]);
    assert!(!quiet.contains("findings ("), "{quiet}");
    assert!(quiet.contains("VML201(realtime-guest)"));
}

#[test]
fn concise_and_statistics() {
    let concise = stdout(&["check", "examples/libvirt", "--output-format", "concise"]);
    assert_eq!(
        concise.lines().collect::<Vec<_>>(),
        vec![
            "examples/libvirt/rtu-gateway.xml:10:5: VML201 [error] `rtu-gateway-02` is a real-time workload (real-time scheduler `fifo` for vCPUs 0-1) defined as a VM: hypervisor jitter breaks its deadlines",
            "examples/libvirt/signing-station.xml:10:5: VML101 [error] USB device 1050:0407 (Yubico security key) passed to `release-signing-01`: every signature or login depends on one host and one physical key",
            "examples/libvirt/storage-gateway.xml:10:5: VML104 [warning] PCI device 0000:04:00.0 passed through to `storage-gw-01`: the guest is pinned to this host and cannot live-migrate",
            "examples/libvirt/storage-gateway.xml:15:5: VML104 [warning] SR-IOV network function 0000:3b:02.1 passed through to `storage-gw-01`: the guest is pinned to this host and cannot live-migrate",
        ]
    );
    let statistics = stdout(&["check", "examples/libvirt", "--statistics"]);
    let lines: Vec<&str> = statistics.lines().collect();
    assert_eq!(
        lines[0],
        "    2  VML104   pci-passthrough              warning"
    );
    assert_eq!(
        lines[1],
        "    1  VML101   usb-passthrough              error"
    );
    assert_eq!(
        lines[2],
        "    1  VML201   realtime-guest               error"
    );
    assert!(lines[3].starts_with("4 findings"));
}

#[test]
fn colour_follows_no_color_the_flag_and_the_terminal() {
    let plain = vmlint_env(&["check", "examples/libvirt"], &repo(), true);
    assert!(
        !String::from_utf8_lossy(&plain.stdout).contains(ESCAPE),
        "NO_COLOR"
    );
    let piped = vmlint_env(&["check", "examples/libvirt"], &repo(), false);
    assert!(
        !String::from_utf8_lossy(&piped.stdout).contains(ESCAPE),
        "stdout is not a terminal here: no escape codes"
    );
    let forced = vmlint_env(
        &["check", "examples/libvirt", "--color", "always"],
        &repo(),
        false,
    );
    assert!(
        String::from_utf8_lossy(&forced.stdout).contains(ESCAPE),
        "--color always"
    );
    let never = vmlint_env(
        &["check", "examples/libvirt", "--color", "never"],
        &repo(),
        false,
    );
    assert!(!String::from_utf8_lossy(&never.stdout).contains(ESCAPE));
}

fn schema_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/vmlint-config.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the config schema compiles")
}

fn toml_as_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).expect("TOML");
    serde_json::to_value(value).unwrap()
}

#[test]
fn init_writes_a_valid_commented_config_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let first = vmlint_env(&["init"], dir.path(), true);
    assert_eq!(first.status.code(), Some(0));
    let printed = String::from_utf8_lossy(&first.stdout);
    assert!(
        printed.contains(".pre-commit-config.yaml") && printed.contains("- id: vmlint"),
        "{printed}"
    );
    assert!(printed.contains("uses: vmlint/vmlint@"), "{printed}");
    let written = std::fs::read_to_string(dir.path().join(".vmlint.toml")).unwrap();
    assert!(
        written.starts_with("#:schema "),
        "TOML editors find the schema"
    );
    assert!(schema_validator().is_valid(&toml_as_json(&written)));
    let shown = vmlint_env(&["config", "--show"], dir.path(), true);
    assert_eq!(shown.status.code(), Some(0));

    std::fs::write(dir.path().join(".vmlint.toml"), "select = [\"VML101\"]\n").unwrap();
    let refused = vmlint_env(&["init"], dir.path(), true);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists: use --force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".vmlint.toml")).unwrap(),
        "select = [\"VML101\"]\n"
    );
    let forced = vmlint_env(&["init", "--force"], dir.path(), true);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".vmlint.toml")).unwrap(),
        written
    );
}

#[test]
fn the_config_schema_is_current_and_rejects_unknown_keys() {
    let shipped =
        std::fs::read_to_string(repo().join("schemas/vmlint-config.schema.json")).unwrap();
    assert_eq!(
        shipped,
        stdout(&["config", "--schema"]),
        "schemas/vmlint-config.schema.json is stale: run `cargo run -- config --schema > schemas/vmlint-config.schema.json`"
    );
    let validator = schema_validator();
    assert!(validator.is_valid(&toml_as_json(
        "fail-on = \"error\"\n[suppressions]\nforbid = [\"VML601\"]\n"
    )));
    assert!(!validator.is_valid(&toml_as_json("[suppressions]\nforbidd = []\n")));
    assert!(!validator.is_valid(&toml_as_json("fail-on = \"sometimes\"\n")));
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let text = stdout(&["completions", shell]);
        assert!(
            text.contains("vmlint") && text.contains("baseline"),
            "{shell}: {}",
            &text[..text.len().min(200)]
        );
    }
    let man = stdout(&["man"]);
    assert!(man.contains(".TH vmlint"), "{}", &man[..man.len().min(200)]);
    assert!(man.contains("check"));
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for command in [
        "check",
        "rules",
        "test",
        "inspect",
        "config",
        "init",
        "completions",
        "man",
        "baseline",
    ] {
        let help = stdout(&[command, "--help"]);
        assert!(
            help.contains("Example: vmlint"),
            "`vmlint {command} --help` has no example:\n{help}"
        );
    }
}

#[test]
fn the_rule_reference_is_current() {
    let shipped = std::fs::read_to_string(repo().join("docs/rules.md")).unwrap();
    assert_eq!(
        shipped,
        stdout(&["rules", "--format", "markdown"]),
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    assert!(shipped.contains("## VML101 usb-passthrough"));
}

#[test]
fn the_readme_rules_table_is_generated_from_the_metadata() {
    let policies =
        vmlint::policy::PolicySet::load(&vmlint::policy::PolicyOptions::default()).unwrap();
    let table = vmlint::report::rules::table(policies.rules(), "docs/rules.md");
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let from = readme
        .find(start)
        .expect("README has the rules:start marker")
        + start.len();
    let to = readme.find(end).expect("README has the rules:end marker");
    if std::env::var_os("VMLINT_UPDATE_DOCS").is_some() {
        let updated = format!("{}{table}{}", &readme[..from], &readme[to..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[from..to],
        table,
        "the README's rules table is stale: run `VMLINT_UPDATE_DOCS=1 cargo test --test cli_experience readme`"
    );
    assert_eq!(table.lines().count(), policies.rules().len() + 2);
    assert!(table.contains(
        "| [VML101](docs/rules.md#vml101-usb-passthrough) | usb-passthrough | warning |"
    ));
}

#[test]
fn explain_prints_the_rule_its_example_and_how_to_suppress_it() {
    let by_id = stdout(&["explain", "vml101"]);
    let by_slug = stdout(&["explain", "usb-passthrough"]);
    assert_eq!(by_id, by_slug);
    assert!(
        by_id.starts_with("VML101 usb-passthrough — A host USB device is passed into the guest\n"),
        "{by_id}"
    );
    for part in [
        "Severity:   warning",
        "## Why is this bad?",
        "## Example",
        "host = \"0529:0001\"",
        "## Use instead",
        "# vmlint:ignore VML101 reason=",
    ] {
        assert!(by_id.contains(part), "missing {part:?} in:\n{by_id}");
    }

    let unknown = vmlint_env(&["explain", "VML999"], &repo(), true);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no rule `VML999`"));
}

#[test]
fn rules_lists_every_rule_with_its_formats() {
    let table = stdout(&["rules"]);
    let header = table.lines().next().unwrap();
    assert!(header.starts_with("ID       SLUG"), "{header}");
    assert!(header.contains("FORMATS"), "{header}");
    let usb = table
        .lines()
        .find(|line| line.starts_with("VML101"))
        .unwrap();
    assert!(usb.contains(" all "), "{usb}");
    let json: Value = serde_json::from_str(&stdout(&["rules", "--format", "json"])).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), table.lines().count() - 1);
}
