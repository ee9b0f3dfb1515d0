/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ztnet save, and down's SaveConfig: the configuration file rewritten
 * from the running device, as wg-quick's save_config writes it: the
 * device's addresses, the DNS servers resolvconf has for it, its MTU if
 * the file set one, the file's Table, SaveConfig and hooks, then what
 * `ztnet showconf` prints.
 */
#ifndef ZTNET_QUICKSAVE_H
#define ZTNET_QUICKSAVE_H

#include "device.h"
#include "quick.h"

/*
 * The [Interface] lines of wg-quick's keys, in wg-quick's order, for q's
 * file with the device's addresses, DNS servers and MTU (0: leave it
 * out).  Pure; the caller frees the text.
 */
char *ztnet_quick_header(const struct ztnet_quick *q,
			 const struct ztnet_strings *addresses,
			 const struct ztnet_strings *dns, unsigned int mtu);

/*
 * showconf with its "[Interface]\n" replaced by header, ending in one
 * newline, as wg-quick's echo writes it.  Pure; the caller wipes and
 * frees it (it holds the private key).
 */
char *ztnet_quick_merge(const char *showconf, const char *header);

/* Saves q's device to q's file.  On failure prints one line. */
int ztnet_quick_save(const struct ztnet_quick *q);

#endif /* ZTNET_QUICKSAVE_H */
