/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A struct ztnet_device to SET_DEVICE requests.  Pure: it only writes
 * into the caller's buffers, so the tests can decode what it wrote.
 *
 * A configuration that does not fit in one message is split the way
 * wg(8) splits it, and the kernel applies the messages as one change:
 *  - every message names the device by ZTDEVICE_A_IFNAME;
 *  - every message but the last carries ZTDEVICE_F_STAGE, so that the
 *    kernel keeps them and applies them all with the last, or none; the
 *    last says how many came before it in ZTDEVICE_A_STAGED;
 *  - only the first carries the device's own settings and
 *    ZTDEVICE_F_REPLACE_PEERS;
 *  - each message carries a further slice of the peers, and a peer whose
 *    allowed IPs do not fit continues at the start of the next message
 *    under the same public key, with only ZTPEER_F_REMOVE_ME and
 *    ZTPEER_F_UPDATE_ONLY of its flags and nothing but allowed IPs: its
 *    preshared key, endpoint, keepalive and ZTPEER_F_REPLACE_ALLOWEDIPS
 *    go in its first chunk only;
 *  - the policy's settings (uapi "Policy") go in the first message, with
 *    ZTPOLICY_F_REPLACE_RULES when the rules are replaced, and a peer's
 *    groups in its first chunk;
 *  - the rules follow the peers, as many per message as fit, each
 *    message's ZTDEVICE_A_POLICY holding only ZTPOLICY_A_RULES (and
 *    ZTPOLICY_F_DELETE_RULES when they are deleted).  The kernel applies
 *    the staged messages in order, so the replacement comes first.
 *
 * A single rule, a peer with many groups or a long Protect can need more
 * than a message of ZTNET_NL_SEND_SIZE bytes: with cur->oversize set, a
 * message that could make no progress in size bytes is written again in
 * that many, which its buffer must hold.
 */
#ifndef ZTNET_ENCODE_H
#define ZTNET_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <libmnl/libmnl.h>

#include "device.h"

/* Where the next message starts; zero it before the first. */
struct ztnet_set_cursor {
	size_t peer;		/* the next peer to write */
	size_t allowedip;	/* its next allowed IP; 0: its first chunk */
	bool started;		/* the device's settings are written */
	bool done;		/* nothing is left to write */
	uint32_t staged;	/* messages written with ZTDEVICE_F_STAGE */
	size_t rule;		/* the next rule of dev->policy to write */
	size_t oversize;	/* 0, or the size of the buffers, see above */
};

/*
 * Appends the next slice of dev to nlh, a SET_DEVICE request that holds
 * only its headers, in a buffer of size bytes.  Sets cur->done after the
 * last slice.  Returns false if size is too small for any progress, which
 * no buffer of ZTNET_NL_SEND_SIZE bytes is.
 */
bool ztnet_set_encode(const struct ztnet_device *dev,
		      struct ztnet_set_cursor *cur, struct nlmsghdr *nlh,
		      size_t size);

#endif /* ZTNET_ENCODE_H */
