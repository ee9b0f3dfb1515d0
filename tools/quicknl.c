// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <string.h>

#include "err.h"
#include "exitcode.h"
#include "format.h"
#include "mem.h"
#include "quicknl.h"

/* The link kind; another can be built in to try up without the module. */
#ifndef ZTNET_QUICK_KIND
#define ZTNET_QUICK_KIND "ztnet"
#endif

int ztnet_rtnl_open(struct ztnet_rtnl *r)
{
	int err;

	r->sk = nl_socket_alloc();
	if (!r->sk)
		ztnet_out_of_memory();
	err = nl_connect(r->sk, NETLINK_ROUTE);
	if (err < 0) {
		ztnet_err("cannot open rtnetlink: %s", nl_geterror(err));
		nl_socket_free(r->sk);
		r->sk = NULL;
		return ZTNET_EXIT_FAILURE;
	}
	return ZTNET_EXIT_OK;
}

void ztnet_rtnl_close(struct ztnet_rtnl *r)
{
	if (r->sk)
		nl_socket_free(r->sk);
	r->sk = NULL;
}

const char *ztnet_rtnl_strerror(int err)
{
	return nl_geterror(err);
}

int ztnet_rtnl_exit(int err)
{
	err = err < 0 ? -err : err;
	return err == NLE_PERM ? ZTNET_EXIT_NOT_PERMITTED : ZTNET_EXIT_FAILURE;
}

bool ztnet_rtnl_no_kind(int err)
{
	err = err < 0 ? -err : err;
	return err == NLE_OPNOTSUPP;
}

bool ztnet_rtnl_gone(int err)
{
	err = err < 0 ? -err : err;
	return err == NLE_OBJ_NOTFOUND || err == NLE_NODEV || err == NLE_NOADDR;
}

int ztnet_rtnl_ifindex(struct ztnet_rtnl *r, const char *ifname)
{
	struct rtnl_link *link;
	int err, index;

	err = rtnl_link_get_kernel(r->sk, 0, ifname, &link);
	if (err < 0)
		return err;
	index = rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	return index;
}

/* Whether the link of that name is a ztnet device; false if none. */
bool ztnet_rtnl_is_ztnet(struct ztnet_rtnl *r, const char *ifname)
{
	struct rtnl_link *link;
	const char *kind;
	bool ours;

	if (rtnl_link_get_kernel(r->sk, 0, ifname, &link) < 0)
		return false;
	kind = rtnl_link_get_type(link);
	ours = kind && strcmp(kind, "ztnet") == 0;
	rtnl_link_put(link);
	return ours;
}

static struct rtnl_link *named_link(const char *ifname)
{
	struct rtnl_link *link = rtnl_link_alloc();

	if (!link)
		ztnet_out_of_memory();
	rtnl_link_set_name(link, ifname);
	return link;
}

int ztnet_rtnl_link_add(struct ztnet_rtnl *r, const char *ifname)
{
	struct rtnl_link *link = named_link(ifname);
	int err;

	/* A kind libnl has no ops for is sent as it is: IFLA_INFO_KIND. */
	err = rtnl_link_set_type(link, ZTNET_QUICK_KIND);
	if (err == 0)
		err = rtnl_link_add(r->sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(link);
	return err;
}

int ztnet_rtnl_link_del(struct ztnet_rtnl *r, const char *ifname)
{
	struct rtnl_link *link = named_link(ifname);
	int err;

	err = rtnl_link_delete(r->sk, link);
	rtnl_link_put(link);
	return err;
}

int ztnet_rtnl_link_set(struct ztnet_rtnl *r, int ifindex, uint32_t mtu,
			bool up)
{
	struct rtnl_link *orig, *change;
	int err;

	err = rtnl_link_get_kernel(r->sk, ifindex, NULL, &orig);
	if (err < 0)
		return err;
	change = rtnl_link_alloc();
	if (!change)
		ztnet_out_of_memory();
	if (mtu)
		rtnl_link_set_mtu(change, mtu);
	if (up)
		rtnl_link_set_flags(change, IFF_UP);
	err = rtnl_link_change(r->sk, orig, change, 0);
	rtnl_link_put(change);
	rtnl_link_put(orig);
	return err;
}

static int addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

static struct nl_addr *to_nl_addr(const struct ztnet_allowedip *prefix)
{
	struct nl_addr *a;

	a = nl_addr_build(prefix->family, &prefix->ip6, addr_len(prefix->family));
	if (!a)
		ztnet_out_of_memory();
	nl_addr_set_prefixlen(a, prefix->cidr);
	return a;
}

int ztnet_rtnl_addr(struct ztnet_rtnl *r, int ifindex,
		    const struct ztnet_allowedip *prefix, bool add)
{
	struct rtnl_addr *addr = rtnl_addr_alloc();
	struct nl_addr *local = to_nl_addr(prefix);
	int err;

	if (!addr)
		ztnet_out_of_memory();
	rtnl_addr_set_ifindex(addr, ifindex);
	rtnl_addr_set_family(addr, prefix->family);
	err = rtnl_addr_set_local(addr, local);
	if (err == 0)
		err = add ? rtnl_addr_add(r->sk, addr, 0)
			  : rtnl_addr_delete(r->sk, addr, 0);
	nl_addr_put(local);
	rtnl_addr_put(addr);
	return err;
}

/* ip route add <prefix> dev <ifindex> table <table>, as ip(8) words it. */
static struct rtnl_route *dev_route(int ifindex,
				    const struct ztnet_allowedip *prefix,
				    uint32_t table)
{
	struct rtnl_route *route = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *dst = to_nl_addr(prefix);

	if (!route || !nh)
		ztnet_out_of_memory();
	rtnl_route_set_family(route, prefix->family);
	rtnl_route_set_dst(route, dst);
	nl_addr_put(dst);
	rtnl_route_set_table(route, table);
	/* ip(8)'s own: "proto boot", and a direct route is the link's scope. */
	rtnl_route_set_protocol(route, RTPROT_BOOT);
	rtnl_route_set_scope(route, RT_SCOPE_LINK);
	rtnl_route_set_type(route, RTN_UNICAST);
	rtnl_route_nh_set_ifindex(nh, ifindex);
	rtnl_route_add_nexthop(route, nh);
	return route;
}

int ztnet_rtnl_route(struct ztnet_rtnl *r, int ifindex,
		     const struct ztnet_allowedip *prefix, uint32_t table,
		     bool add)
{
	struct rtnl_route *route = dev_route(ifindex, prefix, table);
	int err;

	err = add ? rtnl_route_add(r->sk, route, NLM_F_EXCL)
		  : rtnl_route_delete(r->sk, route, 0);
	rtnl_route_put(route);
	return err;
}

/* ip rule add [not fwmark T] table T | table main suppress_prefixlength 0. */
static struct nl_msg *rule_msg(const struct ztnet_step *step, bool add)
{
	struct fib_rule_hdr frh = {
		.family = (uint8_t)step->prefix.family,
		.action = FR_ACT_TO_TBL,
		.table = step->table < 256 ? (uint8_t)step->table : RT_TABLE_UNSPEC,
	};
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(add ? RTM_NEWRULE : RTM_DELRULE,
				 add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	if (!msg)
		ztnet_out_of_memory();
	if (step->kind == ZTNET_STEP_RULE_NOT_FWMARK)
		frh.flags = FIB_RULE_INVERT;
	if (nlmsg_append(msg, &frh, sizeof(frh), NLMSG_ALIGNTO) < 0 ||
	    nla_put_u32(msg, FRA_TABLE, step->table) < 0)
		goto fail;
	if (step->kind == ZTNET_STEP_RULE_NOT_FWMARK &&
	    nla_put_u32(msg, FRA_FWMARK, step->table) < 0)
		goto fail;
	if (step->kind == ZTNET_STEP_RULE_SUPPRESS &&
	    nla_put_u32(msg, FRA_SUPPRESS_PREFIXLEN, 0) < 0)
		goto fail;
	return msg;
fail:
	nlmsg_free(msg);
	ztnet_out_of_memory();
}

int ztnet_rtnl_rule(struct ztnet_rtnl *r, const struct ztnet_step *step,
		    bool add)
{
	struct nl_msg *msg = rule_msg(step, add);
	int err;

	err = nl_send_auto(r->sk, msg);
	nlmsg_free(msg);
	if (err < 0)
		return err;
	return nl_wait_for_ack(r->sk);
}

struct routes_ctx {
	int ifindex;
	struct ztnet_allowedip *routes;
	size_t len;
	size_t cap;
};

static void collect_route(struct nl_object *obj, void *arg)
{
	struct rtnl_route *route = (struct rtnl_route *)obj;
	struct nl_addr *dst = rtnl_route_get_dst(route);
	struct routes_ctx *ctx = arg;
	struct ztnet_allowedip *ip;
	int family = rtnl_route_get_family(route);

	if (rtnl_route_get_table(route) != RT_TABLE_MAIN || !dst ||
	    rtnl_route_get_nnexthops(route) < 1 ||
	    rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(route, 0)) != ctx->ifindex ||
	    (family != AF_INET && family != AF_INET6) ||
	    nl_addr_get_len(dst) > (unsigned int)addr_len(family))
		return;
	ztnet_grow((void **)&ctx->routes, &ctx->cap, ctx->len, sizeof(*ctx->routes),
		   false);
	ip = &ctx->routes[ctx->len++];
	memset(ip, 0, sizeof(*ip));
	ip->family = (uint16_t)family;
	ip->cidr = (uint8_t)nl_addr_get_prefixlen(dst);
	memcpy(&ip->ip6, nl_addr_get_binary_addr(dst), nl_addr_get_len(dst));
}

int ztnet_rtnl_dev_routes(struct ztnet_rtnl *r, int ifindex,
			  struct ztnet_allowedip **routes, size_t *len)
{
	struct routes_ctx ctx = { .ifindex = ifindex };
	struct nl_cache *cache;
	int err;

	err = rtnl_route_alloc_cache(r->sk, AF_UNSPEC, 0, &cache);
	if (err < 0)
		return err;
	nl_cache_foreach(cache, collect_route, &ctx);
	nl_cache_free(cache);
	*routes = ctx.routes;
	*len = ctx.len;
	return 0;
}

struct table_ctx {
	uint32_t table;
	bool used;
};

static void find_table(struct nl_object *obj, void *arg)
{
	struct table_ctx *ctx = arg;

	if (rtnl_route_get_table((struct rtnl_route *)obj) == ctx->table)
		ctx->used = true;
}

uint32_t ztnet_rtnl_free_table(struct ztnet_rtnl *r)
{
	struct table_ctx ctx = { .table = ZTNET_QUICK_TABLE_BASE };
	struct nl_cache *cache;

	if (rtnl_route_alloc_cache(r->sk, AF_UNSPEC, 0, &cache) < 0)
		return ctx.table;
	do {
		ctx.used = false;
		nl_cache_foreach(cache, find_table, &ctx);
	} while (ctx.used && ++ctx.table);
	nl_cache_free(cache);
	return ctx.table;
}

int ztnet_rtnl_mtu(struct ztnet_rtnl *r, int ifindex)
{
	struct rtnl_link *link;
	int err, mtu;

	err = rtnl_link_get_kernel(r->sk, ifindex, NULL, &link);
	if (err < 0)
		return err;
	mtu = (int)rtnl_link_get_mtu(link);
	rtnl_link_put(link);
	return mtu;
}

/* A route's "mtu N", else its device's; 0 if neither is known. */
static uint32_t route_mtu(struct ztnet_rtnl *r, struct rtnl_route *route)
{
	uint32_t mtu = 0;
	int dev_mtu;

	if (rtnl_route_get_metric(route, RTAX_MTU, &mtu) == 0 && mtu)
		return mtu;
	if (rtnl_route_get_nnexthops(route) < 1)
		return 0;
	dev_mtu = ztnet_rtnl_mtu(r, rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(route, 0)));
	return dev_mtu > 0 ? (uint32_t)dev_mtu : 0;
}

static uint32_t endpoint_mtu(struct ztnet_rtnl *r, const union ztnet_endpoint *ep)
{
	const void *bytes = ep->addr.sa_family == AF_INET
				    ? (const void *)&ep->addr4.sin_addr
				    : (const void *)&ep->addr6.sin6_addr;
	struct rtnl_route *route;
	struct nl_addr *dst;
	uint32_t mtu = 0;

	dst = nl_addr_build(ep->addr.sa_family, bytes, addr_len(ep->addr.sa_family));
	if (!dst)
		ztnet_out_of_memory();
	if (rtnl_route_lookup(r->sk, dst, &route) == 0) {
		mtu = route_mtu(r, route);
		rtnl_route_put(route);
	}
	nl_addr_put(dst);
	return mtu;
}

struct default_ctx {
	struct ztnet_rtnl *r;
	uint32_t mtu;
	bool seen;
};

/* `ip route show default`: the main table's first IPv4 default route. */
static void find_default(struct nl_object *obj, void *arg)
{
	struct rtnl_route *route = (struct rtnl_route *)obj;
	struct default_ctx *ctx = arg;
	struct nl_addr *dst = rtnl_route_get_dst(route);

	if (ctx->seen || rtnl_route_get_table(route) != RT_TABLE_MAIN ||
	    (dst && nl_addr_get_prefixlen(dst) != 0))
		return;
	ctx->seen = true;
	ctx->mtu = route_mtu(ctx->r, route);
}

uint32_t ztnet_rtnl_path_mtu(struct ztnet_rtnl *r, const struct ztnet_device *dev)
{
	struct default_ctx ctx = { .r = r };
	struct nl_cache *cache;
	uint32_t best = 0, mtu;
	size_t i;

	for (i = 0; i < dev->peers_len; i++) {
		const union ztnet_endpoint *ep = &dev->peers[i].endpoint;

		if (ep->addr.sa_family != AF_INET && ep->addr.sa_family != AF_INET6)
			continue;
		mtu = endpoint_mtu(r, ep);
		if (mtu && (!best || mtu < best))
			best = mtu;
	}
	if (best || rtnl_route_alloc_cache(r->sk, AF_INET, 0, &cache) < 0)
		return best;
	nl_cache_foreach(cache, find_default, &ctx);
	nl_cache_free(cache);
	return ctx.mtu;
}

struct addr_ctx {
	int ifindex;
	struct ztnet_strings *out;
};

static void collect_addr(struct nl_object *obj, void *arg)
{
	struct rtnl_addr *addr = (struct rtnl_addr *)obj;
	struct addr_ctx *ctx = arg;
	struct ztnet_allowedip ip = { 0 };
	char text[ZTNET_ALLOWEDIP_STRLEN];
	struct nl_addr *local = rtnl_addr_get_local(addr);

	if (rtnl_addr_get_ifindex(addr) != ctx->ifindex || !local ||
	    nl_addr_get_len(local) != (unsigned int)addr_len(rtnl_addr_get_family(addr)))
		return;
	if (rtnl_addr_get_scope(addr) == RT_SCOPE_LINK &&
	    rtnl_addr_get_family(addr) == AF_INET6)
		return;
	ip.family = (uint16_t)rtnl_addr_get_family(addr);
	ip.cidr = (uint8_t)rtnl_addr_get_prefixlen(addr);
	memcpy(&ip.ip6, nl_addr_get_binary_addr(local), nl_addr_get_len(local));
	ztnet_format_allowedip(text, &ip);
	ztnet_grow((void **)&ctx->out->items, &ctx->out->cap, ctx->out->len,
		   sizeof(*ctx->out->items), false);
	ctx->out->items[ctx->out->len++] = ztnet_strndup(text, strlen(text));
}

int ztnet_rtnl_addresses(struct ztnet_rtnl *r, int ifindex,
			 struct ztnet_strings *out)
{
	struct addr_ctx ctx = { .ifindex = ifindex, .out = out };
	struct nl_cache *cache;
	int err;

	err = rtnl_addr_alloc_cache(r->sk, &cache);
	if (err < 0)
		return err;
	nl_cache_foreach(cache, collect_addr, &ctx);
	nl_cache_free(cache);
	return 0;
}
