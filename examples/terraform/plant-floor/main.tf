# Plant floor cluster (Proxmox VE, bpg/proxmox provider).

terraform {
  required_providers {
    proxmox = {
      source  = "bpg/proxmox"
      version = "~> 0.66"
    }
  }
}

variable "vision_gpu_mapping" {
  type    = string
  default = "vision-gpu"
}

# The line-3 PLC runtime (CODESYS) moved from an industrial PC to the cluster.
resource "proxmox_virtual_environment_vm" "plc_line3" {
  name        = "plc-line3-01"
  description = "CODESYS soft-PLC for bottling line 3"
  node_name   = "pve-floor-01"
  tags        = ["line3", "ot"]

  cpu {
    cores = 2
    type  = "host"
  }

  memory {
    dedicated = 2048
  }

  # The CODESYS runtime licence lives on a WIBU CodeMeter stick.
  usb {
    host = "064f:2af9"
  }
}

# Optical inspection camera pipeline with a GPU passed through.
resource "proxmox_virtual_environment_vm" "vision" {
  name      = "vision-inspect-01"
  node_name = "pve-floor-02"

  hostpci {
    device  = "hostpci0"
    mapping = var.vision_gpu_mapping
    pcie    = true
    xvga    = true
  }
}

# MES front end: an ordinary web workload, nothing to report.
resource "proxmox_virtual_environment_vm" "mes_web" {
  name      = "mes-web-01"
  node_name = "pve-floor-02"

  network_device {
    bridge = "vmbr0"
    model  = "virtio"
  }
}
