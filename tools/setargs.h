/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arguments of `ztnet set`, with the words and rules of `wg set`:
 *
 *   set <interface> [listen-port <port>] [fwmark <mark>|off]
 *       [private-key <file>] [policy off|enforce|audit]
 *       [default-in accept|drop|reject] [default-out accept|drop|reject]
 *       [protect <proto>/<port>[,...]|none]
 *       [peer <key> [remove] [update-only] [groups <name>[,...]|none]
 *       [preshared-key <file>] [endpoint <host>:<port>]
 *       [persistent-keepalive <seconds>|off]
 *       [allowed-ips [+|-]<ip>[/<cidr>][,...]]]...
 *
 * Device settings come before the first peer.  Pure: key files are only
 * named here (keyfile.c reads them) and endpoints only checked for their
 * form (endpoint.c resolves them).
 */
#ifndef ZTNET_SETARGS_H
#define ZTNET_SETARGS_H

#include "device.h"
#include "value.h"

struct ztnet_set_args {
	struct ztnet_device dev;	/* ifname set, has_* as given */
	const char *private_key_file;	/* in argv, or NULL */
	/* One per peer of dev, in argv or NULL; peers_len of them. */
	const char **preshared_key_files;
};

/*
 * Parses argv, argv[0] being "set".  On failure returns false with err
 * set (status 2, or 3 for a malformed peer key) and args freed.
 */
bool ztnet_set_parse_args(int argc, char *argv[], struct ztnet_set_args *args,
			  struct ztnet_parse_error *err);

void ztnet_set_args_free(struct ztnet_set_args *args);

#endif /* ZTNET_SETARGS_H */
