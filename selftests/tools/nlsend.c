// SPDX-License-Identifier: GPL-2.0
/*
 * nlsend: sends one hand-made request to the ztnet generic netlink family
 * and prints how the kernel answered.  The abuse tests use it to send what
 * ztnet(8) never would: unknown, oversized, wrongly typed attributes.
 *
 *   nlsend [--dump [--peers|--policy]] get|set ATTR...
 *   nlsend --script FILE
 *
 * Each ATTR is TYPE=KIND:VALUE with KIND one of u8, u16, u32, u64 (decimal),
 * str (NUL-terminated), raw (the text without a NUL), hex (bytes) or zero
 * (VALUE zero bytes); "TYPE={" opens a nested attribute and "}" closes it.
 *
 * Prints "ok", or "error ERRNO: EXTENDED-ACK-MESSAGE", and exits 0 when the
 * kernel answered at all.  With --peers, a dump first prints each peer
 * element of each message as it came: "peer HEXKEY settings=0|1 ips=N",
 * settings=1 when the element carries the peer's settings (its protocol
 * version among them), which only a peer's first element may.  With
 * --policy it prints the policy: "policy mode=M in=A out=A gen=G groups=N
 * max_flows=F max_peer_flows=P protect=N memory=B", then "rule NUMBER
 * action=A dir=D name=NAME packets=N" for each rule, and "groups HEXKEY
 * NAME,..." for each peer with groups.
 *
 * --script sends each line of FILE, a request as above, on one socket, so
 * that staged requests reach the kernel from the socket that commits
 * them; it prints one answer per line, in a buffer large enough for
 * requests ztnet(8)'s would not hold.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <ztnet.h>

#include "../../tools/netlink.h"

#define MAX_DEPTH 8

struct builder {
	struct nlmsghdr *nlh;
	struct nlattr *open[MAX_DEPTH];
	int depth;
};

static int put_hex(struct nlmsghdr *nlh, uint16_t type, const char *hex)
{
	unsigned char buf[1024];
	size_t len = strlen(hex) / 2, i;

	if (strlen(hex) % 2 || len > sizeof(buf))
		return -1;
	for (i = 0; i < len; i++)
		if (sscanf(hex + 2 * i, "%2hhx", &buf[i]) != 1)
			return -1;
	mnl_attr_put(nlh, type, len, buf);
	return 0;
}

static int put_zero(struct nlmsghdr *nlh, uint16_t type, const char *count)
{
	static const unsigned char zeros[4096];
	unsigned long len = strtoul(count, NULL, 10);

	if (len > sizeof(zeros))
		return -1;
	mnl_attr_put(nlh, type, len, zeros);
	return 0;
}

static int put_value(struct nlmsghdr *nlh, uint16_t type, const char *kind,
		     const char *value)
{
	unsigned long long n = strtoull(value, NULL, 10);

	if (!strcmp(kind, "u8"))
		mnl_attr_put_u8(nlh, type, (uint8_t)n);
	else if (!strcmp(kind, "u16"))
		mnl_attr_put_u16(nlh, type, (uint16_t)n);
	else if (!strcmp(kind, "u32"))
		mnl_attr_put_u32(nlh, type, (uint32_t)n);
	else if (!strcmp(kind, "u64"))
		mnl_attr_put_u64(nlh, type, n);
	else if (!strcmp(kind, "str"))
		mnl_attr_put_strz(nlh, type, value);
	else if (!strcmp(kind, "raw"))
		mnl_attr_put(nlh, type, strlen(value), value);
	else if (!strcmp(kind, "hex"))
		return put_hex(nlh, type, value);
	else if (!strcmp(kind, "zero"))
		return put_zero(nlh, type, value);
	else
		return -1;
	return 0;
}

static int add_arg(struct builder *b, char *arg)
{
	char *eq = strchr(arg, '='), *colon;
	uint16_t type;

	if (!strcmp(arg, "}")) {
		if (!b->depth)
			return -1;
		mnl_attr_nest_end(b->nlh, b->open[--b->depth]);
		return 0;
	}
	if (!eq)
		return -1;
	*eq = '\0';
	type = (uint16_t)strtoul(arg, NULL, 10);
	if (!strcmp(eq + 1, "{")) {
		if (b->depth == MAX_DEPTH)
			return -1;
		b->open[b->depth++] = mnl_attr_nest_start(b->nlh, type);
		return 0;
	}
	colon = strchr(eq + 1, ':');
	if (!colon)
		return -1;
	*colon = '\0';
	return put_value(b->nlh, type, eq + 1, colon + 1);
}

static int ignore_reply(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int count_attr(const struct nlattr *attr, void *data)
{
	(void)attr;
	++*(unsigned int *)data;
	return MNL_CB_OK;
}

struct peer_element {
	const unsigned char *key;
	bool settings;
	unsigned int ips;
};

static int peer_attr(const struct nlattr *attr, void *data)
{
	struct peer_element *e = data;

	switch (mnl_attr_get_type(attr)) {
	case ZTPEER_A_PUBLIC_KEY:
		if (mnl_attr_get_payload_len(attr) == ZTNET_KEY_LEN)
			e->key = mnl_attr_get_payload(attr);
		break;
	case ZTPEER_A_PROTOCOL_VERSION:
		e->settings = true;
		break;
	case ZTPEER_A_ALLOWEDIPS:
		mnl_attr_parse_nested(attr, count_attr, &e->ips);
		break;
	}
	return MNL_CB_OK;
}

static int print_peer(const struct nlattr *attr, void *data)
{
	struct peer_element e = { 0 };
	int i;

	(void)data;
	mnl_attr_parse_nested(attr, peer_attr, &e);
	printf("peer ");
	for (i = 0; e.key && i < ZTNET_KEY_LEN; i++)
		printf("%02x", e.key[i]);
	printf(" settings=%d ips=%u\n", e.settings, e.ips);
	return MNL_CB_OK;
}

static int device_attr(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == ZTDEVICE_A_PEERS)
		mnl_attr_parse_nested(attr, print_peer, data);
	return MNL_CB_OK;
}

static int print_peers(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), device_attr, data);
	return MNL_CB_OK;
}

static void print_names(const struct nlattr *list)
{
	const struct nlattr *name;
	const char *sep = "";

	mnl_attr_for_each_nested(name, list) {
		printf("%s%s", sep, mnl_attr_get_str(name));
		sep = ",";
	}
}

static int print_peer_groups(const struct nlattr *peer, void *data)
{
	const struct nlattr *attr, *groups = NULL;
	const unsigned char *key = NULL;
	int i;

	(void)data;
	mnl_attr_for_each_nested(attr, peer) {
		if (mnl_attr_get_type(attr) == ZTPEER_A_PUBLIC_KEY)
			key = mnl_attr_get_payload(attr);
		if (mnl_attr_get_type(attr) == ZTPEER_A_GROUPS)
			groups = attr;
	}
	if (!key || !groups)
		return MNL_CB_OK;
	printf("groups ");
	for (i = 0; i < ZTNET_KEY_LEN; i++)
		printf("%02x", key[i]);
	printf(" ");
	print_names(groups);
	printf("\n");
	return MNL_CB_OK;
}

static int print_rule(const struct nlattr *rule, void *data)
{
	unsigned int number = 0, action = 9, dir = 9;
	const char *name = "-";
	uint64_t packets = 0;
	const struct nlattr *attr;

	(void)data;
	mnl_attr_for_each_nested(attr, rule) {
		switch (mnl_attr_get_type(attr)) {
		case ZTRULE_A_NUMBER:
			number = mnl_attr_get_u32(attr);
			break;
		case ZTRULE_A_ACTION:
			action = mnl_attr_get_u8(attr);
			break;
		case ZTRULE_A_DIRECTION:
			dir = mnl_attr_get_u8(attr);
			break;
		case ZTRULE_A_NAME:
			name = mnl_attr_get_str(attr);
			break;
		case ZTRULE_A_PACKETS:
			packets = mnl_attr_get_u64(attr);
			break;
		}
	}
	printf("rule %u action=%u dir=%u name=%s packets=%" PRIu64 "\n",
	       number, action, dir, name, packets);
	return MNL_CB_OK;
}

static void print_policy(const struct nlattr *policy)
{
	const struct nlattr *tb[ZTPOLICY_A_MAX + 1] = { 0 }, *attr;
	unsigned int protect = 0;

	mnl_attr_for_each_nested(attr, policy)
		if (mnl_attr_get_type(attr) <= ZTPOLICY_A_MAX)
			tb[mnl_attr_get_type(attr)] = attr;
	if (tb[ZTPOLICY_A_MODE]) {
		if (tb[ZTPOLICY_A_PROTECT])
			mnl_attr_parse_nested(tb[ZTPOLICY_A_PROTECT], count_attr, &protect);
		printf("policy mode=%u in=%u out=%u gen=%" PRIu64 " groups=%u max_flows=%u"
		       " max_peer_flows=%u protect=%u memory=%" PRIu64 "\n",
		       mnl_attr_get_u8(tb[ZTPOLICY_A_MODE]),
		       mnl_attr_get_u8(tb[ZTPOLICY_A_DEFAULT_IN]),
		       mnl_attr_get_u8(tb[ZTPOLICY_A_DEFAULT_OUT]),
		       mnl_attr_get_u64(tb[ZTPOLICY_A_GENERATION]),
		       mnl_attr_get_u32(tb[ZTPOLICY_A_GROUPS]),
		       mnl_attr_get_u32(tb[ZTPOLICY_A_MAX_FLOWS]),
		       mnl_attr_get_u32(tb[ZTPOLICY_A_MAX_PEER_FLOWS]), protect,
		       mnl_attr_get_u64(tb[ZTPOLICY_A_MEMORY]));
	}
	if (tb[ZTPOLICY_A_RULES])
		mnl_attr_parse_nested(tb[ZTPOLICY_A_RULES], print_rule, NULL);
}

static int policy_attr(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == ZTDEVICE_A_PEERS)
		mnl_attr_parse_nested(attr, print_peer_groups, data);
	if (mnl_attr_get_type(attr) == ZTDEVICE_A_POLICY)
		print_policy(attr);
	return MNL_CB_OK;
}

static int print_policy_msg(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), policy_attr, data);
	return MNL_CB_OK;
}

static int usage(void)
{
	fprintf(stderr, "usage: nlsend [--dump [--peers|--policy]] get|set TYPE=KIND:VALUE|TYPE={|}...\n"
			"       nlsend --script FILE\n");
	return 2;
}

#define BIG_SIZE (1 << 20)

/*
 * One request of argv, sent on nl; prints the answer.  Built in a buffer
 * of its own, with the header ztnet_nl_request made: the tool's is small.
 */
static int send_one(struct ztnet_nl *nl, int argc, char **argv)
{
	static char big[BIG_SIZE] __attribute__((aligned(8)));
	struct builder b = { 0 };
	mnl_cb_t reply_cb = ignore_reply;
	struct nlmsghdr *req;
	uint16_t flags = 0;
	int i = 0, err;

	if (i < argc && !strcmp(argv[i], "--dump")) {
		flags = NLM_F_DUMP;
		i++;
	}
	if (flags && i < argc && !strcmp(argv[i], "--peers")) {
		reply_cb = print_peers;
		i++;
	} else if (flags && i < argc && !strcmp(argv[i], "--policy")) {
		reply_cb = print_policy_msg;
		i++;
	}
	if (i >= argc)
		return usage();
	req = ztnet_nl_request(nl, !strcmp(argv[i], "set") ? ZTNET_CMD_SET_DEVICE :
				   ZTNET_CMD_GET_DEVICE, flags);
	memcpy(big, req, req->nlmsg_len);
	b.nlh = (struct nlmsghdr *)big;
	for (i++; i < argc; i++) {
		if (b.nlh->nlmsg_len > BIG_SIZE - 4096 || add_arg(&b, argv[i]))
			return usage();
	}
	if (b.depth)
		return usage();
	err = ztnet_nl_talk(nl, b.nlh, reply_cb, NULL);
	if (err)
		printf("error %s: %s\n", strerrorname_np(-err) ?: "?", nl->ext_ack);
	else
		printf("ok\n");
	fflush(stdout);
	return 0;
}

/* Each line of @path is one request's words. */
static int send_script(struct ztnet_nl *nl, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *word, **argv = NULL;
	size_t cap = 0;
	int argc, max = 0, err = 0;

	if (!f)
		return 1;
	while (!err && getline(&line, &cap, f) > 0) {
		argc = 0;
		for (word = strtok(line, " \t\n"); word; word = strtok(NULL, " \t\n")) {
			if (argc == max) {
				max = max ? max * 2 : 256;
				argv = realloc(argv, max * sizeof(*argv));
				if (!argv)
					return 1;
			}
			argv[argc++] = word;
		}
		if (argc)
			err = send_one(nl, argc, argv);
	}
	free(argv);
	free(line);
	fclose(f);
	return err;
}

int main(int argc, char **argv)
{
	struct ztnet_nl *nl = calloc(1, sizeof(*nl));
	int err;

	if (!nl || argc < 2)
		return usage();
	err = ztnet_nl_open(nl, ZTNET_GENL_NAME);
	if (err)
		return err;
	if (argc == 3 && !strcmp(argv[1], "--script"))
		err = send_script(nl, argv[2]);
	else
		err = send_one(nl, argc - 1, argv + 1);
	ztnet_nl_close(nl);
	free(nl);
	return err;
}
