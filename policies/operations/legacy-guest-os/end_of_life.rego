# VML502's data: operating system releases and the date their vendor's support ended, with the
# identifiers each platform gives them — Proxmox `ostype` (qm.conf), vSphere `guest_id` (the
# GuestOsDescriptor.GuestOsIdentifier list), `.vmx` `guestOS` (its own short keys: `winxppro`,
# `centos7-64`), libosinfo ids (libvirt
# `<libosinfo:os id=…>`). A release is end-of-life once `end` is before today
# (`data.vmlint.today`), so the list stays true without edits as dates pass. Ids are matched
# exactly (lower-cased) or by prefix, never by regular expression: the rule runs on every VM.
#
# Dates: Microsoft lifecycle (end of extended support), Red Hat life cycle (end of maintenance
# support), CentOS end of life, Debian LTS end, Ubuntu end of standard support, SUSE LTSS end.
package vmlint.rules.operations.legacy_guest_os

import rego.v1

releases := [
	{"os": "Windows 2000", "end": "2010-07-13", "ids": {"w2k", "win2000proguest", "win2000servguest", "win2000advservguest", "win2000pro", "win2000serv", "win2000advserv", "http://microsoft.com/win/2k"}, "prefixes": []},
	{"os": "Windows XP", "end": "2014-04-08", "ids": {"wxp", "winxphomeguest", "winxpproguest", "winxppro64guest", "winxphome", "winxppro", "winxppro-64", "http://microsoft.com/win/xp"}, "prefixes": []},
	{"os": "Windows Server 2003", "end": "2015-07-14", "ids": {"w2k3", "http://microsoft.com/win/2k3", "http://microsoft.com/win/2k3r2"}, "prefixes": ["winnet"]},
	{"os": "Windows Vista", "end": "2017-04-11", "ids": {"wvista", "winvistaguest", "winvista64guest", "winvista", "winvista-64", "http://microsoft.com/win/vista"}, "prefixes": []},
	{"os": "Windows Server 2008", "end": "2020-01-14", "ids": {"w2k8", "winlonghornguest", "winlonghorn64guest", "windows7server64guest", "longhorn", "longhorn-64", "windows7srv-64", "http://microsoft.com/win/2k8", "http://microsoft.com/win/2k8r2"}, "prefixes": []},
	{"os": "Windows 7", "end": "2020-01-14", "ids": {"win7", "windows7guest", "windows7_64guest", "windows7", "windows7-64", "http://microsoft.com/win/7"}, "prefixes": []},
	{"os": "Windows 8.1", "end": "2023-01-10", "ids": {"windows8guest", "windows8_64guest", "windows8", "windows8-64", "http://microsoft.com/win/8", "http://microsoft.com/win/8.1"}, "prefixes": []},
	# Proxmox `win8` covers Windows 8.x, Server 2012 and 2012 R2.
	{"os": "Windows Server 2012 / 2012 R2", "end": "2023-10-10", "ids": {"win8", "windows8server64guest", "windows8srv-64", "http://microsoft.com/win/2k12", "http://microsoft.com/win/2k12r2"}, "prefixes": []},
	# `windows9*Guest` is Windows 10 (VMware's own naming); Server 2016 is `windows9Server64Guest`.
	{"os": "Windows 10", "end": "2025-10-14", "ids": {"windows9guest", "windows9_64guest", "windows9", "windows9-64", "http://microsoft.com/win/10"}, "prefixes": []},
	{"os": "Windows Server 2016", "end": "2027-01-12", "ids": {"windows9server64guest", "windows9srv-64", "http://microsoft.com/win/2k16"}, "prefixes": []},
	{"os": "Linux 2.4", "end": "2012-01-01", "ids": {"l24", "other24xlinuxguest", "other24xlinux64guest", "other24xlinux", "other24xlinux-64"}, "prefixes": []},
	{"os": "Red Hat Enterprise Linux 6 and older", "end": "2020-11-30", "ids": {"rhel2guest", "rhel3guest", "rhel3_64guest", "rhel4guest", "rhel4_64guest", "rhel5guest", "rhel5_64guest", "rhel6guest", "rhel6_64guest", "rhel2", "rhel3", "rhel3-64", "rhel4", "rhel4-64", "rhel5", "rhel5-64", "rhel6", "rhel6-64"}, "prefixes": ["http://redhat.com/rhel/2.", "http://redhat.com/rhel/3.", "http://redhat.com/rhel/4.", "http://redhat.com/rhel/5.", "http://redhat.com/rhel/6."]},
	{"os": "Red Hat Enterprise Linux 7", "end": "2024-06-30", "ids": {"rhel7guest", "rhel7_64guest", "rhel7", "rhel7-64"}, "prefixes": ["http://redhat.com/rhel/7."]},
	{"os": "CentOS 6 and older", "end": "2020-11-30", "ids": {"centosguest", "centos64guest", "centos6guest", "centos6_64guest", "centos", "centos-64", "centos6", "centos6-64"}, "prefixes": ["centos4", "centos5", "http://centos.org/centos/3.", "http://centos.org/centos/4.", "http://centos.org/centos/5.", "http://centos.org/centos/6."]},
	{"os": "CentOS 7", "end": "2024-06-30", "ids": {"centos7guest", "centos7_64guest", "centos7", "centos7-64"}, "prefixes": ["http://centos.org/centos/7."]},
	{"os": "CentOS 8", "end": "2021-12-31", "ids": {"centos8_64guest", "centos8", "centos8-64", "http://centos.org/centos/8"}, "prefixes": []},
	{"os": "SUSE Linux Enterprise 11 and older", "end": "2022-03-31", "ids": {"slesguest", "sles64guest", "sles10guest", "sles10_64guest", "sles11guest", "sles11_64guest", "sles", "sles-64", "sles10", "sles10-64", "sles11", "sles11-64"}, "prefixes": ["http://suse.com/sles/9", "http://suse.com/sles/10", "http://suse.com/sles/11"]},
	{"os": "Debian 9 and older", "end": "2022-06-30", "ids": {"debian4guest", "debian4_64guest", "debian5guest", "debian5_64guest", "debian6guest", "debian6_64guest", "debian7guest", "debian7_64guest", "debian8guest", "debian8_64guest", "debian9guest", "debian9_64guest", "debian4", "debian4-64", "debian5", "debian5-64", "debian6", "debian6-64", "debian7", "debian7-64", "debian8", "debian8-64", "debian9", "debian9-64", "http://debian.org/debian/4", "http://debian.org/debian/5", "http://debian.org/debian/6", "http://debian.org/debian/7", "http://debian.org/debian/8", "http://debian.org/debian/9"}, "prefixes": []},
	{"os": "Debian 10", "end": "2024-06-30", "ids": {"debian10guest", "debian10_64guest", "debian10", "debian10-64", "http://debian.org/debian/10"}, "prefixes": []},
	{"os": "Debian 11", "end": "2026-08-31", "ids": {"debian11guest", "debian11_64guest", "debian11", "debian11-64", "http://debian.org/debian/11"}, "prefixes": []},
	# Every release before 20.04 (LTS and interim) had ended by 18.04's end.
	{"os": "Ubuntu 19.10 and older", "end": "2023-05-31", "ids": set(), "prefixes": ["http://ubuntu.com/ubuntu/1"]},
	{"os": "Ubuntu 20.04", "end": "2025-05-31", "ids": {"http://ubuntu.com/ubuntu/20.04"}, "prefixes": []},
]

# Release by exact id, built once per evaluation.
release_by_id := {id: release |
	some release in releases
	some id in release.ids
}

# The release `os` (a platform's id, lower-cased) names, when there is one.
release_of(os) := release_by_id[os]

release_of(os) := release if {
	not release_by_id[os]
	some release in releases
	some prefix in release.prefixes
	startswith(os, prefix)
}
