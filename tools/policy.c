// SPDX-License-Identifier: GPL-2.0
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exitcode.h"
#include "mem.h"
#include "policy.h"

static const char *const mode_names[] = {
	[ZTPOLICY_MODE_OFF] = "off",
	[ZTPOLICY_MODE_ENFORCE] = "enforce",
	[ZTPOLICY_MODE_AUDIT] = "audit",
};

static const char *const action_names[] = {
	[ZTRULE_ACCEPT] = "accept",
	[ZTRULE_DROP] = "drop",
	[ZTRULE_REJECT] = "reject",
};

/* Config keys of the timeouts, and the kernel's defaults in seconds. */
static const struct {
	const char *key;
	uint32_t seconds;
} timeouts[ZTTIMEOUT_A_MAX + 1] = {
	[ZTTIMEOUT_A_TCP_OPENING] = { "TimeoutTcpOpening", 60 },
	[ZTTIMEOUT_A_TCP_ESTABLISHED] = { "TimeoutTcpEstablished", 7440 },
	[ZTTIMEOUT_A_TCP_CLOSING] = { "TimeoutTcpClosing", 60 },
	[ZTTIMEOUT_A_UDP] = { "TimeoutUdp", 120 },
	[ZTTIMEOUT_A_ICMP] = { "TimeoutIcmp", 30 },
	[ZTTIMEOUT_A_OTHER] = { "TimeoutOther", 60 },
};

/* The protocols a protected port can be of: those with ports. */
static const struct {
	const char *name;
	uint8_t proto;
} protect_protos[] = {
	{ "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP }, { "sctp", IPPROTO_SCTP },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct ztnet_policy *ztnet_policy_of(struct ztnet_device *dev)
{
	if (!dev->policy) {
		dev->policy = calloc(1, sizeof(*dev->policy));
		if (!dev->policy)
			ztnet_out_of_memory();
	}
	return dev->policy;
}

struct ztnet_policy_rule *ztnet_policy_add_rule(struct ztnet_policy *policy,
						struct ztnet_rule *rule)
{
	struct ztnet_policy_rule *slot;

	ztnet_grow((void **)&policy->rules, &policy->rules_cap,
		   policy->rules_len, sizeof(*policy->rules), false);
	slot = &policy->rules[policy->rules_len++];
	memset(slot, 0, sizeof(*slot));
	slot->rule = *rule;
	/* The lists now belong to the policy. */
	memset(rule, 0, sizeof(*rule));
	return slot;
}

void ztnet_policy_free(struct ztnet_policy *policy)
{
	size_t i;

	if (!policy)
		return;
	for (i = 0; i < policy->rules_len; i++)
		ztnet_rule_wipe(&policy->rules[i].rule);
	free(policy->rules);
	free(policy->protect);
	free(policy);
}

void ztnet_policy_set_defaults(struct ztnet_policy *p)
{
	int t;

	if (!p->has_mode)
		p->mode = ZTPOLICY_MODE_OFF;
	if (!p->has_default_in)
		p->default_in = ZTRULE_DROP;
	if (!p->has_default_out)
		p->default_out = ZTRULE_DROP;
	if (!p->has_max_flows)
		p->max_flows = ZTNET_POLICY_MAX_FLOWS;
	if (!p->has_max_peer_flows)
		p->max_peer_flows = ZTNET_POLICY_MAX_PEER_FLOWS;
	for (t = 1; t <= ZTTIMEOUT_A_MAX; t++)
		if (!p->has_timeout[t])
			p->timeout[t] = timeouts[t].seconds;
	p->has_mode = p->has_default_in = p->has_default_out = true;
	p->has_max_flows = p->has_max_peer_flows = p->has_protect = true;
	for (t = 1; t <= ZTTIMEOUT_A_MAX; t++)
		p->has_timeout[t] = true;
	p->replace_rules = true;
}

void ztnet_policy_take_rules(struct ztnet_policy *to,
			     struct ztnet_policy *from)
{
	size_t i;

	for (i = 0; i < from->rules_len; i++) {
		struct ztnet_policy_rule *slot;

		slot = ztnet_policy_add_rule(to, &from->rules[i].rule);
		slot->by_number = from->rules[i].by_number;
		slot->number = from->rules[i].number;
		slot->packets = from->rules[i].packets;
		slot->bytes = from->rules[i].bytes;
		slot->flows = from->rules[i].flows;
	}
	from->rules_len = 0;
}

static int find_name(const char *const *names, size_t len, const char *text)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (names[i] && strcmp(names[i], text) == 0)
			return (int)i;
	return -1;
}

bool ztnet_parse_mode(const char *text, uint8_t *mode,
		      struct ztnet_parse_error *err)
{
	int i = find_name(mode_names, ARRAY_LEN(mode_names), text);

	if (i < 0)
		return ztnet_parse_invalid(err, "mode", text,
					   "off, enforce or audit");
	*mode = (uint8_t)i;
	return true;
}

bool ztnet_parse_action(const char *text, uint8_t *action, const char *what,
			struct ztnet_parse_error *err)
{
	int i = find_name(action_names, ARRAY_LEN(action_names), text);

	if (i < 0)
		return ztnet_parse_invalid(err, what, text,
					   "accept, drop or reject");
	*action = (uint8_t)i;
	return true;
}

static bool parse_protect_item(const char *item, uint32_t *value,
			       struct ztnet_parse_error *err)
{
	const char *slash = strchr(item, '/');
	uint64_t port;
	size_t i;

	for (i = 0; slash && i < ARRAY_LEN(protect_protos); i++) {
		if (strlen(protect_protos[i].name) != (size_t)(slash - item) ||
		    strncmp(item, protect_protos[i].name, slash - item) != 0)
			continue;
		if (!ztnet_parse_number(slash + 1, 10, 65535, &port) ||
		    port == 0)
			break;
		*value = (uint32_t)protect_protos[i].proto << 16 | (uint32_t)port;
		return true;
	}
	return ztnet_parse_invalid(err, "protected service", item,
				   "tcp/PORT, udp/PORT or sctp/PORT");
}

static bool protect_listed(const struct ztnet_policy *p, uint32_t value)
{
	size_t i;

	for (i = 0; i < p->protect_len; i++)
		if (p->protect[i] == value)
			return true;
	return false;
}

bool ztnet_parse_protect(const char *text, struct ztnet_policy *p,
			 struct ztnet_parse_error *err)
{
	char *copy = ztnet_strndup(text, strlen(text)), *rest = copy, *item;
	size_t cap = p->protect_len;
	bool ok = true;

	p->has_protect = true;
	p->protect_len = 0;
	if (strcmp(text, "none") == 0)
		*rest = '\0';
	while (ok && *copy && (item = strsep(&rest, ","))) {
		uint32_t value = 0;

		ok = parse_protect_item(item, &value, err);
		if (ok && protect_listed(p, value))
			ok = ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
					      "protected twice: '%.*s'",
					      ZTNET_QUOTE_MAX, item);
		else if (ok && p->protect_len == ZTNET_PROTECT_MAX)
			ok = ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
					      "more than %d protected services",
					      ZTNET_PROTECT_MAX);
		if (!ok)
			break;
		ztnet_grow((void **)&p->protect, &cap, p->protect_len,
			   sizeof(*p->protect), false);
		p->protect[p->protect_len++] = value;
	}
	free(copy);
	return ok;
}

bool ztnet_parse_flows(const char *text, uint32_t *value, const char *what,
		       struct ztnet_parse_error *err)
{
	uint64_t n;

	if (!ztnet_parse_number(text, 10, UINT32_MAX, &n) || n == 0)
		return ztnet_parse_invalid(err, what, text, "1 to 4294967295");
	*value = (uint32_t)n;
	return true;
}

int ztnet_timeout_find(const char *key)
{
	int t;

	for (t = 1; t <= ZTTIMEOUT_A_MAX; t++)
		if (strcasecmp(key, timeouts[t].key) == 0)
			return t;
	return 0;
}

bool ztnet_parse_timeout(const char *text, uint32_t *value, const char *what,
			 struct ztnet_parse_error *err)
{
	uint64_t n;

	/* The message spells the bound out, so it must not move alone. */
	_Static_assert(ZTNET_TIMEOUT_MAX == 2147483647U, "the message's bound");
	if (!ztnet_parse_number(text, 10, ZTNET_TIMEOUT_MAX, &n) || n == 0)
		return ztnet_parse_invalid(err, what, text,
					   "1 to 2147483647 seconds");
	*value = (uint32_t)n;
	return true;
}

bool ztnet_peer_in_group(const struct ztnet_peer *peer, const char *name)
{
	size_t i;

	for (i = 0; i < peer->groups_len; i++)
		if (strcmp(peer->groups[i], name) == 0)
			return true;
	return false;
}

static bool add_group(struct ztnet_peer *peer, const char *name, size_t *cap,
		      struct ztnet_parse_error *err)
{
	if (!ztnet_rule_name_ok(name))
		return ztnet_parse_invalid(err, "group name", name,
					   ZTNET_NAME_FORM);
	if (ztnet_peer_in_group(peer, name))
		return ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
					"group listed twice: '%.*s'",
					ZTNET_QUOTE_MAX, name);
	if (peer->groups_len == ZTPEER_GROUPS_MAX)
		return ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
					"more than %d groups for a peer",
					ZTPEER_GROUPS_MAX);
	ztnet_grow((void **)&peer->groups, cap, peer->groups_len,
		   sizeof(*peer->groups), false);
	strcpy(peer->groups[peer->groups_len++], name);
	return true;
}

bool ztnet_parse_groups(const char *text, struct ztnet_peer *peer,
			struct ztnet_parse_error *err)
{
	char *copy = ztnet_strndup(text, strlen(text)), *rest = copy, *name;
	size_t cap = 0;
	bool ok = true;

	free(peer->groups);
	peer->groups = NULL;
	peer->groups_len = 0;
	peer->has_groups = true;
	if (strcmp(text, "none") == 0)
		*rest = '\0';
	while (ok && *copy && (name = strsep(&rest, ",")))
		ok = add_group(peer, name, &cap, err);
	free(copy);
	return ok;
}

const char *ztnet_mode_name(uint8_t mode)
{
	return mode < ARRAY_LEN(mode_names) ? mode_names[mode] : "unknown";
}

const char *ztnet_action_name(uint8_t action)
{
	return action < ARRAY_LEN(action_names) ? action_names[action] :
						   "unknown";
}

const char *ztnet_timeout_key(int t)
{
	return t > 0 && t <= ZTTIMEOUT_A_MAX ? timeouts[t].key : "?";
}

static const char *protect_proto_name(uint8_t proto)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(protect_protos); i++)
		if (protect_protos[i].proto == proto)
			return protect_protos[i].name;
	return NULL;
}

void ztnet_protect_print(FILE *out, const struct ztnet_policy *p)
{
	size_t i;

	for (i = 0; i < p->protect_len; i++) {
		const char *name = protect_proto_name(p->protect[i] >> 16);

		fputs(i ? ", " : "", out);
		if (name)
			fprintf(out, "%s/%u", name, p->protect[i] & 0xffff);
		else
			fprintf(out, "%u/%u", p->protect[i] >> 16,
				p->protect[i] & 0xffff);
	}
}

void ztnet_groups_print(FILE *out, const struct ztnet_peer *peer,
			const char *sep)
{
	size_t i;

	for (i = 0; i < peer->groups_len; i++)
		fprintf(out, "%s%s", i ? sep : "", peer->groups[i]);
}

static bool timeouts_default(const struct ztnet_policy *p)
{
	int t;

	for (t = 1; t <= ZTTIMEOUT_A_MAX; t++)
		if (p->has_timeout[t] && p->timeout[t] != timeouts[t].seconds)
			return false;
	return true;
}

bool ztnet_policy_is_default(const struct ztnet_policy *p)
{
	return (!p->has_mode || p->mode == ZTPOLICY_MODE_OFF) &&
	       (!p->has_default_in || p->default_in == ZTRULE_DROP) &&
	       (!p->has_default_out || p->default_out == ZTRULE_DROP) &&
	       !p->protect_len &&
	       (!p->has_max_flows || p->max_flows == ZTNET_POLICY_MAX_FLOWS) &&
	       (!p->has_max_peer_flows ||
		p->max_peer_flows == ZTNET_POLICY_MAX_PEER_FLOWS) &&
	       timeouts_default(p) && !p->rules_len;
}

static void print_limits(FILE *out, const struct ztnet_policy *p)
{
	int t;

	if (p->has_max_flows && p->max_flows != ZTNET_POLICY_MAX_FLOWS)
		fprintf(out, "MaxFlows = %u\n", p->max_flows);
	if (p->has_max_peer_flows &&
	    p->max_peer_flows != ZTNET_POLICY_MAX_PEER_FLOWS)
		fprintf(out, "MaxPeerFlows = %u\n", p->max_peer_flows);
	for (t = 1; t <= ZTTIMEOUT_A_MAX; t++)
		if (p->has_timeout[t] && p->timeout[t] != timeouts[t].seconds)
			fprintf(out, "%s = %u\n", timeouts[t].key,
				p->timeout[t]);
}

void ztnet_policy_conf_print(FILE *out, const struct ztnet_policy *p)
{
	size_t i;

	fprintf(out, "[Policy]\nMode = %s\n", ztnet_mode_name(p->mode));
	if (p->has_default_in && p->default_in != ZTRULE_DROP)
		fprintf(out, "DefaultIn = %s\n", ztnet_action_name(p->default_in));
	if (p->has_default_out && p->default_out != ZTRULE_DROP)
		fprintf(out, "DefaultOut = %s\n",
			ztnet_action_name(p->default_out));
	if (p->protect_len) {
		fputs("Protect = ", out);
		ztnet_protect_print(out, p);
		fputc('\n', out);
	}
	print_limits(out, p);
	for (i = 0; i < p->rules_len; i++) {
		fputs("Rule = ", out);
		ztnet_rule_print(out, &p->rules[i].rule);
		fputc('\n', out);
	}
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void collect_spec_groups(const struct ztnet_spec *specs, size_t len,
				const char ***names, size_t *n, size_t *cap)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (specs[i].kind != ZTSPEC_GROUP)
			continue;
		ztnet_grow((void **)names, cap, *n, sizeof(**names), false);
		(*names)[(*n)++] = specs[i].group;
	}
}

/* Every group name a peer or a rule of dev uses, not deduplicated. */
static size_t collect_groups(const struct ztnet_device *dev,
			     const char ***names)
{
	size_t i, j, n = 0, cap = 0;

	*names = NULL;
	for (i = 0; i < dev->peers_len; i++)
		for (j = 0; j < dev->peers[i].groups_len; j++) {
			ztnet_grow((void **)names, &cap, n, sizeof(**names),
				   false);
			(*names)[n++] = dev->peers[i].groups[j];
		}
	for (i = 0; dev->policy && i < dev->policy->rules_len; i++) {
		const struct ztnet_rule *r = &dev->policy->rules[i].rule;

		collect_spec_groups(r->from, r->from_len, names, &n, &cap);
		collect_spec_groups(r->to, r->to_len, names, &n, &cap);
	}
	return n;
}

bool ztnet_policy_check_groups(const struct ztnet_device *dev,
			       struct ztnet_parse_error *err)
{
	const char **names;
	size_t n = collect_groups(dev, &names), i, distinct = 0;

	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++)
		distinct += i == 0 || strcmp(names[i - 1], names[i]) != 0;
	free(names);
	if (distinct <= ZTPOLICY_GROUPS_MAX)
		return true;
	return ztnet_parse_fail(err, ZTNET_EXIT_USAGE,
				"%zu groups, more than a device can have (%d)",
				distinct, ZTPOLICY_GROUPS_MAX);
}
