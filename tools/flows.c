// SPDX-License-Identifier: GPL-2.0
/*
 * `ztnet show <interface> flows`: the GET_FLOWS dump (uapi/ztnet.h,
 * "Flows"), one flow a line, tab-separated:
 *
 *   PEER DIRECTION PROTO SRC SPORT DST DPORT STATE RULE AGE-MS
 *   EXPIRES-MS PACKETS-ORIG BYTES-ORIG PACKETS-REPLY BYTES-REPLY
 *
 * A port a protocol does not have is "-"; an ICMP echo shows its
 * identifier as both ports.  The dump is no snapshot: flows come and go
 * while it runs.  But one cut by a resize of the kernel's table
 * (NLM_F_DUMP_INTR), which may repeat or miss any flow, is read again;
 * so the lines are kept until the dump is whole.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"
#include "flows.h"
#include "key.h"
#include "mem.h"

static const struct ztnet_attr_rule flow_rules[ZTFLOW_A_MAX + 1] = {
	[ZTFLOW_A_PUBLIC_KEY] = ZTNET_ATTR_FIXED(ZTNET_KEY_LEN),
	[ZTFLOW_A_DIRECTION] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTFLOW_A_FAMILY] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTFLOW_A_PROTO] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTFLOW_A_SRC] = { .known = true, .min_len = 4, .max_len = 16 },
	[ZTFLOW_A_DST] = { .known = true, .min_len = 4, .max_len = 16 },
	[ZTFLOW_A_SPORT] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTFLOW_A_DPORT] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTFLOW_A_ICMP_ID] = ZTNET_ATTR_FIXED(sizeof(uint16_t)),
	[ZTFLOW_A_STATE] = ZTNET_ATTR_FIXED(sizeof(uint8_t)),
	[ZTFLOW_A_RULE] = ZTNET_ATTR_FIXED(sizeof(uint32_t)),
	[ZTFLOW_A_AGE_MS] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTFLOW_A_EXPIRES_MS] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTFLOW_A_PACKETS_ORIG] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTFLOW_A_BYTES_ORIG] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTFLOW_A_PACKETS_REPLY] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
	[ZTFLOW_A_BYTES_REPLY] = ZTNET_ATTR_FIXED(sizeof(uint64_t)),
};

static const char *const state_names[] = {
	[ZTFLOW_STATE_NEW] = "new",
	[ZTFLOW_STATE_OPENING] = "opening",
	[ZTFLOW_STATE_ESTABLISHED] = "established",
	[ZTFLOW_STATE_CLOSING] = "closing",
};

/* One flow's attributes, by type; NULL where absent. */
struct flow {
	const struct nlattr *a[ZTFLOW_A_MAX + 1];
};

static int flow_attr(const struct nlattr *attr, void *arg)
{
	struct flow *f = arg;
	const struct ztnet_attr_rule *rule;

	rule = ztnet_attr_rule(attr, flow_rules, ZTFLOW_A_MAX);
	if (!rule)
		return MNL_CB_OK;
	if (!ztnet_attr_valid(attr, rule))
		return MNL_CB_ERROR;
	f->a[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static uint64_t u64_of(const struct nlattr *attr)
{
	return attr ? mnl_attr_get_u64(attr) : 0;
}

/* An address of the flow's family, or false. */
static bool format_addr(const struct flow *f, int type, char *buf)
{
	const struct nlattr *attr = f->a[type];
	uint16_t family = mnl_attr_get_u16(f->a[ZTFLOW_A_FAMILY]);
	size_t len = family == AF_INET ? 4 : 16;

	if (!attr || (family != AF_INET && family != AF_INET6) ||
	    mnl_attr_get_payload_len(attr) != len)
		return false;
	return inet_ntop(family, mnl_attr_get_payload(attr), buf,
			 INET6_ADDRSTRLEN) != NULL;
}

static void print_port(FILE *out, const struct flow *f, int type)
{
	const struct nlattr *attr = f->a[type] ? f->a[type] :
				    f->a[ZTFLOW_A_ICMP_ID];

	if (attr)
		fprintf(out, "\t%u", mnl_attr_get_u16(attr));
	else
		fputs("\t-", out);
}

static bool print_flow(FILE *out, const struct flow *f)
{
	char b64[ZTNET_KEY_B64_LEN + 1], src[INET6_ADDRSTRLEN];
	char dst[INET6_ADDRSTRLEN];
	uint8_t state, dir;

	if (!f->a[ZTFLOW_A_PUBLIC_KEY] || !f->a[ZTFLOW_A_FAMILY] ||
	    !f->a[ZTFLOW_A_PROTO] || !f->a[ZTFLOW_A_DIRECTION] ||
	    !format_addr(f, ZTFLOW_A_SRC, src) ||
	    !format_addr(f, ZTFLOW_A_DST, dst))
		return false;
	state = f->a[ZTFLOW_A_STATE] ? mnl_attr_get_u8(f->a[ZTFLOW_A_STATE]) : 0;
	dir = mnl_attr_get_u8(f->a[ZTFLOW_A_DIRECTION]);
	ztnet_key_to_base64(b64, mnl_attr_get_payload(f->a[ZTFLOW_A_PUBLIC_KEY]));
	fprintf(out, "%s\t%s\t%u\t%s", b64, dir == ZTRULE_DIR_OUT ? "out" : "in",
		mnl_attr_get_u8(f->a[ZTFLOW_A_PROTO]), src);
	print_port(out, f, ZTFLOW_A_SPORT);
	fprintf(out, "\t%s", dst);
	print_port(out, f, ZTFLOW_A_DPORT);
	fprintf(out, "\t%s\t%u\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%"
		PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n",
		state < __ZTFLOW_STATE_LAST ? state_names[state] : "unknown",
		f->a[ZTFLOW_A_RULE] ? mnl_attr_get_u32(f->a[ZTFLOW_A_RULE]) : 0,
		u64_of(f->a[ZTFLOW_A_AGE_MS]), u64_of(f->a[ZTFLOW_A_EXPIRES_MS]),
		u64_of(f->a[ZTFLOW_A_PACKETS_ORIG]),
		u64_of(f->a[ZTFLOW_A_BYTES_ORIG]),
		u64_of(f->a[ZTFLOW_A_PACKETS_REPLY]),
		u64_of(f->a[ZTFLOW_A_BYTES_REPLY]));
	return true;
}

static int flow_elem(const struct nlattr *attr, void *arg)
{
	struct ztnet_flows_output *o = arg;
	struct flow f = { 0 };

	if (!ztnet_attr_nested_complete(attr) ||
	    mnl_attr_parse_nested(attr, flow_attr, &f) != MNL_CB_OK)
		return MNL_CB_ERROR;
	if (o->ifname)
		fprintf(o->out, "%s\t", o->ifname);
	if (!print_flow(o->out, &f))
		return MNL_CB_ERROR;
	o->flows++;
	return MNL_CB_OK;
}

static int message_attr(const struct nlattr *attr, void *arg)
{
	if (mnl_attr_get_type(attr) != ZTDEVICE_A_FLOWS)
		return MNL_CB_OK;
	if (!ztnet_attr_nested_complete(attr) ||
	    mnl_attr_parse_nested(attr, flow_elem, arg) != MNL_CB_OK)
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

int ztnet_flows_reply(const struct nlmsghdr *nlh, void *arg)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    genl->cmd != ZTNET_CMD_GET_FLOWS ||
	    !ztnet_attr_payload_complete(nlh, sizeof(*genl)) ||
	    mnl_attr_parse(nlh, sizeof(*genl), message_attr, arg) != MNL_CB_OK) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

#define ZTNET_FLOWS_TRIES 10

/* One dump, its lines kept in memory; printed only if it is whole. */
static int dump_once(struct ztnet_nl *nl, const char *ifname,
		     struct ztnet_flows_output *output)
{
	struct ztnet_flows_output kept = *output;
	struct nlmsghdr *req;
	size_t len = 0;
	char *buf = NULL;
	int err;

	kept.out = open_memstream(&buf, &len);
	if (!kept.out)
		ztnet_out_of_memory();
	req = ztnet_nl_request(nl, ZTNET_CMD_GET_FLOWS, NLM_F_DUMP);
	mnl_attr_put_strz(req, ZTDEVICE_A_IFNAME, ifname);
	err = ztnet_nl_talk(nl, req, ztnet_flows_reply, &kept);
	if (fclose(kept.out))
		ztnet_out_of_memory();
	if (!err) {
		fwrite(buf, 1, len, output->out);
		output->flows = kept.flows;
	}
	free(buf);
	return err;
}

int ztnet_flows_dump(struct ztnet_nl *nl, const char *ifname,
		     struct ztnet_flows_output *output)
{
	int err, tries = 0;

	do
		err = dump_once(nl, ifname, output);
	while (err == -EINTR && ++tries < ZTNET_FLOWS_TRIES);
	return err;
}
