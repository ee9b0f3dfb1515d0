/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What ztnet puts on the wire.  These are the messages of WireGuard's
 * protocol version 1, byte for byte, so that any WireGuard peer can talk to
 * ztnet.  Every multi-byte integer is little endian.
 */
#ifndef _ZTNET_MESSAGES_H
#define _ZTNET_MESSAGES_H

#include <crypto/blake2s.h>
#include <crypto/chacha20poly1305.h>
#include <crypto/curve25519.h>
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#define ZTNET_PUBLIC_KEY_LEN	CURVE25519_KEY_SIZE
#define ZTNET_SYMMETRIC_KEY_LEN	CHACHA20POLY1305_KEY_SIZE
#define ZTNET_TIMESTAMP_LEN	12
#define ZTNET_HASH_LEN		BLAKE2S_HASH_SIZE
#define ZTNET_AUTHTAG_LEN	CHACHA20POLY1305_AUTHTAG_SIZE
#define ZTNET_COOKIE_LEN	16
#define ZTNET_COOKIE_NONCE_LEN	XCHACHA20POLY1305_NONCE_SIZE

/* Plaintext is padded to this multiple, so lengths leak less. */
#define ZTNET_PADDING_MULTIPLE	16

/* Protocol constants: seconds, unless the name says otherwise. */
#define ZTNET_REKEY_AFTER_MESSAGES	BIT_ULL(60)
#define ZTNET_COUNTER_WINDOW		8192
#define ZTNET_REJECT_AFTER_MESSAGES	(U64_MAX - ZTNET_COUNTER_WINDOW - 1)
#define ZTNET_REKEY_TIMEOUT		5
#define ZTNET_REKEY_TIMEOUT_JITTER_MS	334
#define ZTNET_REKEY_AFTER_TIME		120
#define ZTNET_REJECT_AFTER_TIME		180
#define ZTNET_REKEY_ATTEMPT_TIME	90
#define ZTNET_MAX_HANDSHAKE_ATTEMPTS	(ZTNET_REKEY_ATTEMPT_TIME / ZTNET_REKEY_TIMEOUT)
#define ZTNET_KEEPALIVE_TIMEOUT		10
#define ZTNET_COOKIE_SECRET_MAX_AGE	120
#define ZTNET_COOKIE_SECRET_LATENCY	5
#define ZTNET_INITIATIONS_PER_SECOND	50
#define ZTNET_MAX_QUEUED_HANDSHAKES	4096
#define ZTNET_MAX_STAGED_PACKETS	128
#define ZTNET_MAX_QUEUED_PACKETS	1024

enum ztnet_message_type {
	ZTNET_MSG_INVALID = 0,
	ZTNET_MSG_INITIATION = 1,
	ZTNET_MSG_RESPONSE = 2,
	ZTNET_MSG_COOKIE = 3,
	ZTNET_MSG_DATA = 4,
};

/* The type is one byte followed by three reserved zero bytes. */
struct ztnet_msg_header {
	__le32 type;
};

/* mac1 proves the sender knows our public key; mac2 that it has a cookie. */
struct ztnet_msg_macs {
	u8 mac1[ZTNET_COOKIE_LEN];
	u8 mac2[ZTNET_COOKIE_LEN];
};

struct ztnet_msg_initiation {
	struct ztnet_msg_header header;
	__le32 sender_index;
	u8 ephemeral[ZTNET_PUBLIC_KEY_LEN];
	u8 encrypted_static[ZTNET_PUBLIC_KEY_LEN + ZTNET_AUTHTAG_LEN];
	u8 encrypted_timestamp[ZTNET_TIMESTAMP_LEN + ZTNET_AUTHTAG_LEN];
	struct ztnet_msg_macs macs;
};

struct ztnet_msg_response {
	struct ztnet_msg_header header;
	__le32 sender_index;
	__le32 receiver_index;
	u8 ephemeral[ZTNET_PUBLIC_KEY_LEN];
	u8 encrypted_nothing[ZTNET_AUTHTAG_LEN];
	struct ztnet_msg_macs macs;
};

struct ztnet_msg_cookie {
	struct ztnet_msg_header header;
	__le32 receiver_index;
	u8 nonce[ZTNET_COOKIE_NONCE_LEN];
	u8 encrypted_cookie[ZTNET_COOKIE_LEN + ZTNET_AUTHTAG_LEN];
};

struct ztnet_msg_data {
	struct ztnet_msg_header header;
	__le32 receiver_index;
	__le64 counter;
	u8 encrypted_data[];
};

#define ZTNET_DATA_OVERHEAD (sizeof(struct ztnet_msg_data) + ZTNET_AUTHTAG_LEN)
#define ZTNET_DATA_MIN_LEN ZTNET_DATA_OVERHEAD

/* The bytes each handshake message's mac1 covers. */
#define ZTNET_MACS_OFFSET(msg_type) offsetof(msg_type, macs)

/*
 * Returns the type of a message that is long enough for that type, or
 * ZTNET_MSG_INVALID.  Nothing past the length is looked at.
 */
static inline enum ztnet_message_type ztnet_message_type(const void *data,
							 size_t len)
{
	const struct ztnet_msg_header *header = data;
	u32 type;

	if (len < sizeof(*header))
		return ZTNET_MSG_INVALID;
	type = le32_to_cpu(header->type);
	if (type == ZTNET_MSG_INITIATION && len == sizeof(struct ztnet_msg_initiation))
		return ZTNET_MSG_INITIATION;
	if (type == ZTNET_MSG_RESPONSE && len == sizeof(struct ztnet_msg_response))
		return ZTNET_MSG_RESPONSE;
	if (type == ZTNET_MSG_COOKIE && len == sizeof(struct ztnet_msg_cookie))
		return ZTNET_MSG_COOKIE;
	if (type == ZTNET_MSG_DATA && len >= ZTNET_DATA_MIN_LEN)
		return ZTNET_MSG_DATA;
	return ZTNET_MSG_INVALID;
}

/*
 * The UDP header's length field against the bytes that arrived after the
 * header's start: returns the payload length, or -1 if the field is too
 * short for the header or claims more than arrived.
 */
static inline int ztnet_udp_payload_len(unsigned int length_field,
					unsigned int available)
{
	if (length_field < 8 || length_field > available)
		return -1;
	return length_field - 8;
}

/*
 * The length a decrypted inner packet claims in its IP header, checked
 * against what was decrypted (padding follows it).  @data holds @len
 * bytes.  Returns the IP version, 4 or 6, or 0 if the packet is not one.
 */
static inline int ztnet_inner_ip_len(const u8 *data, unsigned int len,
				     unsigned int *ip_len)
{
	u8 version = len ? data[0] >> 4 : 0;

	if (version == 4 && len >= 20) {
		*ip_len = (data[2] << 8) | data[3];
		return *ip_len >= 20 && *ip_len <= len ? 4 : 0;
	}
	if (version == 6 && len >= 40) {
		*ip_len = ((data[4] << 8) | data[5]) + 40;
		return *ip_len <= len ? 6 : 0;
	}
	return 0;
}

#endif /* _ZTNET_MESSAGES_H */
