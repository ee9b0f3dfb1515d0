// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "encode.h"
#include "policy.h"
#include "ruleattr.h"

enum chunk { CHUNK_NONE, CHUNK_PARTIAL, CHUNK_WHOLE };

/*
 * What ZTDEVICE_A_FLAGS and ZTDEVICE_A_STAGED take, kept free until the
 * end of each message.
 */
#define FLAGS_ROOM (2 * (MNL_ATTR_HDRLEN + MNL_ALIGN(sizeof(uint32_t))))

/* One message being written. */
struct message {
	struct nlmsghdr *nlh;
	size_t size;
	bool has_content;	/* more than the device's name */
	bool has_policy;	/* holds its one ZTDEVICE_A_POLICY */
};

static bool put(struct message *m, uint16_t type, size_t len,
		const void *data)
{
	return mnl_attr_put_check(m->nlh, m->size, type, len, data);
}

static bool put_u32(struct message *m, uint16_t type, uint32_t value)
{
	return put(m, type, sizeof(value), &value);
}

static bool put_u16(struct message *m, uint16_t type, uint16_t value)
{
	return put(m, type, sizeof(value), &value);
}

static bool put_u8(struct message *m, uint16_t type, uint8_t value)
{
	return put(m, type, sizeof(value), &value);
}

static bool put_u32_list(struct message *m, uint16_t type,
			 const uint32_t *values, size_t len)
{
	struct nlattr *nest = mnl_attr_nest_start_check(m->nlh, m->size, type);
	size_t i;

	if (!nest)
		return false;
	for (i = 0; i < len; i++)
		if (!put_u32(m, 0, values[i]))
			return false;
	mnl_attr_nest_end(m->nlh, nest);
	return true;
}

static bool put_timeouts(struct message *m, const struct ztnet_policy *p)
{
	struct nlattr *nest = NULL;
	int t;

	for (t = 1; t <= ZTTIMEOUT_A_MAX; t++) {
		if (!p->has_timeout[t])
			continue;
		if (!nest)
			nest = mnl_attr_nest_start_check(m->nlh, m->size,
							 ZTPOLICY_A_TIMEOUTS);
		if (!nest || !put_u32(m, (uint16_t)t, p->timeout[t]))
			return false;
	}
	if (nest)
		mnl_attr_nest_end(m->nlh, nest);
	return true;
}

static bool put_policy_flags(struct message *m, const struct ztnet_policy *p,
			     bool first)
{
	uint32_t flags = 0;

	if (p->replace_rules && first)
		flags |= ZTPOLICY_F_REPLACE_RULES;
	if (p->delete_rules)
		flags |= ZTPOLICY_F_DELETE_RULES;
	return !flags || put_u32(m, ZTPOLICY_A_FLAGS, flags);
}

static bool put_policy_settings(struct message *m, const struct ztnet_policy *p)
{
	return (!p->has_mode || put_u8(m, ZTPOLICY_A_MODE, p->mode)) &&
	       (!p->has_default_in ||
		put_u8(m, ZTPOLICY_A_DEFAULT_IN, p->default_in)) &&
	       (!p->has_default_out ||
		put_u8(m, ZTPOLICY_A_DEFAULT_OUT, p->default_out)) &&
	       put_policy_flags(m, p, true) &&
	       (!p->has_protect || put_u32_list(m, ZTPOLICY_A_PROTECT,
						p->protect, p->protect_len)) &&
	       (!p->has_max_flows ||
		put_u32(m, ZTPOLICY_A_MAX_FLOWS, p->max_flows)) &&
	       (!p->has_max_peer_flows ||
		put_u32(m, ZTPOLICY_A_MAX_PEER_FLOWS, p->max_peer_flows)) &&
	       put_timeouts(m, p) &&
	       (!p->has_generation || put(m, ZTPOLICY_A_GENERATION,
					  sizeof(p->generation),
					  &p->generation));
}

static bool policy_has_settings(const struct ztnet_policy *p)
{
	int t;

	for (t = 1; t <= ZTTIMEOUT_A_MAX; t++)
		if (p->has_timeout[t])
			return true;
	return p->has_mode || p->has_default_in || p->has_default_out ||
	       p->has_protect || p->has_max_flows || p->has_max_peer_flows ||
	       p->replace_rules || p->has_generation;
}

static size_t put_rule_list(struct message *m, const struct ztnet_policy *p,
			    struct ztnet_set_cursor *cur);

/*
 * The policy's settings, in the first message only.  A message holds one
 * ZTDEVICE_A_POLICY at most, so the rules go in the same nest when no
 * peer comes before them, else in a message after the peers.
 */
static bool put_policy(struct message *m, const struct ztnet_device *dev,
		       struct ztnet_set_cursor *cur)
{
	const struct ztnet_policy *p = dev->policy;
	struct nlattr *nest;

	nest = mnl_attr_nest_start_check(m->nlh, m->size, ZTDEVICE_A_POLICY);
	if (!nest || !put_policy_settings(m, p))
		return false;
	if (!dev->peers_len)
		put_rule_list(m, p, cur);
	mnl_attr_nest_end(m->nlh, nest);
	m->has_policy = true;
	return true;
}

static bool put_device_settings(struct message *m,
				const struct ztnet_device *dev,
				struct ztnet_set_cursor *cur)
{
	bool ok = true;

	if (dev->has_private_key)
		ok &= put(m, ZTDEVICE_A_PRIVATE_KEY, ZTNET_KEY_LEN,
			  dev->private_key);
	if (dev->has_listen_port)
		ok &= put_u16(m, ZTDEVICE_A_LISTEN_PORT, dev->listen_port);
	if (dev->has_fwmark)
		ok &= put_u32(m, ZTDEVICE_A_FWMARK, dev->fwmark);
	if (dev->policy && policy_has_settings(dev->policy))
		ok = ok && put_policy(m, dev, cur);
	return ok;
}

static size_t endpoint_len(const union ztnet_endpoint *endpoint)
{
	if (endpoint->addr.sa_family == AF_INET)
		return sizeof(endpoint->addr4);
	if (endpoint->addr.sa_family == AF_INET6)
		return sizeof(endpoint->addr6);
	return 0;
}

/* Replaces the peer's groups: an empty list means none. */
static bool put_groups(struct message *m, const struct ztnet_peer *peer)
{
	struct nlattr *nest;
	size_t i;

	nest = mnl_attr_nest_start_check(m->nlh, m->size, ZTPEER_A_GROUPS);
	if (!nest)
		return false;
	for (i = 0; i < peer->groups_len; i++)
		if (!mnl_attr_put_strz_check(m->nlh, m->size, 0,
					     peer->groups[i]))
			return false;
	mnl_attr_nest_end(m->nlh, nest);
	return true;
}

/* What only a peer's first chunk says. */
static bool put_peer_settings(struct message *m, const struct ztnet_peer *peer)
{
	size_t len = endpoint_len(&peer->endpoint);
	bool ok = true;

	if (peer->has_preshared_key)
		ok &= put(m, ZTPEER_A_PRESHARED_KEY, ZTNET_KEY_LEN,
			  peer->preshared_key);
	if (len)
		ok &= put(m, ZTPEER_A_ENDPOINT, len, &peer->endpoint);
	if (peer->has_keepalive)
		ok &= put_u16(m, ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL,
			      peer->keepalive);
	return ok && (!peer->has_groups || put_groups(m, peer));
}

static bool put_peer_head(struct message *m, const struct ztnet_peer *peer,
			  bool first_chunk)
{
	uint32_t flags = 0;

	if (peer->remove_me)
		flags |= ZTPEER_F_REMOVE_ME;
	if (peer->update_only)
		flags |= ZTPEER_F_UPDATE_ONLY;
	if (peer->replace_allowedips && first_chunk)
		flags |= ZTPEER_F_REPLACE_ALLOWEDIPS;
	if (!put(m, ZTPEER_A_PUBLIC_KEY, ZTNET_KEY_LEN, peer->public_key))
		return false;
	if (flags && !put_u32(m, ZTPEER_A_FLAGS, flags))
		return false;
	return !first_chunk || put_peer_settings(m, peer);
}

static bool put_allowedip(struct message *m, const struct ztnet_allowedip *ip)
{
	struct nlattr *nest = mnl_attr_nest_start_check(m->nlh, m->size, 0);
	size_t len = ip->family == AF_INET ? sizeof(ip->ip4) : sizeof(ip->ip6);

	if (!nest)
		return false;
	/* No flags attribute when there are none, as wg sends them. */
	if (!put_u16(m, ZTALLOWEDIP_A_FAMILY, ip->family) ||
	    !put(m, ZTALLOWEDIP_A_IPADDR, len, &ip->ip6) ||
	    !put(m, ZTALLOWEDIP_A_CIDR_MASK, sizeof(ip->cidr), &ip->cidr) ||
	    (ip->remove_me &&
	     !put_u32(m, ZTALLOWEDIP_A_FLAGS, ZTALLOWEDIP_F_REMOVE_ME))) {
		mnl_attr_nest_cancel(m->nlh, nest);
		return false;
	}
	mnl_attr_nest_end(m->nlh, nest);
	return true;
}

/* Writes as many of the peer's remaining allowed IPs as fit; how many. */
static size_t put_allowedips(struct message *m, const struct ztnet_peer *peer,
			     size_t from)
{
	struct nlattr *nest;
	size_t i = from;

	nest = mnl_attr_nest_start_check(m->nlh, m->size, ZTPEER_A_ALLOWEDIPS);
	if (!nest)
		return 0;
	while (i < peer->allowedips_len && put_allowedip(m, &peer->allowedips[i]))
		i++;
	if (i == from)
		mnl_attr_nest_cancel(m->nlh, nest);
	else
		mnl_attr_nest_end(m->nlh, nest);
	return i - from;
}

/*
 * Writes the next chunk of the cursor's peer.  A chunk that would hold
 * neither the whole peer nor at least one of its allowed IPs is left for
 * the next message, so that every chunk makes progress.
 */
static enum chunk put_peer(struct message *m, const struct ztnet_peer *peer,
			   struct ztnet_set_cursor *cur)
{
	struct nlattr *nest = mnl_attr_nest_start_check(m->nlh, m->size, 0);
	size_t left = peer->allowedips_len - cur->allowedip, written;

	if (!nest)
		return CHUNK_NONE;
	if (!put_peer_head(m, peer, cur->allowedip == 0))
		goto cancel;
	written = left ? put_allowedips(m, peer, cur->allowedip) : 0;
	if (left && !written)
		goto cancel;
	mnl_attr_nest_end(m->nlh, nest);
	m->has_content = true;
	cur->allowedip += written;
	return written == left ? CHUNK_WHOLE : CHUNK_PARTIAL;
cancel:
	mnl_attr_nest_cancel(m->nlh, nest);
	return CHUNK_NONE;
}

static void put_peers(struct message *m, const struct ztnet_device *dev,
		      struct ztnet_set_cursor *cur)
{
	struct nlattr *nest;
	enum chunk chunk = CHUNK_WHOLE;

	nest = mnl_attr_nest_start_check(m->nlh, m->size, ZTDEVICE_A_PEERS);
	if (!nest)
		return;
	while (cur->peer < dev->peers_len && chunk == CHUNK_WHOLE) {
		chunk = put_peer(m, &dev->peers[cur->peer], cur);
		if (chunk == CHUNK_WHOLE) {
			cur->peer++;
			cur->allowedip = 0;
		}
	}
	/* The nest's length is only set by mnl_attr_nest_end. */
	if ((char *)mnl_nlmsg_get_payload_tail(m->nlh) ==
	    (char *)nest + MNL_ATTR_HDRLEN)
		mnl_attr_nest_cancel(m->nlh, nest);
	else
		mnl_attr_nest_end(m->nlh, nest);
}

/* A rule named by number, for ZTPOLICY_F_DELETE_RULES. */
static bool put_rule_number(struct message *m, uint32_t number)
{
	struct nlattr *nest = mnl_attr_nest_start_check(m->nlh, m->size, 0);

	if (!nest || !put_u32(m, ZTRULE_A_NUMBER, number)) {
		if (nest)
			mnl_attr_nest_cancel(m->nlh, nest);
		return false;
	}
	mnl_attr_nest_end(m->nlh, nest);
	return true;
}

static bool put_one_rule(struct message *m, const struct ztnet_policy_rule *r)
{
	if (r->by_number)
		return put_rule_number(m, r->number);
	return ztnet_rule_put(m->nlh, m->size, &r->rule);
}

static void end_or_cancel(struct message *m, struct nlattr *nest,
			  size_t written)
{
	if (written)
		mnl_attr_nest_end(m->nlh, nest);
	else
		mnl_attr_nest_cancel(m->nlh, nest);
}

/* As many of the next rules as fit, in a ZTPOLICY_A_RULES; how many. */
static size_t put_rule_list(struct message *m, const struct ztnet_policy *p,
			    struct ztnet_set_cursor *cur)
{
	struct nlattr *rules;
	size_t from = cur->rule;

	rules = mnl_attr_nest_start_check(m->nlh, m->size, ZTPOLICY_A_RULES);
	if (!rules)
		return 0;
	while (cur->rule < p->rules_len && put_one_rule(m, &p->rules[cur->rule]))
		cur->rule++;
	end_or_cancel(m, rules, cur->rule - from);
	m->has_content |= cur->rule > from;
	return cur->rule - from;
}

/* The next rules, in a message after the peers. */
static void put_rules(struct message *m, const struct ztnet_policy *p,
		      struct ztnet_set_cursor *cur)
{
	struct nlattr *policy;

	policy = mnl_attr_nest_start_check(m->nlh, m->size, ZTDEVICE_A_POLICY);
	if (!policy)
		return;
	if (!put_policy_flags(m, p, false)) {
		mnl_attr_nest_cancel(m->nlh, policy);
		return;
	}
	end_or_cancel(m, policy, put_rule_list(m, p, cur));
}

/*
 * The flags go last, once it is known whether more messages follow; the
 * last message says how many it commits, so that the kernel applies
 * nothing if it lost any.  Room for them was kept: this cannot fail.
 */
static bool put_flags(struct message *m, const struct ztnet_device *dev,
		      struct ztnet_set_cursor *cur, bool first)
{
	uint32_t flags = 0;

	if (first && dev->replace_peers)
		flags |= ZTDEVICE_F_REPLACE_PEERS;
	if (!cur->done)
		flags |= ZTDEVICE_F_STAGE;
	if (flags && !put_u32(m, ZTDEVICE_A_FLAGS, flags))
		return false;
	if (!cur->done) {
		cur->staged++;
		return true;
	}
	return put_u32(m, ZTDEVICE_A_STAGED, cur->staged);
}

static size_t rules_of(const struct ztnet_device *dev)
{
	return dev->policy ? dev->policy->rules_len : 0;
}

static bool encode_once(const struct ztnet_device *dev,
			struct ztnet_set_cursor *cur, struct nlmsghdr *nlh,
			size_t size)
{
	struct message m = { .nlh = nlh, .size = size - FLAGS_ROOM };
	bool first = !cur->started;

	if (cur->done || size < FLAGS_ROOM ||
	    !mnl_attr_put_strz_check(nlh, m.size, ZTDEVICE_A_IFNAME, dev->ifname))
		return false;
	if (first) {
		if (!put_device_settings(&m, dev, cur))
			return false;
		cur->started = true;
		m.has_content = true;
	}
	if (cur->peer < dev->peers_len)
		put_peers(&m, dev, cur);
	if (cur->peer == dev->peers_len && cur->rule < rules_of(dev) &&
	    !m.has_policy)
		put_rules(&m, dev->policy, cur);
	cur->done = cur->peer == dev->peers_len && cur->rule == rules_of(dev);
	m.size = size;
	return m.has_content && put_flags(&m, dev, cur, first);
}

bool ztnet_set_encode(const struct ztnet_device *dev,
		      struct ztnet_set_cursor *cur, struct nlmsghdr *nlh,
		      size_t size)
{
	struct ztnet_set_cursor saved = *cur;
	uint32_t len = nlh->nlmsg_len;

	if (encode_once(dev, cur, nlh, size))
		return true;
	if (cur->oversize <= size || saved.done)
		return false;
	/* Nothing fitted: the same again, in the whole buffer. */
	*cur = saved;
	nlh->nlmsg_len = len;
	return encode_once(dev, cur, nlh, cur->oversize);
}
