//! The real-world corpus beside the checkout (`../shared/corpus/real`: files from Proxmox's,
//! virt-manager's, KubeVirt's, the bpg provider's and Ansible's own repositories): every file
//! is read without a crash or a parse error, and every USB and PCI passthrough in it is found
//! at its line — checked against an independent line scan of the files, not against vmlint.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn corpus() -> Option<PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if corpus.is_dir() {
        return Some(corpus);
    }
    assert!(
        std::env::var_os("VMLINT_CORPUS_REQUIRED").is_none(),
        "VMLINT_CORPUS_REQUIRED is set but ../shared/corpus/real is not beside the checkout"
    );
    eprintln!("note: {} not found; corpus tests not run", corpus.display());
    None
}

fn lint(corpus: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .args(["check", ".", "--format", "json", "--fail-on", "never"])
        .current_dir(corpus)
        .output()
        .expect("vmlint runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// (file relative to the corpus, line, rule)
type Expected = BTreeSet<(String, usize, &'static str)>;

fn relative(corpus: &Path, path: &Path) -> String {
    path.strip_prefix(corpus)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// Proxmox: `hostpciN:` and `usbN:` (not `spice`) of the current configuration.
fn scan_proxmox(corpus: &Path, expected: &mut Expected) {
    for path in files(&corpus.join("proxmox")) {
        let text = std::fs::read_to_string(&path).unwrap();
        for (index, line) in text.lines().enumerate() {
            if line.starts_with('[') {
                break; // snapshots and pending changes are not the current configuration
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let base = key.trim_end_matches(|c: char| c.is_ascii_digit());
            if base == "hostpci" && base != key {
                expected.insert((relative(corpus, &path), index + 1, "VML104"));
            } else if base == "usb" && base != key && !value.contains("spice") {
                expected.insert((relative(corpus, &path), index + 1, "VML101"));
            }
        }
    }
}

/// libvirt: `<hostdev>` of type usb / pci / mdev / scsi in subsystem mode and
/// `<interface type='hostdev'>`, in files whose root is `<domain>`.
fn scan_libvirt(corpus: &Path, expected: &mut Expected) {
    for path in files(&corpus.join("libvirt")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let is_domain = text.trim_start().starts_with("<domain")
            && !text.lines().any(|line| {
                line.starts_with("@@") || line.starts_with("-  <") || line.starts_with("+  <")
            });
        if !is_domain {
            continue;
        }
        for (index, line) in text.lines().enumerate() {
            let attribute = |name: &str| {
                ["'", "\""].iter().find_map(|quote| {
                    let needle = format!("{name}={quote}");
                    let start = line.find(&needle)? + needle.len();
                    line[start..].split(*quote).next().map(str::to_string)
                })
            };
            let trimmed = line.trim_start();
            let rule = if trimmed.starts_with("<hostdev ")
                && attribute("mode").as_deref() != Some("capabilities")
            {
                match attribute("type").as_deref() {
                    Some("usb") => Some("VML101"),
                    Some("pci") | Some("mdev") | Some("scsi") => Some("VML104"),
                    _ => None,
                }
            } else if trimmed.starts_with("<interface ")
                && attribute("type").as_deref() == Some("hostdev")
            {
                Some("VML104")
            } else {
                None
            };
            if let Some(rule) = rule {
                expected.insert((relative(corpus, &path), index + 1, rule));
            }
        }
    }
}

/// KubeVirt: list items under `gpus:` and `hostDevices:` (USB when the item names usb), and
/// the interface item that holds `sriov:`.
fn scan_kubevirt(corpus: &Path, expected: &mut Expected) {
    for path in files(&corpus.join("kubevirt")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut section: Option<(usize, &str)> = None;
        for (index, line) in lines.iter().enumerate() {
            let indent = line.len() - line.trim_start().len();
            let trimmed = line.trim();
            if let Some((section_indent, _)) = section {
                if !trimmed.is_empty() && indent <= section_indent && !trimmed.starts_with("- ") {
                    section = None;
                }
            }
            if trimmed == "gpus:" || trimmed == "hostDevices:" {
                section = Some((indent, trimmed));
                continue;
            }
            if let Some((section_indent, name)) = section {
                if trimmed.starts_with("- ") && indent >= section_indent {
                    let item: Vec<&str> = lines[index..]
                        .iter()
                        .take_while(|next| {
                            **next == *line || next.len() - next.trim_start().len() > indent
                        })
                        .copied()
                        .collect();
                    let usb = name == "hostDevices:"
                        && item.iter().any(|l| l.to_lowercase().contains("usb"));
                    let rule = if usb { "VML101" } else { "VML104" };
                    expected.insert((relative(corpus, &path), index + 1, rule));
                }
            }
            if trimmed.starts_with("sriov:") {
                let item = (0..index)
                    .rev()
                    .find(|&i| lines[i].trim_start().starts_with("- "))
                    .unwrap();
                expected.insert((relative(corpus, &path), item + 1, "VML104"));
            }
        }
    }
}

#[test]
fn the_corpus_reads_without_errors_and_every_passthrough_is_found_at_its_line() {
    let Some(corpus) = corpus() else { return };
    let report = lint(&corpus);
    assert_eq!(
        report["errors"],
        serde_json::json!([]),
        "corpus files that failed"
    );
    assert!(
        report["summary"]["files"].as_u64().unwrap() >= 450,
        "{}",
        report["summary"]
    );

    let mut expected = Expected::new();
    scan_proxmox(&corpus, &mut expected);
    scan_libvirt(&corpus, &mut expected);
    scan_kubevirt(&corpus, &mut expected);
    assert!(
        expected.len() >= 50,
        "the scan found only {} passthroughs",
        expected.len()
    );

    let found: Expected = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| {
            let rule = match d["rule"].as_str()? {
                "VML101" => "VML101",
                "VML104" => "VML104",
                _ => return None,
            };
            let file = d["file"].as_str()?.trim_start_matches("./").to_string();
            // Terraform findings are checked by fixtures; the corpus's bpg examples keep
            // their passthrough blocks commented out.
            let line = d["line"].as_u64()? as usize;
            (!file.starts_with("terraform/")).then_some((file, line, rule))
        })
        .collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty(),
        "passthroughs vmlint did not find: {missing:#?}"
    );
    assert!(
        extra.is_empty(),
        "findings the scan does not explain: {extra:#?}"
    );
}

/// The project's own corpus (`corpus/`, see its `SOURCES.md`): real module-built Terraform,
/// real plan files, provider examples (Telmate, libvirt), kubevirt.core playbooks and
/// vagrant-libvirt's domain XML. Every file is read without an error, and what vmlint finds
/// there is what `SOURCES.md` says was checked by reading each file.
#[test]
fn the_projects_own_corpus_reads_and_modules_are_reported_at_their_call() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let report = lint(&corpus);
    assert_eq!(report["errors"], serde_json::json!([]), "{report:#}");
    let count = |dir: &str, extension: &str| {
        files(&corpus.join(dir))
            .into_iter()
            .filter(|path| path.extension().is_some_and(|found| found == extension))
            .count()
    };
    let plans = count("terraform-plan", "json");
    assert!(plans >= 20, "{plans} plan files");
    // kubevirt.core's `*.kubevirt.yml` are inventory-plugin configurations and
    // vagrant-libvirt's `<pool>`, `<volume>` and `<network>` XML are no VMs: skipped.
    let playbooks = files(&corpus.join("kubevirt-core"))
        .into_iter()
        .filter(|path| path.to_string_lossy().ends_with(".yml"))
        .filter(|path| !path.to_string_lossy().ends_with(".kubevirt.yml"))
        .count();
    let domains = files(&corpus.join("vagrant-libvirt"))
        .into_iter()
        .filter(|path| std::fs::read_to_string(path).is_ok_and(|text| text.contains("<domain")))
        .count();
    let linted = plans
        + count("terraform-modules", "tf")
        + count("telmate", "tf")
        + count("libvirt-provider", "tf")
        + playbooks
        + domains;
    assert_eq!(
        report["summary"]["files"].as_u64(),
        Some(linted as u64),
        "every plan, .tf, playbook and domain is linted"
    );
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let mut by_rule: std::collections::BTreeMap<String, usize> = Default::default();
    for d in diagnostics {
        *by_rule
            .entry(d["rule"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let expected: std::collections::BTreeMap<String, usize> = [
        ("VML101", 1),
        ("VML102", 5),
        ("VML103", 18),
        ("VML104", 3),
        ("VML106", 10),
        ("VML602", 1),
        ("VML603", 2),
        // No VML303: thinkstack's optional AWS Backup plans are off by default (count = 0).
    ]
    .into_iter()
    .map(|(rule, count)| (rule.to_string(), count))
    .collect();
    assert_eq!(by_rule, expected);
    // One VM described in many test fixtures is one VM seen again, not a clone.
    assert!(diagnostics
        .iter()
        .filter(|d| d["rule"] == "VML103")
        .all(|d| d["severity"] == "info"));
    let at = |file: &str, line: u64, rule: &str| {
        diagnostics
            .iter()
            .find(|d| d["file"] == file && d["line"] == line && d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} at {file}:{line}"))
    };
    // A module's VM is reported at the call that deploys it, the module's line related.
    let splunk = at("terraform-modules/terraform-proxmox/main.tf", 128, "VML106");
    assert!(splunk["message"].as_str().unwrap().contains("`splunk-vm`"));
    assert_eq!(
        splunk["related"][0]["file"],
        "terraform-modules/terraform-proxmox/modules/splunk-vm/main.tf"
    );
    assert_eq!(splunk["related"][0]["line"], 49);
    // Telmate's documented default CPU type is `host`.
    let k3s = at(
        "terraform-modules/terraform-proxmox-k3s/worker_nodes.tf",
        35,
        "VML106",
    );
    assert!(k3s["message"]
        .as_str()
        .unwrap()
        .contains("the provider's default"));
    // vagrant-libvirt's `nested = true` template offers `vmx` and `svm` to the guest.
    let nested = at(
        "vagrant-libvirt/spec/unit/templates/domain_cpu_mode_passthrough.xml",
        9,
        "VML603",
    );
    assert!(nested["message"].as_str().unwrap().contains("`+vmx`"));
    // The libvirt provider's current syntax is read.
    at(
        "libvirt-provider/examples/domain_with_filesystem.tf",
        49,
        "VML602",
    );
}
