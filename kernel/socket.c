// SPDX-License-Identifier: GPL-2.0
/*
 * The device's UDP sockets, one per address family, and the sending of
 * datagrams to peers through them.
 *
 * The sockets live in the namespace the device was created in.  They are
 * published with RCU so that senders and receivers never lock: a
 * replacement waits for every reader of the old pair before closing it.
 *
 * A peer's endpoint is where it was last heard from, plus the local
 * address it reached us at: the "sticky" source.  Replies leave from that
 * address, so a peer talking to one of several addresses of ours sees
 * answers come from the address it used.  The route to an endpoint is
 * cached per peer, and the cache is reset whenever the endpoint changes,
 * under the endpoint's write lock; senders hold its read lock from the
 * cache lookup to the cache update, so no route outlives its endpoint.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/percpu.h>
#include <linux/security.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/dst_cache.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "device.h"
#include "log.h"
#include "peer.h"
#include "queueing.h"
#include "receive.h"
#include "send.h"
#include "socket.h"

/* Any non-zero type makes UDP hand every datagram to our encap_rcv. */
#define ZTNET_UDP_ENCAP_TYPE 1

/*
 * How often an IPv4 port the stack picked may turn out to be taken for
 * IPv6 before we give up: a bound, not an expectation.
 */
#define ZTNET_PORT_ATTEMPTS 32

/*
 * The sockets change under the update lock, and go with the device under
 * RTNL alone; every path that changes them holds RTNL.
 */
#define ztnet_sockets_locked(zt) \
	(lockdep_is_held(&(zt)->update_lock) || lockdep_rtnl_is_held())

/* UDP calls this for every datagram that reaches one of our sockets. */
static int ztnet_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct ztnet_device *zt = rcu_dereference_sk_user_data(sk);

	/* A socket being closed has already let go of its device. */
	if (unlikely(!zt)) {
		kfree_skb(skb);
		return 0;
	}
	ztnet_packet_receive(zt, skb);
	return 0;
}

static void ztnet_sock_close(struct sock *sk)
{
	if (sk)
		udp_tunnel_sock_release(sk->sk_socket);
}

static int ztnet_sock_open(struct net *net, struct ztnet_device *zt,
			   struct udp_port_cfg *cfg, struct sock **skp)
{
	struct udp_tunnel_sock_cfg tunnel = {
		.sk_user_data = zt,
		.encap_type = ZTNET_UDP_ENCAP_TYPE,
		.encap_rcv = ztnet_encap_rcv,
	};
	struct socket *sock;
	int ret;

	ret = udp_sock_create(net, cfg, &sock);
	if (ret)
		return ret;
	/*
	 * Whatever the stack allocates for this socket may be asked for in
	 * softirq, and a tunnel must not stall on a send buffer limit.
	 */
	sock->sk->sk_allocation = GFP_ATOMIC;
	sock->sk->sk_sndbuf = INT_MAX;
	setup_udp_tunnel_sock(net, sock, &tunnel);
	*skp = sock->sk;
	return 0;
}

/*
 * Opens the IPv4 socket on @port, or on a port the stack picks when @port
 * is zero, then the IPv6 socket on the same number.  *@sk6 is left NULL
 * when the namespace has no IPv6.
 */
static int ztnet_sockets_open_once(struct net *net, struct ztnet_device *zt,
				   u16 port, struct sock **sk4,
				   struct sock **sk6)
{
	/* The local addresses are left zero: any address. */
	struct udp_port_cfg cfg4 = {
		.family = AF_INET,
		.local_udp_port = htons(port),
		.use_udp_checksums = true,
	};
	struct udp_port_cfg cfg6 = {
		.family = AF_INET6,
		.use_udp6_tx_checksums = true,
		.use_udp6_rx_checksums = true,
		.ipv6_v6only = true,
	};
	int ret;

	ret = ztnet_sock_open(net, zt, &cfg4, sk4);
	if (ret)
		return ret;
	*sk6 = NULL;
	cfg6.local_udp_port = inet_sk(*sk4)->inet_sport;
	ret = ztnet_sock_open(net, zt, &cfg6, sk6);
	if (ret == -EAFNOSUPPORT)
		return 0;
	if (ret) {
		ztnet_sock_close(*sk4);
		*sk4 = NULL;
	}
	return ret;
}

static int ztnet_sockets_open(struct net *net, struct ztnet_device *zt,
			      u16 port, struct sock **sk4, struct sock **sk6)
{
	/* Only a port of the stack's choosing may be traded for another. */
	int attempts = port ? 1 : ZTNET_PORT_ATTEMPTS;
	int ret;

	do {
		ret = ztnet_sockets_open_once(net, zt, port, sk4, sk6);
	} while (ret == -EADDRINUSE && --attempts);
	return ret;
}

/* Swaps in a new pair; readers still using the old one are waited for. */
static void ztnet_sockets_publish(struct ztnet_device *zt, struct sock *sk4,
				  struct sock *sk6)
{
	struct sock *old4, *old6;

	old4 = rcu_replace_pointer(zt->sock4, sk4, ztnet_sockets_locked(zt));
	old6 = rcu_replace_pointer(zt->sock6, sk6, ztnet_sockets_locked(zt));
	/* A device that never had sockets has no readers to wait for. */
	if (!old4 && !old6)
		return;
	synchronize_net();
	ztnet_sock_close(old4);
	ztnet_sock_close(old6);
}

/*
 * Opens and binds a pair on @port without using it yet, so that a change
 * of port can fail, for a port in use, before anything else changes.
 */
int ztnet_socket_open(struct ztnet_device *zt, u16 port,
		      struct ztnet_socket_pair *pair)
{
	struct net *net;
	int ret;

	lockdep_assert_held(&zt->update_lock);
	/* A namespace already on its way out gets no new sockets. */
	net = READ_ONCE(zt->creating_net);
	net = net ? maybe_get_net(net) : NULL;
	if (!net)
		return -ENONET;
	ret = ztnet_sockets_open(net, zt, port, &pair->sk4, &pair->sk6);
	put_net(net);
	return ret;
}

/* The pair becomes the device's; the old one is closed. */
void ztnet_socket_publish(struct ztnet_device *zt,
			  struct ztnet_socket_pair *pair)
{
	/* Bound before published: replies to the new port already land. */
	WRITE_ONCE(zt->incoming_port, ntohs(inet_sk(pair->sk4)->inet_sport));
	ztnet_sockets_publish(zt, pair->sk4, pair->sk6);
	pair->sk4 = NULL;
	pair->sk6 = NULL;
}

/* A pair that was opened and then not wanted. */
void ztnet_socket_close_unused(struct ztnet_socket_pair *pair)
{
	ztnet_sock_close(pair->sk4);
	ztnet_sock_close(pair->sk6);
	pair->sk4 = NULL;
	pair->sk6 = NULL;
}

int ztnet_socket_init(struct ztnet_device *zt, u16 port)
{
	struct ztnet_socket_pair pair;
	int ret;

	ret = ztnet_socket_open(zt, port, &pair);
	if (!ret)
		ztnet_socket_publish(zt, &pair);
	return ret;
}

void ztnet_socket_uninit(struct ztnet_device *zt)
{
	ztnet_sockets_publish(zt, NULL, NULL);
	WRITE_ONCE(zt->incoming_port, 0);
}

/* How deep in our tunnels the message being sent is (socket.h). */
DEFINE_PER_CPU(struct ztnet_send_nest, ztnet_send_nest);

static void ztnet_route_failed(const struct ztnet_device *zt,
			       const struct ztnet_endpoint *ep, int err)
{
	ztnet_dbg(zt, "no route to %pISpfsc, error %d", &ep->addr, err);
}

static void ztnet_flow4_init(struct flowi4 *fl, const struct ztnet_device *zt,
			     struct sock *sk, const struct ztnet_endpoint *ep,
			     __be32 saddr)
{
	memset(fl, 0, sizeof(*fl));
	fl->saddr = saddr;
	fl->daddr = ep->addr4.sin_addr.s_addr;
	fl->fl4_dport = ep->addr4.sin_port;
	fl->fl4_sport = inet_sk(sk)->inet_sport;
	fl->flowi4_mark = READ_ONCE(zt->fwmark);
	fl->flowi4_proto = IPPROTO_UDP;
}

static struct rtable *ztnet_route4_lookup(struct sock *sk, struct flowi4 *fl)
{
	security_sk_classify_flow(sk, flowi4_to_flowi_common(fl));
	return ip_route_output_flow(sock_net(sk), fl, sk);
}

/*
 * A sticky source is no use once the lookup fails with it (the address is
 * gone) or once the route leaves by another interface than the one the
 * peer reached us on (replies would come from an address it did not use).
 */
static bool ztnet_src4_unusable(const struct rtable *rt,
				const struct ztnet_endpoint *ep)
{
	if (IS_ERR(rt))
		return true;
	return ep->src_if4 && rt->dst.dev->ifindex != ep->src_if4;
}

/* Looks the route up afresh, without the sticky source if it fails us. */
static struct rtable *ztnet_route4_fresh(struct ztnet_device *zt,
					 struct sock *sk, struct flowi4 *fl,
					 const struct ztnet_endpoint *ep,
					 bool *stale)
{
	struct rtable *rt;

	rt = ztnet_route4_lookup(sk, fl);
	if (!ep->src4.s_addr || !ztnet_src4_unusable(rt, ep))
		return rt;
	if (!IS_ERR(rt))
		ip_rt_put(rt);
	*stale = true;
	ztnet_flow4_init(fl, zt, sk, ep, 0);
	return ztnet_route4_lookup(sk, fl);
}

static struct rtable *ztnet_route4(struct ztnet_device *zt, struct sock *sk,
				   struct flowi4 *fl,
				   const struct ztnet_endpoint *ep,
				   struct dst_cache *cache, bool *stale)
{
	struct rtable *rt;

	ztnet_flow4_init(fl, zt, sk, ep, ep->src4.s_addr);
	rt = cache ? dst_cache_get_ip4(cache, &fl->saddr) : NULL;
	if (rt)
		return rt;

	/*
	 * A route back out through the device itself is taken, as WireGuard
	 * takes it since 2020: one tunnel may run inside another (onion
	 * routing).  A loop, a peer whose endpoint is routed to itself, is
	 * cut by the device's xmit (ztnet_socket_nest() in socket.h).
	 */
	rt = ztnet_route4_fresh(zt, sk, fl, ep, stale);
	if (IS_ERR(rt))
		return rt;
	/* A stale source is about to be cleared, cache and all. */
	if (cache && !*stale)
		dst_cache_set_ip4(cache, &rt->dst, fl->saddr);
	return rt;
}

static int ztnet_send4(struct ztnet_device *zt, struct sk_buff *skb,
		       const struct ztnet_endpoint *ep, u8 ds,
		       struct dst_cache *cache, bool *stale)
{
	struct flowi4 fl;
	struct rtable *rt;
	struct sock *sk;
	int ret;

	rcu_read_lock_bh();
	sk = rcu_dereference_bh(zt->sock4);
	if (unlikely(!sk)) {
		ret = -ENONET;
		goto err;
	}
	rt = ztnet_route4(zt, sk, &fl, ep, cache, stale);
	if (IS_ERR(rt)) {
		ret = PTR_ERR(rt);
		ztnet_route_failed(zt, ep, ret);
		goto err;
	}
	skb->mark = fl.flowi4_mark;
	/* DF stays clear: the path may fragment what does not fit. */
	udp_tunnel_xmit_skb(rt, sk, skb, fl.saddr, fl.daddr, ds,
			    ip4_dst_hoplimit(&rt->dst), 0, fl.fl4_sport,
			    fl.fl4_dport, false, false);
	rcu_read_unlock_bh();
	return 0;

err:
	rcu_read_unlock_bh();
	kfree_skb(skb);
	return ret;
}

static void ztnet_flow6_init(struct flowi6 *fl, const struct ztnet_device *zt,
			     struct sock *sk, const struct ztnet_endpoint *ep,
			     const struct in6_addr *saddr)
{
	memset(fl, 0, sizeof(*fl));
	fl->saddr = *saddr;
	fl->daddr = ep->addr6.sin6_addr;
	fl->fl6_dport = ep->addr6.sin6_port;
	fl->fl6_sport = inet_sk(sk)->inet_sport;
	/* A link-local peer is only reachable through its own link. */
	fl->flowi6_oif = ep->addr6.sin6_scope_id;
	fl->flowi6_mark = READ_ONCE(zt->fwmark);
	fl->flowi6_proto = IPPROTO_UDP;
}

static struct dst_entry *ztnet_route6_lookup(struct sock *sk,
					     struct flowi6 *fl)
{
	security_sk_classify_flow(sk, flowi6_to_flowi_common(fl));
	return ip6_dst_lookup_flow(sock_net(sk), sk, fl, NULL);
}

/*
 * IPv6 routing takes any source it is given, so whether the sticky one is
 * still ours is asked first; a lookup that fails with it (source-specific
 * routes) is retried without it.
 */
static struct dst_entry *ztnet_route6_fresh(struct ztnet_device *zt,
					    struct sock *sk, struct flowi6 *fl,
					    const struct ztnet_endpoint *ep,
					    bool *stale)
{
	struct dst_entry *dst;

	if (ipv6_addr_any(&ep->src6))
		return ztnet_route6_lookup(sk, fl);
	if (ipv6_chk_addr(sock_net(sk), &ep->src6, NULL, 0)) {
		dst = ztnet_route6_lookup(sk, fl);
		if (!IS_ERR(dst))
			return dst;
	}
	*stale = true;
	ztnet_flow6_init(fl, zt, sk, ep, &in6addr_any);
	return ztnet_route6_lookup(sk, fl);
}

static struct dst_entry *ztnet_route6(struct ztnet_device *zt,
				      struct sock *sk, struct flowi6 *fl,
				      const struct ztnet_endpoint *ep,
				      struct dst_cache *cache, bool *stale)
{
	struct dst_entry *dst;

	ztnet_flow6_init(fl, zt, sk, ep, &ep->src6);
	dst = cache ? dst_cache_get_ip6(cache, &fl->saddr) : NULL;
	if (dst)
		return dst;

	/* Through the device itself too, as ztnet_route4() says. */
	dst = ztnet_route6_fresh(zt, sk, fl, ep, stale);
	if (IS_ERR(dst))
		return dst;
	/* A stale source is about to be cleared, cache and all. */
	if (cache && !*stale)
		dst_cache_set_ip6(cache, dst, &fl->saddr);
	return dst;
}

static int ztnet_send6(struct ztnet_device *zt, struct sk_buff *skb,
		       const struct ztnet_endpoint *ep, u8 ds,
		       struct dst_cache *cache, bool *stale)
{
	struct dst_entry *dst;
	struct flowi6 fl;
	struct sock *sk;
	int ret;

	rcu_read_lock_bh();
	sk = rcu_dereference_bh(zt->sock6);
	if (unlikely(!sk)) {
		ret = -ENONET;
		goto err;
	}
	dst = ztnet_route6(zt, sk, &fl, ep, cache, stale);
	if (IS_ERR(dst)) {
		ret = PTR_ERR(dst);
		ztnet_route_failed(zt, ep, ret);
		goto err;
	}
	skb->mark = fl.flowi6_mark;
	/* IPv6 would drop what exceeds the path MTU; fragment it instead. */
	skb->ignore_df = 1;
	udp_tunnel6_xmit_skb(dst, sk, skb, skb->dev, &fl.saddr, &fl.daddr, ds,
			     ip6_dst_hoplimit(dst), 0, fl.fl6_sport,
			     fl.fl6_dport, false);
	rcu_read_unlock_bh();
	return 0;

err:
	rcu_read_unlock_bh();
	kfree_skb(skb);
	return ret;
}

static int ztnet_send_family(struct ztnet_device *zt, struct sk_buff *skb,
			     const struct ztnet_endpoint *ep, u8 ds,
			     struct dst_cache *cache, bool *stale)
{
	switch (ep->addr.sa_family) {
	case AF_INET:
		return ztnet_send4(zt, skb, ep, ds, cache, stale);
	case AF_INET6:
		return ztnet_send6(zt, skb, ep, ds, cache, stale);
	}
	kfree_skb(skb);
	return -EDESTADDRREQ;
}

/*
 * Sends @skb to @ep and consumes it.  *@stale is set when the sticky
 * source had to be left out, for the caller to forget it.
 */
static int ztnet_send(struct ztnet_device *zt, struct sk_buff *skb,
		      const struct ztnet_endpoint *ep, u8 ds,
		      struct dst_cache *cache, bool *stale)
{
	/* Read now: the IP layer takes over the control buffer. */
	u8 nest = ZTNET_CB(skb)->nest;
	struct ztnet_send_nest *slot, outer;
	int ret;

	/* Queued skbs may still point at their neighbours. */
	skb_mark_not_on_list(skb);
	/*
	 * Every message counts in the device's tx statistics, handshakes and
	 * cookie replies too, as WireGuard counts them: the tunnel counts
	 * skb->dev's from the inner network header on, so make that the whole
	 * message.
	 */
	skb->dev = zt->dev;
	skb_set_inner_network_header(skb, 0);

	local_bh_disable();
	slot = this_cpu_ptr(&ztnet_send_nest);
	/* Kept and put back, should a send ever run within a send. */
	outer = *slot;
	slot->task = current;
	slot->depth = nest + 1;
	ret = ztnet_send_family(zt, skb, ep, ds, cache, stale);
	/* On PREEMPT_RT another task's send may have taken the slot since. */
	if (slot->task == current)
		*slot = outer;
	local_bh_enable();
	return ret;
}

static bool ztnet_endpoint4_eq(const struct ztnet_endpoint *a,
			       const struct ztnet_endpoint *b)
{
	return a->addr4.sin_addr.s_addr == b->addr4.sin_addr.s_addr &&
	       a->addr4.sin_port == b->addr4.sin_port &&
	       a->src4.s_addr == b->src4.s_addr &&
	       a->src_if4 == b->src_if4;
}

static bool ztnet_endpoint6_eq(const struct ztnet_endpoint *a,
			       const struct ztnet_endpoint *b)
{
	return ipv6_addr_equal(&a->addr6.sin6_addr, &b->addr6.sin6_addr) &&
	       a->addr6.sin6_port == b->addr6.sin6_port &&
	       a->addr6.sin6_scope_id == b->addr6.sin6_scope_id &&
	       ipv6_addr_equal(&a->src6, &b->src6);
}

/* Same peer address and same source: nothing a route depends on differs. */
static bool ztnet_endpoint_eq(const struct ztnet_endpoint *a,
			      const struct ztnet_endpoint *b)
{
	if (a->addr.sa_family != b->addr.sa_family)
		return false;
	if (a->addr.sa_family == AF_INET)
		return ztnet_endpoint4_eq(a, b);
	if (a->addr.sa_family == AF_INET6)
		return ztnet_endpoint6_eq(a, b);
	return true;
}

/* Both sources share storage: clearing the larger clears either. */
static void ztnet_clear_src_locked(struct ztnet_peer *peer)
{
	BUILD_BUG_ON(sizeof(peer->endpoint.src6) <
		     sizeof(peer->endpoint.src4) + sizeof(peer->endpoint.src_if4));
	memset(&peer->endpoint.src6, 0, sizeof(peer->endpoint.src6));
	dst_cache_reset(&peer->endpoint_cache);
}

/*
 * Forgets a sticky source that a send could not use, unless roaming has
 * replaced the endpoint in the meantime: the new one is left alone.
 */
static void ztnet_forget_stale_src(struct ztnet_peer *peer,
				   const struct ztnet_endpoint *used)
{
	write_lock_bh(&peer->endpoint_lock);
	if (ztnet_endpoint_eq(&peer->endpoint, used))
		ztnet_clear_src_locked(peer);
	write_unlock_bh(&peer->endpoint_lock);
}

int ztnet_socket_send_skb_to_peer(struct ztnet_peer *peer, struct sk_buff *skb,
				  u8 ds)
{
	struct ztnet_endpoint used;
	unsigned int len = skb->len;
	bool stale = false;
	int ret;

	read_lock_bh(&peer->endpoint_lock);
	ret = ztnet_send(peer->device, skb, &peer->endpoint, ds,
			 &peer->endpoint_cache, &stale);
	if (likely(!ret))
		ztnet_peer_add_tx_bytes(peer, len);
	if (unlikely(stale))
		used = peer->endpoint;
	read_unlock_bh(&peer->endpoint_lock);

	/* The source can only be cleared once the read lock is dropped. */
	if (unlikely(stale))
		ztnet_forget_stale_src(peer, &used);
	return ret;
}

static struct sk_buff *ztnet_skb_from_buffer(const void *buffer, size_t len)
{
	struct sk_buff *skb;

	/* No UDP datagram is larger; this also keeps alloc_skb's size sane. */
	if (unlikely(len > U16_MAX))
		return ERR_PTR(-EMSGSIZE);
	skb = alloc_skb(ZTNET_OUTER_HEADER_LEN + len, GFP_ATOMIC);
	if (unlikely(!skb))
		return ERR_PTR(-ENOMEM);
	skb_reserve(skb, ZTNET_OUTER_HEADER_LEN);
	skb_put_data(skb, buffer, len);
	return skb;
}

int ztnet_socket_send_buffer_to_peer(struct ztnet_peer *peer, void *buffer,
				     size_t len, u8 ds)
{
	struct sk_buff *skb = ztnet_skb_from_buffer(buffer, len);

	if (IS_ERR(skb))
		return PTR_ERR(skb);
	return ztnet_socket_send_skb_to_peer(peer, skb, ds);
}

int ztnet_socket_send_buffer_as_reply_to_skb(struct ztnet_device *zt,
					     struct sk_buff *in_skb,
					     void *buffer, size_t len)
{
	struct ztnet_endpoint endpoint;
	struct sk_buff *skb;
	bool stale = false;
	int ret;

	ret = ztnet_socket_endpoint_from_skb(&endpoint, in_skb);
	if (ret)
		return ret;
	skb = ztnet_skb_from_buffer(buffer, len);
	if (IS_ERR(skb))
		return PTR_ERR(skb);
	/* No peer, so no route cache, and no sticky source to forget. */
	return ztnet_send(zt, skb, &endpoint, 0, NULL, &stale);
}

static void ztnet_endpoint4_from_skb(struct ztnet_endpoint *endpoint,
				     const struct sk_buff *skb)
{
	endpoint->addr4.sin_family = AF_INET;
	endpoint->addr4.sin_port = udp_hdr(skb)->source;
	endpoint->addr4.sin_addr.s_addr = ip_hdr(skb)->saddr;
	endpoint->src4.s_addr = ip_hdr(skb)->daddr;
	endpoint->src_if4 = skb->skb_iif;
}

static void ztnet_endpoint6_from_skb(struct ztnet_endpoint *endpoint,
				     const struct sk_buff *skb)
{
	const struct in6_addr *saddr = &ipv6_hdr(skb)->saddr;

	endpoint->addr6.sin6_family = AF_INET6;
	endpoint->addr6.sin6_port = udp_hdr(skb)->source;
	endpoint->addr6.sin6_addr = *saddr;
	/* A link-local peer is known only together with its link. */
	endpoint->addr6.sin6_scope_id =
		ipv6_iface_scope_id(saddr, skb->skb_iif);
	endpoint->src6 = ipv6_hdr(skb)->daddr;
}

int ztnet_socket_endpoint_from_skb(struct ztnet_endpoint *endpoint,
				   const struct sk_buff *skb)
{
	memset(endpoint, 0, sizeof(*endpoint));
	if (skb->protocol == htons(ETH_P_IP) && ip_hdr(skb)->version == 4) {
		ztnet_endpoint4_from_skb(endpoint, skb);
		return 0;
	}
	if (skb->protocol == htons(ETH_P_IPV6) &&
	    ipv6_hdr(skb)->version == 6) {
		ztnet_endpoint6_from_skb(endpoint, skb);
		return 0;
	}
	return -EINVAL;
}

/* For ztnet_skb_dbg (log.h): an unknown source prints as invalid. */
const struct sockaddr *ztnet_log_skb_src(struct ztnet_endpoint *src,
					 const struct sk_buff *skb)
{
	ztnet_socket_endpoint_from_skb(src, skb);
	return &src->addr;
}

void ztnet_socket_set_peer_endpoint(struct ztnet_peer *peer,
				    const struct ztnet_endpoint *endpoint)
{
	bool same;

	if (endpoint->addr.sa_family != AF_INET &&
	    endpoint->addr.sa_family != AF_INET6)
		return;

	/*
	 * Roaming asks on every packet, and the answer is nearly always the
	 * same: compare with no lock at all first.  A read torn by a writer
	 * can at worst skip one update, which the next packet from the new
	 * address makes; under the lock the comparison is made again.
	 */
	if (data_race(ztnet_endpoint_eq(&peer->endpoint, endpoint)))
		return;

	write_lock_bh(&peer->endpoint_lock);
	same = ztnet_endpoint_eq(&peer->endpoint, endpoint);
	if (!same) {
		peer->endpoint = *endpoint;
		dst_cache_reset(&peer->endpoint_cache);
	}
	write_unlock_bh(&peer->endpoint_lock);
}

void ztnet_socket_set_peer_endpoint_from_skb(struct ztnet_peer *peer,
					     const struct sk_buff *skb)
{
	struct ztnet_endpoint endpoint;

	if (!ztnet_socket_endpoint_from_skb(&endpoint, skb))
		ztnet_socket_set_peer_endpoint(peer, &endpoint);
}

void ztnet_socket_clear_peer_endpoint_src(struct ztnet_peer *peer)
{
	write_lock_bh(&peer->endpoint_lock);
	ztnet_clear_src_locked(peer);
	write_unlock_bh(&peer->endpoint_lock);
}
