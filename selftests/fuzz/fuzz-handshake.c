// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzes the handshake: kernel/noise.c (ztnet_noise_consume_initiation,
 * ztnet_noise_consume_response) and kernel/cookie.c
 * (ztnet_cookie_validate_packet, ztnet_cookie_message_consume), with
 * session_index.c, peer_index.c, keypair.c and replay.c, all compiled
 * unchanged against kshim/ and run on the kernel's own crypto library
 * (see ./kcrypto), so that a valid message gets all the way through.
 *
 * The world, rebuilt for every input:
 *
 *	D	the device under test, with peers A, B (with a preshared
 *		key) and Z (whom nobody speaks for)
 *	A, B	devices holding A's and B's private keys, each with D as
 *		its only peer: they answer D and start handshakes with it
 *	X	a device D does not know, with D as its peer
 *
 * Each has its own stream of random numbers, seeded the same for every
 * input, and all share a clock that only the input moves, so an input
 * replays exactly.  D receives what the others send, as the handshake
 * receive path does (handshake_receive.c): the message type, mac1 and,
 * under load, mac2 with a cookie reply for a valid mac1 without it, then
 * the message itself.  Unlike that path, the message is consumed even when
 * its MACs are bad: anyone who knows D's public key can make a valid
 * mac1, so noise.c must hold on its own.
 *
 * The input is a list of operations, an opcode byte (modulo 9) and its
 * operands:
 *
 *	0 k a msg	D receives a raw message from address a % 6 (below):
 *			k % 3 picks an initiation (148 bytes), a response
 *			(92) or a cookie reply (64)
 *	1 w		A, B or X (w % 3) sends D an initiation
 *	2 p m		D sends an initiation to its peer A, B or Z (p % 3);
 *			m % 3: 0 nobody answers, 1 the peer's device answers,
 *			2 it answers but the answer is held back
 *	3		D receives the answer held back
 *	4 o x f		D receives again the last message it received, with
 *			byte o ^= x; f bit 0: with mac1 made valid again, as
 *			an attacker can; f bit 1: from an attacker's address
 *			(3 + (f >> 2) % 3) rather than the original one
 *	5 lo hi k	time passes: (lo + 256 hi) * 10 ms; k % 4: 0 on both
 *			clocks, 1 on the wall clock only, 2 on the boot time
 *			clock only, 3 the wall clock steps back
 *	6 f		D is under load if f bit 0; the ratelimiter refuses
 *			if f bit 1
 *	7 p		the device of D's peer p % 3 sends D a cookie reply to
 *			D's last initiation to it
 *	8 p w		D forgets its handshake (w bit 0) and its sessions
 *			(w bit 1) with peer p % 3
 *
 * Addresses: 0 is A's (IPv4), 1 B's (IPv6), 2 X's (IPv4), 3 and 4 an
 * attacker's (IPv4, IPv6), 5 a packet of no known protocol.
 *
 * Every result is checked against what the protocol says, computed again
 * by handshake-ref.c from the devices' keys: whether a message is accepted
 * and, if so, the handshake's hash and chaining key, the session's keys,
 * the MAC state, and what a cookie reply changes.  Replayed or flooding
 * initiations must be refused.  After every operation, no lock, RCU
 * section or extra peer reference may be left, the session index must
 * hold only live handshakes and sessions, and two sessions that name each
 * other must have matching keys.  At the end everything is freed: the
 * allocator's count must come back to zero.
 *
 * Seeds: with ZTNET_FUZZ_HANDSHAKE_SEEDS=<dir> the program writes its
 * seed corpus and exits (make corpus).  Each seed is a scripted exchange
 * (operations 1 to 8), written twice: as the script (<name>-script), and
 * as what D saw of it (<name>): the script is run once with the messages
 * to D recorded, and written as those raw messages (operation 0) between
 * D's own operations.  That replays to the same results, as the program
 * checks, so the fuzzer starts from valid, deep inputs that it can mutate
 * byte by byte, as well as from scripts whose timing it can change.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/timekeeping.h>
#include <linux/udp.h>

#include "cookie.h"
#include "device.h"
#include "handshake-ref.h"
#include "kshim/kcrypto.h"
#include "keypair.h"
#include "noise.h"
#include "peer.h"
#include "ratelimiter.h"

/* The checks walk every bucket: coverage there would only slow the fuzzer. */
#define no_coverage __attribute__((no_sanitize("coverage")))

#define MAX_OPS 32
#define MAX_PEERS 3
#define FLOOD_NS (NSEC_PER_SEC / ZTNET_INITIATIONS_PER_SECOND)

enum { N_D, N_A, N_B, N_X, NODES };
enum { K_D, K_A, K_B, K_X, K_Z, KEYS };
enum { A_A, A_B, A_X, A_ATTACKER4, A_ATTACKER6, A_NONE, A_D, ADDRS };
enum {
	OP_RAW, OP_SEND_INIT, OP_D_INIT, OP_DELIVER_HELD, OP_REPLAY, OP_TIME,
	OP_LOAD, OP_COOKIE_TO_D, OP_CLEAR, OPS
};

struct address {
	int family;		/* AF_INET, AF_INET6, or 0 for none */
	u8 ip[16];
	u16 port;
};

static const struct address addrs[ADDRS] = {
	[A_A] = { AF_INET, { 192, 0, 2, 1 }, 51820 },
	[A_B] = { AF_INET6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x0b }, 51821 },
	[A_X] = { AF_INET, { 198, 51, 100, 3 }, 40000 },
	[A_ATTACKER4] = { AF_INET, { 203, 0, 113, 4 }, 1234 },
	[A_ATTACKER6] = { AF_INET6, { 0x20, 0x01, 0x0d, 0xb8, [14] = 0x0b,
				      [15] = 0xad }, 666 },
	[A_NONE] = { 0, { 0 }, 0 },
	[A_D] = { AF_INET, { 192, 0, 2, 254 }, 51820 },
};

struct node_spec {
	const char *name;
	int key, addr, npeers;
	int peer_key[MAX_PEERS];
	bool peer_psk[MAX_PEERS];
	int peer_node[MAX_PEERS];	/* the device of the peer, or -1 */
};

static const struct node_spec specs[NODES] = {
	[N_D] = { "zt0", K_D, A_D, 3, { K_A, K_B, K_Z }, { false, true, false },
		  { N_A, N_B, -1 } },
	[N_A] = { "zta", K_A, A_A, 1, { K_D }, { false }, { N_D } },
	[N_B] = { "ztb", K_B, A_B, 1, { K_D }, { true }, { N_D } },
	[N_X] = { "ztx", K_X, A_X, 1, { K_D }, { false }, { N_D } },
};

static u8 priv[KEYS][ZTNET_PUBLIC_KEY_LEN], pub[KEYS][ZTNET_PUBLIC_KEY_LEN];
static const u8 psk[ZTNET_SYMMETRIC_KEY_LEN] =
	"a preshared key of B and D, 32B";

struct node {
	const struct node_spec *spec;
	bool built;
	u64 rng;		/* its random stream, while another runs */
	struct ztnet_device zt;
	struct net_device dev;
	struct net net;
	struct ztnet_peer *peers[MAX_PEERS];
};

struct message {
	bool valid;
	struct node *from;
	int addr;
	size_t len;
	u8 bytes[sizeof(struct ztnet_msg_initiation)];
};

/* The operations and raw messages that replay a scripted exchange. */
struct recording {
	u8 bytes[8192];
	size_t len;
};

static struct node nodes[NODES];
static struct node *running;

static struct {
	bool under_load, ratelimited;
	bool hold_next;			/* hold back the next message to D */
	struct message held, last;	/* held back; last received by D */
	struct message d_init[MAX_PEERS];	/* D's last to each peer */
	struct recording *rec;
	char outcomes[4 * MAX_OPS + 1];	/* what D made of each message */
	size_t n_outcomes;
	unsigned int op;
} w;

static __printf(1, 2) void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz-handshake: operation %u: ", w.op);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define require(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

/* What noise.c and cookie.c need of peer.c and ratelimiter.c. */
struct ztnet_peer *ztnet_peer_get_maybe_zero(struct ztnet_peer *peer)
{
	if (!peer || !kref_get_unless_zero(&peer->refcount))
		return NULL;
	return peer;
}

static void peer_free_rcu(struct rcu_head *rcu)
{
	kfree_sensitive(container_of(rcu, struct ztnet_peer, rcu));
}

static void peer_release(struct kref *kref)
{
	call_rcu(&container_of(kref, struct ztnet_peer, refcount)->rcu,
		 peer_free_rcu);
}

void ztnet_peer_put(struct ztnet_peer *peer)
{
	if (peer)
		kref_put(&peer->refcount, peer_release);
}

bool ztnet_ratelimiter_allow(struct sk_buff *skb, struct net *net)
{
	(void)skb, (void)net;
	return !w.ratelimited;
}

/* Runs what follows as node n: with its stream of random numbers. */
static void as(struct node *n)
{
	if (running == n)
		return;
	if (running)
		running->rng = kshim_random_state;
	kshim_random_state = n->rng;
	running = n;
}

static int key_of(const struct node *n)
{
	return n->spec->key;
}

static void node_add_peer(struct node *n, int i)
{
	struct ztnet_device *zt = &n->zt;
	struct ztnet_peer *peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	static u64 ids;

	require(peer, "out of memory");
	/* As ztnet_peer_create(), as far as the handshake is concerned. */
	peer->device = zt;
	peer->internal_id = ++ids;
	memcpy(peer->public_key, pub[n->spec->peer_key[i]], ZTNET_KEY_LEN);
	rwlock_init(&peer->endpoint_lock);
	ztnet_noise_handshake_init(&peer->handshake, peer);
	ztnet_keypairs_init(&peer->keypairs);
	ztnet_cookie_init(&peer->cookie);
	ztnet_cookie_checker_precompute_peer_keys(peer);
	INIT_LIST_HEAD(&peer->allowedips_list);
	kref_init(&peer->refcount);
	mutex_lock(&zt->update_lock);
	list_add_tail(&peer->peer_list, &zt->peer_list);
	ztnet_peer_index_add(&zt->peer_index, peer);
	zt->num_peers++;
	mutex_unlock(&zt->update_lock);
	if (n->spec->peer_psk[i])
		ztnet_noise_set_preshared_key(&peer->handshake, psk);
	n->peers[i] = peer;
}

static struct node *node(int index)
{
	struct node *n = &nodes[index];
	struct ztnet_device *zt = &n->zt;
	int i;

	if (n->built)
		return n;
	as(n);
	n->built = true;
	zt->dev = &n->dev;
	n->dev.nd_net = &n->net;
	snprintf(n->dev.name, sizeof(n->dev.name), "%s", n->spec->name);
	mutex_init(&zt->update_lock);
	init_rwsem(&zt->identity.lock);
	memcpy(zt->identity.private_key, priv[key_of(n)], ZTNET_KEY_LEN);
	memcpy(zt->identity.public_key, pub[key_of(n)], ZTNET_KEY_LEN);
	zt->identity.has_identity = true;
	INIT_LIST_HEAD(&zt->peer_list);
	ztnet_peer_index_init(&zt->peer_index, &zt->update_lock);
	ztnet_session_index_init(&zt->session_index);
	ztnet_cookie_checker_init(&zt->cookie_checker, zt);
	/* As config.c does: under the identity lock. */
	down_write(&zt->identity.lock);
	ztnet_cookie_checker_precompute_device_keys(&zt->cookie_checker);
	up_write(&zt->identity.lock);
	for (i = 0; i < n->spec->npeers; i++)
		node_add_peer(n, i);
	return n;
}

static int peer_by_key(const struct node *n, const u8 *key)
{
	int i;

	for (i = 0; i < n->spec->npeers; i++)
		if (!memcmp(n->peers[i]->public_key, key, ZTNET_KEY_LEN))
			return i;
	return -1;
}

static struct ztnet_keypair *slot(struct ztnet_peer *peer, int s)
{
	struct ztnet_keypairs *kps = &peer->keypairs;

	return s == 0 ? kps->current_keypair :
	       s == 1 ? kps->previous_keypair : kps->next_keypair;
}

static bool hashed_as(const struct ztnet_index_entry *entry, __le32 index)
{
	return !hlist_unhashed(&entry->node) && entry->index == index;
}

/* The peer whose handshake (or, if sessions, session) has that index. */
static int peer_by_index(const struct node *n, __le32 index, bool sessions)
{
	int i, s;

	for (i = 0; i < n->spec->npeers; i++) {
		if (hashed_as(&n->peers[i]->handshake.entry, index))
			return i;
		for (s = 0; sessions && s < 3; s++)
			if (slot(n->peers[i], s) &&
			    hashed_as(&slot(n->peers[i], s)->entry, index))
				return i;
	}
	return -1;
}

/* A UDP packet from addr around msg, in a buffer that ends with it. */
struct packet {
	struct sk_buff skb;
	u8 *buf;
};

static void packet_make(struct packet *p, int addr, const void *msg,
			size_t len)
{
	const struct address *a = &addrs[addr];
	size_t ip = a->family == AF_INET ? sizeof(struct iphdr) :
		    a->family == AF_INET6 ? sizeof(struct ipv6hdr) : 0;
	size_t head = ip + sizeof(struct udphdr);
	struct udphdr *udp;

	p->buf = malloc(head + len);
	require(p->buf, "out of memory");
	memset(p->buf, 0, head);
	memset(&p->skb, 0, sizeof(p->skb));
	if (a->family == AF_INET) {
		struct iphdr *iph = (struct iphdr *)p->buf;

		iph->version = 4;
		iph->ihl = 5;
		iph->protocol = IPPROTO_UDP;
		memcpy(&iph->saddr, a->ip, 4);
		memcpy(&iph->daddr, addrs[A_D].ip, 4);
		p->skb.protocol = htons(ETH_P_IP);
	} else if (a->family == AF_INET6) {
		struct ipv6hdr *ip6h = (struct ipv6hdr *)p->buf;

		ip6h->version = 6;
		ip6h->nexthdr = IPPROTO_UDP;
		memcpy(&ip6h->saddr, a->ip, 16);
		p->skb.protocol = htons(ETH_P_IPV6);
	} else {
		p->skb.protocol = htons(ETH_P_ARP);
	}
	udp = (struct udphdr *)(p->buf + ip);
	udp->source = htons(a->port);
	udp->dest = htons(51820);
	udp->len = htons(sizeof(*udp) + len);
	memcpy(p->buf + head, msg, len);
	p->skb.head = p->buf;
	p->skb.data = p->buf + head;
	p->skb.len = len;
	p->skb.network_header = 0;
	p->skb.transport_header = ip;
}

static void rec_bytes(const void *bytes, size_t len)
{
	if (!w.rec)
		return;
	require(w.rec->len + len <= sizeof(w.rec->bytes), "recording too long");
	memcpy(w.rec->bytes + w.rec->len, bytes, len);
	w.rec->len += len;
}

static void rec_op(u8 op, u8 a, u8 b, u8 c, size_t operands)
{
	u8 bytes[4] = { op, a, b, c };

	rec_bytes(bytes, 1 + operands);
}

static void outcome(const struct node *to, char what)
{
	if (to == &nodes[N_D] && w.n_outcomes < sizeof(w.outcomes) - 1)
		w.outcomes[w.n_outcomes++] = what;
}

static void deliver(struct node *to, struct node *from, int addr,
		    const void *msg, size_t len);

/* The MAC state the protocol gives the packet, after validation. */
static void check_macs(struct node *to, const struct packet *p,
		       bool under_load, enum ztnet_cookie_mac_state state)
{
	const u8 *msg = p->skb.data;
	size_t len = p->skb.len;
	const struct ztnet_msg_macs *macs = (const void *)(msg + len -
							   sizeof(*macs));
	const u8 *net = p->skb.head + p->skb.network_header;
	const struct udphdr *udp = (const void *)(p->skb.head +
						  p->skb.transport_header);
	enum ztnet_cookie_mac_state want;
	u8 mac[REF_MAC], cookie[REF_MAC];

	ref_mac1(mac, pub[key_of(to)], msg, len);
	if (memcmp(mac, macs->mac1, REF_MAC)) {
		want = ZTNET_MAC_INVALID;
	} else if (!under_load || p->skb.protocol == htons(ETH_P_ARP)) {
		want = ZTNET_MAC_VALID_NO_COOKIE;
	} else {
		if (p->skb.protocol == htons(ETH_P_IP))
			ref_cookie(cookie, to->zt.cookie_checker.secret,
				   &((const struct iphdr *)net)->saddr, 4,
				   &udp->source);
		else
			ref_cookie(cookie, to->zt.cookie_checker.secret,
				   &((const struct ipv6hdr *)net)->saddr, 16,
				   &udp->source);
		ref_mac2(mac, cookie, msg, len);
		if (memcmp(mac, macs->mac2, REF_MAC))
			want = ZTNET_MAC_VALID_NO_COOKIE;
		else if (w.ratelimited)
			want = ZTNET_MAC_VALID_COOKIE_RATELIMITED;
		else
			want = ZTNET_MAC_VALID_COOKIE;
	}
	require(state == want, "%s: MAC state %d, the protocol says %d",
		to->spec->name, state, want);
}

/* As ztnet_packet_send_handshake_response() after an initiation. */
static void respond(struct node *n, struct node *to, struct ztnet_peer *peer)
{
	struct ztnet_msg_response msg;
	struct ztnet_keypair *next;

	require(ztnet_noise_create_response(&msg, &peer->handshake),
		"%s: no response to an initiation it took", n->spec->name);
	ztnet_cookie_add_mac_to_packet(&msg, sizeof(msg), peer);
	require(ztnet_noise_begin_session(&peer->handshake, &peer->keypairs),
		"%s: no session after its response", n->spec->name);
	next = peer->keypairs.next_keypair;
	require(next && !next->i_am_the_initiator &&
		next->entry.index == msg.sender_index &&
		next->remote_index == msg.receiver_index,
		"%s: the responder's session is not next, or misnamed",
		n->spec->name);
	if (to) {
		deliver(to, n, n->spec->addr, &msg, sizeof(msg));
		as(n);
	}
}

static void receive_initiation(struct node *n, struct node *from,
			       const struct ztnet_msg_initiation *msg)
{
	u64 now = ktime_get_coarse_boottime_ns();
	struct ztnet_peer *peer, *want = NULL;
	struct ztnet_handshake *hs;
	struct ref_handshake ref;
	enum ref_stage stage;
	u8 old_timestamp[ZTNET_TIMESTAMP_LEN];
	bool expect = false;
	u64 old_last = 0;
	int i = -1;

	stage = ref_open_initiation(msg, priv[key_of(n)], pub[key_of(n)], &ref);
	if (stage > REF_BAD_STATIC)
		i = peer_by_key(n, ref.static_key);
	if (i >= 0) {
		want = n->peers[i];
		hs = &want->handshake;
		memcpy(old_timestamp, hs->latest_timestamp, sizeof(old_timestamp));
		old_last = hs->last_initiation_consumption;
		expect = stage == REF_OK &&
			 memcmp(ref.timestamp, old_timestamp,
				ZTNET_TIMESTAMP_LEN) > 0 &&
			 !(old_last && now < old_last + FLOOD_NS);
	}
	peer = ztnet_noise_consume_initiation((void *)msg, &n->zt);
	outcome(n, peer ? 'I' : 'i');
	require(!!peer == expect && (!peer || peer == want),
		"%s: initiation %s, the protocol says %s (stage %d, peer %d, %s, %s)",
		n->spec->name, peer ? "accepted" : "refused",
		expect ? "accept" : "refuse", stage, i,
		i >= 0 && memcmp(ref.timestamp, old_timestamp,
				 ZTNET_TIMESTAMP_LEN) <= 0 ?
		"not newer" : "newer",
		old_last && now < old_last + FLOOD_NS ? "flood" : "no flood");
	if (!peer)
		return;
	hs = &peer->handshake;
	require(hs->state == ZTNET_HANDSHAKE_CONSUMED_INITIATION &&
		!memcmp(hs->hash, ref.hash, REF_KEY) &&
		!memcmp(hs->chaining_key, ref.chaining_key, REF_KEY) &&
		!memcmp(hs->remote_ephemeral, msg->ephemeral, REF_KEY) &&
		!memcmp(hs->latest_timestamp, ref.timestamp,
			ZTNET_TIMESTAMP_LEN) &&
		hs->remote_index == msg->sender_index &&
		hs->last_initiation_consumption == now,
		"%s: the handshake after an initiation is not the protocol's",
		n->spec->name);
	respond(n, from, peer);
	ztnet_peer_put(peer);
}

static void receive_response(struct node *n,
			     const struct ztnet_msg_response *msg)
{
	struct ztnet_peer *peer, *want = NULL;
	struct ztnet_handshake *hs;
	struct ztnet_keypair *kp;
	struct ref_handshake ref;
	u8 send[REF_KEY], recv[REF_KEY];
	bool expect = false;
	int i = peer_by_index(n, msg->receiver_index, false);

	if (i >= 0) {
		want = n->peers[i];
		hs = &want->handshake;
		expect = hs->state == ZTNET_HANDSHAKE_CREATED_INITIATION &&
			 ref_open_response(msg, hs->chaining_key, hs->hash,
					   hs->ephemeral_private,
					   priv[key_of(n)], hs->preshared_key,
					   &ref) == REF_OK;
	}
	peer = ztnet_noise_consume_response((void *)msg, &n->zt);
	outcome(n, peer ? 'R' : 'r');
	require(!!peer == expect && (!peer || peer == want),
		"%s: response %s, the protocol says %s (peer %d)",
		n->spec->name, peer ? "accepted" : "refused",
		expect ? "accept" : "refuse", i);
	if (!peer)
		return;
	hs = &peer->handshake;
	require(hs->state == ZTNET_HANDSHAKE_CONSUMED_RESPONSE &&
		!memcmp(hs->hash, ref.hash, REF_KEY) &&
		!memcmp(hs->chaining_key, ref.chaining_key, REF_KEY) &&
		!memcmp(hs->remote_ephemeral, msg->ephemeral, REF_KEY) &&
		hs->remote_index == msg->sender_index,
		"%s: the handshake after a response is not the protocol's",
		n->spec->name);
	/* As ztnet_receive_response(). */
	require(ztnet_noise_begin_session(hs, &peer->keypairs),
		"%s: no session after a valid response", n->spec->name);
	kp = peer->keypairs.current_keypair;
	ref_session_keys(ref.chaining_key, send, recv);
	require(kp && kp->i_am_the_initiator &&
		kp->entry.index == msg->receiver_index &&
		kp->remote_index == msg->sender_index &&
		!memcmp(kp->sending.key, send, REF_KEY) &&
		!memcmp(kp->receiving.key, recv, REF_KEY) &&
		kp->sending.is_valid && kp->receiving.is_valid,
		"%s: the initiator's session is not the protocol's",
		n->spec->name);
	ztnet_peer_put(peer);
}

static void receive_cookie(struct node *n, const struct ztnet_msg_cookie *msg)
{
	struct ztnet_cookie before[MAX_PEERS];
	u8 cookie[REF_MAC];
	struct ztnet_cookie *c;
	bool expect = false;
	int i = peer_by_index(n, msg->receiver_index, true), j;

	for (j = 0; j < n->spec->npeers; j++)
		memcpy(&before[j], &n->peers[j]->cookie, sizeof(before[j]));
	if (i >= 0)
		expect = before[i].have_sent_mac1 &&
			 ref_open_cookie(cookie, msg, n->peers[i]->public_key,
					 before[i].last_mac1_sent);
	ztnet_cookie_message_consume((void *)msg, &n->zt);
	outcome(n, expect ? 'C' : 'c');
	for (j = 0; j < n->spec->npeers; j++) {
		c = &n->peers[j]->cookie;
		if (j == i && expect) {
			require(c->is_valid && !c->have_sent_mac1 &&
				!memcmp(c->cookie, cookie, REF_MAC) &&
				c->birthdate == ktime_get_coarse_boottime_ns(),
				"%s: a good cookie reply not taken as it should",
				n->spec->name);
		} else {
			require(!memcmp(c, &before[j], sizeof(*c)),
				"%s: a cookie reply for %d changed peer %d's cookie",
				n->spec->name, i, j);
		}
	}
}

/* D's receive path, or another device's: see handshake_receive.c. */
static void deliver(struct node *to, struct node *from, int addr,
		    const void *msg, size_t len)
{
	struct message *m = to == &nodes[N_D] && w.hold_next ? &w.held : NULL;
	enum ztnet_cookie_mac_state state;
	enum ztnet_message_type type;
	struct ztnet_msg_cookie reply;
	struct packet p;
	bool under_load;
	u8 raw[3];

	if (to == &nodes[N_D]) {
		if (!m) {
			m = &w.last;
			raw[0] = OP_RAW;
			raw[1] = len == sizeof(struct ztnet_msg_initiation) ? 0 :
				 len == sizeof(struct ztnet_msg_response) ? 1 : 2;
			raw[2] = addr;
			rec_bytes(raw, sizeof(raw));
			rec_bytes(msg, len);
		}
		require(len <= sizeof(m->bytes), "message too long");
		m->valid = true;
		m->from = from;
		m->addr = addr;
		m->len = len;
		memcpy(m->bytes, msg, len);
		if (m == &w.held) {
			w.hold_next = false;
			return;
		}
	}
	as(to);
	packet_make(&p, addr, msg, len);
	type = ztnet_message_type(p.skb.data, p.skb.len);
	if (type == ZTNET_MSG_COOKIE) {
		receive_cookie(to, (void *)p.skb.data);
	} else if (type == ZTNET_MSG_INITIATION || type == ZTNET_MSG_RESPONSE) {
		under_load = to == &nodes[N_D] && w.under_load;
		state = ztnet_cookie_validate_packet(&to->zt.cookie_checker,
						     &p.skb, under_load);
		outcome(to, '0' + state);
		check_macs(to, &p, under_load, state);
		if (under_load && state == ZTNET_MAC_VALID_NO_COOKIE) {
			/* Both messages have the sender's index there. */
			ztnet_cookie_message_create(&reply, &p.skb,
						    ((struct ztnet_msg_initiation *)
						     p.skb.data)->sender_index,
						    &to->zt.cookie_checker);
			if (from) {
				deliver(from, to, to->spec->addr, &reply,
					sizeof(reply));
				as(to);
			}
		}
		if (type == ZTNET_MSG_INITIATION)
			receive_initiation(to, from, (void *)p.skb.data);
		else
			receive_response(to, (void *)p.skb.data);
	} else {
		outcome(to, '-');
	}
	free(p.buf);
}

static void check_rwsem(const struct rw_semaphore *sem, const char *what,
			const struct node *n)
{
	require(kshim_rwsem_idle(sem), "%s: %s left held", n->spec->name, what);
}

static bool in_slots(struct ztnet_peer *peer, const struct ztnet_keypair *kp)
{
	return kp == slot(peer, 0) || kp == slot(peer, 1) || kp == slot(peer, 2);
}

/* Sessions of a's peer i and b's peer j that name each other must match. */
static no_coverage void check_sessions(struct node *a, int i, struct node *b,
					 int j)
{
	struct ztnet_keypair *ka, *kb;
	int s, t;

	for (s = 0; s < 3; s++)
		for (t = 0; t < 3; t++) {
			ka = slot(a->peers[i], s);
			kb = slot(b->peers[j], t);
			if (!ka || !kb || ka->entry.index != kb->remote_index ||
			    kb->entry.index != ka->remote_index)
				continue;
			require(ka->i_am_the_initiator != kb->i_am_the_initiator &&
				!memcmp(ka->sending.key, kb->receiving.key, REF_KEY) &&
				!memcmp(ka->receiving.key, kb->sending.key, REF_KEY),
				"%s and %s: a session's keys do not match",
				a->spec->name, b->spec->name);
		}
}

static no_coverage void check_node(struct node *n)
{
	struct ztnet_session_index *table = &n->zt.session_index;
	struct ztnet_index_entry *e, *f;
	struct ztnet_peer *peer;
	size_t b;
	int i;

	require(!n->zt.update_lock.held && !table->lock.held,
		"%s: a lock left held", n->spec->name);
	check_rwsem(&n->zt.identity.lock, "the identity lock", n);
	check_rwsem(&n->zt.cookie_checker.secret_lock, "the secret lock", n);
	for (i = 0; i < n->spec->npeers; i++) {
		peer = n->peers[i];
		require(kref_read(&peer->refcount) == 1,
			"%s: peer %d has %u references, not 1", n->spec->name,
			i, kref_read(&peer->refcount));
		check_rwsem(&peer->handshake.lock, "a handshake lock", n);
		check_rwsem(&peer->cookie.lock, "a cookie lock", n);
		require(!peer->keypairs.keypair_update_lock.held,
			"%s: a keypair lock left held", n->spec->name);
	}
	for (b = 0; b < HASH_SIZE(table->buckets); b++) {
		hlist_for_each_entry(e, &table->buckets[b], node) {
			require(((__force u32)e->index &
				 (HASH_SIZE(table->buckets) - 1)) == b,
				"%s: an index in the wrong bucket", n->spec->name);
			for (i = 0; i < n->spec->npeers; i++)
				if (e->peer == n->peers[i])
					break;
			require(i < n->spec->npeers,
				"%s: an index for no peer of ours", n->spec->name);
			require(e->type == ZTNET_INDEX_HANDSHAKE ?
				e == &e->peer->handshake.entry :
				e->type == ZTNET_INDEX_KEYPAIR &&
				in_slots(e->peer, container_of(e, struct ztnet_keypair,
							       entry)),
				"%s: an index for a handshake or session that is gone",
				n->spec->name);
			for (f = hlist_entry_safe(e->node.next, typeof(*f), node);
			     f; f = hlist_entry_safe(f->node.next, typeof(*f), node))
				require(f->index != e->index,
					"%s: an index given twice", n->spec->name);
		}
	}
}

static void check_world(void)
{
	struct node *d = &nodes[N_D];
	int n, i;

	require(!kshim_rcu_readers && !kshim_rcu_bh_readers,
		"an RCU read-side section left open");
	for (n = 0; n < NODES; n++)
		if (nodes[n].built)
			check_node(&nodes[n]);
	for (i = 0; i < d->spec->npeers; i++) {
		n = d->spec->peer_node[i];
		if (n >= 0 && nodes[n].built)
			check_sessions(d, i, &nodes[n], 0);
	}
}

static void world_reset(struct recording *rec)
{
	int n;

	memset(&w, 0, sizeof(w));
	memset(nodes, 0, sizeof(nodes));
	w.rec = rec;
	running = NULL;
	for (n = 0; n < NODES; n++) {
		nodes[n].spec = &specs[n];
		nodes[n].rng = 0x7a746e6574000000ULL + n;
	}
	kshim_boottime_ns = 1000 * NSEC_PER_SEC;
	kshim_realtime = (struct timespec64){ 1700000000, 123456789 };
	kshim_slab_fail_in = 0;
	node(N_D);
}

static no_coverage void world_teardown(void)
{
	struct ztnet_peer *peer;
	struct node *n;
	size_t b;
	int i, k;

	for (k = 0; k < NODES; k++) {
		n = &nodes[k];
		if (!n->built)
			continue;
		as(n);
		for (i = 0; i < n->spec->npeers; i++) {
			peer = n->peers[i];
			ztnet_noise_handshake_clear(&peer->handshake);
			ztnet_keypairs_clear(&peer->keypairs);
			mutex_lock(&n->zt.update_lock);
			ztnet_peer_index_remove(&n->zt.peer_index, peer);
			list_del(&peer->peer_list);
			n->zt.num_peers--;
			mutex_unlock(&n->zt.update_lock);
			ztnet_peer_put(peer);
		}
		for (b = 0; b < HASH_SIZE(n->zt.session_index.buckets); b++)
			require(hlist_empty(&n->zt.session_index.buckets[b]),
				"%s: an index left after every peer went",
				n->spec->name);
	}
	require(!kshim_slab_objects, "%zu allocations left after teardown",
		kshim_slab_objects);
}

/* The clock moves; the wall clock may step back. */
static void pass_time(u64 ns, int kind)
{
	struct timespec64 *t = &kshim_realtime;
	s64 total = t->tv_sec * NSEC_PER_SEC + t->tv_nsec;

	if (kind == 0 || kind == 2)
		kshim_boottime_ns += ns;
	if (kind == 0 || kind == 1)
		total += ns;
	else if (kind == 3)
		total -= ns;
	t->tv_sec = total / NSEC_PER_SEC;
	t->tv_nsec = total % NSEC_PER_SEC;
}

struct input {
	const u8 *data;
	size_t left;
};

static const u8 *take(struct input *in, size_t len)
{
	const u8 *bytes = in->data;

	if (in->left < len)
		return NULL;
	in->data += len;
	in->left -= len;
	return bytes;
}

static const size_t raw_len[3] = {
	sizeof(struct ztnet_msg_initiation), sizeof(struct ztnet_msg_response),
	sizeof(struct ztnet_msg_cookie)
};

static bool step(struct input *in)
{
	struct node *d = &nodes[N_D], *r;
	struct ztnet_msg_initiation init;
	struct ztnet_msg_cookie reply;
	const u8 *op = take(in, 1), *a;
	struct message m;
	struct packet p;
	int i;

	if (!op)
		return false;
	switch (*op % OPS) {
	case OP_RAW:
		if (!(a = take(in, 2)) || !take(in, raw_len[a[0] % 3]))
			return false;
		deliver(d, NULL, a[1] % 6, a + 2, raw_len[a[0] % 3]);
		break;
	case OP_SEND_INIT:
		if (!(a = take(in, 1)))
			return false;
		r = node(N_A + a[0] % 3);
		as(r);
		/* As ztnet_packet_send_handshake_initiation(). */
		require(ztnet_noise_create_initiation(&init, &r->peers[0]->handshake),
			"%s: no initiation made", r->spec->name);
		ztnet_cookie_add_mac_to_packet(&init, sizeof(init), r->peers[0]);
		deliver(d, r, r->spec->addr, &init, sizeof(init));
		break;
	case OP_D_INIT:
		if (!(a = take(in, 2)))
			return false;
		i = a[0] % 3;
		as(d);
		require(ztnet_noise_create_initiation(&init, &d->peers[i]->handshake),
			"%s: no initiation made", d->spec->name);
		ztnet_cookie_add_mac_to_packet(&init, sizeof(init), d->peers[i]);
		rec_op(OP_D_INIT, i, 0, 0, 2);
		w.d_init[i].valid = true;
		w.d_init[i].len = sizeof(init);
		memcpy(w.d_init[i].bytes, &init, sizeof(init));
		if (a[1] % 3 && d->spec->peer_node[i] >= 0) {
			w.hold_next = a[1] % 3 == 2;
			deliver(node(d->spec->peer_node[i]), d, d->spec->addr,
				&init, sizeof(init));
			w.hold_next = false;
		}
		break;
	case OP_DELIVER_HELD:
		if (w.held.valid) {
			m = w.held;
			w.held.valid = false;
			deliver(d, m.from, m.addr, m.bytes, m.len);
		}
		break;
	case OP_REPLAY:
		if (!(a = take(in, 3)))
			return false;
		if (!w.last.valid)
			break;
		m = w.last;
		m.bytes[a[0] % m.len] ^= a[1];
		if ((a[2] & 1) && m.len != sizeof(struct ztnet_msg_cookie))
			ref_mac1(m.bytes + m.len - sizeof(struct ztnet_msg_macs),
				 pub[K_D], m.bytes, m.len);
		if (a[2] & 2)
			m.addr = A_ATTACKER4 + (a[2] >> 2) % 3;
		deliver(d, NULL, m.addr, m.bytes, m.len);
		break;
	case OP_TIME:
		if (!(a = take(in, 3)))
			return false;
		rec_op(OP_TIME, a[0], a[1], a[2], 3);
		pass_time((a[0] | a[1] << 8) * 10 * NSEC_PER_MSEC, a[2] % 4);
		break;
	case OP_LOAD:
		if (!(a = take(in, 1)))
			return false;
		rec_op(OP_LOAD, a[0], 0, 0, 1);
		w.under_load = a[0] & 1;
		w.ratelimited = a[0] & 2;
		break;
	case OP_COOKIE_TO_D:
		if (!(a = take(in, 1)))
			return false;
		i = a[0] % 3;
		if (d->spec->peer_node[i] < 0 || !w.d_init[i].valid)
			break;
		r = node(d->spec->peer_node[i]);
		as(r);
		packet_make(&p, d->spec->addr, w.d_init[i].bytes,
			    w.d_init[i].len);
		ztnet_cookie_message_create(&reply, &p.skb,
					    ((struct ztnet_msg_initiation *)
					     w.d_init[i].bytes)->sender_index,
					    &r->zt.cookie_checker);
		free(p.buf);
		deliver(d, r, r->spec->addr, &reply, sizeof(reply));
		break;
	case OP_CLEAR:
		if (!(a = take(in, 2)))
			return false;
		i = a[0] % 3;
		rec_op(OP_CLEAR, i, a[1], 0, 2);
		as(d);
		if (a[1] & 1)
			ztnet_noise_handshake_clear(&d->peers[i]->handshake);
		if (a[1] & 2)
			ztnet_keypairs_clear(&d->peers[i]->keypairs);
		break;
	}
	return true;
}

static void run(const u8 *data, size_t size, struct recording *rec)
{
	struct input in = { data, size };

	world_reset(rec);
	for (w.op = 1; w.op <= MAX_OPS && step(&in); w.op++)
		check_world();
	world_teardown();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, NULL);
	return 0;
}

/* The seeds: scripted exchanges and what D must make of them. */
#define SEND(who)		OP_SEND_INIT, who
#define DINIT(peer, mode)	OP_D_INIT, peer, mode
#define HELD			OP_DELIVER_HELD
#define REPLAY(o, x, f)		OP_REPLAY, o, x, f
#define TIME(ticks, kind)	OP_TIME, (ticks) & 0xff, (ticks) >> 8, kind
#define LOAD(f)			OP_LOAD, f
#define COOKIE(peer)		OP_COOKIE_TO_D, peer
#define CLEAR(peer, what)	OP_CLEAR, peer, what

struct script {
	const char *name;
	const char *outcomes;
	u8 ops[32];
	size_t len;
};

#define SCRIPT(name, outcomes, ...) \
	{ name, outcomes, { __VA_ARGS__ }, sizeof((u8[]){ __VA_ARGS__ }) }

/*
 * Outcomes: the MAC state (0 bad, 1 good, 2 good with a cookie but rate
 * limited, 3 good with a cookie), then I or i for an initiation accepted
 * or refused, R or r for a response; C or c for a cookie reply taken or
 * not.
 */
static const struct script scripts[] = {
	SCRIPT("initiation", "1I", SEND(0)),
	SCRIPT("initiation-psk-v6", "1I", SEND(1)),
	SCRIPT("initiation-unknown-peer", "1i", SEND(2)),
	SCRIPT("initiation-replayed", "1I1i", SEND(0), REPLAY(0, 0, 0)),
	SCRIPT("initiation-again", "1I1I", SEND(0), TIME(100, 0), SEND(0)),
	SCRIPT("initiation-flood", "1I1i", SEND(0), TIME(100, 1), SEND(0)),
	SCRIPT("initiation-clock-back", "1I1i",
	       SEND(0), TIME(100, 2), TIME(100, 3), SEND(0)),
	SCRIPT("initiation-bad-timestamp", "1I1i",
	       SEND(1), TIME(100, 0), REPLAY(100, 1, 1)),
	SCRIPT("response", "1R", DINIT(0, 1)),
	SCRIPT("response-psk-v6", "1R", DINIT(1, 1)),
	SCRIPT("response-replayed", "1R1r", DINIT(0, 1), REPLAY(0, 0, 0)),
	SCRIPT("response-late", "1r", DINIT(0, 2), DINIT(0, 0), HELD),
	SCRIPT("response-after-clear", "1r", DINIT(0, 2), CLEAR(0, 1), HELD),
	SCRIPT("simultaneous", "1I1r", DINIT(0, 2), SEND(0), HELD),
	SCRIPT("sessions-cleared", "1R1I",
	       DINIT(0, 1), CLEAR(0, 2), TIME(5, 0), SEND(0)),
	SCRIPT("under-load", "1I3I", LOAD(1), SEND(0), TIME(100, 0), SEND(0)),
	SCRIPT("under-load-ratelimited", "1I2I",
	       LOAD(3), SEND(0), TIME(100, 0), SEND(0)),
	SCRIPT("under-load-other-source", "1I1i",
	       LOAD(1), SEND(0), REPLAY(0, 0, 2)),
	SCRIPT("under-load-no-protocol", "1I1i",
	       LOAD(1), SEND(1), REPLAY(0, 0, 2 | 2 << 2)),
	SCRIPT("cookie", "C1R",
	       DINIT(0, 0), COOKIE(0), TIME(100, 0), DINIT(0, 1)),
	SCRIPT("cookie-twice", "Cc", DINIT(1, 0), COOKIE(1), REPLAY(0, 0, 0)),
	SCRIPT("cookie-stale", "Cc",
	       DINIT(0, 0), COOKIE(0), DINIT(0, 0), REPLAY(0, 0, 0)),
};

static void write_seed(const char *dir, const char *name, const char *suffix,
		       const void *bytes, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, suffix);
	f = fopen(path, "wb");
	if (!f || fwrite(bytes, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void write_seeds(const char *dir)
{
	static struct recording rec;
	char got[sizeof(w.outcomes)];
	const struct script *s;
	size_t k;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		perror(dir);
		exit(1);
	}
	for (k = 0; k < ARRAY_SIZE(scripts); k++) {
		s = &scripts[k];
		rec.len = 0;
		run(s->ops, s->len, &rec);
		memcpy(got, w.outcomes, sizeof(got));
		if (strcmp(got, s->outcomes)) {
			fprintf(stderr, "seed %s: D made \"%s\" of it, not \"%s\"\n",
				s->name, got, s->outcomes);
			exit(1);
		}
		run(rec.bytes, rec.len, NULL);
		if (strcmp(w.outcomes, got)) {
			fprintf(stderr, "seed %s: replays as \"%s\", not \"%s\"\n",
				s->name, w.outcomes, got);
			exit(1);
		}
		write_seed(dir, s->name, "", rec.bytes, rec.len);
		write_seed(dir, s->name, "-script", s->ops, s->len);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seeds = getenv("ZTNET_FUZZ_HANDSHAKE_SEEDS");
	u8 check[ZTNET_PUBLIC_KEY_LEN];
	int k;

	(void)argc, (void)argv;
	kshim_crypto_selftest();
	ztnet_noise_init();
	for (k = 0; k < KEYS; k++) {
		memset(priv[k], 0x11 * (k + 1), sizeof(priv[k]));
		priv[k][0] = k;
		curve25519_clamp_secret(priv[k]);
		require(curve25519_generate_public(pub[k], priv[k]),
			"no public key");
		ref_public_key(check, priv[k]);
		require(!memcmp(check, pub[k], sizeof(check)),
			"the kernel's and libsodium's public keys differ");
	}
	if (seeds) {
		write_seeds(seeds);
		exit(0);
	}
	return 0;
}
