// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration format of wg(8): tools/conf.c and value.c, and the
 * syncconf plan of tools/sync.c.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "exitcode.h"
#include "fdio.h"
#include "harness.h"
#include "key.h"
#include "sync.h"

#define PRIV "GEwV7E0G2/qG9FyTHrFPbAOm0dkOo6zTlbFZN85Dwm4="
#define PEER1 "Est9qVD1Y0Z6FNdedkmaBgm7uw4upAdV8xAb79o6WHg="
#define PEER2 "67e4QOZl1WcuhiHk01VkzhEoSYcuenBNNvHu6BCWKn0="
#define PEER3 "O8m0o+MncXv2KPyGfTHyblW2ORYUui8sbEgeIwHlthw="
#define PSK "aCu8iqW07MTDOiiYxnVklfuB3dc5bYRhQUPh2szRVGg="

static bool parse(const char *text, bool append, struct ztnet_device *dev,
		  struct ztnet_parse_error *err)
{
	return ztnet_conf_parse(text, strlen(text), append, dev, err);
}

static bool key_is(const uint8_t key[ZTNET_KEY_LEN], const char *b64)
{
	char text[ZTNET_KEY_B64_LEN + 1];

	ztnet_key_to_base64(text, key);
	return strcmp(text, b64) == 0;
}

static bool ip_is(const struct ztnet_allowedip *ip, int family,
		  const char *addr, unsigned int cidr)
{
	char text[INET6_ADDRSTRLEN];

	inet_ntop(ip->family, &ip->ip6, text, sizeof(text));
	return ip->family == family && strcmp(text, addr) == 0 &&
	       ip->cidr == cidr;
}

static const char full_text[] =
	"# a comment line\n"
	"  [interface]   # section names ignore case\n"
	"PrivateKey = " PRIV "\n"
	"listenport=51820\n"
	"  FWMARK\t=\t0x2A  \n"
	"\n"
	"[Peer]\n"
	"Public Key = " PEER1 "\n"
	"PresharedKey = " PSK "\n"
	"AllowedIPs = 10.0.0.0/24, fd00::/64\n"
	"AllowedIPs = 192.168.1.7   # a host\n"
	"Endpoint = [fd00::1]:51820\n"
	"PersistentKeepalive = 25\n"
	"[PEER]\n"
	"publickey = " PEER2 "\n"
	"endpoint = vpn.example.org:4500\n"
	"PersistentKeepalive = off\n";

static bool parses_a_full_file(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;
	const struct ztnet_peer *p;

	CHECK(parse(full_text, false, &dev, &err));
	CHECK(dev.has_private_key && key_is(dev.private_key, PRIV));
	CHECK(dev.has_listen_port && dev.listen_port == 51820);
	CHECK(dev.has_fwmark && dev.fwmark == 0x2a);
	CHECK(dev.replace_peers && dev.peers_len == 2);
	p = &dev.peers[0];
	CHECK(key_is(p->public_key, PEER1));
	CHECK(p->has_preshared_key && key_is(p->preshared_key, PSK));
	CHECK(p->replace_allowedips && !p->remove_me && !p->update_only);
	CHECK(p->allowedips_len == 3);
	CHECK(ip_is(&p->allowedips[0], AF_INET, "10.0.0.0", 24));
	CHECK(ip_is(&p->allowedips[1], AF_INET6, "fd00::", 64));
	CHECK(ip_is(&p->allowedips[2], AF_INET, "192.168.1.7", 32));
	CHECK(strcmp(p->endpoint_text, "[fd00::1]:51820") == 0);
	CHECK(p->has_keepalive && p->keepalive == 25);
	p = &dev.peers[1];
	CHECK(key_is(p->public_key, PEER2));
	CHECK(!p->has_preshared_key && p->allowedips_len == 0);
	CHECK(p->replace_allowedips);
	CHECK(strcmp(p->endpoint_text, "vpn.example.org:4500") == 0);
	CHECK(p->has_keepalive && p->keepalive == 0);
	ztnet_device_wipe(&dev);
	return true;
}

static bool setconf_resets_what_is_left_out(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;

	CHECK(parse("", false, &dev, &err));
	CHECK(dev.has_private_key && ztnet_key_is_zero(dev.private_key));
	CHECK(dev.has_listen_port && dev.listen_port == 0);
	CHECK(dev.has_fwmark && dev.fwmark == 0);
	CHECK(dev.replace_peers && dev.peers_len == 0);
	ztnet_device_wipe(&dev);
	return true;
}

static bool addconf_changes_only_what_is_given(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;

	CHECK(parse("[Interface]\nListenPort = 1\n[Peer]\nPublicKey = "
		    PEER1 "\n", true, &dev, &err));
	CHECK(!dev.has_private_key && !dev.has_fwmark && !dev.replace_peers);
	CHECK(dev.has_listen_port && dev.listen_port == 1);
	CHECK(dev.peers_len == 1 && dev.peers[0].replace_allowedips);
	ztnet_device_wipe(&dev);
	return true;
}

static bool accepts_crlf_and_values(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;

	CHECK(parse("[Interface]\r\nFwMark = off\r\nListenPort = 0\r\n"
		    "[Peer]\r\nPublicKey = " PEER3 "\r\n"
		    "AllowedIPs = 0.0.0.0/0,::/0\r\n"
		    "Endpoint = 127.0.0.1:1\r\n", false, &dev, &err));
	CHECK(dev.fwmark == 0 && dev.listen_port == 0);
	CHECK(dev.peers[0].allowedips_len == 2);
	CHECK(ip_is(&dev.peers[0].allowedips[1], AF_INET6, "::", 0));
	CHECK(strcmp(dev.peers[0].endpoint_text, "127.0.0.1:1") == 0);
	ztnet_device_wipe(&dev);
	CHECK(parse("[Interface]\nFwMark = 4294967295", false, &dev, &err));
	CHECK(dev.fwmark == 0xffffffff);
	ztnet_device_wipe(&dev);
	return true;
}

/*
 * AllowedIPs lines take wg's '+' and '-' too, with the same rule as
 * `set`: a line with any of them does not replace, the peer's last line
 * decides, and a [Peer] without AllowedIPs replaces (with nothing).
 */
static bool incremental_allowed_ips(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;
	const struct ztnet_peer *p;

	CHECK(parse("[Peer]\nPublicKey = " PEER1 "\n"
		    "AllowedIPs = 10.0.0.0/8\n"
		    "AllowedIPs = + 10.1.0.0/16, -fd00::/64, 10.2.0.0/16\n"
		    "[Peer]\nPublicKey = " PEER2 "\n"
		    "AllowedIPs = -10.3.0.0/16\nAllowedIPs = 10.4.0.0/16\n"
		    "[Peer]\nPublicKey = " PEER3 "\n", true, &dev, &err));
	p = &dev.peers[0];
	CHECK(!p->replace_allowedips && p->allowedips_len == 4);
	CHECK(ip_is(&p->allowedips[1], AF_INET, "10.1.0.0", 16) &&
	      !p->allowedips[1].remove_me);
	CHECK(ip_is(&p->allowedips[2], AF_INET6, "fd00::", 64) &&
	      p->allowedips[2].remove_me);
	CHECK(!p->allowedips[0].remove_me && !p->allowedips[3].remove_me);
	p = &dev.peers[1];
	CHECK(p->replace_allowedips && p->allowedips_len == 2);
	CHECK(p->allowedips[0].remove_me && !p->allowedips[1].remove_me);
	CHECK(dev.peers[2].replace_allowedips);
	ztnet_device_wipe(&dev);
	return true;
}

struct bad_conf {
	const char *text;
	unsigned int line;
	int status;
	const char *msg;	/* a part of the message */
};

static const struct bad_conf bad_confs[] = {
	{ "[Interface]\nAddress = 10.0.0.1/24\n", 2, 2, "wg-quick" },
	{ "[Interface]\nDNS = 1.1.1.1\n", 2, 2, "wg-quick" },
	{ "[Interface]\nMTU = 1420\n", 2, 2, "wg-quick" },
	{ "[Interface]\nTable = off\n", 2, 2, "wg-quick" },
	{ "[Interface]\nPreUp = true\n", 2, 2, "wg-quick" },
	{ "[Interface]\nPostUp = true\n", 2, 2, "wg-quick" },
	{ "[Interface]\nPreDown = true\n", 2, 2, "wg-quick" },
	{ "[Interface]\nPostDown = true\n", 2, 2, "wg-quick" },
	{ "[Interface]\nSaveConfig = true\n", 2, 2, "wg-quick" },
	{ "ListenPort = 1\n", 1, 2, "before [Interface]" },
	{ "[Interface]\nListenPort = 65536\n", 2, 2, "0 to 65535" },
	{ "[Interface]\nListenPort = -1\n", 2, 2, "0 to 65535" },
	{ "[Interface]\nListenPort =\n", 2, 2, "no value" },
	{ "[Interface]\n= 5\n", 2, 2, "without a key" },
	{ "[Interface]\nFwMark = 0x100000000\n", 2, 2, "fwmark" },
	{ "[Interface]\nFwMark = on\n", 2, 2, "fwmark" },
	{ "\n\n[Interface]\nPrivateKey = abc\n", 4, 3, "PrivateKey" },
	{ "[Interface]\nPublicKey = " PEER1 "\n", 2, 2,
	  "invalid key in [Interface]: 'PublicKey'" },
	{ "[Interface]\njunk\n", 2, 2, "neither" },
	{ "[Interfaces]\n", 1, 2, "invalid section: '[Interfaces]'" },
	{ "[Peer]\nAllowedIPs = 10.0.0.0/8\n\n[Peer]\nPublicKey = " PEER1,
	  1, 2, "no PublicKey" },
	{ "[Peer]\nPublicKey = " PEER1 "\n# end\n[Peer]\n# none\n", 4, 2,
	  "no PublicKey" },
	{ "[Peer]\nPublicKey = " PEER1 "\nEndpoint = 1.2.3.4\n", 3, 2,
	  "endpoint" },
	{ "[Peer]\nPublicKey = " PEER1 "\nEndpoint = [::1:1\n", 3, 2,
	  "endpoint" },
	{ "[Peer]\nPublicKey = " PEER1 "\nEndpoint = 1.2.3.4:\n", 3, 2,
	  "endpoint" },
	{ "[Peer]\nPublicKey = " PEER1 "\nAllowedIPs = 10.0.0.1/33\n", 3, 2,
	  "allowed IP" },
	{ "[Peer]\nPublicKey = " PEER1 "\nAllowedIPs = 10.0.0.1/32,\n", 3, 2,
	  "allowed IP" },
	{ "[Peer]\nPublicKey = " PEER1 "\nAllowedIPs = fd00::/129\n", 3, 2,
	  "allowed IP" },
	{ "[Peer]\nPublicKey = " PEER1 "\nAllowedIPs = 10.0.0/8\n", 3, 2,
	  "allowed IP" },
	{ "[Peer]\nPublicKey = " PEER1 "\nAllowedIPs = 10.0.0.0/\n", 3, 2,
	  "allowed IP" },
	{ "[Peer]\nPublicKey = " PEER1 "\nAllowedIPs = 10.0.0.0/8, +-fd00::/8\n",
	  3, 2, "invalid allowed IP: '+-fd00::/8' (IP/CIDR, +IP/CIDR or -IP/CIDR)" },
	{ "[Peer]\nPublicKey = " PEER1 "\nAllowedIPs = -\n", 3, 2,
	  "invalid allowed IP: '-'" },
	{ "[Peer]\nPublicKey = " PEER1 "\nPersistentKeepalive = 65536\n", 3,
	  2, "keepalive" },
	{ "[Peer]\nPublicKey = " PEER1 "\nPresharedKey = short\n", 3, 3,
	  "PresharedKey" },
	{ "[Peer]\nPublicKey = " PEER1 "x\n", 2, 3, "PublicKey" },
	{ "[Peer]\nPublicKey = " PEER1 "\nListenPort = 1\n", 3, 2,
	  "invalid key in [Peer]: 'ListenPort'" },
};

static bool reports_each_error_with_its_line(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_confs); i++) {
		const struct bad_conf *b = &bad_confs[i];

		memset(&dev, 0x5a, sizeof(dev));
		if (parse(b->text, false, &dev, &err) ||
		    err.line != b->line || err.status != b->status ||
		    !strstr(err.msg, b->msg)) {
			printf("# case %zu: line %u status %d: %s\n", i,
			       err.line, err.status, err.msg);
			return false;
		}
		CHECK(dev.peers == NULL && dev.peers_len == 0);
	}
	return true;
}

static bool refuses_nul_bytes(void)
{
	static const char text[] = "[Interface]\nListenPort = 1\0 2\n";
	struct ztnet_parse_error err;
	struct ztnet_device dev;

	CHECK(!ztnet_conf_parse(text, sizeof(text) - 1, false, &dev, &err));
	CHECK(err.line == 2 && strstr(err.msg, "NUL"));
	return true;
}

static bool errors_print_as_one_line(void)
{
	struct ztnet_parse_error err;
	struct ztnet_device dev;

	CHECK(!parse("[Interface]\n\n\n\n\n\nMTU = 1\n", false, &dev, &err));
	CHECK(err.line == 7);
	CHECK(strcmp(err.msg, "'MTU' is a wg-quick setting, not a device's "
			      "(strip it first)") == 0);
	return true;
}

/* A file of 20,000 allowed IPs, read whole and parsed. */
static bool reads_and_parses_a_big_file(void)
{
	char path[] = "/tmp/ztnet-test-conf-XXXXXX";
	struct ztnet_parse_error err;
	struct ztnet_device dev;
	FILE *f;
	char *text;
	size_t len;
	int fd = mkstemp(path), i;

	CHECK(fd >= 0 && (f = fdopen(fd, "w")));
	fputs("[Peer]\nPublicKey = " PEER1 "\n", f);
	for (i = 0; i < 20000; i++)
		fprintf(f, "AllowedIPs = 10.%d.%d.0/24\n", i / 256, i % 256);
	fclose(f);
	CHECK(ztnet_read_file(path, &text, &len));
	unlink(path);
	CHECK(len == strlen(text) && len > 500000);
	CHECK(ztnet_conf_parse(text, len, false, &dev, &err));
	free(text);
	CHECK(dev.peers_len == 1 && dev.peers[0].allowedips_len == 20000);
	CHECK(ip_is(&dev.peers[0].allowedips[19999], AF_INET, "10.78.31.0", 24));
	ztnet_device_wipe(&dev);
	CHECK(ztnet_read_file("/dev/null", &text, &len) && len == 0);
	free(text);
	CHECK(!ztnet_read_file("/nonexistent/ztnet.conf", &text, &len));
	return true;
}

static void add_key_peer(struct ztnet_device *dev, uint8_t fill)
{
	memset(ztnet_device_add_peer(dev)->public_key, fill, ZTNET_KEY_LEN);
}

static bool syncconf_removes_only_missing_peers(void)
{
	struct ztnet_device file = { 0 }, runtime = { 0 };
	uint8_t key[ZTNET_KEY_LEN];

	file.replace_peers = true;
	add_key_peer(&file, 2);
	add_key_peer(&file, 4);
	add_key_peer(&runtime, 1);
	add_key_peer(&runtime, 2);
	add_key_peer(&runtime, 3);
	add_key_peer(&runtime, 4);
	ztnet_sync_plan(&file, &runtime);
	CHECK(!file.replace_peers && file.peers_len == 4);
	memset(key, 1, sizeof(key));
	CHECK(file.peers[0].remove_me &&
	      ztnet_key_equal(file.peers[0].public_key, key));
	memset(key, 3, sizeof(key));
	CHECK(file.peers[1].remove_me &&
	      ztnet_key_equal(file.peers[1].public_key, key));
	memset(key, 2, sizeof(key));
	CHECK(!file.peers[2].remove_me &&
	      ztnet_key_equal(file.peers[2].public_key, key));
	CHECK(!file.peers[3].remove_me);
	/* What the file left out of a kept peer is cleared, as current wg. */
	CHECK(file.peers[2].has_preshared_key && file.peers[2].has_keepalive &&
	      file.peers[2].keepalive == 0);
	memset(key, 0, sizeof(key));
	CHECK(ztnet_key_equal(file.peers[2].preshared_key, key));
	ztnet_device_wipe(&file);
	ztnet_device_wipe(&runtime);
	return true;
}

static bool syncconf_without_peers_replaces(void)
{
	struct ztnet_device file = { .replace_peers = true }, runtime = { 0 };

	add_key_peer(&runtime, 1);
	ztnet_sync_plan(&file, &runtime);
	CHECK(file.replace_peers && file.peers_len == 0);
	add_key_peer(&file, 1);
	ztnet_device_wipe(&runtime);
	ztnet_sync_plan(&file, &runtime);
	CHECK(file.replace_peers && file.peers_len == 1);
	ztnet_device_wipe(&file);
	return true;
}

static const struct test_case cases[] = {
	{ "parses comments, white space and case", parses_a_full_file },
	{ "setconf resets what the file leaves out",
	  setconf_resets_what_is_left_out },
	{ "addconf changes only what is given",
	  addconf_changes_only_what_is_given },
	{ "accepts CRLF, off, 0/0 and ::/0", accepts_crlf_and_values },
	{ "AllowedIPs takes wg's + and -", incremental_allowed_ips },
	{ "reports each error with its line", reports_each_error_with_its_line },
	{ "refuses NUL bytes", refuses_nul_bytes },
	{ "a wg-quick key is named", errors_print_as_one_line },
	{ "reads and parses a file of 20,000 allowed IPs",
	  reads_and_parses_a_big_file },
	{ "syncconf removes only peers not in the file",
	  syncconf_removes_only_missing_peers },
	{ "syncconf without peers or runtime peers replaces",
	  syncconf_without_peers_replaces },
};

TEST_SUITE(conf_suite, "conf", cases);
