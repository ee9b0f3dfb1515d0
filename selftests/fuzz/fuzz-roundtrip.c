// SPDX-License-Identifier: GPL-2.0
#include <linux/genetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "decode.h"
#include "encode.h"
#include "endpoint.h"
#include "err.h"
#include "fuzz-roundtrip.h"
#include "key.h"
#include "policy.h"

/* The parsers' warnings (host bits set) would flood the fuzzers' logs. */
__attribute__((constructor)) static void fuzz_quiet_warnings(void)
{
	ztnet_warnings_off = true;
}

void fuzz_require(bool ok, const char *target, const char *what)
{
	if (!ok) {
		fprintf(stderr, "%s: invariant broken: %s\n", target, what);
		abort();
	}
}

void fuzz_resolve_numeric(struct ztnet_device *dev)
{
	size_t i;

	for (i = 0; i < dev->peers_len; i++) {
		struct ztnet_peer *peer = &dev->peers[i];

		if (!peer->endpoint_text)
			continue;
		if (ztnet_endpoint_resolve(peer->endpoint_text, &peer->endpoint,
					   true))
			memset(&peer->endpoint, 0, sizeof(peer->endpoint));
		free(peer->endpoint_text);
		peer->endpoint_text = NULL;
	}
}

static void check_parsed(const struct ztnet_device *dev, const char *target)
{
	size_t i, j;

	for (i = 0; i < dev->peers_len; i++) {
		const struct ztnet_peer *peer = &dev->peers[i];

		for (j = 0; j < peer->allowedips_len; j++) {
			const struct ztnet_allowedip *ip = &peer->allowedips[j];

			fuzz_require((ip->family == AF_INET && ip->cidr <= 32) ||
				     (ip->family == AF_INET6 && ip->cidr <= 128),
				     target, "allowed IPs are whole");
		}
	}
}

static bool same_peer(const struct ztnet_peer *a, const struct ztnet_peer *b)
{
	size_t i;

	if (!ztnet_key_equal(a->public_key, b->public_key) ||
	    a->has_preshared_key != b->has_preshared_key ||
	    (a->has_preshared_key &&
	     !ztnet_key_equal(a->preshared_key, b->preshared_key)) ||
	    a->has_keepalive != b->has_keepalive ||
	    (a->has_keepalive && a->keepalive != b->keepalive) ||
	    a->remove_me != b->remove_me || a->update_only != b->update_only ||
	    a->replace_allowedips != b->replace_allowedips ||
	    memcmp(&a->endpoint, &b->endpoint, sizeof(a->endpoint)) ||
	    a->allowedips_len != b->allowedips_len ||
	    a->has_groups != b->has_groups || a->groups_len != b->groups_len)
		return false;
	for (i = 0; i < a->groups_len; i++)
		if (strcmp(a->groups[i], b->groups[i]) != 0)
			return false;
	for (i = 0; i < a->allowedips_len; i++) {
		const struct ztnet_allowedip *x = &a->allowedips[i];
		const struct ztnet_allowedip *y = &b->allowedips[i];

		if (x->family != y->family || x->cidr != y->cidr ||
		    x->remove_me != y->remove_me ||
		    memcmp(&x->ip6, &y->ip6, x->family == AF_INET ? 4 : 16))
			return false;
	}
	return true;
}

/*
 * Peers that share a key with the peer before them are joined by the
 * decoder, as continuations are: the round trip holds only without them.
 */
static bool has_adjacent_twins(const struct ztnet_device *dev)
{
	size_t i;

	for (i = 1; i < dev->peers_len; i++)
		if (ztnet_key_equal(dev->peers[i - 1].public_key,
				    dev->peers[i].public_key))
			return true;
	return false;
}

static bool same_settings(const struct ztnet_policy *a,
			  const struct ztnet_policy *b)
{
	int t;

	for (t = 1; t <= ZTTIMEOUT_A_MAX; t++)
		if (a->has_timeout[t] != b->has_timeout[t] ||
		    (a->has_timeout[t] && a->timeout[t] != b->timeout[t]))
			return false;
	return a->has_mode == b->has_mode && a->mode == b->mode &&
	       a->has_default_in == b->has_default_in &&
	       a->default_in == b->default_in &&
	       a->has_default_out == b->has_default_out &&
	       a->default_out == b->default_out &&
	       a->has_protect == b->has_protect &&
	       a->protect_len == b->protect_len &&
	       (!a->protect_len || !memcmp(a->protect, b->protect,
					   a->protect_len * sizeof(*a->protect))) &&
	       a->has_max_flows == b->has_max_flows &&
	       a->max_flows == b->max_flows &&
	       a->has_max_peer_flows == b->has_max_peer_flows &&
	       a->max_peer_flows == b->max_peer_flows &&
	       a->replace_rules == b->replace_rules &&
	       a->delete_rules == b->delete_rules;
}

/* What the encoder sends of a policy comes back, rule for rule. */
static bool same_policy(const struct ztnet_policy *a,
			const struct ztnet_policy *b)
{
	static const struct ztnet_policy none;
	size_t i;

	/* A policy that says nothing is sent as none. */
	a = a ? a : &none;
	b = b ? b : &none;
	if (!same_settings(a, b) || a->rules_len != b->rules_len)
		return false;
	for (i = 0; i < a->rules_len; i++)
		if (!ztnet_rule_equal(&a->rules[i].rule, &b->rules[i].rule))
			return false;
	return true;
}

static void compare(const struct ztnet_device *a, const struct ztnet_device *b,
		    const char *target)
{
	size_t i;

	fuzz_require(strcmp(a->ifname, b->ifname) == 0 &&
		     a->has_private_key == b->has_private_key &&
		     ztnet_key_equal(a->private_key, b->private_key) &&
		     a->has_listen_port == b->has_listen_port &&
		     a->listen_port == b->listen_port &&
		     a->has_fwmark == b->has_fwmark && a->fwmark == b->fwmark &&
		     a->replace_peers == b->replace_peers &&
		     a->peers_len == b->peers_len,
		     target, "the device survives the round trip");
	fuzz_require(same_policy(a->policy, b->policy), target,
		     "the policy survives the round trip");
	for (i = 0; i < a->peers_len; i++)
		fuzz_require(same_peer(&a->peers[i], &b->peers[i]), target,
			     "every peer survives the round trip");
}

static struct nlmsghdr *start_request(char *buf)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = GENL_MIN_ID;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = ZTNET_CMD_SET_DEVICE;
	genl->version = ZTNET_GENL_VERSION;
	return nlh;
}

/* ZTPOLICY_F_REPLACE_RULES in a later message would undo earlier rules. */
static bool part_replaces_late(const struct nlmsghdr *nlh, bool first)
{
	struct ztnet_device part;
	bool late;

	if (first || !ztnet_request_parse(nlh, &part))
		return false;
	late = part.policy && part.policy->replace_rules;
	ztnet_device_wipe(&part);
	return late;
}

void fuzz_round_trip(struct ztnet_device *dev, size_t size, const char *target)
{
	/* A rule or a peer's groups may need the tool's big buffer. */
	struct ztnet_set_cursor cur = { .oversize = ZTNET_FUZZ_OVERSIZE };
	struct ztnet_device back = { 0 };
	char *buf = malloc(ZTNET_FUZZ_OVERSIZE);
	bool first = true;

	fuzz_require(buf != NULL, target, "malloc");
	fuzz_resolve_numeric(dev);
	check_parsed(dev, target);
	while (!cur.done) {
		struct ztnet_device part;
		struct nlmsghdr *nlh;

		memset(buf, 0, ZTNET_FUZZ_OVERSIZE);
		nlh = start_request(buf);
		fuzz_require(ztnet_set_encode(dev, &cur, nlh, size), target,
			     "the encoder makes progress");
		fuzz_require(nlh->nlmsg_len <= ZTNET_FUZZ_OVERSIZE, target,
			     "a message fits its buffer");
		fuzz_require(!part_replaces_late(nlh, first), target,
			     "only the first message replaces the rules");
		fuzz_require(ztnet_request_parse(nlh, &part), target,
			     "the decoder reads what the encoder wrote");
		if (first)
			back = part;
		else
			ztnet_device_absorb(&back, &part);
		first = false;
	}
	if (!has_adjacent_twins(dev))
		compare(dev, &back, target);
	ztnet_device_wipe(&back);
	free(buf);
}
