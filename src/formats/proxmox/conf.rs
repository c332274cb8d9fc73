//! `qemu-server/<vmid>.conf` → Document.
//!
//! One `key: value` per line. Leading `#` lines are the VM's description (notes), also kept as
//! comments. `[name]` starts a snapshot section, `[PENDING]` pending changes and
//! `[special:…]` special sections: they describe other states and are kept apart so that rules
//! judge only the current configuration.
//!
//! Tree: `{"config": {key: value}, "snapshots": {name: {…}}, "pending": {…}, "special": {…}}`,
//! values as strings; the description is `config.description`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::document::{pointer, Document, SourceMap, Span};
use crate::formats::lines;
use crate::formats::{Format, ParseError};

/// Keys only a qemu-server configuration has; two of them make a `.conf` file one.
const QEMU_KEYS: &[&str] = &[
    "bootdisk",
    "cores",
    "sockets",
    "memory",
    "ostype",
    "vmgenid",
    "smbios1",
    "scsihw",
    "machine",
    "bios",
    "numa",
    "balloon",
    "agent",
    "boot",
    "vga",
    "cpu",
    "hotplug",
    "onboot",
    "efidisk0",
    "tpmstate0",
    "kvm",
    "tablet",
    "vcpus",
    "cpulimit",
    "cpuunits",
    "hugepages",
];

/// Keys only a Proxmox container (LXC) configuration has.
const CONTAINER_KEYS: &[&str] = &[
    "rootfs",
    "hostname",
    "unprivileged",
    "mp0",
    "mp1",
    "mp2",
    "mp3",
];

/// What a `.conf` file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfKind {
    /// A qemu-server VM configuration.
    Vm,
    /// Something vmlint does not read as a VM, with the reason.
    Other(String),
}

/// Read a `.conf` file's kind from its content, its directory only helping: a `<vmid>.conf`
/// under `qemu-server/` whose lines are all `key: value` is a VM; a container configuration
/// (`lxc/`, or `rootfs:`/`arch:`/`lxc.*` keys) is not, nor is a QEMU `-readconfig` INI file
/// such as Proxmox's own `pve-q35.conf`.
pub fn classify(path: &Path, source: &str) -> ConfKind {
    let parent = path.parent().and_then(Path::file_name);
    let in_qemu_server = parent.is_some_and(|parent| parent == "qemu-server");
    // `<vmid>.conf` under `qemu-server/` is a VM whatever its lines: a broken line is a parse
    // error there, never a skip.
    let numbered = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .is_some_and(|stem| !stem.is_empty() && stem.bytes().all(|b| b.is_ascii_digit()));
    let mut known = 0;
    let mut container = parent.is_some_and(|parent| parent == "lxc");
    for line in source.lines() {
        let line = line.trim();
        if line.is_empty()
            || line.starts_with('#')
            || (line.starts_with('[') && line.ends_with(']'))
        {
            continue;
        }
        let Some((key, _)) = line.split_once(':').filter(|(key, _)| !key.contains('=')) else {
            if in_qemu_server && numbered {
                return ConfKind::Vm;
            }
            return ConfKind::Other(format!(
                "a .conf file that is not a Proxmox VM configuration (`{}` is not `key: value`)",
                truncate(line)
            ));
        };
        let key = key.trim();
        if key.starts_with("lxc.") || CONTAINER_KEYS.contains(&key) {
            container = true;
        }
        if !key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            if key.starts_with("lxc.") {
                continue;
            }
            if in_qemu_server && numbered {
                return ConfKind::Vm;
            }
            return ConfKind::Other(format!(
                "a .conf file that is not a Proxmox VM configuration (`{key}` is not a key)"
            ));
        }
        let base = key.trim_end_matches(|c: char| c.is_ascii_digit());
        if QEMU_KEYS.contains(&key)
            || [
                "net", "scsi", "virtio", "sata", "ide", "hostpci", "usb", "serial",
            ]
            .contains(&base)
        {
            known += 1;
        }
    }
    if container {
        return ConfKind::Other(
            "a Proxmox container (LXC) configuration: vmlint reads VM configurations, and a \
             container's `net0: name=eth0,hwaddr=…` is not a VM NIC"
                .to_string(),
        );
    }
    if in_qemu_server || known >= 2 {
        ConfKind::Vm
    } else {
        ConfKind::Other("a .conf file that is not a Proxmox VM configuration".to_string())
    }
}

fn truncate(line: &str) -> String {
    match line.char_indices().nth(40) {
        Some((index, _)) => format!("{}…", &line[..index]),
        None => line.to_string(),
    }
}

/// True when `source` reads as a qemu-server configuration: every line a comment, a section
/// header or `key: value`, and at least two keys that only qemu-server configurations use
/// (any such file under `qemu-server/`).
pub fn looks_like(path: &Path, source: &str) -> bool {
    classify(path, source) == ConfKind::Vm
}

/// A `[name]` line: the section it opens and its pointer.
fn section_header(name: &str) -> (SectionKind, String) {
    if name == "PENDING" {
        (SectionKind::Pending, "/pending".to_string())
    } else if let Some(special_name) = name.strip_prefix("special:") {
        (
            SectionKind::Special(special_name.to_string()),
            pointer::push("/special", special_name),
        )
    } else {
        (
            SectionKind::Snapshot(name.to_string()),
            pointer::push("/snapshots", name),
        )
    }
}

/// The comment lines at the top of the file are the VM's description (as Proxmox writes it),
/// unless a `description:` key says otherwise.
fn attach_description(
    description: &[(String, Span)],
    config: &mut Map<String, Value>,
    map: &mut SourceMap,
) {
    if description.is_empty() || config.contains_key("description") {
        return;
    }
    let text = description
        .iter()
        .map(|(line, _)| line.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let first = description[0].1;
    let last = description[description.len() - 1].1;
    map.insert(
        "/config/description".to_string(),
        first,
        Span::new(first.start, last.end),
    );
    // Each line is addressable too (`/config/description/2`): a `vmlint-role:` line is blamed
    // where it stands.
    for (index, (_, span)) in description.iter().enumerate() {
        map.insert(format!("/config/description/{index}"), *span, *span);
    }
    config.insert("description".to_string(), Value::String(text));
}

pub fn parse(path: PathBuf, source: Arc<str>) -> Result<Document, ParseError> {
    let mut map = SourceMap::default();
    let mut comments = Vec::new();
    let mut config = Map::new();
    let mut snapshots = Map::new();
    let mut pending = Map::new();
    let mut special = Map::new();
    // Where the lines go: (the object, its pointer).
    let mut section: Option<(SectionKind, String)> = None;
    let mut description: Vec<(String, Span)> = Vec::new();
    let mut seen_key = false;
    // The first line of the current configuration stands for the whole VM (`/config`).
    let mut first_key: Option<Span> = None;

    for line in lines::lines(&source) {
        let (trimmed, line_span) = (line.text, line.span);
        if let Some(comment) = lines::comment(&source, &line, &['#']) {
            if section.is_none() && !seen_key {
                let text = trimmed.trim_start_matches('#');
                description.push((percent_decode(text), line_span));
            }
            comments.push(comment);
            continue;
        }
        if let Some(name) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let (kind, at) = section_header(name);
            map.insert(at.clone(), line_span, line_span);
            section = Some((kind, at));
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            return Err(ParseError::at(
                line_span.start,
                format!("expected `key: value`, found `{trimmed}`"),
            ));
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(ParseError::at(
                line_span.start,
                format!("invalid key `{key}`"),
            ));
        }
        seen_key = true;
        if section.is_none() && first_key.is_none() {
            first_key = Some(line_span);
        }
        let (target, base) = match &section {
            None => (&mut config, "/config".to_string()),
            Some((SectionKind::Pending, at)) => (&mut pending, at.clone()),
            Some((SectionKind::Snapshot(name), at)) => (
                snapshots
                    .entry(name.clone())
                    .or_insert_with(|| Value::Object(Map::new()))
                    .as_object_mut()
                    .expect("sections are objects"),
                at.clone(),
            ),
            Some((SectionKind::Special(name), at)) => (
                special
                    .entry(name.clone())
                    .or_insert_with(|| Value::Object(Map::new()))
                    .as_object_mut()
                    .expect("sections are objects"),
                at.clone(),
            ),
        };
        map.set(pointer::push(&base, key), line_span, line_span);
        target.insert(key.to_string(), Value::String(value.trim().to_string()));
    }
    attach_description(&description, &mut config, &mut map);
    if let Some(span) = first_key {
        map.insert("/config".to_string(), span, span);
    }
    let mut tree = Map::new();
    tree.insert("config".to_string(), Value::Object(config));
    tree.insert("snapshots".to_string(), Value::Object(snapshots));
    tree.insert("pending".to_string(), Value::Object(pending));
    tree.insert("special".to_string(), Value::Object(special));
    Ok(Document::new(
        path,
        Format::Proxmox,
        source,
        Value::Object(tree),
        map,
        comments,
    ))
}

enum SectionKind {
    Pending,
    Snapshot(String),
    Special(String),
}

/// Proxmox stores the description URL-encoded (`%3A` for `:`).
fn percent_decode(text: &str) -> String {
    lines::decode_hex_escapes(text.trim(), b'%')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse_str(source: &str) -> Document {
        parse(PathBuf::from("qemu-server/100.conf"), Arc::from(source)).unwrap()
    }

    #[test]
    fn current_config_snapshots_and_description_are_apart() {
        let doc = parse_str(
            "#PLC runtime%3A line 3\ncores: 2\nhostpci0: 01:00.0,pcie=1\nparent: snap1\n\n[snap1]\ncores: 1\nusb0: host=0529:0001\n\n[PENDING]\nmemory: 4096\n",
        );
        assert_eq!(
            doc.tree,
            json!({
                "config": {"cores": "2", "hostpci0": "01:00.0,pcie=1", "parent": "snap1",
                           "description": "PLC runtime: line 3"},
                "snapshots": {"snap1": {"cores": "1", "usb0": "host=0529:0001"}},
                "pending": {"memory": "4096"},
                "special": {}
            })
        );
        let hostpci = doc.source_map.get("/config/hostpci0").unwrap();
        assert_eq!(
            &doc.source[hostpci.focus.start..hostpci.focus.end],
            "hostpci0: 01:00.0,pcie=1"
        );
        assert_eq!(doc.comments.len(), 1);
    }

    #[test]
    fn a_line_without_a_colon_is_a_located_error() {
        let error =
            parse(PathBuf::from("100.conf"), Arc::from("cores: 2\nnonsense\n")).unwrap_err();
        assert_eq!(error.span.unwrap().start, 9);
    }

    #[test]
    fn containers_and_readconfig_files_are_not_vms() {
        let container = "arch: amd64\nhostname: ct1\nnet0: name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01\nrootfs: local-lvm:vm-101-disk-0,size=8G\nlxc.cgroup2.devices.allow: c 189:* rwm\n";
        for path in [
            "etc/pve/lxc/101.conf",
            "backup/101.conf",
            "qemu-server/101.conf",
        ] {
            let kind = classify(Path::new(path), container);
            assert!(
                matches!(&kind, ConfKind::Other(reason) if reason.contains("container (LXC)")),
                "{path}: {kind:?}"
            );
        }
        let readconfig = "[device \"ehci\"]\n  driver = \"ich9-usb-ehci1\"\n  addr = \"1d.7\"\n";
        let kind = classify(Path::new("usr/share/qemu-server/pve-q35.conf"), readconfig);
        assert!(
            matches!(&kind, ConfKind::Other(reason) if reason.contains("`driver = \"ich9-usb-ehci1\"` is not `key: value`")),
            "{kind:?}"
        );
        // A numbered configuration with a broken line is still a VM: its parse error is shown.
        assert_eq!(
            classify(Path::new("qemu-server/100.conf"), "cores: 2\nnonsense\n"),
            ConfKind::Vm
        );
        assert_eq!(
            classify(
                Path::new("qemu-server/bootorder.conf"),
                "boot: order=scsi0\n"
            ),
            ConfKind::Vm
        );
    }

    #[test]
    fn recognises_qemu_server_configs_by_content() {
        assert!(looks_like(
            Path::new("x/100.conf"),
            "cores: 2\nmemory: 512\n"
        ));
        assert!(!looks_like(
            Path::new("x/nginx.conf"),
            "server {\n listen 80;\n}\n"
        ));
        assert!(!looks_like(
            Path::new("x/app.conf"),
            "name: app\nport: 80\n"
        ));
    }
}
