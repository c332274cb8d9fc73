//! Generates a deterministic, realistic estate for benchmarks:
//!
//! ```sh
//! cargo run --release --example gen_corpus -- OUT_DIR [FILES] [SEED]
//! ```
//!
//! FILES (default 10,000) are spread over Terraform modules (Proxmox, vSphere and AWS VMs,
//! AWS backup plans; `.tf` and `.tf.json`), Ansible roles and playbooks, libvirt domains,
//! KubeVirt manifests, Proxmox `qemu-server` configs and `.vmx` files. About one VM in ten has a
//! violation (a USB dongle, a PCI device, a real-time name). Most files are 1–5 KiB; one in a
//! hundred is large (up to ~500 KiB). The same arguments always produce the same files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// xorshift64*: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// How many VMs a file defines: mostly 1–6 (1–5 KiB), one file in a hundred 200–1,200.
    fn vm_count(&mut self) -> usize {
        if self.chance(1) {
            200 + self.below(1000) as usize
        } else {
            1 + self.below(6) as usize
        }
    }
}

const ROLES: [&str; 8] = [
    "web", "app", "cache", "batch", "proxy", "worker", "api", "ci",
];

fn vm_name(rng: &mut Rng, index: usize) -> (String, Violation) {
    let violation = if rng.chance(10) {
        match rng.below(3) {
            0 => Violation::Dongle,
            1 => Violation::Pci,
            _ => Violation::Realtime,
        }
    } else {
        Violation::None
    };
    let role = if violation == Violation::Realtime {
        "plc"
    } else {
        ROLES[rng.below(ROLES.len() as u64) as usize]
    };
    (format!("{role}-{index:05}"), violation)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Violation {
    None,
    Dongle,
    Pci,
    Realtime,
}

fn terraform(rng: &mut Rng, file: usize) -> String {
    let mut out = String::from(
        "# Generated VM definitions.\n\nvariable \"node\" {\n  default = \"pve-01\"\n}\n\n",
    );
    for index in 0..rng.vm_count() {
        let (name, violation) = vm_name(rng, file * 10_000 + index);
        match rng.below(3) {
            0 => {
                let _ = write!(
                    out,
                    "resource \"proxmox_virtual_environment_vm\" \"vm_{index}\" {{\n  name      = \"{name}\"\n  node_name = var.node\n  tags      = [\"generated\", \"team-{}\"]\n\n  cpu {{\n    cores = {}\n    type  = \"x86-64-v2-AES\"\n  }}\n\n  memory {{\n    dedicated = {}\n  }}\n\n  network_device {{\n    bridge = \"vmbr0\"\n    model  = \"virtio\"\n  }}\n\n  disk {{\n    datastore_id = \"local-lvm\"\n    interface    = \"scsi0\"\n    size         = 32\n  }}\n",
                    rng.below(20),
                    1 + rng.below(8),
                    1024 * (1 + rng.below(16))
                );
                match violation {
                    Violation::Dongle => out.push_str("\n  usb {\n    host = \"0529:0001\"\n  }\n"),
                    Violation::Pci => out.push_str("\n  hostpci {\n    device = \"hostpci0\"\n    id     = \"0000:01:00.0\"\n  }\n"),
                    _ => {}
                }
                out.push_str("}\n\n");
            }
            1 => {
                let _ = write!(
                    out,
                    "resource \"vsphere_virtual_machine\" \"vm_{index}\" {{\n  name             = \"{name}\"\n  resource_pool_id = data.vsphere_resource_pool.pool.id\n  datastore_id     = data.vsphere_datastore.ds.id\n  num_cpus         = {}\n  memory           = {}\n  guest_id         = \"ubuntu64Guest\"\n\n  network_interface {{\n    network_id   = data.vsphere_network.lan.id\n    adapter_type = \"vmxnet3\"\n  }}\n\n  disk {{\n    label            = \"disk0\"\n    size             = 40\n    thin_provisioned = true\n  }}\n",
                    1 + rng.below(8),
                    1024 * (1 + rng.below(16))
                );
                if violation == Violation::Pci {
                    out.push_str("\n  pci_device_id = [data.vsphere_host_pci_device.gpu.id]\n");
                }
                out.push_str("}\n\n");
            }
            _ => {
                let _ = write!(
                    out,
                    "resource \"aws_instance\" \"vm_{index}\" {{\n  ami           = \"ami-0abcdef1234567890\"\n  instance_type = \"m5.large\"\n  subnet_id     = \"subnet-0123456789abcdef0\"\n\n  root_block_device {{\n    volume_size = 40\n    encrypted   = true\n  }}\n\n  metadata_options {{\n    http_tokens = \"required\"\n  }}\n\n  tags = {{\n    Name = \"{name}\"\n    Team = \"platform\"\n  }}\n}}\n\n"
                );
            }
        }
    }
    if rng.chance(20) {
        let _ = write!(
            out,
            "resource \"aws_backup_plan\" \"nightly_{file}\" {{\n  name = \"nightly-{file}\"\n  rule {{\n    rule_name         = \"nightly\"\n    target_vault_name = \"default\"\n    schedule          = \"cron(0 1 * * ? *)\"\n  }}\n}}\n"
        );
    }
    out
}

fn terraform_json(rng: &mut Rng, file: usize) -> String {
    let mut resources = Vec::new();
    for index in 0..rng.vm_count() {
        let (name, violation) = vm_name(rng, file * 10_000 + index);
        let usb = if violation == Violation::Dongle {
            ",\n          \"usb\": [{\"host\": \"064f:2af9\"}]"
        } else {
            ""
        };
        resources.push(format!(
            "        \"vm_{index}\": {{\n          \"name\": \"{name}\",\n          \"node_name\": \"pve-02\",\n          \"cpu\": [{{\"cores\": {}}}],\n          \"memory\": [{{\"dedicated\": 4096}}]{usb}\n        }}",
            1 + rng.below(8)
        ));
    }
    format!(
        "{{\n  \"resource\": {{\n    \"proxmox_virtual_environment_vm\": {{\n{}\n    }}\n  }}\n}}\n",
        resources.join(",\n")
    )
}

/// A playbook (`play = true`) or a role's task list, creating VMs with `proxmox_kvm`.
fn ansible(rng: &mut Rng, file: usize, play: bool) -> String {
    let mut tasks = String::new();
    for index in 0..rng.vm_count() {
        let (name, violation) = vm_name(rng, file * 10_000 + index);
        let _ = write!(
            tasks,
            "- name: Create {name}\n  community.general.proxmox_kvm:\n    api_host: pve-01\n    name: {name}\n    node: pve-01\n    cores: {}\n    memory: {}\n    net:\n      net0: \"virtio,bridge=vmbr0\"\n    scsi:\n      scsi0: \"local-lvm:32\"\n",
            1 + rng.below(8),
            1024 * (1 + rng.below(8))
        );
        match violation {
            Violation::Dongle => tasks.push_str("    usb:\n      usb0: \"host=0529:0001\"\n"),
            Violation::Pci => {
                tasks.push_str("    hostpci:\n      hostpci0: \"host=0000:01:00.0,pcie=1\"\n")
            }
            _ => {}
        }
        tasks.push_str("- name: Wait for it\n  ansible.builtin.wait_for:\n    timeout: 30\n");
    }
    if !play {
        return format!("---\n{tasks}");
    }
    let mut out =
        String::from("---\n- name: Provision VMs\n  hosts: pve\n  gather_facts: false\n  tasks:\n");
    for line in tasks.lines() {
        let _ = writeln!(out, "    {line}");
    }
    out
}

fn libvirt(rng: &mut Rng, file: usize) -> String {
    let (name, violation) = vm_name(rng, file);
    let mut devices = String::new();
    for disk in 0..(1 + rng.below(4)) {
        let _ = write!(
            devices,
            "    <disk type='file' device='disk'>\n      <driver name='qemu' type='qcow2'/>\n      <source file='/var/lib/libvirt/images/{name}-{disk}.qcow2'/>\n      <target dev='vd{}' bus='virtio'/>\n    </disk>\n",
            (b'a' + disk as u8) as char
        );
    }
    match violation {
        Violation::Dongle => devices.push_str("    <hostdev mode='subsystem' type='usb' managed='yes'>\n      <source>\n        <vendor id='0x1050'/>\n        <product id='0x0407'/>\n      </source>\n    </hostdev>\n"),
        Violation::Pci => devices.push_str("    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n      </source>\n    </hostdev>\n"),
        _ => {}
    }
    format!(
        "<domain type='kvm'>\n  <name>{name}</name>\n  <memory unit='MiB'>{}</memory>\n  <vcpu>{}</vcpu>\n  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n  <clock offset='utc'/>\n  <devices>\n{devices}    <interface type='bridge'>\n      <mac address='52:54:00:{:02x}:{:02x}:{:02x}'/>\n      <source bridge='br0'/>\n      <model type='virtio'/>\n    </interface>\n    <graphics type='vnc' listen='127.0.0.1'/>\n  </devices>\n</domain>\n",
        1024 * (1 + rng.below(16)),
        1 + rng.below(8),
        rng.below(256),
        rng.below(256),
        rng.below(256)
    )
}

fn kubevirt(rng: &mut Rng, file: usize) -> String {
    let mut out = String::new();
    for index in 0..(1 + rng.below(3)) {
        let (name, violation) = vm_name(rng, file * 10 + index as usize);
        let gpus = if violation == Violation::Pci {
            "          gpus:\n          - deviceName: nvidia.com/GA100\n            name: gpu1\n"
        } else {
            ""
        };
        let _ = write!(
            out,
            "---\napiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: {name}\n  labels:\n    app: {name}\nspec:\n  runStrategy: Always\n  template:\n    spec:\n      domain:\n        cpu:\n          cores: {}\n        memory:\n          guest: {}Gi\n        devices:\n{gpus}          disks:\n          - name: root\n            disk:\n              bus: virtio\n      volumes:\n      - name: root\n        containerDisk:\n          image: quay.io/containerdisks/fedora:40\n",
            1 + rng.below(8),
            1 + rng.below(16)
        );
    }
    out
}

fn proxmox(rng: &mut Rng, file: usize) -> String {
    let (name, violation) = vm_name(rng, file);
    let mut out = format!(
        "#Generated VM\nagent: 1\nboot: order=scsi0;net0\ncores: {}\nmemory: {}\nname: {name}\nnet0: virtio=BC:24:11:{:02X}:{:02X}:{:02X},bridge=vmbr0\nostype: l26\nscsi0: local-lvm:vm-{file}-disk-0,size=32G\nscsihw: virtio-scsi-single\nsmbios1: uuid=0b6a4b3c-8f2e-4c55-9a59-{file:012}\n",
        1 + rng.below(8),
        1024 * (1 + rng.below(16)),
        rng.below(256),
        rng.below(256),
        rng.below(256)
    );
    match violation {
        Violation::Dongle => out.push_str("usb0: host=0529:0001\n"),
        Violation::Pci => out.push_str("hostpci0: 0000:01:00.0,pcie=1\n"),
        _ => {}
    }
    if rng.chance(30) {
        out.push_str("\n[before-upgrade]\ncores: 2\nmemory: 2048\nsnaptime: 1700000000\n");
    }
    out
}

fn vmx(rng: &mut Rng, file: usize) -> String {
    let (name, violation) = vm_name(rng, file);
    let mut out = format!(
        ".encoding = \"UTF-8\"\nconfig.version = \"8\"\nvirtualHW.version = \"19\"\ndisplayName = \"{name}\"\nguestOS = \"ubuntu-64\"\nnumvcpus = \"{}\"\nmemSize = \"{}\"\nethernet0.present = \"TRUE\"\nethernet0.virtualDev = \"vmxnet3\"\nethernet0.addressType = \"generated\"\nscsi0.present = \"TRUE\"\nscsi0:0.fileName = \"{name}.vmdk\"\n",
        1 + rng.below(8),
        1024 * (1 + rng.below(16))
    );
    match violation {
        Violation::Dongle => {
            out.push_str("usb.present = \"TRUE\"\nusb.autoConnect.device0 = \"0x064f:0x2af9\"\n")
        }
        Violation::Pci => {
            out.push_str("pciPassthru0.present = \"TRUE\"\npciPassthru0.id = \"00000:059:00.0\"\n")
        }
        _ => {}
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: gen_corpus OUT_DIR [FILES] [SEED]");
        std::process::exit(2);
    };
    let files: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed_cafe_f00d);
    let mut rng = Rng(seed | 1);
    let write = |path: &Path, text: &str| {
        std::fs::create_dir_all(path.parent().expect("nested")).expect("create dirs");
        std::fs::write(path, text).expect("write file");
    };
    let mut bytes = 0usize;
    for file in 0..files {
        let team = format!("team-{:03}", file % 97);
        let kind = rng.below(100);
        let (path, text) = match kind {
            0..=29 => (
                out.join(format!(
                    "terraform/{team}/module-{}/vm-{file}.tf",
                    file % 13
                )),
                terraform(&mut rng, file),
            ),
            30..=34 => (
                out.join(format!("terraform/{team}/generated/vm-{file}.tf.json")),
                terraform_json(&mut rng, file),
            ),
            35..=49 => (
                out.join(format!("ansible/roles/{team}/tasks/vm-{file}.yml")),
                ansible(&mut rng, file, false),
            ),
            50..=54 => (
                out.join(format!("ansible/playbooks/{team}-vm-{file}.yml")),
                ansible(&mut rng, file, true),
            ),
            55..=69 => (
                out.join(format!("libvirt/{team}/vm-{file}.xml")),
                libvirt(&mut rng, file),
            ),
            70..=79 => (
                out.join(format!("kubevirt/{team}/vm-{file}.yaml")),
                kubevirt(&mut rng, file),
            ),
            80..=93 => (
                out.join(format!(
                    "proxmox/nodes/pve-{:02}/qemu-server/{}.conf",
                    file % 8,
                    100 + file
                )),
                proxmox(&mut rng, file),
            ),
            _ => (
                out.join(format!("vmware/{team}/vm-{file}.vmx")),
                vmx(&mut rng, file),
            ),
        };
        bytes += text.len();
        write(&path, &text);
    }
    println!("{files} files, {} KiB in {}", bytes / 1024, out.display());
}
