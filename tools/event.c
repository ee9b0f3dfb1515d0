// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <string.h>
#include <time.h>

#include "attr.h"
#include "event.h"
#include "json.h"
#include "key.h"
#include "policyshow.h"

static const struct ztnet_attr_rule event_rules[ZTEVENT_A_MAX + 1] = {
	[ZTEVENT_A_TYPE] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTEVENT_A_TIME_NS] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTEVENT_A_IFINDEX] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTEVENT_A_IFNAME] = ZTNET_ATTR_STRING(IFNAMSIZ),
	[ZTEVENT_A_PUBLIC_KEY] = ZTNET_ATTR_FIXED(ZTNET_KEY_LEN),
	[ZTEVENT_A_GROUPS] = ZTNET_ATTR_NESTED,
	[ZTEVENT_A_DIRECTION] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTEVENT_A_FAMILY] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTEVENT_A_PROTO] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTEVENT_A_SRC] = { .known = true, .min_len = 4, .max_len = 16 },
	[ZTEVENT_A_DST] = { .known = true, .min_len = 4, .max_len = 16 },
	[ZTEVENT_A_SPORT] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTEVENT_A_DPORT] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTEVENT_A_ICMP_TYPE] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTEVENT_A_ICMP_CODE] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTEVENT_A_RULE] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTEVENT_A_RULE_NAME] = ZTNET_ATTR_STRING(ZTRULE_NAME_MAX + 1),
	[ZTEVENT_A_REASON] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTEVENT_A_PACKETS_ORIG] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTEVENT_A_BYTES_ORIG] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTEVENT_A_PACKETS_REPLY] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTEVENT_A_BYTES_REPLY] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTEVENT_A_DURATION_MS] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTEVENT_A_GENERATION] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTEVENT_A_SUPPRESSED] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
};

static const char *const type_names[] = {
	[ZTEVENT_UNSPEC] = "unspec",
	[ZTEVENT_FLOW_ACCEPT] = "flow-accept",
	[ZTEVENT_FLOW_DENY] = "flow-deny",
	[ZTEVENT_FLOW_WOULD_DENY] = "flow-would-deny",
	[ZTEVENT_OVER_CAP] = "over-cap",
	[ZTEVENT_REVOKED] = "revoked",
	[ZTEVENT_PLAINTEXT_BLOCK] = "plaintext-block",
	[ZTEVENT_PLAINTEXT_WOULD_BLOCK] = "plaintext-would-block",
	[ZTEVENT_FLOW_END] = "flow-end",
	[ZTEVENT_POLICY_COMMIT] = "policy-commit",
};

/* The u64 attributes printed as they are, in this order. */
static const struct {
	int type;
	const char *key;
} counters[] = {
	{ ZTEVENT_A_PACKETS_ORIG, "packets_orig" },
	{ ZTEVENT_A_BYTES_ORIG, "bytes_orig" },
	{ ZTEVENT_A_PACKETS_REPLY, "packets_reply" },
	{ ZTEVENT_A_BYTES_REPLY, "bytes_reply" },
	{ ZTEVENT_A_DURATION_MS, "duration_ms" },
	{ ZTEVENT_A_GENERATION, "generation" },
	{ ZTEVENT_A_SUPPRESSED, "suppressed" },
};

struct event {
	const struct nlattr *a[ZTEVENT_A_MAX + 1];
	FILE *out;
	bool json;
};

static int event_attr(const struct nlattr *attr, void *arg)
{
	struct event *e = arg;
	const struct ztnet_attr_rule *rule;

	rule = ztnet_attr_rule(attr, event_rules, ZTEVENT_A_MAX);
	if (!rule)
		return MNL_CB_OK;
	if (!ztnet_attr_valid(attr, rule))
		return MNL_CB_ERROR;
	e->a[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/*
 * The text form's values hold no blank, so that a line splits at blanks
 * and each pair at its first '=' (a key's base64 ends in one).
 */
static void text_string(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c >= 0x7f || c == '\\')
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

static void put_key(const struct event *e, const char *key)
{
	if (e->json)
		fprintf(e->out, ",\"%s\":", key);
	else
		fprintf(e->out, " %s=", key);
}

static void put_str(const struct event *e, const char *key, const char *value)
{
	put_key(e, key);
	(e->json ? ztnet_json_string : text_string)(e->out, value);
}

static void put_u64(const struct event *e, const char *key, uint64_t value)
{
	put_key(e, key);
	fprintf(e->out, "%" PRIu64, value);
}

static void put_groups(const struct event *e)
{
	const struct nlattr *g;
	bool first = true;

	put_key(e, "groups");
	fputs(e->json ? "[" : "", e->out);
	mnl_attr_for_each_nested(g, e->a[ZTEVENT_A_GROUPS]) {
		fputs(first ? "" : ",", e->out);
		(e->json ? ztnet_json_string : text_string)(e->out,
						       mnl_attr_get_str(g));
		first = false;
	}
	fputs(e->json ? "]" : "", e->out);
}

/* Group names are NUL-terminated strings of the rule grammar's length. */
static bool groups_valid(const struct nlattr *nest)
{
	static const struct ztnet_attr_rule name =
		ZTNET_ATTR_STRING(ZTRULE_NAME_MAX + 1);
	const struct nlattr *g;

	if (!ztnet_attr_nested_complete(nest))
		return false;
	mnl_attr_for_each_nested(g, nest)
		if (!ztnet_attr_valid(g, &name))
			return false;
	return true;
}

/* event_valid has checked the family and the length. */
static void put_addr(const struct event *e, const char *key, int type)
{
	const struct nlattr *attr = e->a[type];
	char text[INET6_ADDRSTRLEN];

	if (attr && inet_ntop(mnl_attr_get_u16(e->a[ZTEVENT_A_FAMILY]),
			      mnl_attr_get_payload(attr), text, sizeof(text)))
		put_str(e, key, text);
}

static void put_time(const struct event *e)
{
	uint64_t ns = e->a[ZTEVENT_A_TIME_NS] ?
		      mnl_attr_get_u64(e->a[ZTEVENT_A_TIME_NS]) : 0;
	time_t sec = (time_t)(ns / 1000000000);
	struct tm tm;
	char text[32];

	if (e->json) {
		fprintf(e->out, "{\"time_ns\":%" PRIu64, ns);
		return;
	}
	if (!gmtime_r(&sec, &tm) ||
	    !strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm))
		strcpy(text, "?");
	fprintf(e->out, "%s.%09" PRIu64 "Z", text, ns % 1000000000);
}

static void put_head(const struct event *e)
{
	uint8_t type = mnl_attr_get_u8(e->a[ZTEVENT_A_TYPE]);
	const char *name = type < sizeof(type_names) / sizeof(type_names[0]) ?
			   type_names[type] : "unknown";

	put_time(e);
	if (e->json) {
		put_str(e, "ifname", mnl_attr_get_str(e->a[ZTEVENT_A_IFNAME]));
		put_str(e, "type", name);
		return;
	}
	fputc(' ', e->out);
	text_string(e->out, mnl_attr_get_str(e->a[ZTEVENT_A_IFNAME]));
	fprintf(e->out, " %s", name);
}

static void put_peer(const struct event *e)
{
	char b64[ZTNET_KEY_B64_LEN + 1];

	if (e->a[ZTEVENT_A_PUBLIC_KEY]) {
		ztnet_key_to_base64(b64, mnl_attr_get_payload(e->a[ZTEVENT_A_PUBLIC_KEY]));
		put_str(e, "peer", b64);
	}
	if (e->a[ZTEVENT_A_GROUPS])
		put_groups(e);
	if (e->a[ZTEVENT_A_DIRECTION])
		put_str(e, "dir", mnl_attr_get_u8(e->a[ZTEVENT_A_DIRECTION]) ==
			ZTRULE_DIR_OUT ? "out" : "in");
}

static void put_u8_attr(const struct event *e, const char *key, int type)
{
	if (e->a[type])
		put_u64(e, key, mnl_attr_get_u8(e->a[type]));
}

static void put_u16_attr(const struct event *e, const char *key, int type)
{
	if (e->a[type])
		put_u64(e, key, mnl_attr_get_u16(e->a[type]));
}

static void put_packet(const struct event *e)
{
	put_u8_attr(e, "proto", ZTEVENT_A_PROTO);
	put_addr(e, "src", ZTEVENT_A_SRC);
	put_u16_attr(e, "sport", ZTEVENT_A_SPORT);
	put_addr(e, "dst", ZTEVENT_A_DST);
	put_u16_attr(e, "dport", ZTEVENT_A_DPORT);
	put_u8_attr(e, "icmp_type", ZTEVENT_A_ICMP_TYPE);
	put_u8_attr(e, "icmp_code", ZTEVENT_A_ICMP_CODE);
}

static void put_verdict(const struct event *e)
{
	size_t i;

	if (e->a[ZTEVENT_A_RULE])
		put_u64(e, "rule", mnl_attr_get_u32(e->a[ZTEVENT_A_RULE]));
	if (e->a[ZTEVENT_A_RULE_NAME])
		put_str(e, "rule_name", mnl_attr_get_str(e->a[ZTEVENT_A_RULE_NAME]));
	if (e->a[ZTEVENT_A_REASON])
		put_str(e, "reason", ztnet_drop_reason_name(
				mnl_attr_get_u8(e->a[ZTEVENT_A_REASON])));
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		if (e->a[counters[i].type])
			put_u64(e, counters[i].key,
				mnl_attr_get_u64(e->a[counters[i].type]));
}

static bool addr_valid(const struct event *e, int type)
{
	uint16_t family;

	if (!e->a[type])
		return true;
	if (!e->a[ZTEVENT_A_FAMILY])
		return false;
	family = mnl_attr_get_u16(e->a[ZTEVENT_A_FAMILY]);
	if (family == AF_INET)
		return mnl_attr_get_payload_len(e->a[type]) == 4;
	return family == AF_INET6 && mnl_attr_get_payload_len(e->a[type]) == 16;
}

/* Checks all before printing anything: a line is whole or not at all. */
static bool event_valid(const struct event *e)
{
	return e->a[ZTEVENT_A_TYPE] && e->a[ZTEVENT_A_IFNAME] &&
	       (!e->a[ZTEVENT_A_GROUPS] || groups_valid(e->a[ZTEVENT_A_GROUPS])) &&
	       addr_valid(e, ZTEVENT_A_SRC) && addr_valid(e, ZTEVENT_A_DST);
}

enum ztnet_event_result ztnet_event_print(FILE *out,
					  const struct nlmsghdr *nlh,
					  const char *ifname, bool json)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct event e = { .out = out, .json = json };

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    genl->cmd != ZTNET_CMD_EVENT ||
	    !ztnet_attr_payload_complete(nlh, sizeof(*genl)) ||
	    mnl_attr_parse(nlh, sizeof(*genl), event_attr, &e) != MNL_CB_OK ||
	    !event_valid(&e))
		return ZTNET_EVENT_MALFORMED;
	if (ifname && strcmp(ifname, mnl_attr_get_str(e.a[ZTEVENT_A_IFNAME])))
		return ZTNET_EVENT_FILTERED;
	put_head(&e);
	put_peer(&e);
	put_packet(&e);
	put_verdict(&e);
	fputs(json ? "}\n" : "\n", out);
	return ZTNET_EVENT_PRINTED;
}
