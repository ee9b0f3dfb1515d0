/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration format of wg(8): [Interface] with PrivateKey,
 * ListenPort and FwMark; [Peer] with PublicKey, PresharedKey, AllowedIPs,
 * Endpoint and PersistentKeepalive.  Keys and section names ignore case,
 * '#' starts a comment, white space anywhere in a line is dropped, and
 * repeated AllowedIPs lines add up.  The keys only wg-quick knows
 * (Address, DNS, MTU, ...) are refused, as `wg setconf` refuses them.
 *
 * Pure: text in, struct out.  Reading the file is setconf.c's job.
 */
#ifndef ZTNET_CONF_H
#define ZTNET_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "device.h"
#include "value.h"

/*
 * Parses len bytes of text into dev.  Like `wg setconf`, unless append
 * (`addconf`) is set the result replaces the whole configuration: the
 * private key, port and fwmark are set even when the file leaves them
 * out (to none, 0 and off), and peers not in the file are removed.  Each
 * [Peer]'s allowed IPs replace the peer's.
 *
 * On failure returns false with dev wiped and err saying which line.
 */
bool ztnet_conf_parse(const char *text, size_t len, bool append,
		      struct ztnet_device *dev, struct ztnet_parse_error *err);

#endif /* ZTNET_CONF_H */
