/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Messages shaped as the module writes them, built in user space: the seed
 * generator and the unit tests feed them to the tool's parsers.  One copy,
 * so that a change of the ABI is made once for both.
 */
#ifndef ZTNET_NLBUILD_H
#define ZTNET_NLBUILD_H

#include <libmnl/libmnl.h>
#include <stdint.h>

/* A generic netlink message of @cmd, family id @type, in @buf (zeroed). */
struct nlmsghdr *ztnet_nlbuild_start(void *buf, size_t len, uint16_t type,
				     uint8_t cmd);

/* The counters of a rule in force; a zero one is left out. */
struct ztnet_nlbuild_counts {
	uint64_t packets, bytes, flows;
};

/*
 * "<action> in from group:web proto tcp port 5432 name <name>", as a rule
 * of a GET_DEVICE reply with its @number and counters.
 */
void ztnet_nlbuild_rule(struct nlmsghdr *nlh, uint8_t action, uint32_t number,
			const char *name,
			const struct ztnet_nlbuild_counts *counts);

#endif
