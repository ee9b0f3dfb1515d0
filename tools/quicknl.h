/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The links, addresses, routes and rules of `ztnet up` and `down`, over
 * rtnetlink with libnl-route-3.  Every function returns 0 or a negative
 * libnl error (ztnet_rtnl_strerror says it) and prints nothing, so that
 * up can say one line and undo quietly.
 *
 * Rules are built by hand on libnl's socket: libnl-route-3's rtnl_rule
 * (3.7) has neither the invert flag of "not fwmark" nor
 * suppress_prefixlength.
 */
#ifndef ZTNET_QUICKNL_H
#define ZTNET_QUICKNL_H

#include <stdbool.h>
#include <stdint.h>

#include "device.h"
#include "quick.h"
#include "quickplan.h"

struct nl_sock;

struct ztnet_rtnl {
	struct nl_sock *sk;
};

/* On failure prints one line and returns the exit status. */
int ztnet_rtnl_open(struct ztnet_rtnl *r);
void ztnet_rtnl_close(struct ztnet_rtnl *r);

const char *ztnet_rtnl_strerror(int err);

/* The exit status for err: "not permitted" gets its own. */
int ztnet_rtnl_exit(int err);

/* Whether err says the kind is unknown: the module is not loaded. */
bool ztnet_rtnl_no_kind(int err);

/* Whether err says the object is not there (already gone, for undo). */
bool ztnet_rtnl_gone(int err);

/* The index of the link called ifname, or a negative error. */
int ztnet_rtnl_ifindex(struct ztnet_rtnl *r, const char *ifname);
bool ztnet_rtnl_is_ztnet(struct ztnet_rtnl *r, const char *ifname);

/* ip link add <ifname> type ztnet; ip link del <ifname>. */
int ztnet_rtnl_link_add(struct ztnet_rtnl *r, const char *ifname);
int ztnet_rtnl_link_del(struct ztnet_rtnl *r, const char *ifname);

/* mtu, if not 0, and up, if set. */
int ztnet_rtnl_link_set(struct ztnet_rtnl *r, int ifindex, uint32_t mtu,
			bool up);

int ztnet_rtnl_addr(struct ztnet_rtnl *r, int ifindex,
		    const struct ztnet_allowedip *prefix, bool add);

int ztnet_rtnl_route(struct ztnet_rtnl *r, int ifindex,
		     const struct ztnet_allowedip *prefix, uint32_t table,
		     bool add);

/* A RULE_* step, added or deleted. */
int ztnet_rtnl_rule(struct ztnet_rtnl *r, const struct ztnet_step *step,
		    bool add);

/*
 * The destinations of the main table's routes through the link, for
 * `ip route show dev <if> match <prefix>`; the caller frees them.
 */
int ztnet_rtnl_dev_routes(struct ztnet_rtnl *r, int ifindex,
			  struct ztnet_allowedip **routes, size_t *len);

/* wg-quick's table for a full tunnel: from 51820, the first with no route. */
uint32_t ztnet_rtnl_free_table(struct ztnet_rtnl *r);

/*
 * wg-quick's path MTU: the least of the MTUs of the routes to dev's
 * (resolved) endpoints, else the main table's IPv4 default route's; 0 if
 * neither is known.
 */
uint32_t ztnet_rtnl_path_mtu(struct ztnet_rtnl *r, const struct ztnet_device *dev);

/* The link's addresses, as "10.0.0.1/24", IPv6 link-local ones left out. */
int ztnet_rtnl_addresses(struct ztnet_rtnl *r, int ifindex,
			 struct ztnet_strings *out);

/* The link's MTU, or a negative error. */
int ztnet_rtnl_mtu(struct ztnet_rtnl *r, int ifindex);

#endif /* ZTNET_QUICKNL_H */
