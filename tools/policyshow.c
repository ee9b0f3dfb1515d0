// SPDX-License-Identifier: GPL-2.0
/*
 * The policy in `show`: a line in the human view, and the field views
 * `show <interface> rules` and `show <interface> policy`, tab-separated
 * and one item a line, for scripts.
 */
#include <inttypes.h>

#include "policy.h"
#include "policyshow.h"

static const char *const drop_names[ZTDROP_MAX + 1] = {
	[ZTDROP_UNSPEC] = "unspec",
	[ZTDROP_NO_RULE] = "no-rule",
	[ZTDROP_DENIED] = "denied",
	[ZTDROP_OVER_CAP] = "over-cap",
	[ZTDROP_FRAGMENT] = "fragment",
	[ZTDROP_UNPARSABLE] = "unparsable",
	[ZTDROP_PLAINTEXT] = "plaintext",
	[ZTDROP_REVOKED] = "revoked",
};

static const char *const timeout_fields[ZTTIMEOUT_A_MAX + 1] = {
	[ZTTIMEOUT_A_TCP_OPENING] = "timeout-tcp-opening",
	[ZTTIMEOUT_A_TCP_ESTABLISHED] = "timeout-tcp-established",
	[ZTTIMEOUT_A_TCP_CLOSING] = "timeout-tcp-closing",
	[ZTTIMEOUT_A_UDP] = "timeout-udp",
	[ZTTIMEOUT_A_ICMP] = "timeout-icmp",
	[ZTTIMEOUT_A_OTHER] = "timeout-other",
};

const char *ztnet_drop_reason_name(unsigned int reason)
{
	return reason <= ZTDROP_MAX ? drop_names[reason] : "unknown";
}

void ztnet_policy_show_line(FILE *out, const struct ztnet_device *dev,
			    const char *on, const char *off)
{
	const struct ztnet_policy *p = dev->policy;

	/* At the defaults and idle, the view stays what `wg show` prints. */
	if (!p || (ztnet_policy_is_default(p) && !p->flows))
		return;
	fprintf(out, "  %spolicy%s: %s", on, off, ztnet_mode_name(p->mode));
	if (p->mode != ZTPOLICY_MODE_OFF)
		fprintf(out, ", default in %s, out %s",
			ztnet_action_name(p->default_in),
			ztnet_action_name(p->default_out));
	fprintf(out, ", %zu rule%s, %u flow%s\n", p->rules_len,
		p->rules_len == 1 ? "" : "s", p->flows, p->flows == 1 ? "" : "s");
}

void ztnet_groups_show_line(FILE *out, const struct ztnet_peer *peer,
			    const char *on, const char *off)
{
	if (!peer->groups_len)
		return;
	fprintf(out, "  %sgroups%s: ", on, off);
	ztnet_groups_print(out, peer, ", ");
	fputc('\n', out);
}

static void prefix(FILE *out, const char *ifname)
{
	if (ifname)
		fprintf(out, "%s\t", ifname);
}

void ztnet_rules_show(FILE *out, const struct ztnet_device *dev,
		      const char *ifname)
{
	const struct ztnet_policy *p = dev->policy;
	size_t i;

	for (i = 0; p && i < p->rules_len; i++) {
		const struct ztnet_policy_rule *r = &p->rules[i];

		prefix(out, ifname);
		fprintf(out, "%u\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t",
			r->number, r->packets, r->bytes, r->flows);
		ztnet_rule_print(out, &r->rule);
		fputc('\n', out);
	}
}

static void show_u64(FILE *out, const char *ifname, const char *key,
		     uint64_t value)
{
	prefix(out, ifname);
	fprintf(out, "%s\t%" PRIu64 "\n", key, value);
}

static void show_text(FILE *out, const char *ifname, const char *key,
		      const char *value)
{
	prefix(out, ifname);
	fprintf(out, "%s\t%s\n", key, value);
}

static void show_counters(FILE *out, const char *ifname, const char *key,
			  const uint64_t *counters)
{
	unsigned int r;

	for (r = ZTDROP_UNSPEC + 1; r <= ZTDROP_MAX; r++) {
		prefix(out, ifname);
		fprintf(out, "%s\t%s\t%" PRIu64 "\n", key, drop_names[r],
			counters[r]);
	}
}

static void show_protect(FILE *out, const struct ztnet_policy *p,
			 const char *ifname)
{
	prefix(out, ifname);
	fputs("protect\t", out);
	if (p->protect_len)
		ztnet_protect_print(out, p);
	else
		fputs("(none)", out);
	fputc('\n', out);
}

void ztnet_policy_show(FILE *out, const struct ztnet_device *dev,
		       const char *ifname)
{
	const struct ztnet_policy *p = dev->policy;
	int t;

	if (!p)
		return;
	show_text(out, ifname, "mode", ztnet_mode_name(p->mode));
	show_text(out, ifname, "default-in", ztnet_action_name(p->default_in));
	show_text(out, ifname, "default-out",
		  ztnet_action_name(p->default_out));
	show_protect(out, p, ifname);
	show_u64(out, ifname, "max-flows", p->max_flows);
	show_u64(out, ifname, "max-peer-flows", p->max_peer_flows);
	for (t = 1; t <= ZTTIMEOUT_A_MAX; t++)
		show_u64(out, ifname, timeout_fields[t], p->timeout[t]);
	show_u64(out, ifname, "rules", p->rules_len);
	show_u64(out, ifname, "generation", p->generation);
	show_u64(out, ifname, "flows", p->flows);
	show_u64(out, ifname, "groups", p->groups);
	show_u64(out, ifname, "memory", p->memory);
	show_counters(out, ifname, "drops", p->drops);
	show_counters(out, ifname, "would-drop", p->would_drop);
}
