// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes ztnet_message_type() (kernel/messages.h, compiled unchanged
 * against kshim/), which sorts every UDP payload that arrives before
 * anything else looks at it.  The input is the payload.
 *
 * The checks are written from WireGuard's wire format, not from the
 * function: a message is a little-endian 32-bit type, 1 to 4 (one byte and
 * three reserved zero bytes), followed by a body whose length the type
 * fixes: an initiation is 148 bytes in all, a response 92, a cookie reply
 * 64, and a data message at least 32 (16 bytes of header and the 16-byte
 * tag of an empty, keepalive, payload).  The function must name the type
 * exactly when the type field and the length agree, and answer
 * ZTNET_MSG_INVALID for everything else.  It must read nothing past the
 * length: every prefix is also asked about, each in a buffer of its own
 * length, where ASan sees any byte read beyond it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "messages.h"

/* The wire format's sizes, which the structures must have. */
_Static_assert(sizeof(struct ztnet_msg_header) == 4, "header");
_Static_assert(sizeof(struct ztnet_msg_initiation) == 148, "initiation");
_Static_assert(sizeof(struct ztnet_msg_response) == 92, "response");
_Static_assert(sizeof(struct ztnet_msg_cookie) == 64, "cookie reply");
_Static_assert(sizeof(struct ztnet_msg_data) == 16, "data header");
_Static_assert(ZTNET_DATA_MIN_LEN == 32, "shortest data message");
_Static_assert(ZTNET_MACS_OFFSET(struct ztnet_msg_initiation) == 116, "mac1");
_Static_assert(ZTNET_MACS_OFFSET(struct ztnet_msg_response) == 60, "mac1");

/* Prefixes longer than this are not all tried: nothing changes past it. */
#define PREFIXES 160

static enum ztnet_message_type expected(const uint8_t *data, size_t len)
{
	if (len < 4 || data[1] || data[2] || data[3])
		return ZTNET_MSG_INVALID;
	switch (data[0]) {
	case 1:
		return len == 148 ? ZTNET_MSG_INITIATION : ZTNET_MSG_INVALID;
	case 2:
		return len == 92 ? ZTNET_MSG_RESPONSE : ZTNET_MSG_INVALID;
	case 3:
		return len == 64 ? ZTNET_MSG_COOKIE : ZTNET_MSG_INVALID;
	case 4:
		return len >= 32 ? ZTNET_MSG_DATA : ZTNET_MSG_INVALID;
	default:
		return ZTNET_MSG_INVALID;
	}
}

static void check(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum ztnet_message_type got, want = expected(data, len);

	if (!copy)
		abort();
	memcpy(copy, data, len);
	got = ztnet_message_type(copy, len);
	if (got != want) {
		fprintf(stderr,
			"fuzz-messages: %zu bytes of type field %02x %02x %02x %02x: got type %d, want %d\n",
			len, len > 0 ? data[0] : 0, len > 1 ? data[1] : 0,
			len > 2 ? data[2] : 0, len > 3 ? data[3] : 0,
			(int)got, (int)want);
		abort();
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;

	check(data, size);
	for (len = 0; len < size && len < PREFIXES; len++)
		check(data, len);
	return 0;
}
