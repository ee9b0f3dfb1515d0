#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod and insmod in a loop while netlink dumps are in flight and devices
# are being created.  A dump in flight holds the module (rmmod answers
# "in use"); nothing may crash, and the module always unloads in the end.
. "$ZTNET_REPO/selftests/lib.sh"
# ztnet's own lifetimes: the debug kernel watches them, and 6.12.
once_per_release

load_ztnet
ns_add rmd-a
for i in $(seq 1 50); do
	echo "link add zt$i type ztnet"
done | ip -n rmd-a -batch -

stop=$ZTNET_TMP/stop
dumper() {
	while [[ ! -e $stop ]]; do
		in_ns rmd-a ztnet show >/dev/null 2>&1 || true
	done
}
creator() {
	while [[ ! -e $stop ]]; do
		# rmmod may take the device away between the two.
		ip -n rmd-a link add ztc type ztnet 2>/dev/null || continue
		ip -n rmd-a link del ztc 2>/dev/null || true
	done
}

dumper & d1=$!
dumper & d2=$!
creator & c1=$!
unloads=0
for round in $(seq 1 20); do
	if rmmod ztnet 2>/dev/null; then
		unloads=$((unloads + 1))
		insmod "$ZTNET_KO"
	fi
done
touch "$stop"
wait "$d1" "$d2" "$c1"
echo "unloaded $unloads of 20 times with dumps in flight"

unload_ztnet
expect_fail grep -q '^ztnet ' /proc/modules
