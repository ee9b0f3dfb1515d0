// SPDX-License-Identifier: GPL-2.0
/* The arguments of `ztnet set`: tools/setargs.c, keyfile.c, endpoint.c. */
#include <arpa/inet.h>
#include <netdb.h>
#include <string.h>

#include "endpoint.h"
#include "exitcode.h"
#include "format.h"
#include "harness.h"
#include "key.h"
#include "keyfile.h"
#include "setargs.h"

#define PEER1 "Est9qVD1Y0Z6FNdedkmaBgm7uw4upAdV8xAb79o6WHg="
#define PEER2 "67e4QOZl1WcuhiHk01VkzhEoSYcuenBNNvHu6BCWKn0="

#define MAX_ARGS 32

/* Splits a line on spaces into argv after "set"; "''" is an empty word. */
static int split(char *line, char *argv[MAX_ARGS])
{
	char *word;
	int argc = 0;

	argv[argc++] = "set";
	while ((word = strsep(&line, " ")) && argc < MAX_ARGS - 1)
		argv[argc++] = strcmp(word, "''") == 0 ? "" : word;
	argv[argc] = NULL;
	return argc;
}

static bool parse(const char *line, struct ztnet_set_args *args,
		  struct ztnet_parse_error *err)
{
	static char copy[1024];
	char *argv[MAX_ARGS];
	int argc;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = split(copy, argv);
	return ztnet_set_parse_args(argc, argv, args, err);
}

static bool every_device_word(void)
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;

	CHECK(parse("zt0 listen-port 51820 fwmark 0x2a private-key /k",
		    &args, &err));
	CHECK(strcmp(args.dev.ifname, "zt0") == 0);
	CHECK(args.dev.has_listen_port && args.dev.listen_port == 51820);
	CHECK(args.dev.has_fwmark && args.dev.fwmark == 0x2a);
	CHECK(args.dev.has_private_key && !strcmp(args.private_key_file, "/k"));
	CHECK(!args.dev.replace_peers && args.dev.peers_len == 0);
	ztnet_set_args_free(&args);
	CHECK(parse("zt0 fwmark off", &args, &err));
	CHECK(args.dev.has_fwmark && args.dev.fwmark == 0);
	CHECK(!args.dev.has_listen_port && !args.dev.has_private_key);
	ztnet_set_args_free(&args);
	CHECK(parse("zt0 fwmark 7 fwmark 0", &args, &err));
	CHECK(args.dev.fwmark == 0);
	ztnet_set_args_free(&args);
	return true;
}

static bool every_peer_word(void)
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;
	const struct ztnet_peer *p;

	CHECK(parse("zt0 listen-port 1 peer " PEER1 " preshared-key /psk "
		    "endpoint [fd00::1]:51820 persistent-keepalive 25 "
		    "allowed-ips 10.0.0.0/8,fd00::/64 allowed-ips 10.1.0.1 "
		    "peer " PEER2 " remove update-only persistent-keepalive off "
		    "allowed-ips ''", &args, &err));
	CHECK(args.dev.peers_len == 2);
	p = &args.dev.peers[0];
	CHECK(p->has_preshared_key && !strcmp(args.preshared_key_files[0],
					      "/psk"));
	CHECK(!strcmp(p->endpoint_text, "[fd00::1]:51820"));
	CHECK(p->has_keepalive && p->keepalive == 25);
	CHECK(p->replace_allowedips && p->allowedips_len == 3);
	CHECK(p->allowedips[2].family == AF_INET && p->allowedips[2].cidr == 32);
	CHECK(!p->remove_me && !p->update_only);
	p = &args.dev.peers[1];
	CHECK(p->remove_me && p->update_only);
	CHECK(!args.preshared_key_files[1] && !p->has_preshared_key);
	CHECK(p->has_keepalive && p->keepalive == 0);
	CHECK(p->replace_allowedips && p->allowedips_len == 0);
	ztnet_set_args_free(&args);
	return true;
}

static bool allowed_ips_may_hold_spaces(void)
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;
	char *argv[] = { "set", "zt0", "peer", PEER1, "allowed-ips",
			 " 10.0.0.1/32 ,\tfd00::1 ", NULL };

	CHECK(ztnet_set_parse_args(6, argv, &args, &err));
	CHECK(args.dev.peers[0].allowedips_len == 2);
	CHECK(args.dev.peers[0].allowedips[1].cidr == 128);
	ztnet_set_args_free(&args);
	return true;
}

/* What "allowed-ips" words made of the one peer: "+a -b c" and the flag. */
static bool signs_are(const struct ztnet_peer *p, const char *want,
		      bool replace)
{
	char got[512] = "", ip[ZTNET_ALLOWEDIP_STRLEN];
	size_t i, n = 0;

	for (i = 0; i < p->allowedips_len; i++) {
		ztnet_format_allowedip(ip, &p->allowedips[i]);
		n += snprintf(got + n, sizeof(got) - n, "%s%s%s", i ? " " : "",
			      p->allowedips[i].remove_me ? "-" : "", ip);
	}
	if (strcmp(got, want) == 0 && p->replace_allowedips == replace)
		return true;
	printf("# got '%s'%s, not '%s'%s\n", got,
	       p->replace_allowedips ? " replacing" : "", want,
	       replace ? " replacing" : "");
	return false;
}

static bool incremental(const char *words, const char *want, bool replace)
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;
	char line[512];

	snprintf(line, sizeof(line), "zt0 peer " PEER1 " %s", words);
	CHECK(parse(line, &args, &err));
	CHECK(signs_are(&args.dev.peers[0], want, replace));
	ztnet_set_args_free(&args);
	return true;
}

/*
 * wg's '+' and '-': any of them in a list makes it incremental, wherever
 * it is, '-' marks removals, and the sign goes; the peer's last
 * allowed-ips decides whether its list is replaced, as in wg.
 */
static bool incremental_allowed_ips(void)
{
	CHECK(incremental("allowed-ips +10.0.0.0/24,-10.1.0.0/16,10.2.0.0/16",
			  "10.0.0.0/24 -10.1.0.0/16 10.2.0.0/16", false));
	CHECK(incremental("allowed-ips 10.2.0.0/16,-fd00::/64",
			  "10.2.0.0/16 -fd00::/64", false));
	CHECK(incremental("allowed-ips -10.0.0.1", "-10.0.0.1/32", false));
	CHECK(incremental("allowed-ips 10.0.0.0/8,10.1.0.0/16",
			  "10.0.0.0/8 10.1.0.0/16", true));
	CHECK(incremental("allowed-ips +10.0.0.0/8 allowed-ips 10.1.0.0/16",
			  "10.0.0.0/8 10.1.0.0/16", true));
	CHECK(incremental("allowed-ips 10.0.0.0/8 allowed-ips -10.1.0.0/16",
			  "10.0.0.0/8 -10.1.0.0/16", false));
	CHECK(incremental("allowed-ips +10.0.0.0/8 allowed-ips ''",
			  "10.0.0.0/8", true));
	return true;
}

/* Spaces go before the signs are read, as `wg set` strips them. */
static bool signs_after_spaces(void)
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;
	char *argv[] = { "set", "zt0", "peer", PEER1, "allowed-ips",
			 " - 10.0.0.1/32 , +\tfd00::1 ", NULL };

	CHECK(ztnet_set_parse_args(6, argv, &args, &err));
	CHECK(signs_are(&args.dev.peers[0], "-10.0.0.1/32 fd00::1/128", false));
	ztnet_set_args_free(&args);
	return true;
}

static int parse_allowed_ips(void *list)
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;
	char *argv[] = { "set", "zt0", "peer", PEER1, "allowed-ips", list, NULL };
	bool ok = ztnet_set_parse_args(6, argv, &args, &err);

	if (ok)
		ztnet_set_args_free(&args);
	return ok ? 0 : 1;
}

/* wg's warning, once per address with host bits, which are still taken. */
static bool host_bits_are_warned(void)
{
	char err[512];

	CHECK(capture_stderr(parse_allowed_ips, "10.0.0.1/24,fd00::1/64,10.1.0.0/16",
			     err, sizeof(err)) == 0);
	CHECK(strcmp(err, "ztnet: Warning: AllowedIP has nonzero host part: 10.0.0.1/24\n"
		     "ztnet: Warning: AllowedIP has nonzero host part: fd00::1/64\n") == 0);
	CHECK(capture_stderr(parse_allowed_ips, "10.0.0.0/24,fd00::/64,10.0.0.1",
			     err, sizeof(err)) == 0);
	CHECK(err[0] == '\0');
	return true;
}

struct bad_args {
	const char *line;
	int status;
	const char *msg;
};

static const struct bad_args bad_args[] = {
	{ "zt0", 2, "usage" },
	{ "'' listen-port 1", 2, "invalid interface name" },
	{ "abcdefghijklmnop listen-port 1", 2, "invalid interface name" },
	{ "zt0 frob", 2, "invalid argument: 'frob'" },
	{ "zt0 remove", 2, "invalid argument: 'remove'" },
	{ "zt0 update-only", 2, "invalid argument" },
	{ "zt0 listen-port", 2, "listen-port needs a value" },
	{ "zt0 fwmark", 2, "fwmark needs a value" },
	{ "zt0 private-key", 2, "private-key needs a value" },
	{ "zt0 peer", 2, "peer needs a value" },
	{ "zt0 listen-port 65536", 2, "0 to 65535" },
	{ "zt0 listen-port 1x", 2, "0 to 65535" },
	{ "zt0 listen-port ''", 2, "0 to 65535" },
	{ "zt0 fwmark 0x", 2, "fwmark" },
	{ "zt0 fwmark -1", 2, "fwmark" },
	{ "zt0 peer abc", 3, "malformed peer key: 'abc'" },
	{ "zt0 peer " PEER1 "=", 3, "malformed peer key" },
	{ "zt0 peer " PEER1 " listen-port 1", 2, "before the first peer" },
	{ "zt0 peer " PEER1 " fwmark 1", 2, "before the first peer" },
	{ "zt0 peer " PEER1 " private-key /k", 2, "before the first peer" },
	{ "zt0 endpoint 1.2.3.4:1", 2, "must follow a peer" },
	{ "zt0 allowed-ips 10.0.0.0/8", 2, "must follow a peer" },
	{ "zt0 preshared-key /k", 2, "must follow a peer" },
	{ "zt0 persistent-keepalive 1", 2, "must follow a peer" },
	{ "zt0 peer " PEER1 " endpoint", 2, "endpoint needs a value" },
	{ "zt0 peer " PEER1 " allowed-ips", 2, "needs a value" },
	{ "zt0 peer " PEER1 " preshared-key", 2, "needs a value" },
	{ "zt0 peer " PEER1 " persistent-keepalive", 2, "needs a value" },
	{ "zt0 peer " PEER1 " endpoint 1.2.3.4", 2, "endpoint" },
	{ "zt0 peer " PEER1 " endpoint :1", 2, "endpoint" },
	{ "zt0 peer " PEER1 " endpoint []:1", 2, "endpoint" },
	{ "zt0 peer " PEER1 " endpoint [::1]1", 2, "endpoint" },
	{ "zt0 peer " PEER1 " allowed-ips 10.0.0.1/33", 2, "allowed IP" },
	{ "zt0 peer " PEER1 " allowed-ips 10.0.0.1/x", 2, "allowed IP" },
	{ "zt0 peer " PEER1 " allowed-ips 10.0.0.1,,10.0.0.2", 2,
	  "allowed IP" },
	{ "zt0 peer " PEER1 " allowed-ips host.example", 2, "allowed IP" },
	{ "zt0 peer " PEER1 " allowed-ips 10.0.0.0/8,+", 2,
	  "invalid allowed IP: '+' (IP/CIDR, +IP/CIDR or -IP/CIDR)" },
	{ "zt0 peer " PEER1 " allowed-ips -", 2, "invalid allowed IP: '-'" },
	{ "zt0 peer " PEER1 " allowed-ips +-10.0.0.0/8", 2,
	  "invalid allowed IP: '+-10.0.0.0/8'" },
	{ "zt0 peer " PEER1 " allowed-ips --10.0.0.0/8", 2,
	  "invalid allowed IP: '--10.0.0.0/8'" },
	{ "zt0 peer " PEER1 " allowed-ips 10.0.0.0/8+", 2,
	  "invalid allowed IP: '10.0.0.0/8+'" },
	{ "zt0 peer " PEER1 " allowed-ips -10.0.0.0/33", 2,
	  "invalid allowed IP: '-10.0.0.0/33'" },
	{ "zt0 peer " PEER1 " allowed-ips *10.0.0.0/8", 2,
	  "invalid allowed IP: '*10.0.0.0/8'" },
	{ "zt0 peer " PEER1 " persistent-keepalive 65536", 2, "keepalive" },
	{ "zt0 peer " PEER1 " persistent-keepalive on", 2, "keepalive" },
	{ "zt0 peer " PEER1 " peer bad", 3, "malformed peer key" },
};

static bool reports_every_error(void)
{
	struct ztnet_parse_error err;
	struct ztnet_set_args args;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_args); i++) {
		const struct bad_args *b = &bad_args[i];

		if (parse(b->line, &args, &err) || err.status != b->status ||
		    err.line != 0 || !strstr(err.msg, b->msg)) {
			printf("# '%s': status %d: %s\n", b->line, err.status,
			       err.msg);
			return false;
		}
		CHECK(args.dev.peers == NULL && !args.preshared_key_files);
	}
	return true;
}

static bool key_files(void)
{
	uint8_t key[ZTNET_KEY_LEN];

	memset(key, 1, sizeof(key));
	CHECK(ztnet_keyfile_parse("", 0, key) && ztnet_key_is_zero(key));
	CHECK(ztnet_keyfile_parse(PEER1 "\n", 45, key));
	CHECK(!ztnet_key_is_zero(key));
	CHECK(!ztnet_keyfile_parse("\n", 1, key));
	CHECK(!ztnet_keyfile_parse(" " PEER1, 45, key));
	CHECK(!ztnet_keyfile_parse(PEER1 "x", 45, key));
	return true;
}

static int read_missing_key(void *key)
{
	return ztnet_keyfile_read("/nonexistent/ztnet-key", key);
}

static bool key_file_errors(void)
{
	uint8_t key[ZTNET_KEY_LEN];
	char err[256];

	CHECK(ztnet_keyfile_read("/dev/null", key) == ZTNET_EXIT_OK);
	CHECK(ztnet_key_is_zero(key));
	CHECK(capture_stderr(read_missing_key, key, err, sizeof(err)) ==
	      ZTNET_EXIT_FAILURE);
	CHECK(strncmp(err, "ztnet: cannot open key file", 27) == 0);
	return true;
}

/* Numeric only: the unit tests never look a name up. */
static bool resolves_numeric_endpoints(void)
{
	union ztnet_endpoint ep;

	CHECK(ztnet_endpoint_resolve("192.0.2.1:51820", &ep, true) == 0);
	CHECK(ep.addr.sa_family == AF_INET &&
	      ep.addr4.sin_port == htons(51820) &&
	      ep.addr4.sin_addr.s_addr == htonl(0xc0000201));
	CHECK(ztnet_endpoint_resolve("[fd00::1]:1", &ep, true) == 0);
	CHECK(ep.addr.sa_family == AF_INET6 && ep.addr6.sin6_port == htons(1));
	/* Like wg, the last colon starts the port even without brackets. */
	CHECK(ztnet_endpoint_resolve("fd00::1:2", &ep, true) == 0);
	CHECK(ep.addr.sa_family == AF_INET6 && ep.addr6.sin6_port == htons(2));
	CHECK(ztnet_endpoint_resolve("[fe80::1%1]:1", &ep, true) == 0);
	CHECK(ep.addr6.sin6_scope_id != 0);
	CHECK(ztnet_endpoint_resolve("host.example:1", &ep, true) != 0);
	CHECK(ztnet_endpoint_resolve("192.0.2.1:http", &ep, true) != 0);
	CHECK(ztnet_endpoint_resolve("192.0.2.1:", &ep, true) != 0);
	return true;
}

static const struct test_case cases[] = {
	{ "listen-port, fwmark and private-key", every_device_word },
	{ "every word of a peer", every_peer_word },
	{ "allowed-ips may hold white space", allowed_ips_may_hold_spaces },
	{ "allowed-ips takes wg's + and -", incremental_allowed_ips },
	{ "a sign may have white space around it", signs_after_spaces },
	{ "an allowed IP with host bits gets wg's warning", host_bits_are_warned },
	{ "reports every error with its status", reports_every_error },
	{ "key files: empty clears, one key, nothing else", key_files },
	{ "key file errors", key_file_errors },
	{ "resolves numeric endpoints", resolves_numeric_endpoints },
};

TEST_SUITE(setargs_suite, "set", cases);
