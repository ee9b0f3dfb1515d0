// SPDX-License-Identifier: GPL-2.0
/*
 * Microsegment policy in the tool: the [Policy] section and Groups of the
 * configuration format (tools/conf.c, policy.c), their printing by
 * showconf, and their trip through SET_DEVICE requests (encode.c,
 * decode.c, policyattr.c).
 */
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "confprint.h"
#include "encode.h"
#include "harness.h"
#include "policy.h"

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
	CHECK(refused("[Policy]\nTimeoutSctp = 5\n", 2, "unknown key"));
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
	CHECK(refused("[Interface]\nRule = accept in\n", 2, "unknown key"));
	return true;
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

		memset(buf, 0, 32768);
		ok = ztnet_set_encode(dev, &cur, start_request(buf), size) &&
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

static const struct test_case policy_cases[] = {
	{ "[Policy] and Groups print back as they parse", test_round_trip },
	{ "a [Policy] section says the whole policy", test_whole_policy },
	{ "a WireGuard file leaves policy and groups alone", test_wireguard_file },
	{ "errors name their line", test_errors },
	{ "the policy survives SET_DEVICE requests", test_request_trip },
	{ "a rule too big for a message gets a big one", test_oversize },
};

TEST_SUITE(policy_suite, "policy", policy_cases);
