// SPDX-License-Identifier: GPL-2.0
/*
 * wg-quick's configuration (tools/quick.c): what it takes from
 * [Interface], and what `ztnet strip` prints, byte for byte what
 * `wg-quick strip` prints where wg-quick is installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "quick.h"

#define DIR "/tmp/ztnet-unit-quick"

static const char full[] =
	"[Interface]\n"
	"  Address = 10.0.0.1/24, fd00::1/64 # the tunnel\n"
	"privatekey = abc\n"
	"ListenPort=51820\n"
	"mtu = 1420\n"
	"DNS = 1.1.1.1,fd00::53 example.com\n"
	"Table = off\n"
	"PostUp = iptables -A FORWARD -i %i -j ACCEPT # kept\n"
	"PreDown=echo down\n"
	"saveconfig = true\n"
	"\n"
	"[Peer] # a comment\n"
	"PublicKey = def\n"
	"Address = not wg-quick's here\n"
	"[interface]\n"
	"MTU = 1280\n";

static const char *write_conf(const char *name, const char *text)
{
	return test_write_file(DIR, name, text);
}

static bool takes_wg_quick_keys(void)
{
	struct ztnet_quick q;

	CHECK(ztnet_quick_read(write_conf("zq0.conf", full), &q) == 0);
	CHECK(strcmp(q.ifname, "zq0") == 0);
	CHECK(q.addresses.len == 2 && strcmp(q.addresses.items[1], "fd00::1/64") == 0);
	CHECK(q.dns.len == 2 && strcmp(q.dns.items[1], "fd00::53") == 0);
	CHECK(q.dns_search.len == 1 && strcmp(q.dns_search.items[0], "example.com") == 0);
	/* The last MTU of any [Interface] counts, as in wg-quick. */
	CHECK(q.mtu && strcmp(q.mtu, "1280") == 0);
	CHECK(q.table && strcmp(q.table, "off") == 0);
	CHECK(q.post_up.len == 1 &&
	      strcmp(q.post_up.items[0], "iptables -A FORWARD -i %i -j ACCEPT # kept") == 0);
	CHECK(q.pre_down.len == 1 && strcmp(q.pre_down.items[0], "echo down") == 0);
	CHECK(q.save_config);
	CHECK(strcmp(q.config, "[Interface]\nprivatekey = abc\nListenPort=51820\n\n"
		      "[Peer] # a comment\nPublicKey = def\nAddress = not wg-quick's here\n"
		      "[interface]\n") == 0);
	ztnet_quick_free(&q);
	return true;
}

static bool refuses_bad_files(void)
{
	struct ztnet_quick q;

	CHECK(ztnet_quick_read(write_conf("zq1.conf", "[Interface]\nSaveConfig = maybe\n"),
			       &q) == 2);
	CHECK(ztnet_quick_read(write_conf("not a name.conf", "[Interface]\n"), &q) == 2);
	CHECK(ztnet_quick_read(write_conf("zq2.txt", "[Interface]\n"), &q) == 2);
	CHECK(ztnet_quick_read(DIR "/absent.conf", &q) == 1);
	return true;
}

/* ztnet strip against wg-quick strip, on the same files. */
static bool strips_as_wg_quick(void)
{
	static const char *const files[] = {
		full, "", "[Interface]\n", "  [Interface]  \r\nAddress=1.2.3.4/32\n",
		"# only a comment\n[Peer]\nDNS = stays\n", "[Interface]\n   ",
		"[Interface]\nMTU = 1420",
	};
	char cmd[512], name[32];
	size_t i;

	if (system("command -v wg-quick >/dev/null && command -v bash >/dev/null") != 0)
		return test_skip("no wg-quick");
	if (access(ZTNET_REPO_ROOT "/tools/ztnet", X_OK) != 0)
		return test_skip("tools/ztnet is not built");
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(name, sizeof(name), "zs%zu.conf", i);
		write_conf(name, files[i]);
		snprintf(cmd, sizeof(cmd),
			 "bash -c 'cmp -s <(wg-quick strip " DIR "/%s 2>/dev/null) "
			 "<(" ZTNET_REPO_ROOT "/tools/ztnet strip " DIR "/%s 2>/dev/null)'",
			 name, name);
		if (system(cmd) != 0) {
			printf("# ztnet strip differs from wg-quick strip on file %zu\n", i);
			return false;
		}
	}
	return true;
}

static const struct test_case cases[] = {
	{ "takes wg-quick's keys from [Interface], in any case", takes_wg_quick_keys },
	{ "refuses a bad SaveConfig, file name or path", refuses_bad_files },
	{ "strip prints what wg-quick strip prints", strips_as_wg_quick },
};

TEST_SUITE(quick_suite, "quick", cases);
