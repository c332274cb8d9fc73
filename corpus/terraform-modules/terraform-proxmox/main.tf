terraform {
  required_version = ">= 1.10"
  required_providers {
    proxmox = {
      source  = "bpg/proxmox"
      version = "~> 0.106"
    }
    tls = {
      source  = "hashicorp/tls"
      version = "~> 4.1"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
    local = {
      source  = "hashicorp/local"
      version = "~> 2.5"
    }
    null = {
      source  = "hashicorp/null"
      version = "~> 3.2"
    }
  }
}

# Read VM SSH public key for cloud-init
data "local_file" "vm_ssh_public_key" {
  filename = pathexpand(var.vm_ssh_public_key_path)
}

# Local variables for cloud-init files
locals {
  ansible_cloud_init = file(var.ansible_cloud_init_file)
}

# Storage module - manages datastores and storage configuration
module "storage" {
  source = "./modules/storage"

  node_name   = var.proxmox_node
  datastores  = var.datastores
  environment = var.environment
}

# Pool module - manages resource pools
module "pools" {
  source = "./modules/proxmox-pool"

  pools       = var.pools
  environment = var.environment
}

# VM module - creates and manages virtual machines
module "vms" {
  source = "./modules/proxmox-vm"

  vms = {
    for k, v in var.vms : k => merge(v, {
      node_name      = var.proxmox_node
      cdrom_file_id  = v.cdrom_file_id != null ? "${var.datastore_iso}:iso/${var.proxmox_iso_debian}" : null
      clone_template = v.clone_template
      # DRY: IP is ALWAYS derived from vm_id (consistent with containers)
      # Format: network_prefix.vm_id/mask (e.g., 192.168.0.250/24 for vm_id 250)
      ip_config = {
        ipv4_address = local.derive_ip[v.vm_id]
        ipv4_gateway = local.network_gateway
      }
      user_account = {
        username = v.user_account.username
        password = v.user_account.password
        keys     = [trimspace(data.local_file.vm_ssh_public_key.content)]
      }
      # Override cloud-init for ansible VM to use external file
      cloud_init_user_data = k == "ansible" ? local.ansible_cloud_init : v.cloud_init_user_data
    })
  }

  environment       = var.environment
  default_datastore = var.datastore_default
  domain            = var.domain

  # SSH credentials for provisioners (BPG provider reads auth from PROXMOX_VE_* env vars)
  proxmox_ssh_username    = var.proxmox_ssh_username
  proxmox_ssh_private_key = var.proxmox_ssh_private_key

  depends_on = [module.pools]
}

# Container module - creates and manages containers (optional)
# DRY: IPs are derived from vm_id unless explicitly specified
module "containers" {
  count  = length(var.containers) > 0 ? 1 : 0
  source = "./modules/proxmox-container"

  containers = {
    for k, v in var.containers : k => merge(v, {
      node_name        = var.proxmox_node
      template_file_id = "${var.datastore_iso}:vztmpl/${var.proxmox_ct_template_debian}"
      # DRY: IP is ALWAYS derived from vm_id (no override possible)
      # Format: network_prefix.vm_id/mask (e.g., 192.168.0.100/24 for vm_id 100)
      ip_config = {
        ipv4_address = local.derive_ip[v.vm_id]
        ipv4_gateway = local.network_gateway
      }
      # DRY: Always inject SSH key for Ansible access
      # Uses container's password/keys if specified, otherwise empty password with SSH key only
      user_account = {
        password = try(v.user_account.password, "")
        keys = concat(
          try(v.user_account.keys, []),
          [trimspace(data.local_file.vm_ssh_public_key.content)]
        )
      }
    })
  }

  environment       = var.environment
  default_datastore = var.datastore_default
  domain            = var.domain

  depends_on = [module.pools, module.storage]
}

# Splunk VM module - Docker-based Splunk Enterprise
# DRY: IP is derived from vm_id using local.splunk_derived_ip
# SECURITY: VM is network-isolated (no internet access, RFC1918 only)
module "splunk_vm" {
  source = "./modules/splunk-vm"

  vm_id          = var.splunk_vm_id
  name           = var.splunk_vm_name
  ip_address     = local.splunk_derived_ip # DRY: derived from splunk_vm_id
  gateway        = local.splunk_network_gateway
  node_name      = var.proxmox_node
  pool_id        = var.splunk_vm_pool_id
  template_id    = var.template_id
  datastore_id   = var.datastore_id
  bridge         = var.bridge
  ssh_public_key = var.ssh_public_key != "" ? var.ssh_public_key : trimspace(data.local_file.vm_ssh_public_key.content)
  boot_disk_size = var.splunk_boot_disk_size
  data_disk_size = var.splunk_data_disk_size
  cpu_cores      = var.splunk_cpu_cores
  memory         = var.splunk_memory
  domain         = var.domain

  depends_on = [module.pools]
}

# Firewall module - manages Proxmox firewall rules for Splunk and pipeline containers
# Configured to enforce network policies on Splunk resources and log pipeline
module "firewall" {
  source = "./modules/firewall"

  node_name = var.proxmox_node

  splunk_vm_ids = merge(
    {
      for k, v in var.vms : k => v.vm_id
      if contains(try(v.tags, []), "splunk")
    },
    {
      "splunk-vm" = module.splunk_vm.vm_id
    }
  )

  splunk_container_ids = {
    for k, v in var.containers : k => v.vm_id
    if contains(try(v.tags, []), "splunk")
  }

  # Pipeline containers: HAProxy (haproxy tag) and Cribl Edge (cribl + edge tags)
  # These receive syslog and NetFlow data from network devices
  pipeline_container_ids = local.pipeline_container_ids

  # Notification containers: Mailpit and ntfy (notifications tag)
  notification_container_ids = local.notification_container_ids

  # Vector database containers: Qdrant (vectordb tag)
  vectordb_container_ids = local.vectordb_container_ids

  # RAG engine containers: LlamaIndex (rag tag)
  rag_container_ids = local.rag_container_ids

  # APT caching proxy containers: apt-cacher-ng (apt-cache tag)
  apt_cacher_ng_container_ids = local.apt_cacher_ng_container_ids

  # Cribl Stream containers: cribl + stream tags (receives from Edge, routes to Splunk)
  cribl_stream_container_ids = local.cribl_stream_container_ids

  # MinIO object storage containers (minio tag)
  minio_container_ids = local.minio_container_ids

  # iDRAC KVM VMs: tagged "idrac" (domistyle/idrac6 containers on dedicated Docker VM)
  idrac_kvm_vm_ids = local.idrac_kvm_vm_ids

  management_network = local.management_network
  splunk_network     = join(",", local.splunk_network_ips)
  internal_networks  = var.internal_networks

  depends_on = [module.vms, module.containers, module.splunk_vm]
}

# ACME Certificate module - manages Let's Encrypt certificates via Route53
# NOTE: Route53 DNS records are managed separately in aws-infra/
# Ensure Route53 A record exists before running ACME certificate provisioning
module "acme_certificates" {
  count  = length(var.acme_accounts) > 0 ? 1 : 0
  source = "./modules/acme-certificate"

  acme_accounts     = var.acme_accounts
  dns_plugins       = var.dns_plugins
  acme_certificates = var.acme_certificates
  environment       = var.environment

  depends_on = [module.pools]
}

# Secure SSH key provisioning for Ansible VM
resource "null_resource" "ansible_ssh_key_setup" {
  count = contains(keys(var.vms), "ansible") ? 1 : 0

  depends_on = [module.vms]

  connection {
    type        = "ssh"
    user        = var.vms["ansible"].user_account.username
    private_key = file(pathexpand(var.vm_ssh_private_key_path))
    host        = cidrhost(var.vms["ansible"].ip_config.ipv4_address, 0)
    timeout     = "2m"
  }

  provisioner "file" {
    source      = pathexpand(var.vm_ssh_private_key_path)
    destination = "/home/${var.vms["ansible"].user_account.username}/.ssh/id_rsa_vm"
  }

  provisioner "remote-exec" {
    inline = [
      "chmod 600 /home/${var.vms["ansible"].user_account.username}/.ssh/id_rsa_vm",
      "chown ${var.vms["ansible"].user_account.username}:${var.vms["ansible"].user_account.username} /home/${var.vms["ansible"].user_account.username}/.ssh/id_rsa_vm"
    ]
  }

  triggers = {
    vm_id = module.vms.vm_ids["ansible"]
  }
}
