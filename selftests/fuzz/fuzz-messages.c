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
 *
 * The same input also drives the two length checks of kernel/receive.c,
 * also in messages.h:
 *
 * ztnet_udp_payload_len(field, available): the UDP header's length field
 * (16 bits on the wire) is big-endian input bytes 0..1 and the bytes that
 * arrived from the header's start are bytes 2..5 (32 bits, big-endian;
 * missing bytes read as zero), and again the input's own length.  The
 * payload is field - 8 when 8 <= field <= available, else the answer is -1.
 *
 * ztnet_inner_ip_len(data, len, &ip_len): every buffer above, read as a
 * decrypted inner packet.  IPv4 (version nibble 4, at least 20 bytes): the
 * IP length is big-endian bytes 2..3, valid if 20 <= ip_len <= len, and the
 * answer is 4.  IPv6 (version 6, at least 40 bytes): it is big-endian bytes
 * 4..5 plus the 40 of the header, valid if ip_len <= len, and the answer is
 * 6.  Anything else, a short header or a length out of bounds, is 0, and
 * ip_len is then not looked at.
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

static int expected_inner(const uint8_t *data, size_t len,
			  unsigned int *ip_len)
{
	unsigned int version = len ? data[0] >> 4 : 0;

	if (version == 4 && len >= 20) {
		*ip_len = (unsigned int)data[2] << 8 | data[3];
		return *ip_len >= 20 && *ip_len <= len ? 4 : 0;
	}
	if (version == 6 && len >= 40) {
		*ip_len = ((unsigned int)data[4] << 8 | data[5]) + 40;
		return *ip_len <= len ? 6 : 0;
	}
	return 0;
}

/* @copy is @data in a buffer of exactly @len bytes. */
static void check_inner(const uint8_t *copy, const uint8_t *data, size_t len)
{
	unsigned int got_len = 0xdeadbeef, want_len = 0;
	int got = ztnet_inner_ip_len(copy, len, &got_len);
	int want = expected_inner(data, len, &want_len);

	if (got != want || (want && got_len != want_len)) {
		fprintf(stderr,
			"fuzz-messages: inner packet of %zu bytes, header %02x .. %02x %02x .. %02x %02x: got version %d length %u, want version %d length %u\n",
			len, len > 0 ? data[0] : 0, len > 2 ? data[2] : 0,
			len > 3 ? data[3] : 0, len > 4 ? data[4] : 0,
			len > 5 ? data[5] : 0, got, got_len, want, want_len);
		abort();
	}
}

static long long expected_udp(unsigned int field, unsigned int available)
{
	if (field < 8 || field > available)
		return -1;
	return (long long)field - 8;
}

static void check_udp(unsigned int field, unsigned int available)
{
	long long want = expected_udp(field, available);
	int got = ztnet_udp_payload_len(field, available);

	if (got != want) {
		fprintf(stderr,
			"fuzz-messages: UDP length field %u, %u bytes available: got %d, want %lld\n",
			field, available, got, want);
		abort();
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
	check_inner(copy, data, len);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t head[6] = { 0 };
	unsigned int field;
	size_t len;

	memcpy(head, data, size < sizeof(head) ? size : sizeof(head));
	field = (unsigned int)head[0] << 8 | head[1];
	check_udp(field, (unsigned int)head[2] << 24 | head[3] << 16 |
			 head[4] << 8 | head[5]);
	check_udp(field, size);
	check(data, size);
	for (len = 0; len < size && len < PREFIXES; len++)
		check(data, len);
	return 0;
}
