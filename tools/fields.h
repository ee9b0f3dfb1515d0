/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The field views of `ztnet show <interface> <field>`, for scripts: the
 * tab-separated lines of `wg show <interface> <field>`, keys in full.
 */
#ifndef ZTNET_FIELDS_H
#define ZTNET_FIELDS_H

#include <stdbool.h>
#include <stdio.h>

#include "device.h"

enum ztnet_field {
	ZTNET_FIELD_NONE,	/* no field: the human view */
	ZTNET_FIELD_PUBLIC_KEY,
	ZTNET_FIELD_PRIVATE_KEY,
	ZTNET_FIELD_LISTEN_PORT,
	ZTNET_FIELD_FWMARK,
	ZTNET_FIELD_PEERS,
	ZTNET_FIELD_PRESHARED_KEYS,
	ZTNET_FIELD_ENDPOINTS,
	ZTNET_FIELD_ALLOWED_IPS,
	ZTNET_FIELD_LATEST_HANDSHAKES,
	ZTNET_FIELD_TRANSFER,
	ZTNET_FIELD_PERSISTENT_KEEPALIVE,
	ZTNET_FIELD_DUMP,
	ZTNET_FIELD_RULES,	/* policyshow.h */
	ZTNET_FIELD_POLICY,
	ZTNET_FIELD_FLOWS,	/* GET_FLOWS, not GET_DEVICE: flows.c */
};

/* The field of that name, or ZTNET_FIELD_NONE if there is none. */
enum ztnet_field ztnet_field_find(const char *name);

/*
 * Prints field of dev.  with_interface starts every line with the
 * device's name and a tab, as `wg show all <field>` does.
 */
void ztnet_fields_print(FILE *out, const struct ztnet_device *dev,
			enum ztnet_field field, bool with_interface);

#endif /* ZTNET_FIELDS_H */
