//! The language server, driven over JSON-RPC like an editor drives it: the real binary, real
//! framing, exact diagnostics, edits and hovers.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod common;
use common::write;

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        Client::start_with(dir, &[])
    }

    /// `vmlint lsp ARGS…` in `dir`.
    fn start_with(dir: &Path, args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vmlint"))
            .arg("lsp")
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("vmlint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, messages) = channel();
        std::thread::spawn(move || loop {
            let mut length = 0;
            loop {
                let mut header = String::new();
                if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                    return;
                }
                let header = header.trim();
                if header.is_empty() {
                    break;
                }
                if let Some(value) = header.strip_prefix("Content-Length: ") {
                    length = value.parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            if stdout.read_exact(&mut body).is_err() {
                return;
            }
            if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string());
    }

    /// One frame with this body, whatever it is.
    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// `initialize` and `initialized` with `root` as the workspace.
    fn initialize(&mut self, root: &Path) {
        let answer = self.request(
            "initialize",
            json!({"processId": null, "rootUri": uri_of(root), "capabilities": {}}),
        );
        assert!(answer["result"]["capabilities"].is_object(), "{answer}");
        self.notify("initialized", json!({}));
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri_of(path), "languageId": "", "version": 1, "text": text}}),
        );
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response (notifications meanwhile are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|message| message["id"] == id)
    }

    fn wait_for(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .expect("the server answered in time");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next diagnostics published for `uri` that satisfy `wanted`.
    fn diagnostics_for(&self, uri: &str, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let message = self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && wanted(message["params"]["diagnostics"].as_array().unwrap())
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

const CONF: &str =
    "name: lic-server-01\nnet0: virtio=BC:24:11:AA:00:01,bridge=vmbr0\nusb0: host=0529:0001\n";

#[test]
fn an_editor_session_diagnostics_fixes_hover_and_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "pve/qemu-server/100.conf", CONF);
    // A copy elsewhere in the workspace that the editor never opens: the repository rule sees it.
    write(
        &root,
        "old/qemu-server/200.conf",
        "name: lic-server-old\nnet0: virtio=BC:24:11:AA:00:01,bridge=vmbr0\n",
    );
    let path = root.join("pve/qemu-server/100.conf");
    let uri = uri_of(&path);

    let mut client = Client::start(&root);
    let initialized = client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri_of(&root), "capabilities": {}}),
    );
    let capabilities = &initialized["result"]["capabilities"];
    assert_eq!(capabilities["textDocumentSync"], 1);
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(capabilities["codeActionProvider"], true);
    client.notify("initialized", json!({}));

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "ini", "version": 1, "text": CONF}}),
    );
    // Once the workspace scan is in, the copied MAC is reported too, naming the other file.
    let diagnostics = client.diagnostics_for(&uri, |diagnostics| {
        diagnostics.iter().any(|d| d["code"] == "VML103")
    });
    let usb = diagnostics.iter().find(|d| d["code"] == "VML101").unwrap();
    assert_eq!(
        usb["range"],
        json!({"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 20}})
    );
    assert_eq!(usb["severity"], 1);
    assert_eq!(usb["source"], "vmlint");
    assert_eq!(
        usb["codeDescription"]["href"],
        "https://github.com/vmlint/vmlint/blob/main/docs/rules.md#vml101-usb-passthrough"
    );
    let copy = diagnostics.iter().find(|d| d["code"] == "VML103").unwrap();
    assert_eq!(copy["range"]["start"], json!({"line": 1, "character": 0}));
    let related = &copy["relatedInformation"][0];
    assert_eq!(
        related["location"]["uri"],
        uri_of(&root.join("old/qemu-server/200.conf"))
    );
    assert_eq!(related["location"]["range"]["start"]["line"], 1);

    // Quick fixes on the USB line: suppress it with a reason, or remove the device.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": usb["range"],
               "context": {"diagnostics": [usb]}}),
    );
    let actions = actions["result"].as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Suppress VML101 on this line (with a reason)",
            "Remove `usb0` (the passed-through device)"
        ]
    );
    assert_eq!(
        actions[0]["edit"]["changes"][&uri][0],
        json!({"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
               "newText": "# vmlint:ignore VML101 reason=\"TODO: why this is accepted\"\n"})
    );
    assert_eq!(
        actions[1]["edit"]["changes"][&uri][0]["range"],
        json!({"start": {"line": 2, "character": 0}, "end": {"line": 3, "character": 0}})
    );

    // Hover on the finding explains the rule.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 5}}),
    );
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("VML101 usb-passthrough"), "{text}");
    assert!(text.contains("## Use instead"), "{text}");

    // Typing: the suppression goes in, the finding goes away.
    let suppressed = "name: lic-server-01\nnet0: virtio=BC:24:11:AA:00:01,bridge=vmbr0\n# vmlint:ignore VML101 reason=\"approved\"\nusb0: host=0529:0001\n";
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": suppressed}]}),
    );
    let after = client.diagnostics_for(&uri, |diagnostics| {
        !diagnostics.iter().any(|d| d["code"] == "VML101")
    });
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0]["code"], "VML103");

    // A `.vmlint.toml` that ignores the copy rule, announced as a watched-file change.
    write(&root, ".vmlint.toml", "ignore = [\"VML103\"]\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&root.join(".vmlint.toml")), "type": 1}]}),
    );
    let configured = client.diagnostics_for(&uri, |diagnostics| diagnostics.is_empty());
    assert!(configured.is_empty());
    std::fs::remove_file(root.join(".vmlint.toml")).unwrap();
    client.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    client.diagnostics_for(&uri, |diagnostics| {
        diagnostics.iter().any(|d| d["code"] == "VML103")
    });

    // A half-typed file is one located parse error, not silence and not a crash.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3},
               "contentChanges": [{"text": "name: x\n[broken\n"}]}),
    );
    let broken = client.diagnostics_for(&uri, |diagnostics| {
        diagnostics.iter().any(|d| d["code"] == "parse-error")
    });
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0]["range"]["start"]["line"], 1);

    // Unknown methods are answered; malformed messages are survived.
    let unknown = client.request("vmlint/unknownMethod", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    client.notify("textDocument/didOpen", json!({"textDocument": 42}));
    let again = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(again["result"], Value::Null);

    // Closing clears the document's diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = client.diagnostics_for(&uri, |diagnostics| diagnostics.is_empty());
    assert!(cleared.is_empty());

    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// A KubeVirt VM nested 12 levels below `spec`.
fn deep_vm() -> String {
    let mut text = String::from(
        "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: deep\nspec:\n",
    );
    let mut indent = String::from("  ");
    for level in 0..12 {
        text.push_str(&format!("{indent}a{level}:\n"));
        indent.push_str("  ");
    }
    text.push_str(&format!("{indent}x: 1\n"));
    text
}

#[test]
fn the_server_applies_the_command_lines_limits_like_check_and_stays_responsive() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(&root, "vm.yaml", &deep_vm());
    let check = common::json_of(&common::vmlint(
        &["check", "vm.yaml", "--max-depth", "8", "--format", "json"],
        &root,
    ));
    let expected = &check["errors"][0];
    assert!(
        expected["message"]
            .as_str()
            .unwrap()
            .contains("--max-depth"),
        "{check}"
    );

    let mut client = Client::start_with(&root, &["--max-depth", "8"]);
    client.initialize(&root);
    let path = root.join("vm.yaml");
    client.open(&path, &deep_vm());
    let uri = uri_of(&path);
    let diagnostics = client.diagnostics_for(&uri, |diagnostics| !diagnostics.is_empty());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let error = &diagnostics[0];
    assert_eq!(error["severity"], 1);
    assert_eq!(error["message"], expected["message"]);
    assert_eq!(
        error["range"]["start"],
        json!({
            "line": expected["line"].as_u64().unwrap() - 1,
            "character": expected["column"].as_u64().unwrap() - 1
        })
    );
    // Still answering.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert!(hover.get("result").is_some(), "{hover}");
    client.request("shutdown", json!(null));
    client.notify("exit", json!(null));
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn an_unsaved_edit_of_a_sibling_module_file_changes_what_the_module_deploys() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let main = "resource \"proxmox_virtual_environment_vm\" \"licence_server\" {\n  name      = \"flex-01\"\n  node_name = \"pve-01\"\n\n  usb {\n    host = var.licence_dongle\n  }\n}\n";
    let variables =
        |device: &str| format!("variable \"licence_dongle\" {{\n  default = \"{device}\"\n}}\n");
    write(&root, "vm/main.tf", main);
    write(&root, "vm/variables.tf", &variables("0529:0001"));
    let mut client = Client::start(&root);
    client.initialize(&root);
    let main_path = root.join("vm/main.tf");
    let main_uri = uri_of(&main_path);
    client.open(&main_path, main);
    let names = |device: &'static str| {
        move |diagnostics: &[Value]| {
            diagnostics
                .iter()
                .any(|d| d["code"] == "VML101" && d["message"].as_str().unwrap().contains(device))
        }
    };
    client.diagnostics_for(&main_uri, names("0529:0001"));

    // The editor changes the variable's default without saving.
    let variables_path = root.join("vm/variables.tf");
    client.open(&variables_path, &variables("0529:0001"));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri_of(&variables_path), "version": 2},
               "contentChanges": [{"text": variables("1050:0407")}]}),
    );
    let diagnostics = client.diagnostics_for(&main_uri, names("1050:0407"));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    // The disk was not touched.
    assert!(std::fs::read_to_string(&variables_path)
        .unwrap()
        .contains("0529:0001"));
    client.request("shutdown", json!(null));
    client.notify("exit", json!(null));
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn editing_tfvars_a_called_module_or_host_vars_updates_the_files_that_depend_on_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let main = "module \"licence\" {\n  source  = \"./modules/vm\"\n  usb_ids = var.dongles\n}\n\nvariable \"dongles\" {}\n";
    let module = |extra: &str| {
        format!("variable \"usb_ids\" {{}}\n\nresource \"proxmox_virtual_environment_vm\" \"this\" {{\n  name = \"flexlm-01\"\n  dynamic \"usb\" {{\n    for_each = var.usb_ids\n    content {{\n      host = usb.value\n    }}\n  }}\n{extra}}}\n")
    };
    write(&root, "main.tf", main);
    write(&root, "terraform.tfvars", "dongles = []\n");
    write(&root, "modules/vm/main.tf", &module(""));
    let mut client = Client::start(&root);
    client.initialize(&root);
    let main_path = root.join("main.tf");
    let main_uri = uri_of(&main_path);
    client.open(&main_path, main);
    client.diagnostics_for(&main_uri, |diagnostics| diagnostics.is_empty());

    // The tfvars gain a dongle (unsaved): the call that passes it is reported.
    let tfvars = root.join("terraform.tfvars");
    client.open(&tfvars, "dongles = []\n");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri_of(&tfvars), "version": 2},
               "contentChanges": [{"text": "dongles = [\"0529:0001\"]\n"}]}),
    );
    let found = client.diagnostics_for(&main_uri, |diagnostics| {
        diagnostics.iter().any(|d| d["code"] == "VML101")
    });
    assert_eq!(found[0]["range"]["start"]["line"], 2, "{found:?}");

    // The called module gains a serial port: the caller's diagnostics change too.
    let module_path = root.join("modules/vm/main.tf");
    client.open(&module_path, &module(""));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri_of(&module_path), "version": 2},
               "contentChanges": [{"text": module("  serial_device {\n    device = \"/dev/ttyS0\"\n  }\n")}]}),
    );
    client.diagnostics_for(&main_uri, |diagnostics| {
        diagnostics.iter().any(|d| d["code"] == "VML503")
    });

    // host_vars: a play over inventory hosts is judged again after the edit.
    write(&root, "inventory.ini", "[guests]\nrender-01\n");
    write(&root, "host_vars/render-01.yml", "gpu: \"\"\n");
    let play = "- hosts: guests\n  tasks:\n    - community.general.proxmox_kvm:\n        name: \"{{ inventory_hostname }}\"\n        node: pve-01\n        hostpci:\n          hostpci0: \"{{ gpu | default(omit) }}\"\n";
    let play_path = root.join("site.yml");
    write(&root, "site.yml", play);
    let host_vars = root.join("host_vars/render-01.yml");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&host_vars), "type": 1}]}),
    );
    client.open(&play_path, play);
    client.open(&host_vars, "gpu: \"\"\n");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri_of(&host_vars), "version": 2},
               "contentChanges": [{"text": "gpu: host=0000:01:00.0\n"}]}),
    );
    client.diagnostics_for(&uri_of(&play_path), |diagnostics| {
        diagnostics.iter().any(|d| d["code"] == "VML104")
    });
    client.request("shutdown", json!(null));
    client.notify("exit", json!(null));
    assert!(client.child.wait().unwrap().success());
}

#[test]
fn a_malformed_frame_is_logged_and_the_next_request_answered() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let mut client = Client::start(&root);
    client.initialize(&root);
    client.send_raw("this is not JSON");
    let logged = client.wait_for(|message| message["method"] == "window/logMessage");
    assert_eq!(logged["params"]["type"], 1);
    assert!(
        logged["params"]["message"]
            .as_str()
            .unwrap()
            .contains("this is not JSON"),
        "{logged}"
    );
    client.send_raw("[1, 2, 3]");
    client.send_raw("42");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri_of(&root.join("x.tf"))},
               "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(hover["result"], Value::Null, "{hover}");
    client.request("shutdown", json!(null));
    client.notify("exit", json!(null));
    assert!(client.child.wait().unwrap().success());
}

/// A database whose memory the balloon may take back: the server offers `balloon: 0` in place
/// of the line, and once the editor applies the edit the finding is gone.
#[test]
fn the_balloon_quick_fix_replaces_the_setting_and_clears_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let text = "name: pg-orders-01\ncores: 4\nmemory: 16384\nballoon: 4096\n";
    write(&root, "qemu-server/100.conf", text);
    let path = root.join("qemu-server/100.conf");
    let uri = uri_of(&path);
    let mut client = Client::start(&root);
    client.initialize(&root);
    client.open(&path, text);
    let diagnostics =
        client.diagnostics_for(&uri, |found| found.iter().any(|d| d["code"] == "VML205"));
    let balloon = diagnostics.iter().find(|d| d["code"] == "VML205").unwrap();
    assert_eq!(
        balloon["range"]["start"],
        json!({"line": 3, "character": 0})
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": balloon["range"],
               "context": {"diagnostics": [balloon]}}),
    );
    let actions = actions["result"].as_array().unwrap();
    let fix = actions
        .iter()
        .find(|action| action["title"] == "Set `balloon: 0`")
        .unwrap_or_else(|| panic!("no balloon fix in {actions:?}"));
    let edit = &fix["edit"]["changes"][&uri][0];
    assert_eq!(
        edit["range"],
        json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 13}})
    );
    assert_eq!(edit["newText"], "balloon: 0");
    // The editor applies the edit; the server re-lints the buffer.
    let fixed = "name: pg-orders-01\ncores: 4\nmemory: 16384\nballoon: 0\n";
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let after = client.diagnostics_for(&uri, |found| !found.iter().any(|d| d["code"] == "VML205"));
    assert!(after.iter().all(|d| d["code"] != "VML205"), "{after:?}");
}
