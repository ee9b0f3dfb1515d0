// SPDX-License-Identifier: GPL-2.0
/*
 * What `show`, its field views and `showconf` print: tools/pretty.c,
 * fields.c, showconf.c and format.c.  The expected texts follow the
 * formats of wg(8)'s show.c and showconf.c, written out by hand (no
 * WireGuard device can be created on the build host to ask wg itself).
 */
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "fields.h"
#include "format.h"
#include "harness.h"
#include "key.h"
#include "pretty.h"
#include "show.h"
#include "confprint.h"
#include "json.h"
#include "metrics.h"

#define PRIV "GEwV7E0G2/qG9FyTHrFPbAOm0dkOo6zTlbFZN85Dwm4="
#define PUB "Est9qVD1Y0Z6FNdedkmaBgm7uw4upAdV8xAb79o6WHg="
#define PEER2 "67e4QOZl1WcuhiHk01VkzhEoSYcuenBNNvHu6BCWKn0="
#define PEER3 "O8m0o+MncXv2KPyGfTHyblW2ORYUui8sbEgeIwHlthw="
#define PSK "aCu8iqW07MTDOiiYxnVklfuB3dc5bYRhQUPh2szRVGg="

#define NOW 1000000

static void set_key(uint8_t key[ZTNET_KEY_LEN], const char *b64)
{
	if (!ztnet_key_from_base64(key, b64, strlen(b64)))
		abort();
}

static void add_ip(struct ztnet_peer *peer, int family, const char *addr,
		   uint8_t cidr)
{
	struct ztnet_allowedip ip = { .family = (uint16_t)family, .cidr = cidr };

	inet_pton(family, addr, &ip.ip6);
	ztnet_peer_add_allowedip(peer, &ip);
}

/* The device of every expected text below. */
static void known_device(struct ztnet_device *dev)
{
	struct ztnet_peer *a, *b;

	memset(dev, 0, sizeof(*dev));
	strcpy(dev->ifname, "zt0");
	dev->has_private_key = dev->has_public_key = true;
	set_key(dev->private_key, PRIV);
	set_key(dev->public_key, PUB);
	dev->has_listen_port = dev->has_fwmark = true;
	dev->listen_port = 51820;
	dev->fwmark = 0x2a;
	a = ztnet_device_add_peer(dev);
	set_key(a->public_key, PEER2);
	a->has_preshared_key = true;
	set_key(a->preshared_key, PSK);
	a->endpoint.addr4.sin_family = AF_INET;
	a->endpoint.addr4.sin_port = htons(51820);
	inet_pton(AF_INET, "192.0.2.1", &a->endpoint.addr4.sin_addr);
	add_ip(a, AF_INET, "10.0.0.0", 24);
	add_ip(a, AF_INET6, "fd00::", 64);
	a->keepalive = 25;
	a->last_handshake_sec = NOW - 65;
	a->rx_bytes = 1536;
	a->tx_bytes = 3 * 1024 * 1024;
	a->id = 7;
	b = ztnet_device_add_peer(dev);
	set_key(b->public_key, PEER3);
	b->endpoint.addr6.sin6_family = AF_INET6;
	b->endpoint.addr6.sin6_port = htons(4500);
	inet_pton(AF_INET6, "fd00::1", &b->endpoint.addr6.sin6_addr);
}

static bool text_is(char *got, const char *want)
{
	bool same = strcmp(got, want) == 0;

	if (!same)
		printf("# got:\n%s# want:\n%s", got, want);
	free(got);
	return same;
}

enum printer { PRETTY, CONF, FIELD, FIELD_ALL };

static char *print(const struct ztnet_device *dev, enum printer how,
		   enum ztnet_field field)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		abort();
	if (how == PRETTY)
		ztnet_device_print_at(out, dev, NOW);
	else if (how == CONF)
		ztnet_conf_print(out, dev);
	else
		ztnet_fields_print(out, dev, field, how == FIELD_ALL);
	fclose(out);
	return text;
}

static bool human_view(void)
{
	struct ztnet_device dev;

	known_device(&dev);
	CHECK(text_is(print(&dev, PRETTY, 0),
		"interface: zt0\n"
		"  public key: " PUB "\n"
		"  private key: (hidden)\n"
		"  listening port: 51820\n"
		"  fwmark: 0x2a\n"
		"\n"
		"peer: " PEER2 "\n"
		"  preshared key: (hidden)\n"
		"  endpoint: 192.0.2.1:51820\n"
		"  allowed ips: 10.0.0.0/24, fd00::/64\n"
		"  latest handshake: 1 minute, 5 seconds ago\n"
		"  transfer: 1.50 KiB received, 3.00 MiB sent\n"
		"  persistent keepalive: every 25 seconds\n"
		"\n"
		"peer: " PEER3 "\n"
		"  endpoint: [fd00::1]:4500\n"
		"  allowed ips: (none)\n"));
	ztnet_device_wipe(&dev);
	return true;
}

/* As wg: the latest handshake first, never last, ties in kernel order. */
static bool human_view_order(void)
{
	struct ztnet_device dev;
	char *text, *p2, *p3;

	known_device(&dev);
	dev.peers[1].last_handshake_sec = dev.peers[0].last_handshake_sec + 1;
	text = print(&dev, PRETTY, 0);
	p2 = strstr(text, "peer: " PEER2);
	p3 = strstr(text, "peer: " PEER3);
	CHECK(p2 && p3 && p3 < p2);
	free(text);
	dev.peers[1].last_handshake_sec = 0;
	dev.peers[1].last_handshake_nsec = 0;
	dev.peers[0].last_handshake_sec = 0;
	dev.peers[0].last_handshake_nsec = 0;
	text = print(&dev, PRETTY, 0);
	p2 = strstr(text, "peer: " PEER2);
	p3 = strstr(text, "peer: " PEER3);
	CHECK(p2 && p3 && p2 < p3);
	free(text);
	ztnet_device_wipe(&dev);
	return true;
}

/* WG_COLOR_MODE=always: wg's colour codes, ZTNET_COLOR_MODE first. */
static bool human_view_colours(void)
{
	struct ztnet_device dev;
	char *text;

	known_device(&dev);
	setenv("WG_COLOR_MODE", "always", 1);
	text = print(&dev, PRETTY, 0);
	CHECK(strncmp(text, "\x1b[0m\x1b[32m\x1b[1minterface\x1b[0m: \x1b[32mzt0\x1b[0m\n",
		      strlen("\x1b[0m\x1b[32m\x1b[1minterface\x1b[0m: \x1b[32mzt0\x1b[0m\n")) == 0);
	CHECK(strstr(text, "  \x1b[1mpublic key\x1b[0m: " PUB "\n"));
	CHECK(strstr(text, "\x1b[33m\x1b[1mpeer\x1b[0m: \x1b[33m" PEER2 "\x1b[0m\n"));
	CHECK(strstr(text, "10.0.0.0\x1b[36m/\x1b[0m24, fd00::\x1b[36m/\x1b[0m64\n"));
	CHECK(strstr(text, ": 1 \x1b[36mminute\x1b[0m, 5 \x1b[36mseconds\x1b[0m ago\n"));
	CHECK(strstr(text, ": 1.50 \x1b[36mKiB\x1b[0m received, 3.00 \x1b[36mMiB\x1b[0m sent\n"));
	free(text);
	setenv("ZTNET_COLOR_MODE", "never", 1);
	text = print(&dev, PRETTY, 0);
	CHECK(!strchr(text, '\x1b'));
	free(text);
	unsetenv("ZTNET_COLOR_MODE");
	unsetenv("WG_COLOR_MODE");
	ztnet_device_wipe(&dev);
	return true;
}

static char *metrics_of(const struct ztnet_device *dev)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		abort();
	ztnet_metrics_print(out, dev, 1);
	fclose(out);
	return text;
}

/* The Prometheus text format: each family whole, labels escaped. */
static bool metrics_output(void)
{
	struct ztnet_device dev;
	char *text;

	known_device(&dev);
	text = metrics_of(&dev);
	CHECK(strstr(text, "# TYPE ztnet_device_peers gauge\n"
			   "ztnet_device_peers{interface=\"zt0\"} 2\n"));
	CHECK(strstr(text, "# TYPE ztnet_peer_receive_bytes_total counter\n"
			   "ztnet_peer_receive_bytes_total{interface=\"zt0\",public_key=\""
			   PEER2 "\"} 1536\n"
			   "ztnet_peer_receive_bytes_total{interface=\"zt0\",public_key=\""
			   PEER3 "\"} 0\n"));
	CHECK(strstr(text, "ztnet_peer_latest_handshake_timestamp_seconds{interface=\"zt0\",public_key=\""
			   PEER2 "\"} 999935\n"));
	/* No policy reported: no policy family. */
	CHECK(!strstr(text, "ztnet_policy"));
	/* Keys stay hidden. */
	CHECK(!strstr(text, PRIV) && !strstr(text, PSK));
	free(text);
	snprintf(dev.ifname, sizeof(dev.ifname), "a\"b\\");
	text = metrics_of(&dev);
	CHECK(strstr(text, "ztnet_device_peers{interface=\"a\\\"b\\\\\"} 2\n"));
	free(text);
	/* A name that is no UTF-8 comes out as its bytes' characters. */
	snprintf(dev.ifname, sizeof(dev.ifname), "z\xe9\xff");
	text = metrics_of(&dev);
	CHECK(strstr(text, "ztnet_device_peers{interface=\"z\xc3\xa9\xc3\xbf\"} 2\n"));
	free(text);
	ztnet_device_wipe(&dev);
	return true;
}

/* show --json: the documented schema, valid JSON, keys left out. */
static bool json_output(void)
{
	struct ztnet_device dev;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		abort();
	known_device(&dev);
	ztnet_json_print(out, &dev, 1);
	fclose(out);
	CHECK(text_is(text,
		"{\"interfaces\":[{\"name\":\"zt0\",\"public_key\":\"" PUB "\","
		"\"listen_port\":51820,\"fwmark\":42,\"peers\":["
		"{\"public_key\":\"" PEER2 "\",\"endpoint\":\"192.0.2.1:51820\","
		"\"allowed_ips\":[\"10.0.0.0/24\",\"fd00::/64\"],"
		"\"latest_handshake\":999935,\"transfer_rx\":1536,"
		"\"transfer_tx\":3145728,\"persistent_keepalive\":25,\"groups\":[],"
		"\"id\":7},"
		"{\"public_key\":\"" PEER3 "\",\"endpoint\":\"[fd00::1]:4500\","
		"\"allowed_ips\":[],\"latest_handshake\":0,\"transfer_rx\":0,"
		"\"transfer_tx\":0,\"persistent_keepalive\":0,\"groups\":[],"
		"\"id\":0}],"
		"\"policy\":null}]}\n"));
	ztnet_device_wipe(&dev);
	return true;
}

/* WG_HIDE_KEYS=never shows the keys; ZTNET_HIDE_KEYS wins over it. */
static bool human_view_keys(void)
{
	struct ztnet_device dev;
	char *text;

	known_device(&dev);
	setenv("WG_HIDE_KEYS", "never", 1);
	text = print(&dev, PRETTY, 0);
	CHECK(strstr(text, "  private key: (hidden)\n") == NULL);
	CHECK(strstr(text, "  preshared key: (hidden)\n") == NULL);
	CHECK(strstr(text, "  private key: ") != NULL);
	free(text);
	setenv("ZTNET_HIDE_KEYS", "always", 1);
	text = print(&dev, PRETTY, 0);
	CHECK(strstr(text, "  private key: (hidden)\n") != NULL);
	free(text);
	unsetenv("ZTNET_HIDE_KEYS");
	unsetenv("WG_HIDE_KEYS");
	ztnet_device_wipe(&dev);
	return true;
}

static bool showconf_output(void)
{
	struct ztnet_device dev;

	known_device(&dev);
	CHECK(text_is(print(&dev, CONF, 0),
		"[Interface]\n"
		"ListenPort = 51820\n"
		"FwMark = 0x2a\n"
		"PrivateKey = " PRIV "\n"
		"\n"
		"[Peer]\n"
		"PublicKey = " PEER2 "\n"
		"PresharedKey = " PSK "\n"
		"AllowedIPs = 10.0.0.0/24, fd00::/64\n"
		"Endpoint = 192.0.2.1:51820\n"
		"PersistentKeepalive = 25\n"
		"\n"
		"[Peer]\n"
		"PublicKey = " PEER3 "\n"
		"Endpoint = [fd00::1]:4500\n"));
	ztnet_device_wipe(&dev);
	CHECK(text_is(print(&dev, CONF, 0), "[Interface]\n\n"));
	return true;
}

static bool dump_format(void)
{
	struct ztnet_device dev;

	known_device(&dev);
	CHECK(text_is(print(&dev, FIELD, ZTNET_FIELD_DUMP),
		PRIV "\t" PUB "\t51820\t0x2a\n"
		PEER2 "\t" PSK "\t192.0.2.1:51820\t10.0.0.0/24,fd00::/64\t"
		"999935\t1536\t3145728\t25\n"
		PEER3 "\t(none)\t[fd00::1]:4500\t(none)\t0\t0\t0\toff\n"));
	CHECK(text_is(print(&dev, FIELD_ALL, ZTNET_FIELD_DUMP),
		"zt0\t" PRIV "\t" PUB "\t51820\t0x2a\n"
		"zt0\t" PEER2 "\t" PSK "\t192.0.2.1:51820\t"
		"10.0.0.0/24,fd00::/64\t999935\t1536\t3145728\t25\n"
		"zt0\t" PEER3 "\t(none)\t[fd00::1]:4500\t(none)\t0\t0\t0\toff\n"));
	ztnet_device_wipe(&dev);
	strcpy(dev.ifname, "zt9");
	CHECK(text_is(print(&dev, FIELD, ZTNET_FIELD_DUMP),
		      "(none)\t(none)\t0\toff\n"));
	return true;
}

static bool field_is(const struct ztnet_device *dev, const char *name,
		     const char *want)
{
	enum ztnet_field field = ztnet_field_find(name);

	if (field == ZTNET_FIELD_NONE) {
		printf("# no field %s\n", name);
		return false;
	}
	return text_is(print(dev, FIELD, field), want);
}

static bool field_views(void)
{
	struct ztnet_device dev;

	known_device(&dev);
	CHECK(field_is(&dev, "public-key", PUB "\n"));
	CHECK(field_is(&dev, "private-key", PRIV "\n"));
	CHECK(field_is(&dev, "listen-port", "51820\n"));
	CHECK(field_is(&dev, "fwmark", "0x2a\n"));
	CHECK(field_is(&dev, "peers", PEER2 "\n" PEER3 "\n"));
	CHECK(field_is(&dev, "preshared-keys",
		       PEER2 "\t" PSK "\n" PEER3 "\t(none)\n"));
	CHECK(field_is(&dev, "endpoints", PEER2 "\t192.0.2.1:51820\n"
		       PEER3 "\t[fd00::1]:4500\n"));
	CHECK(field_is(&dev, "allowed-ips", PEER2 "\t10.0.0.0/24 fd00::/64\n"
		       PEER3 "\t(none)\n"));
	CHECK(field_is(&dev, "latest-handshakes",
		       PEER2 "\t999935\n" PEER3 "\t0\n"));
	CHECK(field_is(&dev, "transfer",
		       PEER2 "\t1536\t3145728\n" PEER3 "\t0\t0\n"));
	CHECK(field_is(&dev, "persistent-keepalive",
		       PEER2 "\t25\n" PEER3 "\toff\n"));
	CHECK(text_is(print(&dev, FIELD_ALL, ZTNET_FIELD_PEERS),
		      "zt0\t" PEER2 "\nzt0\t" PEER3 "\n"));
	CHECK(text_is(print(&dev, FIELD_ALL, ZTNET_FIELD_LISTEN_PORT),
		      "zt0\t51820\n"));
	ztnet_device_wipe(&dev);
	strcpy(dev.ifname, "zt9");
	CHECK(field_is(&dev, "public-key", "(none)\n"));
	CHECK(field_is(&dev, "fwmark", "off\n"));
	CHECK(field_is(&dev, "peers", ""));
	CHECK(ztnet_field_find("Peers") == ZTNET_FIELD_NONE);
	CHECK(ztnet_field_find("") == ZTNET_FIELD_NONE);
	return true;
}

static bool duration_is(uint64_t seconds, const char *want)
{
	char buf[256];

	ztnet_format_duration(buf, sizeof(buf), seconds);
	if (strcmp(buf, want) == 0)
		return true;
	printf("# %llu: '%s'\n", (unsigned long long)seconds, buf);
	return false;
}

static bool bytes_are(uint64_t bytes, const char *want)
{
	char buf[64];

	ztnet_format_bytes(buf, sizeof(buf), bytes);
	if (strcmp(buf, want) == 0)
		return true;
	printf("# %llu: '%s'\n", (unsigned long long)bytes, buf);
	return false;
}

static bool durations_and_sizes(void)
{
	CHECK(duration_is(1, "1 second"));
	CHECK(duration_is(60, "1 minute"));
	CHECK(duration_is(3661, "1 hour, 1 minute, 1 second"));
	CHECK(duration_is(2 * 86400 + 7200, "2 days, 2 hours"));
	CHECK(duration_is(365 * 86400 + 5, "1 year, 5 seconds"));
	CHECK(duration_is(65535, "18 hours, 12 minutes, 15 seconds"));
	CHECK(bytes_are(0, "0 B"));
	CHECK(bytes_are(1023, "1023 B"));
	CHECK(bytes_are(1024, "1.00 KiB"));
	CHECK(bytes_are(1024 * 1024 - 1, "1024.00 KiB"));
	CHECK(bytes_are(1024 * 1024, "1.00 MiB"));
	CHECK(bytes_are(5ULL << 30, "5.00 GiB"));
	CHECK(bytes_are(3ULL << 40, "3.00 TiB"));
	CHECK(bytes_are(5000ULL << 40, "5000.00 TiB"));
	return true;
}

static bool text_has(char *got, const char *want)
{
	bool has = strstr(got, want) != NULL;

	if (!has)
		printf("# got:\n%s# without: %s", got, want);
	free(got);
	return has;
}

static bool handshake_now_and_future(void)
{
	struct ztnet_device dev;

	known_device(&dev);
	dev.peers[0].last_handshake_sec = NOW;
	CHECK(text_has(print(&dev, PRETTY, 0), "latest handshake: Now\n"));
	dev.peers[0].last_handshake_sec = NOW + 5;
	CHECK(text_has(print(&dev, PRETTY, 0), "latest handshake: (System "
		       "clock wound backward; connection problems may "
		       "ensue.)\n"));
	ztnet_device_wipe(&dev);
	return true;
}

/* GET_DEVICE replies as the kernel splits a device over messages. */
static char bufs[4][1024] __attribute__((aligned(8)));

static struct nlmsghdr *reply(int n, uint32_t ifindex, const char *ifname)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(bufs[n]);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = GENL_MIN_ID + 1;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = ZTNET_CMD_GET_DEVICE;
	genl->version = ZTNET_GENL_VERSION;
	mnl_attr_put_u32(nlh, ZTDEVICE_A_IFINDEX, ifindex);
	mnl_attr_put_strz(nlh, ZTDEVICE_A_IFNAME, ifname);
	return nlh;
}

static void put_ip(struct nlmsghdr *nlh, int family, const char *addr,
		   uint8_t cidr)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, 0);
	uint8_t raw[16];

	inet_pton(family, addr, raw);
	mnl_attr_put_u16(nlh, ZTALLOWEDIP_A_FAMILY, (uint16_t)family);
	mnl_attr_put(nlh, ZTALLOWEDIP_A_IPADDR, family == AF_INET ? 4 : 16,
		     raw);
	mnl_attr_put_u8(nlh, ZTALLOWEDIP_A_CIDR_MASK, cidr);
	mnl_attr_nest_end(nlh, nest);
}

/* A peer with one allowed IP; zero key bytes mean "no preshared key". */
static void put_peer(struct nlmsghdr *nlh, const char *key, const char *ip,
		     uint8_t cidr)
{
	struct nlattr *peer = mnl_attr_nest_start(nlh, 0), *ips;
	uint8_t raw[ZTNET_KEY_LEN] = { 0 };

	set_key(raw, key);
	mnl_attr_put(nlh, ZTPEER_A_PUBLIC_KEY, sizeof(raw), raw);
	memset(raw, 0, sizeof(raw));
	mnl_attr_put(nlh, ZTPEER_A_PRESHARED_KEY, sizeof(raw), raw);
	ips = mnl_attr_nest_start(nlh, ZTPEER_A_ALLOWEDIPS);
	put_ip(nlh, strchr(ip, ':') ? AF_INET6 : AF_INET, ip, cidr);
	mnl_attr_nest_end(nlh, ips);
	mnl_attr_nest_end(nlh, peer);
}

static bool feed(struct ztnet_show_output *output, struct nlmsghdr *nlh)
{
	return ztnet_show_device_reply(nlh, output) == MNL_CB_OK;
}

static char *show_split_dump(enum ztnet_show_mode mode, enum ztnet_field field)
{
	struct ztnet_show_output output = { .mode = mode, .field = field };
	struct nlmsghdr *nlh;
	struct nlattr *peers;
	char *text = NULL;
	size_t len = 0;
	bool ok;

	output.out = open_memstream(&text, &len);
	if (!output.out)
		abort();
	nlh = reply(0, 7, "zt0");
	mnl_attr_put_u16(nlh, ZTDEVICE_A_LISTEN_PORT, 1);
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	put_peer(nlh, PEER2, "10.0.0.0", 24);
	mnl_attr_nest_end(nlh, peers);
	ok = feed(&output, nlh);
	/* The same peer continues, then another peer. */
	nlh = reply(1, 7, "zt0");
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	put_peer(nlh, PEER2, "fd00::", 64);
	put_peer(nlh, PEER3, "10.9.0.1", 32);
	mnl_attr_nest_end(nlh, peers);
	ok &= feed(&output, nlh);
	ok &= feed(&output, reply(2, 8, "zt1"));
	ztnet_show_finish(&output);
	fclose(output.out);
	if (!ok)
		abort();
	return text;
}

static bool joins_a_split_dump(void)
{
	CHECK(text_is(show_split_dump(ZTNET_SHOW_ALL, ZTNET_FIELD_ALLOWED_IPS),
		"zt0\t" PEER2 "\t10.0.0.0/24 fd00::/64\n"
		"zt0\t" PEER3 "\t10.9.0.1/32\n"));
	CHECK(text_is(show_split_dump(ZTNET_SHOW_INTERFACES, 0), "zt0 zt1\n"));
	CHECK(text_is(show_split_dump(ZTNET_SHOW_ALL, ZTNET_FIELD_DUMP),
		"zt0\t(none)\t(none)\t1\toff\n"
		"zt0\t" PEER2 "\t(none)\t(none)\t10.0.0.0/24,fd00::/64\t0\t0\t0\toff\n"
		"zt0\t" PEER3 "\t(none)\t(none)\t10.9.0.1/32\t0\t0\t0\toff\n"
		"zt1\t(none)\t(none)\t0\toff\n"));
	CHECK(text_is(show_split_dump(ZTNET_SHOW_ALL, ZTNET_FIELD_NONE),
		"interface: zt0\n"
		"  listening port: 1\n"
		"\n"
		"peer: " PEER2 "\n"
		"  allowed ips: 10.0.0.0/24, fd00::/64\n"
		"\n"
		"peer: " PEER3 "\n"
		"  allowed ips: 10.9.0.1/32\n"
		"\n"
		"interface: zt1\n"));
	return true;
}

static bool reply_refuses_bad_peers(void)
{
	struct ztnet_device dev;
	struct nlmsghdr *nlh;
	struct nlattr *peers, *peer, *ips, *ip;

	/* An allowed IP with a prefix longer than its address. */
	nlh = reply(0, 7, "zt0");
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	put_peer(nlh, PEER2, "10.0.0.0", 33);
	mnl_attr_nest_end(nlh, peers);
	CHECK(!ztnet_device_parse(nlh, &dev));
	/* An IPv6 family with four address bytes. */
	nlh = reply(0, 7, "zt0");
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	peer = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, ZTPEER_A_PUBLIC_KEY, ZTNET_KEY_LEN, bufs[3]);
	ips = mnl_attr_nest_start(nlh, ZTPEER_A_ALLOWEDIPS);
	ip = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u16(nlh, ZTALLOWEDIP_A_FAMILY, AF_INET6);
	mnl_attr_put_u32(nlh, ZTALLOWEDIP_A_IPADDR, 0);
	mnl_attr_put_u8(nlh, ZTALLOWEDIP_A_CIDR_MASK, 0);
	mnl_attr_nest_end(nlh, ip);
	mnl_attr_nest_end(nlh, ips);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
	CHECK(!ztnet_device_parse(nlh, &dev));
	/* A peer without a public key. */
	nlh = reply(0, 7, "zt0");
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	peer = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u16(nlh, ZTPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, 1);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
	CHECK(!ztnet_device_parse(nlh, &dev));
	/* An endpoint whose family does not match its length. */
	nlh = reply(0, 7, "zt0");
	peers = mnl_attr_nest_start(nlh, ZTDEVICE_A_PEERS);
	peer = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put(nlh, ZTPEER_A_PUBLIC_KEY, ZTNET_KEY_LEN, bufs[3]);
	memset(bufs[3] + 512, 0, 28);
	*(uint16_t *)(bufs[3] + 512) = AF_INET;
	mnl_attr_put(nlh, ZTPEER_A_ENDPOINT, 28, bufs[3] + 512);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, peers);
	CHECK(!ztnet_device_parse(nlh, &dev));
	return true;
}

static const struct test_case cases[] = {
	{ "the human view of wg show", human_view },
	{ "the human view sorts peers by latest handshake", human_view_order },
	{ "the human view in wg's colours", human_view_colours },
	{ "metrics in the Prometheus text format", metrics_output },
	{ "show --json in its documented schema", json_output },
	{ "WG_HIDE_KEYS=never shows the keys, ZTNET_HIDE_KEYS first", human_view_keys },
	{ "showconf prints what wg showconf prints", showconf_output },
	{ "show dump is tab-separated like wg's", dump_format },
	{ "every field view", field_views },
	{ "durations and byte counts", durations_and_sizes },
	{ "a handshake now and in the future", handshake_now_and_future },
	{ "joins a device split over replies", joins_a_split_dump },
	{ "replies with bad peers are refused", reply_refuses_bad_peers },
};

TEST_SUITE(print_suite, "print", cases);
