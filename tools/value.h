/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The values that both `set` arguments and configuration files hold,
 * parsed with wg(8)'s rules, and the one shape of the errors of every
 * parser of the tool.  Pure but for the functions that print an error:
 * no other I/O, no name lookups (an endpoint is only checked for its
 * form here; endpoint.c resolves it later).
 *
 * Each parser returns false on a bad value and then fills msg with one
 * phrase that says what was wrong, for the caller to prefix.
 */
#ifndef ZTNET_VALUE_H
#define ZTNET_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device.h"

#define ZTNET_MSG_LEN	192

/* Errors of the parsers: what to print, and the exit status. */
struct ztnet_parse_error {
	int status;		/* ZTNET_EXIT_USAGE or ZTNET_EXIT_BAD_KEY */
	unsigned int line;	/* of a configuration file; 0 for arguments */
	char msg[ZTNET_MSG_LEN];
};

/* Sets err, printf-style; returns false for the caller to return. */
bool ztnet_parse_fail(struct ztnet_parse_error *err, int status,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prints err as one line: "ztnet: line 7: ..." or "ztnet: ...". */
void ztnet_parse_error_print(const struct ztnet_parse_error *err);

/*
 * The one shape of every word the tool refuses, on its command line or in
 * a file, so that a script can match them all alike:
 *
 *	invalid WHAT: 'WORD' (VALID)
 *
 * VALID says what would have done, or is NULL.  WORD is quoted back cut to
 * ZTNET_QUOTE_MAX bytes: enough to find it, never a screenful.  Sets err
 * with ZTNET_EXIT_USAGE and returns false, as ztnet_parse_fail.
 */
#define ZTNET_QUOTE_MAX	64
bool ztnet_parse_invalid(struct ztnet_parse_error *err, const char *what,
			 const char *word, const char *valid);

/* The same, printed at once; returns ZTNET_EXIT_USAGE for the command. */
int ztnet_invalid(const char *what, const char *word, const char *valid);

/*
 * Digits in base 10 or 16 up to max, the whole text and nothing else:
 * no sign, no space, no empty string, which strtoul would let through.
 */
bool ztnet_parse_number(const char *text, unsigned int base, uint64_t max,
			uint64_t *value);

/* IP[/CIDR], host bits as written; without a CIDR, /32 or /128. */
bool ztnet_parse_cidr(const char *text, struct ztnet_allowedip *ip);

/* Whether no bit is set past the prefix length. */
bool ztnet_cidr_host_bits_clear(const struct ztnet_allowedip *ip);

/*
 * Whether name can name a network device: 1 to IFNAMSIZ - 1 bytes.  The
 * kernel says the rest (a '/', say) when asked for it.
 */
bool ztnet_ifname_valid(const char *name);

/* ztnet_ifname_valid, or "invalid interface name: 'NAME'" in err. */
bool ztnet_parse_ifname(const char *name, struct ztnet_parse_error *err);

/* The same for a command's own argument: says so, returns 0 or 2. */
int ztnet_check_ifname(const char *name);

/* A UDP port: decimal, 0 to 65535. */
bool ztnet_parse_port(const char *text, uint16_t *port,
		      struct ztnet_parse_error *err);

/* "off", or 0 to 0xffffffff in decimal or 0x hexadecimal. */
bool ztnet_parse_fwmark(const char *text, uint32_t *fwmark,
			struct ztnet_parse_error *err);

/* "off", or 0 to 65535 seconds. */
bool ztnet_parse_keepalive(const char *text, uint16_t *seconds,
			   struct ztnet_parse_error *err);

/* A key in base64; what names the key goes into the message. */
bool ztnet_parse_key(const char *text, uint8_t key[ZTNET_KEY_LEN],
		     const char *what, struct ztnet_parse_error *err);

/*
 * A comma-separated list of IP[/CIDR] without white space, appended to
 * the peer's allowed IPs.  An empty list appends nothing.  Without a
 * CIDR an address is a host: /32 or /128.
 *
 * As in wg, each list sets the peer's replace_allowedips, unless an item
 * starts with '+' or '-': then the list changes the peer's allowed IPs
 * instead of replacing them, and an item with '-' has remove_me, to
 * remove that prefix if the peer has it.  The last list of a peer
 * decides.
 */
bool ztnet_parse_allowedips(const char *text, struct ztnet_peer *peer,
			    struct ztnet_parse_error *err);

/*
 * HOST:PORT or [IPV6]:PORT, kept as text in peer->endpoint_text until
 * endpoint.c resolves it.
 */
bool ztnet_parse_endpoint(const char *text, struct ztnet_peer *peer,
			  struct ztnet_parse_error *err);

/* Splits an endpoint's text into host and port; false if malformed. */
bool ztnet_endpoint_split(const char *text, char **host, char **port);

#endif /* ZTNET_VALUE_H */
