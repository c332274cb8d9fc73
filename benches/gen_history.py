#!/usr/bin/env python3
"""A generated git history for benchmarking `vmlint audit`: COMMITS commits touching FILES files
of mixed formats (Proxmox .conf, Terraform, .vmx, libvirt XML, Ansible YAML), written with
`git fast-import`. Prints the number of distinct blobs of the formats vmlint reads.

    python3 benches/gen_history.py REPO COMMITS FILES [--append]
"""
import random
import subprocess
import sys

KINDS = ["conf", "tf", "vmx", "xml", "yml"]


def path_of(index):
    kind = KINDS[index % len(KINDS)]
    team = f"team-{index % 20:02d}"
    return {
        "conf": f"{team}/qemu-server/{1000 + index}.conf",
        "tf": f"{team}/terraform/vm_{index}.tf",
        "vmx": f"{team}/vmware/vm-{index}.vmx",
        "xml": f"{team}/libvirt/vm-{index}.xml",
        "yml": f"{team}/playbooks/vm-{index}.yml",
    }[kind]


def content(index, revision):
    """Revision `revision` of file `index`; every fifth revision passes a dongle through."""
    kind = KINDS[index % len(KINDS)]
    dongle = revision % 5 == 3
    name = f"app-{index:04d}"
    cores = 2 + revision % 6
    if kind == "conf":
        text = f"name: {name}\ncores: {cores}\nmemory: 4096\nostype: l26\n"
        return text + ("usb0: host=0529:0001\n" if dongle else "")
    if kind == "tf":
        usb = '  usb {\n    host = "0529:0001"\n  }\n' if dongle else ""
        return (f'resource "proxmox_virtual_environment_vm" "vm_{index}" {{\n'
                f'  name      = "{name}"\n  node_name = "pve-01"\n'
                f"  cpu {{\n    cores = {cores}\n  }}\n{usb}}}\n")
    if kind == "vmx":
        usb = 'usb.autoConnect.device0 = "0x0529:0x0001"\n' if dongle else ""
        return f'.encoding = "UTF-8"\ndisplayName = "{name}"\nnumvcpus = "{cores}"\n{usb}'
    if kind == "xml":
        usb = ("    <hostdev mode='subsystem' type='usb'><source><vendor id='0x0529'/>"
               "<product id='0x0001'/></source></hostdev>\n") if dongle else ""
        return (f"<domain type='kvm'>\n  <name>{name}</name>\n  <vcpu>{cores}</vcpu>\n"
                f"  <devices>\n{usb}  </devices>\n</domain>\n")
    usb = "        usb:\n          usb0: host=0529:0001\n" if dongle else ""
    return (f"- hosts: localhost\n  tasks:\n    - community.general.proxmox_kvm:\n"
            f"        name: {name}\n        node: pve-01\n        cores: {cores}\n{usb}")


def main():
    repo, commits, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    append = "--append" in sys.argv
    if not append:
        subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    rng = random.Random(42 if not append else 7)
    revisions = {}
    if append:
        # Continue each file's revision count from what the repository already has.
        start = int(subprocess.run(["git", "-C", repo, "rev-list", "--count", "HEAD"],
                                   capture_output=True, text=True, check=True).stdout)
    else:
        start = 0
    blobs = set()
    out = []
    for number in range(commits):
        mark = number + 1
        touched = [rng.randrange(files) for _ in range(1 + rng.randrange(3))]
        if not append and number < files // 3:
            touched += [number * 3 + k for k in range(3) if number * 3 + k < files]
        time = 1_700_000_000 + (start + number) * 600
        out.append(f"commit refs/heads/main\nmark :{mark}\n"
                   f"author Dev {number % 7} <dev{number % 7}@example.com> {time} +0000\n"
                   f"committer Dev {number % 7} <dev{number % 7}@example.com> {time} +0000\n")
        message = f"change {start + number}"
        out.append(f"data {len(message)}\n{message}\n")
        if number == 0 and append:
            out.append("from refs/heads/main^0\n")
        for index in sorted(set(touched)):
            revision = revisions.get(index, (start + number) % 7) + 1
            revisions[index] = revision
            text = content(index, revision)
            blobs.add(text)
            data = text.encode()
            out.append(f"M 100644 inline {path_of(index)}\ndata {len(data)}\n")
            out.append(text + "\n")
    stream = "".join(out).encode()
    subprocess.run(["git", "-C", repo, "fast-import", "--quiet"], input=stream, check=True)
    if not append:
        subprocess.run(["git", "-C", repo, "checkout", "-q", "main"], check=True)
    print(len(blobs))


if __name__ == "__main__":
    main()
