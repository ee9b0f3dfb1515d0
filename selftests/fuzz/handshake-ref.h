/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handshake's cryptography computed once more, from WireGuard's
 * protocol description (Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s, mac1, mac2
 * and cookie replies), for fuzz-handshake to check kernel/noise.c and
 * kernel/cookie.c against.  The AEADs and Curve25519 are libsodium's;
 * BLAKE2s, which libsodium has not, is the kernel library's, which passed
 * its own self-test.
 */
#ifndef ZTNET_FUZZ_HANDSHAKE_REF_H
#define ZTNET_FUZZ_HANDSHAKE_REF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "messages.h"

#define REF_KEY 32
#define REF_MAC 16

/* How far a message got through the reference: each stage a failure. */
enum ref_stage {
	REF_BAD_DH,		/* a Diffie-Hellman result was zero */
	REF_BAD_STATIC,		/* the initiator's static key did not open */
	REF_BAD_SS,		/* the static-static DH was zero */
	REF_BAD_TIMESTAMP,	/* the timestamp did not open */
	REF_BAD_TAG,		/* the response's empty payload did not open */
	REF_OK,
};

struct ref_handshake {
	u8 chaining_key[REF_KEY];
	u8 hash[REF_KEY];
	u8 static_key[REF_KEY];	/* the initiator's, once it opened */
	u8 timestamp[ZTNET_TIMESTAMP_LEN];
};

void ref_public_key(u8 pub[REF_KEY], const u8 priv[REF_KEY]);

/* The responder's view of an initiation, from its key pair alone. */
enum ref_stage ref_open_initiation(const struct ztnet_msg_initiation *msg,
				   const u8 priv[REF_KEY],
				   const u8 pub[REF_KEY],
				   struct ref_handshake *out);

/*
 * The initiator's view of a response, from the state its initiation left:
 * chaining key, hash and ephemeral private key, with its static private
 * key and the preshared key.
 */
enum ref_stage ref_open_response(const struct ztnet_msg_response *msg,
				 const u8 chaining_key[REF_KEY],
				 const u8 hash[REF_KEY],
				 const u8 ephemeral_priv[REF_KEY],
				 const u8 static_priv[REF_KEY],
				 const u8 psk[REF_KEY],
				 struct ref_handshake *out);

/* The initiator's sending and receiving keys of the session. */
void ref_session_keys(const u8 chaining_key[REF_KEY], u8 send[REF_KEY],
		      u8 recv[REF_KEY]);

/* mac1 of a handshake message of len bytes, sent to receiver_pub. */
void ref_mac1(u8 mac[REF_MAC], const u8 receiver_pub[REF_KEY],
	      const void *msg, size_t len);
void ref_mac2(u8 mac[REF_MAC], const u8 cookie[REF_MAC], const void *msg,
	      size_t len);
/* The cookie of a source address (4 or 16 bytes) and UDP port. */
void ref_cookie(u8 cookie[REF_MAC], const u8 secret[REF_KEY],
		const void *addr, size_t addr_len, const void *port);
/*
 * Opens a cookie reply from the peer with public key peer_pub, to a
 * message whose mac1 was mac1.
 */
bool ref_open_cookie(u8 cookie[REF_MAC], const struct ztnet_msg_cookie *msg,
		     const u8 peer_pub[REF_KEY], const u8 mac1[REF_MAC]);

#endif /* ZTNET_FUZZ_HANDSHAKE_REF_H */
