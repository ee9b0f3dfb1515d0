// SPDX-License-Identifier: GPL-2.0
/*
 * Microsegment policy in the tool: the [Policy] section and Groups of the
 * configuration format (tools/conf.c, policy.c), their printing by
 * showconf, and their trip through SET_DEVICE requests (encode.c,
 * decode.c, policyattr.c).
 */
#include <linux/genetlink.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "conf.h"
#include "confprint.h"
#include "decode.h"
#include "encode.h"
#include "event.h"
#include "harness.h"
#include "fields.h"
#include "key.h"
#include "nlbuild.h"
#include "policy.h"
#include "pretty.h"
#include "query.h"
#include "setargs.h"

#define PRIV "GEwV7E0G2/qG9FyTHrFPbAOm0dkOo6zTlbFZN85Dwm4="
#define PEER1 "Est9qVD1Y0Z6FNdedkmaBgm7uw4upAdV8xAb79o6WHg="
#define PEER2 "67e4QOZl1WcuhiHk01VkzhEoSYcuenBNNvHu6BCWKn0="

/* What showconf prints of a device with a policy: the canonical form. */
static const char canonical[] =
	"[Interface]\n"
	"ListenPort = 51820\n"
	"PrivateKey = " PRIV "\n"
	"\n"
	"[Policy]\n"
	"Mode = enforce\n"
	"DefaultOut = accept\n"
	"Protect = tcp/5432, tcp/22, udp/53\n"
	"MaxPeerFlows = 100\n"
	"TimeoutUdp = 30\n"
	"Rule = accept in from group:web to 10.0.0.5/32 proto tcp port 5432 name web-db\n"
	"Rule = accept in from group:admins,group:ops proto tcp port 22\n"
	"Rule = accept out proto icmp type echo-request\n"
	"\n"
	"[Peer]\n"
	"PublicKey = " PEER1 "\n"
	"AllowedIPs = 10.0.0.2/32\n"
	"Groups = web, prod\n"
	"\n"
	"[Peer]\n"
	"PublicKey = " PEER2 "\n"
	"AllowedIPs = 10.0.0.3/32\n";

/* The same, as a person might write it. */
static const char written[] =
	"[Interface]\n"
	"PrivateKey = " PRIV "\n"
	"ListenPort = 51820\n"
	"\n"
	"[policy]\n"
	"mode = enforce\n"
	"DefaultIn = drop\n"
	"DefaultOut = accept   # for now\n"
	"Protect = tcp/5432,tcp/22 , udp/53\n"
	"MaxPeerFlows = 100\n"
	"TimeoutUdp = 30\n"
	"Rule = accept in from group:web to 10.0.0.5 proto tcp port 5432 name web-db   # the db\n"
	"rule =\taccept   in from group:admins , group:ops proto tcp\tport 22\n"
	"Rule = accept out proto icmp type 8\n"
	"\n"
	"[Peer]\n"
	"PublicKey = " PEER1 "\n"
	"AllowedIPs = 10.0.0.2/32\n"
	"Groups = web , prod\n"
	"[Peer]\n"
	"PublicKey = " PEER2 "\n"
	"AllowedIPs = 10.0.0.3/32\n";

static bool parse(const char *text, bool append, struct ztnet_device *dev,
		  struct ztnet_parse_error *err)
{
	return ztnet_conf_parse(text, strlen(text), append, dev, err);
}

/* showconf's text of dev, to be freed. */
static char *conf_text(const struct ztnet_device *dev)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		abort();
	ztnet_conf_print(out, dev);
	fclose(out);
	return text;
}

static bool prints_as(const char *in, const char *expected)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;
	char *text;
	bool same;

	if (!parse(in, false, &dev, &err)) {
		printf("# line %u: %s\n", err.line, err.msg);
		return false;
	}
	text = conf_text(&dev);
	same = strcmp(text, expected) == 0;
	if (!same)
		printf("# got:\n%s", text);
	free(text);
	ztnet_device_wipe(&dev);
	return same;
}

static bool test_round_trip(void)
{
	CHECK(prints_as(written, canonical));
	CHECK(prints_as(canonical, canonical));
	return true;
}

static bool test_whole_policy(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;
	struct ztnet_policy *p;

	CHECK(parse(written, false, &dev, &err));
	p = dev.policy;
	CHECK(p && p->has_mode && p->mode == ZTPOLICY_MODE_ENFORCE);
	CHECK(p->replace_rules && !p->delete_rules && p->rules_len == 3);
	CHECK(p->has_max_flows && p->max_flows == ZTNET_POLICY_MAX_FLOWS);
	CHECK(p->has_timeout[ZTTIMEOUT_A_UDP] && p->timeout[ZTTIMEOUT_A_UDP] == 30);
	CHECK(p->has_timeout[ZTTIMEOUT_A_ICMP] && p->timeout[ZTTIMEOUT_A_ICMP] == 30);
	CHECK(p->protect_len == 3 && p->protect[2] == (17U << 16 | 53));
	/* Every peer's groups are set: the second's to none. */
	CHECK(dev.peers[0].has_groups && dev.peers[0].groups_len == 2);
	CHECK(dev.peers[1].has_groups && dev.peers[1].groups_len == 0);
	ztnet_device_wipe(&dev);

	/* addconf adds rules, and sets only what it says. */
	CHECK(parse("[Policy]\nRule = drop in proto udp\n", true, &dev, &err));
	CHECK(dev.policy && !dev.policy->replace_rules &&
	      !dev.policy->has_mode && dev.policy->rules_len == 1);
	ztnet_device_wipe(&dev);
	return true;
}

/* A WireGuard file is read as before: no policy, no groups sent. */
static bool test_wireguard_file(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;

	CHECK(parse("[Interface]\nPrivateKey = " PRIV "\n[Peer]\nPublicKey = "
		    PEER1 "\nAllowedIPs = 10.0.0.0/8\n", false, &dev, &err));
	CHECK(!dev.policy && !dev.peers[0].has_groups);
	ztnet_device_wipe(&dev);
	/* Groups alone set only that peer's. */
	CHECK(parse("[Peer]\nPublicKey = " PEER1 "\nGroups = a\n[Peer]\n"
		    "PublicKey = " PEER2 "\n", false, &dev, &err));
	CHECK(!dev.policy && dev.peers[0].has_groups && !dev.peers[1].has_groups);
	ztnet_device_wipe(&dev);
	return true;
}

static bool refused(const char *text, unsigned int line, const char *what)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;

	if (parse(text, false, &dev, &err)) {
		ztnet_device_wipe(&dev);
		printf("# accepted: %s\n", text);
		return false;
	}
	if (err.line != line || err.status != 2 || !strstr(err.msg, what)) {
		printf("# line %u, status %d: %s\n", err.line, err.status,
		       err.msg);
		return false;
	}
	return true;
}

static bool test_errors(void)
{
	CHECK(refused("[Policy]\nMode = on\n", 2, "invalid mode"));
	CHECK(refused("[Policy]\n\nDefaultIn = allow\n", 3, "DefaultIn"));
	CHECK(refused("[Policy]\nProtect = tcp/0\n", 2, "protected service"));
	CHECK(refused("[Policy]\nProtect = icmp/1\n", 2, "protected service"));
	CHECK(refused("[Policy]\nProtect = tcp/22,tcp/22\n", 2, "twice"));
	CHECK(refused("[Policy]\nMaxFlows = 0\n", 2, "MaxFlows"));
	CHECK(refused("[Policy]\nTimeoutTcpEstablished = 2147483648\n", 2,
		      "TimeoutTcpEstablished"));
	CHECK(refused("[Policy]\nTimeoutSctp = 5\n", 2, "invalid key in"));
	CHECK(refused("[Policy]\nMode = off\n[Policy]\n", 3, "second"));
	CHECK(refused("[Policy]\nRule = accept sideways\n", 2, ""));
	CHECK(refused("[Policy]\nRule = accept in to group:web\n", 2,
		      "remote side"));
	CHECK(refused("[Policy]\nRule =\n", 2, "no value"));
	CHECK(refused("[Peer]\nPublicKey = " PEER1 "\nGroups = 1web\n", 3,
		      "invalid group name"));
	CHECK(refused("[Peer]\nPublicKey = " PEER1 "\nGroups = a,b,a\n", 3,
		      "twice"));
	CHECK(refused("Rule = accept in\n", 1, "a key before"));
	CHECK(refused("[Interface]\nRule = accept in\n", 2, "invalid key in"));
	return true;
}

static struct nlmsghdr *start_request(char *buf, size_t len)
{
	return ztnet_nlbuild_start(buf, len, GENL_MIN_ID, ZTNET_CMD_SET_DEVICE);
}

/* Encodes dev in messages of size bytes and decodes them into back. */
static bool trip(const struct ztnet_device *dev, size_t size,
		 struct ztnet_device *back, unsigned int *messages)
{
	struct ztnet_set_cursor cur = { .oversize = 32768 };
	char *buf = malloc(32768);
	bool ok = true;

	*messages = 0;
	memset(back, 0, sizeof(*back));
	while (ok && !cur.done) {
		struct ztnet_device part;

		ok = ztnet_set_encode(dev, &cur, start_request(buf, 32768), size) &&
		     ztnet_request_parse((struct nlmsghdr *)buf, &part);
		if (!ok)
			break;
		/* Only the first may replace the rules. */
		ok = !*messages || !part.policy || !part.policy->replace_rules;
		if (!(*messages)++)
			*back = part;
		else
			ztnet_device_absorb(back, &part);
	}
	free(buf);
	return ok;
}

static bool test_request_trip(void)
{
	static const size_t sizes[] = { 256, 512, 1024, 8192 };
	struct ztnet_parse_error err;
	struct ztnet_device dev, back;
	unsigned int messages;
	char *want, *got;
	size_t i;

	CHECK(parse(canonical, false, &dev, &err));
	strcpy(dev.ifname, "zt0");
	want = conf_text(&dev);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		CHECK(trip(&dev, sizes[i], &back, &messages));
		got = conf_text(&back);
		CHECK(strcmp(want, got) == 0);
		CHECK(back.policy->replace_rules);
		CHECK(back.peers[1].has_groups && !back.peers[1].groups_len);
		free(got);
		ztnet_device_wipe(&back);
		/*
		 * 8 KiB holds it all, but a message has one policy nest: the
		 * settings and peers in the first, the rules in the second.
		 */
		CHECK(sizes[i] != 8192 || messages == 2);
	}
	free(want);
	ztnet_device_wipe(&dev);
	return true;
}

/* A rule too big for any small message goes alone in a big one. */
static bool test_oversize(void)
{
	struct ztnet_device dev = { 0 }, back;
	struct ztnet_parse_error err;
	char line[12000];
	size_t len, n;
	unsigned int messages;
	int i;

	len = (size_t)snprintf(line, sizeof(line), "[Policy]\nRule = accept in from ");
	for (i = 0; i < 256; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					"%sfd00::%x", i ? "," : "", i);
	snprintf(line + len, sizeof(line) - len, "\n");
	CHECK(parse(line, false, &dev, &err));
	strcpy(dev.ifname, "zt0");
	CHECK(trip(&dev, 8192, &back, &messages));
	n = back.policy->rules_len;
	CHECK(n == 1 && back.policy->rules[0].rule.from_len == 256);
	ztnet_device_wipe(&back);
	ztnet_device_wipe(&dev);
	return true;
}

/* GET_DEVICE replies: the policy first, rules after the peers. */
static char replies[3][2048] __attribute__((aligned(8)));

static struct nlmsghdr *reply(int n)
{
	struct nlmsghdr *nlh = ztnet_nlbuild_start(replies[n], sizeof(replies[n]),
						   GENL_MIN_ID + 1,
						   ZTNET_CMD_GET_DEVICE);

	mnl_attr_put_u32(nlh, ZTDEVICE_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, "zt0");
	return nlh;
}

static void put_settings(struct nlmsghdr *nlh)
{
	struct nlattr *policy = mnl_attr_nest_start(nlh, ZTDEVICE_A_POLICY);
	struct nlattr *nest;

	mnl_attr_put_u8(nlh, ZTPOLICY_A_MODE, ZTPOLICY_MODE_AUDIT);
	mnl_attr_put_u8(nlh, ZTPOLICY_A_DEFAULT_IN, ZTRULE_REJECT);
	mnl_attr_put_u8(nlh, ZTPOLICY_A_DEFAULT_OUT, ZTRULE_DROP);
	nest = mnl_attr_nest_start(nlh, ZTPOLICY_A_PROTECT);
	mnl_attr_put_u32(nlh, 0, 6U << 16 | 22);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, ZTPOLICY_A_MAX_FLOWS, 65536);
	mnl_attr_put_u32(nlh, ZTPOLICY_A_MAX_PEER_FLOWS, 4096);
	nest = mnl_attr_nest_start(nlh, ZTPOLICY_A_TIMEOUTS);
	mnl_attr_put_u32(nlh, ZTTIMEOUT_A_TCP_ESTABLISHED, 600);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u64(nlh, ZTPOLICY_A_GENERATION, 9);
	nest = mnl_attr_nest_start(nlh, ZTPOLICY_A_DROPS);
	mnl_attr_put_u64(nlh, ZTDROP_DENIED, 5);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, ZTPOLICY_A_FLOWS, 3);
	mnl_attr_nest_end(nlh, policy);
}

static void put_group_peer(struct nlmsghdr *nlh)
{
	struct nlattr *peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	struct nlattr *peer = mnl_attr_nest_start(nlh, 0), *groups;
	uint8_t key[ZTNET_KEY_LEN];

	ztnet_key_from_base64(key, PEER1, strlen(PEER1));
	mnl_attr_put(nlh, ZTPEER_A_PUBLIC_KEY, sizeof(key), key);
	groups = mnl_attr_nest_start(nlh, ZTPEER_A_GROUPS);
	mnl_attr_put_strz(nlh, 0, "web");
	mnl_attr_put_strz(nlh, 0, "prod");
	mnl_attr_nest_end(nlh, groups);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
}

/* "accept in from group:web proto tcp port 5432 name web-db", in force. */
static void put_rule(struct nlmsghdr *nlh, uint32_t number, uint8_t action)
{
	const struct ztnet_nlbuild_counts counts = {
		.packets = 10, .bytes = 1000, .flows = 2,
	};

	ztnet_nlbuild_rule(nlh, action, number, "web-db", &counts);
}

static void put_rules(struct nlmsghdr *nlh, uint32_t first, int count,
		      uint8_t action)
{
	struct nlattr *policy = mnl_attr_nest_start(nlh, ZTDEVICE_A_POLICY);
	struct nlattr *rules = mnl_attr_nest_start(nlh, ZTPOLICY_A_RULES);
	int i;

	for (i = 0; i < count; i++)
		put_rule(nlh, first + (uint32_t)i, action);
	mnl_attr_nest_end(nlh, rules);
	mnl_attr_nest_end(nlh, policy);
}

static bool keep(struct ztnet_device *dev, void *arg)
{
	*(struct ztnet_device *)arg = *dev;
	return true;
}

/* Feeds the replies to the collector: the device they make, or false. */
static bool collect(int count, struct ztnet_device *dev)
{
	struct ztnet_collect c = { .flush = keep, .arg = dev };
	int i;

	memset(dev, 0, sizeof(*dev));
	for (i = 0; i < count; i++)
		if (ztnet_collect_reply((struct nlmsghdr *)replies[i], &c) !=
		    MNL_CB_OK) {
			ztnet_collect_discard(&c);
			return false;
		}
	return ztnet_collect_finish(&c);
}

static char *field_text(const struct ztnet_device *dev, enum ztnet_field f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		abort();
	ztnet_fields_print(out, dev, f, false);
	fclose(out);
	return text;
}

static char *human_text(const struct ztnet_device *dev)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		abort();
	ztnet_device_print_at(out, dev, 0);
	fclose(out);
	return text;
}

static bool test_reply(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh;
	char *text;

	nlh = reply(0);
	put_settings(nlh);
	put_group_peer(nlh);
	put_rules(reply(1), 4, 2, ZTRULE_ACCEPT);
	put_rules(reply(2), 6, 1, ZTRULE_DROP);
	CHECK(collect(3, &dev));
	CHECK(dev.policy && dev.policy->rules_len == 3);
	CHECK(dev.policy->mode == ZTPOLICY_MODE_AUDIT &&
	      dev.policy->generation == 9 && dev.policy->flows == 3 &&
	      dev.policy->drops[ZTDROP_DENIED] == 5);
	CHECK(dev.peers_len == 1 && dev.peers[0].groups_len == 2);
	text = field_text(&dev, ZTNET_FIELD_RULES);
	CHECK(strcmp(text,
		     "4\t10\t1000\t2\taccept in from group:web proto tcp port 5432 name web-db\n"
		     "5\t10\t1000\t2\taccept in from group:web proto tcp port 5432 name web-db\n"
		     "6\t10\t1000\t2\tdrop in from group:web proto tcp port 5432 name web-db\n") == 0);
	free(text);
	text = field_text(&dev, ZTNET_FIELD_POLICY);
	CHECK(strstr(text, "mode\taudit\ndefault-in\treject\n"));
	CHECK(strstr(text, "protect\ttcp/22\n"));
	CHECK(strstr(text, "timeout-tcp-established\t600\n"));
	CHECK(strstr(text, "drops\tdenied\t5\n"));
	free(text);
	text = conf_text(&dev);
	CHECK(strstr(text, "[Policy]\nMode = audit\nDefaultIn = reject\n"
			   "Protect = tcp/22\nTimeoutTcpEstablished = 600\n"
			   "Rule = accept in from group:web proto tcp port 5432 name web-db\n"));
	CHECK(strstr(text, "Groups = web, prod\n"));
	free(text);
	text = human_text(&dev);
	CHECK(strstr(text, "\n  policy: audit, default in reject, out drop, "
			   "3 rules, 3 flows\n"));
	CHECK(strstr(text, "\n  groups: web, prod\n"));
	free(text);
	ztnet_device_wipe(&dev);
	return true;
}

/* As the kernel sends them: the rules in a second nest after the peers. */
static bool test_reply_one_message(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh;

	nlh = reply(0);
	put_settings(nlh);
	put_group_peer(nlh);
	put_rules(nlh, 1, 2, ZTRULE_ACCEPT);
	put_rules(reply(1), 3, 1, ZTRULE_DROP);
	CHECK(collect(2, &dev));
	CHECK(dev.policy && dev.policy->rules_len == 3 &&
	      dev.policy->mode == ZTPOLICY_MODE_AUDIT);
	CHECK(dev.peers_len == 1);
	ztnet_device_wipe(&dev);
	return true;
}

/* What the tool could not print back exactly is refused whole. */
static bool test_bad_replies(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh;

	put_rules(reply(0), 1, 1, 3);	/* no such action */
	CHECK(!collect(1, &dev));
	nlh = reply(0);
	put_settings(nlh);
	put_settings(nlh);		/* two policies in one message */
	CHECK(!collect(1, &dev));
	nlh = reply(0);
	{
		struct nlattr *p = mnl_attr_nest_start(nlh, ZTDEVICE_A_POLICY);

		mnl_attr_put_u8(nlh, ZTPOLICY_A_MODE, 3);
		mnl_attr_nest_end(nlh, p);
	}
	CHECK(!collect(1, &dev));
	return true;
}

static struct nlmsghdr *event(void)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(replies[0]);
	struct genlmsghdr *genl;
	struct nlattr *groups;
	uint8_t key[ZTNET_KEY_LEN], src[4] = { 10, 0, 0, 2 };
	uint8_t dst[4] = { 10, 0, 0, 5 };

	nlh->nlmsg_type = GENL_MIN_ID + 1;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = ZTNET_CMD_EVENT;
	genl->version = ZTNET_GENL_VERSION;
	mnl_attr_put_u8(nlh, ZTEVENT_A_TYPE, ZTEVENT_FLOW_DENY);
	mnl_attr_put_u64(nlh, ZTEVENT_A_TIME_NS, 1764909216123456789ULL);
	mnl_attr_put_u32(nlh, ZTEVENT_A_IFINDEX, 7);
	mnl_attr_put_strz(nlh, ZTEVENT_A_IFNAME, "zt0");
	ztnet_key_from_base64(key, PEER1, strlen(PEER1));
	mnl_attr_put(nlh, ZTEVENT_A_PUBLIC_KEY, sizeof(key), key);
	groups = mnl_attr_nest_start(nlh, ZTEVENT_A_GROUPS);
	mnl_attr_put_strz(nlh, 0, "web");
	mnl_attr_put_strz(nlh, 0, "prod");
	mnl_attr_nest_end(nlh, groups);
	mnl_attr_put_u8(nlh, ZTEVENT_A_DIRECTION, ZTRULE_DIR_IN);
	mnl_attr_put_u16(nlh, ZTEVENT_A_FAMILY, AF_INET);
	mnl_attr_put_u8(nlh, ZTEVENT_A_PROTO, 6);
	mnl_attr_put(nlh, ZTEVENT_A_SRC, 4, src);
	mnl_attr_put(nlh, ZTEVENT_A_DST, 4, dst);
	mnl_attr_put_u16(nlh, ZTEVENT_A_SPORT, 40000);
	mnl_attr_put_u16(nlh, ZTEVENT_A_DPORT, 22);
	mnl_attr_put_u32(nlh, ZTEVENT_A_RULE, 0);
	mnl_attr_put_u8(nlh, ZTEVENT_A_REASON, ZTDROP_NO_RULE);
	return nlh;
}

static bool event_is(const struct nlmsghdr *nlh, const char *ifname,
		     bool json, enum ztnet_event_result want,
		     const char *expected)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	bool ok;

	if (!out)
		abort();
	ok = ztnet_event_print(out, nlh, ifname, json) == want;
	fclose(out);
	ok = ok && strcmp(text, expected) == 0;
	if (!ok)
		printf("# got: %s", text);
	free(text);
	return ok;
}

static bool test_events(void)
{
	struct nlmsghdr *nlh = event();

	CHECK(event_is(nlh, NULL, false, ZTNET_EVENT_PRINTED,
		       "2025-12-05T04:33:36.123456789Z zt0 flow-deny peer=" PEER1
		       " groups=web,prod dir=in proto=6 src=10.0.0.2 sport=40000"
		       " dst=10.0.0.5 dport=22 rule=0 reason=no-rule\n"));
	CHECK(event_is(nlh, "zt0", true, ZTNET_EVENT_PRINTED,
		       "{\"time_ns\":1764909216123456789,\"ifname\":\"zt0\","
		       "\"type\":\"flow-deny\",\"peer\":\"" PEER1 "\","
		       "\"groups\":[\"web\",\"prod\"],\"dir\":\"in\",\"proto\":6,"
		       "\"src\":\"10.0.0.2\",\"sport\":40000,\"dst\":\"10.0.0.5\","
		       "\"dport\":22,\"rule\":0,\"reason\":\"no-rule\"}\n"));
	CHECK(event_is(nlh, "zt1", false, ZTNET_EVENT_FILTERED, ""));
	/* An IPv4 family with a 16-byte address: nothing printed. */
	mnl_attr_put(nlh, ZTEVENT_A_SRC, 16, replies[1]);
	CHECK(event_is(nlh, NULL, false, ZTNET_EVENT_MALFORMED, ""));
	return true;
}

static int run_check(void *path)
{
	char *argv[] = { "check", path, NULL };

	return ztnet_cmd_check.run(2, argv);
}

/* `ztnet check FILE`: status and one line naming the line, nothing sent. */
static bool check_file(const char *text, int status, const char *message)
{
	char path[] = "/tmp/ztnet-test-check-XXXXXX", err[256];
	int fd = mkstemp(path), got;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	got = capture_stderr(run_check, path, err, sizeof(err));
	unlink(path);
	if (got != status || strcmp(err, message) != 0) {
		printf("# status %d, stderr: %s", got, err);
		return false;
	}
	return true;
}

static bool test_check(void)
{
	CHECK(check_file(canonical, 0, ""));
	CHECK(check_file("[Interface]\nListenPort = 1\n\n[Policy]\n"
			 "Rule = accept in from 10.0.0.1/24\n", 2,
			 "ztnet: line 5: 10.0.0.1/24 has bits set past its "
			 "prefix length\n"));
	CHECK(check_file("[Policy]\nMode = enforce\nMaxPeerFlows = -1\n", 2,
			 "ztnet: line 3: invalid MaxPeerFlows: '-1' "
			 "(1 to 4294967295)\n"));
	CHECK(check_file("[Peer]\nPublicKey = abc\n", 3,
			 "ztnet: line 2: malformed key: PublicKey\n"));
	return true;
}

/*
 * The tool's side of "100,000 rules and 10,000 groups load, list and
 * round-trip": parse, encode, decode and print them, and say how long.
 */
static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	       (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static char *many_rules(size_t rules, unsigned int groups)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		abort();
	fputs("[Policy]\nMode = enforce\n", out);
	for (i = 0; i < rules; i++)
		fprintf(out, "Rule = accept in from group:g%u to 10.%zu.%zu.0/24 "
			"proto tcp port %zu,%zu-%zu\n", (unsigned int)(i % groups),
			i / 65536 % 256, i / 256 % 256, i % 60000 + 1,
			i % 1000 + 2000, i % 1000 + 3000);
	fclose(out);
	return text;
}

static bool test_many_rules(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev, back;
	struct timespec start;
	unsigned int messages;
	char *text = many_rules(100000, 10000), *want, *got;
	double parse_s, trip_s;

	clock_gettime(CLOCK_MONOTONIC, &start);
	CHECK(parse(text, false, &dev, &err));
	parse_s = seconds_since(&start);
	strcpy(dev.ifname, "zt0");
	want = conf_text(&dev);
	clock_gettime(CLOCK_MONOTONIC, &start);
	CHECK(trip(&dev, 8192, &back, &messages));
	trip_s = seconds_since(&start);
	got = conf_text(&back);
	CHECK(strcmp(want, got) == 0);
	printf("# 100000 rules over 10000 groups: parsed in %.2f s, "
	       "%u messages encoded and decoded in %.2f s, %zu bytes of text\n",
	       parse_s, messages, trip_s, strlen(want));
	free(text);
	free(want);
	free(got);
	ztnet_device_wipe(&dev);
	ztnet_device_wipe(&back);
	return true;
}

static bool set_parses(struct ztnet_set_args *args, int argc, char **argv)
{
	struct ztnet_parse_error err;

	if (ztnet_set_parse_args(argc, argv, args, &err))
		return true;
	printf("# %s\n", err.msg);
	return false;
}

static bool set_refused(int argc, char **argv, const char *what)
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;

	if (ztnet_set_parse_args(argc, argv, &args, &err)) {
		ztnet_set_args_free(&args);
		return false;
	}
	return strstr(err.msg, what) != NULL;
}

static bool test_set_words(void)
{
	char *argv[] = { "set", "zt0", "policy", "enforce", "default-in",
			 "reject", "protect", "tcp/22, udp/53", "peer", PEER1,
			 "groups", "web, prod", "peer", PEER2, "groups", "none" };
	char *late[] = { "set", "zt0", "peer", PEER1, "policy", "off" };
	char *bad[] = { "set", "zt0", "default-out", "allow" };
	char *group[] = { "set", "zt0", "groups", "web" };
	struct ztnet_set_args args;
	struct ztnet_policy *p;

	CHECK(set_parses(&args, ARRAY_SIZE(argv), argv));
	p = args.dev.policy;
	CHECK(p && p->has_mode && p->mode == ZTPOLICY_MODE_ENFORCE);
	CHECK(p->has_default_in && p->default_in == ZTRULE_REJECT);
	CHECK(!p->has_default_out && !p->replace_rules && !p->rules_len);
	CHECK(p->has_protect && p->protect_len == 2);
	CHECK(args.dev.peers[0].has_groups && args.dev.peers[0].groups_len == 2);
	CHECK(!strcmp(args.dev.peers[0].groups[1], "prod"));
	CHECK(args.dev.peers[1].has_groups && !args.dev.peers[1].groups_len);
	ztnet_set_args_free(&args);
	CHECK(set_refused(ARRAY_SIZE(late), late, "before the first peer"));
	CHECK(set_refused(ARRAY_SIZE(bad), bad, "invalid default-out"));
	CHECK(set_refused(ARRAY_SIZE(group), group, "must follow a peer"));
	return true;
}

/* What `rule add` and `rule del` send: one message each. */
static bool test_rule_requests(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device req = { 0 }, back;
	struct ztnet_policy_rule *slot;
	struct ztnet_rule rule, empty = { .proto = -1, .icmp_type = -1,
					  .icmp_code = -1 };
	unsigned int messages;

	strcpy(req.ifname, "zt0");
	CHECK(ztnet_rule_parse_line(&rule, "accept in proto tcp port 22", &err));
	ztnet_policy_add_rule(ztnet_policy_of(&req), &rule);
	CHECK(trip(&req, 8192, &back, &messages) && messages == 1);
	CHECK(back.policy && back.policy->rules_len == 1 &&
	      !back.policy->replace_rules && !back.policy->delete_rules &&
	      !back.policy->has_mode && !back.policy->rules[0].by_number);
	ztnet_device_wipe(&back);
	ztnet_device_wipe(&req);

	strcpy(req.ifname, "zt0");
	slot = ztnet_policy_add_rule(ztnet_policy_of(&req), &empty);
	slot->by_number = true;
	slot->number = 5;
	req.policy->delete_rules = true;
	req.policy->has_generation = true;
	req.policy->generation = 9;
	CHECK(trip(&req, 8192, &back, &messages) && messages == 1);
	CHECK(back.policy && back.policy->delete_rules &&
	      back.policy->has_generation && back.policy->generation == 9 &&
	      back.policy->rules_len == 1 && back.policy->rules[0].by_number &&
	      back.policy->rules[0].number == 5);
	ztnet_device_wipe(&back);
	ztnet_device_wipe(&req);
	return true;
}

static const struct test_case policy_cases[] = {
	{ "[Policy] and Groups print back as they parse", test_round_trip },
	{ "a [Policy] section says the whole policy", test_whole_policy },
	{ "a WireGuard file leaves policy and groups alone", test_wireguard_file },
	{ "errors name their line", test_errors },
	{ "the policy survives SET_DEVICE requests", test_request_trip },
	{ "a rule too big for a message gets a big one", test_oversize },
	{ "replies: policy, rules over messages, counters, groups", test_reply },
	{ "replies: rules in a second nest of the peers' message", test_reply_one_message },
	{ "replies the tool cannot print back are refused", test_bad_replies },
	{ "monitor prints an event as text or JSON, or not at all", test_events },
	{ "check validates a file offline, errors on their line", test_check },
	{ "set: policy words and peers' groups", test_set_words },
	{ "rule add and rule del requests", test_rule_requests },
	{ "100000 rules over 10000 groups round-trip", test_many_rules },
};

TEST_SUITE(policy_suite, "policy", policy_cases);
