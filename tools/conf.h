/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration format of wg(8): [Interface] with PrivateKey,
 * ListenPort and FwMark; [Peer] with PublicKey, PresharedKey, AllowedIPs,
 * Endpoint and PersistentKeepalive.  Keys and section names ignore case,
 * '#' starts a comment, white space anywhere in a line is dropped, and
 * repeated AllowedIPs lines add up.  The keys only wg-quick knows
 * (Address, DNS, MTU, ...) are refused, as `wg setconf` refuses them.
 *
 * ztnet adds a [Policy] section (Mode, DefaultIn, DefaultOut, Protect,
 * MaxFlows, MaxPeerFlows, Timeout*, and Rule lines, whose white space is
 * kept between words) and Groups in [Peer].  A file without them is a
 * WireGuard file and leaves the policy and groups as they are; a file
 * with a [Policy] section (unless appended) says the whole policy: what
 * it leaves out goes back to the default, its rules replace the rules in
 * force, and each peer's groups are set, to none if it lists none.
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

/*
 * Reads and parses the file at path (setconf.c).  On failure prints one
 * line, with the line number, and returns the exit status.
 */
int ztnet_read_config(const char *path, bool append, struct ztnet_device *dev);

#endif /* ZTNET_CONF_H */
