variable "vms" {
  description = "Map of VMs to create"
  type = map(object({
    vm_id       = number
    name        = string
    description = optional(string)
    tags        = optional(list(string), ["terraform"])
    pool_id     = optional(string)

    # Node configuration
    node_name = string

    # Resource configuration
    cpu_cores = optional(number, 2)
    # cpu_type: "host" for single-node homelab stability (zero CPU emulation overhead)
    # VMs inherit all host CPU features. Not portable across different CPUs.
    cpu_type         = optional(string, "host")
    memory_dedicated = optional(number, 1024)
    memory_floating  = optional(number)

    # Storage configuration
    boot_disk = optional(object({
      datastore_id = optional(string, "local-lvm")
      interface    = optional(string, "scsi0")
      size         = optional(number, 32)
      file_format  = optional(string, "raw")
      iothread     = optional(bool, true)
      ssd          = optional(bool, false)
      discard      = optional(string, "ignore")
    }), {})

    # Additional disks
    additional_disks = optional(list(object({
      datastore_id = string
      interface    = string
      size         = number
      file_format  = optional(string, "raw")
      iothread     = optional(bool, true)
      ssd          = optional(bool, false)
      discard      = optional(string, "ignore")
    })), [])

    # Network configuration
    network_interfaces = optional(list(object({
      bridge      = optional(string, "vmbr0")
      model       = optional(string, "virtio")
      vlan_id     = optional(number)
      firewall    = optional(bool, false)
      mac_address = optional(string)
    })), [{ bridge = "vmbr0" }])

    # Initialization
    ip_config = optional(object({
      ipv4_address = optional(string)
      ipv4_gateway = optional(string)
      ipv6_address = optional(string)
      ipv6_gateway = optional(string)
    }), {})

    # Cloud-init / OS configuration
    cdrom_file_id = optional(string)
    clone_template = optional(object({
      template_id = number
    }))
    user_account = object({
      username = string
      password = string
      keys     = list(string)
    })

    # Cloud-init user data
    cloud_init_user_data = optional(string)

    # Agent and features
    agent_enabled = optional(bool, true)
    protection    = optional(bool, false)

    # Operating system
    os_type = optional(string, "l26")

    # Display configuration
    vga_type = optional(string, "std")

    # Startup configuration
    on_boot = optional(bool, true)
  }))
  default = {}

  # VGA type is validated against allowed types
  # Allowed values: std, cirrus, vmware, qxl
}

variable "domain" {
  description = "Internal domain for FQDN resolution (e.g., example.com)"
  type        = string
  default     = ""
}

variable "environment" {
  description = "Environment name for resource tagging"
  type        = string
  default     = "homelab"
}

variable "default_datastore" {
  description = "Default datastore for VM storage"
  type        = string
  default     = "local-zfs"
}

# Note: BPG provider authentication is read from PROXMOX_VE_* environment variables
# These module variables are not needed for provider auth

variable "proxmox_ssh_username" {
  description = "The SSH username for connecting to the Proxmox node"
  type        = string
  default     = "root@pam"
}

variable "proxmox_ssh_private_key" {
  description = "The path to the SSH private key for connecting to the Proxmox node"
  type        = string
}

variable "startup_delay" {
  description = "Global startup delay in seconds between VM starts"
  type        = number
  default     = 30
}
