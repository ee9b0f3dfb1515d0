/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ztnet devices of this network namespace, by name, as rtnetlink
 * lists them: like wg's list, it needs neither the module nor privilege.
 */
#ifndef ZTNET_LINKS_H
#define ZTNET_LINKS_H

#include <net/if.h>
#include <stddef.h>

struct ztnet_names {
	char (*names)[IFNAMSIZ];
	size_t len;
};

/* Fills list in the order rtnetlink dumps: 0, or a negative errno. */
int ztnet_links_list(struct ztnet_names *list);

void ztnet_names_free(struct ztnet_names *list);

#endif /* ZTNET_LINKS_H */
