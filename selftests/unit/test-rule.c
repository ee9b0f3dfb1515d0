// SPDX-License-Identifier: GPL-2.0
/* Microsegment rules in their text form: tools/rule.c. */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "rule.h"

#define KEY "Est9qVD1Y0Z6FNdedkmaBgm7uw4upAdV8xAb79o6WHg="

/* The canonical text of line, or NULL with err set. */
static char *canonical(const char *line, struct ztnet_parse_error *err)
{
	struct ztnet_rule rule;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	if (!ztnet_rule_parse_line(&rule, line, err))
		return NULL;
	out = open_memstream(&text, &size);
	if (out) {
		ztnet_rule_print(out, &rule);
		fclose(out);
	}
	ztnet_rule_wipe(&rule);
	return text;
}

/* line reads as want, and want reads as itself. */
static bool reads_as(const char *line, const char *want)
{
	struct ztnet_parse_error err = { 0 };
	char *got = canonical(line, &err), *again;
	bool ok;

	if (!got) {
		printf("# '%s': %s\n", line, err.msg);
		return false;
	}
	again = canonical(got, &err);
	ok = !strcmp(got, want) && again && !strcmp(again, want);
	if (!ok)
		printf("# '%s' read as '%s', then '%s'; wanted '%s'\n", line,
		       got, again ? again : err.msg, want);
	free(got);
	free(again);
	return ok;
}

/* line is refused, with a message that holds what. */
static bool refused(const char *line, const char *what)
{
	struct ztnet_parse_error err = { 0 };
	char *got = canonical(line, &err);

	if (got) {
		printf("# '%s' was taken as '%s'\n", line, got);
		free(got);
		return false;
	}
	if (!strstr(err.msg, what)) {
		printf("# '%s': message '%s' lacks '%s'\n", line, err.msg, what);
		return false;
	}
	return true;
}

static bool test_canonical(void)
{
	CHECK(reads_as("accept in", "accept in"));
	CHECK(reads_as("  drop\tout  name  x ", "drop out name x"));
	CHECK(reads_as("accept in from group:web to 10.0.0.5 proto tcp port 5432 name web_db",
		       "accept in from group:web to 10.0.0.5/32 proto tcp port 5432 name web_db"));
	CHECK(reads_as("accept in port 22,80,8000-8999,443-443 proto 6 from any",
		       "accept in from any proto tcp port 22,80,8000-8999,443"));
	CHECK(reads_as("reject out to peer:" KEY ",fd00::/64 proto udp sport 0,65535 port 1-65535",
		       "reject out to peer:" KEY ",fd00::/64 proto udp port 1-65535 sport 0,65535"));
	CHECK(reads_as("accept in from group:a, group:b ,group:c , 10.1.0.0/16",
		       "accept in from group:a,group:b,group:c,10.1.0.0/16"));
	CHECK(reads_as("accept in type echo-request proto icmp",
		       "accept in proto icmp type echo-request"));
	CHECK(reads_as("accept in proto icmpv6 type 128/0",
		       "accept in proto icmpv6 type echo-request/0"));
	CHECK(reads_as("accept in proto icmp type 200/7",
		       "accept in proto icmp type 200/7"));
	CHECK(reads_as("drop in proto 47", "drop in proto 47"));
	return true;
}

static bool test_refused(void)
{
	CHECK(refused("", "starts with"));
	CHECK(refused("allow in", "invalid action: 'allow'"));
	CHECK(refused("name x accept in", "invalid action: 'name'"));
	CHECK(refused("accept sideways", "invalid direction: 'sideways' (in or out)"));
	CHECK(refused("accept in from", "needs a value"));
	CHECK(refused("accept in from any from any", "twice"));
	CHECK(refused("accept in frm any", "invalid rule word: 'frm'"));
	CHECK(refused("accept in to group:web", "remote side"));
	CHECK(refused("accept out from peer:" KEY, "remote side"));
	CHECK(refused("accept in port 22", "need proto tcp"));
	CHECK(refused("accept in proto icmp port 22", "need proto tcp"));
	CHECK(refused("accept in proto tcp port 9-8", "low <= high"));
	CHECK(refused("accept in proto tcp port 65536", "0 to 65535"));
	CHECK(refused("accept in proto tcp port 22,", "invalid port or range"));
	CHECK(refused("accept in proto tcp port -1", "invalid port or range"));
	CHECK(refused("accept in proto 256", "invalid protocol"));
	CHECK(refused("accept in type echo-request", "needs proto icmp"));
	CHECK(refused("accept in proto icmp type ping", "invalid ICMP type"));
	CHECK(refused("accept in proto icmp type 8/256", "invalid ICMP code"));
	CHECK(refused("accept in proto icmp from fd00::1", "other family"));
	CHECK(refused("accept in proto icmpv6 to 10.0.0.1", "other family"));
	CHECK(refused("accept in from 10.0.0.1/24", "bits set past"));
	CHECK(refused("accept in from 10.0.0.0/33", "invalid address"));
	CHECK(refused("accept in from group:", "invalid group name"));
	CHECK(refused("accept in from group:9lives", "invalid group name"));
	CHECK(refused("accept in from group:abcdefghijklmnopqrstuvwxyz0123456",
		      "invalid group name"));
	CHECK(refused("accept in from peer:abc", "peer"));
	CHECK(refused("accept in name 42", "invalid rule name"));
	CHECK(refused("accept in name a/b", "invalid rule name"));
	return true;
}

static bool test_limits(void)
{
	char line[8192];
	size_t len;
	int i;

	len = (size_t)snprintf(line, sizeof(line), "accept in from ");
	for (i = 0; i < 257; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					"%s10.0.%d.%d", i ? "," : "", i / 256, i % 256);
	CHECK(refused(line, "more than 256"));
	len = (size_t)snprintf(line, sizeof(line), "accept in proto tcp port ");
	for (i = 0; i < 65; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					"%s%d", i ? "," : "", i);
	CHECK(refused(line, "more than 64"));
	return true;
}

static const struct test_case rule_cases[] = {
	{ "canonical text reads back the same", test_canonical },
	{ "bad rules are refused with a reason", test_refused },
	{ "lists are bounded", test_limits },
};

TEST_SUITE(rule_suite, "rule", rule_cases);
