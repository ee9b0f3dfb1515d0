#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads, registers its link kind and netlink family, and unloads
# cleanly, repeatedly.
. "$ZTNET_REPO/selftests/lib.sh"

unload_ztnet
for round in 1 2 3; do
	load_ztnet
	grep -q '^ztnet ' /proc/modules || fail "round $round: ztnet not in /proc/modules"
	expect_eq "$(cat /sys/module/ztnet/version)" \
		"$(sed -n 's/^#define ZTNET_VERSION "\(.*\)"/\1/p' "$ZTNET_REPO/kernel/version.h")" \
		"module version"
	ztnet show interfaces >/dev/null || fail "round $round: netlink family not reachable"
	# A kmemleak scan costs 15 s on the debug kernel: the last round's will do.
	if ((round < 3)); then rmmod ztnet; else unload_ztnet; fi
	expect_fail grep -q '^ztnet ' /proc/modules
done
dmesg | grep -q 'ztnet: version .* loaded' || fail "no load message in the kernel log"
