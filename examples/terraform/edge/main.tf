# The branch edge: a virtual firewall and the market-data gateway share the cluster with
# everything else.
resource "proxmox_virtual_environment_vm" "edge_fw" {
  name      = "opnsense-edge-01"
  node_name = "pve-02"

  network_device {
    bridge = "vmbr0"
  }
  network_device {
    bridge = "vmbr1"
  }
}

resource "proxmox_virtual_environment_vm" "market_data" {
  name      = "trading-gw-01"
  node_name = "pve-02"

  cpu {
    cores = 8
    type  = "x86-64-v3"
  }

  memory {
    dedicated = 16384
  }

  network_device {
    bridge      = "vmbr0"
    mac_address = "BC:24:11:7A:00:01"
  }
}
