// SPDX-License-Identifier: GPL-2.0
/*
 * What scripts and scrapers read, read by their own parsers: `show --json`
 * against Documentation/ztnet-show.schema.json with python3-jsonschema,
 * and `metrics` with the Prometheus client's text-format parser.  The
 * devices are synthetic, made as a reply would leave them; output-check
 * does the reading and says what it read, which is compared here.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf.h"
#include "harness.h"
#include "json.h"
#include "key.h"
#include "metrics.h"
#include "policy.h"

#ifndef ZTNET_REPO_ROOT
#error "the Makefile passes ZTNET_REPO_ROOT"
#endif

#define CHECKER ZTNET_REPO_ROOT "/selftests/unit/output-check"

#define PRIV "GEwV7E0G2/qG9FyTHrFPbAOm0dkOo6zTlbFZN85Dwm4="
#define PEER1 "67e4QOZl1WcuhiHk01VkzhEoSYcuenBNNvHu6BCWKn0="
#define PEER2 "O8m0o+MncXv2KPyGfTHyblW2ORYUui8sbEgeIwHlthw="
#define PSK "aCu8iqW07MTDOiiYxnVklfuB3dc5bYRhQUPh2szRVGg="

/* A quote, a backslash, a control byte and é in UTF-8: 7 bytes. */
#define ODD_NAME "q\"b\\\x01\xc3\xa9"

static const char full_conf[] =
	"[Interface]\n"
	"PrivateKey = " PRIV "\n"
	"ListenPort = 51820\n"
	"FwMark = 0x2a\n"
	"[Policy]\n"
	"Mode = enforce\n"
	"DefaultIn = drop\n"
	"Rule = accept in from group:web proto tcp port 443 name web-in\n"
	"Rule = drop out to 10.0.0.0/8 proto icmp type echo-request\n"
	"[Peer]\n"
	"PublicKey = " PEER1 "\n"
	"PresharedKey = " PSK "\n"
	"AllowedIPs = 10.0.0.0/24, fd00::/64\n"
	"PersistentKeepalive = 25\n"
	"Groups = web, prod\n"
	"[Peer]\n"
	"PublicKey = " PEER2 "\n";

/* What only the kernel's reply has: a public key, traffic, counters. */
static void as_replied(struct ztnet_device *dev)
{
	struct ztnet_policy *p = dev->policy;
	struct ztnet_peer *a = &dev->peers[0], *b = &dev->peers[1];
	size_t i;

	dev->has_public_key = ztnet_key_public(dev->public_key,
					       dev->private_key);
	a->endpoint.addr4.sin_family = AF_INET;
	a->endpoint.addr4.sin_port = htons(51820);
	inet_pton(AF_INET, "192.0.2.1", &a->endpoint.addr4.sin_addr);
	a->last_handshake_sec = 1700000000;
	a->rx_bytes = 1536;
	a->tx_bytes = 3 << 20;
	b->endpoint.addr6.sin6_family = AF_INET6;
	b->endpoint.addr6.sin6_port = htons(4500);
	inet_pton(AF_INET6, "2001:db8::1", &b->endpoint.addr6.sin6_addr);
	/* A u64 at its end, where a double loses its last digits. */
	b->tx_bytes = UINT64_MAX;
	p->generation = 3;
	p->flows = 2;
	p->drops[ZTDROP_DENIED] = 5;
	p->would_drop[ZTDROP_NO_RULE] = 7;
	for (i = 0; i < p->rules_len; i++) {
		p->rules[i].number = (uint32_t)i + 1;
		p->rules[i].packets = 10 * (i + 1);
		p->rules[i].bytes = 1000 * (i + 1);
		p->rules[i].flows = i + 1;
	}
}

/* Three devices: all there is, nothing at all, and an awkward name. */
static bool make_devices(struct ztnet_device devs[3])
{
	struct ztnet_parse_error err;
	struct ztnet_peer *peer;

	memset(devs, 0, 3 * sizeof(*devs));
	if (!ztnet_conf_parse(full_conf, strlen(full_conf), false, &devs[0],
			      &err)) {
		printf("# %s\n", err.msg);
		return false;
	}
	strcpy(devs[0].ifname, "zt0");
	as_replied(&devs[0]);
	strcpy(devs[1].ifname, "zt-empty");
	strcpy(devs[2].ifname, ODD_NAME);
	peer = ztnet_device_add_peer(&devs[2]);
	if (!ztnet_key_from_base64(peer->public_key, PEER2, strlen(PEER2)))
		return false;
	return true;
}

static void wipe_devices(struct ztnet_device devs[3])
{
	size_t i;

	for (i = 0; i < 3; i++)
		ztnet_device_wipe(&devs[i]);
}

typedef void (*printer)(FILE *out, const struct ztnet_device *devs,
			size_t len);

/*
 * Runs output-check on the file with Debian's python3, where install-deps
 * puts the parsers.  Returns what it said (to be freed), each line of it
 * shown as a comment; NULL unless it exited 0, having said "ok".
 */
static char *run_checker(const char *kind, const char *path)
{
	char cmd[512], line[1024], *said = NULL;
	size_t said_len = 0;
	FILE *out, *log;
	int status;

	snprintf(cmd, sizeof(cmd), "%s %s %s %s 2>&1",
		 access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" :
							 "python3",
		 CHECKER, kind, path);
	fflush(stdout);
	out = popen(cmd, "r");
	log = open_memstream(&said, &said_len);
	if (!out || !log)
		abort();
	while (fgets(line, sizeof(line), out)) {
		printf("# %s", line);
		fputs(line, log);
	}
	status = pclose(out);
	fclose(log);
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return said;
	free(said);
	return NULL;
}

/* Prints the devices into a file and has output-check read it as kind. */
static char *check_output(const char *kind, printer print,
			  const struct ztnet_device *devs, size_t len)
{
	char path[] = "/tmp/ztnet-output-XXXXXX", *said;
	int fd = mkstemp(path);
	FILE *file = fd < 0 ? NULL : fdopen(fd, "w");

	if (!file)
		abort();
	print(file, devs, len);
	fclose(file);
	said = run_checker(kind, path);
	unlink(path);
	return said;
}

/* Whether output-check said every line of want. */
static bool said_all(char *said, const char *const *want, size_t len)
{
	bool ok = said != NULL;
	size_t i;

	for (i = 0; ok && i < len; i++) {
		ok = strstr(said, want[i]) != NULL;
		if (!ok)
			printf("# not said: %s", want[i]);
	}
	free(said);
	return ok;
}

static bool json_schema(void)
{
	static const char *const names[] = {
		"interface \"zt0\"\n", "interface \"zt-empty\"\n",
		/* Byte by byte: é is two code points, as json.rst says. */
		"interface \"q\\\"b\\\\\\u0001\\u00c3\\u00a9\\u00ff\"\n",
	};
	struct ztnet_device devs[3];
	bool ok;

	CHECK(make_devices(devs));
	/* And no UTF-8 at all, which a name need not be. */
	strcat(devs[2].ifname, "\xff");
	ok = said_all(check_output("json", ztnet_json_print, devs, 3), names,
		      ARRAY_SIZE(names));
	wipe_devices(devs);
	CHECK(ok);
	CHECK(said_all(check_output("json", ztnet_json_print, NULL, 0), NULL, 0));
	return true;
}

/* With HIDE_KEYS=never the private and preshared keys are in too. */
static bool json_schema_keys(void)
{
	struct ztnet_device devs[3];
	char *said;

	CHECK(make_devices(devs));
	setenv("ZTNET_HIDE_KEYS", "never", 1);
	said = check_output("json", ztnet_json_print, devs, 1);
	unsetenv("ZTNET_HIDE_KEYS");
	wipe_devices(devs);
	CHECK(said_all(said, NULL, 0));
	return true;
}

static bool metrics_parse(void)
{
	static const char *const samples[] = {
		"sample ztnet_device_peers interface=zt0 2\n",
		"sample ztnet_device_peers interface=zt-empty 0\n",
		/* Byte by byte, as show --json: é and 0xff as U+00C3 U+00A9 U+00FF. */
		"sample ztnet_device_peers interface=q\"b\\\x01\xc3\x83\xc2\xa9\xc3\xbf 1\n",
		"sample ztnet_peer_receive_bytes_total interface=zt0,public_key="
		PEER1 " 1536\n",
		"sample ztnet_peer_latest_handshake_timestamp_seconds "
		"interface=zt0,public_key=" PEER1 " 1700000000\n",
		"sample ztnet_peer_allowed_ips interface=zt0,public_key="
		PEER1 " 2\n",
		"sample ztnet_policy_flows interface=zt0 2\n",
		"sample ztnet_policy_drops_total interface=zt0,reason=denied 5\n",
		"sample ztnet_policy_would_drops_total "
		"interface=zt0,reason=no-rule 7\n",
		"sample ztnet_rule_packets_total interface=zt0,name=web-in,rule=1 10\n",
		"sample ztnet_rule_flows_total interface=zt0,name=,rule=2 2\n",
	};
	struct ztnet_device devs[3];
	char *said;

	CHECK(make_devices(devs));
	/* No UTF-8 at all: the format must stay UTF-8 even so. */
	strcat(devs[2].ifname, "\xff");
	said = check_output("metrics", ztnet_metrics_print, devs, 3);
	wipe_devices(devs);
	CHECK(said_all(said, samples, ARRAY_SIZE(samples)));
	CHECK(said_all(check_output("metrics", ztnet_metrics_print, NULL, 0),
		       NULL, 0));
	return true;
}

static const struct test_case cases[] = {
	{ "show --json is valid against its JSON Schema", json_schema },
	{ "show --json with the keys shown too", json_schema_keys },
	{ "metrics parse with Prometheus's parser", metrics_parse },
};

TEST_SUITE(output_suite, "output", cases);
