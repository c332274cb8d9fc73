//! `vmlint audit` on real git repositories built here: commits by different authors, a rename,
//! a removal, a deleted file and a merge; the introducing and removing commits are asserted
//! exactly, and the blob cache is shown to spare a second audit all work.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::{json_of, vmlint, with_git_identity, write};

/// `git args…` in `dir` as `author`; returns the new HEAD for commits.
fn git(dir: &Path, author: &str, args: &[&str]) -> String {
    let output = with_git_identity(&mut Command::new("git"))
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let head = with_git_identity(&mut Command::new("git"))
        .args(["rev-parse", "HEAD"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8(head.stdout)
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn commit(dir: &Path, author: &str, message: &str) -> String {
    git(dir, author, &["add", "-A"]);
    git(dir, author, &["commit", "-q", "-m", message])
}

const CLEAN: &str = "name: cad-01\ncores: 2\n";
const DONGLE: &str = "name: cad-01\ncores: 2\nusb0: host=0529:0001\n";

fn audit(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["audit", "--format", "json"];
    args.extend_from_slice(extra);
    json_of(&vmlint(&args, dir))
}

fn finding<'a>(report: &'a Value, rule: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} in {report}"))
}

#[test]
fn each_finding_knows_the_commit_that_brought_it_and_the_one_that_removed_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, "Alice", &["init", "-q", "-b", "main"]);
    write(root, "qemu-server/100.conf", CLEAN);
    commit(root, "Alice", "Add the CAD workstation");
    write(root, "qemu-server/100.conf", DONGLE);
    let dongle_added = commit(root, "Bob", "Pass the licence dongle through");
    std::fs::create_dir_all(root.join("pve")).unwrap();
    git(root, "Carol", &["mv", "qemu-server", "pve/qemu-server"]);
    commit(root, "Carol", "Move the VMs under pve/");
    write(
        root,
        "pve/qemu-server/200.conf",
        "name: render-01\nhostpci0: 0000:01:00.0\n",
    );
    let gpu_added = commit(root, "Bob", "Add the render node");
    write(root, "pve/qemu-server/100.conf", CLEAN);
    let dongle_removed = commit(root, "Dave", "Network licence server replaces the dongle");
    std::fs::remove_file(root.join("pve/qemu-server/200.conf")).unwrap();
    let gpu_removed = commit(root, "Dave", "Retire the render node");

    // A branch that adds a dongle, merged back.
    git(root, "Erin", &["checkout", "-q", "-b", "signing"]);
    write(
        root,
        "pve/qemu-server/300.conf",
        "name: sign-01\nusb0: host=1050:0407\n",
    );
    let branch_commit = commit(root, "Erin", "Signing VM with a YubiKey");
    git(root, "Alice", &["checkout", "-q", "main"]);
    git(
        root,
        "Alice",
        &["merge", "-q", "--no-ff", "-m", "Merge signing", "signing"],
    );
    let merge = git(root, "Alice", &["rev-parse", "HEAD"]);

    let report = audit(root, &["--no-cache"]);
    assert_eq!(
        report["commits"], 7,
        "first parent: the branch commit is not walked"
    );
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3, "{report}");

    let usb = findings
        .iter()
        .find(|f| f["rule"] == "VML101" && f["file"] == "pve/qemu-server/100.conf")
        .expect("the dongle, followed across the rename");
    assert_eq!(usb["introduced"]["commit"], dongle_added);
    assert_eq!(usb["introduced"]["author"], "Bob");
    assert_eq!(usb["fixed"]["commit"], dongle_removed);
    assert_eq!(usb["fixed"]["author"], "Dave");
    assert_eq!(usb["present_at_head"], false);

    let gpu = finding(&report, "VML104");
    assert_eq!(gpu["introduced"]["commit"], gpu_added);
    assert_eq!(gpu["fixed"]["commit"], gpu_removed);

    let signing = findings
        .iter()
        .find(|f| f["file"] == "pve/qemu-server/300.conf")
        .unwrap();
    assert_eq!(signing["introduced"]["commit"], merge);
    assert_eq!(signing["fixed"], Value::Null);
    assert_eq!(signing["present_at_head"], true);

    // Walking merged branches too, the key came in with the branch's own commit.
    let all = audit(root, &["--no-cache", "--all-parents"]);
    assert_eq!(all["commits"], 8);
    let signing = all["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "pve/qemu-server/300.conf")
        .unwrap();
    assert_eq!(signing["introduced"]["commit"], branch_commit);
    assert_eq!(signing["introduced"]["author"], "Erin");

    // CSV for spreadsheets and SARIF for what is still there.
    let csv = String::from_utf8(vmlint(&["audit", "--no-cache", "--format", "csv"], root).stdout)
        .unwrap();
    assert!(
        csv.starts_with("rule,file,line,message,introduced_commit,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 4);
    let sarif: Value =
        serde_json::from_slice(&vmlint(&["audit", "--no-cache", "--format", "sarif"], root).stdout)
            .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["properties"]["firstDetection"]["commit"], merge);
}

#[test]
fn the_cache_lints_each_blob_once_across_audits() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, "Alice", &["init", "-q", "-b", "main"]);
    for (index, text) in [CLEAN, DONGLE, CLEAN, DONGLE].iter().enumerate() {
        write(root, "qemu-server/100.conf", text);
        write(root, &format!("notes/{index}.txt"), "not linted");
        commit(root, "Alice", &format!("change {index}"));
    }
    let first = audit(root, &[]);
    assert_eq!(first["commits"], 4);
    // Two distinct contents of the one .conf file: two blobs, each linted once.
    assert_eq!(first["blobs_linted"], 2, "{first}");
    assert_eq!(first["blobs_cached"], 0);
    // The dongle came, went and came back: two lives of one finding.
    let lives: Vec<&Value> = first["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "VML101")
        .collect();
    assert_eq!(lives.len(), 2, "{first}");
    assert_eq!(
        lives
            .iter()
            .filter(|f| f["present_at_head"] == true)
            .count(),
        1
    );
    assert!(root.join(".vmlint-cache").is_dir());
    let status = with_git_identity(&mut Command::new("git"))
        .args(["status", "--porcelain"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        status.stdout.is_empty(),
        "the cache keeps itself out of git: {}",
        String::from_utf8_lossy(&status.stdout)
    );

    let second = audit(root, &[]);
    assert_eq!(second["blobs_linted"], 0);
    assert_eq!(second["blobs_cached"], 2);
    assert_eq!(second["findings"], first["findings"]);

    write(
        root,
        "qemu-server/101.conf",
        "name: x\nhostpci0: 0000:02:00.0\n",
    );
    commit(root, "Bob", "one more");
    let third = audit(root, &[]);
    assert_eq!(third["blobs_linted"], 1, "only the new blob: {third}");
    assert_eq!(third["blobs_cached"], 2);
}

#[test]
fn not_a_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = vmlint(&["audit"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a git repository"));
}

#[test]
fn shallow_clones_big_blobs_and_corrupt_objects_are_reported_and_the_audit_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    std::fs::create_dir_all(&origin).unwrap();
    git(&origin, "Alice", &["init", "-q", "-b", "main"]);
    write(&origin, "qemu-server/100.conf", CLEAN);
    commit(&origin, "Alice", "one");
    write(&origin, "qemu-server/100.conf", DONGLE);
    commit(&origin, "Alice", "two");
    write(&origin, "qemu-server/101.conf", &"# padding\n".repeat(200));
    write(
        &origin,
        "qemu-server/102.conf",
        "name: y\nhostpci0: 0000:03:00.0\n",
    );
    commit(&origin, "Alice", "three");

    // A shallow clone audits what it has and says so.
    let url = format!("file://{}", origin.display());
    let clone = dir.path().join("clone");
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&clone)
        .status()
        .unwrap();
    assert!(status.success());
    let shallow = audit(&clone, &["--no-cache", "--max-blob-size", "1000"]);
    assert_eq!(shallow["commits"], 1);
    let notes = shallow["notes"].to_string();
    assert!(notes.contains("shallow clone"), "{notes}");
    assert!(notes.contains("qemu-server/101.conf: blob"), "{notes}");
    assert!(notes.contains("above the limit of 1000"), "{notes}");

    // A corrupt object: reported with its path, the other files still judged.
    let blob = String::from_utf8(
        Command::new("git")
            .args(["rev-parse", "HEAD:qemu-server/102.conf"])
            .current_dir(&origin)
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .to_string();
    let object = origin
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    let mut permissions = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&object, permissions).unwrap();
    std::fs::write(&object, b"not a zlib stream").unwrap();
    let report = audit(&origin, &["--no-cache"]);
    let errors = report["errors"].to_string();
    assert!(errors.contains("qemu-server/102.conf: blob"), "{errors}");
    assert_eq!(finding(&report, "VML101")["present_at_head"], true);
}

#[test]
fn repository_findings_come_and_go_with_the_commits_that_change_either_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, "Alice", &["init", "-q", "-b", "main"]);
    let mac = "net0: virtio=BC:24:11:AA:00:01,bridge=vmbr0\n";
    write(
        root,
        "a/qemu-server/100.conf",
        &format!("name: erp-01\n{mac}"),
    );
    commit(root, "Alice", "ERP VM");
    write(
        root,
        "b/qemu-server/200.conf",
        &format!("name: erp-02\n{mac}"),
    );
    let copied = commit(root, "Bob", "Copy the ERP VM");
    write(
        root,
        "b/qemu-server/200.conf",
        "name: erp-02\nnet0: virtio=BC:24:11:AA:00:02,bridge=vmbr0\n",
    );
    let renumbered = commit(root, "Carol", "Give the copy its own MAC");

    let report = audit(root, &["--no-cache"]);
    let copies: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "VML103")
        .collect();
    assert_eq!(copies.len(), 2, "one in each file: {report}");
    for finding in copies {
        assert_eq!(finding["introduced"]["commit"], copied);
        assert_eq!(finding["fixed"]["commit"], renumbered);
        assert_eq!(finding["present_at_head"], false);
    }
}

/// A module's VM is judged per call: the finding comes with the commit that passes the dongle
/// to the module and goes with the commit that changes only the module, and the module is not
/// judged a second time on its own.
#[test]
fn module_findings_follow_commits_to_the_caller_and_to_the_module() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, "Alice", &["init", "-q", "-b", "main"]);
    let module = |usb: bool| {
        let block = if usb {
            "  dynamic \"usb\" {\n    for_each = var.usb_ids\n    content {\n      host = usb.value\n    }\n  }\n"
        } else {
            ""
        };
        format!("variable \"usb_ids\" {{\n  default = []\n}}\n\nresource \"proxmox_virtual_environment_vm\" \"this\" {{\n  name = \"flexlm-01\"\n{block}}}\n")
    };
    let call = |ids: &str| {
        format!("module \"licence\" {{\n  source  = \"./modules/vm\"\n  usb_ids = [{ids}]\n}}\n")
    };
    write(root, "modules/vm/main.tf", &module(true));
    write(root, "main.tf", &call(""));
    commit(root, "Alice", "A licence VM without a dongle");
    write(root, "main.tf", &call("\"0529:0001\""));
    let passed = commit(root, "Bob", "Pass the dongle");
    write(root, "modules/vm/main.tf", &module(false));
    let dropped = commit(root, "Carol", "The module no longer passes USB devices");

    let report = audit(root, &["--no-cache"]);
    let usb: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "VML101")
        .collect();
    assert_eq!(usb.len(), 1, "{report:#}");
    assert_eq!(usb[0]["file"], "main.tf");
    assert_eq!(usb[0]["line"], 3);
    assert_eq!(usb[0]["introduced"]["commit"], passed);
    assert_eq!(usb[0]["fixed"]["commit"], dropped);
}

/// A Terraform VM per file in one directory, its device from `variables.tf`: editing one VM
/// re-lints that VM alone (the others' files hold only resources, which no sibling reads),
/// while editing the variables re-lints every file that may read them.
#[test]
fn a_module_file_of_resources_only_does_not_re_key_its_siblings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, "Alice", &["init", "-q", "-b", "main"]);
    let vm = |name: &str, cores: u32| {
        format!(
            "resource \"proxmox_virtual_environment_vm\" \"{name}\" {{\n  name      = \"{name}\"\n  node_name = \"pve-01\"\n\n  cpu {{\n    cores = {cores}\n  }}\n\n  usb {{\n    host = var.dongle\n  }}\n}}\n"
        )
    };
    let variables =
        |device: &str| format!("variable \"dongle\" {{\n  default = \"{device}\"\n}}\n");
    for name in ["a", "b", "c"] {
        write(root, &format!("vms/{name}.tf"), &vm(name, 2));
    }
    write(root, "vms/variables.tf", &variables("0529:0001"));
    commit(root, "Alice", "three licence servers");
    write(root, "vms/a.tf", &vm("a", 4));
    commit(root, "Alice", "more cores for a");
    let report = audit(root, &["--no-cache"]);
    // Four files at the first commit (a, b, c and the variables), then a's new blob alone.
    assert_eq!(report["blobs_linted"], 5, "{report}");
    let at_head = |report: &Value, device: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["rule"] == "VML101"
                    && f["present_at_head"] == true
                    && f["message"].as_str().unwrap_or_default().contains(device)
            })
            .count()
    };
    assert_eq!(at_head(&report, "0529:0001"), 3, "{report}");

    // The variables change: every file of the module is judged again with the new device.
    write(root, "vms/variables.tf", &variables("1234:5678"));
    commit(root, "Alice", "a device that is not a dongle");
    let report = audit(root, &["--no-cache"]);
    assert_eq!(report["blobs_linted"], 5 + 4, "{report}");
    assert_eq!(at_head(&report, "0529:0001"), 0, "{report}");
    assert_eq!(at_head(&report, "1234:5678"), 3, "{report}");
}
