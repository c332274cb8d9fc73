# Training nodes on Google Cloud.

resource "google_compute_instance" "trainer" {
  name         = "llm-trainer-01"
  machine_type = "n1-standard-16"
  zone         = "europe-west4-a"

  guest_accelerator {
    type  = "nvidia-tesla-v100"
    count = 4
  }

  scheduling {
    on_host_maintenance = "TERMINATE"
  }

  boot_disk {
    initialize_params {
      image = "deeplearning-platform-release/common-cu121"
    }
  }

  network_interface {
    network = "default"
  }
}
