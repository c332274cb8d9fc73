//! The deployed-value stage end to end: module arguments, tfvars, `dynamic` blocks and
//! references are evaluated; findings land on the origin in the linted file, the template and
//! other files are related locations; unknown values are never guessed.

use std::path::Path;
use std::process::Command;

fn check(dir: &Path) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .args(["check", "--format", "json", "--no-config"])
        .arg(dir)
        .output()
        .expect("vmlint runs");
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_value_from_tfvars_is_reported_at_its_entry_with_the_call_and_the_template_related() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "modules/vm/main.tf",
        "variable \"name\" {}\nvariable \"gpus\" {\n  default = []\n}\n\nresource \"proxmox_virtual_environment_vm\" \"this\" {\n  name = var.name\n  dynamic \"hostpci\" {\n    for_each = var.gpus\n    content {\n      device = \"hostpci${hostpci.key}\"\n      id     = hostpci.value\n    }\n  }\n}\n",
    );
    write(
        dir.path(),
        "main.tf",
        "module \"render\" {\n  source = \"./modules/vm\"\n  name   = \"render-01\"\n  gpus   = [var.render_gpu]\n}\n\nmodule \"web\" {\n  source = \"./modules/vm\"\n  name   = \"web-01\"\n}\n\nmodule \"unknown\" {\n  source = \"./modules/vm\"\n  name   = \"x-01\"\n  gpus   = data.gpus.all.ids\n}\n\nvariable \"render_gpu\" {}\n",
    );
    write(
        dir.path(),
        "terraform.tfvars",
        "render_gpu = \"0000:01:00.0\"\n",
    );
    let report = check(dir.path());
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(report["errors"], serde_json::json!([]));
    let found: Vec<(String, String, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // Only the call that passes a GPU, reported where the GPU is named (the tfvars entry),
    // not inside the module; the call with an unknown list is not guessed at, the one with
    // none is clean.
    assert_eq!(
        found,
        vec![("VML104".to_string(), "terraform.tfvars".to_string(), 1, 1)],
        "{report:#}"
    );
    let related = diagnostics[0]["related"].as_array().unwrap();
    let places: Vec<(String, u64)> = related
        .iter()
        .map(|r| {
            let file = r["file"].as_str().unwrap().to_string();
            let file = file
                .strip_prefix(&dir.path().display().to_string())
                .unwrap_or(&file)
                .to_string();
            (file, r["line"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        places,
        vec![
            ("/main.tf".to_string(), 4),
            ("/modules/vm/main.tf".to_string(), 8),
        ],
        "{report:#}"
    );
    assert_eq!(related[0]["message"], "the value is passed on here");
    assert!(related[1]["message"]
        .as_str()
        .unwrap()
        .contains("module.render.proxmox_virtual_environment_vm.this"));
}

#[test]
fn a_module_nobody_calls_is_still_linted_literally() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "modules/vm/main.tf",
        "resource \"proxmox_virtual_environment_vm\" \"this\" {\n  usb {\n    host = \"0529:0001\"\n  }\n}\n",
    );
    let report = check(dir.path());
    assert_eq!(report["diagnostics"][0]["rule"], "VML101", "{report:#}");
    assert_eq!(report["diagnostics"][0]["line"], 2);
    // Called by a root module: reported once per call, at the call.
    write(
        dir.path(),
        "main.tf",
        "module \"a\" {\n  source = \"./modules/vm\"\n}\n",
    );
    let report = check(dir.path());
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{report:#}");
    assert!(diagnostics[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("/main.tf"));
    assert_eq!(diagnostics[0]["line"], 1);
}

#[test]
fn var_files_and_vars_on_the_command_line_win_over_tfvars_in_terraform_order() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "variable \"gpu\" {}\n\nresource \"proxmox_virtual_environment_vm\" \"cad\" {\n  name = \"cad-01\"\n  hostpci {\n    device = \"hostpci0\"\n    id     = var.gpu\n  }\n}\n",
    );
    write(dir.path(), "terraform.tfvars", "gpu = \"0000:01:00.0\"\n");
    write(dir.path(), "prod.tfvars", "gpu = \"0000:02:00.0\"\n");
    let run = |extra: &[&str]| -> serde_json::Value {
        let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
            .args(["check", "--format", "json", "--no-config"])
            .args(extra)
            .arg(dir.path())
            .output()
            .expect("vmlint runs");
        serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null)
    };
    let message = |report: &serde_json::Value| {
        report["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(message(&run(&[])).contains("0000:01:00.0"));
    let var_file = dir.path().join("prod.tfvars");
    let with_file = run(&["--var-file", var_file.to_str().unwrap()]);
    assert!(
        message(&with_file).contains("0000:02:00.0"),
        "{with_file:#}"
    );
    let with_var = run(&[
        "--var-file",
        var_file.to_str().unwrap(),
        "--var",
        "gpu=0000:03:00.0",
    ]);
    assert!(message(&with_var).contains("0000:03:00.0"), "{with_var:#}");
    // A malformed value is a usage error (exit 2) naming it.
    let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .args(["check", "--var", "gpu"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--var gpu"));
    // A var file that does not parse names its line.
    write(
        dir.path(),
        "broken.tfvars",
        "gpu = \"0000:01:00.0\"\nother = \n",
    );
    let broken = dir.path().join("broken.tfvars");
    let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .args(["check", "--var-file", broken.to_str().unwrap()])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.tfvars:2:"), "{stderr}");
}

#[test]
fn a_finding_at_a_tfvars_entry_is_suppressed_there_or_where_the_value_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let main = |suppressed: bool| {
        // On the line the finding relates in this file: the passthrough block.
        let comment = if suppressed {
            "  # vmlint:ignore VML104 reason=\"approved in CAB-7\"\n"
        } else {
            ""
        };
        format!("variable \"gpu\" {{}}\n\nresource \"proxmox_virtual_environment_vm\" \"cad\" {{\n  name = \"cad-01\"\n{comment}  hostpci {{\n    device = \"hostpci0\"\n    id     = var.gpu\n  }}\n}}\n")
    };
    let count = |dir: &Path| check(dir)["diagnostics"].as_array().unwrap().len();
    write(dir.path(), "main.tf", &main(false));
    write(dir.path(), "terraform.tfvars", "gpu = \"0000:01:00.0\"\n");
    assert_eq!(count(dir.path()), 1);
    // Where the value is set…
    write(
        dir.path(),
        "terraform.tfvars",
        "# vmlint:ignore VML104 reason=\"approved in CAB-7\"\ngpu = \"0000:01:00.0\"\n",
    );
    let report = check(dir.path());
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["summary"]["suppressed"], 1);
    // …or where it is used.
    write(dir.path(), "terraform.tfvars", "gpu = \"0000:01:00.0\"\n");
    write(dir.path(), "main.tf", &main(true));
    let report = check(dir.path());
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");
}

#[test]
fn a_module_terraform_init_downloaded_is_found_through_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "module \"licence\" {\n  source  = \"acme/licence-vm/proxmox\"\n  version = \"1.2.0\"\n  usb_ids = [\"0529:0001\"]\n}\n",
    );
    write(
        dir.path(),
        ".terraform/modules/modules.json",
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"licence","Source":"registry.terraform.io/acme/licence-vm/proxmox","Version":"1.2.0","Dir":".terraform/modules/licence"}]}"#,
    );
    write(
        dir.path(),
        ".terraform/modules/licence/main.tf",
        "variable \"usb_ids\" {\n  default = []\n}\n\nresource \"proxmox_virtual_environment_vm\" \"this\" {\n  name = \"flexlm-01\"\n  dynamic \"usb\" {\n    for_each = var.usb_ids\n    content {\n      host = usb.value\n    }\n  }\n}\n",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_vmlint"))
        .args(["check", "--format", "json", "--no-config", "main.tf"])
        .current_dir(dir.path())
        .output()
        .expect("vmlint runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{report:#}");
    assert_eq!(diagnostics[0]["rule"], "VML101");
    assert_eq!(diagnostics[0]["line"], 4);
    assert!(diagnostics[0]["related"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with(".terraform/modules/licence/main.tf"));
}
