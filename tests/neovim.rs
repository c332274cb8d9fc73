//! A real editor: headless Neovim opens a Proxmox configuration, starts `vmlint lsp` with its
//! own LSP client, and writes the diagnostics it received (`vim.diagnostic.get()`) to a file.
//!
//! `.ci/run` installs Debian's `neovim` and sets `VMLINT_NEOVIM_REQUIRED`, so CI fails rather
//! than skips when Neovim is missing; elsewhere the test says it skipped.

use std::process::Command;

use serde_json::Value;

mod common;
use common::write;

/// Works with Neovim 0.7 (Debian 12) and later: `vim.lsp.start_client` and
/// `vim.lsp.buf_attach_client` rather than the newer `vim.lsp.start`.
const SCRIPT: &str = r#"
local bin, root, out = vim.env.VMLINT_BIN, vim.env.VMLINT_ROOT, vim.env.VMLINT_OUT
local client = vim.lsp.start_client({ name = "vmlint", cmd = { bin, "lsp" }, root_dir = root })
vim.lsp.buf_attach_client(0, client)
local ok = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == "VML101" then return true end
  end
  return false
end, 50)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(found, { code = d.code, lnum = d.lnum, col = d.col, severity = d.severity,
                        source = d.source, message = d.message })
end
local file = io.open(out, "w")
file:write(vim.fn.json_encode({ ok = ok, diagnostics = found }))
file:close()
vim.lsp.stop_client(client)
vim.cmd("qa!")
"#;

#[test]
fn neovim_receives_the_diagnostics_of_an_open_file() {
    let required = std::env::var_os("VMLINT_NEOVIM_REQUIRED").is_some();
    if Command::new("nvim").arg("--version").output().is_err() {
        assert!(
            !required,
            "nvim is required here (VMLINT_NEOVIM_REQUIRED) but not found"
        );
        eprintln!("skipped: nvim not found");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    write(
        &root,
        "qemu-server/100.conf",
        "name: cad-01\ncores: 2\nusb0: host=0529:0001\n",
    );
    write(&root, "init.lua", SCRIPT);
    let out = root.join("diagnostics.json");
    let status = Command::new("nvim")
        .args(["--headless", "--clean", "-c", "luafile init.lua"])
        .arg("qemu-server/100.conf")
        .current_dir(&root)
        .env("VMLINT_BIN", env!("CARGO_BIN_EXE_vmlint"))
        .env("VMLINT_ROOT", &root)
        .env("VMLINT_OUT", &out)
        .status()
        .expect("nvim runs");
    assert!(status.success(), "{status:?}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the script wrote its report"))
            .unwrap();
    assert_eq!(report["ok"], true, "{report}");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{report}");
    let usb = &diagnostics[0];
    assert_eq!(usb["code"], "VML101");
    assert_eq!(usb["lnum"], 2);
    assert_eq!(usb["col"], 0);
    assert_eq!(usb["severity"], 1);
    assert_eq!(usb["source"], "vmlint");
    assert!(usb["message"]
        .as_str()
        .unwrap()
        .starts_with("USB device 0529:0001 (SafeNet/Aladdin HASP dongle) passed to `cad-01`"));
}
