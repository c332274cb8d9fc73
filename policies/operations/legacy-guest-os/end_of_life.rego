# VML502's data: operating system releases and the date their vendor's support ended, with the
# identifiers each platform gives them — Proxmox `ostype` (qm.conf), vSphere `guest_id` (the
# GuestOsDescriptor.GuestOsIdentifier list), `.vmx` `guestOS` (its own short keys: `winxppro`,
# `centos7-64`), libosinfo ids (libvirt
# `<libosinfo:os id=…>`). A release is end-of-life once `end` is before today
# (`data.vmlint.today`), so the list stays true without edits as dates pass.
#
# Dates: Microsoft lifecycle (end of extended support), Red Hat life cycle (end of maintenance
# support), CentOS end of life, Debian LTS end, Ubuntu end of standard support, SUSE LTSS end.
package vmlint.rules.operations.legacy_guest_os

import rego.v1

releases := [
	{"os": "Windows 2000", "end": "2010-07-13", "ids": {"w2k", "win2000proguest", "win2000servguest", "win2000advservguest"}, "patterns": [`/win/2k$`, `^win2000(pro|serv|advserv)$`]},
	{"os": "Windows XP", "end": "2014-04-08", "ids": {"wxp", "winxphomeguest", "winxpproguest", "winxppro-64guest"}, "patterns": [`/win/xp$`, `^winxp(home|pro)(-64)?$`]},
	{"os": "Windows Server 2003", "end": "2015-07-14", "ids": {"w2k3"}, "patterns": [`^winnet`, `/win/2k3(r2)?$`]},
	{"os": "Windows Vista", "end": "2017-04-11", "ids": {"wvista", "winvistaguest", "winvista64guest"}, "patterns": [`/win/vista$`, `^winvista(-64)?$`]},
	{"os": "Windows Server 2008", "end": "2020-01-14", "ids": {"w2k8", "winlonghornguest", "winlonghorn64guest", "windows7server64guest"}, "patterns": [`/win/2k8(r2)?$`, `^longhorn(-64)?$`, `^windows7srv-64$`]},
	{"os": "Windows 7", "end": "2020-01-14", "ids": {"win7", "windows7guest", "windows7_64guest"}, "patterns": [`/win/7$`, `^windows7(-64)?$`]},
	{"os": "Windows 8.1", "end": "2023-01-10", "ids": {"windows8guest", "windows8_64guest"}, "patterns": [`/win/8(\.1)?$`, `^windows8(-64)?$`]},
	# Proxmox `win8` covers Windows 8.x, Server 2012 and 2012 R2.
	{"os": "Windows Server 2012 / 2012 R2", "end": "2023-10-10", "ids": {"win8", "windows8server64guest"}, "patterns": [`/win/2k12(r2)?$`, `^windows8srv-64$`]},
	# `windows9*Guest` is Windows 10 (VMware's own naming); Server 2016 is `windows9Server64Guest`.
	{"os": "Windows 10", "end": "2025-10-14", "ids": {"windows9guest", "windows9_64guest"}, "patterns": [`/win/10$`, `^windows9(-64)?$`]},
	{"os": "Windows Server 2016", "end": "2027-01-12", "ids": {"windows9server64guest"}, "patterns": [`/win/2k16$`, `^windows9srv-64$`]},
	{"os": "Linux 2.4", "end": "2012-01-01", "ids": {"l24", "other24xlinuxguest", "other24xlinux64guest"}, "patterns": [`^other24xlinux(-64)?$`]},
	{"os": "Red Hat Enterprise Linux 6 and older", "end": "2020-11-30", "ids": set(), "patterns": [`^rhel[2-6](_64)?guest$`, `/rhel/[2-6]\.`, `^rhel[2-6](-64)?$`]},
	{"os": "Red Hat Enterprise Linux 7", "end": "2024-06-30", "ids": {"rhel7guest", "rhel7_64guest"}, "patterns": [`/rhel/7\.`, `^rhel7(-64)?$`]},
	{"os": "CentOS 6 and older", "end": "2020-11-30", "ids": {"centosguest", "centos64guest", "centos6guest", "centos6_64guest"}, "patterns": [`^centos[45]`, `/centos/[2-6]\.`, `^centos6?(-64)?$`]},
	{"os": "CentOS 7", "end": "2024-06-30", "ids": {"centos7guest", "centos7_64guest"}, "patterns": [`/centos/7\.`, `^centos7(-64)?$`]},
	{"os": "CentOS 8", "end": "2021-12-31", "ids": {"centos8_64guest"}, "patterns": [`/centos/8$`, `^centos8(-64)?$`]},
	{"os": "SUSE Linux Enterprise 11 and older", "end": "2022-03-31", "ids": set(), "patterns": [`^sles(9|10|11)?(_64)?guest$`, `/sles/(9|10|11)`, `^sles(9|10|11)?(-64)?$`]},
	{"os": "Debian 9 and older", "end": "2022-06-30", "ids": set(), "patterns": [`^debian[4-9](_64)?guest$`, `/debian/[4-9]$`, `^debian[4-9](-64)?$`]},
	{"os": "Debian 10", "end": "2024-06-30", "ids": {"debian10guest", "debian10_64guest"}, "patterns": [`/debian/10$`, `^debian10(-64)?$`]},
	{"os": "Debian 11", "end": "2026-08-31", "ids": {"debian11guest", "debian11_64guest"}, "patterns": [`/debian/11$`, `^debian11(-64)?$`]},
	{"os": "Ubuntu 18.04 and older", "end": "2023-05-31", "ids": set(), "patterns": [`/ubuntu/(1[0-7]\.[0-9]+|18\.04)$`]},
	{"os": "Ubuntu 20.04", "end": "2025-05-31", "ids": set(), "patterns": [`/ubuntu/20\.04$`]},
]

# The release `os` (a platform's id, lower-cased) names, when there is one.
release_of(os) := release if {
	some release in releases
	release.ids[os]
}

release_of(os) := release if {
	some release in releases
	not release.ids[os]
	some pattern in release.patterns
	regex.match(pattern, os)
}
